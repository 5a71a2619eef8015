/**
 * The set API in cluster mode: two nodes (in this process, each its own HTTP server and Redis
 * connection, as server/main.ts assembles them with REDIS_URL) on one real redis-server. The
 * suite sends each step to the next node, so every answer also shows a write of one node read
 * by the other. Under CI a missing redis-server is an error (redis-harness.ts).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Application, createApplication } from '../../server/app.ts';
import { type ClusterParts, connectCluster } from '../../server/cluster/cluster-hooks.ts';
import type { SetLimitsConfig } from '../../server/sets/set-router.ts';
import type { SetResult } from '../../shared/protocol/sets.ts';
import { FakeClock, silentLogger } from '../room/support.ts';
import { TEST_CONFIG } from '../server/support.ts';
import { SUITE_SET_LIMITS, setApiSuite } from '../sets/set-api-suite.ts';
import { malformedSuite } from '../sets/malformed-suite.ts';
import { call, dataOf, newKey, sampleSet } from '../sets/set-http.ts';
import { type RedisServer, redisAvailable, startRedis } from './redis-harness.ts';

const enabled = redisAvailable();

interface Node {
  url: string;
  close(): Promise<void>;
}

async function startNode(redisUrl: string, nodeId: string, clock: FakeClock, setLimits: Partial<SetLimitsConfig> = SUITE_SET_LIMITS): Promise<Node> {
  const config = { ...TEST_CONFIG, redisUrl, nodeId, leaseTtlMs: 2000 };
  const cluster: ClusterParts = await connectCluster(config, silentLogger);
  const httpServer = createServer();
  const application: Application = createApplication(httpServer, { config, logger: silentLogger, cluster: cluster.hooks, clock, setLimits });
  await application.started;
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
    async close() {
      await application.close();
      await cluster.close();
    },
  };
}

describe.skipIf(!enabled)('question sets in cluster mode', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.destroy();
  });

  setApiSuite('question sets over HTTP, stored in Redis, two nodes', async () => {
    const clock = new FakeClock(Date.UTC(2026, 8, 1));
    const nodes = [await startNode(redis.url, 'sets-a', clock), await startNode(redis.url, 'sets-b', clock)];
    return { urls: nodes.map((n) => n.url), clock, close: async () => void (await Promise.all(nodes.map((n) => n.close()))) };
  });

  malformedSuite(
    'malformed question sets, stored in Redis',
    () => startNode(redis.url, 'sets-m', new FakeClock(Date.UTC(2026, 8, 1)), { keysPerHour: 1000, writesPerMinute: 100_000, readsPerMinute: 100_000 }),
    40,
  );

  it('keeps the sets through a Redis restart, the node reconnecting on its own', async () => {
    const own = await startRedis();
    const node = await startNode(own.url, 'sets-r', new FakeClock(Date.UTC(2026, 8, 1)));
    try {
      const k = await newKey(node.url);
      const set = dataOf<SetResult>(await call(node.url, 'POST', '/api/sets', { key: k, json: sampleSet('through a restart') })).set;
      await own.restart();
      let answer = await call(node.url, 'GET', `/api/sets/${set.id}`, { key: k });
      for (let attempt = 0; answer.status !== 200 && attempt < 50; attempt++) {
        // Until the client has reconnected the request fails as a server error, never as a wrong answer.
        expect(answer.status).toBe(500);
        await new Promise((resolve) => setTimeout(resolve, 100));
        answer = await call(node.url, 'GET', `/api/sets/${set.id}`, { key: k });
      }
      expect(dataOf<SetResult>(answer).set).toEqual(set);
    } finally {
      await node.close();
      await own.destroy();
    }
  });

  it('keeps the sets in Redis only as key hashes, and a node started later reads them', async () => {
    const clock = new FakeClock(Date.UTC(2026, 8, 1));
    const first = await startNode(redis.url, 'sets-c', clock);
    let k: string;
    let id: string;
    try {
      k = await newKey(first.url);
      id = dataOf<SetResult>(await call(first.url, 'POST', '/api/sets', { key: k, json: sampleSet('before the new node') })).set.id;
    } finally {
      await first.close();
    }
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const keys = await client.keys('arena:*');
      const values = await Promise.all(keys.map(async (name) => `${name} ${JSON.stringify(await client.type(name) === 'hash' ? await client.hGetAll(name) : '')}`));
      expect(values.join('\n')).not.toContain(k.slice(3));
      expect(keys).toContain(`arena:set:${id}`);
    } finally {
      await client.close();
    }
    const later = await startNode(redis.url, 'sets-d', clock);
    try {
      expect(dataOf<SetResult>(await call(later.url, 'GET', `/api/sets/${id}`, { key: k })).set.title).toBe('before the new node');
    } finally {
      await later.close();
    }
  });
});
