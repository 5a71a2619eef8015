/**
 * The browser's own calls (client/library/set-api.ts) against a real server: every call the
 * library and the editor make resolves to the shape its types promise, so the pages and the
 * server cannot drift apart unnoticed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setApi } from '../../client/library/set-api.ts';
import { RoomStore } from '../../server/store/room-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { SET_FILE_FORMAT, SET_FILE_VERSION, SetContentSchema } from '../../shared/question-sets/index.ts';
import { silentLogger } from '../room/support.ts';
import { type TestServer, startServer } from '../server/support.ts';
import { sampleSet } from './set-http.ts';

describe('the browser’s set API calls against the server', () => {
  let server: TestServer;
  let dataDir: string;
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-sets-client-'));
    server = await startServer({ store: new RoomStore(new SqliteStore({ dataDir }), silentLogger) });
    // The page calls paths of its own origin: here, the test server's.
    globalThis.fetch = ((input: string, init?: RequestInit) => realFetch(`${server.url}${input}`, init)) as typeof fetch;
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function data<T>(result: { ok: true; data: T } | { ok: false; error: { code: string; message: string } }): T {
    if (!result.ok) throw new Error(`refused: ${result.error.code} (${result.error.message})`);
    return result.data;
  }

  it('makes a key, creates, lists, saves, exports, imports, shares, copies, deletes and restores', async () => {
    const key = data(await setApi.createKey()).key;
    const colleague = data(await setApi.createKey()).key;
    const set = data(await setApi.create(key, sampleSet('from the page'))).set;
    expect(data(await setApi.list(key)).sets.map((s) => s.id)).toEqual([set.id]);
    expect(data(await setApi.get(key, set.id)).set).toEqual(set);
    const saved = data(await setApi.save(key, set.id, { set: sampleSet('saved from the page'), revision: set.revision })).set;
    expect(saved.revision).toBe(2);
    expect(await setApi.save(key, set.id, { set: sampleSet('stale'), revision: 1 })).toMatchObject({ ok: false, error: { code: 'stale_revision' } });

    const file = data(await setApi.exportFile(key, set.id));
    expect(file).toEqual({ format: SET_FILE_FORMAT, version: SET_FILE_VERSION, set: SetContentSchema.parse(sampleSet('saved from the page')) });
    expect(data(await setApi.importJson(key, file)).set).toMatchObject({ title: 'saved from the page', revision: 1 });
    const csv = fs.readFileSync(new URL('../question-sets/fixtures/excel-comma.csv', import.meta.url), 'utf8');
    expect(data(await setApi.importCsv(key, csv, { title: 'from a table', lang: 'en' })).set.title).toBe('from a table');
    expect(await setApi.importCsv(key, 'not,a\ntable', { title: 'bad', lang: 'en' })).toMatchObject({ ok: false, error: { code: 'invalid_set' } });

    const share = data(await setApi.share(key, set.id)).share;
    expect(data(await setApi.shared(share.token)).set.title).toBe('saved from the page');
    expect(data(await setApi.copyShared(colleague, share.token)).set.title).toBe('saved from the page');
    expect(data(await setApi.unshare(key, set.id)).set.share).toBeNull();
    expect(await setApi.shared(share.token)).toMatchObject({ ok: false, error: { code: 'share_revoked' } });

    expect(data(await setApi.remove(key, set.id)).set.deletedAt).not.toBeNull();
    expect(data(await setApi.restore(key, set.id)).set.deletedAt).toBeNull();
    expect(await setApi.list('tk_not-a-key-of-this-server-at-all')).toMatchObject({ ok: false, error: { code: 'unknown_key' } });
  });
});
