/** The live rooms of this server process, by code, and the way back into one from a token. */
import type { Logger } from 'pino';
import { type AckError, ERROR_CODES, type RoomConfig, type Seat } from '../../shared/protocol.ts';
import type { Clock } from './clock.ts';
import { Room, type RoomTransport } from './room.ts';
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
}

export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly options: RegistryOptions;

  constructor(options: RegistryOptions) {
    this.options = options;
  }

  get size(): number {
    return this.rooms.size;
  }

  get(code: string): Room | undefined {
    return this.rooms.get(code);
  }

  /** onCreate for a new room; the creating connection becomes its host. */
  create(config: RoomConfig): { room: Room; hostToken: string } | { error: AckError } {
    if (this.rooms.size >= this.options.maxRooms) {
      return { error: { code: ERROR_CODES.SERVER_FULL, message: 'this server runs as many rooms as it can' } };
    }
    let code = newRoomCode();
    // ~8.9e8 codes: a collision is rare, and retried.
    while (this.rooms.has(code)) code = newRoomCode();
    const { clock, logger, idleTtlMs, endedLingerMs, presenceIntervalMs } = this.options;
    const created = Room.create({
      code,
      seed: this.options.seedSource(),
      config,
      idleTtlMs,
      clock,
      logger,
      endedLingerMs,
      presenceIntervalMs,
      transport: this.options.transportFor(code),
      onDispose: (room) => {
        if (this.rooms.get(room.code) === room) this.rooms.delete(room.code);
      },
    });
    this.rooms.set(code, created.room);
    return created;
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

  disposeAll(): void {
    for (const room of [...this.rooms.values()]) room.dispose();
    this.rooms.clear();
  }
}
