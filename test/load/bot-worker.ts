/**
 * A bot worker process: hundreds or thousands of players, each a real `socket.io-client` socket on
 * the websocket transport, speaking the game's protocol (`room:join`, `answer:submit`, a reconnect
 * with the seat token) and timing what it sees. The orchestrator drives it over IPC and collects the
 * measurements; a worker never decides a run's outcome.
 *
 * Each bot connects to one of the server's nodes (one, unless the target is a cluster) and every
 * measurement is kept per node, so the cost of reaching a room's owner through another node shows.
 *
 * A bot answers the way a student can: from the public problem. It runs the forward and backward
 * pass on the network it was shown (`evaluateNetwork`), exactly as a good student does by hand, so
 * "correct" answers need nothing the server keeps secret. A wrong answer flips the sign; an invalid
 * one is a typo the server must refuse, followed by a real answer as a student would retype it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { evaluateNetwork, type PublicProblem } from '../../shared/engine/index.ts';
import type {
  Ack,
  ClientToServerEvents,
  JoinRoomResult,
  PhaseView,
  PlayerSelfView,
  RoomSnapshot,
  ServerToClientEvents,
  SubmitAnswerResult,
} from '../../shared/protocol/index.ts';
import { serveRpc } from './ipc.ts';
import { EVENT_PACKET, bump, epochNow, sleep, unitHash } from './stats.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type BotRole = 'player' | 'flood';

export interface BotSpec {
  index: number;
  code: string;
  role: BotRole;
  /** Index into `WorkerInit.urls` of the node this bot connects to. */
  node: number;
}

export interface AnswerMix {
  correct: number;
  wrong: number;
  invalid: number;
}

export interface WorkerInit {
  workerId: number;
  /** The server's nodes (one unless the target is a cluster). */
  urls: string[];
  bots: BotSpec[];
  answerWindowMs: number;
  ackTimeoutMs: number;
  /** Joins in flight at once in this worker (flood bots ignore it: they all go at once). */
  joinConcurrency: number;
  /** Retries of a join refused with `rate_limited` (players only; flood bots never retry). */
  joinRetries: number;
  /** Share of players who drop and come back with their token during each question. */
  rejoinShare: number;
  mix: AnswerMix;
  /** Source addresses to spread sockets over (127.0.0.x); empty: the system's choice. */
  localAddresses: string[];
}

export interface JoinReport {
  attempted: number;
  joined: number;
  /** Joined bots per node. */
  joinedByNode: number[];
  /** Connect start → `connect`, per joined bot. */
  connectMs: number[];
  /** Connect start → successful `room:join` ack, per joined bot (retries included). */
  joinMs: number[];
  firstStart: number;
  lastDone: number;
  /** Refusals and failures by code (`connect:<code>`, `join:<code>`, `join:timeout`). */
  errors: Record<string, number>;
  retries: number;
  bytes: number;
  bytesByTag: Record<string, number>;
}

/** Receive times (epoch ms) by room code: each room's fan-out is measured from that room's own send. */
export type Receipts = Record<string, number[]>;

/** Values kept apart per node (index into `WorkerInit.urls`). */
export type ByNode<T> = T[];

function addReceipt(receipts: ByNode<Receipts>, node: number, code: string, t: number): void {
  ((receipts[node] ??= {})[code] ??= []).push(t);
}

function addAt(values: ByNode<number[]>, node: number, value: number): void {
  (values[node] ??= []).push(value);
}

export interface AnswerReport {
  players: number;
  /** Players who saw the question. */
  sawQuestion: number;
  /** Players who finished (acked, refused or lost) within the time given. */
  finished: number;
  ackMs: ByNode<number[]>;
  /** `ok`, `invalid-refused`, `invalid-accepted`, `closed-while-away`, `failed:<code>`, `lost`. */
  outcomes: Record<string, number>;
  rejoinMs: ByNode<number[]>;
  rejoinFailures: Record<string, number>;
  /** Receive times (epoch ms) of the question itself. */
  questionReceipts: ByNode<Receipts>;
  bytes: number;
  /** Bytes received by kind of frame (`room:phase:reveal`, `room:me`, `ack`, …). */
  bytesByTag: Record<string, number>;
  cpuMs: number;
  loopP99Ms: number;
}

