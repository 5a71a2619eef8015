/**
 * How a connection reaches its room, wherever the room runs. The socket handlers speak only
 * to a directory: the local one (this file) holds every room in this process; the cluster one
 * (server/cluster/) runs the rooms this node owns and forwards the rest to their owners.
 *
 * Every answer settles after the event it carries is saved (an asynchronous journal's write
 * included), so an ack always follows the write.
 */
import {
  type Ack,
  type AckError,
  ERROR_CODES,
  type HostSnapshot,
  type JoinRoomResult,
  type RoomConfig,
  type RoomPeek,
  type RoomSnapshot,
  type Seat,
} from '../../shared/protocol/index.ts';
import type { Lang } from '../../shared/engine/index.ts';
import type { ContestEvent, EmptyReply, RoomEvent, RoomState } from './room-state.ts';
import { roomPeekView } from './view.ts';
import type { Room } from './room.ts';
import type { CreateOptions, RoomRegistry } from './room-registry.ts';

export interface CreatedRoom {
  code: string;
  hostToken: string;
  snapshot: HostSnapshot;
}

export interface RoomDirectory {
  /** A new room; the connection becomes its host. `options`: a seed of its own, its contest. */
  create(config: RoomConfig, connectionId: string, options?: CreateOptions): Promise<CreatedRoom | { error: AckError }>;
  /** The seat a token opens (the handshake), or why it opens none. */
  resolve(token: string): Promise<{ code: string; seat: Seat } | { error: AckError }>;
  /** Seat the connection (after `resolve`); the room sends it a snapshot. False when the seat is gone. */
  reconnect(code: string, connectionId: string, seat: Seat): Promise<boolean>;
  /** Whether a room of this code is running (a join to any other code is a miss). */
  exists(code: string): Promise<boolean>;
  join(code: string, connectionId: string, nickname: string, teamId: string | null, lang?: Lang | null): Ack<JoinRoomResult> | Promise<Ack<JoinRoomResult>>;
  /** What the join screen needs before a seat (after `exists`). */
  peek(code: string): Ack<RoomPeek> | Promise<Ack<RoomPeek>>;
  sync(code: string, connectionId: string, seat: Seat | null): Promise<Ack<RoomSnapshot>>;
  /** Any other event, as the seat the connection holds (`seat` lets a new owner seat it again after a takeover). */
  request(code: string, connectionId: string, seat: Seat | null, event: RoomEvent): Ack<unknown> | Promise<Ack<unknown>>;
  /** The connection went away. */
  drop(code: string, connectionId: string): void;
}

const roomGone = (): AckError => ({ code: ERROR_CODES.ROOM_CLOSED, message: 'this room no longer exists' });
const notSaved = (): AckError => ({ code: ERROR_CODES.SERVER_RESTARTING, message: 'the game could not be saved; try again in a moment' });

/**
 * An ack once the room has saved everything it accepted so far: at once when it has (the
 * SQLite journal writes before returning), so the embedded mode's acks leave as they always did.
 */
export function whenSaved<T>(room: Room, ack: Ack<T>): Ack<T> | Promise<Ack<T>> {
  if (!ack.ok || room.isSaved) return ack;
  return room.durable().then((saved): Ack<T> => (saved ? ack : { ok: false, error: notSaved() }));
}

/** Operations on a room this process runs (the whole directory in embedded mode; the owner's side in a cluster). */
export class LocalRooms {
  constructor(readonly registry: RoomRegistry) {}

  private live(code: string): Room | null {
    const room = this.registry.get(code);
    return room && !room.isDisposed ? room : null;
  }

  has(code: string): boolean {
    return this.live(code) !== null;
  }

  async create(config: RoomConfig, connectionId: string, options: CreateOptions = {}): Promise<CreatedRoom | { error: AckError }> {
    const created = this.registry.create(config, options);
    if ('error' in created) return created;
    const { room, hostToken } = created;
    if (!(await room.durable())) {
      room.dispose();
      return { error: notSaved() };
    }
    return { code: room.code, hostToken, snapshot: room.attachHost(connectionId) };
  }

