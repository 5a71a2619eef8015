import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RoomCheckpoint, SCHEMA_VERSION, SqliteStore } from '../../server/store/sqlite-store.ts';

let dir: string;
let store: SqliteStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-store-'));
  store = new SqliteStore({ dataDir: path.join(dir, 'data') });
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const info = { hostTokenHash: 'h1', title: '第一节课', phase: 'lobby', players: 0, finished: false };

function checkpoint(state: unknown, extra: Partial<RoomCheckpoint> = {}): RoomCheckpoint {
  return { state, questions: [], info, ...extra };
}

describe('the SQLite store', () => {
  it('creates the data folder, runs the migrations and uses WAL', () => {
    expect(fs.existsSync(store.file)).toBe(true);
    const db = new Database(store.file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('sets the synchronous level asked for', () => {
    store.close();
    store = new SqliteStore({ dataDir: path.join(dir, 'data'), synchronous: 'FULL' });
    // FULL is 2, NORMAL is 1 (pragmas are per connection: read through the store's own).
    const db = (store as unknown as { db: Database.Database }).db;
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('reopening an existing file keeps its data and does not migrate twice', () => {
    store.saveRoom('ABCDEF', checkpoint({ phase: 'lobby' }), 1);
    store.close();
    store = new SqliteStore({ dataDir: path.join(dir, 'data') });
    expect(store.loadRoom('ABCDEF')?.state).toEqual({ phase: 'lobby' });
  });

  it('refuses a data file written by a newer schema', () => {
    store.close();
    const db = new Database(path.join(dir, 'data', 'backprop-arena.sqlite'));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => new SqliteStore({ dataDir: path.join(dir, 'data') })).toThrow(/newer/);
    store = new SqliteStore({ dataDir: path.join(dir, 'other') });
  });

  it('migrates a schema-1 file: rooms and logged rows are kept', () => {
    store.close();
    const dataDir = path.join(dir, 'v1');
    fs.mkdirSync(dataDir);
    const db = new Database(path.join(dataDir, 'backprop-arena.sqlite'));
    db.exec(`CREATE TABLE rooms (code TEXT PRIMARY KEY, host_token_hash TEXT NOT NULL, title TEXT NOT NULL, state TEXT NOT NULL,
               created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, finished_at INTEGER);
             CREATE INDEX rooms_unfinished ON rooms (finished_at) WHERE finished_at IS NULL;
             CREATE INDEX rooms_host ON rooms (host_token_hash);
             CREATE TABLE answer_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL REFERENCES rooms (code) ON DELETE CASCADE,
               answer TEXT NOT NULL, accepted_at INTEGER NOT NULL);
             CREATE INDEX answer_log_room ON answer_log (code, seq);
             PRAGMA user_version = 1;`);
    db.prepare('INSERT INTO rooms VALUES (?, ?, ?, ?, ?, ?, ?)').run('OLDONE', 'h', 'Old', '{"n":1}', 5, 6, null);
    db.prepare('INSERT INTO answer_log (code, answer, accepted_at) VALUES (?, ?, ?)').run('OLDONE', '{"i":1}', 7);
    db.close();
    store = new SqliteStore({ dataDir });
    expect(store.loadRoom('OLDONE')).toEqual({ code: 'OLDONE', state: { n: 1 }, questions: [], events: [{ i: 1 }], createdAt: 5, updatedAt: 6, finishedAt: null });
    expect(store.roomsForHosts(['h'])).toEqual([{ code: 'OLDONE', title: 'Old', phase: 'lobby', players: 0, createdAt: 5, updatedAt: 6, finishedAt: null }]);
  });

  it('gives back the last checkpoint plus the events logged after it, in order', () => {
    store.saveRoom('ABCDEF', checkpoint({ phase: 'question', n: 1 }, { questions: [{ index: 0, data: { id: 'q1', open: true } }] }), 10);
    void store.later({ code: 'ABCDEF', event: { player: 'p1', raw: '-0.027' }, appliedAt: 11 });
    void store.later({ code: 'ABCDEF', event: { player: 'p2', raw: '0.5' }, appliedAt: 12 });
    const [room] = store.loadUnfinished();
    expect(room).toMatchObject({ code: 'ABCDEF', state: { phase: 'question', n: 1 }, questions: [{ id: 'q1', open: true }], createdAt: 10, finishedAt: null });
    expect(room!.events).toEqual([
      { player: 'p1', raw: '-0.027' },
      { player: 'p2', raw: '0.5' },
    ]);
    // A checkpoint folds the log in; questions not given are kept as they were.
    store.saveRoom('ABCDEF', checkpoint({ phase: 'reveal', n: 1 }, { questions: [{ index: 1, data: { id: 'q2' } }] }), 13);
    expect(store.loadRoom('ABCDEF')).toMatchObject({
      state: { phase: 'reveal' },
      questions: [{ id: 'q1', open: true }, { id: 'q2' }],
      events: [],
      createdAt: 10,
      updatedAt: 13,
    });
    store.saveRoom('ABCDEF', checkpoint({ phase: 'reveal', n: 2 }, { questions: [{ index: 0, data: { id: 'q1', open: false } }] }), 14);
    expect(store.loadRoom('ABCDEF')!.questions).toEqual([{ id: 'q1', open: false }, { id: 'q2' }]);
  });

  it('finished rooms leave the unfinished list, are listed for their host and purged after retention', () => {
    store.saveRoom('AAAAAA', checkpoint({}, { info: { ...info, title: 'A' } }), 100);
    store.saveRoom('BBBBBB', checkpoint({}, { info: { ...info, title: 'B', phase: 'ended', players: 3, finished: true } }), 200);
    store.saveRoom('CCCCCC', checkpoint({}, { info: { ...info, hostTokenHash: 'other', title: 'C', finished: true } }), 300);
    void store.later({ code: 'BBBBBB', event: { late: true }, appliedAt: 201 });
    expect(store.loadUnfinished().map((r) => r.code)).toEqual(['AAAAAA']);
    expect(store.roomsForHosts(['h1'])).toEqual([
      { code: 'BBBBBB', title: 'B', phase: 'ended', players: 3, createdAt: 200, updatedAt: 200, finishedAt: 200 },
      { code: 'AAAAAA', title: 'A', phase: 'lobby', players: 0, createdAt: 100, updatedAt: 100, finishedAt: null },
    ]);
    expect(store.roomsForHosts(['h1', 'other']).map((r) => r.code)).toEqual(['CCCCCC', 'BBBBBB', 'AAAAAA']);
    expect(store.roomsForHosts([])).toEqual([]);
    // A finished room keeps its first finishing time.
    store.saveRoom('BBBBBB', checkpoint({}, { info: { ...info, title: 'B', finished: true } }), 260);
    expect(store.loadRoom('BBBBBB')!.finishedAt).toBe(200);
    expect(store.purgeFinishedBefore(250)).toBe(1);
    expect(store.loadRoom('BBBBBB')).toBeNull();
    expect(store.hasRoom('BBBBBB')).toBe(false);
    expect(store.hasRoom('AAAAAA')).toBe(true);
    expect(store.hasRoom('CCCCCC')).toBe(true);
    expect(store.hostTokenHashOf('CCCCCC')).toBe('other');
    expect(store.hostTokenHashOf('BBBBBB')).toBeNull();
    // The purged room's log and questions went with it.
    const db = new Database(store.file, { readonly: true });
    expect(db.prepare("SELECT COUNT(*) AS n FROM room_events WHERE code = 'BBBBBB'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('a logged event survives the process being killed right after its commit settles', () => {
    store.close();
    const dataDir = path.join(dir, 'killed');
    const script = `
      import { SqliteStore } from ${JSON.stringify(path.resolve('server/store/sqlite-store.ts'))};
      const store = new SqliteStore({ dataDir: ${JSON.stringify(dataDir)} });
      store.saveRoom('KILLME', { state: { phase: 'question' }, questions: [], info: { hostTokenHash: 'h', title: 't', phase: 'question', players: 1, finished: false } }, 1);
      let done;
      for (let i = 0; i < 100; i++) done = store.later({ code: 'KILLME', event: { i }, appliedAt: 2 + i });
      await done;
      process.kill(process.pid, 'SIGKILL');
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    store = new SqliteStore({ dataDir });
    const room = store.loadRoom<unknown, unknown, { i: number }>('KILLME');
    expect(room?.events.map((a) => a.i)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe('writes committed together at the end of a turn', () => {
  const rowsOnDisk = () => {
    // Another connection sees only what is committed.
    const db = new Database(store.file, { readonly: true });
    const count = (db.prepare('SELECT COUNT(*) AS n FROM room_events').get() as { n: number }).n;
    db.close();
    return count;
  };

  it('commits every write of one turn in one transaction once the turn ends; they share one promise', async () => {
    store.saveRoom('ABCDEF', checkpoint({ phase: 'lobby' }), 1);
    const event = { type: 'answer', answer: '1' };
    const first = store.later({ code: 'ABCDEF', event, appliedAt: 2 });
    // What is queued is read at once: a change made afterwards is not what was logged.
    event.answer = 'changed';
    const second = store.later({ code: 'ABCDEF', event: { type: 'answer', answer: '2' }, appliedAt: 3 });
    expect(second).toBe(first);
    expect(rowsOnDisk()).toBe(0);
    await first;
    expect(rowsOnDisk()).toBe(2);
    expect(store.loadRoom('ABCDEF')?.events).toEqual([{ type: 'answer', answer: '1' }, { type: 'answer', answer: '2' }]);
    // The next turn's writes get a promise of their own.
    const third = store.later({ code: 'ABCDEF', event: { type: 'answer', answer: '3' }, appliedAt: 4 });
    expect(third).not.toBe(first);
    await third;
    expect(rowsOnDisk()).toBe(3);
  });

  it('gathers the writes of the turns that follow a commit into one, until the commit interval has passed', async () => {
    store.close();
    // An interval no turn of this test comes near: what commits the second batch is the next use of the store.
    store = new SqliteStore({ dataDir: path.join(dir, 'data'), commitIntervalMs: 60_000 });
    store.saveRoom('ABCDEF', checkpoint({ phase: 'lobby' }), 1);
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    // Nothing committed a moment ago: the first write is committed at the end of its turn.
    await store.later({ code: 'ABCDEF', event: { n: 1 }, appliedAt: 2 });
    expect(rowsOnDisk()).toBe(1);
    const second = store.later({ code: 'ABCDEF', event: { n: 2 }, appliedAt: 3 });
    await turn();
    const third = store.later({ code: 'ABCDEF', event: { n: 3 }, appliedAt: 4 });
    expect(third).toBe(second);
    await turn();
    await turn();
    expect(rowsOnDisk()).toBe(1);
    expect(store.loadRoom('ABCDEF')?.events).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    await second;
    expect(rowsOnDisk()).toBe(3);
  });

  it('keeps the order of checkpoints and log rows queued together', async () => {
    store.saveRoom('ABCDEF', checkpoint({ phase: 'lobby' }), 1);
    void store.later({ code: 'ABCDEF', event: { n: 1 }, appliedAt: 2 });
    void store.later({ code: 'ABCDEF', checkpoint: checkpoint({ phase: 'question' }), now: 3 });
    await store.later({ code: 'ABCDEF', event: { n: 2 }, appliedAt: 4 });
    const loaded = store.loadRoom('ABCDEF');
    expect(loaded?.state).toEqual({ phase: 'question' });
    // The checkpoint dropped the row logged before it, not the one after.
    expect(loaded?.events).toEqual([{ n: 2 }]);
  });

  it('commits what is queued before any other use of the store reads or writes', () => {
    store.saveRoom('ABCDEF', checkpoint({ phase: 'lobby' }), 1);
    void store.later({ code: 'ABCDEF', event: { n: 1 }, appliedAt: 2 });
    expect(store.loadRoom('ABCDEF')?.events).toEqual([{ n: 1 }]);
    void store.later({ code: 'GHIJKL', checkpoint: checkpoint({ phase: 'lobby' }), now: 3 });
    expect(store.hasRoom('GHIJKL')).toBe(true);
    void store.later({ code: 'ABCDEF', event: { n: 2 }, appliedAt: 4 });
    store.close();
    store = new SqliteStore({ dataDir: path.join(dir, 'data') });
    expect(store.loadRoom('ABCDEF')?.events).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('refuses every write of a turn whose commit fails, keeps none of them, and commits the next turn', async () => {
    store.saveRoom('ABCDEF', checkpoint({ phase: 'lobby' }), 1);
    store.saveRoom('GHIJKL', checkpoint({ phase: 'lobby' }), 1);
    // A real failure inside SQLite's transaction, as a full disk would give.
    store.database.exec(`CREATE TRIGGER refuse BEFORE INSERT ON room_events WHEN NEW.event LIKE '%poison%' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const good = store.later({ code: 'ABCDEF', event: { n: 1 }, appliedAt: 2 });
    const bad = store.later({ code: 'GHIJKL', event: { n: 'poison' }, appliedAt: 2 });
    await expect(good).rejects.toThrow(/disk full/);
    await expect(bad).rejects.toThrow(/disk full/);
    expect(rowsOnDisk()).toBe(0);
    await store.later({ code: 'ABCDEF', event: { n: 2 }, appliedAt: 3 });
    expect(store.loadRoom('ABCDEF')?.events).toEqual([{ n: 2 }]);
    expect(store.loadRoom('GHIJKL')?.events).toEqual([]);
  });
});
