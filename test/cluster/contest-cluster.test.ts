/**
 * A contest across cluster nodes: two nodes (production server processes on one real redis-server), the
 * contest's two rooms on different nodes (a room runs on the node its teacher created it on), phones
 * spread over both. The node of one room is killed with SIGKILL in the middle of a lockstep question:
 * the other node takes the room over, its hub catches the room up with the contest, and the contest
 * plays to the end with no acknowledged answer lost and one board, the same from every node, that
 * agrees with the two room reports. An own-pace contest does the same through a graceful stop of a
 * node, and a node started afterwards serves the very same board.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ContestBoard, ContestResult, ContestStage } from '../../shared/protocol/contests.ts';
import type { RoomReport } from '../../shared/protocol/index.ts';
import type { ChildServer } from '../durability/child-server.ts';
import { combinedRanking, contestSet } from '../contests/support.ts';
import { call, dataOf } from '../sets/set-http.ts';
import { Bot, Device, playToPodium, sleep } from './cluster-game.ts';
import { flushRedis, logsOf, startNodes } from './cluster-nodes.ts';
import { type RedisServer, redisAvailable, startRedis } from './redis-harness.ts';

const enabled = redisAvailable();
const PER_ROOM = 8;

let redis: RedisServer;
let workDir: string;
const running: ChildServer[] = [];
const devices: Device[] = [];

function track<T extends Device>(device: T): T {
  devices.push(device);
  return device;
}

/** An HTTP request to the first live node of `urls` that answers (a dead one refuses the connection). */
async function ask(urls: string[], dead: Set<number>, method: string, route: string, options: Parameters<typeof call>[3] = {}) {
  let last: unknown;
  for (let attempt = 0; attempt < 20; attempt++) {
    for (let i = 0; i < urls.length; i++) {
      if (dead.has(i)) continue;
      try {
        return await call(urls[i]!, method, route, options);
      } catch (err) {
        last = err;
      }
    }
    await sleep(200);
  }
  throw last;
}

async function report(url: string, code: string, hostToken: string): Promise<RoomReport> {
  return dataOf<RoomReport>(await call(url, 'GET', `/api/rooms/${code}/report.json`, { key: hostToken }));
}

