/** The homework store's contract (store-suite.ts) against SQLite: in memory, and in a file shared with the rooms' tables. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteHomeworkStore, memoryHomeworkStore } from '../../server/homework/sqlite-homework-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { assignmentRecord, homeworkStoreSuite } from './store-suite.ts';

homeworkStoreSuite('the homework store in memory', async () => memoryHomeworkStore());

const files = new Map<object, { rooms: SqliteStore; dir: string }>();
homeworkStoreSuite(
  'the homework store in the rooms\' SQLite file',
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-hw-store-'));
    const rooms = new SqliteStore({ dataDir: dir });
    const store = new SqliteHomeworkStore(rooms.database);
    files.set(store, { rooms, dir });
    return store;
  },
  async (store) => {
    const { rooms, dir } = files.get(store)!;
    store.close();
    rooms.close();
    fs.rmSync(dir, { recursive: true, force: true });
  },
);

describe('the homework store in a file', () => {
  it('keeps what it was given across a reopen, and migrates once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-hw-store-'));
    try {
      const rooms = new SqliteStore({ dataDir: dir });
      const store = new SqliteHomeworkStore(rooms.database);
      await store.createAssignment(assignmentRecord('AAAAAAAA'), 10);
      rooms.close();
      const again = new SqliteStore({ dataDir: dir });
      const reopened = new SqliteHomeworkStore(again.database);
      expect(await reopened.getAssignment('AAAAAAAA')).toEqual(assignmentRecord('AAAAAAAA'));
      again.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
