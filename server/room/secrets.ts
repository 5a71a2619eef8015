/**
 * Everything random on the server: room codes, seeds, player ids, seat tokens and the draws of generated names
 * (node:crypto only). Rooms keep token hashes, never tokens.
 */
import { createHash, randomFillSync, randomInt } from 'node:crypto';
import { ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH } from '../../shared/protocol/index.ts';

const TOKEN_BYTES = 32;

/**
 * Random bytes drawn from the CSPRNG a few kilobytes at a time and handed out once each: a call into
 * it per id or token cost tens of microseconds, a join needing three.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

function randomBytes(count: number): Buffer {
  if (poolOffset + count > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + count);
  poolOffset += count;
  return bytes;
}

/** `<room code>.<32 random bytes, base64url>`: the prefix routes a reconnect to its room. */
export function newToken(code: string): string {
  return `${code}.${randomBytes(TOKEN_BYTES).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function roomCodeOfToken(token: string): string | null {
  const match = /^([A-Z0-9]{6})\.[A-Za-z0-9_-]{40,}$/.exec(token);
  return match ? match[1]! : null;
}

export function newRoomCode(): string {
  let code = '';
  for (let i = 0; i < ROOM_CODE_LENGTH; i++) code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
  return code;
}

/** What a phone types: spaces, dashes and lower case are forgiven. */
export function normaliseRoomCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

export function newRoomSeed(): number {
  return randomBytes(4).readUInt32BE(0);
}

/** A generated name's draw (logged with its event, so a replay makes the same name). */
export function newNameSeed(): number {
  return randomBytes(4).readUInt32BE(0);
}

export function newPlayerId(): string {
  return `p_${randomBytes(9).toString('base64url')}`;
}
