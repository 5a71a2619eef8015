/**
 * Frames to a room's phones, a slice at a time. A broadcast to thousands of sockets is thousands of
 * socket writes; done in one go, it is a synchronous stretch of a hundred milliseconds or more in
 * which no answer is read and no ack goes out. Here each frame to many players is a job, and each
 * turn of the event loop sends at most `slice` recipients' worth, or for at most `sliceMs`, before
 * yielding.
 *
 * Jobs go out in the order they were queued, so every phone gets its frames in order. A player who
 * was just sent a full snapshot skips the jobs queued before it (they could only take the phone
 * back). A player gone from the room (no connection now) is skipped.
 */

export interface FanOutOptions {
  /** Recipients per turn of the event loop, at most. */
  slice: number;
  /** Time a turn may spend sending, at most (ms): a slice ends at whichever limit comes first. */
  sliceMs?: number;
  /** The player's connection now, if any. */
  connectionOf(playerId: string): string | undefined;
}

/**
 * Deliver one slice: the connections and the players they belong to, in the same order. A `live`
 * job builds its frames when it sends them (each player's own view, from the room as it is then).
 */
export interface FanOutJob {
  deliver(connectionIds: string[], playerIds: string[]): void;
  live?: boolean;
}

interface Queued extends FanOutJob {
  seq: number;
  playerIds: readonly string[];
  next: number;
}

/** Recipients sent between two readings of the clock when a slice has a time limit. */
const CHECK_EVERY = 25;
/**
 * Recipients a turn sends before its time limit counts: a room of a hundred gets its frame in one go
 * however busy the server is (a busy server's next turn may be long in coming).
 */
const AT_LEAST = 250;

export class FanOut {
  private jobs: Queued[] = [];
  private seq = 0;
  /** Players sent a snapshot while jobs were queued: the first job each still needs. */
  private readonly fresh = new Map<string, number>();
  private turn: ReturnType<typeof setImmediate> | null = null;

  constructor(private readonly options: FanOutOptions) {}

  /** Whether frames are still waiting for their turn. */
  get pending(): boolean {
    return this.jobs.length > 0;
  }

  /**
   * Queue a frame (or each player's own frame) for these players. With nothing queued, the first
   * slice goes now; the rest in the next turns.
   */
  send(playerIds: readonly string[], job: FanOutJob): void {
    if (playerIds.length === 0) return;
    // A live job still queued would build its frames from a room that has moved on: it goes first, now.
    if (this.jobs.some((queued) => queued.live)) this.drain();
    const idle = this.jobs.length === 0;
    this.jobs.push({ ...job, seq: this.seq++, playerIds, next: 0 });
    if (idle) this.run(false);
  }

  /** This player was just sent a full snapshot. */
  freshen(playerId: string): void {
    if (this.jobs.length > 0) this.fresh.set(playerId, this.seq);
  }

  /** Send everything queued now. */
  drain(): void {
    this.run(true);
  }

  /** Drop everything queued (the room stopped: its connections get snapshots from whoever runs it next). */
  clear(): void {
    this.jobs = [];
    this.fresh.clear();
    if (this.turn !== null) clearImmediate(this.turn);
    this.turn = null;
  }

  /**
   * `all`: everything queued, now (drain); otherwise one slice. The limits are this room's: rooms that
   * change phase in the same turn (a contest's, at one deadline) each send their slice in it. One
   * budget for the whole process was tried: the last of 195 rooms then got its question seconds late.
   */
  private run(all: boolean): void {
    const turn = all ? null : { sent: 0, since: performance.now() };
    const { slice, sliceMs } = this.options;
    while (this.jobs.length > 0) {
      const left = turn ? slice - turn.sent : Number.POSITIVE_INFINITY;
      if (left <= 0) break;
      const job = this.jobs[0]!;
      // Pieces of at most CHECK_EVERY recipients, so that the clock is read between them.
      const end = Math.min(job.playerIds.length, job.next + left, turn && sliceMs !== undefined ? job.next + CHECK_EVERY : Number.POSITIVE_INFINITY);
      const connectionIds: string[] = [];
      const playerIds: string[] = [];
      for (let i = job.next; i < end; i++) {
        const playerId = job.playerIds[i]!;
        const freshFrom = this.fresh.get(playerId);
        if (freshFrom !== undefined && freshFrom > job.seq) continue;
        const connectionId = this.options.connectionOf(playerId);
        if (connectionId === undefined) continue;
        connectionIds.push(connectionId);
        playerIds.push(playerId);
      }
      if (turn) turn.sent += end - job.next;
      job.next = end;
      if (job.next >= job.playerIds.length) this.jobs.shift();
      if (connectionIds.length > 0) job.deliver(connectionIds, playerIds);
      if (turn && sliceMs !== undefined && turn.sent >= Math.min(AT_LEAST, slice) && performance.now() - turn.since >= sliceMs) break;
    }
    if (this.jobs.length === 0) {
      this.clear();
      return;
    }
    this.turn ??= setImmediate(() => {
      this.turn = null;
      this.run(false);
    });
  }
}
