/**
 * The answer key the reveal will show for a problem, built here from the problem the editor holds
 * (the teacher's own browser has the whole problem; no phone ever runs this). Written as
 * server/room/answer-key.ts writes it for a reveal with no answers in yet, so the interval reads as
 * the reveal's.
 */
import { type Choice, type Problem, formatNumber } from '../../../shared/engine/index.ts';
import { intervalFigures } from '../../../shared/engine/format-number.ts';
import type { AnswerKey } from '../../../shared/protocol/index.ts';

function displayOf(problem: Pick<Problem, 'solution'>, key: string, value: number | string, integer: boolean): string {
  const line = problem.solution.find((s) => s.key === key);
  if (line) return line.display;
  if (typeof value === 'string') return value;
  return integer ? String(value) : formatNumber(value, 4);
}

/** Every right choice of a multiple-choice problem, in its order (an authored item may have several). */
export function rightChoices(problem: Problem): Choice[] {
  const { grading } = problem;
  if (grading.type !== 'choice') return [];
  const accepted = new Set(grading.accepted ?? [grading.value]);
  return (problem.choices ?? []).filter((c) => accepted.has(c.id));
}

export function teacherAnswerKey(problem: Problem): AnswerKey {
  const { grading } = problem;
  const lastStep = problem.steps?.[problem.steps.length - 1];
  const right = grading.type === 'choice' ? rightChoices(problem) : null;
  return {
    value: problem.answer,
    display: lastStep
      ? displayOf(lastStep, lastStep.asks, lastStep.answer, false)
      : right && right.length > 1
        ? right.map((c) => c.id).join(', ')
        : displayOf(problem, problem.asks, problem.answer, grading.type === 'integer'),
    accepted: grading.type === 'numeric' ? { lo: grading.lo, hi: grading.hi, sig: intervalFigures(grading.lo, grading.hi, []), base: grading.base ?? null } : null,
    choice: grading.type === 'choice' ? (problem.choices?.find((c) => c.id === grading.value) ?? null) : null,
    choices: right,
    decidingValue: problem.decidingValue ?? null,
    steps: problem.steps ? problem.steps.map((s) => ({ asks: s.asks, symbol: s.symbol, value: s.answer, display: displayOf(s, s.asks, s.answer, false) })) : null,
    note: problem.note ?? null,
  };
}

/** Each step's own answer key (the interval it is graded against), for a step-by-step problem. */
export function stepAnswerKeys(problem: Problem): AnswerKey[] {
  return (problem.steps ?? []).map((s) => ({
    value: s.answer,
    display: displayOf(s, s.asks, s.answer, false),
    accepted: { lo: s.grading.lo, hi: s.grading.hi, sig: intervalFigures(s.grading.lo, s.grading.hi, []), base: s.grading.base ?? null },
    choice: null,
    choices: null,
    decidingValue: null,
    steps: null,
    note: null,
  }));
}