export interface ReceiptReport {
  expected: number;
  /** Receive times (epoch ms), one per bot that got it, by node and room code. */
  receipts: ByNode<Receipts>;
  missing: number;
  /** Reveal only: players who were reconnecting when the question closed and got the reveal in their resync snapshot. */
  whileAway: number;
  /** Reveal only: results graded as the bot intended (correct answers correct, wrong ones not). */
  gradedAsIntended: number;
  gradedOtherwise: number;
  bytes: number;
  bytesByTag: Record<string, number>;
  cpuMs: number;
  /** This worker's own event-loop delay since its last report: high values mean the bots, not the server, were late. */
  loopP99Ms: number;
}

export interface WorkerApi {
  init(init: WorkerInit): void;
  join(arg: { role: BotRole }): Promise<JoinReport>;
  collectAnswers(arg: { round: number; timeoutMs: number }): Promise<AnswerReport>;
  /** `resultWaitMs`: how long to wait for `room:me` results after the phase event (0 when the server sends none). */
  collectReveal(arg: { round: number; timeoutMs: number; resultWaitMs: number }): Promise<ReceiptReport>;
  collectStandings(arg: { since: number; timeoutMs: number }): Promise<ReceiptReport>;
  seated(): { players: number; flood: number };
  close(): Promise<void>;
}

type Intent = 'correct' | 'wrong' | 'invalid';

const TYPOS = ['abc', '1..2', '--0.5', '0.5.5', 'e^', '七', '0,,3'];

/** The value a student who computed the network by hand would type, or `null` when the bench cannot know it. */
export function computedAnswer(problem: PublicProblem): number | null {
  if (!problem.network || problem.format !== 'number') return null;
  const value = evaluateNetwork(problem.network)[problem.asks];
  return value !== undefined && Number.isFinite(value) ? value : null;
}

/** Six significant figures, written the way a phone keyboard would (no exponent for ordinary values). */
function typed(value: number): string {
  return String(Number(value.toPrecision(6)));
}

interface RoundAgg {
  ackMs: ByNode<number[]>;
  outcomes: Record<string, number>;
  rejoinMs: ByNode<number[]>;
  rejoinFailures: Record<string, number>;
  questionReceipts: ByNode<Receipts>;
  finished: number;
}

let init: WorkerInit;
let bots: Bot[] = [];
const rounds = new Map<number, RoundAgg>();
let bytesSinceReport = 0;
let bytesByTag: Record<string, number> = {};
let cpuAtReport = process.cpuUsage();
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

function roundAgg(round: number): RoundAgg {
  let agg = rounds.get(round);
  if (!agg) {
    agg = { ackMs: [], outcomes: {}, rejoinMs: [], rejoinFailures: {}, questionReceipts: [], finished: 0 };
    rounds.set(round, agg);
  }
  return agg;
}

/** What this worker received, spent and how late its own loop ran since the previous report. */
function takeBytesAndCpu(): { bytes: number; bytesByTag: Record<string, number>; cpuMs: number; loopP99Ms: number } {
  const bytes = bytesSinceReport;
  bytesSinceReport = 0;
  const byTag = bytesByTag;
  bytesByTag = {};
  const cpu = process.cpuUsage(cpuAtReport);
  cpuAtReport = process.cpuUsage();
  const p99 = loopDelay.percentile(99);
  loopDelay.reset();
  return { bytes, bytesByTag: byTag, cpuMs: (cpu.user + cpu.system) / 1000, loopP99Ms: Number.isFinite(p99) ? p99 / 1e6 : 0 };
}


/** What a raw Engine.IO message carries: `room:phase:reveal`, `room:me`, `ack`, … */
function frameTag(data: string): string {
  const event = EVENT_PACKET.exec(data.length > 80 ? data.slice(0, 80) : data);
  if (event) return event[2] ? `${event[1]}:${event[2]}` : event[1]!;
  if (data.startsWith('3')) return 'ack';
  if (data.startsWith('0')) return 'connect';
  return 'other';
}

