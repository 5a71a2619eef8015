import type { ContestMessageKey } from './contest-en.ts';

/** 比赛（组织者页面和比赛看板）的简体中文文字。 */
export const contestZhCN: Record<ContestMessageKey, string> = {
  'contest.loading': '正在加载…',
};
