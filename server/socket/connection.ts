/**
 * Connection lifecycle: a handshake carrying a token resumes its seat (full resync); a
 * refused token fails the connection with `connect_error` and `err.data.code`. Without a
 * token a connection starts unseated and may create or join a room.
 */
import type { Logger } from 'pino';
import { ClientAuthSchema, type ConnectErrorData, ERROR_CODES, type ErrorCode, type Seat } from '../../shared/protocol.ts';
import type { RoomRegistry } from '../room/room-registry.ts';
import { type HandlerDeps, registerHandlers } from './event-handlers.ts';
import type { ArenaServer, ArenaSocket } from './types.ts';

class ConnectError extends Error {
  readonly data: ConnectErrorData;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.data = { code };
  }
}

export function attachConnectionHandlers(io: ArenaServer, registry: RoomRegistry, deps: HandlerDeps, logger: Logger): void {
  /** Seats resolved at the handshake, picked up when the connection opens. */
  const resuming = new WeakMap<object, { code: string; seat: Seat }>();

  io.use((socket, next) => {
    socket.data.code = null;
    socket.data.seat = null;
    const auth = ClientAuthSchema.safeParse(socket.handshake.auth ?? {});
    if (!auth.success) return next(new ConnectError(ERROR_CODES.INVALID_TOKEN, 'malformed auth'));
    const token = auth.data.token;
    if (token === undefined) return next();
    const resolved = registry.resolve(token);
    if ('error' in resolved) return next(new ConnectError(resolved.error.code, resolved.error.message));
    resuming.set(socket, { code: resolved.room.code, seat: resolved.seat });
    next();
  });

  /** One function for every connection (called with the socket as `this`), not a closure each. */
  function onDisconnect(this: ArenaSocket): void {
    const code = this.data.code;
    if (code !== null) registry.get(code)?.drop(this.id);
  }

  io.on('connection', (socket) => {
    registerHandlers(socket, deps);
    socket.on('disconnect', onDisconnect);
    const resume = resuming.get(socket);
    if (resume) {
      resuming.delete(socket);
      const room = registry.get(resume.code);
      // The seat may have gone between the handshake and now (a kick, the room's end).
      if (!room || !room.reconnect(socket.id, resume.seat)) {
        socket.emit('session:ended', { reason: 'room_closed' });
        socket.disconnect(true);
        return;
      }
      logger.debug({ room: resume.code, role: resume.seat.role }, 'seat resumed');
    }
  });
}
