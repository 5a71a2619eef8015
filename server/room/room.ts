/**
 * A live room: holds the state of one game, feeds it events, owns its timers (through an
 * injected clock) and turns effects into frames (through an injected transport). Frames
 * are built once per class of viewer — the host, all players, one team with variants —
 * and only personal data (the reveal's verdicts) is built per player.
 *
 * Lifecycle: onCreate (Room.create) → onJoin (join) / onReconnect (reconnect) /
 * onDrop (drop) / onLeave (a `leave` or `kick` event) → onDispose (dispose), or
 * suspend() when the server stops and the room is to be resumed by the next one.
 *
 * Durability: every accepted event goes to the injected journal before its reply is
 * returned (so before the ack): appended to the log, or, when the phase changes, as a
 * checkpoint of the whole state. A journal that fails refuses the event.
 */
import type { Logger } from 'pino';
import type { Lang } from '../../shared/engine/index.ts';
import {
  type Ack,
  type AckError,
  ERROR_CODES,
  type HostSnapshot,
  type JoinRoomResult,
  type PhaseView,
  type PlayerSelfView,
  type PlayerSnapshot,
  type RoomConfig,
  type RoomSnapshot,
  type Seat,
  type ServerToClientEvents,
  type SessionEndReason,
} from '../../shared/protocol/index.ts';
import { modeOf } from '../modes/registry.ts';
import { FanOut } from './fan-out.ts';
import type { Clock, TimerHandle } from './clock.ts';
import { inTurnBudget } from './turn-budget.ts';
import {
  type Actor,
  type ContestEvent,
  type Effect,
  type EmptyReply,
  type LoggedEvent,
  type Replies,
  type RoomContest,
  type RoomEvent,
  type RoomState,
  type TransitionResult,
  createRoomState,
  generatesNames,
  nextAlarm,
  phaseChanged,
  phaseIndex,
  transitionInPlace,
} from './room-state.ts';
import { hashToken, newNameSeed, newPlayerId, newToken } from './secrets.ts';
import { type PhaseAudience, phaseViewFor, presenceView, roomInfoView, rosterDelta, selfView, standingsView, viewFor } from './view.ts';

export type ServerEvent = keyof ServerToClientEvents;

/** Who receives a frame. */
export type Audience =
  | { to: 'host' }
  /** Some connections (a slice of the players, or of one team): one frame, encoded once. */
  | { to: 'connections'; connectionIds: string[] }
  | { to: 'connection'; connectionId: string };

/** A lobby with no event for this long is checkpointed. */
const LOBBY_QUIET_MS = 1000;

/** How a room reaches its connections (Socket.IO in production, an in-memory fake in tests). */
export interface RoomTransport {
  /** The connection now holds this seat: it receives the seat's frames. */
  attach(connectionId: string, seat: Seat): void;
  /** The connection no longer holds a seat (it stays connected). */
  detach(connectionId: string): void;
  send<E extends ServerEvent>(audience: Audience, event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  /** Close the connection (frames already sent are delivered first). */
  disconnect(connectionId: string): void;
}

/**
 * Where a room's accepted events and checkpoints go: the SQLite store (synchronous: durable
 * when the call returns) or Redis (a promise, settled once durable). An asynchronous journal
 * must read what it writes (serialise the state) before it returns, and settle its writes in
 * the order they were made.
 */
export interface RoomJournal {
  /** Log one accepted event. */
  append(entry: LoggedEvent): void | Promise<void>;
  /** Save the whole state as of `now`; the log before it is no longer needed. */
  checkpoint(state: RoomState, now: number): void | Promise<void>;
}

export interface RoomOptions {
  clock: Clock;
  transport: RoomTransport;
  logger: Logger;
  /** Head counts and roster rows are sent to the host at most this often (0: immediately). */
  presenceIntervalMs: number;
  /**
   * Head counts are sent to players at most this often, and with every phase change (default:
   * as to the host). Players show them in the lobby only; every frame goes to every phone.
   */
  playerPresenceIntervalMs?: number;
  /** How long an ended room stays reachable (final standings) before it is disposed. */
  endedLingerMs: number;
  /** Called once, when the room is disposed. */
  onDispose?: (room: Room) => void;
  /**
   * An asynchronous journal failed: what is in memory is ahead of what is saved. The room has
   * stopped (as when suspended); the owner disposes it and resumes it from the store.
   */
  onJournalLost?: (room: Room) => void;
  /** Persistence; none keeps the room in memory only. */
  journal?: RoomJournal;
  /**
   * Frames to the players go out to this many of them per turn of the event loop (the host's at once):
   * a phase, the standings, each player's own verdict at a reveal. No synchronous stretch grows with the
   * room, and answers are read and acked between slices. Default: as many as 8 ms allow, at most 1,000.
   */
  fanOutSlice?: number;
  /** Roster rows from which a phase change sends them to the host in a turn of their own (default 1,000). */
  rosterOwnTurn?: number;
}

export interface CreateRoomOptions extends RoomOptions {
  code: string;
  seed: number;
  config: RoomConfig;
  idleTtlMs: number;
  /** A room of a contest (absent otherwise). */
  contest?: RoomContest;
}

function seatKey(seat: Seat): string {
  return seat.role === 'host' ? 'host' : seat.playerId;
}

export class Room {
  private state: RoomState;
  private readonly options: RoomOptions;
  private readonly log: Logger;
  private alarm: { at: number; handle: TimerHandle } | null = null;
  private disposeTimer: TimerHandle | null = null;
  private disposed = false;
  /** The server is stopping: the room takes no more events and keeps its seats for the next server. */
  private suspended = false;
  /** The last write to the journal failed: timers retry less eagerly. */
  private journalFailing = false;
  /**
   * With an asynchronous journal: settles once every event accepted so far is saved and its
   * frames sent; false when a write failed (the room then stops). Effects wait on it in order.
   */
  private saved: Promise<boolean> = Promise.resolve(true);
  private journalLost = false;
  /** Asynchronous writes not settled yet (always 0 with a synchronous journal). */
  private unsettledWrites = 0;

