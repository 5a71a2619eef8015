import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { TEST_CONFIG, type TestServer, startServer } from './support.ts';

/** One GET as a browser sends it, the body as it came over the wire (Node's fetch would decompress it). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

const SHELL = '<!doctype html><title>Backprop Arena</title>';
const BUNDLE = `export const words = ${JSON.stringify('chain rule '.repeat(400))};`;

describe('HTTP', () => {
  let server: TestServer;
  let clientDir: string;

  beforeAll(async () => {
    clientDir = mkdtempSync(path.join(tmpdir(), 'arena-client-'));
    writeFileSync(path.join(clientDir, 'index.html'), SHELL);
    writeFileSync(path.join(clientDir, 'app.js'), 'console.log("app")');
    mkdirSync(path.join(clientDir, 'assets'));
    writeFileSync(path.join(clientDir, 'assets', 'index-abc123.js'), '1');
    writeFileSync(path.join(clientDir, 'sw.js'), '2');
    // As the build writes them: each text file beside its brotli and gzip copies.
    writeFileSync(path.join(clientDir, 'assets', 'bundle-def456.js'), BUNDLE);
    for (const [file, text] of [['index.html', SHELL], [path.join('assets', 'bundle-def456.js'), BUNDLE]] as const) {
      writeFileSync(path.join(clientDir, `${file}.br`), brotliCompressSync(text));
      writeFileSync(path.join(clientDir, `${file}.gz`), gzipSync(text));
    }
    server = await startServer({ config: { ...TEST_CONFIG, clientDir } });
  });
  afterAll(async () => {
    await server.close();
    rmSync(clientDir, { recursive: true, force: true });
  });

  it('answers the health check', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, protocolVersion: 2, rooms: 0 });
  });

  it('serves the built client, and its shell for client-side routes', async () => {
    expect(await (await fetch(`${server.url}/app.js`)).text()).toBe('console.log("app")');
    for (const route of ['/', '/join/ABCDEF', '/host', '/practice/chain-steps']) {
      const res = await fetch(`${server.url}${route}`);
      expect(res.status, route).toBe(200);
      expect(await res.text()).toContain('<title>Backprop Arena</title>');
    }
  });

  it('lets phones cache hashed assets for good but always revalidate the shell and the service worker', async () => {
    const cacheOf = async (route: string) => (await fetch(`${server.url}${route}`)).headers.get('cache-control');
    expect(await cacheOf('/assets/index-abc123.js')).toContain('immutable');
    for (const route of ['/', '/index.html', '/sw.js', '/play/ABCDEF']) expect(await cacheOf(route), route).toBe('no-cache');
  });

  it('sends the pre-compressed copy the browser reads (brotli first), and the plain file to one that reads neither', async () => {
    const url = `${server.url}/assets/bundle-def456.js`;
    const br = await rawGet(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toContain('immutable');
    expect(br.body.length).toBeLessThan(BUNDLE.length / 10);
    expect(brotliDecompressSync(br.body).toString()).toBe(BUNDLE);

    const gz = await rawGet(url, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(BUNDLE);

    const plain = await rawGet(url, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(BUNDLE);
  });

  it('compresses the shell of client-side routes too, still revalidated', async () => {
    for (const route of ['/', '/join/ABCDEF', '/practice/chain-steps']) {
      const res = await rawGet(`${server.url}${route}`, { 'accept-encoding': 'br' });
      expect(res.status, route).toBe(200);
      expect(res.headers['content-encoding'], route).toBe('br');
      expect(res.headers['content-type'], route).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], route).toBe('no-cache');
      expect(brotliDecompressSync(res.body).toString(), route).toBe(SHELL);
    }
  });

  it('does not answer the API, Socket.IO or non-GET requests with the shell', async () => {
    const api = await fetch(`${server.url}/api/nothing`);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ ok: false, error: { code: 'not_found', message: 'not found' } });
    expect((await fetch(`${server.url}/join/ABCDEF`, { method: 'POST' })).status).toBe(404);
    const polling = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    expect(polling.status).toBe(200);
    expect(await polling.text()).toMatch(/^0\{"sid"/);
  });

  it('runs without a built client (the API only)', async () => {
    const bare = await startServer();
    try {
      expect((await fetch(`${bare.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${bare.url}/join/ABCDEF`)).status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});

describe('configuration from the environment', () => {
  it('defaults to port 3000 on all interfaces with the client in dist/client', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      clientDir: 'dist/client',
      publicUrl: null,
      tls: null,
      corsOrigins: [],
      logLevel: 'info',
      maxRooms: 1000,
      idleTtlMs: 180 * 60_000,
      dataDir: './data',
      sqliteSynchronous: 'NORMAL',
      retentionDays: 90,
      allowedOrigins: null,
      trustProxy: 0,
      maxMessageBytes: 16_384,
      limits: {
        requestsPerSecond: 20,
        answersPerSecond: 5,
        strikesBeforeDisconnect: 30,
        roomsPerMinute: 10,
        joinMissesPerMinute: 30,
        joinBlockSeconds: 30,
        roomJoinsPerSecond: 2500,
        joinQueueSeconds: 2,
      },
      maxRoomCapacity: 5000,
      reportsPerMinute: 60,
      setLimits: { keysPerHour: 100, writesPerMinute: 300, readsPerMinute: 1200 },
      homework: { maxStudents: 2000, startsPerMinute: 120, readsPerMinute: 600, writesPerMinute: 60 },
      contestLimits: { contestsPerKey: 200, writesPerMinute: 120, readsPerMinute: 1200 },
      // Embedded mode unless REDIS_URL is set.
      redisUrl: null,
      nodeId: null,
      leaseTtlMs: 5000,
      roomSeed: null,
    });
  });

  it('reads the cluster settings and refuses a Redis address that is not a redis:// URL', () => {
    expect(loadConfig({ REDIS_URL: 'redis://10.0.0.5:6379', NODE_ID: 'web-2', LEASE_TTL_MS: '8000' })).toMatchObject({
      redisUrl: 'redis://10.0.0.5:6379',
      nodeId: 'web-2',
      leaseTtlMs: 8000,
    });
    expect(() => loadConfig({ REDIS_URL: 'http://10.0.0.5:6379' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ LEASE_TTL_MS: '10' })).toThrow(/LEASE_TTL_MS/);
  });

  it('reads every variable, treating empty ones as unset', () => {
    expect(
      loadConfig({ PORT: '8080', HOST: '127.0.0.1', CLIENT_DIR: 'build', PUBLIC_URL: 'https://arena.example.edu', CORS_ORIGIN: 'http://localhost:5173, http://x.test', LOG_LEVEL: 'warn', MAX_ROOMS: '50', ROOM_IDLE_MINUTES: '30', HOME: '/root', PUBLIC_URL_EXTRA: '' }),
    ).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      clientDir: 'build',
      publicUrl: 'https://arena.example.edu',
      corsOrigins: ['http://localhost:5173', 'http://x.test'],
      logLevel: 'warn',
      maxRooms: 50,
      idleTtlMs: 30 * 60_000,
    });
    expect(
      loadConfig({
        DATA_DIR: '/var/lib/arena',
        SQLITE_SYNCHRONOUS: 'FULL',
        RETENTION_DAYS: '30',
        ALLOWED_ORIGINS: 'https://arena.example.edu/, https://school.example.edu',
        TRUST_PROXY: '1',
        MAX_MESSAGE_BYTES: '8192',
        REQUESTS_PER_SECOND: '10',
        ANSWERS_PER_SECOND: '3',
        RATE_LIMIT_STRIKES: '12',
        ROOMS_PER_MINUTE: '4',
        JOIN_MISSES_PER_MINUTE: '15',
        JOIN_BLOCK_SECONDS: '60',
        ROOM_JOINS_PER_SECOND: '50',
        JOIN_QUEUE_SECONDS: '0.5',
        MAX_ROOM_CAPACITY: '300',
        REPORTS_PER_MINUTE: '20',
      }),
    ).toMatchObject({
      dataDir: '/var/lib/arena',
      sqliteSynchronous: 'FULL',
      retentionDays: 30,
      allowedOrigins: ['https://arena.example.edu', 'https://school.example.edu'],
      trustProxy: 1,
      maxMessageBytes: 8192,
      limits: { requestsPerSecond: 10, answersPerSecond: 3, strikesBeforeDisconnect: 12, roomsPerMinute: 4, joinMissesPerMinute: 15, joinBlockSeconds: 60, roomJoinsPerSecond: 50, joinQueueSeconds: 0.5 },
      maxRoomCapacity: 300,
      reportsPerMinute: 20,
    });
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });

  it('refuses nonsense with a clear message', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ PUBLIC_URL: 'not a url' })).toThrow(/PUBLIC_URL/);
    // The frame limit cannot be raised past 16 KiB.
    expect(() => loadConfig({ MAX_MESSAGE_BYTES: '1000000' })).toThrow(/MAX_MESSAGE_BYTES/);
    expect(() => loadConfig({ SQLITE_SYNCHRONOUS: 'OFF' })).toThrow(/SQLITE_SYNCHRONOUS/);
  });
});
