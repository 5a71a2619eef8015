/**
 * English strings of the question-set library (/library, /shared/:token) and the host set-up's set picker, fetched with those pages.
 * library-zh-CN.ts must define every key.
 */
export const libraryEn = {
  'library.loading': 'Loading…',
};
export type LibraryMessageKey = keyof typeof libraryEn;
