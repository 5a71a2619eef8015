/**
 * Question sets in SQLite: tables beside the rooms' in the same file (one file to back up), with
 * a schema version of their own so the rooms' migrations and these never wait on each other.
 *
 * - `teacher_keys`: SHA-256 of each key this server made;
 * - `question_sets`: one row per set, its content as JSON;
 * - `set_shares`: every share token ever made, with when it was revoked, so an old link answers
 *   "revoked" rather than "not found" (and a token is never given out twice).
 */
import Database from 'better-sqlite3';
import type { SetContent } from '../../shared/question-sets/index.ts';
import type { RestoreOutcome, SaveOutcome, SetRecord, SetStore, ShareLookup } from './set-store.ts';

/** Migration i brings the sets' schema from version i to i + 1. Never edit one that has shipped; add one. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE teacher_keys (
     key_hash TEXT PRIMARY KEY,
     created_at INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE question_sets (
     id TEXT PRIMARY KEY,
     owner_hash TEXT NOT NULL,
     content TEXT NOT NULL,
     revision INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     deleted_at INTEGER,
     share_token TEXT
   );
   CREATE INDEX question_sets_owner ON question_sets (owner_hash) WHERE deleted_at IS NULL;
   CREATE INDEX question_sets_deleted ON question_sets (deleted_at) WHERE deleted_at IS NOT NULL;
   CREATE TABLE set_shares (
     token TEXT PRIMARY KEY,
     set_id TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     revoked_at INTEGER
   ) WITHOUT ROWID;`,
];

export const SET_SCHEMA_VERSION = MIGRATIONS.length;

interface SetRow {
  id: string;
  owner_hash: string;
  content: string;
  revision: number;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
  share_token: string | null;
}

function toRecord(row: SetRow): SetRecord {
  return {
    id: row.id,
    ownerHash: row.owner_hash,
    content: JSON.parse(row.content) as SetContent,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
    shareToken: row.share_token,
  };
}

export class SqliteSetStore implements SetStore {
  private readonly statements;

  /**
   * `db`: the rooms' database (SqliteStore.database), or one of the set store's own (`owned`: closed with it),
   * e.g. `:memory:` for a server that keeps no files.
   */
  constructor(
    private readonly db: Database.Database,
    private readonly options: { owned?: boolean } = {},
  ) {
    this.migrate();
    this.statements = {
      addKey: db.prepare('INSERT OR IGNORE INTO teacher_keys (key_hash, created_at) VALUES (?, ?)'),
      hasKey: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM teacher_keys WHERE key_hash = ?'),
      get: db.prepare<[string], SetRow>('SELECT * FROM question_sets WHERE id = ?'),
      listLive: db.prepare<[string], SetRow>('SELECT * FROM question_sets WHERE owner_hash = ? AND deleted_at IS NULL'),
      countLive: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM question_sets WHERE owner_hash = ? AND deleted_at IS NULL'),
      insert: db.prepare(
        `INSERT INTO question_sets (id, owner_hash, content, revision, created_at, updated_at, deleted_at, share_token)
         VALUES (@id, @ownerHash, @content, @revision, @createdAt, @updatedAt, NULL, NULL)`,
      ),
      save: db.prepare('UPDATE question_sets SET content = ?, revision = revision + 1, updated_at = ? WHERE id = ?'),
      markDeleted: db.prepare('UPDATE question_sets SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL'),
      undelete: db.prepare('UPDATE question_sets SET deleted_at = NULL WHERE id = ?'),
      setShare: db.prepare('UPDATE question_sets SET share_token = ? WHERE id = ?'),
      addShare: db.prepare('INSERT INTO set_shares (token, set_id, created_at) VALUES (?, ?, ?)'),
      revokeShare: db.prepare('UPDATE set_shares SET revoked_at = ? WHERE token = ? AND revoked_at IS NULL'),
      share: db.prepare<[string], { set_id: string; revoked_at: number | null }>('SELECT set_id, revoked_at FROM set_shares WHERE token = ?'),
      expired: db.prepare<[number], { id: string; share_token: string | null }>(
        'SELECT id, share_token FROM question_sets WHERE deleted_at IS NOT NULL AND deleted_at < ?',
      ),
      remove: db.prepare('DELETE FROM question_sets WHERE id = ?'),
    };
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS set_schema (version INTEGER NOT NULL)');
    const row = this.db.prepare<[], { version: number }>('SELECT version FROM set_schema').get();
    if (!row) this.db.prepare('INSERT INTO set_schema (version) VALUES (0)').run();
    const current = row?.version ?? 0;
    if (current > SET_SCHEMA_VERSION) throw new Error(`the question sets' schema is at ${current}, newer than this server's ${SET_SCHEMA_VERSION}`);
    for (let version = current; version < SET_SCHEMA_VERSION; version++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[version]!);
        this.db.prepare('UPDATE set_schema SET version = ?').run(version + 1);
      })();
    }
  }

  async addKey(keyHash: string, now: number): Promise<void> {
    this.statements.addKey.run(keyHash, now);
  }

  async hasKey(keyHash: string): Promise<boolean> {
    return this.statements.hasKey.get(keyHash) !== undefined;
  }

  async get(id: string): Promise<SetRecord | null> {
    const row = this.statements.get.get(id);
    return row ? toRecord(row) : null;
  }

  async listLive(ownerHash: string): Promise<SetRecord[]> {
    return this.statements.listLive.all(ownerHash).map(toRecord);
  }

  async create(record: SetRecord, maxLive: number): Promise<boolean> {
    return this.db.transaction(() => {
      if (this.statements.countLive.get(record.ownerHash)!.n >= maxLive) return false;
      this.statements.insert.run({ ...record, content: JSON.stringify(record.content) });
      return true;
    })();
  }

  async save(id: string, content: SetContent, expectedRevision: number | null, now: number): Promise<SaveOutcome> {
    return this.db.transaction((): SaveOutcome => {
      const row = this.statements.get.get(id);
      if (!row || row.deleted_at !== null) return { ok: false, reason: 'missing' };
      if (expectedRevision !== null && expectedRevision !== row.revision) return { ok: false, reason: 'stale' };
      this.statements.save.run(JSON.stringify(content), now, id);
      return { ok: true, record: toRecord(this.statements.get.get(id)!) };
    })();
  }

  async markDeleted(id: string, now: number): Promise<SetRecord | null> {
    return this.db.transaction(() => {
      this.statements.markDeleted.run(now, id);
      const row = this.statements.get.get(id);
      return row ? toRecord(row) : null;
    })();
  }

  async restore(id: string, deletedSince: number, maxLive: number): Promise<RestoreOutcome> {
    return this.db.transaction((): RestoreOutcome => {
      const row = this.statements.get.get(id);
      if (!row || (row.deleted_at !== null && row.deleted_at < deletedSince)) return { ok: false, reason: 'missing' };
      if (row.deleted_at === null) return { ok: true, record: toRecord(row) };
      if (this.statements.countLive.get(row.owner_hash)!.n >= maxLive) return { ok: false, reason: 'too_many' };
      this.statements.undelete.run(id);
      return { ok: true, record: toRecord(this.statements.get.get(id)!) };
    })();
  }

  async share(id: string, token: string, now: number): Promise<string | null> {
    return this.db.transaction(() => {
      const row = this.statements.get.get(id);
      if (!row || row.deleted_at !== null) return null;
      if (row.share_token !== null) return row.share_token;
      this.statements.addShare.run(token, id, now);
      this.statements.setShare.run(token, id);
      return token;
    })();
  }

  async unshare(id: string, now: number): Promise<SetRecord | null> {
    return this.db.transaction(() => {
      const row = this.statements.get.get(id);
      if (!row) return null;
      if (row.share_token !== null) {
        this.statements.revokeShare.run(now, row.share_token);
        this.statements.setShare.run(null, id);
      }
      return toRecord(this.statements.get.get(id)!);
    })();
  }

  async byShareToken(token: string): Promise<ShareLookup> {
    const share = this.statements.share.get(token);
    if (!share) return { status: 'unknown' };
    if (share.revoked_at !== null) return { status: 'revoked' };
    const row = this.statements.get.get(share.set_id);
    // Purged: its token was revoked then; this only guards a row written before that rule.
    if (!row || row.share_token !== token) return { status: 'revoked' };
    if (row.deleted_at !== null) return { status: 'deleted', deletedAt: row.deleted_at };
    return { status: 'live', record: toRecord(row) };
  }

  async purgeDeletedBefore(before: number, now: number): Promise<number> {
    return this.db.transaction(() => {
      const expired = this.statements.expired.all(before);
      for (const { id, share_token } of expired) {
        if (share_token !== null) this.statements.revokeShare.run(now, share_token);
        this.statements.remove.run(id);
      }
      return expired.length;
    })();
  }

  close(): void {
    if (this.options.owned && this.db.open) this.db.close();
  }
}

/** A set store in memory (a server without a data folder): the same SQL, gone with the process. */
export function memorySetStore(): SqliteSetStore {
  return new SqliteSetStore(new Database(':memory:'), { owned: true });
}
