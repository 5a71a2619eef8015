/** The live rooms of this server process, by code, and the way back into one from a token. */
import type { Logger } from 'pino';
import { type AckError, ERROR_CODES, type RoomConfig, type Seat } from '../../shared/protocol/index.ts';
import type { RoomStore } from '../store/room-store.ts';
import type { Clock } from './clock.ts';
import { cleanDisplayText } from './nickname.ts';
import type { RoomContest, RoomState } from './room-state.ts';
import { Room, type RoomJournal, type RoomOptions, type RoomTransport } from './room.ts';
import { newRoomCode, roomCodeOfToken } from './secrets.ts';

export interface RegistryOptions {
  clock: Clock;
  logger: Logger;
  /** The transport of a new room, by its code. */
  transportFor: (code: string) => RoomTransport;
  /** A room's secret seed (node:crypto in production; fixed in tests that recompute the problems). */
  seedSource: () => number;
  maxRooms: number;
  idleTtlMs: number;
  endedLingerMs: number;
  presenceIntervalMs: number;
  /** Head counts to players at most this often (default: as to the host). */
  playerPresenceIntervalMs?: number;
  /** Rooms are saved here and resumed from here after a restart; none keeps them in memory only. */
  store?: RoomStore | null;
  /** The most players a room may hold, whatever its host asks for. */
  maxCapacity?: number;
  /** A room's asynchronous journal failed (see RoomOptions.onJournalLost). */
  onJournalLost?: (room: Room) => void;
}

/** Titles and team names are shown on the projector: the same cleaning as nicknames, or the default when nothing is left. */
function cleanConfig(config: RoomConfig, maxCapacity: number): RoomConfig {
  const title = cleanDisplayText(config.title) || 'Backprop Arena';
  const teams = config.teams?.names
    ? { ...config.teams, names: config.teams.names.map((name) => cleanDisplayText(name)) }
    : config.teams;
  // The room keeps its own copy of a set: whoever holds the object it came from (an editor's state, a
  // set store's cache) may change it later, and a room plays the snapshot it was made with.
  const set = config.set ? structuredClone(config.set) : undefined;
  return { ...config, title, teams, capacity: Math.min(config.capacity, maxCapacity), ...(set ? { set } : {}) };
}

/** How a room is made, beyond its config. */
export interface CreateOptions {
  /**
   * The room's secret seed instead of a random one. Every problem of a room derives from its seed and
   * config alone (question i from deriveSeed(seed, i), a team's variant from its id too), so the rooms
   * of a contest that share a seed and a config play the same problems.
   */
  seed?: number;
  /** The contest the room plays in (set at creation, never changed). */
  contest?: RoomContest;
}

/** The contest's title and the room's label are shown on the projector and the phones: cleaned as a room title. */
function cleanContest(contest: RoomContest): RoomContest {
  return { ...contest, title: cleanDisplayText(contest.title) || contest.code, label: cleanDisplayText(contest.label) || contest.slotId };
}