  /** connection id → seat, and the reverse for players (one connection each) and the host (any number). */
  private readonly seats = new Map<string, Seat>();
  private readonly playerConnections = new Map<string, string>();
  private readonly hostConnections = new Set<string>();
  /** token hash → player id, kept in step with state.players. */
  private readonly tokenIndex = new Map<string, string>();

  private readonly pendingRoster = new Set<string>();
  private readonly pendingRemoved = new Set<string>();
  /** Head counts changed since the host / the players last heard them. */
  private hostPresenceDirty = false;
  private playerPresenceDirty = false;
  private presenceTimer: { at: number; handle: TimerHandle } | null = null;
  private lastHostPresenceAt = Number.NEGATIVE_INFINITY;
  private lastPlayerPresenceAt = Number.NEGATIVE_INFINITY;
  /** Whether the host was connected in the last presence the players got (their snapshots had it). */
  private playersSawHost: boolean;
  /** Frames to the players, a slice per turn (fan-out.ts). */
  private readonly fanOut: FanOut;

  constructor(state: RoomState, options: RoomOptions) {
    this.state = state;
    this.options = options;
    this.playersSawHost = state.host.connected;
    this.fanOut = new FanOut({
      slice: options.fanOutSlice ?? 1000,
      // A count alone in tests, for slices that do not depend on the machine's speed.
      ...(options.fanOutSlice === undefined ? { sliceMs: 8 } : {}),
      connectionOf: (playerId) => this.playerConnections.get(playerId),
    });
    this.log = options.logger.child({ room: state.code });
    for (const p of Object.values(state.players)) this.tokenIndex.set(p.tokenHash, p.id);
    this.rearm();
  }

  /** onCreate: a new room whose host token is returned once, here. */
  static create(options: CreateRoomOptions): { room: Room; hostToken: string } {
    const hostToken = newToken(options.code);
    const state = createRoomState({
      code: options.code,
      seed: options.seed,
      config: options.config,
      hostTokenHash: hashToken(hostToken),
      now: options.clock.now(),
      idleTtlMs: options.idleTtlMs,
      ...(options.contest ? { contest: options.contest } : {}),
    });
    // The room exists on disk before its host hears of it (an asynchronous journal: before `durable()` settles).
    const written = options.journal?.checkpoint(state, state.createdAt);
    const room = new Room(state, options);
    if (written instanceof Promise) room.chain(written, []);
    room.log.info({ mode: state.config.mode, questions: state.config.questionCount, teams: state.teams.length }, 'room created');
    return { room, hostToken };
  }