class Bot {
  socket: ClientSocket | null = null;
  token: string | null = null;
  seated = false;
  /** Question id → round index, in the order this bot saw the questions. */
  readonly roundOf = new Map<string, number>();
  readonly revealAt = new Map<number, number>();
  /** Rounds whose reveal this bot only saw in the snapshot of a rejoin (it was away when the question closed). */
  readonly revealedWhileAway = new Set<number>();
  /** Rounds in which this bot dropped and came back. */
  readonly awayIn = new Set<number>();
  readonly standingsAt: number[] = [];
  readonly intents = new Map<string, Intent>();
  readonly results = new Map<string, boolean>();
  private rejoining: { resolve: (snapshot: RoomSnapshot) => void } | null = null;

  constructor(readonly spec: BotSpec) {}

  private options(token: string | null): Parameters<typeof io>[1] {
    const localAddress = init.localAddresses.length ? init.localAddresses[this.spec.index % init.localAddresses.length] : undefined;
    return {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: 30_000,
      auth: token ? { token } : {},
      ...(localAddress ? { localAddress } : {}),
    };
  }

  /** Opens a socket and resolves on `connect`, rejecting with the refusal code. */
  private connect(token: string | null): Promise<ClientSocket> {
    const socket: ClientSocket = io(init.urls[this.spec.node]!, this.options(token));
    this.socket = socket;
    this.listen(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error: Error & { data?: { code?: string } }) => {
        socket.close();
        reject(new Error(error.data?.code ?? error.message));
      });
    });
  }

  private listen(socket: ClientSocket): void {
    socket.io.on('open', () => {
      socket.io.engine.on('data', (data: unknown) => {
        if (typeof data !== 'string') return;
        const length = Buffer.byteLength(data);
        bytesSinceReport += length;
        bump(bytesByTag, frameTag(data), length);
      });
    });
    socket.on('room:phase', (phase, me) => {
      this.onPhase(phase, epochNow());
      // The game's reveal carries the player's own view with its verdict.
      if (me) this.onMe(me);
    });
    socket.on('room:snapshot', (snapshot) => {
      const t = epochNow();
      if (this.rejoining) {
        const pending = this.rejoining;
        this.rejoining = null;
        pending.resolve(snapshot);
      }
      if (snapshot.phase) this.onPhase(snapshot.phase, t, true);
      if (snapshot.role === 'player') this.onMe(snapshot.me);
    });
    socket.on('room:standings', () => {
      this.standingsAt.push(epochNow());
      if (this.standingsAt.length > 16) this.standingsAt.shift();
    });
    socket.on('room:me', (me) => this.onMe(me));
  }

  private onMe(me: PlayerSelfView | undefined): void {
    if (me?.result) this.results.set(me.result.questionId, me.result.correct);
  }

  private onPhase(phase: PhaseView, t: number, fromSnapshot = false): void {
    if (phase.phase === 'question') {
      if (this.spec.role !== 'player' || this.roundOf.has(phase.questionId)) return;
      const round = this.roundOf.size;
      this.roundOf.set(phase.questionId, round);
      if (!fromSnapshot) addReceipt(roundAgg(round).questionReceipts, this.spec.node, this.spec.code, t);
      void this.play(round, phase.questionId, phase.problem);
    } else if (phase.phase === 'reveal') {
      const round = this.roundOf.get(phase.questionId);
      if (round === undefined || this.revealAt.has(round)) return;
      if (fromSnapshot) this.revealedWhileAway.add(round);
      else this.revealAt.set(round, t);
    }
  }

  async join(): Promise<{ connectMs: number; joinMs: number; retries: number }> {
    const start = epochNow();
    let socket: ClientSocket;
    try {
      socket = await this.connect(null);
    } catch (error) {
      throw new Error(`connect:${(error as Error).message}`);
    }
    const connected = epochNow();
    const retries = this.spec.role === 'player' ? init.joinRetries : 0;
    for (let attempt = 0; ; attempt++) {
      let response: Ack<JoinRoomResult>;
      try {
        response = await socket
          .timeout(init.ackTimeoutMs)
          .emitWithAck('room:join', { code: this.spec.code, nickname: `bot${this.spec.index}` });
      } catch {
        throw new Error('join:timeout');
      }
      if (response.ok) {
        this.token = response.data.token;
        this.seated = true;
        if (response.data.snapshot?.phase) this.onPhase(response.data.snapshot.phase, epochNow(), true);
        return { connectMs: connected - start, joinMs: epochNow() - start, retries: attempt };
      }
      if (response.error.code !== 'rate_limited' || attempt >= retries) {
        if (this.spec.role === 'flood') socket.close();
        throw new Error(`join:${response.error.code}`);
      }
      await sleep(Math.min(2000, 100 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }

  /** Drops the connection and comes back with the seat token; resolves with the time to the resync snapshot. */
  private async rejoin(round: number): Promise<void> {
    const agg = roundAgg(round);
    this.socket?.disconnect();
    await sleep(50 + Math.random() * 150);
    const start = epochNow();
    const snapshot = new Promise<RoomSnapshot>((resolve) => {
      this.rejoining = { resolve };
    });
    try {
      await this.connect(this.token);
      const timeout = sleep(init.ackTimeoutMs).then(() => null);
      const got = await Promise.race([snapshot, timeout]);
      if (!got) {
        bump(agg.rejoinFailures, 'no-snapshot');
        return;
      }
      addAt(agg.rejoinMs, this.spec.node, epochNow() - start);
    } catch (error) {
      this.rejoining = null;
      bump(agg.rejoinFailures, (error as Error).message);
    }
  }

  private async submit(round: number, questionId: string, answer: string, intent: Intent): Promise<void> {
    const agg = roundAgg(round);
    const socket = this.socket;
    if (!socket?.connected) {
      bump(agg.outcomes, 'lost');
      return;
    }
    const sent = epochNow();
    let response: Ack<SubmitAnswerResult>;
    try {
      response = await socket.timeout(init.ackTimeoutMs).emitWithAck('answer:submit', { questionId, answer });
    } catch {
      bump(agg.outcomes, 'lost');
      return;
    }
    addAt(agg.ackMs, this.spec.node, epochNow() - sent);
    if (!response.ok && response.error.code === 'round_closed' && this.awayIn.has(round)) {
      // The question closed (everyone connected had answered) while this player was reconnecting.
      bump(agg.outcomes, 'closed-while-away');
      return;
    }
    if (intent === 'invalid') {
      if (response.ok) bump(agg.outcomes, 'invalid-accepted');
      else if (response.error.code === 'invalid_answer') bump(agg.outcomes, 'invalid-refused');
      else bump(agg.outcomes, `failed:${response.error.code}`);
    } else if (response.ok) {
      bump(agg.outcomes, 'ok');
      this.intents.set(questionId, intent);
    } else bump(agg.outcomes, `failed:${response.error.code}`);
  }

  private async play(round: number, questionId: string, problem: PublicProblem): Promise<void> {
    const agg = roundAgg(round);
    const { index } = this.spec;
    const start = epochNow();
    const at = start + unitHash(index, round, 1) * init.answerWindowMs;
    const pick = unitHash(index, round, 2) * (init.mix.correct + init.mix.wrong + init.mix.invalid);
    let intent: Intent = pick < init.mix.correct ? 'correct' : pick < init.mix.correct + init.mix.wrong ? 'wrong' : 'invalid';
    try {
      if (unitHash(index, round, 3) < init.rejoinShare) {
        this.awayIn.add(round);
        await sleep((at - start) / 2);
        await this.rejoin(round);
      }
      await sleep(Math.max(0, at - epochNow()));
      const value = computedAnswer(problem);
      if (intent === 'invalid') {
        await this.submit(round, questionId, TYPOS[index % TYPOS.length]!, 'invalid');
        intent = unitHash(index, round, 4) < 0.5 ? 'correct' : 'wrong';
      }
      const answer = value === null ? (problem.choices?.[0]?.id ?? '1') : typed(intent === 'correct' ? value : -value);
      await this.submit(round, questionId, answer, intent);
    } finally {
      agg.finished += 1;
    }
  }

  close(): void {
    this.socket?.close();
  }
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await sleep(20);
}

const players = () => bots.filter((b) => b.spec.role === 'player' && b.seated);

const api: WorkerApi = {
  init(value) {
    init = value;
    bots = value.bots.map((spec) => new Bot(spec));
  },

  async join({ role }) {
    const group = bots.filter((b) => b.spec.role === role);
    const report: JoinReport = {
      attempted: group.length,
      joined: 0,
      joinedByNode: init.urls.map(() => 0),
      connectMs: [],
      joinMs: [],
      firstStart: epochNow(),
      lastDone: 0,
      errors: {},
      retries: 0,
      bytes: 0,
      bytesByTag: {},
    };
    const concurrency = role === 'flood' ? group.length : Math.max(1, init.joinConcurrency);
    let next = 0;
    const lane = async () => {
      while (next < group.length) {
        const bot = group[next++]!;
        try {
          const { connectMs, joinMs, retries } = await bot.join();
          report.joined += 1;
          report.joinedByNode[bot.spec.node] = (report.joinedByNode[bot.spec.node] ?? 0) + 1;
          report.connectMs.push(connectMs);
          report.joinMs.push(joinMs);
          report.retries += retries;
        } catch (error) {
          bump(report.errors, (error as Error).message);
        }
        report.lastDone = epochNow();
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, group.length) }, lane));
    const traffic = takeBytesAndCpu();
    report.bytes = traffic.bytes;
    report.bytesByTag = traffic.bytesByTag;
    return report;
  },

  async collectAnswers({ round, timeoutMs }) {
    const seated = players();
    const agg = roundAgg(round);
    await waitUntil(() => agg.finished >= seated.length, timeoutMs);
    const sawQuestion = seated.filter((b) => [...b.roundOf.values()].includes(round)).length;
    return {
      players: seated.length,
      sawQuestion,
      finished: agg.finished,
      ackMs: agg.ackMs,
      outcomes: agg.outcomes,
      rejoinMs: agg.rejoinMs,
      rejoinFailures: agg.rejoinFailures,
      questionReceipts: agg.questionReceipts,
      ...takeBytesAndCpu(),
    };
  },

  async collectReveal({ round, timeoutMs, resultWaitMs }) {
    const seated = players();
    const reached = (b: Bot) => b.revealAt.has(round) || b.revealedWhileAway.has(round);
    await waitUntil(() => seated.every(reached), timeoutMs);
    // `room:me` with the result may trail the phase event a little.
    if (resultWaitMs > 0) await waitUntil(() => seated.every((b) => hasResultFor(b, round)), resultWaitMs);
    let gradedAsIntended = 0;
    let gradedOtherwise = 0;
    for (const bot of seated) {
      const questionId = questionOf(bot, round);
      const intent = questionId ? bot.intents.get(questionId) : undefined;
      const correct = questionId ? bot.results.get(questionId) : undefined;
      if (intent === undefined || correct === undefined) continue;
      if (correct === (intent === 'correct')) gradedAsIntended += 1;
      else gradedOtherwise += 1;
    }
    const receipts: ByNode<Receipts> = [];
    let got = 0;
    for (const bot of seated) {
      const t = bot.revealAt.get(round);
      if (t === undefined) continue;
      addReceipt(receipts, bot.spec.node, bot.spec.code, t);
      got += 1;
    }
    const whileAway = seated.filter((b) => b.revealedWhileAway.has(round)).length;
    return {
      expected: seated.length,
      receipts,
      missing: seated.length - got - whileAway,
      whileAway,
      gradedAsIntended,
      gradedOtherwise,
      ...takeBytesAndCpu(),
    };
  },

  async collectStandings({ since, timeoutMs }) {
    const seated = players();
    const first = (b: Bot) => b.standingsAt.find((t) => t >= since);
    await waitUntil(() => seated.every((b) => first(b) !== undefined), timeoutMs);
    const receipts: ByNode<Receipts> = [];
    let got = 0;
    for (const bot of seated) {
      const t = first(bot);
      if (t === undefined) continue;
      addReceipt(receipts, bot.spec.node, bot.spec.code, t);
      got += 1;
    }
    return { expected: seated.length, receipts, missing: seated.length - got, whileAway: 0, gradedAsIntended: 0, gradedOtherwise: 0, ...takeBytesAndCpu() };
  },

  seated() {
    return {
      players: bots.filter((b) => b.seated && b.spec.role === 'player').length,
      flood: bots.filter((b) => b.seated && b.spec.role === 'flood').length,
    };
  },

  async close() {
    for (const bot of bots) bot.close();
    await sleep(100);
  },
};

function questionOf(bot: Bot, round: number): string | undefined {
  for (const [questionId, r] of bot.roundOf) if (r === round) return questionId;
  return undefined;
}

function hasResultFor(bot: Bot, round: number): boolean {
  const questionId = questionOf(bot, round);
  return questionId === undefined || !bot.intents.has(questionId) || bot.results.has(questionId);
}

process.on('SIGTERM', () => process.exit(0));
serveRpc(api);
