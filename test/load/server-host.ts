/**
 * The server under test, in its own process (started with --expose-gc, and --cpu-prof on request):
 * either the game server (`createApplication` from server/app.ts; one node of a cluster when
 * BENCH_REDIS_URL is set) or the bare Socket.IO baseline, listening on 127.0.0.1 on a free port.
 *
 * It measures from the inside, for the orchestrator: heap and RSS after a full GC, event-loop delay
 * over a window, CPU time, and when the server emitted each kind of event. The send times come from a
 * wrapper around Socket.IO's `Socket#emit` and `BroadcastOperator#emit` (which `io.to(room).emit`
 * and `io.emit` go through): the protocol and the server code are untouched.
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import { Socket } from 'socket.io';
import { serveRpc, signalReady } from './ipc.ts';
import { EVENT_PACKET, epochNow } from './stats.ts';

export type TargetName = 'game' | 'baseline';

/** A run of consecutive `emit` calls of one kind of event, in the order the server made them. */
export interface EmitRecord {
  /** Event name, with the phase for `room:phase` (`room:phase:reveal`). */
  tag: string;
  /** Calls in the run (one per player for personal frames; one per room or class of viewer for broadcasts). */
  calls: number;
  first: number;
  last: number;
  /** Emits made in one synchronous stretch of the server's code (one transition) share a tick. */
  tick: number;
  /**
   * The room code the emit went to: the part before the first `:` of the first Socket.IO room of a
   * broadcast (`ABC123:host`), or the `code` in the socket's data for a direct emit; '' if unknown.
   */
  room: string;
}

export interface LoopStats {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  /** CPU time (user + system) of the server process over the window. */
  cpuMs: number;
  /**
   * The same up to the window's first reveal frame (the game reveals the moment the last answer is in,
   * inside the window; the baseline's host reveals after it): the answers' share, on both sides alike.
   */
  cpuMsBeforeReveal: number;
  wallMs: number;
}

export interface MemorySample {
  heapUsed: number;
  heapTotal: number;
  rss: number;
  external: number;
  arrayBuffers: number;
}

export interface ServerHostApi {
  /** Forget emit records: the next `emits` call reports what was emitted after this point. Returns the time. */
  mark(): number;
  /** Runs of emits since the last mark, in order. */
  emits(): EmitRecord[];
  loopStart(): void;
  loopStop(): LoopStats;
  memory(): Promise<MemorySample>;
  cpu(): { userMs: number; systemMs: number };
  /** Writes a heap snapshot (after a full GC) to `file` and returns its name. */
  heapSnapshot(file: string): Promise<string>;
  shutdown(): Promise<void>;
}

/** What the game-target adapter module exports (loaded by path, so it can follow the server as it lands). */
export interface TargetApplication {
  close(): Promise<void>;
}

const target = (process.env.BENCH_TARGET ?? 'game') as TargetName;

// ─── Emit timestamps ──────────────────────────────────────────────────────────────

const TRACKED = new Set(['room:phase', 'room:standings', 'room:me', 'room:snapshot', 'room:presence', 'room:roster', 'room:info']);
const MAX_RUNS = 200_000;
let runs: EmitRecord[] = [];
let tick = 0;
let tickEnding = false;

/** The current synchronous stretch: a queued microtask ends it, so emits of one transition share a number. */
function currentTick(): number {
  if (!tickEnding) {
    tickEnding = true;
    queueMicrotask(() => {
      tickEnding = false;
      tick += 1;
    });
  }
  return tick;
}

/** Socket.IO's connection ids (engine.io's `base64id`: 15 random bytes, 20 characters), each also a room of its own. */
const CONNECTION_ID = /^[\w+/=-]{20}$/;

/**
 * The room code of an emit; `null` for a broadcast to connections by their ids (a cluster's owner
 * reaches a player on another node that way). The game's Socket.IO rooms are `<code>:<audience>`;
 * the baseline's are the bare code.
 */
function roomOf(target: unknown): string | null {
  const rooms = (target as { rooms?: unknown }).rooms;
  if (rooms instanceof Set) {
    for (const room of rooms) {
      const name = String(room);
      if (name.includes(':')) return name.split(':')[0]!;
      return CONNECTION_ID.test(name) ? null : name;
    }
    return '';
  }
  const code = (target as { data?: { code?: unknown } }).data?.code;
  return typeof code === 'string' ? code : '';
}

/** The room of the current stretch, and its runs to connections by id made before the room was known. */
let stretch: { tick: number; room: string | null; unnamed: EmitRecord[] } = { tick: -1, room: null, unnamed: [] };

function note(target: unknown, event: unknown, sent: unknown): void {
  if (typeof event !== 'string' || !TRACKED.has(event)) return;
  // A value the game sends to many sockets one by one travels serialised once, as `{ value, json }`
  // (server/socket/frame-encoder.ts; not imported, so that the baseline's process loads nothing of the game).
  const first = sent !== null && typeof sent === 'object' && 'json' in sent && 'value' in sent ? sent.value : sent;
  const phase = event === 'room:phase' && first && typeof first === 'object' ? (first as { phase?: unknown }).phase : undefined;
  const tag = typeof phase === 'string' ? `${event}:${phase}` : event;
  if (tag === 'room:phase:reveal' && loopWall > 0 && loopCpuAtReveal === null) loopCpuAtReveal = process.cpuUsage(loopCpu);
  const t = epochNow();
  const now = currentTick();
  if (stretch.tick !== now) stretch = { tick: now, room: null, unnamed: [] };
  // A transition's frames all belong to one room: frames to connections by id take the room of their stretch.
  const named = roomOf(target);
  const room = named ?? stretch.room ?? '';
  if (named !== null && named !== '' && stretch.room === null) {
    stretch.room = named;
    for (const unnamed of stretch.unnamed) unnamed.room = named;
    stretch.unnamed = [];
  }
  const run = runs[runs.length - 1];
  if (run && run.tag === tag && run.tick === now && run.room === room) {
    run.calls += 1;
    run.last = t;
  } else if (runs.length < MAX_RUNS) {
    const record = { tag, calls: 1, first: t, last: t, tick: now, room };
    runs.push(record);
    if (room === '' && named === null) stretch.unnamed.push(record);
  }
}

