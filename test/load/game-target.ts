/**
 * The game server as the benchmark runs it: `createApplication` from server/app.ts, set up as
 * server/main.ts sets it up in production — configuration from the environment schema's defaults,
 * the production logger, and the SQLite store (WAL, synchronous NORMAL) in a fresh temporary folder
 * that is deleted afterwards. BENCH_STORE=off runs without the store, to tell its cost apart.
 *
 * Departures from production, each because every bot and host of a run shares 127.0.0.1:
 *  - room creations per address are not limited (the 20k scenario creates 195 rooms from one address);
 *  - the logger writes at `info` as in production, but the orchestrator discards the server
 *    process's stdout, so building log lines is measured and the terminal stays readable.
 *  - a homework run with more students than an assignment admits by default raises that cap
 *    (BENCH_HOMEWORK_STUDENTS → HOMEWORK_MAX_STUDENTS);
 *  - homework starts per address are not limited (a school evening's students come from their own
 *    homes, not from one address).
 * Every other limit (joins per room per second, requests and answers per connection) is the default.
 *
 * With BENCH_REDIS_URL set the process is one node of a cluster, as server/main.ts runs it with
 * REDIS_URL: rooms, leases and journals in Redis (`connectCluster`), no SQLite; BENCH_NODE_ID names it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApplication } from '../../server/app.ts';
import { connectCluster } from '../../server/cluster/cluster-hooks.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';
import { RoomStore } from '../../server/store/room-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import type { TargetApplication } from './server-host.ts';

export async function createGameTarget(httpServer: HttpServer): Promise<TargetApplication> {
  const redisUrl = process.env.BENCH_REDIS_URL;
  if (redisUrl) return createClusterNode(httpServer, redisUrl, process.env.BENCH_NODE_ID ?? 'bench-node');
  const withStore = process.env.BENCH_STORE !== 'off';
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-load-'));
  const config = loadConfig({
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    HOMEWORK_STARTS_PER_MINUTE: '1000000',
    ...(process.env.BENCH_HOMEWORK_STUDENTS ? { HOMEWORK_MAX_STUDENTS: process.env.BENCH_HOMEWORK_STUDENTS } : {}),
  });
  const logger = createLogger(config.logLevel);
  const store = withStore ? new RoomStore(new SqliteStore({ dataDir: config.dataDir, synchronous: config.sqliteSynchronous }), logger) : null;
  const application = createApplication(httpServer, { config, logger, store, limits: { roomsPerMinute: 1_000_000 } });
  return {
    async close() {
      try {
        await application.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

async function createClusterNode(httpServer: HttpServer, redisUrl: string, nodeId: string): Promise<TargetApplication> {
  const config = loadConfig({ LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info', HOST: '127.0.0.1', PORT: '0', REDIS_URL: redisUrl, NODE_ID: nodeId });
  const logger = createLogger(config.logLevel);
  const cluster = await connectCluster(config, logger);
  const application = createApplication(httpServer, { config, logger, cluster: cluster.hooks, limits: { roomsPerMinute: 1_000_000 } });
  await application.started;
  return {
    async close() {
      try {
        await application.close();
      } finally {
        await cluster.close();
      }
    },
  };
}
