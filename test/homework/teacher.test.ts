/**
 * The teacher's side over real HTTP: keys refused, the assignment keeps its snapshot of the set, the
 * live view and both report formats (JSON, CSV parts with a BOM) agree with what three students did
 * over real sockets, and the window can be moved but a closed assignment not reopened.
 */
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AssignmentListResult, AssignmentReport, AssignmentResult } from '../../shared/protocol/homework.ts';
import type { SetResult } from '../../shared/protocol/sets.ts';
import { renderText } from '../../shared/engine/index.ts';
import { plainText } from '../../shared/engine/plain-text.ts';
import { FakeClock, T0 } from '../room/support.ts';
import { call, dataOf, refusalOf, sampleSet } from '../sets/set-http.ts';
import { type HomeworkServer, TestClient, answerItem, createAssignment, newTeacherKey, problemsOf, rightAnswer, startHomeworkServer, teacherView, wrongAnswer } from './support.ts';

const HOUR = 3600_000;
let hw: HomeworkServer;
let clock: FakeClock;
const clients: TestClient[] = [];

beforeEach(async () => {
  clock = new FakeClock(T0);
  hw = await startHomeworkServer({ clock });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await hw.close();
});

async function device(): Promise<TestClient> {
  const client = await TestClient.connect(hw.url);
  clients.push(client);
  return client;
}

describe('the teacher key', () => {
  it('is required, must be one this server made, and sees only its own assignments', async () => {
    const key = await newTeacherKey(hw.url);
    const other = await newTeacherKey(hw.url);
    const body = { setId: 'builtin:one-neuron:zh-CN', opensAt: T0, closesAt: T0 + HOUR };
    expect(refusalOf(await call(hw.url, 'POST', '/api/assignments', { json: body }))).toMatchObject({ status: 401, code: 'key_required' });
    expect(refusalOf(await call(hw.url, 'POST', '/api/assignments', { key: `tk_${'A'.repeat(43)}`, json: body }))).toMatchObject({ status: 401, code: 'unknown_key' });
    const a = await createAssignment(hw.url, key, body);
    expect(a).toMatchObject({ lang: 'zh-CN', items: 11, window: 'open', started: 0, settings: { attemptsPerItem: 1, feedback: 'each-item', studentNumber: 'off', perStudentNumbers: true } });
    expect(refusalOf(await call(hw.url, 'GET', `/api/assignments/${a.code}`, { key: other }))).toMatchObject({ status: 403, code: 'not_owner' });
    expect(refusalOf(await call(hw.url, 'GET', `/api/assignments/${a.code}/report`, { key: other }))).toMatchObject({ status: 403, code: 'not_owner' });
    expect(refusalOf(await call(hw.url, 'GET', '/api/assignments/ZZZZZZZZ', { key }))).toMatchObject({ status: 404, code: 'assignment_not_found' });
    expect(dataOf<AssignmentListResult>(await call(hw.url, 'GET', '/api/assignments', { key: other })).assignments).toEqual([]);
    // A Chinese set's report speaks Chinese.
    const csv = await fetch(`${hw.url}/api/assignments/${a.code}/report?format=csv&part=items`, { headers: { Authorization: `Bearer ${key}` } });
    expect((parse(Buffer.from(await csv.arrayBuffer()).toString('utf8'), { bom: true }) as string[][])[0]).toEqual(['题号', '题型', '完成人数', '答对人数', '跳过人数', '正确率（%）']);
    expect(dataOf<AssignmentListResult>(await call(hw.url, 'GET', '/api/assignments', { key })).assignments).toEqual([
      { code: a.code, title: a.title, window: 'open', createdAt: T0, items: 11, opensAt: T0, closesAt: T0 + HOUR, started: 0, finished: 0 },
    ]);
  });

  it('refuses bad bodies and sets it cannot read, and creates nothing', async () => {
    const key = await newTeacherKey(hw.url);
    const other = await newTeacherKey(hw.url);
    const theirs = dataOf<SetResult>(await call(hw.url, 'POST', '/api/sets', { key: other, json: sampleSet() })).set;
    const bad = [
      { setId: 'builtin:one-neuron:en', opensAt: T0, closesAt: T0 },
      { setId: 'builtin:one-neuron:en', opensAt: T0, closesAt: T0 + 61 * 24 * HOUR },
      { setId: 'builtin:one-neuron:en', opensAt: T0, closesAt: T0 + HOUR, attemptsPerItem: 6 },
      { setId: 'builtin:one-neuron:en', opensAt: T0, closesAt: T0 + HOUR, feedback: 'never' },
      { setId: '', opensAt: T0, closesAt: T0 + HOUR },
      { opensAt: T0, closesAt: T0 + HOUR },
      'not an object',
    ];
    for (const json of bad) expect(refusalOf(await call(hw.url, 'POST', '/api/assignments', { key, json }))).toMatchObject({ status: 400, code: 'invalid_payload' });
    expect(refusalOf(await call(hw.url, 'POST', '/api/assignments', { key, body: 'x', type: 'text/plain' }))).toMatchObject({ status: 400, code: 'invalid_payload' });
    expect(refusalOf(await call(hw.url, 'POST', '/api/assignments', { key, json: { setId: theirs.id, opensAt: T0, closesAt: T0 + HOUR } }))).toMatchObject({ status: 404, code: 'set_not_found' });
    expect(refusalOf(await call(hw.url, 'POST', '/api/assignments', { key, json: { setId: 'builtin:nope:en', opensAt: T0, closesAt: T0 + HOUR } }))).toMatchObject({ status: 404, code: 'set_not_found' });
    expect(dataOf<AssignmentListResult>(await call(hw.url, 'GET', '/api/assignments', { key })).assignments).toEqual([]);
  });
});

