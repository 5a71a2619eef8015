/**
 * A room that plays a question set, over real sockets: the source text's worked example as an
 * authored numeric item, a generated item (×0, its own time limit), a multiple-choice item with
 * two right choices and an explanation, and the example's update w′ untimed at ×2, played by three
 * players to the podium. The expected grading and points are restated here from the engine and the
 * scoring rules as docs/protocol.md states them, not read from the server's own code.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Problem, SEED_NETWORK, deriveSeed, gradeAnswer, revealsSecret } from '../../shared/engine/index.ts';
import type { PlayerResult, QuestionView, RevealView, RoomConfigInput, RoomReport } from '../../shared/protocol/index.ts';
import { type SetSnapshotInput, authoredText, problemForItem } from '../../shared/question-sets/index.ts';
import { RoomConfigSchema } from '../../shared/protocol/index.ts';
import { FakeClock } from '../room/support.ts';
import { type TestServer, TestClient, decodeFrame, startServer } from './support.ts';

const ROOM_SEED = 0x0bad_5e7;
const ROOM_LIMIT_MS = 30_000;
const NOTE = 'This is the example from p. 42';
const EXPLANATION = 'A small derivative, multiplied layer after layer, shrinks towards 0.';
const SET = {
  id: 'set_period3',
  title: 'The worked example, period 3',
  lang: 'en',
  items: [
    { type: 'numeric', network: SEED_NETWORK, asks: ['dL/dw'], note: NOTE },
    { type: 'generated', kind: 'chain-gradient', difficulty: 1, timeLimitSec: 20, points: 0 },
    {
      type: 'choice',
      question: 'Which of these make the gradient vanish in a deep sigmoid network?',
      choices: [
        { text: "$\\sigma'(z) \\le 0.25$ in every layer", correct: true },
        { text: 'A learning rate of $0.01$', correct: false },
        { text: 'Saturated activations, $|z| > 5$', correct: true },
        { text: 'A positive target', correct: false },
      ],
      explanation: EXPLANATION,
    },
    { type: 'numeric', network: SEED_NETWORK, asks: ["w'"], timeLimitSec: null, points: 2 },
  ],
} satisfies SetSnapshotInput;
const CONFIG = { title: 'Period 3', timeLimitSec: ROOM_LIMIT_MS / 1000, speedBonus: true, streakBonus: false, lang: 'en', set: SET } satisfies RoomConfigInput;
const PARSED = RoomConfigSchema.parse(CONFIG).set!;

/** The problem question i plays, as the engine makes it from the item and the question seed. */
const problemOf = (i: number): Problem => problemForItem(PARSED.items[i]!, { seed: deriveSeed(ROOM_SEED, i) });

/** The points rule restated (docs/protocol.md, "Scoring"): base × multiplier, speed on timed questions. */
function expectedPoints(status: string, remainingMs: number | null, limitMs: number | null, multiplier: number): number {
  const base = (status === 'correct' ? 1000 : status === 'close' ? 500 : 0) * multiplier;
  const speed = remainingMs === null || limitMs === null ? 0 : base * 0.5 * (remainingMs / limitMs);
  return Math.round(base + speed);
}

