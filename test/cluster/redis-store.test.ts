/**
 * The Redis room store against a real redis-server: a room's journal written asynchronously
 * reads back as the same state, a writer that lost its place (a node that lost its lease)
 * is refused rather than forking the log, and a code is never given twice.
 */
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRoomStore } from '../../server/cluster/redis-store.ts';
import { Room } from '../../server/room/room.ts';
import { RoomConfigSchema } from '../../shared/protocol/index.ts';
import { FakeClock, FakeTransport, checkpointTaken, silentLogger } from '../room/support.ts';
import { type RedisServer, redisAvailable, startRedis } from './redis-harness.ts';

const enabled = redisAvailable();

describe.skipIf(!enabled)('rooms in Redis', () => {
  let redis: RedisServer;
  let client: ReturnType<typeof createClient>;
  let store: RedisRoomStore;

  beforeAll(async () => {
    redis = await startRedis();
    client = createClient({ url: redis.url });
    await client.connect();
    store = new RedisRoomStore(client, silentLogger, { retentionMs: 60_000 });
  });

  afterAll(async () => {
    await client?.close();
    await redis?.destroy();
  });

  function createRoom(code: string, clock: FakeClock, transport: FakeTransport) {
    return Room.create({
      code,
      seed: 7,
      config: RoomConfigSchema.parse({ questionCount: 2, kinds: ['forward'], timeLimitSec: 30 }),
      idleTtlMs: 3600_000,
      clock,
      transport,
      logger: silentLogger,
      presenceIntervalMs: 0,
      endedLingerMs: 60_000,
      journal: store.journalFor(code, 0),
    });
  }

  it('reads a room back as it was after every acknowledged event, and refuses a stale writer', async () => {
    const clock = new FakeClock();
    const transport = new FakeTransport();
    const { room } = createRoom('REDIS1', clock, transport);
    expect(await room.durable()).toBe(true);
    transport.connection('h');
    room.attachHost('h');
    for (let i = 0; i < 5; i++) {
      transport.connection(`p${i}`);
      expect(room.join(`p${i}`, `Player ${i}`, null).ok).toBe(true);
    }
    expect(room.request('h', { type: 'game:start' }).ok).toBe(true);
    await checkpointTaken(room);
    const phase = room.current.phase;
    if (phase.phase !== 'question') throw new Error('expected a question');
    const questionId = room.current.questions[phase.index]!.id;
    const submit = (connection: string, answer: string) => {
      const result = room.request(connection, { type: 'answer:submit', questionId, answer, step: null });
      return result.ok ? 'accepted' : result.error.code;
    };
    for (let i = 0; i < 3; i++) expect(submit(`p${i}`, `0.${i + 1}`)).toBe('accepted');
    expect(await room.durable()).toBe(true);

    const stored = await store.load('REDIS1');
    expect(stored).not.toBeNull();
    expect(JSON.parse(JSON.stringify(stored!.state))).toEqual(JSON.parse(JSON.stringify(room.current)));
    // The checkpoint at the start, then one log row per answer.
    expect(stored!.replayed).toBe(3);

    // A second writer that believes it is at an earlier point (it lost its lease meanwhile) must not write.
    const stale = store.journalFor('REDIS1', stored!.seq - 1, stored!.questions);
    await expect(stale.append({ actor: { role: 'host' }, event: { type: 'game:pause' }, now: clock.now() })).rejects.toThrow(/STALE/);
    // The room's own writer carries on.
    expect(submit('p3', '0.4')).toBe('accepted');
    expect(await room.durable()).toBe(true);
    expect((await store.load('REDIS1'))!.replayed).toBe(4);
  });

  it('reads a room that played again as its new game, without the finished game\'s questions', async () => {
    const clock = new FakeClock();
    const transport = new FakeTransport();
    const { room } = createRoom('REDIS3', clock, transport);
    transport.connection('h');
    room.attachHost('h');
    transport.connection('p');
    expect(room.join('p', 'Ada', null).ok).toBe(true);
    expect(room.request('h', { type: 'game:start' }).ok).toBe(true);
    expect(room.request('h', { type: 'game:end' }).ok).toBe(true);
    expect(room.request('h', { type: 'game:again' }).ok).toBe(true);
    expect(await room.durable()).toBe(true);
    // The store still holds the first game's question under its index; the room's current game has none yet.
    const stored = await store.load('REDIS3');
    expect(stored!.state.questions).toEqual([]);
    expect(JSON.parse(JSON.stringify(stored!.state))).toEqual(JSON.parse(JSON.stringify(room.current)));
    expect(stored!.state.pastGames?.[0]?.state.questions.map((q) => q.id)).toEqual(['q1']);
  });

  it('never gives a code twice, and lists a host its rooms', async () => {
    const clock = new FakeClock();
    const first = createRoom('REDIS2', clock, new FakeTransport());
    expect(await first.room.durable()).toBe(true);
    const second = createRoom('REDIS2', clock, new FakeTransport());
    expect(await second.room.durable()).toBe(false);
    expect(await store.hasRoom('REDIS2')).toBe(true);
    expect(await store.isLive('REDIS2')).toBe(true);
    const rows = await store.roomsForHosts([first.room.current.host.tokenHash]);
    expect(rows.map((r) => r.code)).toEqual(['REDIS2']);
  });

  it('gives a lease to one node at a time and takes it back only from its holder', async () => {
    expect(await store.acquireLease('LEASE1', 'a', 5000)).toBe(true);
    expect(await store.acquireLease('LEASE1', 'b', 5000)).toBe(false);
    expect(await store.renewLeases(['LEASE1'], 'b', 5000)).toEqual(['LEASE1']);
    expect(await store.renewLeases(['LEASE1'], 'a', 5000)).toEqual([]);
    await store.releaseLease('LEASE1', 'b');
    expect(await store.owners(['LEASE1'])).toEqual(['a']);
    await store.releaseLease('LEASE1', 'a');
    expect(await store.owners(['LEASE1'])).toEqual([null]);
    expect(await store.acquireLease('LEASE1', 'b', 5000)).toBe(true);
  });
});