describe('an assignment', () => {
  it('keeps the set as it was when assigned', async () => {
    const key = await newTeacherKey(hw.url);
    const set = dataOf<SetResult>(await call(hw.url, 'POST', '/api/sets', { key, json: sampleSet('Before') })).set;
    const a = await createAssignment(hw.url, key, { setId: set.id, opensAt: T0, closesAt: T0 + HOUR });
    const edited = { ...sampleSet('After'), items: sampleSet().items.slice(2) };
    dataOf<SetResult>(await call(hw.url, 'PUT', `/api/sets/${set.id}`, { key, json: { set: edited, revision: set.revision } }));
    const phone = await device();
    const session = await phone.ok('homework:start', { code: a.code, name: 'Ada' });
    expect(session.info).toMatchObject({ title: 'Before', items: 3 });
    const problems = await problemsOf(hw.homework, a.code, session.token);
    const done = await answerItem(phone, session, problems[0]!, 0);
    expect(done.view.note).toBe('the example from p. 42');
    expect((await teacherView(hw.url, key, a.code)).set).toEqual({ id: set.id, title: 'Before' });
  });

  it("the live view and the reports agree with what the students did", async () => {
    const key = await newTeacherKey(hw.url);
    const set = dataOf<SetResult>(await call(hw.url, 'POST', '/api/sets', { key, json: sampleSet() })).set;
    const a = await createAssignment(hw.url, key, { setId: set.id, opensAt: T0, closesAt: T0 + HOUR, studentNumber: 'optional', title: '作业 1' });
    const ada = await device();
    const bo = await device();
    const cy = await device();
    const sa = await ada.ok('homework:start', { code: a.code, name: 'Ada', studentNumber: '17' });
    const sb = await bo.ok('homework:start', { code: a.code, name: '=Bo' });
    const sc = await cy.ok('homework:start', { code: a.code, name: '陈' });
    const pa = await problemsOf(hw.homework, a.code, sa.token);
    const pb = await problemsOf(hw.homework, a.code, sb.token);
    const pc = await problemsOf(hw.homework, a.code, sc.token);
    // Ada: everything right. Bo: a catalogued mistake on item 1, then stops. Cy: skips item 1, right on 2, wrong on 3.
    for (let i = 0; i < 3; i++) await answerItem(ada, sa, pa[i]!, i);
    const mistake = pb[0]!.misconceptions[0]!;
    clock.advance(60_000);
    const boAnswer = await bo.ok('homework:answer', { code: a.code, token: sb.token, item: 0, answer: String(mistake.value) });
    expect(boAnswer.verdict).toMatchObject({ status: 'wrong', diagnosis: mistake.key });
    await cy.ok('homework:skip', { code: a.code, token: sc.token, item: 0 });
    await answerItem(cy, sc, pc[1]!, 1);
    const cyChoice = wrongAnswer(pc[2]!);
    await cy.ok('homework:answer', { code: a.code, token: sc.token, item: 2, answer: cyChoice });
    const cyLabel = pc[2]!.choices!.find((c) => c.id === cyChoice)!.label;

    const view = await teacherView(hw.url, key, a.code);
    expect(view).toMatchObject({ title: '作业 1', started: 3, finished: 2 });
    expect(view.students.map((s) => [s.name, s.studentNumber, s.itemsDone, s.correct, s.score, s.items])).toEqual([
      ['Ada', '17', 3, 3, 1000 + 2000 + 1000, ['right', 'right', 'right']],
      ['=Bo', null, 1, 0, 0, ['wrong', 'current', 'todo']],
      ['陈', null, 3, 1, 2000, ['skipped', 'right', 'wrong']],
    ]);
    expect(view.students.map((s) => s.finishedAt)).toEqual([T0, null, T0 + 60_000]);
    expect(view.perItem).toEqual([
      { item: 0, kind: 'numeric', finished: 3, correct: 1, skipped: 1, mistakes: [{ key: mistake.key, count: 1 }] },
      { item: 1, kind: 'chain-gradient', finished: 2, correct: 2, skipped: 0, mistakes: [] },
      { item: 2, kind: 'multiple-choice', finished: 2, correct: 1, skipped: 0, mistakes: [] },
    ]);

    const report = dataOf<AssignmentReport>(await call(hw.url, 'GET', `/api/assignments/${a.code}/report`, { key }));
    expect(report.students).toEqual(view.students);
    expect(report.perItem).toEqual(view.perItem);
    const rows = await hw.homework.answersOfAssignment(a.code);
    expect(report.answers).toHaveLength(rows.length);
    expect(report.answers.filter((r) => r.name === '=Bo')).toEqual([
      { studentId: view.students[1]!.studentId, name: '=Bo', studentNumber: null, item: 0, attempt: 0, step: null, answer: String(mistake.value), choice: null, status: 'wrong', diagnosis: mistake.key, at: T0 + 60_000 },
    ]);
    // A multiple-choice answer reads as the choice it names, not only its letter.
    expect(report.answers.find((r) => r.name === '陈' && r.item === 2)).toMatchObject({ answer: cyChoice, choice: cyLabel });
    expect(report.answers.filter((r) => r.name === '陈').map((r) => [r.item, r.status])).toEqual([
      [0, 'skipped'],
      [1, 'correct'],
      [2, 'wrong'],
    ]);

    const csv = async (part: string) => {
      const answer = await fetch(`${hw.url}/api/assignments/${a.code}/report?format=csv&part=${part}`, { headers: { Authorization: `Bearer ${key}` } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
      expect(answer.headers.get('content-disposition')).toContain(`homework-${a.code}-${part}.csv`);
      const bytes = Buffer.from(await answer.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      return parse(bytes.toString('utf8'), { bom: true }) as string[][];
    };
    const students = await csv('students');
    expect(students[0]).toEqual(['Name', 'Student number', 'Started', 'Last seen', 'Finished', 'Items done', 'Correct', 'Score', 'Item 1', 'Item 2', 'Item 3']);
    expect(students.slice(1).map((r) => [r[0], r[1], r[5], r[6], r[7], ...r.slice(8)])).toEqual([
      ['Ada', '17', '3', '3', '4000', 'right', 'right', 'right'],
      // A name that a spreadsheet would run as a formula is quoted.
      ["'=Bo", '', '1', '0', '0', 'wrong', 'in progress', 'not reached'],
      ['陈', '', '3', '1', '2000', 'skipped', 'right', 'wrong'],
    ]);
    const answers = await csv('answers');
    expect(answers).toHaveLength(rows.length + 1);
    const boRow = answers.find((r) => r[0] === "'=Bo")!;
    expect(answers[0]).toEqual(['Name', 'Student number', 'Item', 'Attempt', 'Step', 'Answer', 'Choice chosen', 'Verdict', 'Diagnosis', 'Time']);
    expect(boRow.slice(2, 8)).toEqual(['1', '1', '', String(mistake.value), '', 'wrong']);
    expect(boRow[8]).not.toBe('');
    const cyRow = answers.find((r) => r[0] === '陈' && r[2] === '3')!;
    expect(cyRow.slice(5, 8)).toEqual([cyChoice, plainText(renderText(cyLabel, 'en')), 'wrong']);
    expect(await csv('items')).toEqual([
      ['Item', 'Kind', 'Finished', 'Correct', 'Skipped', 'Accuracy (%)'],
      ['1', 'numeric', '3', '1', '1', '33.3'],
      ['2', 'chain-gradient', '2', '2', '0', '100'],
      ['3', 'multiple-choice', '2', '1', '0', '50'],
    ]);
    const mistakes = await csv('mistakes');
    expect(mistakes).toHaveLength(2);
    expect(mistakes[1]!.slice(0, 2)).toEqual(['1', mistake.key]);
    expect(mistakes[1]![3]).toBe('1');
    expect(refusalOf(await call(hw.url, 'GET', `/api/assignments/${a.code}/report?format=csv&part=grades`, { key }))).toMatchObject({ status: 400, code: 'invalid_payload' });
  });

  it('moves its window, but is not reopened once its deadline has passed', async () => {
    const key = await newTeacherKey(hw.url);
    const a = await createAssignment(hw.url, key, { setId: 'builtin:one-neuron:en', opensAt: T0, closesAt: T0 + HOUR });
    const moved = dataOf<AssignmentResult>(await call(hw.url, 'PATCH', `/api/assignments/${a.code}`, { key, json: { closesAt: T0 + 2 * HOUR } })).assignment;
    expect(moved.settings).toMatchObject({ opensAt: T0, closesAt: T0 + 2 * HOUR });
    expect(refusalOf(await call(hw.url, 'PATCH', `/api/assignments/${a.code}`, { key, json: { closesAt: T0 - 1 } }))).toMatchObject({ status: 400, code: 'invalid_payload' });
    const phone = await device();
    clock.advance(90 * 60_000);
    expect((await phone.ok('homework:open', { code: a.code })).window).toBe('open');
    clock.advance(HOUR);
    expect(refusalOf(await call(hw.url, 'PATCH', `/api/assignments/${a.code}`, { key, json: { closesAt: T0 + 5 * HOUR } }))).toMatchObject({ status: 409, code: 'not_allowed' });
    expect((await teacherView(hw.url, key, a.code)).window).toBe('closed');
  });
});
