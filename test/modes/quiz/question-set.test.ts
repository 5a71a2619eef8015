/** A quiz room that plays a question set: the config, the plan from the items, per-item time limits and points. */
import { describe, expect, it } from 'vitest';
import { SEED_NETWORK, deriveSeed, generateProblem } from '../../../shared/engine/index.ts';
import { RoomConfigSchema, type RoomConfigInput } from '../../../shared/protocol/index.ts';
import { BUILT_IN_SETS, type SetSnapshotInput, problemForItem } from '../../../shared/question-sets/index.ts';
import { MAX_MESSAGE_BYTES_LIMIT } from '../../../server/config.ts';
import { parse } from 'csv-parse/sync';
import { questionsCsv } from '../../../server/report/report-csv.ts';
import { buildReport } from '../../../server/report/room-report.ts';
import { phaseViewFor, roomInfoView } from '../../../server/room/view.ts';
import { HOST, accept, freshRoom, joinPlayers, openQuestion, player, rightAnswer } from '../../room/helpers.ts';
import { FakeClock, FakeTransport, T0, silentLogger } from '../../room/support.ts';
import { RoomRegistry } from '../../../server/room/room-registry.ts';

/** Generated items only: a set the room can play whatever the engine does with authored items. */
const GENERATED_SET: SetSnapshotInput = {
  id: 'set_abc',
  title: 'Period 3',
  lang: 'en',
  items: [
    { type: 'generated', kind: 'chain-gradient', difficulty: 1, seed: 7 },
    { type: 'generated', kind: 'update', difficulty: 2, timeLimitSec: 20, points: 2 },
    { type: 'generated', kind: 'forward', difficulty: 1, timeLimitSec: null, points: 0 },
  ],
};
const ROOM: RoomConfigInput = { timeLimitSec: 45, speedBonus: false, kinds: ['deep-chain'], difficulties: [3], questionCount: 10, set: GENERATED_SET };

