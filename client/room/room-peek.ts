/**
 * The home page's look at a room before anyone joins it: whether it asks for a name. Loaded
 * only once a whole code is typed, so the home page's first load carries no Socket.IO client.
 */
import { type Socket, io } from 'socket.io-client';
import type { ClientToServerEvents, RoomPeek, ServerToClientEvents } from '../../shared/protocol/index.ts';

/** The room's answer, or `null` (no such room, offline, too slow): the page then asks for a name as always. */
export async function peekRoomByCode(code: string, timeoutMs = 5000): Promise<RoomPeek | null> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io('', { forceNew: true, reconnection: false, timeout: timeoutMs });
  try {
    const ack = await socket.timeout(timeoutMs).emitWithAck('room:peek', { code });
    return ack.ok ? ack.data : null;
  } catch {
    return null;
  } finally {
    socket.disconnect();
  }
}
