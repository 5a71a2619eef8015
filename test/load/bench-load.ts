/**
 * npm run bench:load -- --scenario smoke|2k|5k|20k|flood|two-node|homework|homework-smoke
 *
 * Drives the game server and a bare Socket.IO baseline with the same bots, one after the other on
 * the same machine, and reports every figure as ours, baseline and the ratio. A scenario with a
 * cluster (`two-node`) also runs the game as a cluster of nodes on one Redis and reports the
 * cluster, one embedded node and the baseline side by side. Processes:
 *   - this orchestrator, which also holds the host socket of each room;
 *   - the server under test, alone in its own process (`server-host.ts`, with --expose-gc), or for
 *     a cluster one such process per node and a redis-server (`redis-host.ts`) started for the run;
 *   - N bot worker processes (`bot-worker.ts`), each holding a share of the players' sockets.
 * Everything listens and connects on 127.0.0.1 only. Every child is stopped on exit, failure or Ctrl-C.
 *
 * Options: --target both|game|baseline|cluster (or a list: game,cluster; `both` is game and baseline,
 * and the cluster too when the scenario has one), --nodes N (cluster nodes, default 2),
 * --redis-fsync always|everysec|no (the cluster's Redis append-only fsync policy, default always),
 * --workers N, --players N (per room), --rooms N, --questions N, --window MS (answer window),
 * --rejoin SHARE, --concurrency N (joins in flight per worker), --source-ips N (spread bots over
 * 127.0.0.1..N), --cpu-prof (profile the server process, each node's for a cluster),
 * --heap-snapshot (write the server's heap once every player has joined), --no-store (run the game
 * server without its SQLite store, to tell the store's cost apart),
 * --out DIR (default bench-results). The homework scenarios (homework-run.ts) take --players N (the
 * students), --duration SEC (the evening), --resume SHARE and --workers N, and run game and baseline.
 * Exit code 1 when a run fails (lost or failed acks, a crash,
 * players who never got a reveal, a room over capacity…); performance targets are reported, not enforced.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { RoomConfigInput } from '../../shared/protocol/index.ts';
import { REDIS_SERVER } from '../cluster/redis-harness.ts';
import type { AnswerReport, BotSpec, ByNode, JoinReport, ReceiptReport, Receipts, WorkerApi } from './bot-worker.ts';
import { HostDriver } from './host-driver.ts';
import { type Child, killAllChildrenSync, startChild, stopAllChildren } from './ipc.ts';
import type { RedisHostApi, RedisProbe, RedisReady, RedisStats } from './redis-host.ts';
import { type HomeworkResult, homeworkChecks, homeworkTable, refusalLines, runHomeworkTarget } from './homework-run.ts';
import { type HomeworkOptions, SCENARIOS, type Scenario } from './scenarios.ts';
import type { EmitRecord, LoopStats, MemorySample, ServerHostApi, TargetName } from './server-host.ts';
import { serverHostScript } from './server-script.ts';
import { type Summary, bump, epochNow, mergeCounts, sleep, summarize } from './stats.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
/** A player's request not acknowledged within this time counts as lost (a phone would show a failure long before). */
const ACK_TIMEOUT_MS = 10_000;
/** The host's commands build views of the whole room: they get longer before the run gives up. */
const HOST_ACK_TIMEOUT_MS = 30_000;
/**
 * Outcomes that are not failures: a valid answer acked, a typo refused as `invalid_answer`, and an
 * answer refused as `round_closed` from a player who was reconnecting when everyone else connected
 * had answered (the game closes a question then; it is counted and reported).
 */
const EXPECTED_OUTCOMES = new Set(['ok', 'invalid-refused', 'closed-while-away']);

/** What one run drives: one embedded game server (SQLite), the game as a cluster on Redis, or the bare baseline. */
type RunName = TargetName | 'cluster';
const RUN_NAMES: readonly RunName[] = ['game', 'baseline', 'cluster'];

/** Node names in reports: A is the node the hosts connect to, hence the owner of every room. */
const nodeLetter = (i: number) => String.fromCharCode(65 + i);

// ─── Options ──────────────────────────────────────────────────────────────────────

const { values: args } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'smoke' },
    target: { type: 'string', default: 'both' },
    nodes: { type: 'string' },
    'redis-fsync': { type: 'string', default: 'always' },
    workers: { type: 'string' },
    players: { type: 'string' },
    rooms: { type: 'string' },
    questions: { type: 'string' },
    window: { type: 'string' },
    rejoin: { type: 'string' },
    concurrency: { type: 'string' },
    'source-ips': { type: 'string', default: '0' },
    'cpu-prof': { type: 'boolean', default: false },
    'heap-snapshot': { type: 'boolean', default: false },
    'no-store': { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-results' },
    duration: { type: 'string' },
    resume: { type: 'string' },
  },
  allowPositionals: false,
});

function scenarioFromArgs(): Scenario {
  const preset = SCENARIOS[args.scenario];
  if (!preset) {
    console.error(`unknown scenario ${args.scenario}; one of ${Object.keys(SCENARIOS).join(', ')}`);
    process.exit(2);
  }
  const int = (value: string | undefined, fallback: number) => (value === undefined ? fallback : Math.max(0, Math.round(Number(value))));
  return {
    ...preset,
    workers: Math.max(1, int(args.workers, preset.workers)),
    playersPerRoom: Math.max(1, int(args.players, preset.playersPerRoom)),
    rooms: Math.max(1, int(args.rooms, preset.rooms)),
    questions: Math.max(1, int(args.questions, preset.questions)),
    answerWindowMs: int(args.window, preset.answerWindowMs),
    joinConcurrency: Math.max(1, int(args.concurrency, preset.joinConcurrency)),
    rejoinShare: args.rejoin === undefined ? preset.rejoinShare : Number(args.rejoin),
    cluster: args.nodes === undefined ? preset.cluster : { nodes: Math.max(1, int(args.nodes, 2)) },
    homework: preset.homework && homeworkFromArgs(preset.homework),
    deadlineMs: preset.homework && args.duration !== undefined ? preset.deadlineMs - preset.homework.durationMs + homeworkFromArgs(preset.homework).durationMs : preset.deadlineMs,
  };
}

function homeworkFromArgs(preset: HomeworkOptions): HomeworkOptions {
  return {
    ...preset,
    durationMs: args.duration === undefined ? preset.durationMs : Math.max(1, Number(args.duration)) * 1000,
    resumeShare: args.resume === undefined ? preset.resumeShare : Math.min(1, Math.max(0, Number(args.resume))),
  };
}

// ─── Results ──────────────────────────────────────────────────────────────────────

interface RoundResult {
  round: number;
  /** Per node (one unless the target is a cluster), over the answer window. */
  loops: LoopStats[];
  /** Redis's CPU time and commands over the answer window, and how fast it answered a PING meanwhile (cluster only). */
  redis: { cpuMs: number; commands: number; ping: RedisProbe } | null;
  /** Emit runs from the question's opening to the reveal, then (tagged `after-reveal`) to the leaderboard. */
  emits: EmitRecord[];
  /** The reveal's frames, per room. */
  reveal: Burst[];
  /** Per-worker CPU time (ms) over the round so far (question, answers, reveal, leaderboard)… */
  botCpuMs: number[];
  /** …and the round's wall time so far. */
  wallMs: number;
  /** Per-worker event-loop delay p99 (worst of the answer window, the reveal and the leaderboard). */
  botLoopP99Ms: number[];
}

/** The frames that make up one transition (the personal results and the phase of a reveal, say). */
interface Burst {
  start: number;
  end: number;
  calls: Record<string, number>;
}

/** What one node of the target did and what its players saw (the whole target when it has one node). */
interface NodeResult {
  name: string;
  /** Players connected to this node. */
  players: number;
  ackMs: Summary;
  questionFanoutMs: Summary;
  revealFanoutMs: Summary;
  leaderboardFanoutMs: Summary;
  rejoinMs: Summary;
  loopLagP99Ms: number | null;
  loopLagMaxMs: number | null;
  cpuMsPerAnswerWindow: number | null;
  cpuMsJoins: number | null;
  memory: { base: MemorySample | null; lobby: MemorySample | null; end: MemorySample | null };
  /** Heap and RSS growth from before the first room to everyone seated (MB). */
  heapGrowthMB: number | null;
  rssGrowthMB: number | null;
  /** A cluster node's log file, and its lines at warn or above counted by level and message. */
  log: string | null;
  logWarnings: Record<string, number>;
}