  get code(): string {
    return this.state.code;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  get isSuspended(): boolean {
    return this.suspended;
  }

  /** The current state (read-only: for persistence and tests). */
  get current(): Readonly<RoomState> {
    return this.state;
  }

  /** Which seat a token opens, or why it opens none. */
  authenticate(token: string): Seat | AckError {
    const hash = hashToken(token);
    if (this.suspended) return { code: ERROR_CODES.SERVER_RESTARTING, message: 'the server is restarting; try again in a moment' };
    if (this.disposed) return { code: ERROR_CODES.ROOM_CLOSED, message: 'this game is over' };
    if (hash === this.state.host.tokenHash) return { role: 'host' };
    const playerId = this.tokenIndex.get(hash);
    if (playerId !== undefined && this.state.players[playerId]) return { role: 'player', playerId };
    if (this.state.refusedTokenHashes.includes(hash)) return { code: ERROR_CODES.KICKED, message: 'you were removed from this room' };
    return { code: ERROR_CODES.INVALID_TOKEN, message: 'unknown token' };
  }

  /** The creator's connection becomes the host. */
  attachHost(connectionId: string): HostSnapshot {
    this.reconnect(connectionId, { role: 'host' }, false);
    return this.snapshotOf({ role: 'host' }) as HostSnapshot;
  }

  /** onJoin: a new player; the token is returned once, in the result. */
  join(connectionId: string, nickname: string, teamId: string | null, lang: Lang | null = null): Ack<JoinRoomResult> {
    if (this.seats.has(connectionId)) return { ok: false, error: { code: ERROR_CODES.ALREADY_IN_ROOM, message: 'this connection already has a seat' } };
    const playerId = newPlayerId();
    const token = newToken(this.state.code);
    const join: Extract<RoomEvent, { type: 'join' }> = { type: 'join', playerId, tokenHash: hashToken(token), nickname, teamId };
    // Only where names are generated, so other rooms' journals stay as they were.
    if (generatesNames(this.state)) Object.assign(join, { nameSeed: newNameSeed(), lang });
    const result = this.perform({ role: 'guest' }, join);
    if (!result.ok) return result;
    this.tokenIndex.set(hashToken(token), playerId);
    this.bind(connectionId, { role: 'player', playerId });
    this.log.info({ playerId }, 'player joined');
    return { ok: true, data: { playerId, token, snapshot: this.snapshotOf({ role: 'player', playerId }) as PlayerSnapshot } };
  }

  /** onReconnect: a connection resumes a seat (after `authenticate`) and gets a full snapshot. */
  reconnect(connectionId: string, seat: Seat, sendSnapshot = true): boolean {
    if (this.disposed || this.suspended) return false;
    if (seat.role === 'player' && !this.state.players[seat.playerId]) return false;
    if (seat.role === 'player') {
      const previous = this.playerConnections.get(seat.playerId);
      // One connection per player: the newest wins (e.g. the phone reconnected before the old socket timed out).
      if (previous !== undefined && previous !== connectionId) this.release(previous, 'replaced', true);
    }
    this.perform(seat.role === 'host' ? { role: 'host' } : { role: 'player', playerId: seat.playerId }, { type: 'connect' });
    this.bind(connectionId, seat);
    if (sendSnapshot) {
      if (seat.role === 'player') this.fanOut.freshen(seat.playerId);
      this.options.transport.send({ to: 'connection', connectionId }, 'room:snapshot', this.snapshotOf(seat));
    }
    return true;
  }

  /** onDrop: a connection went away; its seat stays (shown as away) until a leave or a kick. */
  drop(connectionId: string): void {
    const seat = this.seats.get(connectionId);
    if (!seat || this.suspended) return;
    this.unbind(connectionId);
    if (seat.role === 'host') {
      if (this.hostConnections.size === 0) this.perform({ role: 'host' }, { type: 'drop' });
    } else {
      this.perform({ role: 'player', playerId: seat.playerId }, { type: 'drop' });
    }
  }

  /** A full snapshot for the seat a connection holds. */
  sync(connectionId: string): Ack<RoomSnapshot> {
    const seat = this.seats.get(connectionId);
    if (!seat) return { ok: false, error: { code: ERROR_CODES.NOT_IN_ROOM, message: 'this connection has no seat' } };
    if (seat.role === 'player') this.fanOut.freshen(seat.playerId);
    return { ok: true, data: this.snapshotOf(seat) };
  }

  seatOf(connectionId: string): Seat | null {
    return this.seats.get(connectionId) ?? null;
  }

  /** Any other request from a connection. */
  request<E extends RoomEvent>(connectionId: string, event: E): TransitionResult<Replies[E['type']]> {
    if (this.suspended) return { ok: false, error: { code: ERROR_CODES.SERVER_RESTARTING, message: 'the server is restarting; try again in a moment' } };
    if (this.disposed) return { ok: false, error: { code: ERROR_CODES.ROOM_CLOSED, message: 'this room is closed' } };
    const seat = this.seats.get(connectionId);
    const actor: Actor = !seat ? { role: 'guest' } : seat.role === 'host' ? { role: 'host' } : { role: 'player', playerId: seat.playerId };
    if (!seat && event.type !== 'join') return { ok: false, error: { code: ERROR_CODES.NOT_IN_ROOM, message: 'this connection has no seat' } };
    // The draw is the Room's (a transition draws nothing); the wire payload of a re-roll is empty.
    if (event.type === 'name:reroll') return this.perform(actor, { ...event, nameSeed: newNameSeed() });
    return this.perform(actor, event);
  }

  /**
   * A request of the room's contest (the contest service), as the system actor: journalled like
   * every event, its frames sent as every event's. A request that changes nothing (a repeated
   * one) is not logged. Acks need `durable()` with an asynchronous journal (LocalRooms.system waits).
   */
  system(event: ContestEvent): Ack<EmptyReply> {
    const result = this.perform({ role: 'system' }, event);
    return result.ok ? { ok: true, data: result.reply } : { ok: false, error: result.error };
  }

  /** Save the whole state now (graceful stop, recovery). */
  checkpoint(): void | Promise<void> {
    return this.options.journal?.checkpoint(this.state, this.options.clock.now());
  }

  /**
   * Settles once everything accepted so far is saved and its frames are sent: true, or false
   * when the journal failed. A request's ack waits for it (every ack follows its write).
   */
  durable(): Promise<boolean> {
    return this.saved;
  }

  /** Everything accepted is saved already (a synchronous journal, or no write in flight): an ack need not wait. */
  get isSaved(): boolean {
    return this.unsettledWrites === 0 && !this.journalLost;
  }

  /**
   * The server is stopping: save the state, stop every timer and take no more events. The
   * seats stay (the state says who was connected); the server closes the connections and
   * the next server resumes the room from the store.
   */
  suspend(): Promise<void> {
    if (this.disposed || this.suspended) return Promise.resolve();
    const failed = (err: unknown) => {
      // The log still holds every accepted event: the next server replays it.
      this.log.error({ err }, 'could not checkpoint the room on shutdown');
    };
    let written: void | Promise<void> = undefined;
    try {
      // Only after the writes in flight: a checkpoint drops the log they append to.
      written = this.journalLost ? undefined : this.checkpoint();
    } catch (err) {
      failed(err);
    }
    this.suspended = true;
    this.clearTimers();
    this.log.info('room suspended');
    return written instanceof Promise ? written.catch(failed) : Promise.resolve();
  }

  /**
   * After a takeover: seats the state shows connected that no connection has taken again
   * (their phones were on a node that died and have not come back) are marked away.
   */
  markUnclaimedAway(): void {
    if (this.state.host.connected && this.hostConnections.size === 0) this.perform({ role: 'host' }, { type: 'drop' });
    for (const id of Object.keys(this.state.players)) {
      if (this.state.players[id]!.connected && !this.playerConnections.has(id)) this.perform({ role: 'player', playerId: id }, { type: 'drop' });
    }
  }

  /**
   * Stop at once without saving anything (the store is ahead, or another server runs the room
   * now): no more events, no timers. Disposing it next tells its connections nothing.
   */
  halt(): void {
    this.suspended = true;
    this.fanOut.clear();
    this.clearTimers();
  }

  /** onDispose: stop every timer, tell every connection, let go of them. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    // Frames still queued reach their phones before the room goes (a suspended room's phones get snapshots on resume).
    if (!this.suspended) this.fanOut.drain();
    this.fanOut.clear();
    // A checkpoint still due is taken now: a finished room is marked finished in the store by it.
    if (this.checkpointDue && !this.suspended && !this.journalLost) this.checkpointNow(false);
    this.disposed = true;
    this.clearTimers();
    // A suspended room's seats live on in the store: its connections are not told the room is over.
    if (this.suspended) this.seats.clear();
    for (const connectionId of [...this.seats.keys()]) this.release(connectionId, 'room_closed', true);
    this.log.info('room disposed');
    this.options.onDispose?.(this);
  }

  /** Whether a timer is pending (tests check that dispose leaves none). */
  get hasTimers(): boolean {
    return this.alarm !== null || this.presenceTimer !== null || this.disposeTimer !== null;
  }

  // ─── Internals ────────────────────────────────────────────────────────────────────

  private clearTimers(): void {
    const { clock } = this.options;
    if (this.alarm) clock.clearTimeout(this.alarm.handle);
    if (this.presenceTimer !== null) clock.clearTimeout(this.presenceTimer.handle);
    if (this.disposeTimer !== null) clock.clearTimeout(this.disposeTimer);
    if (this.rosterTurn !== null) clearImmediate(this.rosterTurn);
    if (this.lobbyTimer !== null) clock.clearTimeout(this.lobbyTimer);
    this.lobbyTimer = null;
    this.rosterTurn = null;
    this.alarm = null;
    this.presenceTimer = null;
    this.disposeTimer = null;
  }

  private snapshotOf(seat: Seat): RoomSnapshot {
    return viewFor(this.state, seat, this.options.clock.now());
  }

  private bind(connectionId: string, seat: Seat): void {
    this.seats.set(connectionId, seat);
    if (seat.role === 'host') this.hostConnections.add(connectionId);
    else this.playerConnections.set(seat.playerId, connectionId);
    this.options.transport.attach(connectionId, seat);
  }

  private unbind(connectionId: string): Seat | null {
    const seat = this.seats.get(connectionId);
    if (!seat) return null;
    this.seats.delete(connectionId);
    if (seat.role === 'host') this.hostConnections.delete(connectionId);
    else if (this.playerConnections.get(seat.playerId) === connectionId) this.playerConnections.delete(seat.playerId);
    return seat;
  }

  /** Tell a connection its seat is over, detach it, and (optionally) close it. */
  private release(connectionId: string, reason: SessionEndReason, disconnect: boolean): void {
    const { transport } = this.options;
    this.unbind(connectionId);
    transport.send({ to: 'connection', connectionId }, 'session:ended', { reason });
    transport.detach(connectionId);
    if (disconnect) transport.disconnect(connectionId);
  }

  /** Apply one event: catch up on a due timer first, so every decision uses the server clock. */
  private perform<E extends RoomEvent>(actor: Actor, event: E): TransitionResult<Replies[E['type']]> {
    if (this.suspended) return { ok: false, error: { code: ERROR_CODES.SERVER_RESTARTING, message: 'the server is restarting; try again in a moment' } };
    if (this.disposed) return { ok: false, error: { code: ERROR_CODES.ROOM_CLOSED, message: 'this room is closed' } };
    const now = this.options.clock.now();
    const due = nextAlarm(this.state);
    if (event.type !== 'tick' && due !== null && now >= due) this.apply({ role: 'system' }, { type: 'tick' }, now);
    return this.apply(actor, event, now);
  }

  private apply<E extends RoomEvent>(actor: Actor, event: E, now: number): TransitionResult<Replies[E['type']]> {
    let applied: ReturnType<typeof transitionInPlace<E>>;
    try {
      applied = transitionInPlace(this.state, actor, event, now);
    } catch (error) {
      // The state is untouched: a failed transition undoes its writes.
      this.log.error({ err: error, event: event.type }, 'transition failed');
      return { ok: false, error: { code: ERROR_CODES.INTERNAL_ERROR, message: 'something went wrong on the server' } };
    }
    const { result } = applied;
    if (!result.ok) return result;
    if (result.state !== this.state && !this.persist({ actor, event, now }, result.state)) {
      // Not saved, so not accepted: the state goes back to what it was.
      applied.undo();
      return { ok: false, error: { code: ERROR_CODES.INTERNAL_ERROR, message: 'the game could not be saved; try again' } };
    }
    const written = this.writing;
    this.writing = null;
    const before = this.state;
    this.state = result.state;
    this.logPhaseChange(before, now);
    if (written) this.chain(written, result.effects);
    else this.applyEffects(result.effects);
    this.rearm();
    return result;
  }

  /** A write in flight, set by persist() for apply(). */
  private writing: Promise<void> | null = null;

  /** Frames of an event go out once its write (and every earlier one) is saved. */
  private chain(written: Promise<void>, effects: readonly Effect[]): void {
    // Handled at once: a write may fail before the writes ahead of it have settled.
    this.unsettledWrites++;
    const outcome = written.then(
      () => ({ failed: false as const }),
      (err: unknown) => ({ failed: true as const, err }),
    );
    this.saved = this.saved.then((ok) =>
      outcome.then((result) => {
        this.unsettledWrites--;
        if (result.failed) {
          this.loseJournal(result.err);
          return false;
        }
        if (!ok || this.journalLost || this.disposed) return ok && !this.journalLost;
        const later = inTurnBudget(() => {
          if (!this.journalLost && !this.disposed) this.applyEffects(effects);
        });
        return later ? later.then(() => !this.journalLost) : !this.journalLost;
      }),
    );
  }

  /** A write failed: memory is ahead of the store, so the room stops; its owner resumes it from the store. */
  private loseJournal(err: unknown): void {
    if (this.journalLost) return;
    this.journalLost = true;
    this.log.error({ err }, 'could not save an event; the room stops and is resumed from the store');
    this.suspended = true;
    // Frames still queued are of saved events, but whoever resumes the room sends snapshots: nothing older may follow them.
    this.fanOut.clear();
    this.clearTimers();
    this.options.onJournalLost?.(this);
  }

  /**
   * Make an accepted event durable before anyone hears of it: one log row. A phase change is also
   * checkpointed, a turn later (checkpointSoon), so its frames do not wait for the whole state —
   * except while a question runs (checkpointAt).
   */
  private persist(entry: LoggedEvent, next: RoomState): boolean {
    const journal = this.options.journal;
    if (!journal) return true;
    try {
      const written = journal.append(entry);
      if (written instanceof Promise) this.writing = written;
      this.journalFailing = false;
    } catch (err) {
      this.journalFailing = true;
      this.log.error({ err, event: entry.event.type }, 'could not save an event; refused');
      return false;
    }
    this.eventsSinceCheckpoint++;
    if (phaseChanged(this.state, next) && this.checkpointAt(next)) this.checkpointSoon();
    else if (next.phase.phase === 'lobby') this.lobbyQuiet();
    return true;
  }

  /** Events logged since the last checkpoint. */
  private eventsSinceCheckpoint = 0;
  private lobbyTimer: TimerHandle | null = null;

  /**
   * A lobby that has had no event for a second (the join burst is over) is checkpointed, so that the
   * first question need not take the whole room's state with it while phones start answering.
   */
  private lobbyQuiet(): void {
    const { clock } = this.options;
    if (this.lobbyTimer !== null) clock.clearTimeout(this.lobbyTimer);
    this.lobbyTimer = clock.setTimeout(() => {
      this.lobbyTimer = null;
      if (this.state.phase.phase === 'lobby' && this.eventsSinceCheckpoint > 0 && !this.disposed && !this.suspended && !this.journalLost) this.checkpointSoon();
    }, LOBBY_QUIET_MS);
  }

  private checkpointDue = false;
  /** Questions opened since the last checkpoint. */
  private questionsSinceCheckpoint = 0;

  /**
   * Whether entering this phase is worth a checkpoint. The state of a large room takes tens of
   * milliseconds to serialise and a hundred to write (every player, the closed question's
   * submissions and results): never while a question is open, when phones are answering. A reveal
   * takes it once its verdicts are out (checkpointSoon waits for them), while the class looks at the
   * answer — not at the leaderboard after it, which only changes the phase (one event to replay),
   * and which a quick host leaves as soon as the standings are out, as the next question opens. The
   * first question takes one too (folding in the lobby's joins) unless the quiet lobby took it
   * (lobbyQuiet), and so does a question opened with none since the previous one, so that a replay
   * never has more than about two questions' events.
   */
  private checkpointAt(next: RoomState): boolean {
    const phase = next.phase.phase;
    // From the lobby, unless the lobby was checkpointed since its last event (the event opening the question aside).
    if (phase === 'question') return ++this.questionsSinceCheckpoint > 1 || (this.state.phase.phase === 'lobby' && this.eventsSinceCheckpoint > 1);
    if (phase === 'leaderboard') return this.questionsSinceCheckpoint > 0 || this.state.phase.phase !== 'reveal';
    return true;
  }

  /**
   * Checkpoint the room in the next turn of the event loop, after this turn's commit and frames: the
   * state of a large room (every player, the closed question's submissions and results) takes tens of
   * milliseconds to write, and a reveal's frames need not wait for it — the log row of the event that
   * changed the phase already makes it durable. The checkpoint keeps replays short. It waits for a
   * reveal's verdicts, still going out in slices, too.
   */
  private checkpointSoon(): void {
    if (this.checkpointDue) return;
    this.checkpointDue = true;
    const due = () => {
      if (this.fanOut.pending && !this.disposed && !this.suspended) {
        setImmediate(due);
        return;
      }
      if (this.disposed || this.suspended || this.journalLost) return;
      this.checkpointNow();
    };
    setImmediate(due);
  }

  /** `chained`: a failed write stops the room to be resumed (a room being disposed only logs it). */
  private checkpointNow(chained = true): void {
    this.checkpointDue = false;
    this.questionsSinceCheckpoint = 0;
    this.eventsSinceCheckpoint = 0;
    // The log holds every event still: a checkpoint that fails only makes the replay after a restart longer.
    const failed = (err: unknown) => this.log.error({ err }, 'could not checkpoint the room');
    let written: void | Promise<void>;
    try {
      written = this.checkpoint();
    } catch (err) {
      failed(err);
      return;
    }
    if (!(written instanceof Promise)) return;
    if (chained) this.chain(written, []);
    else written.catch(failed);
  }

  private logPhaseChange(before: RoomState, now: number): void {
    const phase = this.state.phase;
    const index = phaseIndex(phase);
    if (phase.phase === 'question' && phase.held && !(before.phase.phase === 'question' && before.phase.held)) {
      this.log.info({ phase: 'held', index, heldBy: phase.heldBy, at: now }, 'phase');
    }
    if (phase.phase === before.phase.phase && index === phaseIndex(before.phase)) return;
    const question = phase.phase === 'reveal' ? this.state.questions[phase.index] : undefined;
    this.log.info({ phase: phase.phase, index, closedBy: question?.closedBy, answered: question ? Object.keys(question.submissions).length : undefined, at: now }, 'phase');
  }

  private applyEffects(effects: readonly Effect[]): void {
    if (effects.length === 0) return;
    const me = new Set<string>();
    const teamPhases = new Set<string>();
    let phase = false;
    let standings = false;
    let info = false;
    let results = false;
    let closed = false;
    for (const effect of effects) {
      switch (effect.type) {
        case 'phase':
          phase = true;
          break;
        case 'team-phase':
          teamPhases.add(effect.teamId);
          break;
        case 'results':
          results = true;
          break;
        case 'me':
          for (const id of effect.playerIds) me.add(id);
          break;
        case 'roster':
          for (const id of effect.playerIds) this.pendingRoster.add(id);
          this.markPresence();
          break;
        case 'roster-remove':
          this.pendingRoster.delete(effect.playerId);
          this.pendingRemoved.add(effect.playerId);
          this.markPresence();
          break;
        case 'presence':
          this.markPresence();
          break;
        case 'info':
          info = true;
          break;
        case 'standings':
          standings = true;
          break;
        case 'unseat': {
          const connectionId = this.playerConnections.get(effect.playerId);
          for (const [hash, id] of this.tokenIndex) if (id === effect.playerId) this.tokenIndex.delete(hash);
          if (connectionId !== undefined) this.release(connectionId, effect.reason, effect.reason === 'kicked');
          this.log.info({ playerId: effect.playerId, reason: effect.reason }, 'player removed');
          break;
        }
        case 'closed':
          closed = true;
          break;
        default: {
          const never: never = effect;
          throw new Error(`unknown effect ${JSON.stringify(never)}`);
        }
      }
    }
    // Parts a new phase needs are sent before the phase itself. A reveal's phase frame to a player carries
    // its own view with the verdict: one frame per phone. The host gets its frames at once; the players'
    // go out in slices, in this order (fan-out.ts).
    if (info) this.toEveryone('room:info', roomInfoView(this.state));
    const reveal = results && phase;
    if (results && !phase) for (const id of this.playerConnections.keys()) me.add(id);
    if (!reveal) this.sendMe([...me]);
    if (standings) this.toEveryone('room:standings', standingsView(this.state));
    this.flushPresence(phase);
    if (phase) this.sendPhase(reveal);
    else if (teamPhases.size > 0) this.sendTeamPhases(teamPhases);
    if (closed) this.scheduleDispose();
  }

  /** Each player's own `room:me`, built from the room as it is when their slice goes. */
  private sendMe(playerIds: readonly string[]): void {
    this.toEachOwn(playerIds, (connectionId, me) => this.options.transport.send({ to: 'connection', connectionId }, 'room:me', me));
  }

  /** A frame per player carrying the player's own view, built from the room as it is when their slice goes. */
  private toEachOwn(playerIds: readonly string[], send: (connectionId: string, me: PlayerSelfView) => void): void {
    this.fanOut.send(playerIds, {
      live: true,
      deliver: (connectionIds, ids) => {
        for (let i = 0; i < ids.length; i++) {
          const playerId = ids[i]!;
          if (this.state.players[playerId]) send(connectionIds[i]!, selfView(this.state, playerId));
        }
      },
    });
  }

  /** One frame, encoded once per slice, to these players. */
  private toPlayers<E extends ServerEvent>(playerIds: readonly string[], event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.fanOut.send(playerIds, { deliver: (connectionIds) => this.options.transport.send({ to: 'connections', connectionIds }, event, ...args) });
  }

  /** The host at once, every connected player in slices. */
  private toEveryone<E extends ServerEvent>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.options.transport.send({ to: 'host' }, event, ...args);
    this.toPlayers([...this.playerConnections.keys()], event, ...args);
  }

