/**
 * A room's transport over Socket.IO. Every audience maps to Socket.IO rooms, so one
 * `emit` encodes a frame once however many connections receive it.
 */
import type { Seat, ServerToClientEvents } from '../../shared/protocol.ts';
import type { Audience, RoomTransport, ServerEvent } from '../room/room.ts';
import type { ArenaServer } from './types.ts';

export function channels(code: string) {
  return {
    host: `${code}:host`,
    players: `${code}:players`,
    player: (playerId: string) => `${code}:p:${playerId}`,
  };
}

export function createSocketTransport(io: ArenaServer, code: string): RoomTransport {
  const channel = channels(code);
  const socketOf = (connectionId: string) => io.sockets.sockets.get(connectionId);
  return {
    attach(connectionId: string, seat: Seat) {
      const socket = socketOf(connectionId);
      if (!socket) return;
      socket.data.code = code;
      socket.data.seat = seat;
      if (seat.role === 'host') void socket.join(channel.host);
      else void socket.join([channel.players, channel.player(seat.playerId)]);
    },
    detach(connectionId: string) {
      const socket = socketOf(connectionId);
      if (!socket) return;
      const seat = socket.data.seat;
      if (seat?.role === 'host') void socket.leave(channel.host);
      else if (seat?.role === 'player') {
        void socket.leave(channel.players);
        void socket.leave(channel.player(seat.playerId));
      }
      socket.data.code = null;
      socket.data.seat = null;
    },
    send<E extends ServerEvent>(audience: Audience, event: E, ...args: Parameters<ServerToClientEvents[E]>) {
      const target = (() => {
        switch (audience.to) {
          case 'host':
            return io.to(channel.host);
          case 'players':
            return io.to(channel.players);
          case 'everyone':
            return io.to([channel.host, channel.players]);
          case 'players-of':
            return io.to(audience.playerIds.map(channel.player));
          case 'connection':
            return io.to(audience.connectionId);
          default: {
            const never: never = audience;
            throw new Error(`unknown audience ${JSON.stringify(never)}`);
          }
        }
      })();
      if (audience.to === 'players-of' && audience.playerIds.length === 0) return;
      target.emit(event, ...args);
    },
    disconnect(connectionId: string) {
      socketOf(connectionId)?.disconnect(true);
    },
  };
}