describe('a room that plays a question set', () => {
  let server: TestServer;
  const clock = new FakeClock();
  let host: TestClient;
  const players: TestClient[] = [];
  let code = '';
  let hostToken = '';

  beforeAll(async () => {
    server = await startServer({ clock, seedSource: () => ROOM_SEED });
  });
  afterAll(async () => {
    host?.close();
    for (const p of players) p.close();
    await server.close();
  });

  it('plays the items in order with three players to the podium: grading, ×0 and ×2, the time limits, the note at the reveal', async () => {
    host = await TestClient.connect(server.url);
    const config = structuredClone(CONFIG);
    const created = await host.ok('room:create', { config });
    ({ code, hostToken } = created);
    expect(created.snapshot.room.questionCount).toBe(4);
    expect(created.snapshot.room.set).toEqual({ id: SET.id, title: SET.title });
    // What the client sent is not the room's: changing it afterwards changes nothing.
    config.set.items[0]!.note = 'changed after the room was made';
    config.set.items.pop();

    const ids: string[] = [];
    for (const name of ['Ada', 'Bo', 'Cy']) {
      const p = await TestClient.connect(server.url);
      ids.push((await p.ok('room:join', { code, nickname: name })).playerId);
      players.push(p);
    }
    const cy = players[2]!;
    const totals = [0, 0, 0];
    const correct = [0, 0, 0];
    const asked = [0, 0, 0];
    const questionViews: QuestionView[] = [];
    const reveals: RevealView[] = [];
    const results: PlayerResult[][] = [];

    /** Each player's answer at an offset from the opening (`null`: no answer), then the close. */
    async function play(i: number, answers: (string | null)[], at: number[], close: () => Promise<void>) {
      const questionId = `q${i + 1}`;
      const views = await Promise.all([host, ...players].map((c) => c.waitFor('room:phase', (v) => v.phase === 'question' && v.questionId === questionId)));
      questionViews.push(views[0] as QuestionView);
      for (const v of views) expect(v).toMatchObject({ timeLimitMs: (views[0] as QuestionView).timeLimitMs, points: (views[0] as QuestionView).points });
      let elapsed = 0;
      for (const [k, answer] of answers.entries()) {
        if (answer === null) continue;
        clock.advance(at[k]! - elapsed);
        elapsed = at[k]!;
        await players[k]!.ok('answer:submit', { questionId, answer });
      }
      await close();
      const revealed = await Promise.all([host, ...players].map((c) => c.waitFor('room:phase', (v) => v.phase === 'reveal' && v.questionId === questionId)));
      reveals.push(revealed[0] as RevealView);
      const mine = await Promise.all(players.map((p) => p.waitFor('room:me', (me) => me.result?.questionId === questionId)));
      results.push(mine.map((me) => me.result!));
    }
    const next = async () => {
      await host.ok('game:next', { from: 'reveal' });
      await host.ok('game:next', { from: 'leaderboard' });
    };

    await host.ok('game:start', {});
    // Q1, the source example's dL/dw: Ada −0.027 and Cy −0.028 both right, Bo the classic mistake the engine names.
    const q1 = problemOf(0);
    const mistake = q1.misconceptions.find((m) => typeof m.value === 'number' && gradeAnswer(q1, String(m.value)).diagnosis === m.key)!;
    await play(0, ['-0.027', String(mistake.value), '-0.028'], [3000, 4000, 5000], async () => {});
    expect(results[0]!.map((r) => r.status)).toEqual(['correct', 'wrong', 'correct']);
    expect(results[0]![1]!.verdicts[0]!.diagnosis).toBe(mistake.key);
    expect(reveals[0]!.answer.note).toEqual(authoredText(NOTE));
    expect(reveals[0]).toMatchObject({ closedBy: 'all-answered', points: 1 });
    totals[0] = totals[0]! + expectedPoints('correct', ROOM_LIMIT_MS - 3000, ROOM_LIMIT_MS, 1);
    totals[2] = totals[2]! + expectedPoints('correct', ROOM_LIMIT_MS - 5000, ROOM_LIMIT_MS, 1);
    correct[0] = correct[0]! + 1;
    correct[2] = correct[2]! + 1;
    for (const k of [0, 1, 2]) asked[k] = asked[k]! + 1;
    await next();

    // Q2, generated, ×0 with its own 20 s: graded, no points, counted nowhere; closed by its deadline.
    const q2 = problemOf(1);
    await play(1, [String(q2.answer), String(q2.answer), null], [1000, 2000], async () => {
      clock.advance(20_000 - 2000);
    });
    expect(results[1]!.map((r) => [r.status, r.points])).toEqual([['correct', 0], ['correct', 0], ['none', 0]]);
    expect(reveals[1]).toMatchObject({ closedBy: 'deadline', points: 0, answer: { note: null, choices: null } });
    await next();

    // Q3, two right choices: either counts; the reveal names both and the explanation.
    await play(2, ['a', 'c', 'b'], [1000, 2000, 3000], async () => {});
    expect(results[2]!.map((r) => r.status)).toEqual(['correct', 'correct', 'wrong']);
    expect(reveals[2]).toMatchObject({ closedBy: 'all-answered', points: 1 });
    expect(reveals[2]!.answer.choices!.map((c) => c.id)).toEqual(['a', 'c']);
    expect(reveals[2]!.answer.note).toEqual(authoredText(EXPLANATION));
    totals[0] = totals[0]! + expectedPoints('correct', ROOM_LIMIT_MS - 1000, ROOM_LIMIT_MS, 1);
    totals[1] = totals[1]! + expectedPoints('correct', ROOM_LIMIT_MS - 2000, ROOM_LIMIT_MS, 1);
    correct[0] = correct[0]! + 1;
    correct[1] = correct[1]! + 1;
    for (const k of [0, 1, 2]) asked[k] = asked[k]! + 1;
    await next();

    // Q4, w′ untimed at ×2: 0.40027 and 0.40028 right, 0.4 (no step) wrong; ten minutes close nothing.
    await play(3, ['0.40027', '0.40028', null], [1000, 2000], async () => {
      clock.advance(10 * 60_000);
      expect(host.latest('room:phase')).toMatchObject({ phase: 'question', remainingMs: null });
      await cy.ok('answer:submit', { questionId: 'q4', answer: '0.4' });
    });
    expect(results[3]!.map((r) => [r.status, r.points])).toEqual([['correct', 2000], ['correct', 2000], ['wrong', 0]]);
    expect(reveals[3]).toMatchObject({ closedBy: 'all-answered', points: 2, answer: { note: null } });
    totals[0] = totals[0]! + expectedPoints('correct', null, null, 2);
    totals[1] = totals[1]! + expectedPoints('correct', null, null, 2);
    correct[0] = correct[0]! + 1;
    correct[1] = correct[1]! + 1;
    for (const k of [0, 1, 2]) asked[k] = asked[k]! + 1;

    expect(questionViews.map((v) => [v.timeLimitMs, v.points])).toEqual([[ROOM_LIMIT_MS, 1], [20_000, 0], [ROOM_LIMIT_MS, 1], [null, 2]]);
    expect(questionViews[2]!.problem).toMatchObject({ kind: 'multiple-choice', format: 'choice' });
    await host.ok('game:next', { from: 'reveal' });
    await host.ok('game:next', { from: 'leaderboard' });
    const podium = await host.waitFor('room:standings', (s) => s.final);
    const byId = new Map(podium.players.map((p) => [p.playerId, p]));
    expect(ids.map((id) => byId.get(id)!.score)).toEqual(totals);
    expect(ids.map((id) => [byId.get(id)!.correct, byId.get(id)!.asked])).toEqual(correct.map((c, k) => [c, asked[k]]));
  });

  it('sends no note and no right choice before the reveal, to any socket', () => {
    for (const [c, client] of [host, ...players].entries()) {
      const frames = client.frames.map((raw) => ({ raw, ...decodeFrame(raw) }));
      const firstReveal = (questionId: string) =>
        frames.findIndex(({ kind, args }) => kind === 'event' && args[0] === 'room:phase' && (args[1] as RevealView).phase === 'reveal' && (args[1] as RevealView).questionId === questionId);
      const openAt = (questionId: string) =>
        frames.findIndex(({ kind, args }) => kind === 'event' && args[0] === 'room:phase' && (args[1] as QuestionView).phase === 'question' && (args[1] as QuestionView).questionId === questionId);
      for (const [i, secret] of [[0, NOTE], [2, EXPLANATION]] as const) {
        const reveal = firstReveal(`q${i + 1}`);
        expect(reveal, `socket ${c} saw q${i + 1}'s reveal`).toBeGreaterThan(0);
        const before = frames.slice(0, reveal).map((f) => f.raw);
        expect(before.filter((raw) => raw.includes(secret)), `socket ${c}, q${i + 1}`).toEqual([]);
        expect(frames[reveal]!.raw).toContain(secret);
      }
      // The set itself never travels: no item's right flags, note or explanation outside a reveal.
      for (const f of frames) expect(f.raw).not.toMatch(/"correct":(true|false)\}/);
      // The authored numeric items' answers (−0.027, w′ = 0.400…) in no frame of their question before its reveal.
      for (const i of [0, 3]) {
        const problem = problemOf(i);
        const leaked = frames.slice(openAt(`q${i + 1}`), firstReveal(`q${i + 1}`)).filter((f) => revealsSecret(problem, f.raw));
        expect(leaked.map((f) => f.raw.slice(0, 120)), `socket ${c}, q${i + 1}`).toEqual([]);
      }
      // Between Q3's opening and its reveal: no answer key and no grading of its choices.
      for (const f of frames.slice(openAt('q3'), firstReveal('q3'))) {
        expect(f.raw).not.toContain('"accepted":[');
        expect(f.raw).not.toContain('"answer":{"value"');
        expect(f.raw).not.toContain('"note":');
      }
    }
  });

  it('names the set and each question origin in the report and its questions CSV', async () => {
    const get = (url: string) => fetch(`${server.url}${url}`, { headers: { Authorization: `Bearer ${hostToken}` } });
    const report = ((await (await get(`/api/rooms/${code}/report.json`)).json()) as { data: RoomReport }).data;
    expect(report.room.set).toEqual({ id: SET.id, title: SET.title });
    expect(report.questions.map((q) => q.origin)).toEqual([
      { type: 'numeric', item: 1 },
      { type: 'generated', item: 2 },
      { type: 'choice', item: 3 },
      { type: 'numeric', item: 4 },
    ]);
    expect(report.questions.map((q) => q.points)).toEqual([1, 0, 1, 2]);
    expect(report.questions[2]!.kind).toBe('multiple-choice');
    expect(report.questions[2]!.answer!.choices!.map((c) => c.id)).toEqual(['a', 'c']);
    const rows = parse(await (await get(`/api/rooms/${code}/questions.csv`)).text(), { bom: true }) as string[][];
    const [header, ...body] = rows as [string[], ...string[][]];
    const col = (name: string) => header.indexOf(name);
    expect(body.map((r) => [r[col('Question set')], r[col('Origin')], r[col('Points multiplier')]])).toEqual([
      [SET.title, 'authored numeric, item 1', '×1'],
      [SET.title, 'generated, item 2', '×0'],
      [SET.title, 'authored multiple choice, item 3', '×1'],
      [SET.title, 'authored numeric, item 4', '×2'],
    ]);
    // The choice question's row: its choices in the problem, both right ones in the answer.
    const choiceRow = body[2]!;
    expect(choiceRow[col('Problem')]).toContain('[a] σ′(z) ≤ 0.25 in every layer');
    expect(choiceRow[col('Problem')]).toContain('[d] A positive target');
    expect(choiceRow[col('Answer')]).toBe('[a] σ′(z) ≤ 0.25 in every layer, [c] Saturated activations, |z| > 5');
    expect(choiceRow[col('Answers given')]).toBe('a (correct) × 1, b (wrong) × 1, c (correct) × 1');
  });
});

