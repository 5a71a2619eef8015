/**
 * Where question sets and teacher keys are kept: SQLite in the embedded mode (sqlite-set-store.ts,
 * in the rooms' file), Redis in cluster mode (redis-set-store.ts). Methods are async so Redis fits;
 * each write is one transaction (SQLite) or one script (Redis), so nothing is ever half-saved and
 * two nodes saving the same set at once cannot both win.
 *
 * The store checks what only it can check atomically (a set still at the revision a save is based
 * on, the owner's count under the limit); who may do what is the router's (set-router.ts).
 */
import type { SetContent } from '../../shared/question-sets/index.ts';

export interface SetRecord {
  id: string;
  /** SHA-256 of the owner's teacher key. */
  ownerHash: string;
  content: SetContent;
  revision: number;
  createdAt: number;
  updatedAt: number;
  /** When it was deleted (restorable for SET_RESTORE_MS), `null` while not. */
  deletedAt: number | null;
  /** The live share link's token, `null` when not shared. */
  shareToken: string | null;
}

export type SaveOutcome =
  | { ok: true; record: SetRecord }
  /** `missing`: no such set, or deleted; `stale`: saved since the revision the save was based on. */
  | { ok: false; reason: 'missing' | 'stale' };

export type RestoreOutcome = { ok: true; record: SetRecord } | { ok: false; reason: 'missing' | 'too_many' };

/** What a share token leads to. A token once revoked (or whose set was purged) stays `revoked`. */
export type ShareLookup = { status: 'live'; record: SetRecord } | { status: 'revoked' } | { status: 'deleted'; deletedAt: number } | { status: 'unknown' };

export interface SetStore {
  addKey(keyHash: string, now: number): Promise<void>;
  hasKey(keyHash: string): Promise<boolean>;

  get(id: string): Promise<SetRecord | null>;
  /** The owner's sets that are not deleted (any order). */
  listLive(ownerHash: string): Promise<SetRecord[]>;
  /** Adds a new set unless its owner already has `maxLive` sets not deleted; false then. */
  create(record: SetRecord, maxLive: number): Promise<boolean>;
  /** New content, one revision on, if the set exists, is not deleted and (given) is still at `expectedRevision`. */
  save(id: string, content: SetContent, expectedRevision: number | null, now: number): Promise<SaveOutcome>;
  /** Marks it deleted (a deleted set stays as it is); null when there is no such set. */
  markDeleted(id: string, now: number): Promise<SetRecord | null>;
  /** Undeletes a set deleted at or after `deletedSince`, unless its owner is at `maxLive`. */
  restore(id: string, deletedSince: number, maxLive: number): Promise<RestoreOutcome>;
  /** The set's live share token, made from `token` when it has none; null when missing or deleted. */
  share(id: string, token: string, now: number): Promise<string | null>;
  /** Revokes the live share token (remembered as revoked); null when there is no such set. */
  unshare(id: string, now: number): Promise<SetRecord | null>;
  byShareToken(token: string): Promise<ShareLookup>;
  /** Removes sets deleted before `before` for good (their share tokens stay, revoked). Returns how many. */
  purgeDeletedBefore(before: number, now: number): Promise<number>;
  close(): void;
}
