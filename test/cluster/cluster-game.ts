/**
 * Devices for the cluster tests: real socket.io-client websockets that, like a phone behind
 * a load balancer, reconnect to another node with their token when theirs goes away. Bots
 * answer from the public problem (what a student can compute), right or wrong by a fixed
 * pattern, and remember every answer the server acknowledged.
 */
import { type Socket, io as connect } from 'socket.io-client';
import { evaluateNetwork, type PublicProblem } from '../../shared/engine/index.ts';
import type { Ack, PhaseView, RoomConfigInput, RoomSnapshot } from '../../shared/protocol/index.ts';

type AnySocket = Socket;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fixed pseudo-random number in [0, 1) for (a, b): the same pattern on every run. */
export function unit(a: number, b: number): number {
  let h = (Math.imul(a + 1, 2654435761) ^ Math.imul(b + 7, 1597334677)) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 3266489909) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

export function computedAnswer(problem: PublicProblem): number | null {
  if (!problem.network || problem.format !== 'number') return null;
  const value = evaluateNetwork(problem.network)[problem.asks];
  return value !== undefined && Number.isFinite(value) ? value : null;
}

/** One device. `urls` are the nodes it may use; it starts on `urls[start]` and moves on when its node dies. */
export class Device {
  socket: AnySocket | null = null;
  token: string | null = null;
  phase: PhaseView | null = null;
  /** Node index the device is connected to. */
  node: number;
  /** Times the device had to move to another node. */
  moves = 0;
  /** Requests that had to be sent again (no ack, or the room was moving). */
  retries = 0;
  /** Every phase seen, in order. */
  readonly phases: PhaseView[] = [];
  /** A phone that is gone for good when its node dies (it never reconnects). */
  lostWithNode = false;
  private closed = false;
  private readonly listeners: ((phase: PhaseView) => void)[] = [];

  constructor(
    readonly name: string,
    private readonly urls: string[],
    start: number,
    /** Nodes known dead (shared between devices of one test). */
    private readonly dead: Set<number>,
  ) {
    this.node = start;
  }

  onPhase(listener: (phase: PhaseView) => void): void {
    this.listeners.push(listener);
  }

  private setPhase(phase: PhaseView): void {
    this.phase = phase;
    this.phases.push(phase);
    for (const listener of this.listeners) listener(phase);
  }

