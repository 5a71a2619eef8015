/**
 * Socket.IO adapters: check the connection's budget, parse each payload with its schema,
 * call the room, acknowledge. No game rule lives here. A request without an ack callback
 * changes nothing and is answered with `session:error`; exception text never reaches a
 * client. A connection refused for its rate too often is closed; its seat stays.
 */
import type { Logger } from 'pino';
import { type NetworkAddress, joinBase } from '../network-addresses.ts';
import type { z } from 'zod';
import {
  type Ack,
  type AckError,
  CLIENT_EVENT_NAMES,
  CLIENT_EVENT_SCHEMAS,
  type ClientEventName,
  ERROR_CODES,
  type ErrorCode,
  PROTOCOL_VERSION,
  RoomConfigSchema,
  type Seat,
} from '../../shared/protocol/index.ts';
import { type HomeworkRequests, isHomeworkEvent } from '../homework/homework-requests.ts';
import { roomSet } from '../sets/room-set.ts';
import type { SetStore } from '../sets/set-store.ts';
import { openContestRoom } from '../contests/contest-rooms.ts';
import type { ContestStore } from '../contests/contest-store.ts';
import type { RoomDirectory } from '../room/room-directory.ts';
import type { RoomEvent } from '../room/room-state.ts';
import { normaliseRoomCode } from '../room/secrets.ts';
import type { AbuseLimits, ConnectionBudget } from './abuse-limits.ts';
import type { ArenaSocket } from './types.ts';

export interface HandlerDeps {
  directory: RoomDirectory;
  logger: Logger;
  limits: AbuseLimits;
  /** The address limits count a connection against (see client-address.ts). */
  addressOf: (socket: ArenaSocket) => string;
  now: () => number;
  /** Base of join URLs; `null`: the page origin the client connected from (a network address when that is a loopback one). */
  publicUrl: string | null;
  /** This machine's network addresses, likeliest first (see network-addresses.ts). */
  networkAddresses: () => NetworkAddress[];
  /** The port also speaks HTTPS: join links to network addresses use it. */
  https: boolean;
  /** Question sets, for a `room:create` that names its set by id. */
  sets: SetStore;
  /** Homework's student requests (`homework:*`: no seat needed). */
  homework: HomeworkRequests;
  /** Contests, for a `room:create` with a room key. */
  contests: ContestStore;
}

type Payload<N extends ClientEventName> = z.output<(typeof CLIENT_EVENT_SCHEMAS)[N]>;
type Reply = (response: Ack<unknown>) => void;

const KNOWN_EVENTS = new Set<string>(CLIENT_EVENT_NAMES);

function error(code: ErrorCode, message: string): { ok: false; error: AckError } {
  return { ok: false, error: { code, message } };
}

function refused(refusal: AckError): { ok: false; error: AckError } {
  return { ok: false, error: refusal };
}

/** Refusals that count towards closing a connection: it keeps asking faster than it may. */
const STRIKING_CODES = new Set<ErrorCode>([ERROR_CODES.RATE_LIMITED, ERROR_CODES.TOO_MANY_ATTEMPTS]);

/** A schema failure as a short message: which field, what was wrong (never the input itself). */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const first = issues[0];
  if (!first) return 'invalid payload';
  const path = first.path.length > 0 ? first.path.map(String).join('.') : 'payload';
  return `${path}: ${first.message}`.slice(0, 200);
}

function joinUrlBase(socket: ArenaSocket, deps: HandlerDeps): string {
  const header = socket.handshake.headers.origin;
  const host = socket.handshake.headers.host ?? 'localhost';
  let origin = `${socket.handshake.secure ? 'https' : 'http'}://${host}`;
  if (typeof header === 'string' && /^https?:\/\/[^\s/]+$/.test(header)) origin = header;
  try {
    return joinBase(origin, deps.publicUrl, deps.networkAddresses(), deps.https);
  } catch {
    return origin; // a Host header URL cannot parse: as given
  }
}

/**
 * What a connection carries between its messages. The listener is one function shared by every
 * connection (Socket.IO calls it with the socket as `this`); closures per connection cost
 * ≈ 4 KB each in a room of thousands (esbuild's keepNames gives each named function its own
 * property store).
 */
interface Connection {
  deps: HandlerDeps;
  address: string;
  budget: ConnectionBudget;
  closing: boolean;
  /** A create or join is in flight: a second one (a double click) is refused. */
  seating: boolean;
  /** Created on first use: only failures log. */
  log: Logger | null;
}

const connections = new WeakMap<ArenaSocket, Connection>();

