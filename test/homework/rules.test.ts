/**
 * Homework's rules over real sockets, with the server's clock injected: the window (not open yet,
 * open, deadline passed), feedback withheld until the deadline and shown after it, names taken,
 * student numbers, the student cap, and two devices of one student answering at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HomeworkAnswerResult } from '../../shared/protocol/homework.ts';
import type { Ack } from '../../shared/protocol/index.ts';
import { FakeClock, T0 } from '../room/support.ts';
import { call, refusalOf } from '../sets/set-http.ts';
import {
  type HomeworkServer,
  TestClient,
  answerItem,
  createAssignment,
  newTeacherKey,
  problemsOf,
  rightAnswer,
  startHomeworkServer,
  teacherView,
  wrongAnswer,
} from './support.ts';

const SET = 'builtin:worked-example:en';
const HOUR = 3600_000;

let hw: HomeworkServer | null = null;
const clients: TestClient[] = [];

async function setUp(options: Parameters<typeof startHomeworkServer>[0] = {}) {
  const clock = new FakeClock(T0);
  hw = await startHomeworkServer({ clock, ...options });
  const key = await newTeacherKey(hw.url);
  const client = await TestClient.connect(hw.url);
  clients.push(client);
  return { hw, clock, key, client };
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await hw?.close();
  hw = null;
});

describe('the window', () => {
  it('shows the assignment before it opens but lets no one start; refuses answers after the deadline and still shows the review', async () => {
    const { hw, clock, key, client } = await setUp();
    const a = await createAssignment(hw.url, key, { setId: SET, opensAt: T0 + HOUR, closesAt: T0 + 3 * HOUR });
    expect(await client.ok('homework:open', { code: a.code })).toMatchObject({ window: 'not-open', opensAt: T0 + HOUR, serverNow: T0 });
    const early = await client.call('homework:start', { code: a.code, name: 'Ada' });
    expect(early).toMatchObject({ ok: false, error: { code: 'not_open_yet', retryAfterMs: HOUR } });

    clock.advance(HOUR);
    const session = await client.ok('homework:start', { code: a.code, name: 'Ada' });
    const problems = await problemsOf(hw.homework, a.code, session.token);
    await answerItem(client, session, problems[0]!, 0);
    // Half the steps of item 1, then the deadline.
    await client.ok('homework:answer', { code: a.code, token: session.token, item: 1, answer: rightAnswer(problems[1]!, 0), step: 0 });
    clock.advance(2 * HOUR);

    const late = await client.call('homework:answer', { code: a.code, token: session.token, item: 1, answer: rightAnswer(problems[1]!, 1), step: 1 });
    expect(late).toMatchObject({ ok: false, error: { code: 'deadline_passed' } });
    expect(await client.call('homework:skip', { code: a.code, token: session.token, item: 1 })).toMatchObject({ ok: false, error: { code: 'deadline_passed' } });
    expect(await client.call('homework:start', { code: a.code, name: 'Late' })).toMatchObject({ ok: false, error: { code: 'deadline_passed' } });

    // Review: every item, with its answer and worked solution, even those never reached.
    const resumed = await client.ok('homework:resume', { code: a.code, token: session.token });
    expect(resumed.progress.window).toBe('closed');
    expect(resumed.progress.items).toEqual(['right', 'current', 'todo', 'todo', 'todo']);
    const unreached = await client.ok('homework:item', { code: a.code, token: session.token, item: 4 });
    expect(unreached.answer?.value).toBe(problems[4]!.answer);
    expect(unreached.attemptsLeft).toBe(0);
    const half = await client.ok('homework:item', { code: a.code, token: session.token, item: 1 });
    expect(half.attempts[0]!.verdicts.map((v) => v.status)).toEqual(['correct', ...problems[1]!.steps!.slice(1).map(() => 'none')]);
    // Nothing the refused requests sent was kept.
    const view = await teacherView(hw.url, key, a.code);
    expect(view.started).toBe(1);
    expect(view.students[0]!.items).toEqual(['right', 'current', 'todo', 'todo', 'todo']);
  });

  it('with feedback after the deadline: "recorded" and no verdict, answer or score until then; everything after', async () => {
    const { hw, clock, key, client } = await setUp();
    const a = await createAssignment(hw.url, key, { setId: SET, opensAt: T0, closesAt: T0 + HOUR, feedback: 'after-deadline', attemptsPerItem: 3 });
    const session = await client.ok('homework:start', { code: a.code, name: 'Ada' });
    expect(session.info.attemptsPerItem).toBe(1);
    const problems = await problemsOf(hw.homework, a.code, session.token);
    const results: HomeworkAnswerResult[] = [];
    results.push(await answerItem(client, session, problems[0]!, 0));
    results.push(await answerItem(client, session, problems[1]!, 1, true));
    results.push(await answerItem(client, session, problems[2]!, 2));
    for (const r of results) {
      expect(r.verdict).toBeNull();
      expect(r.view).toMatchObject({ status: 'recorded', answer: null, solution: null, note: null });
      for (const attempt of r.view.attempts) for (const v of attempt.verdicts) expect(v).toMatchObject({ status: 'none', diagnosis: null, message: null, credit: 0 });
    }
    const last = results[2]!;
    expect(last.progress).toMatchObject({ current: 3, score: 0, items: ['recorded', 'recorded', 'recorded', 'current', 'todo'] });
    // No right answer anywhere in what the phone received (every frame of this connection).
    const received = client.frames.join('\n');
    for (const p of problems.slice(0, 3)) {
      const key = p.steps ? p.steps.map((s) => s.answer) : [p.answer];
      for (const value of key) if (typeof value === 'number') expect(received).not.toContain(`"value":${value}`);
    }
    expect(received).not.toContain('"solution":[');

    clock.advance(HOUR);
    const after = await client.ok('homework:resume', { code: a.code, token: session.token });
    expect(after.progress.items.slice(0, 3)).toEqual(['right', expect.stringMatching(/^(wrong|close)$/), 'right']);
    const score = (await teacherView(hw.url, key, a.code)).students[0]!.score;
    expect(score).toBeGreaterThanOrEqual(2000);
    expect(after.progress.score).toBe(score);
    const item1 = await client.ok('homework:item', { code: a.code, token: session.token, item: 1 });
    expect(item1.attempts[0]!.verdicts[0]!.status).toBe('wrong');
    expect(item1.answer).not.toBeNull();
    expect(item1.solution).not.toBeNull();
  });
});

describe('names, numbers and the cap', () => {
  it('refuses a name taken (however it is spaced or cased) with a free suggestion; the first student resumes with the code', async () => {
    const { hw, key, client } = await setUp();
    const a = await createAssignment(hw.url, key, { setId: SET, opensAt: T0, closesAt: T0 + HOUR });
    const first = await client.ok('homework:start', { code: a.code, name: 'Li Wei' });
    const again = await client.call('homework:start', { code: a.code, name: 'liwei' });
    expect(again).toMatchObject({ ok: false, error: { code: 'name_taken', suggestion: 'liwei2' } });
    expect((again as { error: { message: string } }).error.message).toMatch(/resume/);
    expect(await client.call('homework:start', { code: a.code, name: '   ' })).toMatchObject({ ok: false, error: { code: 'invalid_name' } });
    expect(await client.call('homework:resume', { code: a.code, resumeCode: 'AAAA-AAAA' })).toMatchObject({ ok: false, error: { code: 'unknown_resume_code' } });
    expect(await client.call('homework:resume', { code: a.code, token: 'nope' })).toMatchObject({ ok: false, error: { code: 'invalid_token' } });
    expect(await client.call('homework:open', { code: 'ZZZZZZZZ' })).toMatchObject({ ok: false, error: { code: 'assignment_not_found' } });
    const resumed = await client.ok('homework:resume', { code: a.code, resumeCode: first.resumeCode });
    expect(resumed.name).toBe('Li Wei');
    expect((await teacherView(hw.url, key, a.code)).started).toBe(1);
  });

  it('asks for a student number when the teacher does, and keeps it only when asked', async () => {
    const { hw, key, client } = await setUp();
    const required = await createAssignment(hw.url, key, { setId: SET, opensAt: T0, closesAt: T0 + HOUR, studentNumber: 'required' });
    expect(await client.call('homework:start', { code: required.code, name: 'Ada' })).toMatchObject({ ok: false, error: { code: 'student_number_required' } });
    expect(await client.call('homework:start', { code: required.code, name: 'Ada', studentNumber: '   ' })).toMatchObject({ ok: false, error: { code: 'student_number_required' } });
    expect((await client.ok('homework:start', { code: required.code, name: 'Ada', studentNumber: ' 2024-017 ' })).studentNumber).toBe('2024-017');
    const off = await createAssignment(hw.url, key, { setId: SET, opensAt: T0, closesAt: T0 + HOUR });
    expect((await client.ok('homework:start', { code: off.code, name: 'Ada', studentNumber: '99' })).studentNumber).toBeNull();
    expect((await teacherView(hw.url, key, required.code)).students[0]!.studentNumber).toBe('2024-017');
  });

  it('admits as many students as configured', async () => {
    const { hw, key, client } = await setUp({ homeworkLimits: { maxStudents: 2 } });
    const a = await createAssignment(hw.url, key, { setId: SET, opensAt: T0, closesAt: T0 + HOUR });
    await client.ok('homework:start', { code: a.code, name: 'A' });
    await client.ok('homework:start', { code: a.code, name: 'B' });
    expect(await client.call('homework:start', { code: a.code, name: 'C' })).toMatchObject({ ok: false, error: { code: 'assignment_full' } });
    // A taken name is still told apart from a full assignment.
    expect(await client.call('homework:start', { code: a.code, name: 'A' })).toMatchObject({ ok: false, error: { code: 'name_taken' } });
  });
});

describe('two devices of one student', () => {
  it('answering the same item at once never exceed its attempts', async () => {
    const { hw, key, client } = await setUp();
    const a = await createAssignment(hw.url, key, { setId: SET, opensAt: T0, closesAt: T0 + HOUR, attemptsPerItem: 2 });
    const session = await client.ok('homework:start', { code: a.code, name: 'Ada' });
    const problems = await problemsOf(hw.homework, a.code, session.token);
    // Item 4 is multiple choice (one step): six wrong answers at once from three devices.
    await answerItem(client, session, problems[0]!, 0);
    for (let i = 1; i < 4; i++) await answerItem(client, session, problems[i]!, i);
    const devices = [client];
    for (let i = 0; i < 2; i++) {
      const other = await TestClient.connect(hw.url);
      clients.push(other);
      devices.push(other);
    }
    const wrong = wrongAnswer(problems[4]!);
    const answers = await Promise.all(
      devices.flatMap((d) => [0, 1].map(() => d.call('homework:answer', { code: a.code, token: session.token, item: 4, answer: wrong }) as Promise<Ack<HomeworkAnswerResult>>)),
    );
    expect(answers.filter((r) => r.ok)).toHaveLength(2);
    for (const r of answers) if (!r.ok) expect(['item_finished']).toContain(r.error.code);
    const rows = (await hw.homework.answersOfAssignment(a.code)).filter((r) => r.item === 4);
    expect(rows.map((r) => r.attempt)).toEqual([0, 1]);
    expect((await teacherView(hw.url, key, a.code)).students[0]).toMatchObject({ itemsDone: 5, finishedAt: T0 });
  });
});

describe('answers read on the same answers', () => {
  it('are graded again when another device appended first: one attempt allowed, one appended', async () => {
    // Reads of a student's answers take a while, so both requests read before either appends.
    const { hw, key, client } = await setUp({
      wrap: (store) =>
        new Proxy(store, {
          get(target, prop, receiver) {
            if (prop === 'answersOf') return async (id: string) => {
              const rows = await target.answersOf(id);
              await new Promise((resolve) => setTimeout(resolve, 30));
              return rows;
            };
            const value = Reflect.get(target, prop, receiver) as unknown;
            return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
          },
        }),
    });
    const a = await createAssignment(hw.url, key, { setId: 'builtin:one-neuron:en', opensAt: T0, closesAt: T0 + HOUR });
    const session = await client.ok('homework:start', { code: a.code, name: 'Ada' });
    const problems = await problemsOf(hw.homework, a.code, session.token);
    const other = await TestClient.connect(hw.url);
    clients.push(other);
    const [one, two] = (await Promise.all([
      client.call('homework:answer', { code: a.code, token: session.token, item: 0, answer: wrongAnswer(problems[0]!) }),
      other.call('homework:answer', { code: a.code, token: session.token, item: 0, answer: rightAnswer(problems[0]!) }),
    ])) as Ack<HomeworkAnswerResult>[];
    expect([one!.ok, two!.ok].sort()).toEqual([false, true]);
    const refused = [one!, two!].find((r) => !r.ok) as { ok: false; error: { code: string } };
    expect(refused.error.code).toBe('item_finished');
    expect((await hw.homework.answersOfAssignment(a.code)).map((r) => [r.item, r.attempt])).toEqual([[0, 0]]);
  });
});

describe('limits', () => {
  it('blocks an address that keeps guessing resume codes or assignment codes', async () => {
    const { hw, key, client } = await setUp({ limits: { joinMissesPerMinute: 3 } });
    const a = await createAssignment(hw.url, key, { setId: SET, opensAt: T0, closesAt: T0 + HOUR });
    const session = await client.ok('homework:start', { code: a.code, name: 'Ada' });
    for (const guess of ['AAAA-AAAA', 'BBBB-BBBB']) expect(await client.call('homework:resume', { code: a.code, resumeCode: guess })).toMatchObject({ ok: false, error: { code: 'unknown_resume_code' } });
    expect(await client.call('homework:open', { code: 'ZZZZZZZZ' })).toMatchObject({ ok: false, error: { code: 'assignment_not_found' } });
    const blocked = await client.call('homework:resume', { code: a.code, resumeCode: 'CCCC-CCCC' });
    expect(blocked).toMatchObject({ ok: false, error: { code: 'too_many_attempts' } });
    expect((blocked as { error: { retryAfterMs: number } }).error.retryAfterMs).toBeGreaterThan(0);
    // Meanwhile even the right code is refused from this address: a block leaks nothing.
    expect(await client.call('homework:resume', { code: a.code, resumeCode: session.resumeCode })).toMatchObject({ ok: false, error: { code: 'too_many_attempts' } });
  });

  it('limits starts per address, and says when to try again', async () => {
    const { hw, key, client } = await setUp({ homeworkLimits: { startsPerMinute: 2 } });
    const a = await createAssignment(hw.url, key, { setId: SET, opensAt: T0, closesAt: T0 + HOUR });
    await client.ok('homework:start', { code: a.code, name: 'A' });
    await client.ok('homework:start', { code: a.code, name: 'B' });
    const limited = await client.call('homework:start', { code: a.code, name: 'C' });
    expect(limited).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect((limited as { error: { retryAfterMs: number } }).error.retryAfterMs).toBeGreaterThan(0);
    expect((await teacherView(hw.url, key, a.code)).started).toBe(2);
  });

  it("limits the teacher's API per address", async () => {
    const { hw, key } = await setUp({ homeworkLimits: { readsPerMinute: 3 } });
    for (let i = 0; i < 3; i++) expect((await call(hw.url, 'GET', '/api/assignments', { key })).status).toBe(200);
    const limited = await call(hw.url, 'GET', '/api/assignments', { key });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refusalOf(limited).code).toBe('rate_limited');
  });
});
