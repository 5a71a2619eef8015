/**
 * A whole game over real sockets: a host and 8 players in 3 teams play 5 questions, each
 * player answering correctly, close, with a classic mistake, or unreadably. The expected
 * scores are computed here, from the engine's grading and the scoring rules as
 * docs/protocol.md states them — not from the server's own code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Problem,
  type Verdict,
  deriveSeed,
  generateProblem,
  gradeAnswer,
  toPublicProblem,
} from '../../shared/engine/index.ts';
import type { PlayerResult, QuestionView, RevealView, RoomConfigInput } from '../../shared/protocol/index.ts';
import { FakeClock } from '../room/support.ts';
import { type TestServer, TestClient, startServer } from './support.ts';

const ROOM_SEED = 0x5eed_cafe;
const LIMIT_MS = 60_000;
const CONFIG = {
  title: 'Chain rule, period 3',
  kinds: ['chain-gradient', 'update', 'chain-steps', 'deep-chain', 'cross-entropy'],
  difficulties: [1],
  questionCount: 5,
  timeLimitSec: LIMIT_MS / 1000,
  speedBonus: true,
  streakBonus: true,
  teams: { count: 3, assignment: 'self', variants: true },
  lang: 'en',
} satisfies RoomConfigInput;
const TEAMS = ['t1', 't1', 't1', 't2', 't2', 't2', 't3', 't3'];
const BEHAVIOURS = ['correct', 'close', 'misconception', 'invalid'] as const;
type Behaviour = (typeof BEHAVIOURS)[number];

// ─── The scoring rules, restated from docs/protocol.md ─────────────────────────────

interface Graded {
  status: Verdict['status'] | 'none';
  consistent: boolean | null;
}
function credit(g: Graded): number {
  const own = g.status === 'correct' ? 1 : g.status === 'close' ? 0.5 : 0;
  return Math.max(own, g.consistent === true && g.status !== 'none' ? 0.75 : 0);
}
function expectedPoints(grades: Graded[], remainingMs: number | null, streakBefore: number) {
  const base = (1000 * grades.reduce((sum, g) => sum + credit(g), 0)) / grades.length;
  const speed = remainingMs === null ? 0 : base * 0.5 * (remainingMs / LIMIT_MS);
  const correct = grades.every((g) => g.status === 'correct');
  const streakAfter = correct ? streakBefore + 1 : 0;
  const streak = correct ? Math.min(500, 100 * (streakAfter - 1)) : 0;
  return { points: Math.round(base + speed + streak), correct, streakAfter };
}

// ─── What each kind of student types ───────────────────────────────────────────────

function numericOf(problem: Problem, step: number | null) {
  const source = step === null ? problem : problem.steps![step]!;
  const grading = source.grading;
  if (grading.type !== 'numeric') throw new Error('numeric problems only');
  return { source, grading };
}

function answerFor(behaviour: Behaviour, problem: Problem, step: number | null): string {
  const { source, grading } = numericOf(problem, step);
  const base = grading.base ?? 0;
  switch (behaviour) {
    case 'correct':
      return String(grading.value);
    case 'close': {
      // 30 % off, unless that lands on a classic mistake the engine names (then a little further).
      const candidates = [1.3, 1.4, 1.5].map((f) => String(base + (grading.value - base) * f));
      return step === null ? (candidates.find((c) => gradeAnswer(problem, c).status === 'close') ?? candidates[0]!) : candidates[0]!;
    }
    case 'misconception': {
      // The first classic mistake the engine names when graded on its own.
      for (const m of source.misconceptions) {
        if (typeof m.value !== 'number') continue;
        const verdict = gradeAnswer(problem, String(m.value), step === null ? {} : { step, earlier: {} });
        if (verdict.diagnosis === m.key) return String(m.value);
      }
      return String(-grading.value * 7);
    }
    case 'invalid':
      return '0..5';
  }
}

describe('a full game over real sockets', () => {
  let server: TestServer;
  const clock = new FakeClock();
  let host: TestClient;
  const players: TestClient[] = [];
  const totals = new Map<number, number>();
  const streaks = new Map<number, number>();
  const correctCounts = new Map<number, number>();
  let misconceptionsSeen = 0;

  beforeAll(async () => {
    server = await startServer({ clock, seedSource: () => ROOM_SEED });
  });
  afterAll(async () => {
    host?.close();
    for (const p of players) p.close();
    await server.close();
  });

  it('creates the room, lets 8 players choose their teams, and plays 5 questions to the podium', async () => {
    host = await TestClient.connect(server.url);
    expect(await host.ok('session:hello', { protocolVersion: 2 })).toMatchObject({ protocolVersion: 2 });
    const created = await host.ok('room:create', { config: CONFIG });
    expect(created.code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/);
    // A server on 127.0.0.1 answers no network address: the link stays on the origin the host used.
    expect(created.joinUrl).toBe(`${server.url}/join/${created.code}`);
    expect(created.snapshot).toMatchObject({ role: 'host', protocolVersion: 2, phase: { phase: 'lobby' }, roster: [] });
    expect(created.snapshot.room.teams!.map((t) => t.id)).toEqual(['t1', 't2', 't3']);

    for (let k = 0; k < 8; k++) {
      const p = await TestClient.connect(server.url);
      players.push(p);
      // Lower case and a space, as typed on a phone.
      const joined = await p.ok('room:join', { code: `${created.code.slice(0, 3).toLowerCase()} ${created.code.slice(3)}`, nickname: `玩家${k + 1}`, teamId: TEAMS[k] });
      expect(joined.snapshot.me).toMatchObject({ name: `玩家${k + 1}`, teamId: TEAMS[k], score: 0 });
      expect(joined.token).toMatch(new RegExp(`^${created.code}\\.`));
      totals.set(k, 0);
      streaks.set(k, 0);
      correctCounts.set(k, 0);
    }
    await host.waitFor('room:presence', (p) => p.players === 8 && p.connected === 8);

    await host.ok('game:start', {});
    for (let i = 0; i < 5; i++) {
      const questionId = `q${i + 1}`;
      const kind = CONFIG.kinds[i]!;
      // Each player answers the problem of their own team, as documented: deriveSeed(roomSeed, `${i}:${teamId}`).
      const problems = TEAMS.map((teamId) => generateProblem({ kind, seed: deriveSeed(ROOM_SEED, `${i}:${teamId}`), difficulty: 1 }));
      const views = await Promise.all(players.map((p) => p.waitFor('room:phase', (v) => v.phase === 'question' && v.questionId === questionId)));
      views.forEach((view, k) => {
        const q = view as QuestionView;
        expect(q.problem).toEqual(toPublicProblem(problems[k]!));
        expect(q).toMatchObject({ index: i, total: 5, timeLimitMs: LIMIT_MS, remainingMs: LIMIT_MS, paused: false, variants: true });
      });
      const hostView = (await host.waitFor('room:phase', (v) => v.phase === 'question' && v.questionId === questionId)) as QuestionView;
      expect(hostView.problem).toEqual(toPublicProblem(generateProblem({ kind, seed: deriveSeed(ROOM_SEED, i), difficulty: 1 })));

      const expected = new Map<number, { points: number; grades: Graded[]; status: PlayerResult['status'] }>();
      for (let k = 0; k < 8; k++) {
        clock.advance(1000);
        const remaining = LIMIT_MS - 1000 * (k + 1);
        const behaviour = BEHAVIOURS[(k + i) % 4]!;
        const problem = problems[k]!;
        const stepCount = problem.steps?.length ?? 0;
        const grades: Graded[] = [];
        let answeredAny = false;
        if (stepCount === 0) {
          const answer = answerFor(behaviour, problem, null);
          const ack = await players[k]!.call('answer:submit', { questionId, answer });
          const verdict = gradeAnswer(problem, answer);
          if (behaviour === 'invalid') {
            expect(verdict.status).toBe('invalid');
            expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_answer', text: verdict.message } });
            grades.push({ status: 'none', consistent: null });
          } else {
            expect(ack).toEqual({ ok: true, data: { questionId, step: null, nextStep: null, final: true, answer: { questionId, steps: [answer], complete: true } } });
            expect(verdict.status).toBe(behaviour === 'misconception' ? 'wrong' : behaviour);
            if (verdict.diagnosis) misconceptionsSeen++;
            grades.push({ status: verdict.status, consistent: null });
            answeredAny = true;
          }
        } else {
          const earlier: Record<string, number> = {};
          for (let step = 0; step < stepCount; step++) {
            const answer = answerFor(behaviour, problem, step);
            const ack = await players[k]!.call('answer:submit', { questionId, answer, step });
            const verdict = gradeAnswer(problem, answer, { step, earlier: { ...earlier } });
            if (behaviour === 'invalid') {
              expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_answer' } });
              break;
            }
            expect(ack).toMatchObject({ ok: true, data: { step, nextStep: step + 1 < stepCount ? step + 1 : null } });
            if (verdict.diagnosis) misconceptionsSeen++;
            grades.push({ status: verdict.status, consistent: verdict.consistent ?? null });
            earlier[problem.steps![step]!.asks] = verdict.value as number;
            answeredAny = true;
          }
          while (grades.length < stepCount) grades.push({ status: 'none', consistent: null });
        }
        const scored = expectedPoints(grades, answeredAny ? remaining : null, streaks.get(k)!);
        streaks.set(k, scored.streakAfter);
        totals.set(k, totals.get(k)! + scored.points);
        if (scored.correct) correctCounts.set(k, correctCounts.get(k)! + 1);
        const status: PlayerResult['status'] = !answeredAny
          ? 'none'
          : grades.length === 1
            ? (grades[0]!.status as PlayerResult['status'])
            : scored.correct
              ? 'correct'
              : grades.some((g) => credit(g) > 0)
                ? 'partial'
                : 'wrong';
        expected.set(k, { points: scored.points, grades, status });
      }

      // Question 4: the players who typed nonsense fix it; everyone has answered, so it closes at once.
      if (i === 3) {
        clock.advance(1000);
        for (let k = 0; k < 8; k++) {
          if (BEHAVIOURS[(k + i) % 4] !== 'invalid') continue;
          const problem = problems[k]!;
          await players[k]!.ok('answer:submit', { questionId, answer: answerFor('correct', problem, null) });
          streaks.set(k, streaks.get(k)! + 1);
          const scored = expectedPoints([{ status: 'correct', consistent: null }], LIMIT_MS - 9000, streaks.get(k)! - 1);
          totals.set(k, totals.get(k)! + scored.points);
          correctCounts.set(k, correctCounts.get(k)! + 1);
          expected.set(k, { points: scored.points, grades: [{ status: 'correct', consistent: null }], status: 'correct' });
        }
      } else if (i === 4) {
        await host.ok('question:end', { questionId });
      } else {
        // Questions 1–3 run out of time.
        clock.advance(LIMIT_MS);
      }

      const reveals = await Promise.all(players.map((p) => p.waitFor('room:phase', (v) => v.phase === 'reveal' && v.questionId === questionId)));
      const closedBy = i === 3 ? 'all-answered' : i === 4 ? 'host' : 'deadline';
      for (let k = 0; k < 8; k++) {
        const reveal = reveals[k] as RevealView;
        expect(reveal).toMatchObject({ closedBy, stats: null, variants: null });
        expect(reveal.answer.value).toBe(problems[k]!.answer);
        expect(reveal.solution).toEqual(problems[k]!.solution);
        const me = await players[k]!.waitFor('room:me', (m) => m.result?.questionId === questionId);
        const want = expected.get(k)!;
        expect(me.result!.points, `player ${k + 1}, question ${i + 1}`).toBe(want.points);
        expect(me.result!.status).toBe(want.status);
        expect(me.result!.verdicts.map((v) => ({ status: v.status, consistent: v.consistent }))).toEqual(want.grades);
        expect(me.score).toBe(totals.get(k));
      }
      const hostReveal = (await host.waitFor('room:phase', (v) => v.phase === 'reveal' && v.questionId === questionId)) as RevealView;
      const stats = hostReveal.stats!;
      expect(stats.players).toBe(8);
      expect(stats.byStatus.none).toBe([...expected.values()].filter((e) => e.status === 'none').length);
      expect(stats.byStatus.correct).toBe([...expected.values()].filter((e) => e.status === 'correct').length);
      expect(stats.teams!.map((t) => t.members)).toEqual([3, 3, 2]);
      expect(hostReveal.variants!.map((v) => v.answer.value)).toEqual(['t1', 't2', 't3'].map((t) => problems[TEAMS.indexOf(t)]!.answer));

      await host.ok('game:next', { from: 'reveal' });
      const board = await players[0]!.waitFor('room:standings', (s) => s.scoredQuestions === i + 1);
      const sorted = [...totals.entries()].sort((a, b) => b[1] - a[1]);
      expect(board.players.map((p) => p.score)).toEqual(sorted.map(([, score]) => score));
      await players[0]!.waitFor('room:phase', (v) => v.phase === 'leaderboard' && v.index === i);
      await host.ok('game:next', { from: 'leaderboard' });
    }

    const podium = await players[0]!.waitFor('room:phase', (v) => v.phase === 'podium');
    expect(podium).toEqual({ phase: 'podium', endedEarly: false });
    const final = await host.waitFor('room:standings', (s) => s.final);
    expect(final.scoredQuestions).toBe(5);
    expect(misconceptionsSeen).toBeGreaterThan(5);

    // Every player's final score, accuracy kept apart from points.
    const snapshots = await Promise.all(players.map((p) => p.ok('room:sync', {})));
    snapshots.forEach((snapshot, k) => {
      if (snapshot.role !== 'player') throw new Error('expected a player snapshot');
      expect(snapshot.me).toMatchObject({ score: totals.get(k), correct: correctCounts.get(k), asked: 5 });
    });
    // Team score = mean of the members' scores, one decimal.
    for (const team of final.teams!) {
      const members = [...totals.entries()].filter(([k]) => TEAMS[k] === team.teamId).map(([, s]) => s);
      expect(team.score).toBe(Math.round(members.reduce((a, b) => a + b, 0) / members.length));
      expect(team.members).toBe(members.length);
    }
    const teamOrder = [...final.teams!].map((t) => t.score);
    expect(teamOrder).toEqual([...teamOrder].sort((a, b) => b - a));

    await host.ok('room:close', {});
    expect(await players[3]!.waitFor('room:phase', (v) => v.phase === 'ended')).toEqual({ phase: 'ended', reason: 'closed' });
  });
});
