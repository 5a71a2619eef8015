/**
 * Contests in SQLite: tables beside the rooms' and the sets' in the same file, with a schema version
 * of their own (as sqlite-set-store.ts).
 *
 * - `contests`: one row per contest; what never changes (settings, set snapshot, seed, slots) as JSON,
 *   the stage and its version in columns of their own;
 * - `contest_room_keys`: room key → contest and slot;
 * - `contest_slot_rooms`: each slot's live (or last) room;
 * - `contest_summaries`: each slot's latest room summary, with its sequence number.
 */
import Database from 'better-sqlite3';
import type { ContestStage } from '../../shared/protocol/contests.ts';
import type { ClaimOutcome, ContestRecord, ContestStore, RoomKeyTarget, RoomSummary, SlotRoom } from './contest-store.ts';

/** Migration i brings the contests' schema from version i to i + 1. Never edit one that has shipped; add one. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE contests (
     code TEXT PRIMARY KEY,
     owner_hash TEXT NOT NULL,
     body TEXT NOT NULL,
     stage TEXT NOT NULL,
     stage_version INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     ended_at INTEGER
   ) WITHOUT ROWID;
   CREATE INDEX contests_owner ON contests (owner_hash);
   CREATE TABLE contest_room_keys (
     room_key TEXT PRIMARY KEY,
     code TEXT NOT NULL,
     slot_id TEXT NOT NULL
   ) WITHOUT ROWID;
   CREATE INDEX contest_room_keys_code ON contest_room_keys (code);
   CREATE TABLE contest_slot_rooms (
     code TEXT NOT NULL,
     slot_id TEXT NOT NULL,
     room_code TEXT NOT NULL,
     opened_at INTEGER NOT NULL,
     ended_at INTEGER,
     PRIMARY KEY (code, slot_id)
   ) WITHOUT ROWID;
   CREATE TABLE contest_summaries (
     code TEXT NOT NULL,
     slot_id TEXT NOT NULL,
     room_code TEXT NOT NULL,
     seq INTEGER NOT NULL,
     data TEXT NOT NULL,
     PRIMARY KEY (code, slot_id)
   ) WITHOUT ROWID;`,
];

export const CONTEST_SCHEMA_VERSION = MIGRATIONS.length;

interface ContestRow {
  code: string;
  owner_hash: string;
  body: string;
  stage: string;
  stage_version: number;
  created_at: number;
  updated_at: number;
  ended_at: number | null;
}

type Body = Pick<ContestRecord, 'settings' | 'set' | 'seed' | 'slots'>;

function toRecord(row: ContestRow): ContestRecord {
  const body = JSON.parse(row.body) as Body;
  return {
    code: row.code,
    ownerHash: row.owner_hash,
    ...body,
    stage: JSON.parse(row.stage) as ContestStage,
    stageVersion: row.stage_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

interface SlotRow {
  slot_id: string;
  room_code: string;
  opened_at: number;
  ended_at: number | null;
}

export class SqliteContestStore implements ContestStore {
  private readonly statements;

  /** `db`: the rooms' database, or one of the store's own (`owned`: closed with it), e.g. `:memory:`. */
  constructor(
    private readonly db: Database.Database,
    private readonly options: { owned?: boolean } = {},
  ) {
    this.migrate();
    this.statements = {
      get: db.prepare<[string], ContestRow>('SELECT * FROM contests WHERE code = ?'),
      byOwner: db.prepare<[string], ContestRow>('SELECT * FROM contests WHERE owner_hash = ?'),
      countOwner: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM contests WHERE owner_hash = ?'),
      insert: db.prepare(
        `INSERT INTO contests (code, owner_hash, body, stage, stage_version, created_at, updated_at, ended_at)
         VALUES (@code, @ownerHash, @body, @stage, @stageVersion, @createdAt, @updatedAt, NULL)`,
      ),
      insertKey: db.prepare('INSERT INTO contest_room_keys (room_key, code, slot_id) VALUES (?, ?, ?)'),
      keyTaken: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM contest_room_keys WHERE room_key = ?'),
      byKey: db.prepare<[string], { code: string; slot_id: string }>('SELECT code, slot_id FROM contest_room_keys WHERE room_key = ?'),
      setStage: db.prepare('UPDATE contests SET stage = ?, stage_version = stage_version + 1, updated_at = ?, ended_at = ? WHERE code = ? AND stage_version = ?'),
      slot: db.prepare<[string, string], SlotRow>('SELECT slot_id, room_code, opened_at, ended_at FROM contest_slot_rooms WHERE code = ? AND slot_id = ?'),
      slots: db.prepare<[string], SlotRow>('SELECT slot_id, room_code, opened_at, ended_at FROM contest_slot_rooms WHERE code = ?'),
      putSlot: db.prepare('INSERT OR REPLACE INTO contest_slot_rooms (code, slot_id, room_code, opened_at, ended_at) VALUES (?, ?, ?, ?, NULL)'),
      endSlot: db.prepare('UPDATE contest_slot_rooms SET ended_at = ? WHERE code = ? AND slot_id = ? AND room_code = ? AND ended_at IS NULL'),
      summarySeq: db.prepare<[string, string], { room_code: string; seq: number }>('SELECT room_code, seq FROM contest_summaries WHERE code = ? AND slot_id = ?'),
      putSummary: db.prepare('INSERT OR REPLACE INTO contest_summaries (code, slot_id, room_code, seq, data) VALUES (?, ?, ?, ?, ?)'),
      dropSummary: db.prepare('DELETE FROM contest_summaries WHERE code = ? AND slot_id = ?'),
      summaries: db.prepare<[string], { data: string }>(
        `SELECT s.data FROM contest_summaries s JOIN contest_slot_rooms r ON r.code = s.code AND r.slot_id = s.slot_id AND r.room_code = s.room_code
         WHERE s.code = ?`,
      ),
      endedBefore: db.prepare<[number], { code: string }>('SELECT code FROM contests WHERE ended_at IS NOT NULL AND ended_at < ?'),
      removeContest: db.prepare('DELETE FROM contests WHERE code = ?'),
      removeKeys: db.prepare('DELETE FROM contest_room_keys WHERE code = ?'),
      removeSlots: db.prepare('DELETE FROM contest_slot_rooms WHERE code = ?'),
      removeSummaries: db.prepare('DELETE FROM contest_summaries WHERE code = ?'),
    };
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS contest_schema (version INTEGER NOT NULL)');
    const row = this.db.prepare<[], { version: number }>('SELECT version FROM contest_schema').get();
    if (!row) this.db.prepare('INSERT INTO contest_schema (version) VALUES (0)').run();
    const current = row?.version ?? 0;
    if (current > CONTEST_SCHEMA_VERSION) throw new Error(`the contests' schema is at ${current}, newer than this server's ${CONTEST_SCHEMA_VERSION}`);
    for (let version = current; version < CONTEST_SCHEMA_VERSION; version++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[version]!);
        this.db.prepare('UPDATE contest_schema SET version = ?').run(version + 1);
      })();
    }
  }

  async create(record: ContestRecord, maxPerOwner: number): Promise<{ ok: true } | { ok: false; reason: 'too_many' | 'code_taken' }> {
    return this.db.transaction((): { ok: true } | { ok: false; reason: 'too_many' | 'code_taken' } => {
      if (this.statements.countOwner.get(record.ownerHash)!.n >= maxPerOwner) return { ok: false, reason: 'too_many' };
      if (this.statements.get.get(record.code)) return { ok: false, reason: 'code_taken' };
      // Room keys are 24 random bytes: a clash is as good as impossible, but one would open another contest's room.
      if (record.slots.some((slot) => this.statements.keyTaken.get(slot.roomKey))) return { ok: false, reason: 'code_taken' };
      const body: Body = { settings: record.settings, set: record.set, seed: record.seed, slots: record.slots };
      this.statements.insert.run({
        code: record.code,
        ownerHash: record.ownerHash,
        body: JSON.stringify(body),
        stage: JSON.stringify(record.stage),
        stageVersion: record.stageVersion,
        createdAt: record.createdAt,
        updatedAt: record.updatedAt,
      });
      for (const slot of record.slots) this.statements.insertKey.run(slot.roomKey, record.code, slot.slotId);
      return { ok: true };
    })();
  }

  async get(code: string): Promise<ContestRecord | null> {
    const row = this.statements.get.get(code);
    return row ? toRecord(row) : null;
  }

  async listByOwner(ownerHash: string): Promise<ContestRecord[]> {
    return this.statements.byOwner.all(ownerHash).map(toRecord);
  }

  async byRoomKey(roomKey: string): Promise<RoomKeyTarget | null> {
    const row = this.statements.byKey.get(roomKey);
    return row ? { contestCode: row.code, slotId: row.slot_id } : null;
  }

  async setStage(code: string, expectedVersion: number, stage: ContestStage, now: number): Promise<ContestRecord | null> {
    return this.db.transaction(() => {
      const endedAt = stage.stage === 'ended' ? stage.endedAt : null;
      const changed = this.statements.setStage.run(JSON.stringify(stage), now, endedAt, code, expectedVersion).changes;
      return changed === 1 ? toRecord(this.statements.get.get(code)!) : null;
    })();
  }

  async claimSlot(code: string, slotId: string, roomCode: string, now: number): Promise<ClaimOutcome> {
    return this.db.transaction((): ClaimOutcome => {
      const row = this.statements.get.get(code);
      if (!row || !(JSON.parse(row.body) as Body).slots.some((s) => s.slotId === slotId)) return { ok: false, reason: 'missing' };
      const current = this.statements.slot.get(code, slotId);
      if (current && current.ended_at === null && current.room_code !== roomCode) return { ok: false, reason: 'open', roomCode: current.room_code };
      if (current?.room_code === roomCode && current.ended_at === null) return { ok: true };
      this.statements.putSlot.run(code, slotId, roomCode, now);
      this.statements.dropSummary.run(code, slotId);
      return { ok: true };
    })();
  }

  async endSlotRoom(code: string, slotId: string, roomCode: string, now: number): Promise<void> {
    this.statements.endSlot.run(now, code, slotId, roomCode);
  }

  async slotRooms(code: string): Promise<SlotRoom[]> {
    return this.statements.slots.all(code).map((row) => ({ slotId: row.slot_id, roomCode: row.room_code, openedAt: row.opened_at, endedAt: row.ended_at }));
  }

  async writeSummary(code: string, summary: RoomSummary): Promise<boolean> {
    return this.db.transaction(() => {
      const slot = this.statements.slot.get(code, summary.slotId);
      if (!slot || slot.room_code !== summary.roomCode) return false;
      const stored = this.statements.summarySeq.get(code, summary.slotId);
      if (stored && stored.room_code === summary.roomCode && stored.seq >= summary.seq) return false;
      this.statements.putSummary.run(code, summary.slotId, summary.roomCode, summary.seq, JSON.stringify(summary));
      return true;
    })();
  }

  async summaries(code: string): Promise<RoomSummary[]> {
    return this.statements.summaries.all(code).map((row) => JSON.parse(row.data) as RoomSummary);
  }

  async purgeEndedBefore(before: number): Promise<number> {
    return this.db.transaction(() => {
      const codes = this.statements.endedBefore.all(before);
      for (const { code } of codes) {
        this.statements.removeKeys.run(code);
        this.statements.removeSlots.run(code);
        this.statements.removeSummaries.run(code);
        this.statements.removeContest.run(code);
      }
      return codes.length;
    })();
  }

  close(): void {
    if (this.options.owned && this.db.open) this.db.close();
  }
}

/** A contest store in memory (a server without a data folder): the same SQL, gone with the process. */
export function memoryContestStore(): SqliteContestStore {
  return new SqliteContestStore(new Database(':memory:'), { owned: true });
}
