import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, SqliteStore } from '../../server/store/sqlite-store.ts';

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

const info = { hostTokenHash: 'h1', title: '第一节课', finished: false };

describe('the SQLite store', () => {
  it('creates the data folder, runs the migrations and uses WAL', () => {
    expect(fs.existsSync(store.file)).toBe(true);
    const db = new Database(store.file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('reopening an existing file keeps its data and does not migrate twice', () => {
    store.saveRoom('ABCDEF', { phase: 'lobby' }, info, 1);
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

  it('gives back the last saved state plus the answers logged after it, in order', () => {
    store.saveRoom('ABCDEF', { phase: 'question', n: 1 }, info, 10);
    store.appendAnswer('ABCDEF', { player: 'p1', raw: '-0.027' }, 11);
    store.appendAnswer('ABCDEF', { player: 'p2', raw: '0.5' }, 12);
    const [room] = store.loadUnfinished();
    expect(room).toMatchObject({ code: 'ABCDEF', state: { phase: 'question', n: 1 }, createdAt: 10, finishedAt: null });
    expect(room!.answers).toEqual([
      { player: 'p1', raw: '-0.027' },
      { player: 'p2', raw: '0.5' },
    ]);
    // A save folds the log into the state.
    store.saveRoom('ABCDEF', { phase: 'reveal', n: 1 }, info, 13);
    expect(store.loadRoom('ABCDEF')).toMatchObject({ state: { phase: 'reveal' }, answers: [], createdAt: 10, updatedAt: 13 });
  });

  it('finished rooms leave the unfinished list, are listed for their host and purged after retention', () => {
    store.saveRoom('AAAAAA', {}, { ...info, title: 'A' }, 100);
    store.saveRoom('BBBBBB', {}, { ...info, title: 'B', finished: true }, 200);
    store.saveRoom('CCCCCC', {}, { hostTokenHash: 'other', title: 'C', finished: true }, 300);
    expect(store.loadUnfinished().map((r) => r.code)).toEqual(['AAAAAA']);
    expect(store.finishedRoomsForHost('h1')).toEqual([{ code: 'BBBBBB', title: 'B', createdAt: 200, finishedAt: 200 }]);
    expect(store.purgeFinishedBefore(250)).toBe(1);
    expect(store.loadRoom('BBBBBB')).toBeNull();
    expect(store.allCodes().sort()).toEqual(['AAAAAA', 'CCCCCC']);
  });

  it('an appended answer survives the process being killed right after the call returns', () => {
    store.close();
    const dataDir = path.join(dir, 'killed');
    const script = `
      import { SqliteStore } from ${JSON.stringify(path.resolve('server/store/sqlite-store.ts'))};
      const store = new SqliteStore({ dataDir: ${JSON.stringify(dataDir)} });
      store.saveRoom('KILLME', { phase: 'question' }, { hostTokenHash: 'h', title: 't', finished: false }, 1);
      for (let i = 0; i < 100; i++) store.appendAnswer('KILLME', { i }, 2 + i);
      process.kill(process.pid, 'SIGKILL');
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    store = new SqliteStore({ dataDir });
    const room = store.loadRoom<unknown, { i: number }>('KILLME');
    expect(room?.answers.map((a) => a.i)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
