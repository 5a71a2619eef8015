/**
 * English strings of contests (the organizer pages /contests, the board /contest/:code), fetched with those pages.
 * contest-zh-CN.ts must define every key.
 */
export const contestEn = {
  'contest.loading': 'Loading…',
} as const;

export type ContestMessageKey = keyof typeof contestEn;
