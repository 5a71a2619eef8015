import type { EditorMessageKey } from './editor-en.ts';

/** 题组编辑器界面的简体中文文字。 */
export const editorZhCN: Record<EditorMessageKey, string> = {
  'editor.loading': '正在加载…',
};
