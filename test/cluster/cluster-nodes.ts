/**
 * Cluster nodes for the contest and homework tests: each node is the production server (the bundle of `server/main.ts`) in its own process
 * with REDIS_URL set (as production runs them), so one can be killed with SIGKILL mid-question. Limits
 * are raised so that a test's many requests from one address are never refused for their rate.
 */
import path from 'node:path';
import { createClient } from 'redis';
import { type ChildServer, startChildServer } from '../durability/child-server.ts';

export const RAISED_LIMITS: Record<string, string> = {
  ROOMS_PER_MINUTE: '1000',
  REQUESTS_PER_SECOND: '1000',
  ANSWERS_PER_SECOND: '1000',
  ROOM_JOINS_PER_SECOND: '1000',
  JOIN_MISSES_PER_MINUTE: '1000',
  REPORTS_PER_MINUTE: '100000',
  SET_KEYS_PER_HOUR: '1000',
  SET_WRITES_PER_MINUTE: '100000',
  SET_READS_PER_MINUTE: '100000',
  CONTEST_WRITES_PER_MINUTE: '100000',
  CONTEST_READS_PER_MINUTE: '100000',
  HOMEWORK_API_READS_PER_MINUTE: '100000',
  HOMEWORK_API_WRITES_PER_MINUTE: '100000',
};

/**
 * `count` nodes on `redisUrl`, named `<name>-0`, `<name>-1`, … (their data folders under `workDir`), started
 * one after the other: on a busy two-core machine several at once may each take longer than the start timeout.
 */
export async function startNodes(workDir: string, redisUrl: string, name: string, count: number, env: Record<string, string> = {}): Promise<ChildServer[]> {
  const nodes: ChildServer[] = [];
  for (let i = 0; i < count; i++) {
    nodes.push(await startChildServer(path.join(workDir, `${name}-${i}`), { LOG_LEVEL: 'info', NODE_ID: `${name}-${i}`, REDIS_URL: redisUrl, ...RAISED_LIMITS, ...env }));
  }
  return nodes;
}

/** Log entries of a node with this message. */
export function logsOf(node: ChildServer, msg: string): Record<string, unknown>[] {
  return node.logs.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      return entry.msg === msg ? [entry] : [];
    } catch {
      return [];
    }
  });
}

/** Each test starts from an empty Redis: rooms left by a killed node would be taken over by the next test's. */
export async function flushRedis(redisUrl: string): Promise<void> {
  const client = createClient({ url: redisUrl });
  await client.connect();
  await client.flushAll();
  await client.close();
}
