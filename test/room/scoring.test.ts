import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankPlayers } from '../../server/room/state.ts';
import { generateProblem, gradeAnswer } from '../../shared/engine/index.ts';
import {
  SCORING,
  basePoints,
  competitionRanks,
  resultStatus,
  scoreAnswer,
  stepCredit,
  teamScore,
} from '../../server/room/scoring.ts';

const rules = { speedBonus: false, streakBonus: false, streakBefore: 0, remainingMs: null, limitMs: null };

describe('points for one answer', () => {
  it('gives 1000 for correct, half for close, nothing for wrong, invalid or no answer', () => {
    expect(scoreAnswer({ ...rules, grades: [{ status: 'correct', consistent: null }] }).points).toBe(1000);
    expect(scoreAnswer({ ...rules, grades: [{ status: 'close', consistent: null }] }).points).toBe(500);
    expect(scoreAnswer({ ...rules, grades: [{ status: 'wrong', consistent: null }] }).points).toBe(0);
    expect(scoreAnswer({ ...rules, grades: [{ status: 'invalid', consistent: null }] }).points).toBe(0);
    expect(scoreAnswer({ ...rules, grades: [{ status: 'none', consistent: null }] }).points).toBe(0);
  });

  it('adds a speed bonus of up to half, linear in the remaining time, only when it is on', () => {
    const correct = [{ status: 'correct' as const, consistent: null }];
    const timed = { ...rules, grades: correct, limitMs: 20_000, speedBonus: true };
    expect(scoreAnswer({ ...timed, remainingMs: 20_000 }).points).toBe(1500);
    expect(scoreAnswer({ ...timed, remainingMs: 10_000 }).points).toBe(1250);
    expect(scoreAnswer({ ...timed, remainingMs: 5_000 }).points).toBe(1125);
    expect(scoreAnswer({ ...timed, remainingMs: 0 }).points).toBe(1000);
    expect(scoreAnswer({ ...timed, speedBonus: false, remainingMs: 20_000 }).points).toBe(1000);
    // Untimed questions have no speed bonus.
    expect(scoreAnswer({ ...timed, limitMs: null, remainingMs: null }).points).toBe(1000);
    // A close answer earns the bonus on its half.
    expect(scoreAnswer({ ...timed, grades: [{ status: 'close', consistent: null }], remainingMs: 10_000 }).points).toBe(625);
  });

  it('splits the breakdown so that its parts add up to the points', () => {
    const out = scoreAnswer({ ...rules, grades: [{ status: 'correct', consistent: null }], limitMs: 30_000, remainingMs: 12_345, speedBonus: true, streakBonus: true, streakBefore: 2 });
    expect(out.breakdown.base + out.breakdown.speed + out.breakdown.streak).toBe(out.points);
    expect(out.breakdown).toEqual({ base: 1000, speed: 206, streak: 200 });
  });

  it('rewards a run of correct answers with +100 per answer after the first, at most +500, and resets it', () => {
    const correct = [{ status: 'correct' as const, consistent: null }];
    let streak = 0;
    const points: number[] = [];
    for (let i = 0; i < 8; i++) {
      const out = scoreAnswer({ ...rules, grades: correct, streakBonus: true, streakBefore: streak });
      points.push(out.points);
      streak = out.streakAfter;
    }
    expect(points).toEqual([1000, 1100, 1200, 1300, 1400, 1500, 1500, 1500]);
    const miss = scoreAnswer({ ...rules, grades: [{ status: 'close', consistent: null }], streakBonus: true, streakBefore: streak });
    expect(miss).toMatchObject({ points: 500, streakAfter: 0, correct: false });
    // Off: the streak is still counted, but earns nothing.
    expect(scoreAnswer({ ...rules, grades: correct, streakBefore: 4 })).toMatchObject({ points: 1000, streakAfter: 5 });
  });
});

describe("a set item's points multiplier", () => {
  const correct = [{ status: 'correct' as const, consistent: null }];
  const all = { ...rules, grades: correct, limitMs: 20_000, remainingMs: 10_000, speedBonus: true, streakBonus: true, streakBefore: 2 };

  it('doubles everything the question earns at ×2: base, speed and streak bonus', () => {
    expect(scoreAnswer(all)).toMatchObject({ points: 1450, breakdown: { base: 1000, speed: 250, streak: 200 } });
    expect(scoreAnswer({ ...all, multiplier: 2 })).toMatchObject({ points: 2900, breakdown: { base: 2000, speed: 500, streak: 400 }, streakAfter: 3 });
    expect(scoreAnswer({ ...all, multiplier: 1 })).toEqual(scoreAnswer(all));
  });

  it('gives nothing at ×0 and leaves the streak as it was, right or wrong, while the verdict stays', () => {
    expect(scoreAnswer({ ...all, multiplier: 0 })).toEqual({ points: 0, breakdown: { base: 0, speed: 0, streak: 0 }, correct: true, streakAfter: 2 });
    expect(scoreAnswer({ ...all, grades: [{ status: 'wrong', consistent: null }], multiplier: 0 })).toMatchObject({ points: 0, correct: false, streakAfter: 2 });
  });
});

