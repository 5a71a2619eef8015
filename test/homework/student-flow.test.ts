/**
 * A student's homework over real sockets and a real SQLite file: open the link, start, answer, stop
 * (the phone's connection goes), resume on a second device with the resume code and on the first
 * with its saved token, finish. Items come in order; attempts are counted; the answer of an item
 * never reaches the phone before the item is finished.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock, T0 } from '../room/support.ts';
import {
  type HomeworkServer,
  TestClient,
  answerItem,
  createAssignment,
  newTeacherKey,
  problemsOf,
  rightAnswer,
  startHomeworkServer,
  stepCount,
  teacherView,
  wrongAnswer,
} from './support.ts';

const SET = 'builtin:worked-example:en';
const HOUR = 3600_000;

let hw: HomeworkServer;
let clock: FakeClock;
const clients: TestClient[] = [];

async function device(): Promise<TestClient> {
  const client = await TestClient.connect(hw.url);
  clients.push(client);
  return client;
}

beforeEach(async () => {
  clock = new FakeClock(T0);
  hw = await startHomeworkServer({ clock });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await hw.close();
});

describe('a student does homework', () => {
  it('starts, stops, resumes on another device with the resume code, and finishes', async () => {
    const key = await newTeacherKey(hw.url);
    const assignment = await createAssignment(hw.url, key, { setId: SET, opensAt: T0 - HOUR, closesAt: T0 + 24 * HOUR, attemptsPerItem: 2 });
    expect(assignment.path).toBe(`/hw/${assignment.code}`);

    const phone = await device();
    const info = await phone.ok('homework:open', { code: assignment.code.toLowerCase() });
    expect(info).toMatchObject({ code: assignment.code, items: 5, window: 'open', attemptsPerItem: 2, feedback: 'each-item', lang: 'en' });

    const session = await phone.ok('homework:start', { code: assignment.code, name: '  Ada  ' });
    expect(session.name).toBe('Ada');
    expect(session.resumeCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(session.progress).toMatchObject({ current: 0, finished: false, score: 0, items: ['current', 'todo', 'todo', 'todo', 'todo'] });
    expect(session.item).toMatchObject({ item: 0, total: 5, status: 'current', attemptsLeft: 2, answer: null, solution: null, attempts: [] });
    const problems = await problemsOf(hw.homework, assignment.code, session.token);
    expect(session.item.stepCount).toBe(problems[0]!.steps?.length ?? null);

    // Item 0 is step by step: the first step right, then the attempt completes; the answer comes once the item is finished.
    const first = await phone.ok('homework:answer', { code: assignment.code, token: session.token, item: 0, answer: rightAnswer(problems[0]!, 0), step: 0 });
    expect(first).toMatchObject({ item: 0, step: 0, nextStep: 1 });
    expect(first.verdict?.status).toBe('correct');
    expect(first.view.answer).toBeNull();
    expect(first.view.solution).toBeNull();
    const done0 = await answerItem(phone, session, problems[0]!, 0, false, 1);
    expect(done0.nextStep).toBeNull();
    expect(done0.progress.items[0]).toBe('right');
    expect(done0.progress.current).toBe(1);
    expect(done0.view.answer?.steps?.map((s) => s.value)).toEqual(problems[0]!.steps!.map((s) => s.answer));
    expect(done0.view.solution?.length).toBe(problems[0]!.solution.length);
    const shownBefore = phone.frames.join('\n');

    // Answers out of order are refused: a step skipped, an item not reached, an item finished.
    expect(await phone.call('homework:answer', { code: assignment.code, token: session.token, item: 2, answer: '1' })).toMatchObject({ ok: false, error: { code: 'item_not_reached' } });
    expect(await phone.call('homework:item', { code: assignment.code, token: session.token, item: 2 })).toMatchObject({ ok: false, error: { code: 'item_not_reached' } });
    expect(await phone.call('homework:answer', { code: assignment.code, token: session.token, item: 0, answer: '1', step: 0 })).toMatchObject({ ok: false, error: { code: 'item_finished' } });
    expect(await phone.call('homework:answer', { code: assignment.code, token: session.token, item: 1, answer: '1', step: 2 })).toMatchObject({ ok: false, error: { code: 'invalid_step' } });
    expect(await phone.call('homework:answer', { code: assignment.code, token: session.token, item: 1, answer: 'abc', step: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_answer' } });

    // Item 1: a wrong attempt leaves one more, without the answer.
    const wrong1 = await answerItem(phone, session, problems[1]!, 1, true);
    expect(wrong1.progress.items[1]).toBe('current');
    expect(wrong1.view).toMatchObject({ attemptsLeft: 1, answer: null, solution: null });
    expect(wrong1.view.attempts).toHaveLength(1);
    expect(wrong1.view.attempts[0]!.complete).toBe(true);
    // Nothing the phone received so far holds item 1's answers (item 0's, finished, are there).
    const seen = phone.frames.join('\n');
    // (The set's items share one network: item 0's revealed answer and solution hold some of item 1's quantities.)
    const hidden = problems[1]!.steps!.filter((step) => !shownBefore.includes(`"value":${step.answer}`));
    expect(hidden.length).toBeGreaterThan(0);
    for (const step of hidden) expect(seen).not.toContain(`"value":${step.answer}`);
    expect(seen).toContain(`"value":${problems[0]!.steps![0]!.answer}`);

    // The phone goes away mid-item.
    phone.close();
    clock.advance(2 * HOUR);

    // Another device: the resume code (typed with a space for the dash, in lower case) brings the student back where they were.
    const laptop = await device();
    const resumed = await laptop.ok('homework:resume', { code: assignment.code, resumeCode: ` ${session.resumeCode.replace('-', ' ').toLowerCase()}` });
    expect(resumed.name).toBe('Ada');
    expect(resumed.resumeCode).toBe(session.resumeCode);
    expect(resumed.token).not.toBe(session.token);
    expect(resumed.progress).toEqual(wrong1.progress);
    expect(resumed.item).toEqual(wrong1.view);
    expect((await problemsOf(hw.homework, assignment.code, resumed.token)).map((p) => p.prompt)).toEqual(problems.map((p) => p.prompt));

    // The second attempt of item 1, right; then item 2 and 3 right; item 4 skipped.
    const right1 = await answerItem(laptop, resumed, problems[1]!, 1);
    expect(right1.progress.items[1]).toBe('right');
    expect(right1.view.attemptsLeft).toBe(0);
    await answerItem(laptop, resumed, problems[2]!, 2);
    // The first device's saved token still works, and sees the same progress.
    const back = await device();
    const again = await back.ok('homework:resume', { code: assignment.code, token: session.token });
    expect(again.progress.current).toBe(3);
    expect(again.resumeCode).toBe(session.resumeCode);
    await answerItem(back, again, problems[3]!, 3);
    const skipped = await laptop.ok('homework:skip', { code: assignment.code, token: resumed.token, item: 4 });
    expect(skipped).toMatchObject({ current: null, finished: true, items: ['right', 'right', 'right', 'right', 'skipped'] });
    expect(skipped.score).toBe(4000);
    // A finished item's review shows the answer; a skipped one too.
    const review = await laptop.ok('homework:item', { code: assignment.code, token: resumed.token, item: 4 });
    expect(review.status).toBe('skipped');
    expect(review.answer?.value).toBe(problems[4]!.answer);

    const view = await teacherView(hw.url, key, assignment.code);
    expect(view).toMatchObject({ started: 1, finished: 1 });
    expect(view.students[0]).toMatchObject({ name: 'Ada', itemsDone: 5, correct: 4, score: 4000, items: ['right', 'right', 'right', 'right', 'skipped'] });
    expect(view.perItem.map((p) => [p.finished, p.correct, p.skipped])).toEqual([
      [1, 1, 0],
      [1, 1, 0],
      [1, 1, 0],
      [1, 1, 0],
      [1, 0, 1],
    ]);
  });

  it('runs out of attempts: the item is finished, wrong, and its answer shown', async () => {
    const key = await newTeacherKey(hw.url);
    const assignment = await createAssignment(hw.url, key, { setId: SET, opensAt: T0, closesAt: T0 + HOUR });
    const phone = await device();
    const session = await phone.ok('homework:start', { code: assignment.code, name: 'Bo' });
    const problems = await problemsOf(hw.homework, assignment.code, session.token);
    const result = await answerItem(phone, session, problems[0]!, 0, true);
    expect(result.progress.items[0]).toMatch(/^(wrong|close)$/);
    expect(result.progress.current).toBe(1);
    expect(result.view.attemptsLeft).toBe(0);
    expect(result.view.answer).not.toBeNull();
    expect(result.view.attempts[0]!.verdicts).toHaveLength(stepCount(problems[0]!));
    expect(result.view.attempts[0]!.verdicts[0]).toMatchObject({ answer: wrongAnswer(problems[0]!, 0), status: 'wrong' });
  });

  it('gives each student their own numbers, or the same to all when asked', async () => {
    const key = await newTeacherKey(hw.url);
    const own = await createAssignment(hw.url, key, { setId: 'builtin:one-neuron:en', opensAt: T0, closesAt: T0 + HOUR });
    const same = await createAssignment(hw.url, key, { setId: 'builtin:one-neuron:en', opensAt: T0, closesAt: T0 + HOUR, perStudentNumbers: false });
    const phone = await device();
    const prompts = async (code: string, name: string) => (await phone.ok('homework:start', { code, name })).item.problem;
    expect(await prompts(own.code, 'A')).not.toEqual(await prompts(own.code, 'B'));
    expect(await prompts(same.code, 'A')).toEqual(await prompts(same.code, 'B'));
  });

  it('answers a connection that holds a seat in a room as any other, and leaves the room alone', async () => {
    const key = await newTeacherKey(hw.url);
    const assignment = await createAssignment(hw.url, key, { setId: SET, opensAt: T0, closesAt: T0 + HOUR });
    const host = await device();
    const { code } = await host.ok('room:create', { config: { kinds: ['chain-gradient'], questionCount: 1 } });
    const session = await host.ok('homework:start', { code: assignment.code, name: 'Ada' });
    expect(session.progress.current).toBe(0);
    expect((await host.ok('room:sync', {})).room.code).toBe(code);
  });
});