describe.skipIf(!enabled)('a contest across cluster nodes', () => {
  beforeAll(async () => {
    redis = await startRedis();
    workDir = mkdtempSync(path.join(tmpdir(), 'arena-contest-cluster-'));
  });
  afterEach(async () => {
    for (const device of devices.splice(0)) device.close();
    await Promise.all(running.splice(0).map((node) => node.stop('SIGKILL')));
    await flushRedis(redis.url);
  });
  afterAll(async () => {
    await redis?.destroy();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('plays a lockstep contest of two rooms on two nodes, one node killed mid-question: no acknowledged answer lost, one board', { timeout: 180_000 }, async () => {
    // A short lease: the room of the dead node is taken over about 2 s after the kill.
    const nodes = await startNodes(workDir, redis.url, 'contest', 2, { LEASE_TTL_MS: '2000' });
    running.push(...nodes);
    const urls = nodes.map((n) => n.url);
    const dead = new Set<number>();

    // The organizer works on node 1; its set and contest are in Redis, so node 0 opens rooms of it too.
    const key = dataOf<{ key: string }>(await call(urls[1]!, 'POST', '/api/teacher-keys')).key;
    const setId = dataOf<{ set: { id: string } }>(await call(urls[1]!, 'POST', '/api/sets', { key, json: contestSet() })).set.id;
    const created = dataOf<ContestResult>(
      await call(urls[1]!, 'POST', '/api/contests', {
        key,
        json: { title: 'Cluster final', setId, rooms: [{ label: 'Class A' }, { label: 'Class B' }], pacing: 'lockstep', ranking: 'players', timeLimitSec: 40, speedBonus: false, lang: 'en' },
      }),
    ).contest;
    const [slotA, slotB] = created.rooms;

    // Room A on node 0, room B on node 1: each teacher's screen creates the room on its own node.
    const hostA = track(new Device('host-a', urls, 0, dead));
    const hostB = track(new Device('host-b', urls, 1, dead));
    await Promise.all([hostA.open(), hostB.open()]);
    const roomA = await hostA.ok<{ code: string; hostToken: string }>('room:create', { config: { capacity: 50 }, contest: { roomKey: slotA!.roomKey } });
    const roomB = await hostB.ok<{ code: string; hostToken: string }>('room:create', { config: { capacity: 50 }, contest: { roomKey: slotB!.roomKey } });
    hostA.token = roomA.hostToken;
    hostB.token = roomB.hostToken;
    // The room of another node's key is refused a second time from any node: one live room per slot.
    const second = track(new Device('host-a2', urls, 1, dead));
    await second.open();
    expect(await second.call('room:create', { config: {}, contest: { roomKey: slotA!.roomKey } })).toMatchObject({ ok: false, error: { code: 'contest_room_open' } });

    // Question 1: in room A the even phones answer at once, the odd ones after node 0 has died (and
    // the room has moved to node 1); everyone else answers at once.
    const delay = (index: number, q: number) => (q === 0 && index < 100 && index % 2 === 1 ? 7000 : 150 + (index % 5) * 60);
    const botsA = Array.from({ length: PER_ROOM }, (_, i) => track(new Bot(i, urls, i % 2, dead, delay)));
    const botsB = Array.from({ length: PER_ROOM }, (_, i) => track(new Bot(100 + i, urls, (i + 1) % 2, dead, delay)));
    for (const bot of botsA) await bot.join(roomA.code);
    for (const bot of botsB) await bot.join(roomB.code);

    // Every board any node served (each carries the stage it was computed at).
    const boards: ContestBoard[] = [];
    const organizer = async () => dataOf<ContestResult>(await ask(urls, dead, 'GET', `/api/contests/${created.code}`, { key })).contest;
    const boardFrom = async (i: number) => dataOf<ContestBoard>(await call(urls[i]!, 'GET', `/api/contests/${created.code}/board`));
    const watch = async () => {
      for (let i = 0; i < urls.length; i++) if (!dead.has(i)) boards.push(await boardFrom(i));
    };
    const waitStage = async (match: (stage: ContestStage) => boolean, timeoutMs = 60_000) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        await watch();
        const { stage } = await organizer();
        if (match(stage)) return stage;
        if (Date.now() > until) throw new Error(`contest stage stuck at ${JSON.stringify(stage)}`);
        await sleep(250);
      }
    };

    dataOf(await ask(urls, dead, 'POST', `/api/contests/${created.code}/control`, { key, json: { action: 'start' } }));
    let killedAt = 0;
    const items = contestSet().items.length;
    for (let i = 0; i < items; i++) {
      if (i === 0) {
        await hostA.waitPhase((p) => p.phase === 'question' && p.index === 0);
        const early = botsA.filter((b) => b.index % 2 === 0);
        while (early.some((b) => b.acked.length === 0) || botsB.some((b) => b.acked.length === 0)) await sleep(50);
        // Mid-question: room B holds (all its phones answered), room A still waits for half of them.
        dead.add(0);
        killedAt = Date.now();
        await nodes[0]!.stop('SIGKILL');
      }
      await waitStage((stage) => stage.stage === 'reveal' && stage.index === i, 90_000);
      // Both rooms reveal it, wherever they now run.
      await Promise.all([hostA, hostB].map((host) => host.waitPhase((p) => p.phase === 'reveal' && p.index === i)));
      dataOf(await ask(urls, dead, 'POST', `/api/contests/${created.code}/control`, { key, json: { action: 'next' } }));
    }
    await waitStage((stage) => stage.stage === 'ended');
    await Promise.all([hostA, hostB].map((host) => host.waitPhase((p) => p.phase === 'podium')));

    // Room A moved to node 1 once, within a few seconds of the kill; node 1's hub went on with it.
    const takeovers = logsOf(nodes[1]!, 'room taken over').filter((entry) => entry.room === roomA.code);
    expect(takeovers).toHaveLength(1);
    expect(Number(takeovers[0]!.time) - killedAt).toBeLessThan(15_000);
    expect(logsOf(nodes[1]!, 'contest question released in every room').map((entry) => entry.index)).toEqual([0, 1, 2]);

    // No acknowledged answer lost: every one is in its room's report.
    const reports = [
      { label: 'Class A', report: await report(urls[1]!, roomA.code, roomA.hostToken), bots: botsA },
      { label: 'Class B', report: await report(urls[1]!, roomB.code, roomB.hostToken), bots: botsB },
    ];
    for (const { report: result, bots } of reports) {
      expect(result.room.phase).toBe('podium');
      const saved = new Set(result.players.flatMap((p) => p.answers.map((a) => `${p.name}|${a.questionId}|${a.answer}`)));
      const acked = bots.flatMap((b) => b.acked);
      // Everyone answered every question: half of room A's first answers after the takeover.
      expect(acked).toHaveLength(PER_ROOM * items);
      for (const answer of acked) expect(saved, `${answer.player} ${answer.questionId}`).toContain(`${answer.player}|${answer.questionId}|${answer.answer}`);
      expect(result.questions.map((q) => q.closedBy)).toEqual(Array(items).fill('all-answered'));
    }
    expect([...botsA, ...botsB].flatMap((b) => b.failures)).toEqual([]);

    // One board: the same from the node that ran both rooms at the end as the ranking of the two reports combined.
    // The hubs write a room's summary on their next turn (every 500 ms): the board catches up with the podiums.
    let final = await boardFrom(1);
    for (let attempt = 0; attempt < 40 && final.rooms.some((r) => r.status !== 'podium'); attempt++) {
      await sleep(250);
      final = await boardFrom(1);
    }
    expect(final.stage.stage).toBe('ended');
    expect(final.players.map((p) => ({ name: p.name, roomLabel: p.roomLabel, score: p.score, rank: p.rank }))).toEqual(combinedRanking(reports));
    expect(final.totalPlayers).toBe(2 * PER_ROOM);
    expect(final.rooms.map((r) => [r.label, r.status, r.players])).toEqual([
      ['Class A', 'podium', PER_ROOM],
      ['Class B', 'podium', PER_ROOM],
    ]);
    for (const [index, question] of final.questions.entries()) {
      const answered = reports.reduce((sum, { report: result }) => {
        const id = result.questions[index]!.questionId;
        return sum + result.players.filter((p) => p.answers.some((a) => a.questionId === id && a.answer !== null)).length;
      }, 0);
      expect(question, `question ${index}`).toMatchObject({ index, answered });
    }
    // While a question was open somewhere, no board of either node showed its statistics.
    expect(boards.length).toBeGreaterThan(0);
    for (const board of boards) {
      const stage = board.stage;
      if (stage.stage !== 'question') continue;
      for (let q = stage.index; q < items; q++) expect(board.questions[q] ?? null, `board during question ${stage.index}`).toBeNull();
    }
  });
  it('plays an own-pace contest across two nodes through a graceful stop, and a node started later serves the same board', { timeout: 180_000 }, async () => {
    const nodes = await startNodes(workDir, redis.url, 'own-pace', 2, { LEASE_TTL_MS: '2000' });
    running.push(...nodes);
    const urls = nodes.map((n) => n.url);
    const dead = new Set<number>();
    const key = dataOf<{ key: string }>(await call(urls[0]!, 'POST', '/api/teacher-keys')).key;
    const setId = dataOf<{ set: { id: string } }>(await call(urls[1]!, 'POST', '/api/sets', { key, json: contestSet() })).set.id;
    const created = dataOf<ContestResult>(
      await call(urls[0]!, 'POST', '/api/contests', {
        key,
        json: { title: 'Own pace across nodes', setId, rooms: [{ label: 'Class A' }, { label: 'Class B' }], pacing: 'own-pace', ranking: 'players', timeLimitSec: 20, speedBonus: false, lang: 'en' },
      }),
    ).contest;
    const hosts = [track(new Device('host-a', urls, 0, dead)), track(new Device('host-b', urls, 1, dead))];
    await Promise.all(hosts.map((host) => host.open()));
    const rooms = await Promise.all(
      hosts.map((host, i) => host.ok<{ code: string; hostToken: string }>('room:create', { config: { capacity: 50 }, contest: { roomKey: created.rooms[i]!.roomKey } })),
    );
    hosts.forEach((host, i) => (host.token = rooms[i]!.hostToken));
    // Question 2 of room A: the odd phones answer after node 0 has handed the room over.
    const delay = (index: number, q: number) => (q === 1 && index < 100 && index % 2 === 1 ? 3000 : 150 + (index % 5) * 60);
    const bots = [
      Array.from({ length: PER_ROOM }, (_, i) => track(new Bot(i, urls, i % 2, dead, delay))),
      Array.from({ length: PER_ROOM }, (_, i) => track(new Bot(100 + i, urls, (i + 1) % 2, dead, delay))),
    ];
    for (const [r, list] of bots.entries()) for (const bot of list) await bot.join(rooms[r]!.code);

    const items = contestSet().items.length;
    let stoppedAt = 0;
    await Promise.all([
      playToPodium(hosts[0]!, items, async (i) => {
        if (i !== 1) return;
        while (bots[0]!.filter((b) => b.index % 2 === 0).some((b) => b.acked.length < 2)) await sleep(50);
        dead.add(0);
        stoppedAt = Date.now();
        expect((await nodes[0]!.stop('SIGTERM')).code).toBe(0);
      }),
      playToPodium(hosts[1]!, items),
    ]);
    const takeovers = logsOf(nodes[1]!, 'room taken over').filter((entry) => entry.room === rooms[0]!.code);
    expect(takeovers).toHaveLength(1);
    expect(Number(takeovers[0]!.time) - stoppedAt).toBeLessThan(4000);

    const reports = await Promise.all(
      rooms.map(async (room, r) => ({ label: r === 0 ? 'Class A' : 'Class B', report: await report(urls[1]!, room.code, room.hostToken), bots: bots[r]! })),
    );
    for (const { report: result, bots: list } of reports) {
      const saved = new Set(result.players.flatMap((p) => p.answers.map((a) => `${p.name}|${a.questionId}|${a.answer}`)));
      const acked = list.flatMap((b) => b.acked);
      // A phone still reconnecting from the stopped node may find a question closed by everyone else's
      // answers (own pace waits for no one away): that answer was refused, never acknowledged.
      expect(acked.length).toBeGreaterThanOrEqual(PER_ROOM * items - list.filter((b) => b.moves > 0).length);
      for (const answer of acked) expect(saved, `${answer.player} ${answer.questionId}`).toContain(`${answer.player}|${answer.questionId}|${answer.answer}`);
    }
    // Room A's second question: half its phones answered before the stop, the other half on the new owner.
    const secondA = reports[0]!.report.questions[1]!.questionId;
    expect(bots[0]!.flatMap((b) => b.acked).filter((a) => a.questionId === secondA)).toHaveLength(PER_ROOM);
    expect(bots.flat().flatMap((b) => b.failures)).toEqual([]);

    // Both rooms finished: the board has caught up once both show their podium, with every question's figures.
    const boardFrom = async (url: string) => dataOf<ContestBoard>(await call(url, 'GET', `/api/contests/${created.code}/board`));
    let board = await boardFrom(urls[1]!);
    for (let attempt = 0; attempt < 40 && board.rooms.some((r) => r.status !== 'podium'); attempt++) {
      await sleep(250);
      board = await boardFrom(urls[1]!);
    }
    expect(board.rooms.map((r) => r.status)).toEqual(['podium', 'podium']);
    expect(board.players.map((p) => ({ name: p.name, roomLabel: p.roomLabel, score: p.score, rank: p.rank }))).toEqual(combinedRanking(reports));
    expect(board.questions.every((q) => q !== null)).toBe(true);
    // A node that never ran either room serves the same board, read from Redis.
    const [later] = await startNodes(workDir, redis.url, 'own-pace-later', 1);
    running.push(later!);
    const again = await boardFrom(later!.url);
    expect({ ...again, serverNow: 0 }).toEqual({ ...(await boardFrom(urls[1]!)), serverNow: 0 });
  });
});
