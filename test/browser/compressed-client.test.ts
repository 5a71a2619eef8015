/**
 * The built client as phones download it: every script, style sheet and the shell come
 * brotli-compressed to a browser that reads brotli, byte for byte the built file once decoded.
 * (What that saves on a slow network: npm run bench:first-load, docs/benchmarks.md.)
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GameServer, startGameServer } from './game-support.ts';
import { CLIENT_DIST, browserTestsEnabled, buildClient, launchBrowser, openPage } from './harness.ts';

const enabled = browserTestsEnabled();

function rawGet(url: string): Promise<{ encoding: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': 'gzip, deflate, br' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe.skipIf(!enabled)('the built client, compressed', () => {
  let server: GameServer;

  beforeAll(async () => {
    await buildClient();
    server = await startGameServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('sends every script and style sheet, and the shell, as brotli (all but the few too small to gain)', async () => {
    // vite.config.ts leaves files under 512 bytes as they are: a header costs more than they would save.
    const assets = readdirSync(path.join(CLIENT_DIST, 'assets')).filter((name) => /\.(js|css)$/.test(name) && statSync(path.join(CLIENT_DIST, 'assets', name)).size >= 512);
    expect(assets.length).toBeGreaterThan(10);
    for (const file of ['index.html', 'sw.js', ...assets.map((name) => `assets/${name}`)]) {
      const { encoding, body } = await rawGet(`${server.url}/${file}`);
      expect(encoding, file).toBe('br');
      expect(brotliDecompressSync(body).equals(readFileSync(path.join(CLIENT_DIST, file))), file).toBe(true);
    }
  });

  it('a phone opening a join link receives its scripts compressed', async () => {
    const browser = await launchBrowser();
    try {
      const { page } = await openPage(browser, { lang: 'en' });
      const encodings: string[] = [];
      page.on('response', (response) => {
        if (/\.(js|css)$/.test(new URL(response.url()).pathname)) encodings.push(response.headers()['content-encoding'] ?? 'none');
      });
      await page.goto(`${server.url}/join/ABCDEF`);
      await page.locator('input[name="nickname"]').waitFor();
      expect(encodings.length).toBeGreaterThan(0);
      expect(new Set(encodings)).toEqual(new Set(['br']));
    } finally {
      await browser.close();
    }
  });
});
