/**
 * The question sets' secrets and identifiers (node:crypto only): teacher keys, kept by the server
 * as SHA-256 hashes only; set ids and share tokens, random and URL-safe.
 */
import { createHash, randomBytes } from 'node:crypto';

/** `tk_` + 32 bytes in base64url (43 characters): the shape looksLikeTeacherKey checks. */
const KEY_BYTES = 32;

export function newTeacherKey(): string {
  return `tk_${randomBytes(KEY_BYTES).toString('base64url')}`;
}

export { looksLikeTeacherKey } from '../../shared/protocol/sets.ts';

/** Stored and compared instead of the key: a copy of the data files opens no library. */
export function hashTeacherKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** 12 bytes: 16 URL-safe characters, as hard to guess as a room's host token is to forge. */
export function newSetId(): string {
  return randomBytes(12).toString('base64url');
}

/** A share link's token: 24 bytes, 32 characters; it reads the set, so it is as long as a secret. */
export function newShareToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Ids and tokens are base64url; anything else names nothing (and never reaches a store). */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