describe('chain steps: partial credit with error carried forward', () => {
  it('credits a step consistent with the player’s own earlier steps at 0.75', () => {
    expect(stepCredit({ status: 'correct', consistent: true })).toBe(1);
    expect(stepCredit({ status: 'wrong', consistent: true })).toBe(SCORING.consistentStepFraction);
    expect(stepCredit({ status: 'close', consistent: true })).toBe(SCORING.consistentStepFraction);
    expect(stepCredit({ status: 'close', consistent: false })).toBe(0.5);
    expect(stepCredit({ status: 'wrong', consistent: false })).toBe(0);
    expect(stepCredit({ status: 'none', consistent: null })).toBe(0);
  });

  it('does not zero the chain for one slip (a real problem graded by the engine)', () => {
    const problem = generateProblem({ kind: 'chain-steps', seed: 7, difficulty: 1 });
    const steps = problem.steps!;
    // A sign slip in dL/dy, then every later step computed honestly from it.
    const slipped = -steps[0]!.answer;
    const own: Record<string, number> = { [steps[0]!.asks]: slipped };
    const grades = [gradeAnswer(problem, String(slipped), { step: 0, earlier: {} })];
    const dydz = steps[1]!.answer;
    const dzdw = steps[2]!.answer;
    const values = [dydz, dzdw, slipped * dydz * dzdw];
    values.push(problem.network!.layers[0]!.w - problem.network!.lr * values[2]!);
    values.forEach((v, i) => {
      const step = i + 1;
      grades.push(gradeAnswer(problem, String(v), { step, earlier: { ...own } }));
      own[steps[step]!.asks] = v;
    });
    const statuses = grades.map((g) => ({ status: g.status, consistent: g.consistent ?? null }));
    expect(statuses[0]).toEqual({ status: 'wrong', consistent: false });
    expect(statuses[1]!.status).toBe('correct');
    expect(statuses[2]!.status).toBe('correct');
    expect(statuses[3]).toMatchObject({ consistent: true });
    expect(statuses[3]!.status).not.toBe('correct');
    expect(statuses[4]).toMatchObject({ consistent: true });
    // 0 + 1 + 1 + 0.75 + 0.75 over 5 steps.
    expect(basePoints(statuses)).toBe(700);
    expect(resultStatus(statuses)).toBe('partial');
    expect(scoreAnswer({ ...rules, grades: statuses }).correct).toBe(false);
  });

  it('gives the full 1000 only when every step is right', () => {
    const grades = Array.from({ length: 5 }, () => ({ status: 'correct' as const, consistent: true }));
    expect(basePoints(grades)).toBe(1000);
    expect(resultStatus(grades)).toBe('correct');
    expect(basePoints(grades.map((g, i) => (i < 2 ? g : { status: 'none' as const, consistent: null })))).toBe(400);
  });
});

describe('teams and ranks', () => {
  it('scores a team by the mean of its members, so its size does not matter', () => {
    expect(teamScore([1000, 2000])).toBe(1500);
    expect(teamScore([1500, 1500, 1500, 1500])).toBe(1500);
    expect(teamScore([1000, 0, 0])).toBe(333);
    // A half point rounds up, as everywhere points are shown: never 745.5 beside 746.
    expect(teamScore([1000, 491])).toBe(746);
    expect(teamScore([])).toBe(0);
  });

  it('shares a rank between equal scores (1, 1, 3)', () => {
    expect(competitionRanks([3000, 2000, 2000, 1000, 0, 0])).toEqual([1, 2, 2, 4, 5, 5]);
  });
});

describe('ranks from scores', () => {
  it('gives competition ranks (1 + how many scored more), ties sharing a rank', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 40 }).map((n) => n * 250), { maxLength: 60 }), (scores) => {
        const ranks = rankPlayers(scores.map((score) => ({ score })));
        expect(ranks.length).toBe(scores.length);
        scores.forEach((score, i) => expect(ranks[i]).toBe(1 + scores.filter((other) => other > score).length));
      }),
      { numRuns: 500 },
    );
  });
});
