/**
 * The question-set HTTP API as the library and the editor call it (shared/protocol/sets.ts), and
 * the teacher key this browser keeps. A failed request resolves to `{ ok: false }` with a code the
 * page words; it never throws.
 */
import type {
  SaveSetPayload,
  SetApiError,
  SetApiResponse,
  SetListResult,
  SetResult,
  SharedSetResult,
  ShareResult,
  TeacherKeyResult,
} from '../../shared/protocol/sets.ts';
import { looksLikeTeacherKey } from '../../shared/protocol/sets.ts';
import type { SetContentInput, SetFile } from '../../shared/question-sets/schema.ts';
import { deviceStorage } from '../device-storage.ts';

const KEY_ITEM = 'backprop-arena:teacher-key';

/** The teacher key kept in this browser, or `null` before the library's first visit (or without storage). */
export function storedTeacherKey(): string | null {
  return deviceStorage()?.getItem(KEY_ITEM) ?? null;
}

export function storeTeacherKey(key: string): void {
  deviceStorage()?.setItem(KEY_ITEM, key);
}

export function forgetTeacherKey(): void {
  deviceStorage()?.removeItem(KEY_ITEM);
}

/** What a key looks like, checked before asking the server (shared with it). */
export { looksLikeTeacherKey };

const NETWORK_ERROR: SetApiError = { code: 'internal_error', message: 'the server could not be reached' };

async function request<T>(method: string, path: string, options: { key?: string | null; json?: unknown; body?: string; type?: string } = {}): Promise<SetApiResponse<T>> {
  const headers: Record<string, string> = {};
  if (options.key) headers.Authorization = `Bearer ${options.key}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    headers['Content-Type'] = options.type ?? 'text/plain';
    body = options.body;
  }
  try {
    const response = await fetch(path, { method, headers, body, cache: 'no-store' });
    const parsed = (await response.json().catch(() => null)) as SetApiResponse<T> | null;
    if (parsed && typeof parsed === 'object' && 'ok' in parsed) return parsed;
    return { ok: false, error: { code: 'internal_error', message: `HTTP ${response.status}` } };
  } catch {
    return { ok: false, error: NETWORK_ERROR };
  }
}

const setPath = (id: string) => `/api/sets/${encodeURIComponent(id)}`;

export const setApi = {
  createKey: () => request<TeacherKeyResult>('POST', '/api/teacher-keys'),
  list: (key: string) => request<SetListResult>('GET', '/api/sets', { key }),
  get: (key: string, id: string) => request<SetResult>('GET', setPath(id), { key }),
  create: (key: string, set: SetContentInput) => request<SetResult>('POST', '/api/sets', { key, json: set }),
  save: (key: string, id: string, payload: SaveSetPayload) => request<SetResult>('PUT', setPath(id), { key, json: payload }),
  remove: (key: string, id: string) => request<SetResult>('DELETE', setPath(id), { key }),
  restore: (key: string, id: string) => request<SetResult>('POST', `${setPath(id)}/restore`, { key }),
  exportFile: (key: string, id: string) => request<SetFile>('GET', `${setPath(id)}/export`, { key }),
  share: (key: string, id: string) => request<ShareResult>('POST', `${setPath(id)}/share`, { key }),
  unshare: (key: string, id: string) => request<SetResult>('DELETE', `${setPath(id)}/share`, { key }),
  importJson: (key: string, file: unknown) => request<SetResult>('POST', '/api/sets/import', { key, json: file }),
  importCsv: (key: string, csv: string, meta: { title: string; lang: string }) =>
    request<SetResult>('POST', `/api/sets/import?${new URLSearchParams(meta)}`, { key, body: csv, type: 'text/csv; charset=utf-8' }),
  shared: (token: string) => request<SharedSetResult>('GET', `/api/shared/${encodeURIComponent(token)}`),
  copyShared: (key: string, token: string) => request<SetResult>('POST', `/api/shared/${encodeURIComponent(token)}/copy`, { key }),
};

/**
 * This browser's teacher key, made (and kept) now if it has none: the library's first visit, and
 * "copy to my library" or "save as a set" on a browser that never opened the library.
 */
export async function ensureTeacherKey(): Promise<{ ok: true; key: string; created: boolean } | { ok: false; error: SetApiError }> {
  const stored = storedTeacherKey();
  if (stored) return { ok: true, key: stored, created: false };
  const made = await setApi.createKey();
  if (!made.ok) return made;
  storeTeacherKey(made.data.key);
  return { ok: true, key: made.data.key, created: true };
}

/** The address that opens the library with this key (the key panel's QR code): the key rides in the fragment, which no request sends. */
export function keyTransferUrl(origin: string, key: string): string {
  return `${origin}/library#key=${encodeURIComponent(key)}`;
}

/** The key in a `#key=…` fragment, or `null`. */
export function keyFromHash(hash: string): string | null {
  const match = /^#?(?:.*&)?key=([^&]*)/.exec(hash);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!).trim();
  } catch {
    return null;
  }
}
