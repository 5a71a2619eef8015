/**
 * Homework in SQLite: tables beside the rooms' and the sets' in the same file (one file to back up),
 * with a schema version of their own.
 *
 * - `assignments`: one row per assignment, its settings and set snapshot as JSON;
 * - `homework_students`: one row per student, the resume code as a SHA-256 hash;
 * - `homework_tokens`: each device's token of a student, as a SHA-256 hash;
 * - `homework_answers`: append-only, one row per graded step or skip, numbered per student (`seq`), so
 *   an append based on a stale count fails on the primary key even if a check were ever skipped.
 */
import Database from 'better-sqlite3';
import type {
  AddStudentOutcome,
  AnswerRecord,
  AppendOutcome,
  AssignmentRecord,
  AssignmentSummary,
  CreateAssignmentOutcome,
  HomeworkStore,
  StudentRecord,
} from './homework-store.ts';

/** Migration i brings the homework schema from version i to i + 1. Never edit one that has shipped; add one. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE assignments (
     code TEXT PRIMARY KEY,
     owner_hash TEXT NOT NULL,
     title TEXT NOT NULL,
     settings TEXT NOT NULL,
     set_snapshot TEXT NOT NULL,
     seed INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE INDEX assignments_owner ON assignments (owner_hash);
   CREATE TABLE homework_students (
     id TEXT PRIMARY KEY,
     code TEXT NOT NULL,
     name TEXT NOT NULL,
     name_key TEXT NOT NULL,
     student_number TEXT,
     token_hash TEXT NOT NULL,
     resume_hash TEXT NOT NULL,
     started_at INTEGER NOT NULL,
     last_seen_at INTEGER NOT NULL,
     finished_at INTEGER,
     answers INTEGER NOT NULL DEFAULT 0,
     UNIQUE (code, name_key),
     UNIQUE (code, resume_hash)
   );
   CREATE TABLE homework_tokens (
     token_hash TEXT PRIMARY KEY,
     student_id TEXT NOT NULL,
     created_at INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE INDEX homework_students_code ON homework_students (code, started_at);
   CREATE TABLE homework_answers (
     student_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     code TEXT NOT NULL,
     item INTEGER NOT NULL,
     attempt INTEGER NOT NULL,
     step INTEGER,
     answer TEXT NOT NULL,
     status TEXT NOT NULL,
     value TEXT,
     diagnosis TEXT,
     message TEXT,
     consistent INTEGER,
     at INTEGER NOT NULL,
     PRIMARY KEY (student_id, seq)
   ) WITHOUT ROWID;
   CREATE INDEX homework_answers_code ON homework_answers (code, at);`,
];

export const HOMEWORK_SCHEMA_VERSION = MIGRATIONS.length;

interface AssignmentRow {
  code: string;
  owner_hash: string;
  title: string;
  settings: string;
  set_snapshot: string;
  seed: number;
  created_at: number;
  updated_at: number;
}

interface StudentRow {
  id: string;
  code: string;
  name: string;
  name_key: string;
  student_number: string | null;
  token_hash: string;
  resume_hash: string;
  started_at: number;
  last_seen_at: number;
  finished_at: number | null;
  answers: number;
}

interface AnswerRow {
  student_id: string;
  seq: number;
  code: string;
  item: number;
  attempt: number;
  step: number | null;
  answer: string;
  status: string;
  value: string | null;
  diagnosis: string | null;
  message: string | null;
  consistent: number | null;
  at: number;
}

function toAssignment(row: AssignmentRow): AssignmentRecord {
  return {
    code: row.code,
    ownerHash: row.owner_hash,
    title: row.title,
    settings: JSON.parse(row.settings) as AssignmentRecord['settings'],
    set: JSON.parse(row.set_snapshot) as AssignmentRecord['set'],
    seed: row.seed,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toStudent(row: StudentRow): StudentRecord {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    nameKey: row.name_key,
    studentNumber: row.student_number,
    tokenHash: row.token_hash,
    resumeHash: row.resume_hash,
    startedAt: row.started_at,
    lastSeenAt: row.last_seen_at,
    finishedAt: row.finished_at,
  };
}

function toAnswer(row: AnswerRow): AnswerRecord {
  return {
    studentId: row.student_id,
    item: row.item,
    attempt: row.attempt,
    step: row.step,
    answer: row.answer,
    status: row.status as AnswerRecord['status'],
    value: row.value === null ? null : (JSON.parse(row.value) as number | string),
    diagnosis: row.diagnosis as AnswerRecord['diagnosis'],
    message: row.message === null ? null : (JSON.parse(row.message) as AnswerRecord['message']),
    consistent: row.consistent === null ? null : row.consistent === 1,
    at: row.at,
  };
}

export class SqliteHomeworkStore implements HomeworkStore {
  private readonly statements;

  /** `db`: the rooms' database (SqliteStore.database), or one of its own (`owned`: closed with it). */
  constructor(
    private readonly db: Database.Database,
    private readonly options: { owned?: boolean } = {},
  ) {
    this.migrate();
    this.statements = {
      insertAssignment: db.prepare(
        `INSERT INTO assignments (code, owner_hash, title, settings, set_snapshot, seed, created_at, updated_at)
         VALUES (@code, @ownerHash, @title, @settings, @set, @seed, @createdAt, @updatedAt)`,
      ),
      assignment: db.prepare<[string], AssignmentRow>('SELECT * FROM assignments WHERE code = ?'),
      ownerCount: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM assignments WHERE owner_hash = ?'),
      list: db.prepare<[string], AssignmentRow & { started: number; finished: number }>(
        `SELECT a.*,
           (SELECT COUNT(*) FROM homework_students s WHERE s.code = a.code) AS started,
           (SELECT COUNT(*) FROM homework_students s WHERE s.code = a.code AND s.finished_at IS NOT NULL) AS finished
         FROM assignments a WHERE a.owner_hash = ?`,
      ),
      updateWindow: db.prepare('UPDATE assignments SET settings = ?, updated_at = ? WHERE code = ?'),
      insertStudent: db.prepare(
        `INSERT INTO homework_students (id, code, name, name_key, student_number, token_hash, resume_hash, started_at, last_seen_at, finished_at)
         VALUES (@id, @code, @name, @nameKey, @studentNumber, @tokenHash, @resumeHash, @startedAt, @lastSeenAt, @finishedAt)`,
      ),
      studentCount: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM homework_students WHERE code = ?'),
      nameTaken: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM homework_students WHERE code = ? AND name_key = ?'),
      byToken: db.prepare<[string, string], StudentRow>(
        'SELECT s.* FROM homework_tokens t JOIN homework_students s ON s.id = t.student_id WHERE s.code = ? AND t.token_hash = ?',
      ),
      insertToken: db.prepare('INSERT OR IGNORE INTO homework_tokens (token_hash, student_id, created_at) VALUES (?, ?, ?)'),
      byResume: db.prepare<[string, string], StudentRow>('SELECT * FROM homework_students WHERE code = ? AND resume_hash = ?'),
      student: db.prepare<[string], StudentRow>('SELECT * FROM homework_students WHERE id = ?'),
      students: db.prepare<[string], StudentRow>('SELECT * FROM homework_students WHERE code = ? ORDER BY started_at, rowid'),
      touch: db.prepare('UPDATE homework_students SET last_seen_at = MAX(last_seen_at, ?) WHERE id = ?'),
      answersOf: db.prepare<[string], AnswerRow>('SELECT * FROM homework_answers WHERE student_id = ? ORDER BY seq'),
      answersOfCode: db.prepare<[string], AnswerRow>('SELECT * FROM homework_answers WHERE code = ? ORDER BY at, student_id, seq'),
      insertAnswer: db.prepare(
        `INSERT INTO homework_answers (student_id, seq, code, item, attempt, step, answer, status, value, diagnosis, message, consistent, at)
         VALUES (@studentId, @seq, @code, @item, @attempt, @step, @answer, @status, @value, @diagnosis, @message, @consistent, @at)`,
      ),
      closedBefore: db.prepare<[], { code: string; settings: string }>('SELECT code, settings FROM assignments'),
      removeAnswers: db.prepare('DELETE FROM homework_answers WHERE code = ?'),
      removeTokens: db.prepare('DELETE FROM homework_tokens WHERE student_id IN (SELECT id FROM homework_students WHERE code = ?)'),
      removeStudents: db.prepare('DELETE FROM homework_students WHERE code = ?'),
      removeAssignment: db.prepare('DELETE FROM assignments WHERE code = ?'),
      afterAppend: db.prepare('UPDATE homework_students SET answers = ?, last_seen_at = MAX(last_seen_at, ?), finished_at = COALESCE(finished_at, ?) WHERE id = ?'),
    };
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS homework_schema (version INTEGER NOT NULL)');
    const row = this.db.prepare<[], { version: number }>('SELECT version FROM homework_schema').get();
    if (!row) this.db.prepare('INSERT INTO homework_schema (version) VALUES (0)').run();
    const current = row?.version ?? 0;
    if (current > HOMEWORK_SCHEMA_VERSION) throw new Error(`the homework schema is at ${current}, newer than this server's ${HOMEWORK_SCHEMA_VERSION}`);
    for (let version = current; version < HOMEWORK_SCHEMA_VERSION; version++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[version]!);
        this.db.prepare('UPDATE homework_schema SET version = ?').run(version + 1);
      })();
    }
  }

  async createAssignment(record: AssignmentRecord, maxPerOwner: number): Promise<CreateAssignmentOutcome> {
    return this.db.transaction((): CreateAssignmentOutcome => {
      if (this.statements.assignment.get(record.code)) return { ok: false, reason: 'code_taken' };
      if (this.statements.ownerCount.get(record.ownerHash)!.n >= maxPerOwner) return { ok: false, reason: 'too_many' };
      this.statements.insertAssignment.run({ ...record, settings: JSON.stringify(record.settings), set: JSON.stringify(record.set) });
      return { ok: true };
    })();
  }

  async getAssignment(code: string): Promise<AssignmentRecord | null> {
    const row = this.statements.assignment.get(code);
    return row ? toAssignment(row) : null;
  }

  async listAssignments(ownerHash: string): Promise<AssignmentSummary[]> {
    return this.statements.list.all(ownerHash).map((row) => ({ record: toAssignment(row), started: row.started, finished: row.finished }));
  }

  async updateWindow(code: string, opensAt: number, closesAt: number, now: number): Promise<AssignmentRecord | null> {
    return this.db.transaction(() => {
      const row = this.statements.assignment.get(code);
      if (!row) return null;
      const record = toAssignment(row);
      const settings = { ...record.settings, opensAt, closesAt };
      this.statements.updateWindow.run(JSON.stringify(settings), now, code);
      return { ...record, settings, updatedAt: now };
    })();
  }

  async addStudent(record: StudentRecord, maxStudents: number): Promise<AddStudentOutcome> {
    return this.db.transaction((): AddStudentOutcome => {
      if (this.statements.nameTaken.get(record.code, record.nameKey)) return { ok: false, reason: 'name_taken' };
      if (this.statements.studentCount.get(record.code)!.n >= maxStudents) return { ok: false, reason: 'full' };
      this.statements.insertStudent.run(record);
      this.statements.insertToken.run(record.tokenHash, record.id, record.startedAt);
      return { ok: true };
    })();
  }

  async addToken(studentId: string, tokenHash: string, now: number): Promise<void> {
    this.db.transaction(() => {
      if (this.statements.student.get(studentId)) this.statements.insertToken.run(tokenHash, studentId, now);
    })();
  }

  async studentByToken(code: string, tokenHash: string): Promise<StudentRecord | null> {
    const row = this.statements.byToken.get(code, tokenHash);
    return row ? toStudent(row) : null;
  }

  async studentByResume(code: string, resumeHash: string): Promise<StudentRecord | null> {
    const row = this.statements.byResume.get(code, resumeHash);
    return row ? toStudent(row) : null;
  }

  async students(code: string): Promise<StudentRecord[]> {
    return this.statements.students.all(code).map(toStudent);
  }

  async touch(studentId: string, now: number): Promise<void> {
    this.statements.touch.run(now, studentId);
  }

  async answersOf(studentId: string): Promise<AnswerRecord[]> {
    return this.statements.answersOf.all(studentId).map(toAnswer);
  }

  async appendAnswers(studentId: string, expectedAnswers: number, rows: AnswerRecord[], now: number, finishedAt: number | null): Promise<AppendOutcome> {
    return this.db.transaction((): AppendOutcome => {
      const student = this.statements.student.get(studentId);
      if (!student) return { ok: false, reason: 'missing', answers: [] };
      if (student.answers !== expectedAnswers) return { ok: false, reason: 'stale', answers: this.statements.answersOf.all(studentId).map(toAnswer) };
      rows.forEach((row, i) => {
        this.statements.insertAnswer.run({
          ...row,
          seq: expectedAnswers + i,
          code: student.code,
          value: row.value === null ? null : JSON.stringify(row.value),
          message: row.message === null ? null : JSON.stringify(row.message),
          consistent: row.consistent === null ? null : row.consistent ? 1 : 0,
        });
      });
      this.statements.afterAppend.run(expectedAnswers + rows.length, now, finishedAt, studentId);
      return { ok: true, answers: this.statements.answersOf.all(studentId).map(toAnswer) };
    })();
  }

  async answersOfAssignment(code: string): Promise<AnswerRecord[]> {
    return this.statements.answersOfCode.all(code).map(toAnswer);
  }

  async purgeClosedBefore(before: number): Promise<number> {
    return this.db.transaction(() => {
      // The deadline lives in the settings' JSON: few assignments, read once a day.
      const closed = this.statements.closedBefore.all().filter((row) => (JSON.parse(row.settings) as { closesAt: number }).closesAt < before);
      for (const { code } of closed) {
        this.statements.removeAnswers.run(code);
        this.statements.removeTokens.run(code);
        this.statements.removeStudents.run(code);
        this.statements.removeAssignment.run(code);
      }
      return closed.length;
    })();
  }

  close(): void {
    if (this.options.owned && this.db.open) this.db.close();
  }
}

/** A homework store in memory (a server without a data folder): the same SQL, gone with the process. */
export function memoryHomeworkStore(): SqliteHomeworkStore {
  return new SqliteHomeworkStore(new Database(':memory:'), { owned: true });
}
