import type { RelayMessageKey } from './relay-en.ts';

/** Relay 界面（投影和手机）的简体中文文字。 */
export const relayZhCN: Record<RelayMessageKey, string> = {
  'relay.loading': '正在加载…',
};