interface RedisResult {
  /** Redis's append-only fsync policy in the run. */
  appendfsync: string;
  cpuMsJoins: number | null;
  commandsJoins: number | null;
  cpuMsPerAnswerWindow: number | null;
  commandsPerAnswer: number | null;
  /** Redis's CPU per answer window divided by the answers of a window. */
  cpuUsPerAnswer: number | null;
  /** PING round trips during the answer windows: worst p50 and p99 of the rounds (ms). */
  pingP50Ms: number | null;
  pingP99Ms: number | null;
  usedMemoryMBLobby: number | null;
  streamLengthEnd: number | null;
}

interface TargetResult {
  target: RunName;
  failures: string[];
  notes: string[];
  players: { attempted: number; joined: number };
  joinErrors: Record<string, number>;
  joinRetries: number;
  joinRatePerSec: number | null;
  connectMs: Summary;
  joinMs: Summary;
  ackMs: Summary;
  outcomes: Record<string, number>;
  lostAcks: number;
  failedAcks: number;
  rejoinMs: Summary;
  rejoinFailures: Record<string, number>;
  questionFanoutMs: Summary;
  revealFanoutMs: Summary;
  leaderboardFanoutMs: Summary;
  missingReceipts: number;
  /** Players reconnecting when a question closed (they got the reveal in their resync snapshot). */
  revealedWhileAway: number;
  graded: { asIntended: number; otherwise: number };
  loopLagP99Ms: number | null;
  loopLagMaxMs: number | null;
  serverCpuMsPerAnswerWindow: number | null;
  /** Summed over the nodes. */
  memory: { base: MemorySample | null; lobby: MemorySample | null; end: MemorySample | null };
  heapPerPlayerKB: number | null;
  rssPerPlayerKB: number | null;
  heapPerPlayerEndKB: number | null;
  /** Bytes received per player: at join (ack and snapshot), and per question by kind of frame (`all` for every frame). */
  bytesPerPlayer: { join: number | null; perQuestion: Record<string, number> };
  framesPerReveal: number | null;
  revealEmitSpanMs: number | null;
  serverCpuUsPerAnswer: number | null;
  /** The same, counting each window's CPU only up to its first reveal frame (see LoopStats.cpuMsBeforeReveal). */
  serverCpuUsPerAnswerBeforeReveal: number | null;
  botCpuMax: number | null;
  botLoopP99MaxMs: number | null;
  rounds: RoundResult[];
  flood: FloodResult | null;
  /** Per node, in the order of `--nodes` (one entry unless the target is a cluster). */
  nodes: NodeResult[];
  redis: RedisResult | null;
  wallMs: number;
}

interface FloodResult {
  attempted: number;
  seated: number;
  outcomes: Record<string, number>;
  capacity: number;
  playersInRoom: number | null;
  throttled: number;
  hostSyncMs: Summary;
  hostSyncFailures: number;
  floodJoinMs: Summary;
}

function emptyNode(name: string): NodeResult {
  const none = summarize([]);
  return {
    name,
    players: 0,
    ackMs: none,
    questionFanoutMs: none,
    revealFanoutMs: none,
    leaderboardFanoutMs: none,
    rejoinMs: none,
    loopLagP99Ms: null,
    loopLagMaxMs: null,
    cpuMsPerAnswerWindow: null,
    cpuMsJoins: null,
    memory: { base: null, lobby: null, end: null },
    heapGrowthMB: null,
    rssGrowthMB: null,
    log: null,
    logWarnings: {},
  };
}

function emptyResult(target: RunName): TargetResult {
  const none = summarize([]);
  return {
    target,
    failures: [],
    notes: [],
    players: { attempted: 0, joined: 0 },
    joinErrors: {},
    joinRetries: 0,
    joinRatePerSec: null,
    connectMs: none,
    joinMs: none,
    ackMs: none,
    outcomes: {},
    lostAcks: 0,
    failedAcks: 0,
    rejoinMs: none,
    rejoinFailures: {},
    questionFanoutMs: none,
    revealFanoutMs: none,
    leaderboardFanoutMs: none,
    missingReceipts: 0,
    revealedWhileAway: 0,
    graded: { asIntended: 0, otherwise: 0 },
    loopLagP99Ms: null,
    loopLagMaxMs: null,
    serverCpuMsPerAnswerWindow: null,
    memory: { base: null, lobby: null, end: null },
    heapPerPlayerKB: null,
    rssPerPlayerKB: null,
    heapPerPlayerEndKB: null,
    bytesPerPlayer: { join: null, perQuestion: {} },
    framesPerReveal: null,
    revealEmitSpanMs: null,
    serverCpuUsPerAnswer: null,
    serverCpuUsPerAnswerBeforeReveal: null,
    botCpuMax: null,
    botLoopP99MaxMs: null,
    rounds: [],
    flood: null,
    nodes: [],
    redis: null,
    wallMs: 0,
  };
}

// ─── One target ───────────────────────────────────────────────────────────────────

const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);

/**
 * Per room, the frames of the transition that first sent an anchor event there: every emit the
 * server made to that room in the same synchronous stretch (personal results, roster, head counts
 * and standings sent ahead of the phase, then the phase). Its start is the room's "server send"
 * time of a fan-out.
 */
function burstsByRoom(runs: readonly EmitRecord[], anchors: readonly string[]): Map<string, Burst> {
  const bursts = new Map<string, Burst>();
  const anchorTick = new Map<string, number>();
  for (const r of runs) if (anchors.includes(r.tag) && !anchorTick.has(r.room)) anchorTick.set(r.room, r.tick);
  for (const r of runs) {
    if (anchorTick.get(r.room) !== r.tick) continue;
    const burst = bursts.get(r.room);
    if (burst) {
      burst.start = Math.min(burst.start, r.first);
      burst.end = Math.max(burst.end, r.last);
      bump(burst.calls, r.tag, r.calls);
    } else bursts.set(r.room, { start: r.first, end: r.last, calls: { [r.tag]: r.calls } });
  }
  return bursts;
}

/**
 * Each receipt minus its room's send time, in all and per node of the receiving player;
 * `missingRooms` counts rooms with receipts but no recorded send.
 */
function latencies(receipts: ByNode<Receipts | null>, bursts: Map<string, Burst>): { ms: number[]; byNode: number[][]; missingRooms: number } {
  const ms: number[] = [];
  const byNode: number[][] = [];
  const missing = new Set<string>();
  receipts.forEach((perRoom, node) => {
    const into = (byNode[node] ??= []);
    for (const [code, times] of Object.entries(perRoom ?? {})) {
      const burst = bursts.get(code);
      if (!burst) {
        missing.add(code);
        continue;
      }
      for (const t of times) {
        ms.push(t - burst.start);
        into.push(t - burst.start);
      }
    }
  });
  return { ms, byNode, missingRooms: missing.size };
}

/** Appends per-node values (holes from the IPC's JSON arrive as null). */
function pushByNode(into: number[][], from: ByNode<number[] | null>): void {
  from.forEach((values, node) => (into[node] ??= []).push(...(values ?? [])));
}

function sumMemory(samples: readonly (MemorySample | null)[]): MemorySample | null {
  if (samples.length === 0 || samples.some((m) => m === null)) return null;
  const total: MemorySample = { heapUsed: 0, heapTotal: 0, rss: 0, external: 0, arrayBuffers: 0 };
  for (const m of samples as MemorySample[]) for (const key of Object.keys(total) as (keyof MemorySample)[]) total[key] += m[key];
  return total;
}

function roomConfig(scenario: Scenario): RoomConfigInput {
  return {
    title: `Load ${scenario.name}`,
    questionCount: scenario.questions,
    // A countdown runs as in a real game, but long enough that the host, not the deadline, ends each question.
    timeLimitSec: Math.ceil(scenario.answerWindowMs / 1000) + 120,
    capacity: scenario.flood ? scenario.flood.capacity : Math.min(5000, scenario.playersPerRoom + 10),
    kinds: ['forward', 'local-derivative', 'chain-gradient', 'update'],
    difficulties: [1, 2],
  };
}

/** `redis-server --version`, checked before a cluster run. */
let redisServerVersion = '';

/** The redis-server of a cluster run, for the last-resort cleanup on exit (a child killed with SIGKILL cannot clean up). */
let redisLeftover: RedisReady | null = null;

function removeRedisLeftover(): void {
  const leftover = redisLeftover;
  if (!leftover) return;
  redisLeftover = null;
  try {
    process.kill(leftover.pid, 'SIGKILL');
  } catch {
    // Already stopped.
  }
  rmSync(leftover.dir, { recursive: true, force: true });
}

