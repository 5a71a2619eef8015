/**
 * Where assignments, their students and every answer are kept: SQLite in the embedded mode
 * (sqlite-homework-store.ts, in the rooms' file, or in memory without one), Redis in cluster mode.
 * Methods are async so Redis fits; each write is one transaction (SQLite) or one script (Redis).
 *
 * The store checks atomically what only it can check: an assignment code not yet used, the owner's
 * count under the limit, a student name not yet taken, the student cap, and that an answer is
 * appended to the answers the server graded it against (`expectedAnswers`): two devices of one
 * student answering at once cannot both be appended on the same state, so neither can exceed the
 * attempts of an item nor answer an item that is no longer the current one. Who may do what, and
 * every rule of the homework, is the service's (homework-service.ts). An answer acknowledged has
 * been committed.
 *
 * Secrets are kept as SHA-256 hashes only: the teacher key (owner), each student's tokens (one per
 * device: a resume by code on another device is given a token of its own) and resume code.
 */
import type { MisconceptionKey, Text, VerdictStatus } from '../../shared/engine/index.ts';
import type { AssignmentSettings } from '../../shared/protocol/homework.ts';
import type { SetSnapshot } from '../../shared/question-sets/index.ts';

export interface AssignmentRecord {
  /** 8 characters of the room-code alphabet. */
  code: string;
  /** SHA-256 of the owner's teacher key. */
  ownerHash: string;
  title: string;
  /** As created; `opensAt` / `closesAt` as last moved (updateWindow). */
  settings: AssignmentSettings;
  /** The set as it was when the assignment was made: a later edit of the set never reaches it. */
  set: SetSnapshot;
  /** Every student's problems derive from it (with the item and, per student, the student id). */
  seed: number;
  createdAt: number;
  updatedAt: number;
}

export interface StudentRecord {
  /** Random, URL-safe; unique across assignments. */
  id: string;
  code: string;
  /** As shown (cleaned by server/room/nickname.ts). */
  name: string;
  /** What two names must not share within one assignment (nicknameKey). */
  nameKey: string;
  studentNumber: string | null;
  /** The first device's token (addStudent records it as the student's first token). */
  tokenHash: string;
  resumeHash: string;
  startedAt: number;
  /** Last start, resume or answer. */
  lastSeenAt: number;
  /** When the last item was finished; `null` while one is not. */
  finishedAt: number | null;
}

/** One graded answer to one step of one attempt, or a skip. Append-only. */
export interface AnswerRecord {
  studentId: string;
  item: number;
  /** 0-based attempt of the item. */
  attempt: number;
  /** The step of a step-by-step item; `null` for a one-step item and for a skip. */
  step: number | null;
  /** As typed (empty for a skip). */
  answer: string;
  /** The verdict, or `skipped` (the item given up). */
  status: Exclude<VerdictStatus, 'invalid'> | 'skipped';
  /** The value the answer was read as (what later steps are graded against); `null` for a skip. */
  value: number | string | null;
  diagnosis: MisconceptionKey | null;
  /** The engine's message for the verdict. */
  message: Text | null;
  /** Steps: whether it follows from the student's own earlier steps. */
  consistent: boolean | null;
  at: number;
}

export type CreateAssignmentOutcome = { ok: true } | { ok: false; reason: 'code_taken' | 'too_many' };

export type AddStudentOutcome = { ok: true } | { ok: false; reason: 'name_taken' | 'full' };

export type AppendOutcome =
  | { ok: true; answers: AnswerRecord[] }
  /** `stale`: answers were appended since the count the request was graded on: load them and grade again. */
  | { ok: false; reason: 'stale' | 'missing'; answers: AnswerRecord[] };

export interface AssignmentSummary {
  record: AssignmentRecord;
  started: number;
  finished: number;
}

export interface HomeworkStore {
  /** Adds it unless its code is used or its owner already has `maxPerOwner` assignments. */
  createAssignment(record: AssignmentRecord, maxPerOwner: number): Promise<CreateAssignmentOutcome>;
  getAssignment(code: string): Promise<AssignmentRecord | null>;
  /** The owner's assignments with their head counts (any order). */
  listAssignments(ownerHash: string): Promise<AssignmentSummary[]>;
  /** Moves the window; null when there is no such assignment. */
  updateWindow(code: string, opensAt: number, closesAt: number, now: number): Promise<AssignmentRecord | null>;

  /** Adds a student unless the name key is taken in the assignment or it has `maxStudents` already. */
  addStudent(record: StudentRecord, maxStudents: number): Promise<AddStudentOutcome>;
  /** Another device's token for the student (a resume by code); a missing student is ignored. */
  addToken(studentId: string, tokenHash: string, now: number): Promise<void>;
  /** The student any of whose tokens this is. */
  studentByToken(code: string, tokenHash: string): Promise<StudentRecord | null>;
  studentByResume(code: string, resumeHash: string): Promise<StudentRecord | null>;
  /** Every student of the assignment, in the order they started. */
  students(code: string): Promise<StudentRecord[]>;
  /** Records that the student was seen (a resume); a missing student is ignored. */
  touch(studentId: string, now: number): Promise<void>;

  /** The student's answers in the order they were appended. */
  answersOf(studentId: string): Promise<AnswerRecord[]>;
  /**
   * Appends `rows` (all the student's) if the student has exactly `expectedAnswers` answers, updates
   * `lastSeenAt` and, when `finishedAt` is given, the student's `finishedAt`; all or nothing. The
   * answers after the append (or as they stand, when refused) come back.
   */
  appendAnswers(studentId: string, expectedAnswers: number, rows: AnswerRecord[], now: number, finishedAt: number | null): Promise<AppendOutcome>;
  /** Every answer of every student of the assignment, in the order they were appended. */
  answersOfAssignment(code: string): Promise<AnswerRecord[]>;

  /**
   * Removes assignments whose deadline is before `before`, with their students, tokens and answers; returns
   * how many. Optional (a store without it keeps everything); the server calls it on start and daily with
   * RETENTION_DAYS, as it purges finished games.
   */
  purgeClosedBefore?(before: number): Promise<number>;

  close(): void;
}
