/**
 * A real redis-server for the cluster tests: a free loopback port, a temporary directory,
 * append-only persistence with an fsync per write (so a restart loses nothing), stopped by
 * the test. Under CI a missing redis-server is an error, never a skipped suite.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll } from 'vitest';

export const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';

export function redisAvailable(): boolean {
  const found = spawnSync(REDIS_SERVER, ['--version'], { stdio: 'ignore' }).status === 0;
  if (found) return true;
  const ci = process.env.CI;
  if (ci && ci !== 'false' && ci !== '0') throw new Error(`${REDIS_SERVER} not found: CI must run the cluster tests against a real Redis`);
  return false;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  url: string;
  port: number;
  dir: string;
  /** Stop gracefully (SIGTERM: Redis flushes its append-only file) and wait. */
  stop(): Promise<void>;
  /** Start again on the same port and directory. */
  restart(): Promise<void>;
  /** Stop and delete the directory. */
  destroy(): Promise<void>;
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--protected-mode', 'yes'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}):\n${output}`));
    });
  });
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'arena-redis-'));
  let child: ChildProcess | null;
  try {
    child = await launch(port, dir);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    stop,
    async restart() {
      await stop();
      child = await launch(port, dir);
    },
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A redis-server for the tests of one describe block (started before them, stopped after), clients to it
 * that are closed with it, and a fresh key prefix per call so each test has keys of its own.
 */
export function redisForSuite(): { connect(): Promise<ReturnType<typeof createClient>>; prefix(name?: string): string } {
  let redis: RedisServer | undefined;
  let prefixes = 0;
  const clients: ReturnType<typeof createClient>[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await redis?.destroy();
  });
  return {
    async connect() {
      const client = createClient({ url: redis!.url });
      await client.connect();
      clients.push(client);
      return client;
    },
    prefix: (name = 't') => `${name}${++prefixes}:`,
  };
}