async function runTarget(target: RunName, scenario: Scenario, sourceIps: number, cpuProf: boolean, outDir: string): Promise<TargetResult> {
  const result = emptyResult(target);
  const started = epochNow();
  const fail = (message: string) => {
    result.failures.push(message);
    console.error(`  ✗ ${target}: ${message}`);
  };
  const log = (message: string) => console.log(`  ${target}: ${message}`);
  const players = scenario.rooms * scenario.playersPerRoom;
  const floodBots = scenario.flood?.bots ?? 0;
  const clustered = target === 'cluster';
  const nodeCount = clustered ? (scenario.cluster?.nodes ?? 2) : 1;
  const nodeNames = Array.from({ length: nodeCount }, (_, i) => (clustered ? `node ${nodeLetter(i)}` : `${target} server`));
  result.nodes = nodeNames.map((name) => emptyNode(name));
  /** Players are spread evenly over the nodes, and every worker holds players of every node. */
  const nodeOf = (index: number) => Math.floor(index / scenario.workers) % nodeCount;

  const servers: Child<ServerHostApi>[] = [];
  let redis: Child<RedisHostApi> | null = null;
  const workers: Child<WorkerApi>[] = [];
  const hosts: HostDriver[] = [];

  // What the rounds gather; figures are computed from it even when a run stops early.
  const acc = {
    joins: [] as JoinReport[],
    ackMs: [] as number[],
    rejoinMs: [] as number[],
    question: [] as number[],
    reveal: [] as number[],
    leaderboard: [] as number[],
    byNode: { ackMs: [] as number[][], rejoinMs: [] as number[][], question: [] as number[][], reveal: [] as number[][], leaderboard: [] as number[][] },
    bytesByTag: {} as Record<string, number>,
  };

  // Every step races the exit of any process of the target and the scenario's deadline.
  let stopping = false;
  let rejectGuard!: (error: Error) => void;
  const guard = new Promise<never>((_resolve, reject) => {
    rejectGuard = reject;
  });
  guard.catch(() => {});
  const watch = (child: Child<ServerHostApi> | Child<RedisHostApi>) => {
    void child.exited.then(({ code, signal }) => {
      if (!stopping) rejectGuard(new Error(`the ${child.name} process exited during the run (code ${code}, signal ${signal})`));
    });
  };
  const deadlineTimer = setTimeout(() => rejectGuard(new Error(`the run took longer than ${scenario.deadlineMs / 1000} s`)), scenario.deadlineMs);
  const step = <T>(promise: Promise<T>): Promise<T> => Promise.race([promise, guard]);
  const onServers = <T>(call: (server: Child<ServerHostApi>) => Promise<T>): Promise<T[]> => step(Promise.all(servers.map(call)));
  const redisStats = async (): Promise<RedisStats | null> => (redis ? step(redis.call.stats()) : null);
  /** What the run is doing, for the failure message. */
  let stage = 'starting the server';

  try {
    let redisUrl: string | null = null;
    let appendfsync = '';
    if (clustered) {
      stage = 'starting redis-server';
      redis = startChild<RedisHostApi>(join(here, 'redis-host.ts'), {
        name: 'redis',
        execArgv: ['--import', 'tsx'],
        env: { BENCH_REDIS_FSYNC: args['redis-fsync'] },
        quiet: true,
      });
      watch(redis);
      const ready = (await step(redis.ready)) as RedisReady;
      redisLeftover = ready;
      redisUrl = ready.url;
      appendfsync = ready.appendfsync;
      log(`redis-server ${redisServerVersion} on ${ready.url} (append-only, appendfsync ${ready.appendfsync})`);
      stage = 'starting the nodes';
    }
    for (let i = 0; i < nodeCount; i++) {
      // One directory per process: Node writes one profile per thread.
      const profileDir = join(outDir, 'profiles', `${scenario.name}-${target}-${stamp}${clustered ? `-${nodeLetter(i)}` : ''}`);
      // A cluster node's log is kept: what it says about leases, takeovers and Redis is part of the result.
      let stdoutFd: number | undefined;
      if (clustered) {
        const file = join(outDir, 'logs', `${scenario.name}-${target}-${stamp}-${nodeLetter(i)}.log`);
        mkdirSync(dirname(file), { recursive: true });
        stdoutFd = openSync(file, 'w');
        result.nodes[i]!.log = file;
      }
      const server = startChild<ServerHostApi>(await serverHostScript(repoRoot), {
        name: nodeNames[i]!,
        execArgv: ['--enable-source-maps', '--expose-gc', ...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
        env: {
          BENCH_TARGET: target === 'baseline' ? 'baseline' : 'game',
          BENCH_STORE: args['no-store'] ? 'off' : 'on',
          ...(redisUrl ? { BENCH_REDIS_URL: redisUrl, BENCH_NODE_ID: `bench-${nodeLetter(i).toLowerCase()}` } : {}),
        },
        openFiles: players + floodBots + scenario.rooms + 256,
        quiet: true,
        ...(stdoutFd === undefined ? {} : { stdoutFd }),
      });
      // The child has its own copy of the descriptor.
      if (stdoutFd !== undefined) closeSync(stdoutFd);
      watch(server);
      servers.push(server);
    }
    const ports = (await step(Promise.all(servers.map((s) => s.ready)))) as number[];
    const urls = ports.map((port) => `http://127.0.0.1:${port}`);
    const bases = await onServers((s) => s.call.memory());
    bases.forEach((m, i) => (result.nodes[i]!.memory.base = m));

    // Rooms, each with its host, on the first node: in a cluster that node owns every room.
    stage = 'creating rooms';
    const config = roomConfig(scenario);
    for (let i = 0; i < scenario.rooms; i += 20) {
      const batch = Math.min(20, scenario.rooms - i);
      hosts.push(...(await step(Promise.all(Array.from({ length: batch }, () => HostDriver.create(urls[0]!, config, HOST_ACK_TIMEOUT_MS))))));
    }

    stage = 'starting bot workers';
    // Bot workers, players spread round-robin so every room spans every worker (and every node).
    const specs: BotSpec[][] = Array.from({ length: scenario.workers }, () => []);
    for (let i = 0; i < players; i++) {
      specs[i % scenario.workers]!.push({ index: i, code: hosts[Math.floor(i / scenario.playersPerRoom)]!.code, role: 'player', node: nodeOf(i) });
    }
    for (let i = 0; i < floodBots; i++) specs[i % scenario.workers]!.push({ index: players + i, code: hosts[0]!.code, role: 'flood', node: nodeOf(players + i) });
    const localAddresses = Array.from({ length: sourceIps }, (_, i) => `127.0.0.${i + 1}`);
    for (let w = 0; w < scenario.workers; w++) {
      const worker = startChild<WorkerApi>(join(here, 'bot-worker.ts'), {
        name: `bot worker ${w}`,
        execArgv: ['--import', 'tsx'],
        openFiles: specs[w]!.length + 1024,
      });
      workers.push(worker);
    }
    await step(
      Promise.all(
        workers.map((worker, w) =>
          worker.call.init({
            workerId: w,
            urls,
            bots: specs[w]!,
            answerWindowMs: scenario.answerWindowMs,
            ackTimeoutMs: ACK_TIMEOUT_MS,
            joinConcurrency: scenario.joinConcurrency,
            joinRetries: 30,
            rejoinShare: scenario.rejoinShare,
            mix: { correct: 0.6, wrong: 0.25, invalid: 0.15 },
            localAddresses,
          }),
        ),
      ),
    );

    // Join.
    stage = 'joining players';
    const cpuBeforeJoin = await onServers((s) => s.call.cpu());
    const redisBeforeJoin = await redisStats();
    const joins = await step(Promise.all(workers.map((w) => w.call.join({ role: 'player' }))));
    acc.joins = joins;
    const cpuAfterJoin = await onServers((s) => s.call.cpu());
    const redisAfterJoin = await redisStats();
    absorbJoins(result, joins, players);
    const joinCpu = cpuAfterJoin.map((after, i) => after.userMs + after.systemMs - cpuBeforeJoin[i]!.userMs - cpuBeforeJoin[i]!.systemMs);
    joinCpu.forEach((ms, i) => (result.nodes[i]!.cpuMsJoins = ms));
    if (redisBeforeJoin && redisAfterJoin) {
      result.redis = {
        appendfsync,
        cpuMsJoins: redisAfterJoin.cpuMs - redisBeforeJoin.cpuMs,
        commandsJoins: redisAfterJoin.commands - redisBeforeJoin.commands,
        cpuMsPerAnswerWindow: null,
        commandsPerAnswer: null,
        cpuUsPerAnswer: null,
        pingP50Ms: null,
        pingP99Ms: null,
        usedMemoryMBLobby: redisAfterJoin.usedMemory / 2 ** 20,
        streamLengthEnd: null,
      };
    }
    const joinCpuText = clustered
      ? `CPU ${joinCpu.map((ms, i) => `node ${nodeLetter(i)} ${fmt(ms)} ms`).join(', ')}, Redis ${fmt(result.redis?.cpuMsJoins)} ms`
      : `server CPU ${fmt(joinCpu[0])} ms`;
    log(`${result.players.joined}/${players} players joined at ${fmt(result.joinRatePerSec)}/s (${joinCpuText})`);
    if (result.players.joined < players) fail(`${players - result.players.joined} players could not join: ${JSON.stringify(result.joinErrors)}`);
    const lobbies = await onServers((s) => s.call.memory());
    lobbies.forEach((m, i) => (result.nodes[i]!.memory.lobby = m));
    if (args['heap-snapshot']) {
      for (let i = 0; i < servers.length; i++) {
        const dir = join(outDir, 'profiles', `${scenario.name}-${target}-${stamp}${clustered ? `-${nodeLetter(i)}` : ''}`);
        mkdirSync(dir, { recursive: true });
        log(`heap snapshot: ${await step(servers[i]!.call.heapSnapshot(join(dir, 'lobby.heapsnapshot')))}`);
      }
    }

    const timeouts = {
      answers: scenario.answerWindowMs + 2 * ACK_TIMEOUT_MS + 15_000,
      receipts: 30_000,
    };
    const absorbAnswers = (answers: AnswerReport[], round: number) => {
      for (const a of answers) {
        for (const values of a.ackMs) acc.ackMs.push(...(values ?? []));
        for (const values of a.rejoinMs) acc.rejoinMs.push(...(values ?? []));
        pushByNode(acc.byNode.ackMs, a.ackMs);
        pushByNode(acc.byNode.rejoinMs, a.rejoinMs);
        mergeCounts(result.outcomes, a.outcomes);
        mergeCounts(result.rejoinFailures, a.rejoinFailures);
        mergeCounts(acc.bytesByTag, a.bytesByTag);
        if (a.finished < a.players) fail(`round ${round}: ${a.players - a.finished} players did not finish answering in time`);
        if (a.sawQuestion < a.players) fail(`round ${round}: ${a.players - a.sawQuestion} players never got the question`);
      }
    };
    const absorbReceipts = (reports: ReceiptReport[], bursts: Map<string, Burst>, into: number[], intoByNode: number[][], what: string, round: number) => {
      let missingRooms = 0;
      for (const r of reports) {
        const got = latencies(r.receipts, bursts);
        into.push(...got.ms);
        pushByNode(intoByNode, got.byNode);
        missingRooms += got.missingRooms;
        result.missingReceipts += r.missing;
        result.revealedWhileAway += r.whileAway;
        if (r.missing > 0) fail(`round ${round}: ${r.missing} players never got the ${what}`);
        result.graded.asIntended += r.gradedAsIntended;
        result.graded.otherwise += r.gradedOtherwise;
      }
      if (missingRooms > 0) fail(`round ${round}: no server send time recorded for the ${what} in ${missingRooms} rooms`);
    };
    // The rooms' frames are sent by their owner (the only node of a single server): its emits time the fan-outs.
    const owner = servers[0]!;

    const rounds = scenario.flood ? 1 : scenario.questions;
    for (let round = 0; round < rounds; round++) {
      stage = `round ${round}: opening the question`;
      await onServers((s) => s.call.mark());
      const redisBefore = await redisStats();
      if (redis) await step(redis.call.probeStart());
      await onServers((s) => s.call.loopStart());
      const windowStart = epochNow();
      const advanced = await step(Promise.all(hosts.map((h) => (round === 0 ? h.start() : h.next('leaderboard')))));
      for (const a of advanced) if (!a.ok) fail(`round ${round}: the host could not open the question: ${a.error.code}`);

      stage = `round ${round}: answering`;
      let answers: AnswerReport[];
      if (scenario.flood) {
        const flood = scenario.flood;
        const stopSync = hosts[0]!.syncLoop(flood.syncIntervalMs);
        // The burst starts once the question is out, so its fan-out is measured before the bot workers get busy.
        const floodStart = sleep(300);
        const [floodJoins, legit] = await step(
          Promise.all([
            floodStart.then(() => Promise.all(workers.map((w) => w.call.join({ role: 'flood' })))),
            Promise.all(workers.map((w) => w.call.collectAnswers({ round, timeoutMs: timeouts.answers }))),
          ]),
        );
        const sync = await step(stopSync());
        answers = legit;
        const seated = await step(Promise.all(workers.map((w) => w.call.seated())));
        const snapshot = await step(hosts[0]!.sync());
        const outcomes: Record<string, number> = {};
        let attempted = 0;
        for (const j of floodJoins) {
          attempted += j.attempted;
          bump(outcomes, 'seated', j.joined);
          mergeCounts(outcomes, j.errors);
        }
        const playersInRoom = snapshot.ok && snapshot.data.presence ? snapshot.data.presence.players : null;
        result.flood = {
          attempted,
          seated: seated.reduce((n, s) => n + s.flood, 0),
          outcomes,
          capacity: flood.capacity,
          playersInRoom,
          throttled: Object.entries(outcomes)
            .filter(([k]) => k.endsWith('rate_limited'))
            .reduce((n, [, v]) => n + v, 0),
          hostSyncMs: summarize(sync.rttMs),
          hostSyncFailures: sync.failures,
          floodJoinMs: summarize(floodJoins.flatMap((j) => j.joinMs)),
        };
        log(`flood: ${JSON.stringify(outcomes)}; players in the room ${playersInRoom ?? 'n/a'} (capacity ${flood.capacity})`);
        if (target !== 'baseline') {
          if (playersInRoom === null) fail('flood: the host snapshot has no head count');
          else if (playersInRoom > flood.capacity) fail(`flood: ${playersInRoom} players seated in a room of capacity ${flood.capacity}`);
          if (result.flood.throttled === 0) result.notes.push('flood: no join was refused as rate_limited');
        }
        if (sync.failures > 0) fail(`flood: ${sync.failures} host room:sync requests failed`);
      } else {
        answers = await step(Promise.all(workers.map((w) => w.call.collectAnswers({ round, timeoutMs: timeouts.answers }))));
      }
      const loops = await onServers((s) => s.call.loopStop());
      const ping = redis ? await step(redis.call.probeStop()) : null;
      const redisAfter = await redisStats();
      absorbAnswers(answers, round);
      // The probe's own PINGs are not the game's commands.
      const redisRound =
        redisBefore && redisAfter && ping ? { cpuMs: redisAfter.cpuMs - redisBefore.cpuMs, commands: redisAfter.commands - redisBefore.commands - ping.count, ping } : null;
      const roundResult: RoundResult = {
        round,
        loops,
        redis: redisRound,
        emits: [],
        reveal: [],
        botCpuMs: answers.map((a) => a.cpuMs),
        wallMs: epochNow() - windowStart,
        botLoopP99Ms: answers.map((a) => a.loopP99Ms),
      };
      result.rounds.push(roundResult);

      // Reveal (the server may already have revealed when everyone answered).
      stage = `round ${round}: reveal`;
      const ended = await step(Promise.all(hosts.map((h) => h.endQuestion())));
      // Refused because the last answer had closed the question already. A cluster's broadcasts reach even
      // the owner's own sockets after their write to Redis, so that reveal may arrive just after the refusal.
      const revealSeen = await step(Promise.all(hosts.map((h, i) => (ended[i]!.ok ? true : h.waitForPhase('reveal', windowStart, 3000)))));
      ended.forEach((e, i) => {
        if (!e.ok && !revealSeen[i]) fail(`round ${round}: question:end refused: ${e.error.code}`);
      });
      const reveals = await step(
        Promise.all(workers.map((w) => w.call.collectReveal({ round, timeoutMs: timeouts.receipts, resultWaitMs: target === 'baseline' ? 0 : 3000 }))),
      );
      const emits = await step(owner.call.emits());
      const questionBursts = burstsByRoom(emits, ['room:phase:question']);
      const revealBursts = burstsByRoom(emits, ['room:phase:reveal']);
      let questionMissing = 0;
      for (const a of answers) {
        const got = latencies(a.questionReceipts, questionBursts);
        acc.question.push(...got.ms);
        pushByNode(acc.byNode.question, got.byNode);
        questionMissing += got.missingRooms;
      }
      if (questionMissing > 0) fail(`round ${round}: no server send time recorded for the question in ${questionMissing} rooms`);
      absorbReceipts(reveals, revealBursts, acc.reveal, acc.byNode.reveal, 'reveal', round);
      for (const r of reveals) mergeCounts(acc.bytesByTag, r.bytesByTag);
      roundResult.emits = emits;
      roundResult.reveal = [...revealBursts.values()];
      roundResult.botCpuMs = roundResult.botCpuMs.map((ms, w) => ms + reveals[w]!.cpuMs);
      roundResult.wallMs = epochNow() - windowStart;
      roundResult.botLoopP99Ms = roundResult.botLoopP99Ms.map((ms, w) => Math.max(ms, reveals[w]!.loopP99Ms));
      if (scenario.flood) break;

      // Leaderboard.
      stage = `round ${round}: leaderboard`;
      const since = (await onServers((s) => s.call.mark()))[0]!;
      const nexts = await step(Promise.all(hosts.map((h) => h.next('reveal'))));
      for (const n of nexts) if (!n.ok) fail(`round ${round}: the host could not show the leaderboard: ${n.error.code}`);
      const standings = await step(Promise.all(workers.map((w) => w.call.collectStandings({ since, timeoutMs: timeouts.receipts }))));
      const emits2 = await step(owner.call.emits());
      absorbReceipts(standings, burstsByRoom(emits2, ['room:standings', 'room:phase:leaderboard']), acc.leaderboard, acc.byNode.leaderboard, 'leaderboard', round);
      for (const s of standings) mergeCounts(acc.bytesByTag, s.bytesByTag);
      roundResult.emits.push(...emits2.map((e) => ({ ...e, tag: `after-reveal ${e.tag}` })));
      roundResult.botCpuMs = roundResult.botCpuMs.map((ms, w) => ms + standings[w]!.cpuMs);
      roundResult.wallMs = epochNow() - windowStart;
      roundResult.botLoopP99Ms = roundResult.botLoopP99Ms.map((ms, w) => Math.max(ms, standings[w]!.loopP99Ms));
      log(`round ${round + 1}/${rounds}: ${acc.ackMs.length} acks so far, loop p99 ${loops.map((l) => fmt(l.p99Ms)).join(' / ')} ms`);
    }
    stage = 'podium';
    if (!scenario.flood) await step(Promise.all(hosts.map((h) => h.next('leaderboard'))));
    const ends = await onServers((s) => s.call.memory());
    ends.forEach((m, i) => (result.nodes[i]!.memory.end = m));
    const redisEnd = await redisStats();
    if (result.redis && redisEnd) result.redis.streamLengthEnd = redisEnd.streamLength;
  } catch (error) {
    fail(`${stage}: ${(error as Error).message}`);
  } finally {
    stopping = true;
    clearTimeout(deadlineTimer);
    await Promise.allSettled(hosts.map((h) => h.close()));
    await Promise.allSettled(workers.map((w) => Promise.race([w.call.close(), new Promise((r) => setTimeout(r, 3000))])));
    await Promise.allSettled(workers.map((w) => w.stop()));
    for (const server of servers) if (server.crashed()) fail(`the ${server.name} process crashed`);
    await Promise.allSettled(
      servers.map(async (server) => {
        try {
          await Promise.race([server.call.shutdown(), new Promise((r) => setTimeout(r, 2000))]);
          await Promise.race([server.exited, new Promise((r) => setTimeout(r, 5000))]);
        } catch {
          // Already gone.
        }
        await server.stop();
      }),
    );
    if (redis) {
      if (redis.crashed()) fail('redis-server stopped during the run');
      await redis.stop(5000);
      // The child stopped Redis and deleted its directory; this also covers a child that had to be killed.
      removeRedisLeftover();
    }
    result.wallMs = epochNow() - started;
  }

  // Figures.
  result.ackMs = summarize(acc.ackMs);
  result.rejoinMs = summarize(acc.rejoinMs);
  result.questionFanoutMs = summarize(acc.question);
  result.revealFanoutMs = summarize(acc.reveal);
  result.leaderboardFanoutMs = summarize(acc.leaderboard);
  for (const [outcome, n] of Object.entries(result.outcomes)) {
    if (outcome === 'lost') result.lostAcks += n;
    else if (!EXPECTED_OUTCOMES.has(outcome)) result.failedAcks += n;
  }
  for (const node of result.nodes) {
    if (!node.log) continue;
    node.logWarnings = logWarnings(node.log);
    const lines = Object.entries(node.logWarnings).map(([what, n]) => `${n} × ${what}`);
    if (lines.length) result.notes.push(`${node.name} logged at warn or above: ${lines.join('; ')} (${node.log})`);
  }
  result.nodes.forEach((node, i) => {
    node.players = acc.joins.reduce((n, j) => n + (j.joinedByNode[i] ?? 0), 0);
    node.ackMs = summarize(acc.byNode.ackMs[i] ?? []);
    node.rejoinMs = summarize(acc.byNode.rejoinMs[i] ?? []);
    node.questionFanoutMs = summarize(acc.byNode.question[i] ?? []);
    node.revealFanoutMs = summarize(acc.byNode.reveal[i] ?? []);
    node.leaderboardFanoutMs = summarize(acc.byNode.leaderboard[i] ?? []);
    const loops = result.rounds.flatMap((r) => (r.loops[i] ? [r.loops[i]] : []));
    if (loops.length > 0) {
      node.loopLagP99Ms = Math.max(...loops.map((l) => l.p99Ms));
      node.loopLagMaxMs = Math.max(...loops.map((l) => l.maxMs));
      node.cpuMsPerAnswerWindow = loops.reduce((n, l) => n + l.cpuMs, 0) / loops.length;
    }
    const { base, lobby } = node.memory;
    if (base && lobby) {
      node.heapGrowthMB = (lobby.heapUsed - base.heapUsed) / 2 ** 20;
      node.rssGrowthMB = (lobby.rss - base.rss) / 2 ** 20;
    }
  });
  if (result.rounds.length > 0) {
    result.loopLagP99Ms = Math.max(...result.rounds.flatMap((r) => r.loops.map((l) => l.p99Ms)));
    result.loopLagMaxMs = Math.max(...result.rounds.flatMap((r) => r.loops.map((l) => l.maxMs)));
    // A cluster's server CPU is that of all its nodes (Redis's is reported apart).
    result.serverCpuMsPerAnswerWindow = result.rounds.reduce((n, r) => n + r.loops.reduce((m, l) => m + l.cpuMs, 0), 0) / result.rounds.length;
  }
  result.memory = {
    base: sumMemory(result.nodes.map((n) => n.memory.base)),
    lobby: sumMemory(result.nodes.map((n) => n.memory.lobby)),
    end: sumMemory(result.nodes.map((n) => n.memory.end)),
  };
  const joined = result.players.joined;
  const { base, lobby, end } = result.memory;
  if (base && lobby && joined > 0) {
    result.heapPerPlayerKB = (lobby.heapUsed - base.heapUsed) / joined / 1024;
    result.rssPerPlayerKB = (lobby.rss - base.rss) / joined / 1024;
  }
  // After a flood the heap also holds the flood's seats and sockets: per legitimate player it means nothing.
  if (base && end && joined > 0 && !scenario.flood) result.heapPerPlayerEndKB = (end.heapUsed - base.heapUsed) / joined / 1024;
  const roundsPlayed = result.rounds.length;
  if (joined > 0 && roundsPlayed > 0) {
    result.bytesPerPlayer.join = acc.joins.reduce((n, j) => n + j.bytes, 0) / joined;
    let all = 0;
    for (const [tag, bytes] of Object.entries(acc.bytesByTag)) {
      result.bytesPerPlayer.perQuestion[tag] = bytes / joined / roundsPlayed;
      all += bytes;
    }
    result.bytesPerPlayer.perQuestion.all = all / joined / roundsPlayed;
  }
  const reveals = result.rounds.flatMap((r) => r.reveal);
  if (reveals.length > 0) {
    result.framesPerReveal = reveals.reduce((n, b) => n + Object.values(b.calls).reduce((m, c) => m + c, 0), 0) / reveals.length;
    result.revealEmitSpanMs = Math.max(...reveals.map((b) => b.end - b.start));
  }
  const answersPerRound = result.rounds.length > 0 ? acc.ackMs.length / result.rounds.length : 0;
  if (answersPerRound > 0 && result.serverCpuMsPerAnswerWindow !== null) {
    result.serverCpuUsPerAnswer = (result.serverCpuMsPerAnswerWindow * 1000) / answersPerRound;
    const beforeReveal = result.rounds.reduce((n, r) => n + r.loops.reduce((m, l) => m + l.cpuMsBeforeReveal, 0), 0) / result.rounds.length;
    result.serverCpuUsPerAnswerBeforeReveal = (beforeReveal * 1000) / answersPerRound;
  }
  const redisRounds = result.rounds.flatMap((r) => (r.redis ? [r.redis] : []));
  if (result.redis && redisRounds.length > 0) {
    result.redis.cpuMsPerAnswerWindow = redisRounds.reduce((n, r) => n + r.cpuMs, 0) / redisRounds.length;
    const worst = (values: (number | null)[]) => (values.some((v) => v !== null) ? Math.max(...values.map((v) => v ?? 0)) : null);
    result.redis.pingP50Ms = worst(redisRounds.map((r) => r.ping.p50Ms));
    result.redis.pingP99Ms = worst(redisRounds.map((r) => r.ping.p99Ms));
    if (answersPerRound > 0) {
      result.redis.commandsPerAnswer = redisRounds.reduce((n, r) => n + r.commands, 0) / redisRounds.length / answersPerRound;
      result.redis.cpuUsPerAnswer = (result.redis.cpuMsPerAnswerWindow * 1000) / answersPerRound;
    }
  }
  result.botCpuMax = result.rounds.length > 0 ? Math.max(...result.rounds.flatMap((r) => r.botCpuMs.map((ms) => ms / r.wallMs))) : null;
  result.botLoopP99MaxMs = result.rounds.length > 0 ? Math.max(...result.rounds.flatMap((r) => r.botLoopP99Ms)) : null;
  if (result.botCpuMax !== null && result.botLoopP99MaxMs !== null && (result.botCpuMax > 0.8 || result.botLoopP99MaxMs > 100)) {
    result.notes.push(
      `bot workers ran hot (busiest ${Math.round(result.botCpuMax * 100)} % of a core over a round, their own loop lag p99 up to ${fmt(result.botLoopP99MaxMs)} ms ` +
        'in some phase): fan-out and ack latencies include time the bots spent queueing, not only the server',
    );
  }
  if (result.lostAcks > 0) fail(`${result.lostAcks} answers were never acknowledged`);
  if (result.failedAcks > 0) fail(`${result.failedAcks} answers were refused unexpectedly: ${JSON.stringify(result.outcomes)}`);
  const rejoinFailures = Object.values(result.rejoinFailures).reduce((n, v) => n + v, 0);
  if (rejoinFailures > 0) fail(`${rejoinFailures} rejoins failed: ${JSON.stringify(result.rejoinFailures)}`);
  if (target !== 'baseline' && result.graded.otherwise > 0) {
    fail(`${result.graded.otherwise} answers were graded otherwise than the bot intended (a right answer marked wrong, or the reverse)`);
  }
  return result;
}

const LOG_LEVELS: Record<number, string> = { 40: 'warn', 50: 'error', 60: 'fatal' };

/** A node's log lines (pino JSON) at warn or above, counted by level and message. */
function logWarnings(file: string): Record<string, number> {
  const counts: Record<string, number> = {};
  if (!existsSync(file)) return counts;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; why?: string };
      if (typeof entry.level !== 'number' || entry.level < 40) continue;
      bump(counts, `${LOG_LEVELS[entry.level] ?? entry.level} "${entry.msg ?? ''}"${entry.why ? ` (${entry.why})` : ''}`);
    } catch {
      // Not a log line.
    }
  }
  return counts;
}

