/**
 * The answer of a problem as a reveal shows it (and the report after it), from the problem alone: the
 * server builds it at the close, the set editor for the teacher's own preview, so both read the same.
 */
import { type Choice, type Problem, formatNumber } from '../engine/index.ts';
import { intervalFigures } from '../engine/format-number.ts';
import type { AnswerKey } from './questions.ts';

/** How a solved quantity is written: its solution line's display, else the value itself. */
export function displayOf(problem: Pick<Problem, 'solution'>, key: string, value: number | string, integer: boolean): string {
  const line = problem.solution.find((s) => s.key === key);
  if (line) return line.display;
  if (typeof value === 'string') return value;
  return integer ? String(value) : formatNumber(value, 4);
}

/**
 * `values`: the final answers given to this problem, so the interval is shown with the figures that
 * tell them apart (see AcceptedInterval).
 */
export function answerKey(problem: Problem, values: readonly number[] = []): AnswerKey {
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
    accepted:
      grading.type === 'numeric'
        ? { lo: grading.lo, hi: grading.hi, sig: intervalFigures(grading.lo, grading.hi, values), base: grading.base ?? null }
        : null,
    choice: grading.type === 'choice' ? (problem.choices?.find((c) => c.id === grading.value) ?? null) : null,
    choices: right,
    decidingValue: problem.decidingValue ?? null,
    steps: problem.steps
      ? problem.steps.map((s) => ({ asks: s.asks, symbol: s.symbol, value: s.answer, display: displayOf(s, s.asks, s.answer, false) }))
      : null,
    note: problem.note ?? null,
  };
}

/** Every right choice of a multiple-choice problem, in its order: those its grading accepts, or its one answer. */
export function rightChoices(problem: Problem): Choice[] {
  const { grading } = problem;
  if (grading.type !== 'choice') return [];
  const accepted = new Set(grading.accepted ?? [grading.value]);
  return (problem.choices ?? []).filter((c) => accepted.has(c.id)).map((c) => ({ ...c }));
}
