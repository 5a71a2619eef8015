/**
 * The games this device has hosted: the host tokens it keeps (room/seat-tokens.ts), and what
 * the server says of them (title, phase, players) through POST /api/rooms/lookup — the
 * tokens travel in the request body, never in a URL.
 */
import type { RoomListResult, RoomSummary } from '../../../shared/protocol/index.ts';
import { type SavedSeat, type SeatStorage, SEAT_PREFIX, readSeat } from '../../room/seat-tokens.ts';

/** The lookup takes at most this many tokens. */
const LOOKUP_LIMIT = 50;

/** Host tokens kept on this device, newest first. */
export function savedHostSeats(storage: SeatStorage | null): { code: string; seat: SavedSeat }[] {
  if (!storage) return [];
  const found: { code: string; seat: SavedSeat }[] = [];
  try {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (!key?.startsWith(`${SEAT_PREFIX}host.`)) continue;
      const code = key.slice(`${SEAT_PREFIX}host.`.length);
      const seat = readSeat(storage, 'host', code);
      if (seat) found.push({ code, seat });
    }
  } catch {
    return [];
  }
  return found.sort((a, b) => b.seat.savedAt - a.seat.savedAt);
}

/** The server's summaries of these rooms, newest first; `null` when it cannot be asked (offline, stopping). */
export async function lookUpRooms(tokens: readonly string[]): Promise<RoomSummary[] | null> {
  if (tokens.length === 0) return [];
  try {
    const response = await fetch('/api/rooms/lookup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hostTokens: tokens.slice(0, LOOKUP_LIMIT) }),
      cache: 'no-store',
    });
    if (!response.ok) return null;
    const body = (await response.json()) as { ok: boolean; data?: RoomListResult };
    return body.ok && body.data ? body.data.rooms : null;
  } catch {
    return null;
  }
}