function absorbJoins(result: TargetResult, joins: JoinReport[], attempted: number): void {
  result.players = { attempted, joined: joins.reduce((n, j) => n + j.joined, 0) };
  for (const j of joins) {
    mergeCounts(result.joinErrors, j.errors);
    result.joinRetries += j.retries;
  }
  result.connectMs = summarize(joins.flatMap((j) => j.connectMs));
  result.joinMs = summarize(joins.flatMap((j) => j.joinMs));
  const first = Math.min(...joins.map((j) => j.firstStart));
  const last = Math.max(...joins.map((j) => j.lastDone));
  result.joinRatePerSec = last > first ? result.players.joined / ((last - first) / 1000) : null;
}

// ─── Report ───────────────────────────────────────────────────────────────────────

function fmt(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en');
  return value.toFixed(digits);
}

const kb = (r: TargetResult, tag: string) => (r.bytesPerPlayer.perQuestion[tag] ?? NaN) / 1024;

type Row = [label: string, get: (r: TargetResult) => number | null | undefined, digits?: number];

const ROWS: Row[] = [
  ['players joined', (r) => r.players.joined, 0],
  ['join rate (players/s)', (r) => r.joinRatePerSec, 0],
  ['join ack p99, retries included (ms)', (r) => r.joinMs.p99],
  ['joins refused rate_limited, then retried', (r) => r.joinRetries, 0],
  ['answer ack p50 (ms)', (r) => r.ackMs.p50],
  ['answer ack p99 (ms)', (r) => r.ackMs.p99],
  ['answer ack max (ms)', (r) => r.ackMs.max],
  ['answers acked', (r) => r.ackMs.count, 0],
  ['lost acks', (r) => r.lostAcks, 0],
  ['failed acks', (r) => r.failedAcks, 0],
  ['question fan-out p50 (ms)', (r) => r.questionFanoutMs.p50],
  ['question fan-out p99 (ms)', (r) => r.questionFanoutMs.p99],
  ['reveal fan-out p50 (ms)', (r) => r.revealFanoutMs.p50],
  ['reveal fan-out p99 (ms)', (r) => r.revealFanoutMs.p99],
  ['reveal fan-out max (ms)', (r) => r.revealFanoutMs.max],
  ['leaderboard fan-out p50 (ms)', (r) => r.leaderboardFanoutMs.p50],
  ['leaderboard fan-out p99 (ms)', (r) => r.leaderboardFanoutMs.p99],
  ['leaderboard fan-out max (ms)', (r) => r.leaderboardFanoutMs.max],
  ['rejoin → snapshot p99 (ms)', (r) => r.rejoinMs.p99],
  ['rejoined after the question closed', (r) => r.outcomes['closed-while-away'] ?? 0, 0],
  ['event-loop lag p99, answers (ms)', (r) => r.loopLagP99Ms],
  ['event-loop lag max, answers (ms)', (r) => r.loopLagMaxMs],
  ['server CPU per answer window (ms)', (r) => r.serverCpuMsPerAnswerWindow, 0],
  ['heap per player (KB)', (r) => r.heapPerPlayerKB],
  ['RSS per player (KB)', (r) => r.rssPerPlayerKB],
  ['heap per player after game (KB)', (r) => r.heapPerPlayerEndKB],
  ['received per player: join (KB)', (r) => (r.bytesPerPlayer.join ?? NaN) / 1024, 2],
  ['received per player per question: all (KB)', (r) => kb(r, 'all'), 2],
  ['  question phase frame (KB)', (r) => kb(r, 'room:phase:question'), 2],
  ['  reveal phase frame (KB)', (r) => kb(r, 'room:phase:reveal'), 2],
  ['  room:me frames (KB)', (r) => kb(r, 'room:me'), 2],
  ['  standings frames (KB)', (r) => kb(r, 'room:standings'), 2],
  ['  presence frames (KB)', (r) => kb(r, 'room:presence'), 2],
  ['server CPU per answer (µs)', (r) => r.serverCpuUsPerAnswer, 0],
  ['  up to the reveal, if in the window (µs)', (r) => r.serverCpuUsPerAnswerBeforeReveal, 0],
  ['frames emitted per reveal per room', (r) => r.framesPerReveal, 0],
  ['reveal emit span, first → last frame (ms)', (r) => r.revealEmitSpanMs],
  ['busiest bot worker over a round (% core)', (r) => (r.botCpuMax === null ? null : r.botCpuMax * 100), 0],
  ['bot worker loop lag p99, worst phase (ms)', (r) => r.botLoopP99MaxMs],
];

