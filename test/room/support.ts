/** Test doubles for rooms: a clock that moves only when told, and a transport that records every frame. */
import { pino } from 'pino';
import type { Ack, RoomConfigInput, RoomSnapshot, Seat, ServerToClientEvents } from '../../shared/protocol/index.ts';
import { RoomConfigSchema } from '../../shared/protocol/index.ts';
import type { Clock, TimerHandle } from '../../server/room/clock.ts';
import type { Audience, RoomTransport, ServerEvent } from '../../server/room/room.ts';
import { Room } from '../../server/room/room.ts';
import type { RoomEvent, TransitionResult } from '../../server/room/room-state.ts';

export const T0 = 1_800_000_000_000;

export class FakeClock implements Clock {
  private time: number;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  constructor(start = T0) {
    this.time = start;
  }
  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), callback });
    return id;
  }
  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }
  /** Move time forward, firing due timers in order at their own time. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      let next: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= target && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.time = next[1].at;
      next[1].callback();
    }
    this.time = target;
  }
  get pendingTimers(): number {
    return this.timers.size;
  }
}

export interface Frame {
  event: ServerEvent;
  payload: unknown;
  /** The JSON text as it would travel. */
  json: string;
  /** A `room:me` that travelled as the second argument of the `room:phase` just before it. */
  withPhase?: boolean;
}

interface Connection {
  seat: Seat | null;
  open: boolean;
  frames: Frame[];
}

export class FakeTransport implements RoomTransport {
  readonly connections = new Map<string, Connection>();
  /** One entry per send call (a broadcast counts once however many receive it). */
  readonly sends: { audience: Audience; event: ServerEvent }[] = [];

  connection(id: string): Connection {
    let c = this.connections.get(id);
    if (!c) {
      c = { seat: null, open: true, frames: [] };
      this.connections.set(id, c);
    }
    return c;
  }
  attach(connectionId: string, seat: Seat): void {
    this.connection(connectionId).seat = seat;
  }
  detach(connectionId: string): void {
    this.connection(connectionId).seat = null;
  }
  send<E extends ServerEvent>(audience: Audience, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.sends.push({ audience, event });
    const json = JSON.stringify(args[0]);
    // A reveal's frame to a player carries its own view: recorded as the `room:me` it replaces, right after.
    const own = args.length > 1 ? JSON.stringify(args[1]) : null;
    for (const [id, c] of this.connections) {
      if (!c.open || !receives(id, c.seat, audience)) continue;
      c.frames.push({ event, payload: JSON.parse(json), json });
      if (own !== null) c.frames.push({ event: 'room:me', payload: JSON.parse(own), json: own, withPhase: true });
    }
  }
  disconnect(connectionId: string): void {
    const c = this.connection(connectionId);
    c.open = false;
    c.seat = null;
  }
}

function receives(id: string, seat: Seat | null, audience: Audience): boolean {
  switch (audience.to) {
    case 'connection':
      return audience.connectionId === id;
    case 'host':
      return seat?.role === 'host';
    case 'connections':
      return audience.connectionIds.includes(id);
  }
}

export const silentLogger = pino({ level: 'silent' });

/** A device in a room test: one connection, its frames, and helpers to read them. */
export class Device {
  constructor(
    readonly room: Room,
    readonly transport: FakeTransport,
    readonly connectionId: string,
    readonly token: string,
    readonly playerId: string | null,
  ) {}
  get frames(): Frame[] {
    return this.transport.connection(this.connectionId).frames;
  }
  framesOf<E extends ServerEvent>(event: E): Parameters<ServerToClientEvents[E]>[0][] {
    return this.frames.filter((f) => f.event === event).map((f) => f.payload as Parameters<ServerToClientEvents[E]>[0]);
  }
  last<E extends ServerEvent>(event: E): Parameters<ServerToClientEvents[E]>[0] {
    const all = this.framesOf(event);
    if (all.length === 0) throw new Error(`no ${event} frame on ${this.connectionId}`);
    return all[all.length - 1]!;
  }
  send<E extends RoomEvent>(event: E): TransitionResult<unknown> {
    return this.room.request(this.connectionId, event);
  }
  snapshot(): RoomSnapshot {
    const ack = this.room.sync(this.connectionId);
    if (!ack.ok) throw new Error(ack.error.code);
    return ack.data;
  }
}

export interface TestRoom {
  room: Room;
  clock: FakeClock;
  transport: FakeTransport;
  host: Device;
  join(nickname: string, teamId?: string | null): Device;
}

let connectionCounter = 0;

export function createTestRoom(
  config: RoomConfigInput = {},
  options: { seed?: number; presenceIntervalMs?: number; playerPresenceIntervalMs?: number; idleTtlMs?: number; endedLingerMs?: number; clock?: FakeClock; fanOutSlice?: number; rosterOwnTurn?: number } = {},
): TestRoom {
  const clock = options.clock ?? new FakeClock();
  const transport = new FakeTransport();
  const { room, hostToken } = Room.create({
    code: 'ABCDEF',
    seed: options.seed ?? 20_240_601,
    config: RoomConfigSchema.parse(config),
    idleTtlMs: options.idleTtlMs ?? 3 * 3600_000,
    clock,
    transport,
    logger: silentLogger,
    presenceIntervalMs: options.presenceIntervalMs ?? 0,
    ...(options.playerPresenceIntervalMs === undefined ? {} : { playerPresenceIntervalMs: options.playerPresenceIntervalMs }),
    endedLingerMs: options.endedLingerMs ?? 60_000,
    ...(options.fanOutSlice === undefined ? {} : { fanOutSlice: options.fanOutSlice }),
    ...(options.rosterOwnTurn === undefined ? {} : { rosterOwnTurn: options.rosterOwnTurn }),
  });
  const hostConnection = `c${++connectionCounter}`;
  transport.connection(hostConnection);
  room.attachHost(hostConnection);
  const host = new Device(room, transport, hostConnection, hostToken, null);
  return {
    room,
    clock,
    transport,
    host,
    join(nickname, teamId = null) {
      const connectionId = `c${++connectionCounter}`;
      transport.connection(connectionId);
      const ack: Ack<{ playerId: string; token: string }> = room.join(connectionId, nickname, teamId);
      if (!ack.ok) throw new Error(`join ${nickname}: ${ack.error.code}`);
      return new Device(room, transport, connectionId, ack.data.token, ack.data.playerId);
    },
  };
}

/** A fresh connection id for reconnect tests. */
export function newConnectionId(transport: FakeTransport): string {
  const id = `c${++connectionCounter}`;
  transport.connection(id);
  return id;
}

/**
 * Resolves once a room's phase-change checkpoint is written: the room takes it in the turn after the
 * change (Room.checkpointSoon), and a store commits it at the end of that turn.
 */
export async function checkpointTaken(room: { durable(): Promise<boolean> }): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  await room.durable();
}