export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly options: RegistryOptions;
  /** The server is stopping: no new rooms. */
  private suspended = false;

  constructor(options: RegistryOptions) {
    this.options = options;
  }

  get size(): number {
    return this.rooms.size;
  }

  get store(): RoomStore | null {
    return this.options.store ?? null;
  }

  get(code: string): Room | undefined {
    return this.rooms.get(code);
  }

  /** Every live room (reports, shutdown). */
  all(): Room[] {
    return [...this.rooms.values()];
  }

  /**
   * onCreate for a new room; the creating connection becomes its host. `chosen`: the code and journal
   * a cluster node reserved for it (otherwise a free code and this registry's store).
   */
  create(
    config: RoomConfig,
    options: CreateOptions = {},
    chosen?: { code: string; journal: RoomJournal },
  ): { room: Room; hostToken: string } | { error: AckError } {
    if (this.suspended) return { error: { code: ERROR_CODES.SERVER_RESTARTING, message: 'the server is restarting; try again in a moment' } };
    if (this.rooms.size >= this.options.maxRooms) {
      return { error: { code: ERROR_CODES.SERVER_FULL, message: 'this server runs as many rooms as it can' } };
    }
    const store = this.store;
    let code = chosen?.code ?? newRoomCode();
    // ~8.9e8 codes: a collision is rare, and retried. Finished rooms keep their code while their report is kept.
    while (!chosen && (this.rooms.has(code) || store?.hasRoom(code))) code = newRoomCode();
    try {
      const created = Room.create({
        ...this.roomOptions(code, chosen ? chosen.journal : store?.journalFor(code)),
        code,
        seed: options.seed ?? this.options.seedSource(),
        ...(options.contest ? { contest: cleanContest(options.contest) } : {}),
        config: cleanConfig(config, this.options.maxCapacity ?? Number.POSITIVE_INFINITY),
        idleTtlMs: this.options.idleTtlMs,
      });
      this.rooms.set(code, created.room);
      return created;
    } catch (err) {
      this.options.logger.error({ err, room: code }, 'could not save a new room');
      return { error: { code: ERROR_CODES.INTERNAL_ERROR, message: 'the room could not be saved; try again' } };
    }
  }

  /** Resume every unfinished room of the store (on start). Returns how many. */
  restore(): number {
    const store = this.store;
    if (!store) return 0;
    const recovered = store.recoverUnfinished(this.options.clock.now());
    for (const { state, journal, replayed } of recovered) {
      const room = this.adopt(state, journal);
      this.options.logger.info({ room: room.code, phase: state.phase.phase, replayed }, 'room resumed');
    }
    return recovered.length;
  }

  /**
   * A room whose writes failed (embedded: its SQLite commit) stops with memory ahead of the store.
   * It runs again from what the store holds — every acknowledged event, none of the refused ones —
   * and `reseat` hands it the connections that held seats. A store that cannot be read yet is tried
   * again, less and less often.
   */
  resumeLost(lost: Room, reseat: (room: Room) => void): void {
    const store = this.store;
    const { logger } = this.options;
    const code = lost.code;
    lost.halt();
    lost.dispose();
    if (!store) return;
    const attempt = (delayMs: number) => {
      const timer = setTimeout(() => {
        if (this.suspended || this.rooms.has(code)) return;
        let resumed: ReturnType<RoomStore['resume']>;
        try {
          resumed = store.resume(code);
        } catch (err) {
          logger.error({ err, room: code }, 'could not read a room back from the store; trying again');
          attempt(Math.min(delayMs * 2, 30_000));
          return;
        }
        if (!resumed) return;
        const room = this.adopt(resumed.state, resumed.journal);
        logger.warn({ room: code, phase: resumed.state.phase.phase, replayed: resumed.replayed }, 'room resumed from the store after a failed write');
        reseat(room);
        room.markUnclaimedAway();
      }, delayMs);
      timer.unref();
    };
    attempt(250);
  }

  /** The room and seat a token opens, or why it opens none. */
  resolve(token: string): { room: Room; seat: Seat } | { error: AckError } {
    const code = roomCodeOfToken(token);
    if (code === null) return { error: { code: ERROR_CODES.INVALID_TOKEN, message: 'malformed token' } };
    const room = this.rooms.get(code);
    if (!room) return { error: { code: ERROR_CODES.ROOM_CLOSED, message: 'this room no longer exists' } };
    const seat = room.authenticate(token);
    return 'code' in seat ? { error: seat } : { room, seat };
  }

  /** Graceful stop: every room saves its state and stops its timers; the next server resumes them. */
  suspendAll(): Promise<void> {
    this.suspended = true;
    return Promise.all([...this.rooms.values()].map((room) => room.suspend())).then(() => undefined);
  }

  disposeAll(): void {
    for (const room of [...this.rooms.values()]) room.dispose();
    this.rooms.clear();
  }

  /** Run a room resumed from a store, with its journal. */
  adopt(state: RoomState, journal: RoomJournal): Room {
    const room = new Room(state, this.roomOptions(state.code, journal));
    this.rooms.set(state.code, room);
    return room;
  }

  private roomOptions(code: string, journal: RoomJournal | undefined): RoomOptions {
    const { clock, logger, endedLingerMs, presenceIntervalMs, playerPresenceIntervalMs } = this.options;
    return {
      clock,
      logger,
      endedLingerMs,
      presenceIntervalMs,
      playerPresenceIntervalMs,
      transport: this.options.transportFor(code),
      journal,
      onDispose: (room) => {
        if (this.rooms.get(room.code) === room) this.rooms.delete(room.code);
      },
      onJournalLost: this.options.onJournalLost,
    };
  }
}
