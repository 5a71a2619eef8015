/**
 * English strings of the Relay screens (projector and phone), fetched only in relay rooms.
 * relay-zh-CN.ts must define every key.
 */
export const relayEn = {
  'relay.loading': 'Loading…',
} as const;

export type RelayMessageKey = keyof typeof relayEn;
