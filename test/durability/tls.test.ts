/**
 * HTTPS beside HTTP on one port (TLS_CERT / TLS_KEY), as `npm start` runs it: a page, the API and
 * the live game over both, join links on https, and a clear refusal to start on a bad certificate.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/index.ts';
import type { Socket } from 'socket.io-client';
import { TEST_CONFIG, TestClient, startServer } from '../server/support.ts';
import { makeCertificate } from '../support/tls-cert.ts';
import { startChildServer } from './child-server.ts';
import { SERVER_BUNDLE, ensureServerBuild } from '../../scripts/build-server.ts';

const cert = makeCertificate(['arena.test', 'localhost']);
const dirs: string[] = [];
function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-tls-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  cert.remove();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function getHttps(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca: cert.cert }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('HTTPS and HTTP on one port', () => {
  it('serves the health check over both, and the live game over https', async () => {
    const server = await startChildServer(dataDir(), { TLS_CERT: cert.certFile, TLS_KEY: cert.keyFile });
    try {
      const port = new URL(server.url).port;
      const plain = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(plain.status).toBe(200);
      const secure = await getHttps(`https://127.0.0.1:${port}/healthz`);
      expect(secure.status).toBe(200);
      expect(JSON.parse(secure.body)).toMatchObject({ ok: true });

      // A phone's socket over TLS (WebSocket upgrade inside it) creates a room and gets an https join link.
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(`https://127.0.0.1:${port}`, {
        transports: ['websocket'],
        ca: cert.cert.toString('utf8'),
        extraHeaders: { origin: `https://localhost:${port}` },
        reconnection: false,
        forceNew: true,
      });
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        });
        const ack = await socket.timeout(3000).emitWithAck('room:create', { config: {} });
        expect(ack.ok).toBe(true);
        if (ack.ok) expect(ack.data.joinUrl).toMatch(/^https:\/\//);
      } finally {
        socket.close();
      }
      expect(server.logs.some((l) => l.includes('Backprop Arena is running.'))).toBe(true);
    } finally {
      await server.stop('SIGTERM');
    }
  });

  it('refuses to start on a half or a bad certificate, naming what is wrong', async () => {
    await ensureServerBuild({ quiet: true });
    const start = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['--enable-source-maps', SERVER_BUNDLE], {
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir(), LOG_LEVEL: 'silent', ...env },
        encoding: 'utf8',
        timeout: 30_000,
      });
    const half = start({ TLS_CERT: cert.certFile });
    expect(half.status).not.toBe(0);
    expect(half.stderr).toContain('set both TLS_CERT and TLS_KEY');
    const missing = start({ TLS_CERT: '/nonexistent/cert.pem', TLS_KEY: cert.keyFile });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('TLS_CERT: cannot read /nonexistent/cert.pem');
    const wrong = start({ TLS_CERT: cert.keyFile, TLS_KEY: cert.keyFile });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain('not a PEM certificate and its key');
  });

  it('gives a localhost page https join links to the network address when the port speaks TLS', async () => {
    const server = await startServer({
      // Configured as on every address (the default HOST); the test server itself binds 127.0.0.1 only.
      config: { ...TEST_CONFIG, host: '0.0.0.0', tls: { certFile: cert.certFile, keyFile: cert.keyFile } },
      networkInterfaces: () => ({ wlan0: [{ address: '192.168.1.23', family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: '192.168.1.23/24' }] }),
    });
    try {
      const port = new URL(server.url).port;
      const host = await TestClient.connect(server.url, {}, { extraHeaders: { origin: `http://localhost:${port}` } });
      try {
        expect((await host.ok('room:create', { config: {} })).joinUrl).toMatch(new RegExp(`^https://192\\.168\\.1\\.23:${port}/join/`));
      } finally {
        host.close();
      }
      const listed = (await (await fetch(`${server.url}/api/join-addresses`)).json()) as { data: { addresses: { url: string }[] } };
      expect(listed.data.addresses.map((a) => a.url)).toEqual([`https://192.168.1.23:${port}`]);
    } finally {
      await server.close();
    }
  });
});