  /** Connect to the current node (with the token once the device has a seat). */
  async open(): Promise<void> {
    for (let attempt = 0; attempt < 60; attempt++) {
      if (this.closed) return;
      const url = this.urls[this.node]!;
      const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: this.token ? { token: this.token } : {} });
      // Before the handshake ends: a resumed seat's snapshot may come in the same read as the connect.
      socket.on('room:phase', (phase: PhaseView) => this.setPhase(phase));
      socket.on('room:snapshot', (snapshot: RoomSnapshot) => this.setPhase(snapshot.phase));
      const refused = await new Promise<string | null>((resolve) => {
        socket.once('connect', () => resolve(null));
        socket.once('connect_error', (err: Error & { data?: { code?: string } }) => resolve(err.data?.code ?? err.message));
      });
      if (refused === null) {
        this.attach(socket);
        return;
      }
      socket.close();
      // A dead node refuses at the TCP level; a live one may answer server_restarting while a room moves.
      if (refused !== 'server_restarting' && /^[a-z_]+$/.test(refused)) throw new Error(`${this.name}: refused ${refused}`);
      this.moveOn();
      await sleep(200);
    }
    throw new Error(`${this.name}: could not reconnect`);
  }

  /** Pick another node, skipping the dead ones. */
  private moveOn(): void {
    for (let i = 1; i <= this.urls.length; i++) {
      const next = (this.node + i) % this.urls.length;
      if (!this.dead.has(next)) {
        this.node = next;
        return;
      }
    }
  }

  private attach(socket: AnySocket): void {
    this.socket = socket;
    socket.on('disconnect', () => {
      if (this.closed || this.socket !== socket) return;
      this.socket = null;
      if (this.lostWithNode && this.dead.has(this.node)) return;
      this.moves++;
      if (this.dead.has(this.node)) this.moveOn();
      void sleep(100 + Math.random() * 300).then(() => this.open());
    });
  }

  /** A request, retried while the device moves or the room changes owner. */
  async call<T>(event: string, payload: unknown, { retries = 40 } = {}): Promise<Ack<T>> {
    let last: Ack<T> | null = null;
    for (let attempt = 0; attempt < retries; attempt++) {
      if (attempt > 0) this.retries++;
      const socket = this.socket;
      if (!socket?.connected) {
        await sleep(250);
        continue;
      }
      try {
        const response = (await socket.timeout(4000).emitWithAck(event, payload)) as Ack<T>;
        if (response.ok || response.error.code !== 'server_restarting') return response;
        last = response;
      } catch {
        // No ack: the node died with the request, or the room is moving. Ask again.
      }
      await sleep(250);
    }
    return last ?? { ok: false, error: { code: 'internal_error', message: `${event}: no answer` } };
  }

  async ok<T>(event: string, payload: unknown): Promise<T> {
    const response = await this.call<T>(event, payload);
    if (!response.ok) throw new Error(`${this.name}: ${event} refused: ${response.error.code} (${response.error.message})`);
    return response.data;
  }

  /** Resolves when the phase matches (already or later). */
  waitPhase(predicate: (phase: PhaseView) => boolean, timeoutMs = 60_000): Promise<PhaseView> {
    if (this.phase && predicate(this.phase)) return Promise.resolve(this.phase);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: timed out waiting for a phase (now ${JSON.stringify(this.phase?.phase)})`)), timeoutMs);
      this.listeners.push((phase) => {
        if (predicate(phase)) {
          clearTimeout(timer);
          resolve(phase);
        }
      });
    });
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }
}

export interface AckedAnswer {
  player: string;
  questionId: string;
  answer: string;
}

/** A player: joins, answers each question after its own delay, right or wrong by its pattern. */
export class Bot extends Device {
  readonly acked: AckedAnswer[] = [];
  /** Answers refused for a reason other than a closed question. */
  readonly failures: string[] = [];
  private readonly answered = new Set<string>();

  constructor(
    readonly index: number,
    urls: string[],
    start: number,
    dead: Set<number>,
    /** Milliseconds after a question opens before this bot answers it. */
    private readonly delayFor: (index: number, questionIndex: number) => number,
  ) {
    super(`bot-${String(index).padStart(2, '0')}`, urls, start, dead);
    this.onPhase((phase) => {
      if (phase.phase === 'question' && !this.answered.has(phase.questionId)) {
        this.answered.add(phase.questionId);
        void this.answer(phase.questionId, phase.index, phase.problem);
      }
    });
  }

  async join(code: string): Promise<void> {
    await this.open();
    const joined = await this.ok<{ token: string; snapshot: RoomSnapshot }>('room:join', { code, nickname: this.name });
    this.token = joined.token;
    this.phase = joined.snapshot.phase;
  }

  /** Whether this bot answers question `q` correctly (the same on every run). */
  correctOn(q: number): boolean {
    return unit(this.index, q) < 0.7;
  }

  private async answer(questionId: string, q: number, problem: PublicProblem): Promise<void> {
    await sleep(this.delayFor(this.index, q));
    const value = computedAnswer(problem);
    const answer = value === null ? (problem.choices?.[0]?.id ?? '1') : String(Number((this.correctOn(q) ? value : -value - 1).toPrecision(6)));
    const response = await this.call<unknown>('answer:submit', { questionId, answer });
    if (response.ok) this.acked.push({ player: this.name, questionId, answer });
    else if (response.error.code !== 'round_closed' && response.error.code !== 'already_answered') this.failures.push(`${questionId}: ${response.error.code}`);
  }
}

export const CLUSTER_GAME_CONFIG: RoomConfigInput = {
  title: 'Cluster game',
  mode: 'quiz',
  kinds: ['forward', 'chain-gradient'],
  difficulties: [1],
  questionCount: 3,
  timeLimitSec: 60,
  // Points then depend on correctness only, so two runs of the same pattern score the same.
  speedBonus: false,
  streakBonus: false,
  teams: null,
  lang: 'en',
};

/** The host's side of a game: start, then reveal → leaderboard → next question until the podium. */
export async function playToPodium(host: Device, questions: number, onQuestion?: (index: number, questionId: string) => Promise<void>, { started = false } = {}): Promise<void> {
  if (!started) await host.ok('game:start', {});
  for (let i = 0; i < questions; i++) {
    const question = await host.waitPhase((p) => (p.phase === 'question' || p.phase === 'reveal') && p.index === i);
    if (question.phase === 'question' && onQuestion) await onQuestion(i, question.questionId);
    await host.waitPhase((p) => p.phase === 'reveal' && p.index === i, 90_000);
    await host.ok('game:next', { from: 'reveal' });
    await host.waitPhase((p) => (p.phase === 'leaderboard' && p.index === i) || p.phase === 'question' || p.phase === 'podium');
    if (host.phase?.phase === 'leaderboard') await host.ok('game:next', { from: 'leaderboard' });
  }
  await host.waitPhase((p) => p.phase === 'podium');
}
