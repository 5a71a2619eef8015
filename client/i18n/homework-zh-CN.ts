import type { HomeworkMessageKey } from './homework-en.ts';

/** 作业（学生作答页和教师作业页）的简体中文文字。 */
export const homeworkZhCN: Record<HomeworkMessageKey, string> = {
  'homework.loading': '正在加载…',
};
