/**
 * Several nodes on one Redis, as production runs them: each node is `server/main.ts` in its
 * own process with REDIS_URL set, so a node can be killed with SIGKILL mid-game. Redis is a
 * real redis-server on a free loopback port.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RoomReport } from '../../shared/protocol.ts';
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
    await playToPodium(game.host, 3);
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
});
