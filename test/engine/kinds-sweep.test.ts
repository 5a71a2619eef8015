import { describe, expect, it } from 'vitest';
import {
  DIFFICULTIES,
  PROBLEM_KINDS,
  type Problem,
  numberTokens,
  secretForms,
  generateProblem,
  gradeAnswer,
  toPublicProblem,
} from '../../shared/engine/index.ts';
import { problemContext } from '../../shared/engine/problem-context.ts';

const SEEDS = 200;

function numbersIn(value: unknown, found: number[] = []): number[] {
  if (typeof value === 'number') found.push(value);
  else if (Array.isArray(value)) value.forEach((v) => numbersIn(v, found));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => numbersIn(v, found));
  return found;
}

/** The sign-flipped (or reversed-step) twin of a numeric answer. */
function mirrored(problem: Problem, index?: number): number {
  const grading = index === undefined ? problem.grading : problem.steps![index]!.grading;
  if (grading.type !== 'numeric') throw new Error('not numeric');
  const base = grading.base ?? 0;
  return base - (grading.value - base);
}

describe.each(PROBLEM_KINDS)('kind %s', (kind) => {
  it.each(DIFFICULTIES)(`difficulty %i over ${SEEDS} seeds`, (difficulty) => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const problem = generateProblem({ kind, seed, difficulty });
      const context = `${kind} d${difficulty} seed ${seed}`;

      expect(generateProblem({ kind, seed, difficulty }), context).toEqual(problem);
      expect(numbersIn(problem).every(Number.isFinite), context).toBe(true);

      // Quantity problems: the answer is the autodiff's value of the asked quantity.
      // Quantity problems (a chain, a graph, a gradient check's nudged network): the autodiff's value.
      const q = problemContext(problem)?.quantities;
      if (q) {
        if (problem.steps) for (const step of problem.steps) expect(step.answer, context).toBe(q[step.asks]);
        else if (problem.format === 'number') expect(problem.answer, context).toBe(q[problem.asks]);
      }

      if (problem.steps) {
        problem.steps.forEach((step, index) => {
          const earlier = Object.fromEntries(problem.steps!.slice(0, index).map((s) => [s.asks, s.answer]));
          expect(gradeAnswer(problem, String(step.answer), { step: index, earlier }).status, context).toBe('correct');
          expect(gradeAnswer(problem, String(mirrored(problem, index)), { step: index, earlier }).status, context).not.toBe('correct');
          for (const m of step.misconceptions) {
            expect(gradeAnswer(problem, String(m.value), { step: index, earlier }), `${context} ${m.key}`).toMatchObject({
              status: 'wrong',
              diagnosis: m.key,
            });
          }
        });
      } else {
        expect(gradeAnswer(problem, String(problem.answer)).status, context).toBe('correct');
        if (problem.grading.type === 'numeric') {
          expect(gradeAnswer(problem, String(mirrored(problem))).status, context).not.toBe('correct');
        } else if (problem.grading.type === 'choice') {
          const opposite = problem.answer === 'increase' ? 'decrease' : 'increase';
          expect(gradeAnswer(problem, opposite).status, context).toBe('wrong');
        } else {
          expect(gradeAnswer(problem, String(-Number(problem.answer))).status, context).not.toBe('correct');
        }
        for (const m of problem.misconceptions) {
          expect(gradeAnswer(problem, String(m.value)), `${context} ${m.key}`).toMatchObject({ status: 'wrong', diagnosis: m.key });
        }
      }

      // The public view holds no secret field and no answer in any rounding.
      const view = toPublicProblem(problem);
      const json = JSON.stringify(view);
      for (const field of ['answer', 'solution', 'misconceptions', 'seed', 'grading', 'decidingValue']) {
        expect(Object.hasOwn(view, field), `${context} ${field}`).toBe(false);
        expect(json.includes(`"${field}"`), `${context} ${field}`).toBe(false);
      }
      const tokens = numberTokens(json);
      for (const written of secretForms(problem)) expect(tokens.has(written), `${context}: ${written} leaked`).toBe(false);
    }
  });
});
