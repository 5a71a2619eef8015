/**
 * The deployment example (docs/deployment/nginx.conf) as written, in front of three nodes on
 * one Redis: phones connect the way the real client does (long-polling first, then the
 * WebSocket upgrade, cookies kept) and some stay on long-polling for good, as behind a proxy
 * that blocks WebSockets. Every poll of a session must reach the node that holds it — the
 * cookie stickiness — and when a node dies its phones come back through nginx on another.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, PhaseView, RoomSnapshot } from '../../shared/protocol/index.ts';
import { type ChildServer, startChildServer } from '../durability/child-server.ts';
import { CLUSTER_GAME_CONFIG, computedAnswer, sleep } from './cluster-game.ts';
import { type RedisServer, freePort, redisAvailable, startRedis } from './redis-harness.ts';

const NGINX = process.env.NGINX ?? (spawnSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx'], { encoding: 'utf8' }).stdout.trim().split('\n')[0] || 'nginx');

function nginxAvailable(): boolean {
  if (spawnSync(NGINX, ['-v'], { stdio: 'ignore' }).status === 0) return true;
  const ci = process.env.CI;
  if (ci && ci !== 'false' && ci !== '0') throw new Error('nginx not found: CI must test the deployment example');
  return false;
}

const enabled = redisAvailable() && nginxAvailable();
const EXAMPLE = path.resolve('docs/deployment/nginx.conf');

/** The example with its addresses replaced by this machine's: the rest of the file is used as written. */
export function exampleFor(listenPort: number, nodes: string[]): string {
  const example = readFileSync(EXAMPLE, 'utf8');
  const servers = example.match(/^ {4}server 10\.0\.0\.\d+:3000.*$/gm) ?? [];
  if (servers.length !== 3) throw new Error('the example no longer lists three nodes');
  let config = example.replace('listen 80;', `listen 127.0.0.1:${listenPort};`);
  servers.forEach((line, i) => {
    config = config.replace(line, line.replace(/10\.0\.0\.\d+:3000/, nodes[i]!.replace(/^http:\/\//, '')));
  });
  return config;
}

interface Phone {
  name: string;
  socket: Socket;
  token: string;
  transports: string[];
  phase: PhaseView | null;
  acked: number;
  errors: string[];
  /** Times the phone lost its connection, and full snapshots it got back since joining. */
  drops: number;
  resyncs: number;
}

describe.skipIf(!enabled)('the nginx example in front of three nodes', () => {
  let redis: RedisServer;
  let workDir: string;
  let nginx: ChildProcess | null = null;
  let nodes: ChildServer[] = [];
  let base = '';
  const phones: Phone[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    workDir = mkdtempSync(path.join(tmpdir(), 'arena-nginx-'));
    nodes = await Promise.all(
      [0, 1, 2].map((i) =>
        startChildServer(path.join(workDir, `node-${i}`), {
          REDIS_URL: redis.url,
          NODE_ID: `node-${i}`,
          TRUST_PROXY: '1',
          ROOMS_PER_MINUTE: '1000',
          REQUESTS_PER_SECOND: '1000',
          ANSWERS_PER_SECOND: '1000',
          ROOM_JOINS_PER_SECOND: '1000',
        }),
      ),
    );
    const port = await freePort();
    const prefix = path.join(workDir, 'nginx');
    spawnSync('mkdir', ['-p', path.join(prefix, 'logs'), path.join(prefix, 'tmp')]);
    writeFileSync(path.join(prefix, 'backprop-arena.conf'), exampleFor(port, nodes.map((n) => n.url)));
    // The harness around the example: what /etc/nginx/nginx.conf provides on a server.
    writeFileSync(
      path.join(prefix, 'nginx.conf'),
      `worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log ${prefix}/logs/access.log;
  client_body_temp_path ${prefix}/tmp/body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fastcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
  include ${prefix}/backprop-arena.conf;
}
`,
    );
    const check = spawnSync(NGINX, ['-t', '-p', prefix, '-c', path.join(prefix, 'nginx.conf')], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`nginx rejects the example:\n${check.stderr}`);
    nginx = spawn(NGINX, ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
    base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 50; i++) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        await sleep(100);
      }
    }
  }, 60_000);

  afterAll(async () => {
    for (const phone of phones) phone.socket.close();
    nginx?.kill('SIGTERM');
    await Promise.all(nodes.map((node) => node.stop('SIGKILL')));
    await redis?.destroy();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  function open(name: string, transports: string[], token: string | null): Promise<Socket> {
    const socket = connect(base, { transports, withCredentials: true, forceNew: true, reconnection: true, reconnectionDelay: 300, reconnectionDelayMax: 1000, auth: (send) => send(token ? { token } : {}) });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name}: no connection`)), 10_000);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(socket);
      });
    });
  }

  async function call<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
    for (let attempt = 0; attempt < 40; attempt++) {
      if (socket.connected) {
        try {
          const response = (await socket.timeout(4000).emitWithAck(event, payload)) as Ack<T>;
          if (response.ok) return response.data;
          if (response.error.code !== 'server_restarting') throw new Error(`${event}: ${response.error.code}`);
        } catch (err) {
          if ((err as Error).message.startsWith(event)) throw err;
        }
      }
      await sleep(250);
    }
    throw new Error(`${event}: no answer`);
  }

  it('keeps every session on its node, WebSocket or long-polling, and moves a dead node\'s phones', { timeout: 120_000 }, async () => {
    const host = await open('host', ['polling', 'websocket'], null);
    const created = await call<{ code: string; hostToken: string }>(host, 'room:create', { config: { ...CLUSTER_GAME_CONFIG, questionCount: 2 } });
    let hostPhase: PhaseView | null = null;
    host.on('room:phase', (p: PhaseView) => (hostPhase = p));
    host.on('room:snapshot', (s: RoomSnapshot) => (hostPhase = s.phase));

    for (let i = 0; i < 12; i++) {
      // A third stay on long-polling (WebSockets blocked on their network); the rest upgrade as browsers do.
      const transports = i % 3 === 0 ? ['polling'] : ['polling', 'websocket'];
      const socket = await open(`phone-${i}`, transports, null);
      const joined = await call<{ token: string; snapshot: RoomSnapshot }>(socket, 'room:join', { code: created.code, nickname: `phone-${i}` });
      const phone: Phone = { name: `phone-${i}`, socket, token: joined.token, transports, phase: joined.snapshot.phase, acked: 0, errors: [], drops: 0, resyncs: 0 };
      // A phone that reconnects (its node died) resumes its seat with the token.
      socket.auth = { token: joined.token };
      const answer = (view: PhaseView) => {
        phone.phase = view;
        if (view.phase !== 'question') return;
        const value = computedAnswer(view.problem);
        void call(socket, 'answer:submit', { questionId: view.questionId, answer: String(value ?? 1) }).then(
          () => phone.acked++,
          (err: Error) => {
            if (!/round_closed|already_answered/.test(err.message)) phone.errors.push(err.message);
          },
        );
      };
      socket.on('room:phase', answer);
      socket.on('room:snapshot', (s: RoomSnapshot) => {
        phone.resyncs++;
        answer(s.phase);
      });
      socket.on('disconnect', () => phone.drops++);
      phones.push(phone);
    }
    // Each node served some of the phones (the key spreads them), all in one room.
    const health = await Promise.all(nodes.map(async (n) => (await (await fetch(`${n.url}/healthz`)).json()) as { connections: number }));
    expect(health.filter((h) => h.connections > 0).length).toBeGreaterThanOrEqual(2);

    await call(host, 'game:start', {});
    const waitHost = async (predicate: (p: PhaseView) => boolean) => {
      for (let i = 0; i < 400 && !(hostPhase && predicate(hostPhase)); i++) await sleep(100);
      if (!hostPhase || !predicate(hostPhase)) throw new Error(`host stuck in ${JSON.stringify(hostPhase)}`);
    };
    await waitHost((p) => p.phase === 'reveal' && p.index === 0);

    // A node that owns no room dies (the room was created on the host's node).
    const roomNode = nodes.findIndex((n) => n.logs.some((line) => line.includes('"msg":"room created"')));
    const victim = (roomNode + 1) % 3;
    const before = (await (await fetch(`${nodes[victim]!.url}/healthz`)).json()) as { connections: number };
    expect(before.connections).toBeGreaterThan(0);
    await nodes[victim]!.stop('SIGKILL');
    // The next question opens once the dead node's phones are seated again (a question all the others
    // have answered closes without a phone that is away, and this test counts every phone's answers).
    for (let i = 0; i < 300 && phones.filter((p) => p.drops > 0).length < before.connections; i++) await sleep(100);
    for (let i = 0; i < 300 && phones.some((p) => !p.socket.connected || p.resyncs < p.drops); i++) await sleep(100);
    expect(phones.filter((p) => p.drops > 0).length).toBe(before.connections);
    await call(host, 'game:next', { from: 'reveal' });
    await waitHost((p) => p.phase === 'leaderboard');
    await call(host, 'game:next', { from: 'leaderboard' });
    await waitHost((p) => p.phase === 'reveal' && p.index === 1);

    expect(phones.flatMap((p) => p.errors)).toEqual([]);
    // Every phone answered both questions, the ones on the dead node after coming back through nginx.
    expect(phones.map((p) => `${p.name} ${p.acked}`)).toEqual(phones.map((p) => `${p.name} 2`));
    // Polling phones stayed on polling: their sessions survived many requests through the balancer.
    for (const phone of phones.filter((p) => p.transports.length === 1)) expect(phone.socket.io.engine.transport.name).toBe('polling');
    const reportResponse = await fetch(`${base}/api/rooms/${created.code}/report.json`, { headers: { Authorization: `Bearer ${created.hostToken}` } });
    const report = (await reportResponse.json()) as { ok: boolean; data: { players: { name: string; correct: number }[] } };
    expect(report.ok).toBe(true);
    expect(report.data.players).toHaveLength(12);
  });
});