export function registerHandlers(socket: ArenaSocket, deps: HandlerDeps): void {
  connections.set(socket, { deps, address: deps.addressOf(socket), budget: deps.limits.connectionBudget(), closing: false, seating: false, log: null });
  // One listener for every event, known or not: the event name comes first.
  socket.onAny(onMessage);
}

function onMessage(this: ArenaSocket, event: unknown, ...args: unknown[]): void {
  const conn = connections.get(this);
  if (!conn) return;
  if (typeof event === 'string' && KNOWN_EVENTS.has(event)) {
    void handle(this, conn, event as ClientEventName, args);
    return;
  }
  const last = args[args.length - 1];
  const ack = typeof last === 'function' ? (last as Reply) : null;
  const name = String(event).slice(0, 40);
  if (overBudget(this, conn, name, ack)) return;
  const response = error(ERROR_CODES.UNKNOWN_EVENT, `unknown event ${name}`);
  if (ack) ack(response);
  else this.emit('session:error', { event: name, error: response.error });
}

function logOf(socket: ArenaSocket, conn: Connection): Logger {
  conn.log ??= conn.deps.logger.child({ socket: socket.id });
  return conn.log;
}

/** Count a refusal; past the limit the connection is told why and closed (a seat it holds stays). */
function strike(socket: ArenaSocket, conn: Connection, event: string, response: Ack<unknown>): void {
  if (response.ok || !STRIKING_CODES.has(response.error.code) || conn.closing) return;
  if (!conn.budget.strike(conn.deps.now())) return;
  conn.closing = true;
  logOf(socket, conn).warn({ event, code: response.error.code }, 'connection closed for sending too fast');
  socket.emit('session:error', { event, error: { code: response.error.code, message: 'too many refused requests; disconnected' } });
  // After the acks still on their way: requests of the same burst that were accepted are answered first.
  setImmediate(() => socket.disconnect(true));
}

/** Whatever arrives counts against the budget; past it, an unanswerable message is dropped (and struck). */
function overBudget(socket: ArenaSocket, conn: Connection, event: string, ack: Reply | null): boolean {
  const limited = conn.budget.request(event, conn.deps.now());
  if (!limited) return false;
  if (ack) ack(refused(limited));
  strike(socket, conn, event, refused(limited));
  return true;
}

async function handle(socket: ArenaSocket, conn: Connection, name: ClientEventName, args: unknown[]): Promise<void> {
  const last = args[args.length - 1];
  if (typeof last !== 'function') {
    if (overBudget(socket, conn, name, null)) return;
    socket.emit('session:error', {
      event: name,
      error: { code: ERROR_CODES.INVALID_PAYLOAD, message: 'every request needs an acknowledgement callback' },
    });
    return;
  }
  const ack = last as Reply;
  const reply = (response: Ack<unknown>) => {
    ack(response);
    strike(socket, conn, name, response);
  };
  if (overBudget(socket, conn, name, ack)) return;
  if (args.length !== 2) {
    reply(error(ERROR_CODES.INVALID_PAYLOAD, 'send exactly one payload object and an ack callback'));
    return;
  }
  const parsed = CLIENT_EVENT_SCHEMAS[name].safeParse(args[0]);
  if (!parsed.success) {
    reply(error(ERROR_CODES.INVALID_PAYLOAD, describeIssues(parsed.error.issues)));
    return;
  }
  try {
    reply(await route(socket, conn, name, parsed.data));
  } catch (err) {
    logOf(socket, conn).error({ err, event: name }, 'request failed');
    reply(error(ERROR_CODES.INTERNAL_ERROR, 'something went wrong on the server'));
  }
}

/** The room code of the seat this connection holds, or null. */
function seatedRoom(socket: ArenaSocket): string | null {
  return socket.data.code;
}

function seatIn(socket: ArenaSocket, code: string, seat: Seat): void {
  socket.data.code = code;
  socket.data.seat = seat;
}

/** Send an event to the connection's room as the seat it holds (no extra await: an embedded room answers at once). */
function toRoom(socket: ArenaSocket, deps: HandlerDeps, event: RoomEvent): Ack<unknown> | Promise<Ack<unknown>> {
  const code = seatedRoom(socket);
  if (code === null) return error(ERROR_CODES.NOT_IN_ROOM, 'join or create a room first');
  const response = deps.directory.request(code, socket.id, socket.data.seat, event);
  if (event.type !== 'room:leave') return response;
  return Promise.resolve(response).then((left) => {
    if (left.ok) {
      socket.data.code = null;
      socket.data.seat = null;
    }
    return left;
  });
}

