/** The answer of a problem as a reveal shows it (shared/protocol/answer-key.ts), and how a reveal groups the answers given. */
import { type Problem, formatNumber } from '../../shared/engine/index.ts';
import { intervalFigures } from '../../shared/engine/format-number.ts';
import { type QuestionState, problemFor } from './state.ts';

export { answerKey, rightChoices } from '../../shared/protocol/answer-key.ts';

/** How an answer is grouped in a distribution: the accepted interval's figures (3 by default), or the choice id. */
export function bucketOf(value: number | string, sig = 3): string {
  return typeof value === 'number' ? formatNumber(value, sig) : value;
}

/** The figures a distribution of `problem`'s final answers is shown with, as its answer key shows the interval. */
export function bucketFigures(problem: Problem, values: readonly number[]): number {
  const { grading } = problem;
  return grading.type === 'numeric' ? intervalFigures(grading.lo, grading.hi, values) : 3;
}

/** The final (last-step) numeric values submitted for `problem`. */
export function finalValues(question: QuestionState, problem: Problem): number[] {
  const values: number[] = [];
  for (const submission of Object.values(question.submissions)) {
    if (problemFor(question, submission.variant) !== problem) continue;
    const value = submission.steps[submission.steps.length - 1]?.value;
    if (typeof value === 'number') values.push(value);
  }
  return values;
}
