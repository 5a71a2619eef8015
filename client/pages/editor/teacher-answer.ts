/**
 * The answer key the reveal will show for a problem, built here from the problem the editor holds
 * (the teacher's own browser has the whole problem; no phone ever runs this), by the reveal's own
 * builder with no answers in yet, so the interval reads as the reveal's.
 */
import type { Problem } from '../../../shared/engine/index.ts';
import { intervalFigures } from '../../../shared/engine/format-number.ts';
import { answerKey, displayOf, rightChoices } from '../../../shared/protocol/answer-key.ts';
import type { AnswerKey } from '../../../shared/protocol/index.ts';

export { rightChoices };

export function teacherAnswerKey(problem: Problem): AnswerKey {
  return answerKey(problem, []);
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