describe('a room created with a set', () => {
  it('takes the set only in quiz mode, and names `set` when it refuses it', () => {
    expect(RoomConfigSchema.safeParse(ROOM).success).toBe(true);
    for (const mode of ['chain-steps', 'relay', 'descent'] as const) {
      const parsed = RoomConfigSchema.safeParse({ ...ROOM, mode, teams: { count: 2 } });
      expect(parsed.success, mode).toBe(false);
      expect(parsed.error!.issues.map((i) => i.path.join('.'))).toContain('set');
    }
  });

  it('plays the items in order: questionCount is the number of items, kinds and difficulties are ignored', () => {
    const s = freshRoom(ROOM);
    expect(s.config.questionCount).toBe(3);
    expect(s.plan).toEqual([
      { kind: 'chain-gradient', difficulty: 1, item: 0 },
      { kind: 'update', difficulty: 2, item: 1 },
      { kind: 'forward', difficulty: 1, item: 2 },
    ]);
    expect(s.config.set!.items).toHaveLength(3);
    // Every screen may say which set is played (and nothing more of it: no item reaches a device before its question).
    expect(roomInfoView(s).set).toEqual({ id: 'set_abc', title: 'Period 3' });
    expect(roomInfoView(freshRoom({})).set).toBeNull();
  });

  it('makes a generated item with its pinned seed, or else with the question seed', () => {
    let s = joinPlayers(freshRoom(ROOM, 99), ['Ada']);
    s = accept(s, HOST, { type: 'game:start' }).state;
    expect(openQuestion(s).question.problem).toEqual(generateProblem({ kind: 'chain-gradient', difficulty: 1, seed: 7 }));
    s = accept(s, HOST, { type: 'question:end' }).state;
    s = accept(s, HOST, { type: 'game:next' }).state;
    s = accept(s, HOST, { type: 'game:next' }).state;
    expect(openQuestion(s).question.problem).toEqual(generateProblem({ kind: 'update', difficulty: 2, seed: deriveSeed(99, 1) }));
  });

  it("gives each question its item's time limit: the room's when absent, none when null", () => {
    let s = joinPlayers(freshRoom(ROOM), ['Ada']);
    s = accept(s, HOST, { type: 'game:start' }).state;
    expect(openQuestion(s).question.limitMs).toBe(45_000);
    expect(s.phase).toMatchObject({ deadline: T0 + 45_000 });
    s = accept(s, HOST, { type: 'question:end' }).state;
    s = accept(s, HOST, { type: 'game:next' }).state;
    s = accept(s, HOST, { type: 'game:next' }, T0 + 1000).state;
    expect(openQuestion(s).question.limitMs).toBe(20_000);
    expect(s.phase).toMatchObject({ deadline: T0 + 21_000 });
    s = accept(s, HOST, { type: 'question:end' }).state;
    s = accept(s, HOST, { type: 'game:next' }).state;
    s = accept(s, HOST, { type: 'game:next' }).state;
    expect(openQuestion(s).question.limitMs).toBeNull();
    expect(s.phase).toMatchObject({ deadline: null });
    // An untimed room: items without a limit of their own are untimed, one with a limit is timed.
    let untimed = joinPlayers(freshRoom({ ...ROOM, timeLimitSec: null }), ['Ada']);
    untimed = accept(untimed, HOST, { type: 'game:start' }).state;
    expect(openQuestion(untimed).question.limitMs).toBeNull();
    untimed = accept(untimed, HOST, { type: 'question:end' }).state;
    untimed = accept(untimed, HOST, { type: 'game:next' }).state;
    untimed = accept(untimed, HOST, { type: 'game:next' }).state;
    expect(openQuestion(untimed).question.limitMs).toBe(20_000);
  });

  it('multiplies the points by the item: ×2 doubles them, ×0 scores nothing and counts in neither correct nor asked', () => {
    let s = joinPlayers(freshRoom(ROOM), ['Ada', 'Bo']);
    s = accept(s, HOST, { type: 'game:start' }).state;
    const answerRight = (state: typeof s, at: number) => {
      const { question } = openQuestion(state);
      return accept(state, player('p1'), { type: 'answer:submit', questionId: question.id, answer: rightAnswer(question.problem) }, at).state;
    };
    s = answerRight(s, T0 + 1000);
    s = accept(s, HOST, { type: 'question:end' }, T0 + 2000).state;
    expect(s.questions[0]!.results!.p1!.points).toBe(1000);
    expect(s.players.p1).toMatchObject({ score: 1000, correct: 1, asked: 1, streak: 1 });
    s = accept(s, HOST, { type: 'game:next' }).state;
    s = accept(s, HOST, { type: 'game:next' }, T0 + 3000).state;
    s = answerRight(s, T0 + 4000);
    s = accept(s, HOST, { type: 'question:end' }, T0 + 5000).state;
    expect(s.questions[1]!.results!.p1).toMatchObject({ points: 2000, breakdown: { base: 2000, speed: 0, streak: 0 }, correct: true });
    expect(s.players.p1).toMatchObject({ score: 3000, correct: 2, asked: 2, streak: 2 });
    expect(s.players.p2).toMatchObject({ score: 0, correct: 0, asked: 2, streak: 0 });
    s = accept(s, HOST, { type: 'game:next' }).state;
    s = accept(s, HOST, { type: 'game:next' }, T0 + 6000).state;
    s = answerRight(s, T0 + 7000);
    s = accept(s, HOST, { type: 'question:end' }, T0 + 8000).state;
    // Graded and shown as right, but practice: no points, and the counts and the streak stay.
    expect(s.questions[2]!.results!.p1).toMatchObject({ status: 'correct', correct: true, points: 0, breakdown: { base: 0, speed: 0, streak: 0 }, streak: 2 });
    expect(s.players.p1).toMatchObject({ score: 3000, correct: 2, asked: 2, streak: 2 });
    expect(s.players.p2).toMatchObject({ score: 0, correct: 0, asked: 2, streak: 0 });
  });

  it("tells every viewer the question's own time limit and points multiplier, in the question and at the reveal", () => {
    let s = joinPlayers(freshRoom(ROOM), ['Ada']);
    s = accept(s, HOST, { type: 'game:start' }).state;
    const seen: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      for (const audience of [{ role: 'host' } as const, { role: 'player', teamId: null } as const]) {
        const view = phaseViewFor(s, audience, T0);
        seen.push([view.phase, (view as { timeLimitMs: unknown }).timeLimitMs, (view as { points: unknown }).points]);
        const reveal = phaseViewFor(accept(s, HOST, { type: 'question:end' }).state, audience, T0);
        seen.push([reveal.phase, (reveal as { points: unknown }).points]);
      }
      s = accept(s, HOST, { type: 'question:end' }).state;
      s = accept(s, HOST, { type: 'game:next' }).state;
      if (s.phase.phase === 'leaderboard') s = accept(s, HOST, { type: 'game:next' }).state;
    }
    expect(seen).toEqual([
      ...Array(2).fill([['question', 45_000, 1], ['reveal', 1]]).flat(),
      ...Array(2).fill([['question', 20_000, 2], ['reveal', 2]]).flat(),
      ...Array(2).fill([['question', null, 0], ['reveal', 0]]).flat(),
    ]);
    // A room without a set: every question ×1.
    let plain = joinPlayers(freshRoom({ questionCount: 1 }), ['Ada']);
    plain = accept(plain, HOST, { type: 'game:start' }).state;
    expect(phaseViewFor(plain, { role: 'host' }, T0)).toMatchObject({ phase: 'question', points: 1 });
  });

  it('names the set in the report and each question its origin, in the JSON and in the questions CSV of both languages', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      let s = joinPlayers(freshRoom({ ...ROOM, lang }), ['Ada']);
      s = accept(s, HOST, { type: 'game:start' }).state;
      for (let i = 0; i < 3; i++) {
        s = accept(s, HOST, { type: 'question:end' }).state;
        s = accept(s, HOST, { type: 'game:next' }).state;
        if (s.phase.phase === 'leaderboard') s = accept(s, HOST, { type: 'game:next' }).state;
      }
      const report = buildReport(s, { live: true, finishedAt: null, now: T0 });
      expect(report.room.set).toEqual({ id: 'set_abc', title: 'Period 3' });
      expect(report.questions.map((q) => q.origin)).toEqual([1, 2, 3].map((item) => ({ type: 'generated', item })));
      expect(report.questions.map((q) => q.points)).toEqual([1, 2, 0]);
      const rows = parse(questionsCsv(report), { bom: true }) as string[][];
      const header = rows[0]!;
      const setAt = header.indexOf(lang === 'en' ? 'Question set' : '题集');
      const originAt = header.indexOf(lang === 'en' ? 'Origin' : '来源');
      expect(setAt, header.join('|')).toBeGreaterThan(-1);
      const pointsAt = header.indexOf(lang === 'en' ? 'Points multiplier' : '分值倍数');
      expect(rows.slice(1).map((r) => [r[setAt], r[originAt], r[pointsAt]])).toEqual(
        [1, 2, 3].map((n, i) => ['Period 3', lang === 'en' ? `generated, item ${n}` : `自动生成（第 ${n} 项）`, ['×1', '×2', '×0'][i]]),
      );
    }
    // Without a set: no set, no origin, empty cells.
    let plain = joinPlayers(freshRoom({ questionCount: 1 }), ['Ada']);
    plain = accept(accept(plain, HOST, { type: 'game:start' }).state, HOST, { type: 'question:end' }).state;
    const report = buildReport(plain, { live: true, finishedAt: null, now: T0 });
    expect(report.room.set).toBeNull();
    expect(report.questions[0]!.origin).toBeNull();
    expect(report.questions[0]!.points).toBe(1);
    const rows = parse(questionsCsv(report), { bom: true }) as string[][];
    const at = rows[0]!.indexOf('来源');
    expect(rows[1]![at]).toBe('');
  });

  it("gives teams their own numbers: a generated item when the room's variants are on, a numeric item when it asks, a choice never", () => {
    const items = [
      { type: 'generated', kind: 'update', difficulty: 1 },
      { type: 'numeric', network: SEED_NETWORK, asks: ['dL/dw'], variants: true },
      { type: 'numeric', network: SEED_NETWORK, asks: ['dL/dw'] },
      { type: 'choice', question: 'Right?', choices: [{ text: 'yes', correct: true }, { text: 'no', correct: false }] },
    ] as const;
    const parsed = RoomConfigSchema.parse({ set: { ...GENERATED_SET, items } }).set!;
    for (const variants of [true, false]) {
      let s = joinPlayers(freshRoom({ set: { ...GENERATED_SET, items: structuredClone(items) as never }, teams: { count: 2, variants } }, 11), ['Ada', 'Bo']);
      s = accept(s, HOST, { type: 'game:start' }).state;
      const seen: (string[] | null)[] = [];
      for (let i = 0; i < items.length; i++) {
        const { question } = openQuestion(s);
        const seed = deriveSeed(11, i);
        expect(question.problem).toEqual(problemForItem(parsed.items[i]!, { seed }));
        seen.push(question.variants ? Object.keys(question.variants) : null);
        for (const [teamId, problem] of Object.entries(question.variants ?? {})) expect(problem).toEqual(problemForItem(parsed.items[i]!, { seed, variant: teamId }));
        s = accept(s, HOST, { type: 'question:end' }).state;
        s = accept(s, HOST, { type: 'game:next' }).state;
        if (s.phase.phase === 'leaderboard') s = accept(s, HOST, { type: 'game:next' }).state;
      }
      expect(seen, `room variants ${variants}`).toEqual([variants ? ['t1', 't2'] : null, ['t1', 't2'], null, null]);
    }
  });

  it('plays every built-in set to its end, each within the frame a room:create may send', () => {
    expect(BUILT_IN_SETS.length).toBeGreaterThan(0);
    for (const set of BUILT_IN_SETS) {
      const payload = JSON.stringify({ config: { title: set.title, lang: set.lang, set } });
      expect(Buffer.byteLength(payload), String(set.id)).toBeLessThan(MAX_MESSAGE_BYTES_LIMIT - 100);
      let s = joinPlayers(freshRoom({ lang: set.lang, set }), ['Ada']);
      s = accept(s, HOST, { type: 'game:start' }).state;
      for (let i = 0; i < set.items.length; i++) {
        const { question } = openQuestion(s);
        const problem = question.problem;
        const answer = problem.steps ? String(problem.steps[0]!.answer) : String(problem.answer);
        s = accept(s, player('p1'), { type: 'answer:submit', questionId: question.id, answer, ...(problem.steps ? { step: 0 } : {}) }).state;
        if (s.phase.phase === 'question') s = accept(s, HOST, { type: 'question:end' }).state;
        s = accept(s, HOST, { type: 'game:next' }).state;
        if (s.phase.phase === 'leaderboard') s = accept(s, HOST, { type: 'game:next' }).state;
      }
      expect(s.phase.phase, String(set.id)).toBe('podium');
      expect(s.questions.map((q) => q.item)).toEqual(set.items.map((_, i) => i));
    }
  });

  it('keeps its own copy of the set: changing the config object it was made from afterwards changes nothing', () => {
    const registry = new RoomRegistry({
      clock: new FakeClock(),
      logger: silentLogger,
      transportFor: () => new FakeTransport(),
      seedSource: () => 3,
      maxRooms: 10,
      idleTtlMs: 3600_000,
      endedLingerMs: 1000,
      presenceIntervalMs: 0,
    });
    const config = RoomConfigSchema.parse(ROOM);
    const created = registry.create(config);
    if ('error' in created) throw new Error(created.error.code);
    const before = structuredClone(created.room.current.config);
    config.set!.items[0]!.timeLimitSec = 5;
    config.set!.items.pop();
    config.set!.title = 'edited';
    expect(created.room.current.config).toEqual(before);
    expect(created.room.current.config.set!.items).toHaveLength(3);
    registry.disposeAll();
  });

  it('plays the same items again after "Play again", generated ones with new numbers unless pinned', () => {
    let s = joinPlayers(freshRoom(ROOM, 5), ['Ada']);
    s = accept(s, HOST, { type: 'game:start' }).state;
    s = accept(s, HOST, { type: 'game:end' }).state;
    s = accept(s, HOST, { type: 'game:again' }).state;
    expect(s.plan).toEqual(freshRoom(ROOM).plan);
    s = accept(s, HOST, { type: 'game:start' }).state;
    expect(openQuestion(s).question.problem).toEqual(generateProblem({ kind: 'chain-gradient', difficulty: 1, seed: 7 }));
  });
});
