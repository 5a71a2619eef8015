/**
 * The question-set HTTP API (docs/question-sets.md, docs/protocol.md "Question sets"). Every answer
 * is an `ApiResponse<T>` (`{ ok: true, data }` or `{ ok: false, error }`); requests that act for a
 * teacher send the teacher key as `Authorization: Bearer <key>`.
 *
 *   POST   /api/teacher-keys              → 201 TeacherKeyResult          (no key needed)
 *   GET    /api/sets                      → SetListResult                 the key's own sets
 *   POST   /api/sets                      → 201 SetResult                 body: SetContentInput
 *   GET    /api/sets/:id                  → SetResult
 *   PUT    /api/sets/:id                  → SetResult                     body: SaveSetPayload
 *   DELETE /api/sets/:id                  → SetResult (deleted, restorable for SET_RESTORE_MS)
 *   POST   /api/sets/:id/restore          → SetResult
 *   GET    /api/sets/:id/export           → SetFile                       `?download=1`: the bare file as an attachment
 *   POST   /api/sets/:id/share            → ShareResult                   makes (or returns) the share link
 *   DELETE /api/sets/:id/share            → SetResult                     revokes it
 *   POST   /api/sets/import               → 201 SetResult                 JSON SetFile, or text/csv (?title=&lang=)
 *   GET    /api/shared/:token             → SharedSetResult               (no key needed)
 *   POST   /api/shared/:token/copy        → 201 SetResult                 into the key's library
 */
import type { SetContent, SetContentInput, SetIssue } from '../question-sets/schema.ts';

/** What a teacher key looks like: `tk_` + 32 random bytes in base64url (43 characters). */
export function looksLikeTeacherKey(text: string): boolean {
  return /^tk_[A-Za-z0-9_-]{43}$/.test(text);
}

/** How long a deleted set can be restored. */
export const SET_RESTORE_MS = 30 * 24 * 60 * 60 * 1000;

/** The codes of the set API's refusals (with the HTTP status each comes with). */
export const SET_ERROR_CODES = {
  /** 401: no `Authorization: Bearer` key. */
  KEY_REQUIRED: 'key_required',
  /** 401: a key this server never made. */
  UNKNOWN_KEY: 'unknown_key',
  /** 403: the set belongs to another key. */
  NOT_OWNER: 'not_owner',
  /** 404 */
  SET_NOT_FOUND: 'set_not_found',
  /** 403: the share link was revoked by its owner. */
  SHARE_REVOKED: 'share_revoked',
  /** 404: no such share link. */
  SHARE_NOT_FOUND: 'share_not_found',
  /** 400: the set (or file, or CSV) is refused; `issues` says where. Nothing was saved. */
  INVALID_SET: 'invalid_set',
  /** 409: `PUT` with a `revision` older than the stored one (saved elsewhere since). */
  STALE_REVISION: 'stale_revision',
  /** 403: this key owns SET_LIMITS.setsPerKey sets. */
  TOO_MANY_SETS: 'too_many_sets',
  /** 413 */
  TOO_LARGE: 'too_large',
  /** 429 */
  RATE_LIMITED: 'rate_limited',
} as const;
export type SetErrorCode = (typeof SET_ERROR_CODES)[keyof typeof SET_ERROR_CODES];

/** The error of a refused set request. */
export interface SetApiError {
  code: SetErrorCode | 'invalid_payload' | 'not_found' | 'internal_error';
  message: string;
  /** `invalid_set`: every problem found (all of them, not only the first). */
  issues?: SetIssue[];
}
export type SetApiResponse<T> = { ok: true; data: T } | { ok: false; error: SetApiError };

export interface TeacherKeyResult {
  /** The secret: shown to the teacher, kept in the browser, never sent anywhere but this server. */
  key: string;
}

/** A stored set as its owner sees it. */
export interface StoredSet extends SetContent {
  id: string;
  /** Grows by one with every save; send it back with `PUT` to refuse overwriting a newer save. */
  revision: number;
  createdAt: number;
  updatedAt: number;
  /** `null` while not deleted. */
  deletedAt: number | null;
  /** The live share link's path (`/shared/<token>`), `null` when not shared. */
  share: { token: string; path: string } | null;
}

/** One line of the library list. */
export interface SetSummary {
  id: string;
  title: string;
  lang: SetContent['lang'];
  description: string;
  items: number;
  revision: number;
  updatedAt: number;
  shared: boolean;
}

export interface SetListResult {
  sets: SetSummary[];
}
export interface SetResult {
  set: StoredSet;
}
export interface SaveSetPayload {
  set: SetContentInput;
  /** The revision this save is based on; absent: overwrite. */
  revision?: number;
}
export interface ShareResult {
  share: { token: string; path: string };
}
/** A shared set, read-only: its content and when it was last saved (nothing of the owner). */
export interface SharedSetResult {
  set: SetContent;
  updatedAt: number;
}
