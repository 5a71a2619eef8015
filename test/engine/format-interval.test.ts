import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DIFFICULTIES, formatNumber, generateProblem, gradeAnswer } from '../../shared/engine/index.ts';
import { formatInterval, formatStep, intervalFigures, roundSigDirected } from '../../shared/engine/format-number.ts';

describe('accepted intervals as shown', () => {
  it('never admits a value the grader rejects: lo is rounded up and hi down', () => {
    // The phone's −0.09685463 to −0.0967013 was shown on the projector as −0.0969 to −0.0967.
    const shown = formatInterval(-0.09685463, -0.0967013);
    expect(Number(shown.lo)).toBeGreaterThanOrEqual(-0.09685463);
    expect(Number(shown.hi)).toBeLessThanOrEqual(-0.0967013);
    expect(shown).toEqual({ lo: '-0.09685', hi: '-0.09671', sig: 4 });
    fc.assert(
      fc.property(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 1e-6, max: 1, noNaN: true }), (mid, half) => {
        const lo = mid - half * Math.max(1e-3, Math.abs(mid));
        const hi = mid + half * Math.max(1e-3, Math.abs(mid));
        const { lo: l, hi: h } = formatInterval(lo, hi);
        return Number(l) >= lo && Number(h) <= hi && Number(l) <= Number(h);
      }),
    );
  });

  it('directed rounding stays on its side of the value', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 10 }), (v, sig) => {
        return roundSigDirected(v, sig, true) >= v && roundSigDirected(v, sig, false) <= v;
      }),
    );
  });

  it.each(DIFFICULTIES)('difficulty %i updates: right and wrong answers never read the same, and read inside the interval exactly when right', (difficulty) => {
    for (let seed = 1; seed <= 200; seed++) {
      const problem = generateProblem({ kind: 'update', seed, difficulty });
      if (problem.grading.type !== 'numeric') throw new Error('update problems are numeric');
      const { lo, hi, value, base } = problem.grading;
      const answers = [value, Math.round(value * 1e4) / 1e4, base!, 2 * base! - value, ...problem.misconceptions.map((m) => m.value as number)];
      const shown = formatInterval(lo, hi, answers);
      const context = `seed ${seed}: ${shown.lo} to ${shown.hi}`;
      for (const answer of answers) {
        const right = gradeAnswer(problem, String(answer)).status === 'correct';
        const text = Number(formatNumber(answer, shown.sig));
        expect(text >= Number(shown.lo) && text <= Number(shown.hi), `${context}: ${answer}`).toBe(right);
      }
      expect(shown.sig).toBe(intervalFigures(lo, hi, answers));
      // The step w − w′ ± what is allowed, inside the accepted steps.
      const step = formatStep(base!, value, lo, hi);
      expect(Number(step.step) - Number(step.tolerance), context).toBeGreaterThanOrEqual(base! - hi - 1e-15);
      expect(Number(step.step) + Number(step.tolerance), context).toBeLessThanOrEqual(base! - lo + 1e-15);
    }
  });
});