  /** One team's part of a round moved: the projector and that team's phones get the new view, nobody else. */
  private sendTeamPhases(teamIds: ReadonlySet<string>): void {
    const { transport, clock } = this.options;
    const now = clock.now();
    transport.send({ to: 'host' }, 'room:phase', phaseViewFor(this.state, { role: 'host' }, now));
    const byTeam = new Map<string, string[]>();
    for (const playerId of this.playerConnections.keys()) {
      const teamId = this.state.players[playerId]?.teamId;
      if (teamId === null || teamId === undefined || !teamIds.has(teamId)) continue;
      const list = byTeam.get(teamId);
      if (list) list.push(playerId);
      else byTeam.set(teamId, [playerId]);
    }
    for (const [teamId, playerIds] of byTeam) this.toPlayers(playerIds, 'room:phase', phaseViewFor(this.state, { role: 'player', teamId }, now));
  }

  /** `withMe`: each player's frame carries its own view too (a reveal with its verdicts). */
  private sendPhase(withMe: boolean): void {
    const { transport, clock } = this.options;
    const now = clock.now();
    transport.send({ to: 'host' }, 'room:phase', phaseViewFor(this.state, { role: 'host' }, now));
    const phase = this.state.phase;
    const question = phase.phase === 'question' || phase.phase === 'reveal' ? this.state.questions[phase.index] : undefined;
    const send = (playerIds: readonly string[], view: PhaseView) =>
      withMe
        ? this.toEachOwn(playerIds, (connectionId, me) => this.options.transport.send({ to: 'connection', connectionId }, 'room:phase', view, me))
        : this.toPlayers(playerIds, 'room:phase', view);
    if (!question?.variants && !modeOf(this.state).teamViews) {
      send([...this.playerConnections.keys()], phaseViewFor(this.state, { role: 'player', teamId: null }, now));
      return;
    }
    // Per-team variants (or a mode where a team sees its own part): one view per team, sent to that team's connected players.
    const byTeam = new Map<string | null, string[]>();
    for (const playerId of this.playerConnections.keys()) {
      const player = this.state.players[playerId];
      if (!player) continue;
      const team = question?.submissions[playerId]?.variant ?? player.teamId;
      const list = byTeam.get(team);
      if (list) list.push(playerId);
      else byTeam.set(team, [playerId]);
    }
    for (const [teamId, playerIds] of byTeam) {
      const audience: PhaseAudience = { role: 'player', teamId };
      send(playerIds, phaseViewFor(this.state, audience, now));
    }
  }

