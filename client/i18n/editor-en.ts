/**
 * English strings of the question-set editor (/library/:id), fetched with those pages.
 * editor-zh-CN.ts must define every key.
 */
export const editorEn = {
  'editor.loading': 'Loading…',
};
export type EditorMessageKey = keyof typeof editorEn;
