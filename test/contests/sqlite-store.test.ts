import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { SqliteContestStore, memoryContestStore } from '../../server/contests/sqlite-contest-store.ts';
import { contestStoreSuite, sampleContest } from './contest-store-suite.ts';

contestStoreSuite('SQLite contest store (memory)', async () => {
  const store = memoryContestStore();
  return { store, close: async () => store.close() };
});

it('keeps contests in the file across a reopen', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'contests-'));
  try {
    const file = path.join(dir, 'arena.sqlite');
    const record = sampleContest();
    let db = new Database(file);
    await new SqliteContestStore(db).create(record, 10);
    db.close();
    db = new Database(file);
    const reopened = new SqliteContestStore(db);
    expect(await reopened.get(record.code)).toEqual(record);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