const FLOOD_ROWS: Row[] = [
  ['flood: bots seated', (r) => r.flood?.seated, 0],
  ['flood: refused rate_limited', (r) => r.flood?.throttled, 0],
  ['flood: players in room', (r) => r.flood?.playersInRoom, 0],
  ['flood: host sync p50 (ms)', (r) => r.flood?.hostSyncMs.p50],
  ['flood: host sync p99 (ms)', (r) => r.flood?.hostSyncMs.p99],
  ['flood: host sync max (ms)', (r) => r.flood?.hostSyncMs.max],
  ['flood: flood join ack p99 (ms)', (r) => r.flood?.floodJoinMs.p99],
];

/** For a run with a cluster: what the players of each node saw and what each node and Redis spent. */
function nodeRows(nodes: number): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < nodes; i++) {
    const node = (r: TargetResult) => r.nodes[i];
    const who = `node ${nodeLetter(i)}${i === 0 ? ' (owner)' : ''}`;
    rows.push(
      [`${who}: players connected`, (r) => node(r)?.players, 0],
      [`${who}: answer ack p50 (ms)`, (r) => node(r)?.ackMs.p50],
      [`${who}: answer ack p99 (ms)`, (r) => node(r)?.ackMs.p99],
      [`${who}: answer ack max (ms)`, (r) => node(r)?.ackMs.max],
      [`${who}: question fan-out p50 (ms)`, (r) => node(r)?.questionFanoutMs.p50],
      [`${who}: question fan-out p99 (ms)`, (r) => node(r)?.questionFanoutMs.p99],
      [`${who}: reveal fan-out p50 (ms)`, (r) => node(r)?.revealFanoutMs.p50],
      [`${who}: reveal fan-out p99 (ms)`, (r) => node(r)?.revealFanoutMs.p99],
      [`${who}: leaderboard fan-out p99 (ms)`, (r) => node(r)?.leaderboardFanoutMs.p99],
      [`${who}: rejoin → snapshot p99 (ms)`, (r) => node(r)?.rejoinMs.p99],
      [`${who}: loop lag p99, answers (ms)`, (r) => node(r)?.loopLagP99Ms],
      [`${who}: loop lag max, answers (ms)`, (r) => node(r)?.loopLagMaxMs],
      [`${who}: CPU per answer window (ms)`, (r) => node(r)?.cpuMsPerAnswerWindow, 0],
      [`${who}: CPU for the joins (ms)`, (r) => node(r)?.cpuMsJoins, 0],
      [`${who}: heap growth, joins (MB)`, (r) => node(r)?.heapGrowthMB],
    );
  }
  rows.push(
    ['Redis: CPU per answer window (ms)', (r) => r.redis?.cpuMsPerAnswerWindow, 0],
    ['Redis: CPU for the joins (ms)', (r) => r.redis?.cpuMsJoins, 0],
    ['Redis: commands per answer', (r) => r.redis?.commandsPerAnswer],
    ['Redis: PING round trip p50, answers (ms)', (r) => r.redis?.pingP50Ms, 2],
    ['Redis: PING round trip p99, answers (ms)', (r) => r.redis?.pingP99Ms, 2],
    ['Redis: memory after the joins (MB)', (r) => r.redis?.usedMemoryMBLobby],
    ['nodes + Redis CPU per answer (µs)', (r) => (r.serverCpuUsPerAnswer === null ? null : r.serverCpuUsPerAnswer + (r.redis?.cpuUsPerAnswer ?? 0)), 0],
  );
  return rows;
}

