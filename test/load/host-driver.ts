/**
 * The teacher's side of a benchmark room, run in the orchestrator: one host socket per room that
 * creates the room, starts the game, ends each question, moves to the leaderboard and on, and
 * (in the flood scenario) measures the round trip of its own snapshot (`room:sync`).
 */
import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  ClientToServerEvents,
  CreateRoomResult,
  Empty,
  PhaseView,
  RoomConfigInput,
  RoomSnapshot,
  ServerToClientEvents,
  StartResult,
} from '../../shared/protocol/index.ts';
import { epochNow, sleep } from './stats.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export class HostDriver {
  phase: PhaseView | null = null;
  /** Every `room:phase` the host received, with its receive time. */
  readonly phases: { phase: PhaseView; t: number }[] = [];

  private constructor(
    readonly socket: ClientSocket,
    readonly code: string,
    readonly ackTimeoutMs: number,
  ) {
    socket.on('room:phase', (phase) => {
      this.phase = phase;
      this.phases.push({ phase, t: epochNow() });
    });
    socket.on('room:snapshot', (snapshot) => {
      this.phase = snapshot.phase;
    });
  }

  static async create(url: string, config: RoomConfigInput, ackTimeoutMs: number): Promise<HostDriver> {
    const socket: ClientSocket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 30_000 });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error: Error & { data?: { code?: string } }) => {
        socket.close();
        reject(new Error(`host connect refused: ${error.data?.code ?? error.message}`));
      });
    });
    const response: Ack<CreateRoomResult> = await socket.timeout(ackTimeoutMs).emitWithAck('room:create', { config });
    if (!response.ok) {
      socket.close();
      throw new Error(`room:create refused: ${response.error.code} ${response.error.message}`);
    }
    const host = new HostDriver(socket, response.data.code, ackTimeoutMs);
    host.phase = response.data.snapshot.phase;
    return host;
  }

  /** The open question's id, as the host last saw it. */
  questionId(): string | null {
    return this.phase && (this.phase.phase === 'question' || this.phase.phase === 'reveal') ? this.phase.questionId : null;
  }

  async start(): Promise<Ack<StartResult>> {
    return this.socket.timeout(this.ackTimeoutMs).emitWithAck('game:start', {});
  }

  async next(from: 'reveal' | 'leaderboard'): Promise<Ack<Empty>> {
    return this.socket.timeout(this.ackTimeoutMs).emitWithAck('game:next', { from });
  }

  async endQuestion(): Promise<Ack<Empty>> {
    const questionId = this.questionId();
    return this.socket.timeout(this.ackTimeoutMs).emitWithAck('question:end', questionId ? { questionId } : {});
  }

  async sync(): Promise<Ack<RoomSnapshot>> {
    return this.socket.timeout(this.ackTimeoutMs).emitWithAck('room:sync', {});
  }

  /** Waits until the host has seen the question phase (the first `room:phase` after `after`). */
  async waitForPhase(phase: PhaseView['phase'], after: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.phases.some((p) => p.t >= after && p.phase.phase === phase)) return true;
      await sleep(10);
    }
    return false;
  }

  /** Sends `room:sync` every `intervalMs` until the returned function is called; that resolves with the round trips (ms). */
  syncLoop(intervalMs: number): () => Promise<{ rttMs: number[]; failures: number }> {
    const rttMs: number[] = [];
    let failures = 0;
    let running = true;
    const loop = (async () => {
      while (running) {
        const sent = epochNow();
        try {
          const response = await this.sync();
          if (response.ok) rttMs.push(epochNow() - sent);
          else failures += 1;
        } catch {
          failures += 1;
        }
        await sleep(intervalMs);
      }
    })();
    return async () => {
      running = false;
      await loop;
      return { rttMs, failures };
    };
  }

  async close(): Promise<void> {
    try {
      await this.socket.timeout(2000).emitWithAck('room:close', {});
    } catch {
      // The room closes with the server anyway.
    }
    this.socket.close();
  }
}
