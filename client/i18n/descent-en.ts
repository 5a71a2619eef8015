/**
 * English strings of the Descent screens (projector and phone), fetched only in descent rooms.
 * descent-zh-CN.ts must define every key.
 */
export const descentEn = {
  'descent.loading': 'Loading…',
} as const;

export type DescentMessageKey = keyof typeof descentEn;
