import { describe, expect, it } from 'vitest';
import { hashToken, newNameSeed, newPlayerId, newToken, roomCodeOfToken } from '../../server/room/secrets.ts';

describe('ids and tokens from the pooled random bytes', () => {
  it('never hands out the same bytes twice, across refills of the pool', () => {
    // 2,000 tokens (32 bytes) and ids (9 bytes) draw about 80 KB: the 4 KB pool is refilled about 20 times.
    const tokens = new Set(Array.from({ length: 2000 }, () => newToken('ABCDEF')));
    const ids = new Set(Array.from({ length: 2000 }, () => newPlayerId()));
    expect(tokens.size).toBe(2000);
    expect(ids.size).toBe(2000);
    for (const token of tokens) expect(roomCodeOfToken(token)).toBe('ABCDEF');
    for (const id of ids) expect(id).toMatch(/^p_[A-Za-z0-9_-]{12}$/);
    // A token's 43 characters carry 32 bytes; their characters are spread over the whole alphabet.
    const chars = new Set([...tokens].flatMap((t) => [...t.slice(7)]));
    expect(chars.size).toBe(64);
    expect(hashToken([...tokens][0]!)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('draws name seeds over the whole 32-bit range', () => {
    const seeds = Array.from({ length: 1000 }, () => newNameSeed());
    expect(new Set(seeds).size).toBeGreaterThan(990);
    expect(Math.max(...seeds)).toBeGreaterThan(2 ** 31);
  });
});
