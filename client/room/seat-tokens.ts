/**
 * The secret tokens that bring a device back to its seat, kept in localStorage per room
 * code and role (a teacher may also play on the same device in a test run). Old entries are
 * pruned so a classroom laptop does not collect a token per lesson forever.
 */
export type SeatRole = 'host' | 'player';

export interface SavedSeat {
  token: string;
  /** The join link the server gave at creation (host only): it may use the server's PUBLIC_URL. */
  joinUrl?: string;
  savedAt: number;
}

export type SeatStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

export const SEAT_PREFIX = 'backprop-arena.seat.';
/** Rooms end after at most a few hours idle; a week-old token opens nothing. */
const MAX_AGE_MS = 7 * 24 * 3600_000;

function keyOf(role: SeatRole, code: string): string {
  return `${SEAT_PREFIX}${role}.${code}`;
}

export function readSeat(storage: SeatStorage | null, role: SeatRole, code: string): SavedSeat | null {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(keyOf(role, code)) ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return null;
    const seat = parsed as Partial<SavedSeat>;
    if (typeof seat.token !== 'string' || seat.token === '') return null;
    return {
      token: seat.token,
      ...(typeof seat.joinUrl === 'string' ? { joinUrl: seat.joinUrl } : {}),
      savedAt: typeof seat.savedAt === 'number' ? seat.savedAt : 0,
    };
  } catch {
    return null;
  }
}

export function saveSeat(storage: SeatStorage | null, role: SeatRole, code: string, seat: Omit<SavedSeat, 'savedAt'>, now = Date.now()): void {
  if (!storage) return;
  try {
    pruneSeats(storage, now);
    storage.setItem(keyOf(role, code), JSON.stringify({ ...seat, savedAt: now }));
  } catch {
    // Storage full or refused: the game still runs, only a reload would lose the seat.
  }
}

export function forgetSeat(storage: SeatStorage | null, role: SeatRole, code: string): void {
  try {
    storage?.removeItem(keyOf(role, code));
  } catch {
    // Nothing to do: an unreadable entry is ignored anyway.
  }
}

function pruneSeats(storage: SeatStorage, now: number): void {
  const stale: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (!key?.startsWith(SEAT_PREFIX)) continue;
    try {
      const saved = JSON.parse(storage.getItem(key) ?? 'null') as Partial<SavedSeat> | null;
      if (!saved || typeof saved.savedAt !== 'number' || now - saved.savedAt > MAX_AGE_MS) stale.push(key);
    } catch {
      stale.push(key);
    }
  }
  for (const key of stale) storage.removeItem(key);
}
