/**
 * The contest store on a real redis-server: the same suite as SQLite's (test/contests/contest-store-suite.ts),
 * each test on keys of its own prefix, plus what only several writers at once can show: of many nodes claiming
 * one slot, or moving the stage from one version, exactly one wins.
 */
import { describe, expect, it } from 'vitest';
import { RedisContestStore } from '../../server/contests/redis-contest-store.ts';
import { contestStoreSuite, sampleContest, sampleSummary } from '../contests/contest-store-suite.ts';
import { redisAvailable, redisForSuite } from './redis-harness.ts';

const enabled = redisAvailable();

describe.skipIf(!enabled)('contests in Redis', () => {
  const { connect, prefix: nextPrefix } = redisForSuite();

  contestStoreSuite('Redis contest store', async () => {
    const client = await connect();
    const store = new RedisContestStore(client, { prefix: nextPrefix() });
    return { store, close: async () => store.close() };
  });

  it('gives one slot to one of many nodes claiming it at once, and one stage move of many', async () => {
    const prefix = nextPrefix('race');
    // One connection per node: the scripts, not one client's ordering, must decide.
    const stores = await Promise.all(Array.from({ length: 6 }, async () => new RedisContestStore(await connect(), { prefix })));
    const record = sampleContest();
    expect(await stores[0]!.create(record, 10)).toEqual({ ok: true });
    const claims = await Promise.all(stores.map((store, i) => store.claimSlot(record.code, 's1', `ROOM0${i}`, 100 + i)));
    const winners = claims.flatMap((claim, i) => (claim.ok ? [`ROOM0${i}`] : []));
    expect(winners).toHaveLength(1);
    for (const claim of claims) if (!claim.ok) expect(claim).toEqual({ ok: false, reason: 'open', roomCode: winners[0] });
    const moves = await Promise.all(stores.map((store, i) => store.setStage(record.code, 0, { stage: 'question', index: i, deadline: null }, 200)));
    expect(moves.filter((move) => move !== null)).toHaveLength(1);
    const stored = await stores[3]!.get(record.code);
    expect(stored?.stageVersion).toBe(1);
    expect(moves.find((move) => move !== null)).toEqual(stored);
    // Summaries written out of order by several nodes: the highest sequence stays.
    const writes = await Promise.all(stores.map((store, i) => store.writeSummary(record.code, sampleSummary('s1', winners[0]!, [3, 9, 1, 7, 2, 5][i]!, i))));
    expect(writes.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    expect((await stores[5]!.summaries(record.code)).map((s) => s.seq)).toEqual([9]);
  });

  it('keeps the contest as JSON in one hash and the room keys findable by key only', async () => {
    const client = await connect();
    const prefix = nextPrefix('keys');
    const store = new RedisContestStore(client, { prefix });
    const record = sampleContest();
    await store.create(record, 10);
    const keys = (await client.keys(`${prefix}*`)).sort();
    expect(keys).toEqual(
      [`${prefix}contest:${record.code}`, `${prefix}contests:${record.ownerHash}`, ...record.slots.map((slot) => `${prefix}room-key:${slot.roomKey}`)].sort(),
    );
    await store.setStage(record.code, 0, { stage: 'ended', endedAt: 500 }, 500);
    expect(await store.purgeEndedBefore(501)).toBe(1);
    expect(await client.keys(`${prefix}*`)).toEqual([]);
  });
});