async function route(socket: ArenaSocket, conn: Connection, name: ClientEventName, data: Payload<ClientEventName>): Promise<Ack<unknown>> {
  const { deps, address } = conn;
  if (isHomeworkEvent(name)) return deps.homework.handle(address, name, data as Payload<typeof name>);
  switch (name) {
    case 'session:hello': {
      const { protocolVersion } = data as Payload<'session:hello'>;
      if (protocolVersion !== PROTOCOL_VERSION) {
        return error(ERROR_CODES.VERSION_MISMATCH, `this server speaks protocol ${PROTOCOL_VERSION}; reload the page`);
      }
      return { ok: true, data: { protocolVersion: PROTOCOL_VERSION, serverNow: deps.now() } };
    }
    case 'room:create': {
      if (seatedRoom(socket)) return error(ERROR_CODES.ALREADY_IN_ROOM, 'leave this room first');
      const limited = await deps.limits.createRoom(address);
      if (limited) return refused(limited);
      // Checked again after the wait: a double click must not seat one connection in two rooms.
      if (seatedRoom(socket) || conn.seating) return error(ERROR_CODES.ALREADY_IN_ROOM, 'leave this room first');
      const payload = data as Payload<'room:create'>;
      let config = payload.config;
      if (payload.setId !== undefined) {
        const found = await roomSet(deps.sets, payload.setId, payload.teacherKey ?? null);
        if (!found.ok) return refused(found.error);
        const withSet = RoomConfigSchema.safeParse({ ...config, set: found.set });
        if (!withSet.success) return error(ERROR_CODES.INVALID_PAYLOAD, describeIssues(withSet.error.issues));
        config = withSet.data;
      }
      if (seatedRoom(socket) || conn.seating) return error(ERROR_CODES.ALREADY_IN_ROOM, 'leave this room first');
      conn.seating = true;
      // A room of a contest is built from the contest (contest-rooms.ts): of the config only its capacity is the teacher's.
      const created = await (payload.contest
        ? openContestRoom({ contests: deps.contests, directory: deps.directory, now: deps.now }, payload.contest.roomKey, config.capacity, socket.id)
        : deps.directory.create(config, socket.id)
      ).finally(() => (conn.seating = false));
      if ('error' in created) return { ok: false, error: created.error };
      seatIn(socket, created.code, { role: 'host' });
      return {
        ok: true,
        data: {
          code: created.code,
          joinUrl: `${joinUrlBase(socket, deps)}/join/${created.code}`,
          hostToken: created.hostToken,
          snapshot: created.snapshot,
        },
      };
    }
    case 'room:join': {
      if (seatedRoom(socket)) return error(ERROR_CODES.ALREADY_IN_ROOM, 'leave this room first');
      // A blocked address gets the same answer for every code, so guessing learns nothing meanwhile.
      const blocked = await deps.limits.joinBlocked(address);
      if (blocked) return refused(blocked);
      const { nickname, teamId, lang } = data as Payload<'room:join'>;
      const code = normaliseRoomCode((data as Payload<'room:join'>).code);
      if (!(await deps.directory.exists(code))) return refused(await deps.limits.joinMiss(address));
      const busy = await deps.limits.roomJoin(code);
      if (busy) return refused(busy);
      // Checked again after the waits: a double tap must not seat one connection twice.
      if (seatedRoom(socket) || conn.seating) return error(ERROR_CODES.ALREADY_IN_ROOM, 'leave this room first');
      conn.seating = true;
      const joined = await Promise.resolve(deps.directory.join(code, socket.id, nickname, teamId ?? null, lang ?? null)).finally(() => (conn.seating = false));
      if (joined.ok) seatIn(socket, code, { role: 'player', playerId: joined.data.playerId });
      return joined;
    }
    case 'room:peek': {
      // Counted as a join: a peek at an unknown code is a miss, so peeking is no faster way to find rooms.
      const blocked = await deps.limits.joinBlocked(address);
      if (blocked) return refused(blocked);
      const code = normaliseRoomCode((data as Payload<'room:peek'>).code);
      if (!(await deps.directory.exists(code))) return refused(await deps.limits.joinMiss(address));
      return deps.directory.peek(code);
    }
    case 'room:sync': {
      const code = seatedRoom(socket);
      return code !== null ? deps.directory.sync(code, socket.id, socket.data.seat) : error(ERROR_CODES.NOT_IN_ROOM, 'join or create a room first');
    }
    default:
      // Every other request is the seat's, to its room, as parsed (its room event has the wire's name and payload).
      return toRoom(socket, deps, { type: name, ...data } as RoomEvent);
  }
}