function ratio(ours: number | null | undefined, baseline: number | null | undefined): number | null {
  if (ours === null || ours === undefined || baseline === null || baseline === undefined) return null;
  if (!Number.isFinite(ours) || !Number.isFinite(baseline) || baseline === 0) return null;
  return ours / baseline;
}

type Results = Partial<Record<RunName, TargetResult>>;

interface Column {
  label: string;
  /** Its name in the JSON table. */
  key: string;
  target: RunName;
}

/**
 * Without a cluster: ours, baseline and their ratio (as the benchmark always printed). With one:
 * the cluster, one embedded node and the baseline, and the ratio of the cluster to the one node.
 */
function layout(results: Results): { columns: Column[]; ratioOf: [RunName, RunName]; ratioLabel: string; nodes: number } {
  const cluster = results.cluster;
  if (!cluster) {
    return {
      columns: [
        { label: 'ours', key: 'ours', target: 'game' },
        { label: 'baseline', key: 'baseline', target: 'baseline' },
      ],
      ratioOf: ['game', 'baseline'],
      ratioLabel: 'ratio',
      nodes: 0,
    };
  }
  const n = cluster.nodes.length;
  return {
    columns: [
      { label: `${n} nodes`, key: 'cluster', target: 'cluster' },
      { label: '1 node', key: 'game', target: 'game' },
      { label: 'baseline', key: 'baseline', target: 'baseline' },
    ],
    ratioOf: ['cluster', 'game'],
    ratioLabel: `${n}n÷1n`,
    nodes: n,
  };
}

