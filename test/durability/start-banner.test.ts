/**
 * What `npm start` prints for the teacher: where the projector opens and where students join,
 * one line per network address of the machine, as Vite prints its Network lines. Run as the real
 * entry point in a child process: on 127.0.0.1 here, and on every address inside a network
 * namespace made for the test (so nothing listens on this machine's own interfaces).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type NetNamespace, createNetNamespace, netnsRequired, netnsUnavailable } from '../support/netns.ts';
import { SERVER_BUNDLE, ensureServerBuild } from '../../scripts/build-server.ts';
import { startChildServer } from './child-server.ts';

const dirs: string[] = [];
function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-banner-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** The entry point's output until its banner's last line, then stopped; `command` wraps node (e.g. in a namespace). */
async function bannerOf(command: string[], env: Record<string, string>): Promise<string[]> {
  await ensureServerBuild({ quiet: true });
  return new Promise((resolve, reject) => {
    const dir = dataDir();
    const [file, ...args] = [...command, process.execPath, '--enable-source-maps', SERVER_BUNDLE];
    const child = spawn(file!, args, {
      env: { ...process.env, PORT: '0', DATA_DIR: dir, CLIENT_DIR: path.join(dir, 'no-client'), LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no banner:\n${out}\n${err}`));
    }, 30_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const lines = out.split('\n');
      const start = lines.findIndex((l) => l.includes('Backprop Arena is running.'));
      // The banner ends with an empty line after its last entry.
      const end = start < 0 ? -1 : lines.findIndex((l, i) => i > start + 1 && l === '');
      if (end < 0) return;
      clearTimeout(timer);
      child.once('close', () => resolve(lines.slice(start, end)));
      child.kill('SIGTERM');
    });
  });
}

describe('the start banner', () => {
  it("on 127.0.0.1 only: says where the projector opens, that phones cannot join yet, and every network address of this machine they would use", async () => {
    const server = await startChildServer(dataDir());
    try {
      const port = new URL(server.url).port;
      await expect.poll(() => server.logs.some((l) => l.includes('Only this computer can connect (HOST=127.0.0.1)'))).toBe(true);
      expect(server.logs).toContain(`  Projector (on this computer): http://localhost:${port}/host`);
      expect(server.logs.some((l) => l.includes('Students join at'))).toBe(false);
      // Every non-loopback IPv4 address the test process sees, each on a line of its own with its interface.
      const expected = Object.entries(os.networkInterfaces())
        .flatMap(([name, infos]) => (infos ?? []).filter((i) => i.family === 'IPv4' && !i.internal).map((i) => `    http://${i.address}:${port}  (${name})`))
        .sort();
      const start = server.logs.findIndex((l) => l.includes('Backprop Arena is running.'));
      await expect.poll(() => server.logs.slice(start).findIndex((l, i) => i > 1 && l === '')).toBeGreaterThan(0);
      const listed = server.logs.slice(start).filter((l) => /^ {4}http:\/\//.test(l));
      expect([...listed].sort()).toEqual(expected);
      expect(server.logs.some((l) => l.includes(expected.length > 0 ? 'they would then join at:' : 'connect this computer to the classroom Wi-Fi'))).toBe(true);
    } finally {
      await server.stop('SIGTERM');
    }
  });

  const unavailable = netnsUnavailable();
  if (unavailable && netnsRequired()) throw new Error(`a network namespace is needed under CI: ${unavailable}`);

  describe.skipIf(unavailable !== null)('on every address (inside a network namespace)', () => {
    let ns: NetNamespace;
    afterAll(() => ns?.remove());

    it("lists every non-loopback IPv4 address of the machine, one line each, and PUBLIC_URL when it is set", async () => {
      ns = createNetNamespace();
      // The namespace's own view of its interfaces, as node:os reports it there.
      const interfaces = JSON.parse(ns.exec(process.execPath, ['-e', 'console.log(JSON.stringify(require("os").networkInterfaces()))'])) as Record<string, { address: string; family: string; internal: boolean }[]>;
      const expected = Object.entries(interfaces).flatMap(([name, infos]) => infos.filter((i) => i.family === 'IPv4' && !i.internal).map((i) => ({ name, address: i.address })));
      expect(expected.map((e) => e.address)).toEqual([ns.nsAddress]);

      const lines = await bannerOf(['ip', 'netns', 'exec', ns.name], { HOST: '0.0.0.0' });
      const port = /http:\/\/localhost:(\d+)\/host/.exec(lines.join('\n'))?.[1];
      expect(port).toMatch(/^\d+$/);
      expect(lines.filter((l) => l.includes('Students join at'))).toEqual(expected.map((e) => `  Students join at http://${e.address}:${port}  (${e.name})`));

      const withPublic = await bannerOf(['ip', 'netns', 'exec', ns.name], { HOST: '0.0.0.0', PUBLIC_URL: 'https://arena.example.edu' });
      expect(withPublic.filter((l) => l.includes('Students join at'))).toEqual(['  Students join at https://arena.example.edu']);
    });
  });
});
