/**
 * A room's transport over Socket.IO. The host's screens share a Socket.IO room; a list of
 * connections (a slice of the players, sent by the room's fan-out) uses their own rooms, so one
 * `emit` encodes a frame once for the whole list. A frame for one connection (a player's own
 * view, a snapshot) goes straight to its socket: no broadcast operator or adapter lookup.
 */
import type { Seat, ServerToClientEvents } from '../../shared/protocol/index.ts';
import type { Audience, Room, RoomTransport, ServerEvent } from '../room/room.ts';
import { Serialised, eventFrame } from './frame-encoder.ts';
import type { ArenaServer, ArenaSocket } from './types.ts';

/**
 * A value sent to several sockets one by one is serialised once (frame-encoder.ts): the first send
 * notes it, the second makes its JSON text, every later one reuses it. Frames are built fresh and
 * never changed once sent, so an object's text stays its text.
 */
const sentBefore = new WeakMap<object, Serialised | null>();

function shared(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const known = sentBefore.get(value);
  if (known) return known;
  if (known === null) {
    const serialised = new Serialised(value);
    sentBefore.set(value, serialised);
    return serialised;
  }
  sentBefore.set(value, null);
  return value;
}

/**
 * One frame to one socket. Over a WebSocket it goes as the finished WebSocket frame, as Socket.IO
 * sends a broadcast: engine.io writes the bytes without encoding them again (a reveal's shared
 * view is copied from bytes made once). The server sets no connection-state recovery and no
 * outgoing listeners, the only parts of `socket.emit` this leaves out. Over long-polling, the
 * packet text.
 */
function sendTo(socket: ArenaSocket, event: string, args: readonly unknown[]): void {
  if (socket.conn.transport.name !== 'websocket') {
    (socket.emit as (event: string, ...values: unknown[]) => boolean)(event, ...args);
    return;
  }
  const { text, frame } = eventFrame(event, args);
  (socket.client as unknown as EngineWriter).writeToEngine([text], { wsPreEncodedFrame: [frame] });
}

/** The part of Socket.IO's `Client` that its adapter writes a broadcast's frames with. */
interface EngineWriter {
  writeToEngine(packets: string[], options: { wsPreEncodedFrame: Buffer[] }): void;
}

export function channels(code: string) {
  return {
    host: `${code}:host`,
  };
}

/**
 * `cluster`: a connection may live on another node; frames, joins and disconnects for it go
 * through the adapter (Redis) by its id. Otherwise an unknown connection has gone.
 */
export function createSocketTransport(io: ArenaServer, code: string, { cluster = false } = {}): RoomTransport {
  const channel = channels(code);
  const socketOf = (connectionId: string) => io.sockets.sockets.get(connectionId);
  return {
    attach(connectionId: string, seat: Seat) {
      const socket = socketOf(connectionId);
      if (!socket) {
        if (cluster && seat.role === 'host') io.in(connectionId).socketsJoin(channel.host);
        return;
      }
      socket.data.code = code;
      socket.data.seat = seat;
      if (seat.role === 'host') void socket.join(channel.host);
    },
    detach(connectionId: string) {
      const socket = socketOf(connectionId);
      if (!socket) {
        if (cluster) io.in(connectionId).socketsLeave(channel.host);
        return;
      }
      const seat = socket.data.seat;
      if (seat?.role === 'host') void socket.leave(channel.host);
      socket.data.code = null;
      socket.data.seat = null;
    },
    send<E extends ServerEvent>(audience: Audience, event: E, ...args: Parameters<ServerToClientEvents[E]>) {
      switch (audience.to) {
        case 'host':
          io.to(channel.host).emit(event, ...args);
          return;
        case 'connections':
          if (audience.connectionIds.length > 0) io.to(audience.connectionIds).emit(event, ...args);
          return;
        case 'connection': {
          const socket = socketOf(audience.connectionId);
          // Through the adapter (another node) a frame goes as values: only this node's encoder reads a Serialised.
          if (socket) sendTo(socket, event, args.map(shared));
          else if (cluster) io.to(audience.connectionId).emit(event, ...args);
          return;
        }
        default: {
          const never: never = audience;
          throw new Error(`unknown audience ${JSON.stringify(never)}`);
        }
      }
    },
    disconnect(connectionId: string) {
      const socket = socketOf(connectionId);
      if (socket) socket.disconnect(true);
      else if (cluster) io.in(connectionId).disconnectSockets(true);
    },
  };
}

/**
 * This process's sockets that held a seat in a room now run anew here (taken over, or resumed from
 * the store) take it again: each gets a full snapshot.
 */
export function reseatConnections(io: ArenaServer, room: Room): void {
  for (const socket of io.sockets.sockets.values()) {
    const { code, seat } = socket.data;
    if (code === room.code && seat) room.reconnect(socket.id, seat);
  }
}