function table(results: Results, scenario: Scenario): { text: string; rows: Record<string, Record<string, number | null>> } {
  const { columns, ratioOf, ratioLabel, nodes } = layout(results);
  const rows = [...ROWS, ...(scenario.flood ? FLOOD_ROWS : []), ...(nodes > 0 ? nodeRows(nodes) : [])];
  const lines: string[] = [];
  const out: Record<string, Record<string, number | null>> = {};
  lines.push(`${'metric'.padEnd(44)}${columns.map((c) => c.label.padStart(12)).join('')}${ratioLabel.padStart(9)}`);
  lines.push('─'.repeat(44 + 12 * columns.length + 9));
  for (const [label, get, digits = 1] of rows) {
    const value = (target: RunName) => {
      const result = results[target];
      const v = result ? (get(result) ?? null) : null;
      return v !== null && Number.isFinite(v) ? v : null;
    };
    const r = ratio(value(ratioOf[0]), value(ratioOf[1]));
    const entry: Record<string, number | null> = {};
    for (const c of columns) entry[c.key] = value(c.target);
    entry.ratio = r;
    out[label] = entry;
    lines.push(`${label.padEnd(44)}${columns.map((c) => fmt(value(c.target), digits).padStart(12)).join('')}${(r === null ? '–' : `${r.toFixed(2)}×`).padStart(9)}`);
  }
  return { text: lines.join('\n'), rows: out };
}

/** What reaching the owner through another node adds, at the median: each other node's players against node A's. */
function forwardingCost(results: Results): string[] {
  const cluster = results.cluster;
  if (!cluster || cluster.nodes.length < 2) return [];
  const owner = cluster.nodes[0]!;
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? '–' : `${a - b >= 0 ? '+' : ''}${fmt(a - b)} ms`);
  return cluster.nodes.slice(1).map(
    (node) =>
      `players on ${node.name} against node A, p50: answer ack ${diff(node.ackMs.p50, owner.ackMs.p50)}, ` +
      `question fan-out ${diff(node.questionFanoutMs.p50, owner.questionFanoutMs.p50)}, reveal fan-out ${diff(node.revealFanoutMs.p50, owner.revealFanoutMs.p50)}, ` +
      `leaderboard fan-out ${diff(node.leaderboardFanoutMs.p50, owner.leaderboardFanoutMs.p50)}`,
  );
}

interface TargetCheck {
  name: string;
  met: boolean | null;
  detail: string;
}

/** The issue's targets, judged on ratios to the baseline of the same run; a cluster's correctness bar beside them. */
function targetChecks(results: Results): TargetCheck[] {
  const ours = results.game;
  const base = results.baseline;
  const checks: TargetCheck[] = [];
  if (ours) {
    const ackRatio = ratio(ours.ackMs.p99, base?.ackMs.p99);
    const revealRatio = ratio(ours.revealFanoutMs.p99, base?.revealFanoutMs.p99);
    checks.push(
      { name: 'answer-ack p99 ≤ 1.5× baseline', met: ackRatio === null ? null : ackRatio <= 1.5, detail: ackRatio === null ? 'no baseline' : `${ackRatio.toFixed(2)}×` },
      { name: 'reveal fan-out p99 ≤ 1.5× baseline', met: revealRatio === null ? null : revealRatio <= 1.5, detail: revealRatio === null ? 'no baseline' : `${revealRatio.toFixed(2)}×` },
      { name: 'heap ≤ 15 KB per player', met: ours.heapPerPlayerKB === null ? null : ours.heapPerPlayerKB <= 15, detail: `${fmt(ours.heapPerPlayerKB)} KB` },
      { name: '0 lost acks', met: ours.lostAcks === 0, detail: String(ours.lostAcks) },
      { name: 'event-loop lag p99 < 50 ms while answering', met: ours.loopLagP99Ms === null ? null : ours.loopLagP99Ms < 50, detail: `${fmt(ours.loopLagP99Ms)} ms` },
    );
    if (ours.flood) {
      checks.push(
        { name: 'flood: capacity holds', met: ours.flood.playersInRoom !== null && ours.flood.playersInRoom <= ours.flood.capacity, detail: `${ours.flood.playersInRoom ?? '–'} / ${ours.flood.capacity}` },
        // Joins past a room's rate wait for their turn (JOIN_QUEUE_SECONDS, 2 s) rather than bounce: every flood join is answered within it.
        {
          name: 'flood: every join answered within the 2 s join queue',
          met: ours.flood.floodJoinMs.p99 === null ? null : (ours.flood.floodJoinMs.max ?? ours.flood.floodJoinMs.p99) <= 2000 + 1000,
          detail: `max ${fmt(ours.flood.floodJoinMs.max ?? null)} ms, ${ours.flood.throttled} refused rate_limited`,
        },
        { name: 'flood: host snapshot round trip p99 < 50 ms', met: ours.flood.hostSyncMs.p99 === null ? null : ours.flood.hostSyncMs.p99 < 50, detail: `${fmt(ours.flood.hostSyncMs.p99)} ms` },
      );
    }
  }
  const cluster = results.cluster;
  if (cluster) {
    const n = `${cluster.nodes.length} nodes`;
    checks.push(
      { name: `${n}: 0 lost acks`, met: cluster.lostAcks === 0, detail: String(cluster.lostAcks) },
      { name: `${n}: 0 failed acks`, met: cluster.failedAcks === 0, detail: String(cluster.failedAcks) },
      { name: `${n}: every player got every question, reveal and leaderboard`, met: cluster.missingReceipts === 0, detail: `${cluster.missingReceipts} missing` },
    );
  }
  return checks;
}

