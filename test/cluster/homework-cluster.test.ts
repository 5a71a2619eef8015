/**
 * Homework across cluster nodes: two nodes (production server processes on one real redis-server) serve
 * one assignment. Students start on either node and work through the items; node 0 is killed with
 * SIGKILL while they answer. Those who were on it go on on node 1 — half on another device with their
 * resume code, half with their saved token — and finish. Nothing acknowledged is lost: every answer a
 * phone got an ack for is in the teacher's report from the surviving node, and no item took more
 * attempts than allowed. And a student carries on through a restart of Redis itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../shared/engine/index.ts';
import type { AssignmentReport, AssignmentResult, HomeworkAnswerResult, HomeworkItemView, HomeworkProgress, HomeworkSession } from '../../shared/protocol/homework.ts';
import { itemProblem } from '../../server/homework/homework-progress.ts';
import { sha256 } from '../../server/homework/homework-secrets.ts';
import { RedisHomeworkStore } from '../../server/homework/redis-homework-store.ts';
import type { ChildServer } from '../durability/child-server.ts';
import { rightAnswer, wrongAnswer } from '../homework/support.ts';
import { TestClient } from '../server/support.ts';
import { call, dataOf } from '../sets/set-http.ts';
import { sleep } from './cluster-game.ts';
import { flushRedis, logsOf, startNodes } from './cluster-nodes.ts';
import { type RedisServer, redisAvailable, startRedis } from './redis-harness.ts';

const enabled = redisAvailable();
const STUDENTS = 12;
const SET = 'builtin:worked-example:en';
const ATTEMPTS = 2;

let redis: RedisServer;
let workDir: string;
let redisClient: ReturnType<typeof createClient>;
const running: ChildServer[] = [];
const clients: TestClient[] = [];

interface Acked {
  item: number;
  step: number | null;
  answer: string;
}

/** The next step of `problem` to answer given the item as it stands (0: a new attempt). */
function nextStep(problem: Problem, view: HomeworkItemView | null, item: number): number | undefined {
  if (!problem.steps) return undefined;
  const last = view && view.item === item ? view.attempts.at(-1) : undefined;
  // One verdict per step, `none` for a step not answered yet.
  return last && !last.complete ? Math.max(0, last.verdicts.findIndex((v) => v.status === 'none')) : 0;
}

/** One student: answers the current item's steps one by one; when its node dies, goes on on another. */
class Student {
  client: TestClient | null = null;
  session: HomeworkSession | null = null;
  progress: HomeworkProgress | null = null;
  view: HomeworkItemView | null = null;
  readonly acked: Acked[] = [];
  readonly refusals: string[] = [];
  problems: Problem[] = [];
  moves = 0;

  constructor(
    readonly index: number,
    readonly name: string,
    public node: number,
  ) {}

  async start(urls: string[], code: string, store: RedisHomeworkStore): Promise<void> {
    this.client = await TestClient.connect(urls[this.node]!);
    clients.push(this.client);
    const session = await this.client.ok('homework:start', { code, name: this.name });
    this.adopt(session);
    const assignment = (await store.getAssignment(code))!;
    const student = (await store.studentByToken(code, sha256(session.token)))!;
    this.problems = assignment.set.items.map((_, i) => itemProblem(assignment, student.id, i));
  }

  private adopt(session: HomeworkSession): void {
    this.session = session;
    this.progress = session.progress;
    this.view = session.item;
  }

  /** On another node: by resume code on a new device (a token of its own), or with the saved token. */
  async moveTo(urls: string[], node: number, byResumeCode: boolean): Promise<void> {
    this.node = node;
    this.moves++;
    this.client?.close();
    this.client = await TestClient.connect(urls[node]!);
    clients.push(this.client);
    const { info, token, resumeCode } = this.session!;
    const session = await this.client.ok('homework:resume', byResumeCode ? { code: info.code, resumeCode } : { code: info.code, token });
    if (byResumeCode) expect(session.token).not.toBe(token);
    this.adopt(session);
  }

