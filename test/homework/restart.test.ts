/**
 * A restarted server loses no acknowledged homework answer. The server runs as `npm start` runs it
 * (the bundled server/main.ts in a child process, SQLite in a temporary DATA_DIR); two students work part of an
 * assignment; the process is killed (SIGKILL: no graceful step) right after the last acks; a new
 * process on the same folder serves the same progress, the same numbers, and the rest of the work.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Problem, toPublicProblem } from '../../shared/engine/index.ts';
import type { HomeworkSession } from '../../shared/protocol/homework.ts';
import { itemProblem } from '../../server/homework/homework-progress.ts';
import type { AssignmentRecord } from '../../server/homework/homework-store.ts';
import { type ChildServer, startChildServer } from '../durability/child-server.ts';
import { TestClient, answerItem, createAssignment, newTeacherKey, teacherView } from './support.ts';

let dataDir: string;
const servers: ChildServer[] = [];
const clients: TestClient[] = [];

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-hw-restart-'));
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.stop('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<ChildServer> {
  // A test answers faster than a student types.
  const server = await startChildServer(dataDir, { ANSWERS_PER_SECOND: '1000', REQUESTS_PER_SECOND: '1000' });
  servers.push(server);
  return server;
}

async function device(url: string): Promise<TestClient> {
  const client = await TestClient.connect(url);
  clients.push(client);
  return client;
}

/** The problems the server makes for a student, read from its file (the secret seed is only there). */
function problemsFromFile(code: string, name: string): Problem[] {
  const db = new Database(path.join(dataDir, 'backprop-arena.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare<[string], { settings: string; set_snapshot: string; seed: number }>('SELECT settings, set_snapshot, seed FROM assignments WHERE code = ?').get(code)!;
    const student = db.prepare<[string, string], { id: string }>('SELECT id FROM homework_students WHERE code = ? AND name = ?').get(code, name)!;
    const assignment = { code, settings: JSON.parse(row.settings), set: JSON.parse(row.set_snapshot), seed: row.seed } as AssignmentRecord;
    return assignment.set.items.map((_, i) => itemProblem(assignment, student.id, i));
  } finally {
    db.close();
  }
}

describe('a server restart mid-assignment', () => {
  it('keeps every acknowledged answer, the students\' numbers and their sessions', async () => {
    const first = await start();
    const key = await newTeacherKey(first.url);
    const now = Date.now();
    const a = await createAssignment(first.url, key, { setId: 'builtin:worked-example:en', opensAt: now - 1000, closesAt: now + 3600_000, attemptsPerItem: 2 });
    const ada = await device(first.url);
    const bo = await device(first.url);
    const sa: HomeworkSession = await ada.ok('homework:start', { code: a.code, name: 'Ada' });
    const sb: HomeworkSession = await bo.ok('homework:start', { code: a.code, name: 'Bo' });
    const pa = problemsFromFile(a.code, 'Ada');
    const pb = problemsFromFile(a.code, 'Bo');
    await answerItem(ada, sa, pa[0]!, 0);
    await answerItem(ada, sa, pa[1]!, 1, true);
    // Bo is half-way through the steps of item 0 when the server dies.
    const last = await bo.ok('homework:answer', { code: a.code, token: sb.token, item: 0, answer: String(pb[0]!.steps![0]!.answer), step: 0 });
    const before = await teacherView(first.url, key, a.code);
    await first.stop('SIGKILL');
    servers.splice(servers.indexOf(first), 1);

    const second = await start();
    expect(await teacherView(second.url, key, a.code)).toEqual({ ...before, serverNow: expect.any(Number) });
    const ada2 = await device(second.url);
    const bo2 = await device(second.url);
    const ra = await ada2.ok('homework:resume', { code: a.code, token: sa.token });
    expect(ra.progress.items).toEqual(['right', 'current', 'todo', 'todo', 'todo']);
    expect(ra.item).toMatchObject({ item: 1, attemptsLeft: 1 });
    expect(ra.item.problem).toEqual(toPublicProblem(pa[1]!));
    const rb = await bo2.ok('homework:resume', { code: a.code, resumeCode: sb.resumeCode });
    expect(rb.item).toEqual(last.view);
    expect(rb.progress).toEqual(last.progress);

    // The rest of the work, on the numbers as first made.
    await answerItem(bo2, rb, pb[0]!, 0, false, 1);
    for (let i = 1; i < 5; i++) await answerItem(ada2, ra, pa[i]!, i);
    const view = await teacherView(second.url, key, a.code);
    expect(view.students.map((s) => [s.name, s.itemsDone, s.correct, s.items])).toEqual([
      ['Ada', 5, 5, ['right', 'right', 'right', 'right', 'right']],
      ['Bo', 1, 1, ['right', 'current', 'todo', 'todo', 'todo']],
    ]);
    expect(view.finished).toBe(1);
  }, 90_000);
});
