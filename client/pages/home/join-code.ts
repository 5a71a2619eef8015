/**
 * What a student types to join: the room code read tolerantly (full-width characters from a
 * Chinese IME, lower case, spaces and dashes: "ab3 d4f" and "AB3-D4F" both give "AB3D4F"),
 * and the nickname trimmed to what the server accepts.
 */
import type { LIMITS, ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH } from '../../../shared/protocol/index.ts';

// Copies of the protocol's constants, typed by them so a change there fails the type check here.
// (Importing the values would pull the protocol's zod schemas into the phone's first load.)
export const CODE_ALPHABET: typeof ROOM_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH: typeof ROOM_CODE_LENGTH = 6;
export const MAX_NICKNAME_LENGTH: (typeof LIMITS)['nicknameGraphemes'] = 20;

export function normaliseJoinCode(raw: string): string {
  return raw.normalize('NFKC').toUpperCase().replace(/[\s\-_.·]+/g, '');
}

export function isJoinCode(code: string): boolean {
  return code.length === CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c));
}

export function normaliseNickname(raw: string): string {
  return [...raw.normalize('NFKC').replace(/\s+/g, ' ').trim()].slice(0, MAX_NICKNAME_LENGTH).join('');
}

/**
 * Where the live game's player page takes over: /play/CODE?name=NICKNAME. The nickname
 * travels in the query so a reload of that page still knows it; a room that generates names
 * gets none.
 */
export function playPath(code: string, nickname: string): string {
  const path = `/play/${encodeURIComponent(code)}`;
  return nickname === '' ? path : `${path}?${new URLSearchParams({ name: nickname })}`;
}

export const HOST_PATH = '/host';

/** The last nickname typed on this device, offered again next time. */
export const NICKNAME_KEY = 'backprop-arena.nickname';