  /** Answers until finished (or `until` says so); returns early (false) when a request goes unanswered (the node died). */
  async work(pause: number, until: () => boolean = () => false): Promise<boolean> {
    while (this.progress && this.progress.current !== null && !until()) {
      const item = this.progress.current;
      const problem = this.problems[item]!;
      const step = nextStep(problem, this.view, item);
      const attempts = this.view && this.view.item === item ? this.view.attempts.length : 0;
      // Even students get item 1 wrong on their first attempt (attempts are counted across nodes too).
      const wrong = item === 1 && this.index % 2 === 0 && (attempts === 0 || (attempts === 1 && !this.view!.attempts[0]!.complete));
      const answer = wrong ? wrongAnswer(problem, step) : rightAnswer(problem, step);
      let response;
      try {
        response = await this.client!.call('homework:answer', { code: this.session!.info.code, token: this.session!.token, item, answer, ...(step === undefined ? {} : { step }) });
      } catch {
        return false;
      }
      if (!response.ok) {
        // The node is stopping, or the answer raced another device: the next request on a live node says where things stand.
        this.refusals.push(`${item}/${step ?? '-'}: ${response.error.code}`);
        return false;
      }
      const result: HomeworkAnswerResult = response.data;
      this.acked.push({ item, step: step ?? null, answer });
      this.progress = result.progress;
      this.view = result.view;
      await sleep(pause);
    }
    return true;
  }
}

