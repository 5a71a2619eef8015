/** What the projector asks of the server: creating a room, then commands beside the store. */
import { io } from 'socket.io-client';
import type { CreateRoomResult, RoomConfigInput } from '../../shared/protocol/index.ts';
import type { ArenaClientSocket, ClientError, Result, RoomStore } from './room-connection.ts';
import { type SeatStorage, saveSeat } from './seat-tokens.ts';

export interface CreateRoomOptions {
  storage: SeatStorage | null;
  url?: string;
  timeoutMs?: number;
  /** A stored or built-in set to play, named by id (a stored one with its owner's teacher key): the server reads it. */
  set?: { id: string; teacherKey?: string | null };
  /** A room of a contest, opened with the room key its organizer handed out: the server builds the config from the contest. */
  contest?: { roomKey: string };
}

/**
 * Creates a room on a short-lived connection and keeps its host token on the device; the
 * room's own page then connects with that token, exactly as after a reload.
 */
export function createRoom(config: RoomConfigInput, { storage, url, timeoutMs = 10_000, set, contest }: CreateRoomOptions): Promise<Result<CreateRoomResult>> {
  const bySet = set ? { setId: set.id, ...(set.teacherKey ? { teacherKey: set.teacherKey } : {}) } : contest ? { contest } : {};
  return new Promise((resolve) => {
    const socket: ArenaClientSocket = io(url ?? '', { forceNew: true, reconnection: false, timeout: timeoutMs });
    let settled = false;
    const finish = (result: Result<CreateRoomResult>) => {
      if (settled) return;
      settled = true;
      socket.disconnect();
      resolve(result);
    };
    socket.once('connect_error', () => finish({ ok: false, error: { code: 'offline' } }));
    socket.once('connect', () => {
      socket
        .timeout(timeoutMs)
        .emitWithAck('room:create', { config, ...bySet })
        .then(
          (ack) => {
            if (!ack.ok) {
              const error: ClientError = { code: ack.error.code };
              if (ack.error.retryAfterMs !== undefined) error.retryAfterMs = ack.error.retryAfterMs;
              finish({ ok: false, error });
              return;
            }
            saveSeat(storage, 'host', ack.data.code, { token: ack.data.hostToken, joinUrl: ack.data.joinUrl });
            finish(ack);
          },
          () => finish({ ok: false, error: { code: 'timeout' } }),
        );
    });
  });
}

type Empty = Record<string, never>;

export const startGame = (store: RoomStore) => store.request('game:start', {});
export const pauseGame = (store: RoomStore) => store.request('game:pause', {});
export const resumeGame = (store: RoomStore) => store.request('game:resume', {});
/** `from` guards against a double click skipping a screen. */
export const nextScreen = (store: RoomStore, from: 'reveal' | 'leaderboard') => store.request('game:next', { from });
export const endQuestion = (store: RoomStore, questionId: string) => store.request('question:end', { questionId });
export const skipQuestion = (store: RoomStore, questionId: string) => store.request('question:skip', { questionId });
/** From the podium back to the lobby: same room, code, teams and players; new questions, scores reset. */
export const playAgain = (store: RoomStore) => store.request('game:again', {});
export const endGame = (store: RoomStore): Promise<Result<Empty>> => store.request('game:end', {});
export const closeRoom = (store: RoomStore): Promise<Result<Empty>> => store.request('room:close', {});
export const kickPlayer = (store: RoomStore, playerId: string) => store.request('room:kick', { playerId });
export const lockRoom = (store: RoomStore, locked: boolean) => store.request('room:lock', { locked });
export const assignTeam = (store: RoomStore, playerId: string, teamId: string) => store.request('team:assign', { playerId, teamId });
