/**
 * npm run bench:first-load — what a phone on a slow network downloads, and how long it waits,
 * from opening the join link to a question it can answer (rendered math, keypad ready).
 *
 * The real server serves the built client; a host socket creates a one-question room and starts
 * it as soon as the phone has joined. Chromium emulates DevTools' "Slow 3G" (2 s latency,
 * 400 kbit/s each way). The phone opens the room by a classroom-style address
 * (`http://arena.test:<port>`, mapped to 127.0.0.1), so, as on a school network over plain http,
 * no service worker downloads the practice files in the background.
 *
 * Two starts: the teacher starts the moment the phone has joined (all the phone's downloading is
 * waited for), and after the phone has sat 10 s in the lobby (BENCH_LOBBY_MS), as in a class, where
 * what counts is the wait from the teacher's Start.
 *
 * Two browsers' ways of asking, alternated, three runs each, in the same run:
 *   - `compressed`: Chromium's own Accept-Encoding (br, gzip): what phones get now;
 *   - `plain`: Accept-Encoding: identity: every byte uncompressed, which is what every phone got
 *     before the build wrote compressed copies (the server compressed nothing).
 * It prints the median of each and their ratio.
 */
import fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { chromium } from 'playwright-core';
import { io } from 'socket.io-client';
import { ensureClientBuild } from '../../scripts/ensure-client-build.ts';
import { createApplication } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { RoomStore } from '../../server/store/room-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
// DevTools' "Slow 3G" preset (front_end/core/sdk/NetworkManager.ts): 400 ms × 5 latency, 500 kbit/s × 0.8.
const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: ((500 * 1000) / 8) * 0.8, uploadThroughput: ((500 * 1000) / 8) * 0.8 };
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

type Variant = 'compressed' | 'plain';
/** How long the phone sits in the lobby before the teacher starts: 0, or a class's usual wait. */
const LOBBY_WAITS = [0, Number(process.env.BENCH_LOBBY_MS ?? 10_000)];
interface Sample {
  variant: Variant;
  lobbyMs: number;
  /** From opening the join link to an answerable question. */
  ms: number;
  /** From the teacher's Start to an answerable question. */
  fromStart: number;
  transferred: number;
  decoded: number;
  requests: number;
}

await ensureClientBuild({ quiet: true });
const logger = pino({ level: 'silent' });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-first-load-'));
const httpServer = createServer();
const application = createApplication(httpServer, {
  config: { ...loadConfig({}), port: 0, host: '127.0.0.1', clientDir: path.join(REPO, 'dist/client'), publicUrl: null, logLevel: 'silent' },
  logger,
  store: new RoomStore(new SqliteStore({ dataDir }), logger),
});
await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
const port = (httpServer.address() as AddressInfo).port;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP arena.test 127.0.0.1'] });

