import type { LibraryMessageKey } from './library-en.ts';

/** 题组库界面的简体中文文字。 */
export const libraryZhCN: Record<LibraryMessageKey, string> = {
  'library.loading': '正在加载…',
};
