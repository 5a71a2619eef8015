/**
 * The embedded store: one SQLite file (WAL) under DATA_DIR.
 *
 * A room is kept as a checkpoint plus an event log. The checkpoint is the room's state
 * without its questions (`rooms.state`) and one row per question (`room_questions`), so a
 * checkpoint rewrites only the questions that changed since the previous one. Between two
 * checkpoints every event the room accepts is appended to `room_events` before the request is
 * acknowledged. Loading a room gives its checkpoint plus the events logged after it, which the
 * caller replays (transitions are pure), so a crash loses nothing acknowledged.
 *
 * Rooms write through `later()`: every checkpoint and log row queued in one turn of the event
 * loop is committed in one transaction at its end (a commit costs about as much as a hundred
 * inserts), and the promise they share settles then; a room acknowledges nothing before. The
 * queue is committed first by every other call, so whoever reads the store reads what was queued.
 *
 * The store knows nothing of the room's shape: states, questions and events are opaque JSON.
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
  /**
   * The least time between two commits of queued writes (ms). An idle store commits at the end of
   * the turn; a busy one gathers the writes of the turns within this time into one commit, since a
   * commit costs the same few page writes however many rows it carries.
   */
  commitIntervalMs?: number;
}

/** What the store keeps beside a room's state, for listings and retention. */
export interface SavedRoomInfo {
  hostTokenHash: string;
  title: string;
  /** The room's phase name (listing only). */
  phase: string;
  players: number;
  finished: boolean;
}

export interface RoomCheckpoint {
  /** The state without its questions. */
  state: unknown;
  /** Questions that changed since the previous checkpoint, by index. */
  questions: { index: number; data: unknown }[];
  info: SavedRoomInfo;
}

