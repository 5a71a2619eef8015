/** The homework store's contract (store-suite.ts) against SQLite: in memory, and in a file shared with the rooms' tables. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteHomeworkStore, memoryHomeworkStore } from '../../server/homework/sqlite-homework-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { FakeClock } from '../room/support.ts';
import { TEST_CONFIG, startServer } from '../server/support.ts';
import { assignmentRecord, homeworkStoreSuite, studentRecord } from './store-suite.ts';

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

describe('homework retention', () => {
  it('removes assignments closed before the cut-off, with their students and answers, and nothing else', async () => {
    const store = memoryHomeworkStore();
    const old = assignmentRecord('AAAAAAAA');
    const recent = assignmentRecord('BBBBBBBB', 'owner-a', old.createdAt + 10 * 3600_000);
    await store.createAssignment(old, 10);
    await store.createAssignment(recent, 10);
    const s = studentRecord('AAAAAAAA', 'ada');
    await store.addStudent(s, 10);
    await store.appendAnswers(s.id, 0, [{ studentId: s.id, item: 0, attempt: 0, step: null, answer: '', status: 'skipped', value: null, diagnosis: null, message: null, consistent: null, at: 1 }], 1, null);
    expect(await store.purgeClosedBefore(old.settings.closesAt)).toBe(0);
    expect(await store.purgeClosedBefore(old.settings.closesAt + 1)).toBe(1);
    expect(await store.getAssignment('AAAAAAAA')).toBeNull();
    expect(await store.studentByToken('AAAAAAAA', s.tokenHash)).toBeNull();
    expect(await store.answersOf(s.id)).toEqual([]);
    expect(await store.getAssignment('BBBBBBBB')).toEqual(recent);
    store.close();
  });

  it('is applied by the server on start, RETENTION_DAYS after the deadline', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-hw-retention-'));
    try {
      const rooms = new SqliteStore({ dataDir: dir });
      const store = new SqliteHomeworkStore(rooms.database);
      const a = assignmentRecord('AAAAAAAA');
      await store.createAssignment(a, 10);
      const server = await startServer({ homework: store, clock: new FakeClock(a.settings.closesAt + TEST_CONFIG.retentionDays * 24 * 3600_000 + 1) });
      await server.close();
      expect(await store.getAssignment('AAAAAAAA')).toBeNull();
      rooms.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