// ─── Main ─────────────────────────────────────────────────────────────────────────

function redisServerFound(): string | null {
  const probe = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return null;
  return /v=(\S+)/.exec(probe.stdout)?.[1] ?? probe.stdout.trim();
}

async function main(): Promise<number> {
  const scenario = scenarioFromArgs();
  if (scenario.homework) return homeworkMain(scenario);
  const wanted = args.target === 'both' ? (scenario.cluster ? ['baseline', 'game', 'cluster'] : ['baseline', 'game']) : args.target.split(',').map((t) => t.trim());
  if (wanted.length === 0 || !wanted.every((t): t is RunName => (RUN_NAMES as readonly string[]).includes(t))) {
    console.error('--target is both, game, baseline, cluster or a list of them (game,cluster)');
    return 2;
  }
  const targets = wanted as RunName[];
  if (!['always', 'everysec', 'no'].includes(args['redis-fsync'])) {
    console.error('--redis-fsync is always, everysec or no');
    return 2;
  }
  if (targets.includes('cluster')) {
    const version = redisServerFound();
    if (version === null) {
      console.error(
        `${scenario.name}: the cluster run needs a redis-server, and "${REDIS_SERVER}" could not be run. ` +
          'Install it (Debian/Ubuntu: apt-get install redis-server) or point REDIS_SERVER at one.',
      );
      return 1;
    }
    redisServerVersion = version;
  }
  const outDir = resolve(repoRoot, args.out);
  mkdirSync(outDir, { recursive: true });
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
  console.log(`bench:load ${scenario.name} — ${scenario.description}`);
  console.log(
    `  ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}; ` +
      `${scenario.workers} bot workers, answer window ${scenario.answerWindowMs} ms, rejoin share ${scenario.rejoinShare}`,
  );

  const results: Results = {};
  const titles: Record<RunName, string> = {
    game: scenario.cluster ? 'game server, one embedded node (SQLite)' : 'game server (ours)',
    baseline: 'bare Socket.IO baseline',
    cluster: `game server, ${scenario.cluster?.nodes ?? 2} cluster nodes on one Redis (hosts on node A, players spread evenly)`,
  };
  for (const target of targets) {
    console.log(`▶ ${titles[target]}`);
    results[target] = await runTarget(target, scenario, Number(args['source-ips']), args['cpu-prof'] ?? false, outDir);
    console.log(`  ${target}: ${results[target]!.failures.length === 0 ? 'ok' : 'FAILED'} in ${fmt(results[target]!.wallMs / 1000)} s`);
  }

  const { text, rows } = table(results, scenario);
  const checks = targetChecks(results);
  console.log('');
  console.log(text);
  if (checks.length) {
    console.log('');
    console.log(results.cluster ? "targets (ratios to the baseline of this run) and the cluster's correctness bar:" : 'targets (ratios to the baseline of this run):');
    for (const c of checks) console.log(`  ${c.met === null ? '?' : c.met ? '✓' : '✗'} ${c.name}: ${c.detail}`);
  }
  const forwarding = forwardingCost(results);
  if (forwarding.length) {
    console.log('');
    console.log('through another node than the owner:');
    for (const line of forwarding) console.log(`  ${line}`);
  }
  const notes = targets.flatMap((t) => results[t]!.notes.map((n) => `${t}: ${n}`));
  for (const n of notes) console.log(`  note — ${n}`);
  const failures = targets.flatMap((t) => results[t]!.failures.map((f) => `${t}: ${f}`));

  const file = join(outDir, `load-${scenario.name}-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify({ scenario, machine, date: new Date().toISOString(), table: rows, checks, forwarding, notes, failures, results }, null, 2)}\n`);
  console.log(`\nresults: ${file}`);
  if (failures.length) {
    console.error(`\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    return 1;
  }
  return 0;
}

/** A homework evening against the game (embedded, SQLite) and the bare baseline (homework-run.ts). */
async function homeworkMain(scenario: Scenario): Promise<number> {
  const wanted = args.target === 'both' ? ['baseline', 'game'] : args.target.split(',').map((t) => t.trim());
  if (wanted.length === 0 || !wanted.every((t): t is TargetName => t === 'game' || t === 'baseline')) {
    console.error('--target is both, game or baseline for a homework scenario');
    return 2;
  }
  const outDir = resolve(repoRoot, args.out);
  mkdirSync(outDir, { recursive: true });
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
  const homework = scenario.homework!;
  console.log(`bench:load ${scenario.name} — ${scenario.playersPerRoom} students, ${fmt(homework.durationMs / 1000)} s evening`);
  console.log(
    `  ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}; ` +
      `${scenario.workers} bot workers, resume share ${homework.resumeShare} (${homework.resumeByCodeShare} of them by code), skip share ${homework.skipShare}`,
  );
  const results: Partial<Record<TargetName, HomeworkResult>> = {};
  for (const target of wanted) {
    console.log(`▶ ${target === 'game' ? 'game server (ours, embedded, SQLite)' : 'bare Socket.IO baseline'}`);
    results[target] = await runHomeworkTarget(target, scenario, {
      here,
      store: !args['no-store'],
      sourceIps: Number(args['source-ips']),
      cpuProf: args['cpu-prof'] ?? false,
      profileDir: (t) => join(outDir, 'profiles', `${scenario.name}-${t}-${stamp}`),
      ackTimeoutMs: ACK_TIMEOUT_MS,
    });
    console.log(`  ${target}: ${results[target]!.failures.length === 0 ? 'ok' : 'FAILED'} in ${fmt(results[target]!.wallMs / 1000)} s`);
  }
  const { text, rows } = homeworkTable(results);
  const checks = homeworkChecks(results);
  console.log('');
  console.log(text);
  console.log('');
  console.log('refusals and lost requests, by request and code:');
  for (const line of refusalLines(results)) console.log(`  ${line}`);
  if (checks.length) {
    console.log('');
    console.log('the bar (the ratio is reported, not judged):');
    for (const c of checks) console.log(`  ${c.met === null ? '·' : c.met ? '✓' : '✗'} ${c.name}: ${c.detail}`);
  }
  const notes = wanted.flatMap((t) => results[t]!.notes.map((n) => `${t}: ${n}`));
  for (const n of notes) console.log(`  note — ${n}`);
  const failures = wanted.flatMap((t) => results[t]!.failures.map((f) => `${t}: ${f}`));
  const file = join(outDir, `load-${scenario.name}-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify({ scenario, machine, date: new Date().toISOString(), table: rows, checks, notes, failures, results }, null, 2)}\n`);
  console.log(`\nresults: ${file}`);
  if (failures.length) {
    console.error(`\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    return 1;
  }
  return 0;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\n${signal}: stopping every process of the run…`);
    void stopAllChildren().finally(() => {
      removeRedisLeftover();
      process.exit(130);
    });
  });
}
process.on('exit', () => {
  killAllChildrenSync();
  removeRedisLeftover();
});

main().then(
  async (code) => {
    await stopAllChildren();
    process.exit(code);
  },
  async (error: unknown) => {
    console.error(error);
    await stopAllChildren();
    process.exit(1);
  },
);