export interface StoredRoom<State = unknown, Question = unknown, Event = unknown> {
  code: string;
  state: State;
  /** Every saved question, in index order. */
  questions: Question[];
  /** Events logged after the checkpoint, in the order they were accepted. */
  events: Event[];
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface RoomSummaryRow {
  code: string;
  title: string;
  phase: string;
  players: number;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

/**
 * Versioned schema: migration i brings user_version from i to i + 1. Never edit a
 * migration that has shipped; add one.
 */
const MIGRATIONS: readonly string[] = [
  // 1: rooms saved whole, plus a log of answers.
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
  // 2: the answer log becomes a log of every accepted event (rows kept); questions are
  // saved apart so a checkpoint rewrites only the ones that changed; listing columns.
  `ALTER TABLE answer_log RENAME TO room_events;
   ALTER TABLE room_events RENAME COLUMN answer TO event;
   ALTER TABLE room_events RENAME COLUMN accepted_at TO applied_at;
   DROP INDEX answer_log_room;
   CREATE INDEX room_events_room ON room_events (code, seq);
   CREATE TABLE room_questions (
     code TEXT NOT NULL REFERENCES rooms (code) ON DELETE CASCADE,
     idx INTEGER NOT NULL,
     data TEXT NOT NULL,
     PRIMARY KEY (code, idx)
   ) WITHOUT ROWID;
   ALTER TABLE rooms ADD COLUMN phase TEXT NOT NULL DEFAULT 'lobby';
   ALTER TABLE rooms ADD COLUMN players INTEGER NOT NULL DEFAULT 0;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Writes queued in this turn of the event loop, committed together at its end. */
interface WriteBatch {
  writes: (() => void)[];
  done: Promise<void>;
  settle: (err?: unknown) => void;
}

export class SqliteStore {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly statements;
  private batch: WriteBatch | null = null;
  private readonly commitIntervalMs: number;
  private lastCommitAt = Number.NEGATIVE_INFINITY;
  /** Cancels the scheduled commit (another use of the store committed first). */
  private cancelCommit: (() => void) | null = null;

  constructor({ dataDir, fileName = 'backprop-arena.sqlite', synchronous = 'NORMAL', commitIntervalMs = 2 }: StoreOptions) {
    this.commitIntervalMs = commitIntervalMs;
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
      upsertRoom: this.db.prepare(
        `INSERT INTO rooms (code, host_token_hash, title, state, phase, players, created_at, updated_at, finished_at)
         VALUES (@code, @hostTokenHash, @title, @state, @phase, @players, @now, @now, @finishedAt)
         ON CONFLICT (code) DO UPDATE SET
           host_token_hash = excluded.host_token_hash, title = excluded.title, state = excluded.state,
           phase = excluded.phase, players = excluded.players, updated_at = excluded.updated_at,
           finished_at = COALESCE(rooms.finished_at, excluded.finished_at)`,
      ),
      upsertQuestion: this.db.prepare(
        `INSERT INTO room_questions (code, idx, data) VALUES (?, ?, ?)
         ON CONFLICT (code, idx) DO UPDATE SET data = excluded.data`,
      ),
      questionsFor: this.db.prepare<[string], { idx: number; data: string }>('SELECT idx, data FROM room_questions WHERE code = ? ORDER BY idx'),
      clearEvents: this.db.prepare('DELETE FROM room_events WHERE code = ?'),
      appendEvent: this.db.prepare('INSERT INTO room_events (code, event, applied_at) VALUES (?, ?, ?)'),
      eventsFor: this.db.prepare<[string], { event: string }>('SELECT event FROM room_events WHERE code = ? ORDER BY seq'),
      unfinished: this.db.prepare<[], RoomRow>('SELECT * FROM rooms WHERE finished_at IS NULL ORDER BY created_at'),
      forHosts: this.db.prepare<[string], SummaryRow>(
        `SELECT code, title, phase, players, created_at, updated_at, finished_at FROM rooms
         WHERE host_token_hash IN (SELECT value FROM json_each(?)) ORDER BY created_at DESC`,
      ),
      purge: this.db.prepare('DELETE FROM rooms WHERE finished_at IS NOT NULL AND finished_at < ?'),
      hasRoom: this.db.prepare<[string], { one: number }>('SELECT 1 AS one FROM rooms WHERE code = ?'),
      hostOf: this.db.prepare<[string], { host_token_hash: string }>('SELECT host_token_hash FROM rooms WHERE code = ?'),
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

  /** Save a checkpoint and drop the room's event log (the checkpoint contains those events), atomically. */
  saveRoom(code: string, checkpoint: RoomCheckpoint, now: number): void {
    this.flush();
    this.db.transaction(this.checkpointWrite(code, checkpoint, now))();
  }

  /**
   * Queue a checkpoint (as `saveRoom` writes it) or a log row for the next commit: at the end of this
   * turn, or once `commitIntervalMs` has passed since the last commit. What is written is read now
   * (serialised), so the caller may change its objects afterwards. The promise settles once the
   * commit is done; it is shared by every write of that commit.
   */
  later(write: { code: string; checkpoint: RoomCheckpoint; now: number } | { code: string; event: unknown; appliedAt: number }): Promise<void> {
    const run = 'checkpoint' in write ? this.checkpointWrite(write.code, write.checkpoint, write.now) : this.eventWrite(write.code, write.event, write.appliedAt);
    if (!this.batch) {
      let settle!: (err?: unknown) => void;
      const done = new Promise<void>((resolve, reject) => {
        settle = (err?: unknown) => (err === undefined ? resolve() : reject(err));
      });
      // Every room that writes handles the rejection; this keeps one nobody awaits from being "unhandled".
      done.catch(() => undefined);
      this.batch = { writes: [], done, settle };
      const wait = this.lastCommitAt + this.commitIntervalMs - performance.now();
      if (wait > 0) {
        const timer = setTimeout(() => this.flush(), wait);
        this.cancelCommit = () => clearTimeout(timer);
      } else {
        const turn = setImmediate(() => this.flush());
        this.cancelCommit = () => clearImmediate(turn);
      }
    }
    this.batch.writes.push(run);
    return this.batch.done;
  }

  /** Commit what is queued (when its time comes, or before any other use of the store). */
  flush(): void {
    const batch = this.batch;
    if (!batch) return;
    this.batch = null;
    this.cancelCommit?.();
    this.cancelCommit = null;
    try {
      this.db.transaction(() => {
        for (const write of batch.writes) write();
      })();
    } catch (err) {
      batch.settle(err ?? new Error('commit failed'));
      return;
    } finally {
      this.lastCommitAt = performance.now();
    }
    batch.settle();
  }

  private eventWrite(code: string, event: unknown, appliedAt: number): () => void {
    const json = JSON.stringify(event);
    return () => this.statements.appendEvent.run(code, json, appliedAt);
  }

  private checkpointWrite(code: string, checkpoint: RoomCheckpoint, now: number): () => void {
    const state = JSON.stringify(checkpoint.state);
    const questions = checkpoint.questions.map((q) => [q.index, JSON.stringify(q.data)] as const);
    const { info } = checkpoint;
    return () => {
      this.statements.upsertRoom.run({
        code,
        hostTokenHash: info.hostTokenHash,
        title: info.title,
        state,
        phase: info.phase,
        players: info.players,
        now,
        finishedAt: info.finished ? now : null,
      });
      for (const [index, data] of questions) this.statements.upsertQuestion.run(code, index, data);
      this.statements.clearEvents.run(code);
    };
  }

  loadRoom<State, Question, Event>(code: string): StoredRoom<State, Question, Event> | null {
    this.flush();
    const row = this.statements.selectRoom.get(code);
    return row ? this.toStored<State, Question, Event>(row) : null;
  }

  /** Every room not finished yet, with the events logged since its checkpoint. */
  loadUnfinished<State, Question, Event>(): StoredRoom<State, Question, Event>[] {
    this.flush();
    return this.statements.unfinished.all().map((row) => this.toStored<State, Question, Event>(row));
  }

  /** Rooms (live or finished) hosted with any of these host token hashes, newest first. */
  roomsForHosts(hostTokenHashes: readonly string[]): RoomSummaryRow[] {
    this.flush();
    if (hostTokenHashes.length === 0) return [];
    return this.statements.forHosts.all(JSON.stringify(hostTokenHashes)).map((row) => ({
      code: row.code,
      title: row.title,
      phase: row.phase,
      players: row.players,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      finishedAt: row.finished_at,
    }));
  }

  /** Delete finished rooms older than `before` (retention). Returns how many were deleted. */
  purgeFinishedBefore(before: number): number {
    this.flush();
    return this.statements.purge.run(before).changes;
  }

  /** Whether a code is in use, live or finished, so a new room never reuses one a report still answers to. */
  hasRoom(code: string): boolean {
    this.flush();
    return this.statements.hasRoom.get(code) !== undefined;
  }

  /** The host token hash of a room, without loading the room (authorising a report before building it). */
  hostTokenHashOf(code: string): string | null {
    this.flush();
    return this.statements.hostOf.get(code)?.host_token_hash ?? null;
  }

  /** The open database, for the question sets' tables in the same file (server/sets/sqlite-set-store.ts). */
  get database(): Database.Database {
    this.flush();
    return this.db;
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  close(): void {
    if (!this.db.open) return;
    this.flush();
    this.db.close();
  }

  private questionsOf<Question>(code: string): Question[] {
    const questions: Question[] = [];
    for (const row of this.statements.questionsFor.all(code)) questions[row.idx] = JSON.parse(row.data) as Question;
    return questions;
  }

  private toStored<State, Question, Event>(row: RoomRow): StoredRoom<State, Question, Event> {
    return {
      code: row.code,
      state: JSON.parse(row.state) as State,
      questions: this.questionsOf<Question>(row.code),
      events: this.statements.eventsFor.all(row.code).map((entry) => JSON.parse(entry.event) as Event),
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
  phase: string;
  players: number;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

interface SummaryRow {
  code: string;
  title: string;
  phase: string;
  players: number;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}
