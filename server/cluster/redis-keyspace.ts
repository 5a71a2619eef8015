/**
 * What every Redis-backed store shares: its keys under one prefix (`arena:` unless told), parts joined
 * by `:`, and the reading of a hash a Lua script returns.
 */
import type { RedisClient } from './redis-store.ts';

export abstract class RedisKeyspace {
  protected readonly prefix: string;

  constructor(
    protected readonly client: RedisClient,
    options: { prefix?: string } = {},
  ) {
    this.prefix = options.prefix ?? 'arena:';
  }

  protected key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }
}

/** HGETALL's reply inside a script: a flat list of fields and values. */
export function hashFromPairs(flat: unknown): Record<string, string> {
  const list = flat as string[];
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) hash[list[i]!] = list[i + 1]!;
  return hash;
}