async function once(variant: Variant, lobbyMs: number, run: number): Promise<Sample> {
  const host = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], forceNew: true, reconnection: false });
  const call = (event: string, payload: unknown) =>
    new Promise<{ ok: boolean; data?: any; error?: { code: string } }>((resolve) => host.timeout(10_000).emit(event, payload, (err: Error | null, ack: any) => resolve(err ? { ok: false, error: { code: err.message } } : ack)));
  await new Promise<void>((resolve) => host.once('connect', () => resolve()));
  await call('session:hello', { protocolVersion: 2 });
  const created = await call('room:create', { config: { title: `First load ${run}`, kinds: ['chain-gradient'], difficulties: [1], questionCount: 1, timeLimitSec: 120, lang: 'en' } });
  if (!created.ok) throw new Error(`room:create refused: ${created.error?.code}`);
  const code: string = created.data.code;
  let startedGame = 0;
  const startGame = () => {
    startedGame = performance.now();
    void call('game:start', {});
  };
  // With no lobby wait, the game starts the moment the phone has joined: the wait measured is all the phone's.
  if (lobbyMs === 0) {
    host.on('room:presence', (presence: { players: number }) => {
      if (presence.players === 1) startGame();
    });
  }

  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    hasTouch: true,
    locale: 'en',
    ...(variant === 'plain' ? { extraHTTPHeaders: { 'accept-encoding': 'identity' } } : {}),
  });
  const page = await context.newPage();
  let started = performance.now();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  const transferred = new Map<string, number>();
  const decoded = new Map<string, number>();
  cdp.on('Network.dataReceived', (e) => decoded.set(e.requestId, (decoded.get(e.requestId) ?? 0) + e.dataLength));
  cdp.on('Network.loadingFinished', (e) => transferred.set(e.requestId, e.encodedDataLength));
  // BENCH_VERBOSE=1 prints the waterfall: which request waited for which.
  const begun = new Map<string, { url: string; at: number }>();
  cdp.on('Network.requestWillBeSent', (e) => begun.set(e.requestId, { url: e.request.url, at: performance.now() }));
  if (process.env.BENCH_VERBOSE) {
    cdp.on('Network.loadingFinished', (e) => {
      const request = begun.get(e.requestId);
      if (request) console.log(`  ${((request.at - started) / 1000).toFixed(2).padStart(6)} → ${((performance.now() - started) / 1000).toFixed(2).padStart(6)} s  ${(e.encodedDataLength / 1024).toFixed(1).padStart(6)} KB  ${new URL(request.url).pathname}`);
    });
  }

  started = performance.now();
  await page.goto(`http://arena.test:${port}/join/${code}`);
  const nickname = page.locator('input[name="nickname"]');
  await nickname.fill('Ada', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Join', exact: true }).click({ timeout: 120_000 });
  if (lobbyMs > 0) {
    await page.locator('.play-lobby').waitFor({ timeout: 120_000 });
    await new Promise((resolve) => setTimeout(resolve, lobbyMs));
    startGame();
  }
  await page.locator('.keypad__input').waitFor({ timeout: 120_000 });
  await page.waitForFunction(() => document.querySelectorAll('.math--plain').length === 0 && document.querySelector('.katex') !== null, undefined, { timeout: 120_000 });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const ms = performance.now() - started;
  const sample: Sample = {
    variant,
    lobbyMs,
    ms,
    fromStart: performance.now() - startedGame,
    transferred: [...transferred.values()].reduce((a, b) => a + b, 0),
    decoded: [...decoded.values()].reduce((a, b) => a + b, 0),
    requests: transferred.size,
  };
  await context.close();
  host.close();
  return sample;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const samples: Sample[] = [];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
try {
  for (let run = 0; run < RUNS; run++) {
    for (const lobbyMs of LOBBY_WAITS) {
      for (const variant of run % 2 === 0 ? (['plain', 'compressed'] as const) : (['compressed', 'plain'] as const)) {
        const sample = await once(variant, lobbyMs, run);
        samples.push(sample);
        console.log(
          `run ${run + 1} lobby ${seconds(lobbyMs)} ${variant.padEnd(10)} link→question ${seconds(sample.ms)}, Start→question ${seconds(sample.fromStart)}, ${(sample.transferred / 1024).toFixed(1)} KB transferred (${(sample.decoded / 1024).toFixed(1)} KB decoded, ${sample.requests} requests)`,
        );
      }
    }
  }
  console.log(`\nSlow 3G, an answerable first question, median of ${RUNS} (${os.cpus().length} cores, Node ${process.version}):`);
  for (const lobbyMs of LOBBY_WAITS) {
    const summary = (variant: Variant) => {
      const of = samples.filter((s) => s.variant === variant && s.lobbyMs === lobbyMs);
      return { ms: median(of.map((s) => s.ms)), fromStart: median(of.map((s) => s.fromStart)), transferred: median(of.map((s) => s.transferred)), decoded: median(of.map((s) => s.decoded)), requests: median(of.map((s) => s.requests)) };
    };
    const plain = summary('plain');
    const compressed = summary('compressed');
    console.log(lobbyMs === 0 ? '  the teacher starts the moment the phone has joined:' : `  the teacher starts after ${seconds(lobbyMs)} in the lobby:`);
    for (const [name, s] of [['plain', plain], ['compressed', compressed]] as const) {
      console.log(`    ${name.padEnd(10)} link→question ${seconds(s.ms)}, Start→question ${seconds(s.fromStart)}, ${(s.transferred / 1024).toFixed(1)} KB transferred, ${(s.decoded / 1024).toFixed(1)} KB decoded, ${s.requests} requests`);
    }
    console.log(`    compressed / plain: link→question ${(compressed.ms / plain.ms).toFixed(2)}×, Start→question ${(compressed.fromStart / plain.fromStart).toFixed(2)}×, bytes ${(compressed.transferred / plain.transferred).toFixed(2)}×`);
  }
} finally {
  await browser.close();
  await application.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
