/**
 * The Redis of a cluster run, in its own child process: a real redis-server started by the cluster
 * tests' harness (free loopback port, temporary directory, append-only with an fsync per write, or
 * as BENCH_REDIS_FSYNC says), and what it spent, read from `INFO` so the run can count Redis's CPU beside the nodes'.
 *
 * It lives in a child so that nothing outlives the run: the orchestrator stops it like any other
 * child (SIGTERM: Redis stops, its directory is deleted), and if the orchestrator dies without a
 * word the IPC channel closes and this process does the same. A last synchronous guard on exit
 * kills redis-server and deletes the directory whatever happened before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { startRedis } from '../cluster/redis-harness.ts';
import { serveRpc, signalReady } from './ipc.ts';
import { percentileOfSorted, sleep } from './stats.ts';

export interface RedisStats {
  /** CPU time of redis-server (user + system, all its threads). */
  cpuMs: number;
  /** Commands processed since it started. */
  commands: number;
  usedMemory: number;
  /** Entries in the Socket.IO adapter's stream (frames and room changes between nodes). */
  streamLength: number;
}

export interface RedisReady {
  url: string;
  pid: number;
  /** The temporary directory holding Redis's own. */
  dir: string;
  appendfsync: string;
}

export interface RedisProbe {
  /** PING round trips from a client of its own, one every 10 ms: how long Redis took to answer anyone (ms). */
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  count: number;
}

export interface RedisHostApi {
  stats(): Promise<RedisStats>;
  /** Start timing PING round trips (over an answer window, say). */
  probeStart(): void;
  probeStop(): Promise<RedisProbe>;
}

function infoField(info: string, name: string): number {
  const match = new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info);
  return match ? Number(match[1]) : Number.NaN;
}

// Redis's directory is made inside this one, so it is deleted even if Redis fails to start.
const scratch = mkdtempSync(join(tmpdir(), 'bench-load-redis-'));
process.env.TMPDIR = scratch;
let pid = 0;
// Whatever ends this process, redis-server and its directory go with it.
process.on('exit', () => {
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already stopped.
    }
  }
  rmSync(scratch, { recursive: true, force: true });
});
const redis = await startRedis();

const client = createClient({ url: redis.url });
client.on('error', () => {});
await client.connect();
pid = infoField(await client.info('server'), 'process_id');
// The harness fsyncs on every write (nothing acknowledged is lost); BENCH_REDIS_FSYNC=everysec measures the common trade.
const fsync = process.env.BENCH_REDIS_FSYNC;
if (fsync) await client.configSet('appendfsync', fsync);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => process.exit(1), 5000);
  try {
    await prober.close().catch(() => undefined);
    await client.close().catch(() => undefined);
    await redis.destroy();
    pid = 0;
  } finally {
    clearTimeout(force);
    process.exit(0);
  }
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

// A second connection, so the probe's PINGs queue behind nothing of this process's own.
const prober = client.duplicate();
prober.on('error', () => {});
await prober.connect();
let probing: { running: boolean; rtts: number[]; loop: Promise<void> } | null = null;

const api: RedisHostApi = {
  probeStart() {
    if (probing) return;
    const state = { running: true, rtts: [] as number[], loop: Promise.resolve() };
    state.loop = (async () => {
      while (state.running) {
        const sent = performance.now();
        await prober.ping().catch(() => undefined);
        state.rtts.push(performance.now() - sent);
        await sleep(10);
      }
    })();
    probing = state;
  },
  async probeStop() {
    const state = probing;
    probing = null;
    if (!state) return { p50Ms: null, p99Ms: null, maxMs: null, count: 0 };
    state.running = false;
    await state.loop;
    const sorted = state.rtts.sort((a, b) => a - b);
    return { p50Ms: percentileOfSorted(sorted, 50), p99Ms: percentileOfSorted(sorted, 99), maxMs: sorted.at(-1) ?? null, count: sorted.length };
  },
  async stats() {
    const [cpu, stats, memory] = await Promise.all([client.info('cpu'), client.info('stats'), client.info('memory')]);
    const streamLength = await client.xLen('socket.io').catch(() => 0);
    return {
      cpuMs: (infoField(cpu, 'used_cpu_user') + infoField(cpu, 'used_cpu_sys')) * 1000,
      commands: infoField(stats, 'total_commands_processed'),
      usedMemory: infoField(memory, 'used_memory'),
      streamLength,
    };
  },
};
// serveRpc exits on a lost IPC channel; the exit guard above then stops redis-server.
serveRpc(api);
const appendfsync = (await client.configGet('appendfsync')).appendfsync ?? '?';
signalReady({ url: redis.url, pid, dir: scratch, appendfsync } satisfies RedisReady);
