/** The answer of a problem as a reveal shows it (and the report after it). */
import { type Problem, formatNumber } from '../../shared/engine/index.ts';
import type { AnswerKey } from '../../shared/protocol/index.ts';

function displayOf(problem: Pick<Problem, 'solution'>, key: string, value: number | string, integer: boolean): string {
  const line = problem.solution.find((s) => s.key === key);
  if (line) return line.display;
  if (typeof value === 'string') return value;
  return integer ? String(value) : formatNumber(value, 4);
}

export function answerKey(problem: Problem): AnswerKey {
  const { grading } = problem;
  const lastStep = problem.steps?.[problem.steps.length - 1];
  return {
    value: problem.answer,
    display: lastStep
      ? displayOf(lastStep, lastStep.asks, lastStep.answer, false)
      : displayOf(problem, problem.asks, problem.answer, grading.type === 'integer'),
    accepted: grading.type === 'numeric' ? { lo: grading.lo, hi: grading.hi } : null,
    choice: grading.type === 'choice' ? (problem.choices?.find((c) => c.id === grading.value) ?? null) : null,
    decidingValue: problem.decidingValue ?? null,
    steps: problem.steps
      ? problem.steps.map((s) => ({ asks: s.asks, symbol: s.symbol, value: s.answer, display: displayOf(s, s.asks, s.answer, false) }))
      : null,
  };
}

/** How an answer is grouped in a distribution: 3 significant figures, or the choice id. */
export function bucketOf(value: number | string): string {
  return typeof value === 'number' ? formatNumber(value, 3) : value;
}