describe.skipIf(!enabled)('homework across cluster nodes', () => {
  beforeAll(async () => {
    redis = await startRedis();
    workDir = mkdtempSync(path.join(tmpdir(), 'arena-homework-cluster-'));
    redisClient = createClient({ url: redis.url });
    await redisClient.connect();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(running.splice(0).map((node) => node.stop('SIGKILL')));
    await flushRedis(redis.url);
  });
  afterAll(async () => {
    await redisClient?.close();
    await redis?.destroy();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged answer when students move to another node as theirs is killed mid-assignment', { timeout: 120_000 }, async () => {
    const nodes = await startNodes(workDir, redis.url, 'homework', 2);
    running.push(...nodes);
    const urls = nodes.map((n) => n.url);
    const store = new RedisHomeworkStore(redisClient);

    const key = dataOf<{ key: string }>(await call(urls[0]!, 'POST', '/api/teacher-keys')).key;
    const now = Date.now();
    const created = dataOf<AssignmentResult>(
      await call(urls[0]!, 'POST', '/api/assignments', { key, json: { setId: SET, opensAt: now - 3600_000, closesAt: now + 86_400_000, attemptsPerItem: ATTEMPTS } }),
    ).assignment;
    const code = created.code;

    // Even students on node 0, odd ones on node 1.
    const students = Array.from({ length: STUDENTS }, (_, i) => new Student(i, `Student ${String(i + 1).padStart(2, '0')}`, i % 2));
    for (const student of students) await student.start(urls, code, store);
    const items = students[0]!.problems.length;

    const runs = students.map(async (student) => {
      for (let round = 0; round < 10; round++) {
        if (await student.work(20 + (student.index % 4) * 15)) return;
        // Its node died (or its request raced): on the live node, half of them on a second device by resume code.
        await sleep(200);
        await student.moveTo(urls, 1, student.index % 4 === 0);
      }
      throw new Error(`${student.name} could not finish`);
    });

    // Mid-assignment: every student has answered a little, nobody has finished.
    while (students.some((s) => s.acked.length < 2)) await sleep(20);
    expect(students.every((s) => s.progress!.current !== null)).toBe(true);
    await nodes[0]!.stop('SIGKILL');
    await Promise.all(runs);

    // Everyone on the dead node moved, and every student finished.
    for (const student of students) {
      expect(student.moves, student.name).toBe(student.index % 2 === 0 ? 1 : 0);
      expect(student.progress!.finished, student.name).toBe(true);
    }

    // The teacher's view and report from the surviving node: every acknowledged answer is in it.
    const view = dataOf<AssignmentResult>(await call(urls[1]!, 'GET', `/api/assignments/${code}`, { key })).assignment;
    expect(view.started).toBe(STUDENTS);
    expect(view.finished).toBe(STUDENTS);
    const report = dataOf<AssignmentReport>(await call(urls[1]!, 'GET', `/api/assignments/${code}/report`, { key }));
    for (const student of students) {
      const rows = report.answers.filter((a) => a.name === student.name);
      const saved = rows.map((a) => `${a.item}|${a.step ?? '-'}|${a.answer}`);
      // An answer whose ack was lost with the node may be saved too; every acknowledged one is.
      for (const answer of student.acked) expect(saved, student.name).toContain(`${answer.item}|${answer.step ?? '-'}|${answer.answer}`);
      expect(rows.length, student.name).toBeLessThanOrEqual(student.acked.length + 1);
      for (let item = 0; item < items; item++) {
        const attempts = new Set(rows.filter((a) => a.item === item).map((a) => a.attempt));
        expect(attempts.size, `${student.name} item ${item}`).toBeLessThanOrEqual(ATTEMPTS);
      }
      // Item 1 was wrong the first time for even students, right the second; right at once for the others.
      expect(new Set(rows.filter((a) => a.item === 1).map((a) => a.attempt)).size, student.name).toBe(student.index % 2 === 0 ? 2 : 1);
      expect(report.students.find((s) => s.name === student.name)?.items.every((status) => status === 'right')).toBe(true);
    }
    expect(students.flatMap((s) => s.refusals).filter((r) => !r.endsWith('server_restarting'))).toEqual([]);
  });
  it('keeps a student going through a Redis restart, the nodes reconnecting on their own', { timeout: 120_000 }, async () => {
    const own = await startRedis();
    const client = createClient({ url: own.url });
    // This connection sees the restart too; it reconnects by itself.
    client.on('error', () => undefined);
    await client.connect();
    try {
      const nodes = await startNodes(workDir, own.url, 'homework-redis', 2);
      running.push(...nodes);
      const urls = nodes.map((n) => n.url);
      const key = dataOf<{ key: string }>(await call(urls[0]!, 'POST', '/api/teacher-keys')).key;
      const now = Date.now();
      const { code } = dataOf<AssignmentResult>(
        await call(urls[0]!, 'POST', '/api/assignments', { key, json: { setId: SET, opensAt: now - 3600_000, closesAt: now + 86_400_000, attemptsPerItem: ATTEMPTS } }),
      ).assignment;
      const student = new Student(1, 'Through a restart', 1);
      await student.start(urls, code, new RedisHomeworkStore(client));
      // The first item, then Redis goes away and comes back (its append-only file kept every write).
      expect(await student.work(0, () => student.progress!.current !== 0)).toBe(true);
      const before = student.acked.length;
      expect(before).toBeGreaterThan(0);
      await own.restart();
      for (let round = 0; round < 60 && !student.progress!.finished; round++) {
        if (await student.work(10)) break;
        // Refused while Redis was away (server_restarting or internal_error): ask again on the same node.
        await sleep(250);
        try {
          await student.moveTo(urls, 1, false);
        } catch {
          // Still away.
        }
      }
      expect(student.progress!.finished).toBe(true);
      const report = dataOf<AssignmentReport>(await call(urls[0]!, 'GET', `/api/assignments/${code}/report`, { key }));
      const saved = report.answers.map((a) => `${a.item}|${a.step ?? '-'}|${a.answer}`);
      for (const answer of student.acked) expect(saved).toContain(`${answer.item}|${answer.step ?? '-'}|${answer.answer}`);
      expect(student.acked.length).toBeGreaterThan(before);
      // The node saw Redis go and come back, and nobody restarted it.
      expect(logsOf(nodes[1]!, 'redis connection error').length).toBeGreaterThan(0);
      expect(logsOf(nodes[1]!, 'redis connection back').length).toBeGreaterThan(0);
    } finally {
      await client.close().catch(() => undefined);
      await own.destroy();
    }
  });
});