describe('a bad set', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({});
  });
  afterAll(async () => {
    await server.close();
  });

  it('is refused with invalid_payload naming the item and field, and creates nothing', async () => {
    const host = await TestClient.connect(server.url);
    const bce = { ...SEED_NETWORK, loss: 'bce' as const, layers: [{ w: 0.4, b: 0.1, activation: 'relu' as const }] };
    const cases: [RoomConfigInput, RegExp][] = [
      [{ ...CONFIG, mode: 'relay', teams: { count: 2 } }, /set/],
      [{ ...CONFIG, mode: 'chain-steps' }, /set.*quiz/],
      [{ set: { ...SET, items: [SET.items[0]!, { type: 'numeric', network: bce, asks: ['dL/dw'] }] } }, /item 2.*network/],
      [{ set: { ...SET, items: [{ type: 'numeric', network: SEED_NETWORK, asks: ['dL/dw3'] }] } }, /item 1.*asks/],
      [{ set: { ...SET, items: [{ type: 'choice', question: 'Same?', choices: [{ text: 'yes', correct: true }, { text: 'Yes', correct: false }] }] } }, /item 1.*choices\.1/],
      [{ set: { ...SET, items: [] } }, /set: items/],
    ];
    const before = server.application.registry.size;
    for (const [config, message] of cases) {
      const result = await host.call('room:create', { config });
      expect(result.ok, JSON.stringify(config).slice(0, 80)).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe('invalid_payload');
      expect(result.error.message).toMatch(message);
    }
    expect(server.application.registry.size).toBe(before);
    // The same connection can still make a room with a good set.
    expect((await host.ok('room:create', { config: CONFIG })).snapshot.room.questionCount).toBe(4);
    host.close();
  });
});
