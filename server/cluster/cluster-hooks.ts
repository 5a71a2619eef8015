/**
 * Cluster mode's parts for the application (REDIS_URL set): one Redis connection for rooms,
 * leases, sets, contests, homework and the adapter's writes (the adapter opens its own for blocking reads), the Redis
 * streams adapter, the cluster directory and the archive reports read from.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import type { ClusterHooks } from '../app.ts';
import type { ServerConfig } from '../config.ts';
import { ClusterDirectory } from './cluster-directory.ts';
import { RedisRoomStore } from './redis-store.ts';
import { RedisSetStore } from '../sets/redis-set-store.ts';
import { RedisContestStore } from '../contests/redis-contest-store.ts';
import { RedisHomeworkStore } from '../homework/redis-homework-store.ts';

const DAY_MS = 24 * 3600_000;

export interface ClusterParts {
  hooks: ClusterHooks;
  store: RedisRoomStore;
  /** After the application has stopped. */
  close(): Promise<void>;
}

export async function connectCluster(config: ServerConfig, logger: Logger): Promise<ClusterParts> {
  if (!config.redisUrl) throw new Error('REDIS_URL is not set');
  const client = createClient({
    url: config.redisUrl,
    // Reconnect for ever, backing off to 2 s: a Redis restart must not need anyone to restart the nodes.
    socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000) },
  });
  let lastError = '';
  client.on('error', (err: Error) => {
    // Logged once per distinct error: a Redis outage reports every reconnect attempt.
    if (err.message !== lastError) logger.warn({ err: err.message }, 'redis connection error');
    lastError = err.message;
  });
  client.on('ready', () => {
    if (lastError) logger.info('redis connection back');
    lastError = '';
  });
  await client.connect();
  const store = new RedisRoomStore(client, logger, { retentionMs: config.retentionDays * DAY_MS });
  const hooks: ClusterHooks = {
    // Frames and inter-server messages share one stream; a node that lags must not lose a burst of answers.
    adapter: createAdapter(client, { maxLen: 100_000 }),
    directory: (registry, io) =>
      new ClusterDirectory({ io, registry, store, logger, nodeId: config.nodeId ?? undefined, leaseTtlMs: config.leaseTtlMs, tickMs: Math.max(250, Math.round(config.leaseTtlMs / 5)) }),
    archive: {
      shared: true,
      load: async (code) => (await store.load(code))?.state ?? null,
      hostTokenHashOf: (code) => store.hostTokenHashOf(code),
      roomsForHosts: (hashes) => store.roomsForHosts(hashes),
    },
    sets: new RedisSetStore(client),
    // Contests and homework live in Redis too: any node's board, hub or student request reads the same records.
    contests: new RedisContestStore(client),
    homework: new RedisHomeworkStore(client),
  };
  return {
    hooks,
    store,
    async close() {
      await client.close().catch(() => undefined);
    },
  };
}