type Emit = (this: unknown, event: string, ...args: unknown[]) => unknown;
// `BroadcastOperator` is not among socket.io's runtime exports; its module is required by absolute
// path, which is the same module instance the server gets (CommonJS caches by resolved file name).
const require = createRequire(import.meta.url);
const { BroadcastOperator } = require(join(dirname(require.resolve('socket.io')), 'broadcast-operator.js')) as {
  BroadcastOperator: { prototype: { emit: Emit } };
};
/** Inside a broadcast, whose per-socket writes are not frames of their own. */
let broadcasting = false;
for (const proto of [Socket.prototype, BroadcastOperator.prototype] as unknown as { emit: Emit }[]) {
  const original = proto.emit;
  const broadcast = proto === (BroadcastOperator.prototype as unknown);
  proto.emit = function emit(this: unknown, event: string, ...args: unknown[]) {
    note(this, event, args[0]);
    if (!broadcast) return original.call(this, event, ...args);
    broadcasting = true;
    try {
      return original.call(this, event, ...args);
    } finally {
      broadcasting = false;
    }
  };
}

/**
 * The game writes a frame to one WebSocket as a finished WebSocket frame, straight to the
 * connection's engine (server/socket/socket-transport.ts), not through `socket.emit`: such writes are
 * noted from their packet text. A broadcast's per-socket writes look the same and are skipped.
 */
const { Client } = require(join(dirname(require.resolve('socket.io')), 'client.js')) as {
  Client: { prototype: { writeToEngine(this: { sockets: Map<string, unknown> }, packets: unknown, options?: { wsPreEncodedFrame?: unknown }): unknown } };
};
const writeToEngine = Client.prototype.writeToEngine;
Client.prototype.writeToEngine = function (packets, options) {
  const text = Array.isArray(packets) ? packets[0] : packets;
  if (!broadcasting && options?.wsPreEncodedFrame !== undefined && typeof text === 'string') {
    const match = EVENT_PACKET.exec(text.length > 80 ? text.slice(0, 80) : text);
    const socket = this.sockets.values().next().value;
    if (match && socket) note(socket, match[1], match[2] ? { phase: match[2] } : null);
  }
  return writeToEngine.call(this, packets, options);
};

// ─── Event loop, CPU, memory ──────────────────────────────────────────────────────

const loop = monitorEventLoopDelay({ resolution: 10 });
let loopCpu = process.cpuUsage();
let loopWall = 0;
let loopCpuAtReveal: NodeJS.CpuUsage | null = null;

const gc = (globalThis as { gc?: () => void }).gc;

async function memoryAfterGc(): Promise<MemorySample> {
  if (!gc) throw new Error('the server host needs --expose-gc');
  // Two passes with a turn of the loop between them: finalizers and weak callbacks run after the first.
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  const { heapUsed, heapTotal, rss, external, arrayBuffers } = process.memoryUsage();
  return { heapUsed, heapTotal, rss, external, arrayBuffers };
}

// ─── The application ──────────────────────────────────────────────────────────────

const httpServer = http.createServer();
let application: TargetApplication;
if (target === 'baseline') {
  const { createBaselineApplication } = await import('./baseline-server.ts');
  application = createBaselineApplication(httpServer);
} else {
  const { createGameTarget } = await import('./game-target.ts');
  application = await createGameTarget(httpServer);
}

let shuttingDown = false;
async function shutdown(code = 0): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  const timer = setTimeout(() => process.exit(code), 3000);
  try {
    await application.close();
  } catch {
    // Closing is best effort: the process exits either way (and writes its CPU profile if asked).
  }
  clearTimeout(timer);
  process.exit(code);
}
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGINT', () => void shutdown(0));

const api: ServerHostApi = {
  mark() {
    runs = [];
    return epochNow();
  },
  emits() {
    return runs;
  },
  loopStart() {
    loop.reset();
    loop.enable();
    loopCpu = process.cpuUsage();
    loopCpuAtReveal = null;
    loopWall = performance.now();
  },
  loopStop() {
    loop.disable();
    const cpu = process.cpuUsage(loopCpu);
    const beforeReveal = loopCpuAtReveal ?? cpu;
    const wallMs = performance.now() - loopWall;
    loopWall = 0;
    const ms = (ns: number) => (Number.isFinite(ns) ? ns / 1e6 : 0);
    return {
      p50Ms: ms(loop.percentile(50)),
      p99Ms: ms(loop.percentile(99)),
      maxMs: ms(loop.max),
      meanMs: ms(loop.mean),
      cpuMs: (cpu.user + cpu.system) / 1000,
      cpuMsBeforeReveal: (beforeReveal.user + beforeReveal.system) / 1000,
      wallMs,
    };
  },
  memory: memoryAfterGc,
  cpu() {
    const { user, system } = process.cpuUsage();
    return { userMs: user / 1000, systemMs: system / 1000 };
  },
  async heapSnapshot(file) {
    await memoryAfterGc();
    return writeHeapSnapshot(file);
  },
  async shutdown() {
    setImmediate(() => void shutdown(0));
  },
};
serveRpc(api);

httpServer.listen(0, '127.0.0.1', () => {
  const address = httpServer.address();
  signalReady(typeof address === 'object' && address ? address.port : 0);
});