  resolveIn(code: string, token: string): { code: string; seat: Seat } | { error: AckError } {
    const room = this.live(code);
    if (!room) return { error: roomGone() };
    const seat = room.authenticate(token);
    return 'code' in seat ? { error: seat } : { code, seat };
  }

  async reconnect(code: string, connectionId: string, seat: Seat): Promise<boolean> {
    const room = this.live(code);
    if (!room || !room.reconnect(connectionId, seat)) return false;
    return room.durable();
  }

  join(code: string, connectionId: string, nickname: string, teamId: string | null, lang: Lang | null = null): Ack<JoinRoomResult> | Promise<Ack<JoinRoomResult>> {
    const room = this.live(code);
    if (!room) return { ok: false, error: roomGone() };
    return whenSaved(room, room.join(connectionId, nickname, teamId, lang));
  }

  peek(code: string): Ack<RoomPeek> {
    const room = this.live(code);
    if (!room || room.current.phase.phase === 'ended') return { ok: false, error: roomGone() };
    return { ok: true, data: roomPeekView(room.current) };
  }

  /** Seat a connection a new owner does not know yet (it held the seat before a takeover). */
  private reseat(room: Room, connectionId: string, seat: Seat | null): void {
    if (seat && room.seatOf(connectionId) === null) room.reconnect(connectionId, seat);
  }

  async sync(code: string, connectionId: string, seat: Seat | null): Promise<Ack<RoomSnapshot>> {
    const room = this.live(code);
    if (!room) return { ok: false, error: roomGone() };
    this.reseat(room, connectionId, seat);
    return room.sync(connectionId);
  }

  request(code: string, connectionId: string, seat: Seat | null, event: RoomEvent): Ack<unknown> | Promise<Ack<unknown>> {
    const room = this.live(code);
    if (!room) return { ok: false, error: { code: ERROR_CODES.NOT_IN_ROOM, message: 'join or create a room first' } };
    this.reseat(room, connectionId, seat);
    const result = room.request(connectionId, event);
    return whenSaved(room, result.ok ? { ok: true, data: result.reply } : { ok: false, error: result.error });
  }

  drop(code: string, connectionId: string): void {
    this.live(code)?.drop(connectionId);
  }

  /** A contest's request to a room this process runs (Room.system); the ack follows the write. */
  async system(code: string, event: ContestEvent): Promise<Ack<EmptyReply>> {
    const room = this.live(code);
    if (!room) return { ok: false, error: roomGone() };
    return whenSaved(room, room.system(event));
  }

  /**
   * The state of a room this process runs, to read (summaries: phase, players, scores), or `null`. Never
   * to send: it holds the answers (views go through view.ts). Cheap: no copy is made.
   */
  current(code: string): Readonly<RoomState> | null {
    return this.live(code)?.current ?? null;
  }
}

/** Embedded mode: every room runs in this process. */
export class LocalDirectory implements RoomDirectory {
  readonly rooms: LocalRooms;

  constructor(registry: RoomRegistry) {
    this.rooms = new LocalRooms(registry);
  }

  create(config: RoomConfig, connectionId: string, options: CreateOptions = {}) {
    return this.rooms.create(config, connectionId, options);
  }

  async resolve(token: string): Promise<{ code: string; seat: Seat } | { error: AckError }> {
    const resolved = this.rooms.registry.resolve(token);
    return 'error' in resolved ? resolved : { code: resolved.room.code, seat: resolved.seat };
  }

  reconnect(code: string, connectionId: string, seat: Seat) {
    return this.rooms.reconnect(code, connectionId, seat);
  }

  async exists(code: string) {
    return this.rooms.has(code);
  }

  join(code: string, connectionId: string, nickname: string, teamId: string | null, lang: Lang | null = null) {
    return this.rooms.join(code, connectionId, nickname, teamId, lang);
  }

  peek(code: string) {
    return this.rooms.peek(code);
  }

  sync(code: string, connectionId: string, seat: Seat | null) {
    return this.rooms.sync(code, connectionId, seat);
  }

  request(code: string, connectionId: string, seat: Seat | null, event: RoomEvent) {
    return this.rooms.request(code, connectionId, seat, event);
  }

  drop(code: string, connectionId: string): void {
    this.rooms.drop(code, connectionId);
  }
}
