/**
 * Connection lifecycle: a handshake carrying a token resumes its seat (full resync); a
 * refused token fails the connection with `connect_error` and `err.data.code`. Without a
 * token a connection starts unseated and may create or join a room.
 */
import type { Logger } from 'pino';
import { ClientAuthSchema, type ConnectErrorData, ERROR_CODES, type ErrorCode, type Seat } from '../../shared/protocol/index.ts';
import type { RoomDirectory } from '../room/room-directory.ts';
import { type HandlerDeps, registerHandlers } from './event-handlers.ts';
import type { ArenaServer, ArenaSocket } from './types.ts';

class ConnectError extends Error {
  readonly data: ConnectErrorData;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.data = { code };
  }
}

export function attachConnectionHandlers(io: ArenaServer, directory: RoomDirectory, deps: HandlerDeps, logger: Logger): void {
  /** Seats resolved at the handshake, picked up when the connection opens. */
  const resuming = new WeakMap<object, { code: string; seat: Seat }>();

  io.use((socket, next) => {
    socket.data.code = null;
    socket.data.seat = null;
    const auth = ClientAuthSchema.safeParse(socket.handshake.auth ?? {});
    if (!auth.success) return next(new ConnectError(ERROR_CODES.INVALID_TOKEN, 'malformed auth'));
    const token = auth.data.token;
    if (token === undefined) return next();
    directory.resolve(token).then(
      (resolved) => {
        if ('error' in resolved) return next(new ConnectError(resolved.error.code, resolved.error.message));
        resuming.set(socket, { code: resolved.code, seat: resolved.seat });
        next();
      },
      (err: unknown) => {
        logger.error({ err }, 'could not resolve a token');
        next(new ConnectError(ERROR_CODES.SERVER_RESTARTING, 'try again in a moment'));
      },
    );
  });

  /** One function for every connection (called with the socket as `this`), not a closure each. */
  function onDisconnect(this: ArenaSocket): void {
    const code = this.data.code;
    if (code !== null) directory.drop(code, this.id);
  }

  io.on('connection', (socket) => {
    registerHandlers(socket, deps);
    socket.on('disconnect', onDisconnect);
    const resume = resuming.get(socket);
    if (resume) {
      resuming.delete(socket);
      // Seated before the room answers, so frames sent with the snapshot reach the socket.
      socket.data.code = resume.code;
      socket.data.seat = resume.seat;
      void directory.reconnect(resume.code, socket.id, resume.seat).then(
        (ok) => {
          if (ok || !socket.connected) return;
          // The seat went between the handshake and now (a kick, the room's end).
          socket.data.code = null;
          socket.data.seat = null;
          socket.emit('session:ended', { reason: 'room_closed' });
          socket.disconnect(true);
        },
        (err: unknown) => {
          logger.error({ err, room: resume.code }, 'could not resume a seat');
          socket.disconnect(true);
        },
      );
      logger.debug({ room: resume.code, role: resume.seat.role }, 'seat resumed');
    }
  });
}
