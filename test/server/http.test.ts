import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { TEST_CONFIG, type TestServer, startServer } from './support.ts';

describe('HTTP', () => {
  let server: TestServer;
  let clientDir: string;

  beforeAll(async () => {
    clientDir = mkdtempSync(path.join(tmpdir(), 'arena-client-'));
    writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Backprop Arena</title>');
    writeFileSync(path.join(clientDir, 'app.js'), 'console.log("app")');
    server = await startServer({ config: { ...TEST_CONFIG, clientDir } });
  });
  afterAll(async () => {
    await server.close();
    rmSync(clientDir, { recursive: true, force: true });
  });

  it('answers the health check', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, protocolVersion: 1, rooms: 0 });
  });

  it('serves the built client, and its shell for client-side routes', async () => {
    expect(await (await fetch(`${server.url}/app.js`)).text()).toBe('console.log("app")');
    for (const route of ['/', '/join/ABCDEF', '/host', '/practice/chain-steps']) {
      const res = await fetch(`${server.url}${route}`);
      expect(res.status, route).toBe(200);
      expect(await res.text()).toContain('<title>Backprop Arena</title>');
    }
  });

  it('does not answer the API, Socket.IO or non-GET requests with the shell', async () => {
    const api = await fetch(`${server.url}/api/rooms`);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ ok: false, error: 'not found' });
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
      corsOrigins: [],
      logLevel: 'info',
      maxRooms: 1000,
      idleTtlMs: 180 * 60_000,
    });
  });

  it('reads every variable, treating empty ones as unset', () => {
    expect(
      loadConfig({ PORT: '8080', HOST: '127.0.0.1', CLIENT_DIR: 'build', PUBLIC_URL: 'https://arena.example.edu', CORS_ORIGIN: 'http://localhost:5173, http://x.test', LOG_LEVEL: 'warn', MAX_ROOMS: '50', ROOM_IDLE_MINUTES: '30', HOME: '/root', PUBLIC_URL_EXTRA: '' }),
    ).toEqual({
      port: 8080,
      host: '127.0.0.1',
      clientDir: 'build',
      publicUrl: 'https://arena.example.edu',
      corsOrigins: ['http://localhost:5173', 'http://x.test'],
      logLevel: 'warn',
      maxRooms: 50,
      idleTtlMs: 30 * 60_000,
    });
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });

  it('refuses nonsense with a clear message', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ PUBLIC_URL: 'not a url' })).toThrow(/PUBLIC_URL/);
  });
});
