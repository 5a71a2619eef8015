import type { DescentMessageKey } from './descent-en.ts';

/** Descent 界面（投影和手机）的简体中文文字。 */
export const descentZhCN: Record<DescentMessageKey, string> = {
  'descent.loading': '正在加载…',
};