  private markPresence(): void {
    this.hostPresenceDirty = true;
    this.playerPresenceDirty = true;
  }

  /** The roster rows that changed, to the host. */
  private sendRoster(): void {
    if (this.pendingRoster.size === 0 && this.pendingRemoved.size === 0) return;
    this.options.transport.send({ to: 'host' }, 'room:roster', rosterDelta(this.state, this.pendingRoster, this.pendingRemoved));
    this.pendingRoster.clear();
    this.pendingRemoved.clear();
  }

  private rosterTurn: ReturnType<typeof setImmediate> | null = null;

  /**
   * Head counts and roster rows, coalesced: at most one flush per interval unless forced (a
   * phase change). The host's interval is short (the projector shows who joined and answered);
   * the players' is longer, and they get none where their screens show no head count, since a
   * frame to every phone while a class answers costs more than all the answers.
   */
  private flushPresence(force: boolean): void {
    if (this.disposed) return;
    const { clock, transport, presenceIntervalMs } = this.options;
    const playerInterval = this.options.playerPresenceIntervalMs ?? presenceIntervalMs;
    const now = clock.now();
    const hostDue = this.hostPresenceDirty && (force || now >= this.lastHostPresenceAt + presenceIntervalMs);
    // Phones show head counts in the lobby (and where the mode says): elsewhere a change waits for the next
    // lobby — except the host coming or going, which is rare and which every phone is told.
    const hostConnected = this.state.host.connected;
    const playersShow = this.state.phase.phase === 'lobby' || modeOf(this.state).playerPresence === 'always' || this.playersSawHost !== hostConnected;
    const playersDue = playersShow && this.playerPresenceDirty && (force || now >= this.lastPlayerPresenceAt + playerInterval);
    if (hostDue) {
      // A phase change of a large room changes every row (answered flags, scores): the rows go in a turn of
      // their own, so that the phase and the phones' first slice do not wait for them.
      if (force && this.pendingRoster.size >= (this.options.rosterOwnTurn ?? 1000)) {
        this.rosterTurn ??= setImmediate(() => {
          this.rosterTurn = null;
          if (!this.disposed) this.sendRoster();
        });
      } else this.sendRoster();
    }
    if (hostDue || playersDue) {
      const presence = presenceView(this.state);
      if (hostDue) transport.send({ to: 'host' }, 'room:presence', presence);
      if (playersDue) this.toPlayers([...this.playerConnections.keys()], 'room:presence', presence);
    }
    if (hostDue) {
      this.hostPresenceDirty = false;
      this.lastHostPresenceAt = now;
    }
    if (playersDue) {
      this.playersSawHost = hostConnected;
      this.playerPresenceDirty = false;
      this.lastPlayerPresenceAt = now;
    }
    // One timer for whichever audience is due next.
    let at = Number.POSITIVE_INFINITY;
    if (this.hostPresenceDirty) at = this.lastHostPresenceAt + presenceIntervalMs;
    if (this.playerPresenceDirty && playersShow) at = Math.min(at, this.lastPlayerPresenceAt + playerInterval);
    if (this.presenceTimer && this.presenceTimer.at <= at && at !== Number.POSITIVE_INFINITY) return;
    if (this.presenceTimer) clock.clearTimeout(this.presenceTimer.handle);
    this.presenceTimer = null;
    if (at === Number.POSITIVE_INFINITY) return;
    const handle = clock.setTimeout(() => {
      this.presenceTimer = null;
      this.flushPresence(false);
    }, Math.max(0, at - now));
    this.presenceTimer = { at, handle };
  }

  private scheduleDispose(): void {
    if (this.disposeTimer !== null || this.disposed) return;
    this.log.info({ reason: this.state.phase.phase === 'ended' ? this.state.phase.reason : null }, 'room ended');
    this.disposeTimer = this.options.clock.setTimeout(() => {
      this.disposeTimer = null;
      this.dispose();
    }, this.options.endedLingerMs);
  }

  /** Keep one timer, armed for the earliest alarm; a timer that fires early just re-arms. */
  private rearm(): void {
    if (this.disposed || this.suspended) return;
    const { clock } = this.options;
    const at = nextAlarm(this.state);
    if (this.alarm && at !== null && this.alarm.at <= at) return;
    if (this.alarm) clock.clearTimeout(this.alarm.handle);
    this.alarm = null;
    if (at === null) return;
    // A due tick the journal could not save is retried a second later, not in a busy loop.
    const delay = this.journalFailing ? Math.max(at - clock.now(), 1000) : at - clock.now();
    const handle = clock.setTimeout(() => {
      this.alarm = null;
      this.perform({ role: 'system' }, { type: 'tick' });
      this.rearm();
    }, delay);
    this.alarm = { at, handle };
  }
}
