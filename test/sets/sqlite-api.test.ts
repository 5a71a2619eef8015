/**
 * The set API in the embedded mode: a real server on port 0 with its rooms and sets in one real
 * SQLite file in a temporary folder. The behaviour every store shares is in set-api-suite.ts;
 * here: the sets are in the rooms' file, they outlive a restart, and the write limits per address.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { SetListResult, SetResult } from '../../shared/protocol/sets.ts';
import { RoomStore } from '../../server/store/room-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import type { ApplicationOptions } from '../../server/app.ts';
import { FakeClock, silentLogger } from '../room/support.ts';
import { startServer } from '../server/support.ts';
import { call, dataOf, newKey, refusalOf, sampleSet } from './set-http.ts';
import { SUITE_SET_LIMITS, setApiSuite } from './set-api-suite.ts';

const dirs: string[] = [];
function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-sets-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function startOn(dir: string, clock: FakeClock, options: Partial<ApplicationOptions> = {}) {
  return startServer({ clock, store: new RoomStore(new SqliteStore({ dataDir: dir }), silentLogger), setLimits: SUITE_SET_LIMITS, ...options });
}

setApiSuite('question sets over HTTP, stored in SQLite', async () => {
  const clock = new FakeClock(Date.UTC(2026, 8, 1));
  const server = await startOn(dataDir(), clock);
  return { urls: [server.url], clock, close: () => server.close() };
});

describe('question sets in the SQLite file', () => {
  it('keeps keys, sets, revisions, deletions and share links across a restart on the same data folder', async () => {
    const dir = dataDir();
    const clock = new FakeClock(Date.UTC(2026, 8, 1));
    const first = await startOn(dir, clock);
    const k = await newKey(first.url);
    const kept = dataOf<SetResult>(await call(first.url, 'POST', '/api/sets', { key: k, json: sampleSet('kept') })).set;
    await call(first.url, 'PUT', `/api/sets/${kept.id}`, { key: k, json: { set: sampleSet('kept, edited'), revision: 1 } });
    const share = dataOf<{ share: { token: string } }>(await call(first.url, 'POST', `/api/sets/${kept.id}/share`, { key: k })).share;
    const gone = dataOf<SetResult>(await call(first.url, 'POST', '/api/sets', { key: k, json: sampleSet('deleted') })).set;
    await call(first.url, 'DELETE', `/api/sets/${gone.id}`, { key: k });
    const before = dataOf<SetListResult>(await call(first.url, 'GET', '/api/sets', { key: k })).sets;
    await first.close();

    // The sets are in the rooms' own file, and the key is stored only as its hash.
    const file = path.join(dir, 'backprop-arena.sqlite');
    const db = new Database(file, { readonly: true });
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['rooms', 'teacher_keys', 'question_sets', 'set_shares']));
    const everything = JSON.stringify(db.prepare('SELECT * FROM teacher_keys').all()) + JSON.stringify(db.prepare('SELECT * FROM question_sets').all());
    db.close();
    expect(everything).not.toContain(k);
    expect(everything).not.toContain(k.slice(3));

    const second = await startOn(dir, clock);
    try {
      expect(dataOf<SetListResult>(await call(second.url, 'GET', '/api/sets', { key: k })).sets).toEqual(before);
      expect(dataOf<SetResult>(await call(second.url, 'GET', `/api/sets/${kept.id}`, { key: k })).set).toMatchObject({ title: 'kept, edited', revision: 2, share: { token: share.token } });
      expect(dataOf<{ set: { title: string } }>(await call(second.url, 'GET', `/api/shared/${share.token}`)).set.title).toBe('kept, edited');
      expect(dataOf<SetResult>(await call(second.url, 'POST', `/api/sets/${gone.id}/restore`, { key: k })).set).toMatchObject({ title: 'deleted', deletedAt: null });
    } finally {
      await second.close();
    }
  });

  it('limits key creation and writes per address (429 rate_limited), reads and other addresses unaffected', async () => {
    const clock = new FakeClock(Date.UTC(2026, 8, 1));
    const server = await startOn(dataDir(), clock, { setLimits: { ...SUITE_SET_LIMITS, keysPerHour: 2, writesPerMinute: 3 } });
    try {
      const k = await newKey(server.url);
      await newKey(server.url);
      const third = await call(server.url, 'POST', '/api/teacher-keys');
      expect(refusalOf(third)).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);

      for (let i = 0; i < 3; i++) expect((await call(server.url, 'POST', '/api/sets', { key: k, json: sampleSet(`s${i}`) })).status).toBe(201);
      expect(refusalOf(await call(server.url, 'POST', '/api/sets', { key: k, json: sampleSet('one more') }))).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(dataOf<SetListResult>(await call(server.url, 'GET', '/api/sets', { key: k })).sets).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('answers the set API without a data folder too (sets then live as long as the process)', async () => {
    const server = await startServer({ setLimits: SUITE_SET_LIMITS });
    try {
      const k = await newKey(server.url);
      const set = dataOf<SetResult>(await call(server.url, 'POST', '/api/sets', { key: k, json: sampleSet('in memory') })).set;
      expect(dataOf<SetResult>(await call(server.url, 'GET', `/api/sets/${set.id}`, { key: k })).set.title).toBe('in memory');
    } finally {
      await server.close();
    }
  });
});
