/**
 * A contest's codes and secrets (node:crypto only): its public code (the room-code alphabet, so it reads
 * as easily off a projector), its room keys (secrets the organizer hands out, one per expected room) and
 * its seed.
 */
import { randomBytes } from 'node:crypto';
import { CONTEST_CODE_PATTERN, looksLikeRoomKey } from '../../shared/protocol/contests.ts';
import { newRoomCode, newRoomSeed } from '../room/secrets.ts';

export { looksLikeRoomKey };

/** 6 characters of the room-code alphabet: the same shape as a room code, shown as `C-XXXXXX`. */
export function newContestCode(): string {
  return newRoomCode();
}

export function looksLikeContestCode(text: string): boolean {
  return CONTEST_CODE_PATTERN.test(text);
}

/** `rk_` + 24 random bytes in base64url (32 characters): opens one room of one contest. */
export function newRoomKey(): string {
  return `rk_${randomBytes(24).toString('base64url')}`;
}

export const newContestSeed = newRoomSeed;
