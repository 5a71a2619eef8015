/**
 * Several nodes on one Redis, as production runs them: each node is `server/main.ts` in its
 * own process with REDIS_URL set, so a node can be killed with SIGKILL mid-game. Redis is a
 * real redis-server on a free loopback port.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JoinRoomResult, PlayerSnapshot, RoomPeek, RoomReport } from '../../shared/protocol/index.ts';
import { type ChildServer, startChildServer } from '../durability/child-server.ts';
import { Bot, CLUSTER_GAME_CONFIG, Device, playToPodium, sleep } from './cluster-game.ts';
import { type RedisServer, redisAvailable, startRedis } from './redis-harness.ts';

const enabled = redisAvailable();
const BOTS = 30;

let redis: RedisServer;
let workDir: string;
const running: ChildServer[] = [];
const devices: Device[] = [];

async function startNodes(count: number, env: Record<string, string> = {}): Promise<ChildServer[]> {
  const nodes = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      startChildServer(path.join(workDir, `node-${running.length + i}`), {
        LOG_LEVEL: 'info',
        NODE_ID: `node-${running.length + i}`,
        ...(env.REDIS_URL === '' ? {} : { REDIS_URL: redis.url }),
        ROOMS_PER_MINUTE: '1000',
        REQUESTS_PER_SECOND: '1000',
        ANSWERS_PER_SECOND: '1000',
        ROOM_JOINS_PER_SECOND: '1000',
        JOIN_MISSES_PER_MINUTE: '1000',
        // The same problems on every run, so two runs of the same bots can be compared.
        ROOM_SEED: '20261127',
        ...env,
      }),
    ),
  );
  running.push(...nodes);
  return nodes;
}

function track<T extends Device>(device: T): T {
  devices.push(device);
  return device;
}

async function report(url: string, code: string, hostToken: string): Promise<RoomReport> {
  const response = await fetch(`${url}/api/rooms/${code}/report.json`, { headers: { Authorization: `Bearer ${hostToken}` } });
  const body = (await response.json()) as { ok: boolean; data: RoomReport };
  if (!body.ok) throw new Error(`report refused: ${JSON.stringify(body)}`);
  return body.data;
}

/** A host and 30 bots spread over the nodes; returns them with the room code and host token. */
async function seatGame(urls: string[], dead: Set<number>, delay: (index: number, q: number) => number) {
  const host = track(new Device('host', urls, 0, dead));
  await host.open();
  const created = await host.ok<{ code: string; hostToken: string }>('room:create', { config: CLUSTER_GAME_CONFIG });
  host.token = created.hostToken;
  const bots = Array.from({ length: BOTS }, (_, i) => track(new Bot(i, urls, i % urls.length, dead, delay)));
  for (const bot of bots) await bot.join(created.code);
  return { host, bots, code: created.code, hostToken: created.hostToken };
}

function scoresOf(result: RoomReport): Record<string, number> {
  return Object.fromEntries(result.players.map((p) => [p.name, p.score]));
}

function logsOf(node: ChildServer, msg: string): Record<string, unknown>[] {
  return node.logs.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      return entry.msg === msg ? [entry] : [];
    } catch {
      return [];
    }
  });
}

