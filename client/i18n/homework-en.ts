/**
 * English strings of homework (the student page /hw/:code, the teacher pages /assignments), fetched with those pages.
 * homework-zh-CN.ts must define every key.
 */
export const homeworkEn = {
  'homework.loading': 'Loading…',
} as const;

export type HomeworkMessageKey = keyof typeof homeworkEn;
