/**
 * Scoring rules (server-side only; documented in docs/protocol.md, "Scoring").
 *
 * - A correct answer is worth 1000 points; `close` earns half; wrong, invalid or none earn 0.
 * - A multi-step answer earns 1000 × the mean credit of its steps: a correct step 1, a step
 *   consistent with the player's own earlier steps (error carried forward) 0.75, a close step
 *   0.5, else 0 — so one slip does not zero the chain.
 * - Speed bonus (timed questions, when on): + base × 0.5 × remaining / limit, measured when the
 *   counted answer (for steps: the last step submitted) arrived; paused time does not count.
 * - Streak bonus (when on): a fully correct answer that extends a run of correct answers to
 *   n ≥ 2 earns + 100 × (n − 1), at most + 500. Anything else resets the run.
 * - Points are whole numbers everywhere: rounded once per question, and every mean of points
 *   (a team's score, a reveal's mean and average) rounded to a whole point, so a screen or a
 *   report never shows 746 beside 745.5 for the same thing.
 * - A question set's item multiplies all of its question's points (base and bonuses) by ×0, ×1
 *   or ×2. A ×0 item is practice: graded and revealed as any other, worth no points, counted in
 *   neither a player's correct nor asked (accuracy is over the questions that count), and it
 *   neither extends nor breaks a streak.
 * - Team score: the mean of its members' scores (team size does not matter).
 * - Accuracy (correct / asked) is counted apart from points.
 */
import type { MisconceptionKey, Text, VerdictStatus } from '../../shared/engine/index.ts';
import type { PointsBreakdown, ResultStatus, VerdictView } from '../../shared/protocol/index.ts';
import type { PointMultiplier } from '../../shared/question-sets/schema.ts';

export const SCORING = {
  correctPoints: 1000,
  closeFraction: 0.5,
  consistentStepFraction: 0.75,
  speedBonusMax: 0.5,
  streakStep: 100,
  streakBonusMax: 500,
} as const;

export interface StepGrade {
  status: VerdictStatus | 'none';
  /** Only meaningful for multi-step problems. */
  consistent: boolean | null;
}

export function statusFraction(status: VerdictStatus | 'none'): number {
  switch (status) {
    case 'correct':
      return 1;
    case 'close':
      return SCORING.closeFraction;
    case 'wrong':
    case 'invalid':
    case 'none':
      return 0;
    default: {
      const never: never = status;
      throw new Error(`unknown status ${String(never)}`);
    }
  }
}

/** Credit of one step (or of a one-step answer), 0..1. */
export function stepCredit(grade: StepGrade): number {
  const own = statusFraction(grade.status);
  const carried = grade.consistent === true && grade.status !== 'none' ? SCORING.consistentStepFraction : 0;
  return Math.max(own, carried);
}

/** Base points before bonuses: 1000 × mean credit (one grade for a one-step problem). */
export function basePoints(grades: readonly StepGrade[]): number {
  if (grades.length === 0) return 0;
  const credit = grades.reduce((sum, g) => sum + stepCredit(g), 0) / grades.length;
  return SCORING.correctPoints * credit;
}

export function isFullyCorrect(grades: readonly StepGrade[]): boolean {
  return grades.length > 0 && grades.every((g) => g.status === 'correct');
}

/** The overall status of an answer: a step problem with mixed credit is `partial`. */
export function resultStatus(grades: readonly StepGrade[]): ResultStatus {
  if (grades.length === 0 || grades.every((g) => g.status === 'none')) return 'none';
  if (grades.length === 1) return grades[0]!.status;
  if (isFullyCorrect(grades)) return 'correct';
  return grades.some((g) => stepCredit(g) > 0) ? 'partial' : 'wrong';
}

export interface ScoreInput {
  grades: readonly StepGrade[];
  /** Active milliseconds left when the counted answer arrived (`null`: untimed or not answered). */
  remainingMs: number | null;
  /** The question's time limit (`null`: untimed). */
  limitMs: number | null;
  speedBonus: boolean;
  streakBonus: boolean;
  /** Consecutive correct answers before this question. */
  streakBefore: number;
  /** A set item's points multiplier (absent: ×1). */
  multiplier?: PointMultiplier;
}

/** Whether a question of this multiplier counts in a player's correct and asked (and streak): not a ×0 practice item. */
export function counts(multiplier: PointMultiplier): boolean {
  return multiplier !== 0;
}

export interface ScoreOutput {
  points: number;
  breakdown: PointsBreakdown;
  correct: boolean;
  streakAfter: number;
}

export function speedFactor(remainingMs: number | null, limitMs: number | null): number {
  if (remainingMs === null || limitMs === null || limitMs <= 0) return 0;
  return SCORING.speedBonusMax * Math.min(1, Math.max(0, remainingMs / limitMs));
}

export function streakBonusFor(streakAfter: number): number {
  return Math.min(SCORING.streakBonusMax, SCORING.streakStep * Math.max(0, streakAfter - 1));
}

export function scoreAnswer(input: ScoreInput): ScoreOutput {
  const multiplier = input.multiplier ?? 1;
  const base = basePoints(input.grades) * multiplier;
  const speed = input.speedBonus ? base * speedFactor(input.remainingMs, input.limitMs) : 0;
  const correct = isFullyCorrect(input.grades);
  const streakAfter = !counts(multiplier) ? input.streakBefore : correct ? input.streakBefore + 1 : 0;
  const streak = input.streakBonus && correct && counts(multiplier) ? streakBonusFor(streakAfter) * multiplier : 0;
  const points = Math.round(base + speed + streak);
  // The parts are rounded for display; `points` is the exact sum rounded once.
  const roundedBase = Math.round(base);
  const roundedStreak = Math.round(streak);
  return {
    points,
    breakdown: { base: roundedBase, speed: points - roundedBase - roundedStreak, streak: roundedStreak },
    correct,
    streakAfter,
  };
}

/** A mean of points as it is shown and ranked: a whole point (0 when there is nothing to average). */
export function meanPoints(total: number, count: number): number {
  return count === 0 ? 0 : Math.round(total / count);
}

/** Team score = mean of the members' scores (0 for an empty team). */
export function teamScore(memberScores: readonly number[]): number {
  return meanPoints(memberScores.reduce((a, b) => a + b, 0), memberScores.length);
}

/** Competition ranking (1, 1, 3): equal scores share a rank. Input must be sorted by score, descending. */
export function competitionRanks(sortedScores: readonly number[]): number[] {
  const ranks: number[] = [];
  sortedScores.forEach((score, i) => {
    ranks.push(i > 0 && score === sortedScores[i - 1] ? ranks[i - 1]! : i + 1);
  });
  return ranks;
}

/** A graded step as the player's result shows it: what was sent, the verdict and the credit it earned. */
export function verdictView(
  answer: string | null,
  grade: StepGrade,
  diagnosis: MisconceptionKey | null,
  message: Text | null,
): VerdictView {
  return { answer, status: grade.status, diagnosis, message, consistent: grade.consistent, credit: stepCredit(grade) };
}
