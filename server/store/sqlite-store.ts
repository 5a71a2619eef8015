/**
 * The embedded store: one SQLite file (WAL) under DATA_DIR.
 *
 * A room is saved whole at every phase transition; between two saves, every accepted
 * answer is appended to a log in its own transaction before the player's ack is sent.
 * Loading a room gives its last saved state plus the answers logged after it, which the
 * room replays (grading is deterministic), so a crash loses nothing acknowledged.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export const SYNCHRONOUS_MODES = ['NORMAL', 'FULL'] as const;
export type SynchronousMode = (typeof SYNCHRONOUS_MODES)[number];

export interface StoreOptions {
  dataDir: string;
  /** File name inside dataDir. */
  fileName?: string;
  /**
   * NORMAL (default): a commit survives the process being killed (kill -9); the last
   * commits may be lost if the whole machine loses power. FULL: fsync at every commit.
   */
  synchronous?: SynchronousMode;
}

export interface SavedRoomInfo {
  hostTokenHash: string;
  title: string;
  finished: boolean;
}

export interface StoredRoom<State = unknown, Answer = unknown> {
  code: string;
  state: State;
  /** Answers logged after `state` was saved, in the order they were accepted. */
  answers: Answer[];
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface FinishedRoomSummary {
  code: string;
  title: string;
  createdAt: number;
  finishedAt: number;
}

/** Versioned schema: migration i brings user_version from i to i + 1. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE rooms (
     code TEXT PRIMARY KEY,
     host_token_hash TEXT NOT NULL,
     title TEXT NOT NULL,
     state TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     finished_at INTEGER
   );
   CREATE INDEX rooms_unfinished ON rooms (finished_at) WHERE finished_at IS NULL;
   CREATE INDEX rooms_host ON rooms (host_token_hash);
   CREATE TABLE answer_log (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     code TEXT NOT NULL REFERENCES rooms (code) ON DELETE CASCADE,
     answer TEXT NOT NULL,
     accepted_at INTEGER NOT NULL
   );
   CREATE INDEX answer_log_room ON answer_log (code, seq);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export class SqliteStore {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly statements;

  constructor({ dataDir, fileName = 'backprop-arena.sqlite', synchronous = 'NORMAL' }: StoreOptions) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, fileName);
    this.db = new Database(this.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${synchronous}`);
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    this.statements = {
      selectRoom: this.db.prepare<[string], RoomRow>('SELECT * FROM rooms WHERE code = ?'),
      insertRoom: this.db.prepare(
        `INSERT INTO rooms (code, host_token_hash, title, state, created_at, updated_at, finished_at)
         VALUES (@code, @hostTokenHash, @title, @state, @now, @now, @finishedAt)
         ON CONFLICT (code) DO UPDATE SET
           host_token_hash = excluded.host_token_hash, title = excluded.title, state = excluded.state,
           updated_at = excluded.updated_at, finished_at = excluded.finished_at`,
      ),
      clearLog: this.db.prepare('DELETE FROM answer_log WHERE code = ?'),
      appendAnswer: this.db.prepare('INSERT INTO answer_log (code, answer, accepted_at) VALUES (?, ?, ?)'),
      logFor: this.db.prepare<[string], { answer: string }>('SELECT answer FROM answer_log WHERE code = ? ORDER BY seq'),
      unfinished: this.db.prepare<[], RoomRow>('SELECT * FROM rooms WHERE finished_at IS NULL ORDER BY created_at'),
      finishedForHost: this.db.prepare<[string], FinishedRow>(
        `SELECT code, title, created_at, finished_at FROM rooms
         WHERE host_token_hash = ? AND finished_at IS NOT NULL ORDER BY finished_at DESC`,
      ),
      purge: this.db.prepare('DELETE FROM rooms WHERE finished_at IS NOT NULL AND finished_at < ?'),
      codes: this.db.prepare<[], { code: string }>('SELECT code FROM rooms'),
    };
  }

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new Error(`data file ${this.file} has schema ${current}, newer than this server's ${SCHEMA_VERSION}`);
    }
    for (let version = current; version < SCHEMA_VERSION; version++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[version]!);
        this.db.pragma(`user_version = ${version + 1}`);
      })();
    }
  }

  /** Save the whole room and drop its answer log (the state now contains those answers). */
  saveRoom(code: string, state: unknown, info: SavedRoomInfo, now: number): void {
    const json = JSON.stringify(state);
    this.db.transaction(() => {
      this.statements.insertRoom.run({
        code,
        hostTokenHash: info.hostTokenHash,
        title: info.title,
        state: json,
        now,
        finishedAt: info.finished ? now : null,
      });
      this.statements.clearLog.run(code);
    })();
  }

  /** Log one accepted answer; returns once it is committed. */
  appendAnswer(code: string, answer: unknown, acceptedAt: number): void {
    this.statements.appendAnswer.run(code, JSON.stringify(answer), acceptedAt);
  }

  loadRoom<State, Answer>(code: string): StoredRoom<State, Answer> | null {
    const row = this.statements.selectRoom.get(code);
    return row ? this.toStored<State, Answer>(row) : null;
  }

  /** Every room not finished yet, with the answers logged since its last save. */
  loadUnfinished<State, Answer>(): StoredRoom<State, Answer>[] {
    return this.statements.unfinished.all().map((row) => this.toStored<State, Answer>(row));
  }

  finishedRoomsForHost(hostTokenHash: string): FinishedRoomSummary[] {
    return this.statements.finishedForHost.all(hostTokenHash).map((row) => ({
      code: row.code,
      title: row.title,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
    }));
  }

  /** Delete finished rooms older than `before` (retention). Returns how many were deleted. */
  purgeFinishedBefore(before: number): number {
    return this.statements.purge.run(before).changes;
  }

  /** Codes in use, live or finished, so a new room never reuses one a report still answers to. */
  allCodes(): string[] {
    return this.statements.codes.all().map((row) => row.code);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private toStored<State, Answer>(row: RoomRow): StoredRoom<State, Answer> {
    return {
      code: row.code,
      state: JSON.parse(row.state) as State,
      answers: this.statements.logFor.all(row.code).map((entry) => JSON.parse(entry.answer) as Answer),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      finishedAt: row.finished_at,
    };
  }
}

interface RoomRow {
  code: string;
  host_token_hash: string;
  title: string;
  state: string;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

interface FinishedRow {
  code: string;
  title: string;
  created_at: number;
  finished_at: number;
}
