/** The games this device has hosted, from the host tokens it keeps (see room/seat-tokens.ts). */
import { type SavedSeat, type SeatStorage, SEAT_PREFIX, readSeat } from '../../room/seat-tokens.ts';

/** Host tokens kept on this device, newest first (for the list of past games and their reports). */
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
