/**
 * The live game for browser tests: the real server (createApplication) in this process on
 * 127.0.0.1, serving the built client, with its SQLite store in a temporary folder so a test
 * can stop it gracefully and start it again on the same port. Plus what a student types for
 * each kind of answer, computed from the server's own problem (the test may read it; a page
 * never can).
 */
import fs from 'node:fs';
import { type Server as HttpServer, createServer } from 'node:http';
import { type AddressInfo, type Server as NetServer, createServer as createNetServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type Application, createApplication } from '../../server/app.ts';
import type { ServerConfig } from '../../server/config.ts';
import type { HomeworkStore } from '../../server/homework/homework-store.ts';
import { type TlsFiles, createFrontDoor } from '../../server/front-door.ts';
import type { InterfaceMap } from '../../server/network-addresses.ts';
import type { RoomState } from '../../server/room/room-state.ts';
import { RoomStore } from '../../server/store/room-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { type Problem, formatNumber, gradeAnswer, revealsSecret } from '../../shared/engine/index.ts';
import { silentLogger } from '../room/support.ts';
import { TEST_CONFIG } from '../server/support.ts';
import { CLIENT_DIST, buildClient, launchBrowser } from './harness.ts';

export interface GameServer {
  readonly url: string;
  readonly application: Application;
  /** The room's full state, answers included, as the server holds it now. */
  room(code: string): Readonly<RoomState>;
  /** A graceful stop (every connection told `server:restarting`), then a new server on the same port and store. */
  restart(pauseMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface GameServerOptions {
  /** Configuration over the tests' defaults (e.g. a PUBLIC_URL). */
  config?: Partial<ServerConfig>;
  /** The machine's interfaces as the server should see them. */
  networkInterfaces?: () => InterfaceMap;
  /** One more address to serve on besides 127.0.0.1, same port (a test network's end, never 0.0.0.0). */
  alsoOn?: string;
  /** Serve HTTPS beside HTTP on the same port (the server's front door). */
  tls?: TlsFiles;
  /** Every room's seed (default a fixed one), for a test that needs particular problems. */
  seed?: number;
  /** The homework store (default: in the rooms' SQLite file), for a test that reads what the server keeps. */
  homework?: HomeworkStore;
}

export async function startGameServer(options: GameServerOptions = {}): Promise<GameServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-browser-'));
  let httpServer: HttpServer;
  let application: Application;
  let port = 0;
  let extra: NetServer | null = null;

  const open = async () => {
    httpServer = createServer();
    application = createApplication(httpServer, {
      config: { ...TEST_CONFIG, clientDir: CLIENT_DIST, ...options.config },
      ...(options.networkInterfaces ? { networkInterfaces: options.networkInterfaces } : {}),
      logger: silentLogger,
      store: new RoomStore(new SqliteStore({ dataDir }), silentLogger),
      ...(options.homework ? { homework: options.homework } : {}),
      // Fixed, so every run plays the same problems (the tests never depend on which).
      seedSource: () => options.seed ?? 0x5eed_b0a7,
      presenceIntervalMs: 0,
      requestsPerSecond: 10_000,
      roomsPerMinute: 1000,
      limits: { answersPerSecond: 10_000, joinMissesPerMinute: 10_000, roomJoinsPerSecond: 10_000 },
    });
    const listener = options.tls ? createFrontDoor(httpServer, options.tls) : httpServer;
    if (options.tls) httpServer.once('close', () => listener.close());
    await new Promise<void>((resolve) => listener.listen(port, '127.0.0.1', resolve));
    port = (listener.address() as AddressInfo).port;
    if (options.alsoOn) {
      // The same HTTP server answers there: its connections are handed over as they arrive.
      const server = httpServer;
      extra = createNetServer((socket) => server.emit('connection', socket));
      await new Promise<void>((resolve) => extra!.listen(port, options.alsoOn, resolve));
      server.once('close', () => extra?.close());
    }
  };
  await open();

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get application() {
      return application;
    },
    room(code) {
      const room = application.registry.get(code);
      if (!room) throw new Error(`no room ${code} on the server`);
      return room.current;
    },
    async restart(pauseMs = 3000) {
      const closing = application.close();
      // The graceful stop awaits io.close(), which waits for the HTTP server to close, while
      // browsers on long-polling keep reusing their keep-alive connections (their retries get no
      // answer once the handler is off): past the stop's own 1.5 s flush, close those
      // connections as the process's 10 s forced exit would.
      const server = httpServer;
      let sweeper: ReturnType<typeof setInterval> | null = null;
      const start = setTimeout(() => {
        sweeper = setInterval(() => server.closeAllConnections(), 250);
      }, 2000);
      try {
        await closing;
      } finally {
        clearTimeout(start);
        if (sweeper) clearInterval(sweeper);
      }
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      await open();
    },
    async close() {
      extra?.close();
      await application.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ─── What students type ─────────────────────────────────────────────────────────────

/**
 * A browser suite's live game: the built client, the real server and one Chromium, started before
 * the suite's tests and stopped after them. Tests read `live.server` and `live.browser`.
 */
export function liveGame(options: GameServerOptions = {}): { readonly server: GameServer; readonly browser: Browser } {
  let server: GameServer | null = null;
  let browser: Browser | null = null;
  beforeAll(async () => {
    await buildClient();
    server = await startGameServer(options);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = <T>(value: T | null): T => {
    if (value === null) throw new Error('the live game starts in beforeAll: read it inside a test');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get browser() {
      return started(browser);
    },
  };
}

/** localStorage as a Map, one per simulated device (a host store driven from the test, not a page). */
export class DeviceStorage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

export type Behaviour = 'correct' | 'mistake' | 'wrong';

/** The problem a player sees: the team's variant when the room has variants. */
export function problemFor(room: Readonly<RoomState>, index: number, teamId: string | null): Problem {
  const question = room.questions[index]!;
  return (teamId && question.variants?.[teamId]) || question.problem;
}

/** Sends `text` from a phone on its question: picks the choice, or types on the keypad. */
export async function sendAnswer(page: Page, problem: Problem, text: string): Promise<void> {
  if (problem.format === 'choice') {
    await page.locator(`.problem__choice:has(input[value="${text}"])`).click();
    await page.locator('.play-question__send').click();
  } else {
    await page.locator('.keypad__input').fill(text);
    await page.locator('.keypad__submit').click();
  }
}

/** An answer to a one-step problem (or one step of a chain) that earns the given behaviour's verdict. */
export function answerFor(problem: Problem, behaviour: Behaviour, step: number | null = null): string {
  if (problem.format === 'choice') {
    const right = String(problem.answer);
    if (behaviour === 'correct') return right;
    return problem.choices!.find((choice) => choice.id !== right)!.id;
  }
  const source = step === null ? problem : problem.steps![step]!;
  const value = source.grading.value as number;
  if (behaviour === 'correct') return formatNumber(value, 6);
  if (behaviour === 'mistake') {
    for (const m of source.misconceptions) {
      if (typeof m.value !== 'number') continue;
      const text = formatNumber(m.value, 4);
      const verdict = gradeAnswer(problem, text, step === null ? {} : { step, earlier: {} });
      if (verdict.diagnosis === m.key && verdict.status !== 'correct') return text;
    }
  }
  return formatNumber(value * -7 + 3, 4);
}

/** The visible text of a page, with the typographic minus read as an ASCII one. */
export async function pageText(page: Page): Promise<string> {
  const text = await page.evaluate(() => document.body.innerText);
  return text.replace(/\u2212/g, '-');
}

/**
 * Whether the page's text shows any written form of the problem's answer, apart from what
 * the student typed there (a right answer typed is on screen, of course).
 */
export async function showsAnswer(page: Page, problem: Problem, typed: readonly string[] = []): Promise<boolean> {
  let text = await pageText(page);
  for (const own of typed) text = text.split(own).join(' ');
  return revealsSecret(problem, text);
}