describe.skipIf(!enabled)('several nodes on one Redis', () => {
  beforeAll(async () => {
    redis = await startRedis();
    workDir = mkdtempSync(path.join(tmpdir(), 'arena-cluster-'));
  });

  afterEach(async () => {
    for (const device of devices.splice(0)) device.close();
    await Promise.all(running.splice(0).map((node) => node.stop('SIGKILL')));
    // Each test starts from an empty Redis: rooms left by a killed cluster would be taken over by the next one.
    const client = createClient({ url: redis.url });
    await client.connect();
    await client.flushAll();
    await client.close();
  });

  afterAll(async () => {
    await redis?.destroy();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('plays one game with 30 bots over three nodes and scores it as one node does', { timeout: 120_000 }, async () => {
    const quick = (index: number) => 50 + (index % 10) * 20;
    const nodes = await startNodes(3);
    const urls = nodes.map((n) => n.url);
    const game = await seatGame(urls, new Set(), quick);
    // The host is on the room's own node: as on one node, an event's frames arrive before its ack.
    await game.host.ok('game:start', {});
    expect(game.host.phase?.phase).toBe('question');
    await playToPodium(game.host, 3, undefined, { started: true });
    // Every node answers the report, from Redis or from memory.
    const reports = await Promise.all(urls.map((url) => report(url, game.code, game.hostToken)));
    const clustered = scoresOf(reports[0]!);
    for (const other of reports.slice(1)) expect(scoresOf(other)).toEqual(clustered);
    expect(game.bots.flatMap((b) => b.failures)).toEqual([]);
    expect(Object.keys(clustered)).toHaveLength(BOTS);
    expect(Object.values(clustered).some((score) => score > 0)).toBe(true);

    // The same bots and answers against one embedded node (SQLite, no Redis).
    for (const device of devices.splice(0)) device.close();
    const [single] = await startNodes(1, { REDIS_URL: '' });
    const alone = await seatGame([single!.url], new Set(), quick);
    await playToPodium(alone.host, 3);
    expect(scoresOf(await report(single!.url, alone.code, alone.hostToken))).toEqual(clustered);
  });

  it('goes on when the owner node is killed mid-question, and loses no acknowledged answer', { timeout: 150_000 }, async () => {
    const nodes = await startNodes(3);
    const urls = nodes.map((n) => n.url);
    const dead = new Set<number>();
    // Question 1: even bots answer at once, odd ones after the owner has died; later questions at once.
    const delay = (index: number, q: number) => (q === 0 && index % 2 === 1 ? 9000 : 100 + (index % 5) * 50);
    const game = await seatGame(urls, dead, delay);
    let killedAt = 0;
    await playToPodium(game.host, 3, async (i) => {
      if (i !== 0) return;
      const early = game.bots.filter((b) => b.index % 2 === 0);
      while (early.some((b) => b.acked.length === 0)) await sleep(50);
      // The room runs on the node that created it (the host's, node 0).
      dead.add(0);
      killedAt = Date.now();
      await nodes[0]!.stop('SIGKILL');
    });
    const takeovers = [nodes[1]!, nodes[2]!].flatMap((node) => logsOf(node, 'room taken over')).filter((entry) => entry.room === game.code);
    expect(takeovers).toHaveLength(1);
    expect(Number(takeovers[0]!.time) - killedAt).toBeLessThan(15_000);
    // Every device that was on the dead node moved to a live one.
    for (const device of [game.host, ...game.bots.filter((b) => b.index % 3 === 0)]) {
      expect(device.moves).toBeGreaterThan(0);
      expect(device.node).not.toBe(0);
    }
    const result = await report(urls[1]!, game.code, game.hostToken);
    expect(result.room.phase).toBe('podium');
    const saved = new Set(result.players.flatMap((p) => p.answers.map((a) => `${p.name}|${a.questionId}|${a.answer}`)));
    const acked = game.bots.flatMap((b) => b.acked);
    // Both halves answered question 1: before the kill and after the takeover.
    expect(acked.filter((a) => a.questionId === result.questions[0]!.questionId)).toHaveLength(BOTS);
    expect(acked.length).toBeGreaterThanOrEqual(BOTS * 3 - 3);
    for (const answer of acked) expect(saved, `${answer.player} ${answer.questionId}`).toContain(`${answer.player}|${answer.questionId}|${answer.answer}`);
    expect(game.bots.flatMap((b) => b.failures)).toEqual([]);
  });

  it('hands its rooms to another node at once when the owner stops gracefully', { timeout: 120_000 }, async () => {
    const nodes = await startNodes(3);
    const urls = nodes.map((n) => n.url);
    const dead = new Set<number>();
    const delay = (index: number, q: number) => (q === 1 && index % 2 === 1 ? 3000 : 100);
    const game = await seatGame(urls, dead, delay);
    let stoppedAt = 0;
    await playToPodium(game.host, 3, async (i) => {
      if (i !== 1) return;
      const early = game.bots.filter((b) => b.index % 2 === 0);
      while (early.some((b) => b.acked.length < 2)) await sleep(50);
      dead.add(0);
      stoppedAt = Date.now();
      expect((await nodes[0]!.stop('SIGTERM')).code).toBe(0);
    });
    const takeovers = [nodes[1]!, nodes[2]!].flatMap((node) => logsOf(node, 'room taken over')).filter((entry) => entry.room === game.code);
    expect(takeovers).toHaveLength(1);
    // The lease was given back, so the next node did not wait for it to expire (renewed each second for 5 s).
    expect(logsOf(nodes[0]!, 'leases given back')).toMatchObject([{ rooms: 1 }]);
    expect(Number(takeovers[0]!.time) - stoppedAt).toBeLessThan(4000);
    expect(game.bots.every((b) => b.acked.length === 3)).toBe(true);
    expect(game.bots.flatMap((b) => b.failures)).toEqual([]);
  });

  it('names the players of a generated-names room on its owner, peeks and re-rolls forwarded from another node, the same names after a handover', { timeout: 120_000 }, async () => {
    const nodes = await startNodes(2);
    const urls = nodes.map((n) => n.url);
    const dead = new Set<number>();
    const host = track(new Device('host', urls, 0, dead));
    await host.open();
    const created = await host.ok<{ code: string; hostToken: string }>('room:create', { config: { nicknames: 'generated', lang: 'zh-CN' } });
    const phone = track(new Device('phone', urls, 1, dead));
    await phone.open();
    expect(await phone.ok<RoomPeek>('room:peek', { code: created.code })).toMatchObject({ code: created.code, nicknames: 'generated' });
    const joined = await phone.ok<JoinRoomResult>('room:join', { code: created.code, lang: 'en' });
    phone.token = joined.token;
    expect(joined.snapshot.me.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    const { name } = await phone.ok<{ name: string }>('name:reroll', {});
    expect(name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    expect(name).not.toBe(joined.snapshot.me.name);
    expect(await phone.call('name:reroll', {})).toMatchObject({ ok: false, error: { code: 'reroll_used' } });

    // The owner hands the room over: the next owner replays the journal to the same name.
    dead.add(0);
    expect((await nodes[0]!.stop('SIGTERM')).code).toBe(0);
    const synced = await phone.ok<PlayerSnapshot>('room:sync', {});
    expect(synced.me).toMatchObject({ name, nameRerolls: 0 });
  });

  it('goes on without pause when a node that owns no room is killed', { timeout: 120_000 }, async () => {
    const nodes = await startNodes(3);
    const urls = nodes.map((n) => n.url);
    const dead = new Set<number>();
    // The others answer while node 2 dies; those of node 2 that come back answer well after the owner
    // has seen it stop beating (heartbeat TTL 5 s), so their answers are the last of the question.
    const delay = (index: number, q: number) => (q === 0 && index % 3 === 2 ? 11_000 : q === 0 ? 1200 + (index % 7) * 100 : 100);
    const game = await seatGame(urls, dead, delay);
    const onDeadNode = game.bots.filter((b) => b.index % 3 === 2);
    // Half of them come back through another node; the other half were phones that went away with it.
    const returning = onDeadNode.filter((b) => b.index % 2 === 0);
    const lost = onDeadNode.filter((b) => b.index % 2 === 1);
    for (const bot of lost) bot.lostWithNode = true;
    await playToPodium(game.host, 3, async (i) => {
      if (i !== 0) return;
      await sleep(800);
      dead.add(2);
      await nodes[2]!.stop('SIGKILL');
    });
    const survivors = game.bots.filter((b) => b.index % 3 !== 2);
    // The room never moved and never paused; the survivors' answers were taken at first asking.
    expect([nodes[0]!, nodes[1]!].flatMap((node) => logsOf(node, 'room taken over')).filter((entry) => entry.room === game.code)).toEqual([]);
    expect(game.host.phases.some((p) => p.phase === 'question' && p.paused)).toBe(false);
    expect(survivors.map((b) => b.retries)).toEqual(survivors.map(() => 0));
    expect(survivors.every((b) => b.acked.length === 3)).toBe(true);
    for (const bot of returning) {
      expect(bot.node).not.toBe(2);
      expect(bot.acked.length).toBe(3);
    }
    // The owner saw the dead node stop beating and counted its phones as away, so no question waited for
    // them until its deadline: each closed once everyone still connected had answered.
    expect(logsOf(nodes[0]!, 'nodes stopped beating; their players are away').length).toBeGreaterThan(0);
    const result = await report(urls[0]!, game.code, game.hostToken);
    expect(result.questions.map((q) => q.closedBy)).toEqual(['all-answered', 'all-answered', 'all-answered']);
    expect(result.players.filter((p) => lost.some((b) => b.name === p.name)).every((p) => p.answers.every((a) => a.answer === null))).toBe(true);
    const snapshot = await game.host.ok<{ presence: { players: number; connected: number } }>('room:sync', {});
    expect(snapshot.presence).toMatchObject({ players: BOTS, connected: BOTS - lost.length });
    expect(game.bots.flatMap((b) => b.failures)).toEqual([]);
  });

  it('recovers by itself when Redis restarts during a lobby', { timeout: 120_000 }, async () => {
    // A 2 s lease (the shortest the configuration allows is 1 s): Redis stays away until the owner's lapses.
    const nodes = await startNodes(3, { LEASE_TTL_MS: '2000' });
    const urls = nodes.map((n) => n.url);
    const dead = new Set<number>();
    const host = track(new Device('host', urls, 1, dead));
    await host.open();
    const created = await host.ok<{ code: string; hostToken: string }>('room:create', { config: CLUSTER_GAME_CONFIG });
    host.token = created.hostToken;
    const quick = () => 100;
    const before = Array.from({ length: 6 }, (_, i) => track(new Bot(i, urls, i % 3, dead, quick)));
    for (const bot of before) await bot.join(created.code);

    // Longer than the lease TTL: the owner, unable to renew its lease for a whole TTL, lets the room go (its
    // lease has lapsed in Redis too), and the room must be resumed from Redis.
    const from = nodes.map((node) => node.logs.length);
    await redis.stop();
    await Promise.any(nodes.map((node, i) => node.waitForLog((entry) => entry.msg === 'room let go' && entry.room === created.code, { from: from[i] })));
    await redis.restart();

    // Nobody restarted a node: joining, starting and playing work again.
    const after = Array.from({ length: 6 }, (_, i) => track(new Bot(6 + i, urls, i % 3, dead, quick)));
    for (const bot of after) {
      for (let attempt = 0; ; attempt++) {
        try {
          await bot.join(created.code);
          break;
        } catch (err) {
          if (attempt > 40) throw err;
          await sleep(500);
        }
      }
    }
    await playToPodium(host, 3);
    // Every node saw Redis go and come back, and carried on by itself; the owner stopped the room while it
    // could not renew its lease, and the room was resumed from Redis.
    for (const node of nodes) {
      expect(logsOf(node, 'redis connection error').length).toBeGreaterThan(0);
      expect(logsOf(node, 'redis connection back').length).toBeGreaterThan(0);
    }
    expect(nodes.flatMap((node) => logsOf(node, 'room let go')).filter((entry) => entry.room === created.code).length).toBeGreaterThan(0);
    expect(nodes.flatMap((node) => logsOf(node, 'room taken over')).filter((entry) => entry.room === created.code).length).toBeGreaterThan(0);
    const result = await report(urls[2]!, created.code, created.hostToken);
    expect(result.players.map((p) => p.name).sort()).toEqual([...before, ...after].map((b) => b.name).sort());
    expect([...before, ...after].map((b) => `${b.name}: ${b.acked.length} ${b.failures.join(',')}`)).toEqual([...before, ...after].map((b) => `${b.name}: 3 `));
  });
});

