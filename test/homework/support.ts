/**
 * Homework over real parts: a server on 127.0.0.1:0 with its sets and homework in a SQLite file of a
 * temporary folder, the teacher's API over fetch, students over socket.io-client. The test reads the
 * assignment's secret seed from the store to work out each student's problems with the same
 * function the server uses, so expected answers are computed, never written down.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Problem } from '../../shared/engine/index.ts';
import type { AssignmentResult, AssignmentTeacherView, CreateAssignmentPayload, HomeworkSession } from '../../shared/protocol/homework.ts';
import type { TeacherKeyResult } from '../../shared/protocol/sets.ts';
import type { Clock } from '../../server/room/clock.ts';
import type { ApplicationOptions } from '../../server/app.ts';
import { itemProblem } from '../../server/homework/homework-progress.ts';
import { sha256 } from '../../server/homework/homework-secrets.ts';
import type { HomeworkStore } from '../../server/homework/homework-store.ts';
import { SqliteHomeworkStore } from '../../server/homework/sqlite-homework-store.ts';
import { SqliteSetStore } from '../../server/sets/sqlite-set-store.ts';
import { type TestServer, TestClient, startServer } from '../server/support.ts';
import { call, dataOf } from '../sets/set-http.ts';

export interface HomeworkServer {
  server: TestServer;
  url: string;
  homework: SqliteHomeworkStore;
  db: Database.Database;
  dir: string;
  /** Stops the server and removes its folder. */
  close(): Promise<void>;
}

/** `wrap`: what the server is given instead of the store itself (a store that is slow to read, say). */
export async function startHomeworkServer(options: Partial<ApplicationOptions> & { clock?: Clock; wrap?: (store: HomeworkStore) => HomeworkStore } = {}): Promise<HomeworkServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-homework-'));
  const db = new Database(path.join(dir, 'homework.sqlite'));
  db.pragma('journal_mode = WAL');
  const homework = new SqliteHomeworkStore(db);
  const { wrap, ...rest } = options;
  const server = await startServer({ sets: new SqliteSetStore(db), homework: wrap ? wrap(homework) : homework, ...rest });
  return {
    server,
    url: server.url,
    homework,
    db,
    dir,
    async close() {
      await server.close();
      if (db.open) db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function newTeacherKey(url: string): Promise<string> {
  return dataOf<TeacherKeyResult>(await call(url, 'POST', '/api/teacher-keys')).key;
}

export async function createAssignment(url: string, key: string, payload: CreateAssignmentPayload): Promise<AssignmentTeacherView> {
  return dataOf<AssignmentResult>(await call(url, 'POST', '/api/assignments', { key, json: payload })).assignment;
}

export async function teacherView(url: string, key: string, code: string): Promise<AssignmentTeacherView> {
  return dataOf<AssignmentResult>(await call(url, 'GET', `/api/assignments/${code}`, { key })).assignment;
}

/** The problems a student's items make, as the server makes them. */
export async function problemsOf(store: SqliteHomeworkStore, code: string, token: string): Promise<Problem[]> {
  const assignment = (await store.getAssignment(code))!;
  const student = (await store.studentByToken(code, sha256(token)))!;
  return assignment.set.items.map((_, i) => itemProblem(assignment, student.id, i));
}

/** The right answer of a one-step problem, or of step `step`. */
export function rightAnswer(problem: Problem, step?: number): string {
  if (problem.steps) return String(problem.steps[step ?? problem.steps.length - 1]!.answer);
  return String(problem.answer);
}

/** An answer the engine reads and grades wrong. */
export function wrongAnswer(problem: Problem, step?: number): string {
  if (problem.grading.type === 'choice') {
    const right = new Set(problem.grading.accepted ?? [problem.grading.value]);
    return problem.choices!.find((c) => !right.has(c.id))!.id;
  }
  const value = problem.steps ? problem.steps[step ?? 0]!.answer : (problem.answer as number);
  return String(Math.round((value * 7 + 123.4) * 1000) / 1000);
}

export function stepCount(problem: Problem): number {
  return problem.steps?.length ?? 1;
}

/** Answers the steps of the student's current item from `from` on, right (`wrong`: wrong). */
export async function answerItem(client: TestClient, session: Pick<HomeworkSession, 'token' | 'info'>, problem: Problem, item: number, wrong = false, from = 0) {
  let last = null;
  for (let step = from; step < stepCount(problem); step++) {
    last = await client.ok('homework:answer', {
      code: session.info.code,
      token: session.token,
      item,
      answer: wrong ? wrongAnswer(problem, step) : rightAnswer(problem, step),
      ...(problem.steps ? { step } : {}),
    });
  }
  return last!;
}

export { TestClient };
