/**
 * What a student types as the game code, read tolerantly: full-width characters from a
 * Chinese IME, lower case, spaces and dashes ("ab 12", "AB-12") all give "AB12".
 */
export function normaliseJoinCode(raw: string): string {
  return raw
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

export const MAX_NICKNAME_LENGTH = 24;

export function normaliseNickname(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, ' ').trim().slice(0, MAX_NICKNAME_LENGTH);
}

/**
 * Where the live game's player page takes over: /play/CODE?name=NICKNAME. The nickname
 * travels in the query so a reload of that page still knows it.
 */
export function playPath(code: string, nickname: string): string {
  return `/play/${encodeURIComponent(code)}?${new URLSearchParams({ name: nickname })}`;
}

export const HOST_PATH = '/host';
