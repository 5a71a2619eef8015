/**
 * The set a `room:create` names by id: a built-in set, or a stored set of the teacher key sent with
 * it. The room keeps a snapshot of it (its config), so a later edit or delete never reaches the room.
 */
import { type AckError, ERROR_CODES } from '../../shared/protocol/index.ts';
import { type SetSnapshot, builtInSet } from '../../shared/question-sets/index.ts';
import { hashTeacherKey, looksLikeTeacherKey, ID_PATTERN } from './set-secrets.ts';
import type { SetStore } from './set-store.ts';

export type RoomSet = { ok: true; set: SetSnapshot } | { ok: false; error: AckError };

export async function roomSet(store: SetStore, setId: string, teacherKey: string | null): Promise<RoomSet> {
  const builtIn = builtInSet(setId);
  if (builtIn) return { ok: true, set: structuredClone(builtIn) };
  if (teacherKey === null || !looksLikeTeacherKey(teacherKey)) {
    return { ok: false, error: { code: ERROR_CODES.UNKNOWN_KEY, message: 'a stored set needs its teacher key (teacherKey)' } };
  }
  const owner = hashTeacherKey(teacherKey);
  if (!(await store.hasKey(owner))) return { ok: false, error: { code: ERROR_CODES.UNKNOWN_KEY, message: 'this server never made that teacher key' } };
  const record = ID_PATTERN.test(setId) ? await store.get(setId) : null;
  // Another key's set reads as missing: a room code's host learns nothing of other libraries.
  if (!record || record.deletedAt !== null || record.ownerHash !== owner) {
    return { ok: false, error: { code: ERROR_CODES.SET_NOT_FOUND, message: 'no such set in this teacher key\'s library' } };
  }
  return { ok: true, set: { ...structuredClone(record.content), id: record.id } };
}
