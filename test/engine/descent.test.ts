import { describe, expect, it } from 'vitest';
import {
  DESCENT_ACTIVATIONS,
  DIFFICULTIES,
  descentGrading,
  generateDescentTask,
  gradeDescentStep,
  initialGuess,
  measure,
  toPublicDescentTask,
} from '../../shared/engine/index.ts';

const cases = DESCENT_ACTIVATIONS.flatMap((activation) => DIFFICULTIES.map((difficulty) => ({ activation, difficulty })));

describe.each(cases)('Descent Race, $activation neuron, difficulty $difficulty', ({ activation, difficulty }) => {
  it('is deterministic and keeps the hidden parameters out of the public task', () => {
    for (let seed = 0; seed < 50; seed++) {
      const task = generateDescentTask({ seed, difficulty, activation });
      expect(generateDescentTask({ seed, difficulty, activation })).toEqual(task);
      expect(task.points.length).toBeGreaterThanOrEqual(1);
      expect(task.points.length).toBeLessThanOrEqual(4);
      const json = JSON.stringify(toPublicDescentTask(task));
      expect(json).not.toContain('hidden');
      expect(initialGuess(task, 'team-a')).toEqual(initialGuess(task, 'team-a'));
    }
  });

  it('measures the mean loss and its gradient (checked by finite differences)', () => {
    for (let seed = 0; seed < 30; seed++) {
      const task = generateDescentTask({ seed, difficulty, activation });
      const params = initialGuess(task, seed);
      const m = measure(task, params);
      const act = (z: number) => (activation === 'sigmoid' ? 1 / (1 + Math.exp(-z)) : z);
      const loss = (w: number, b: number) =>
        task.points.reduce((sum, p) => sum + 0.5 * (act(w * p.x + b) - p.t) ** 2, 0) / task.points.length;
      expect(m.loss).toBeCloseTo(loss(params.w, params.b), 12);
      const h = 1e-6;
      expect(m.gradient.w).toBeCloseTo((loss(params.w + h, params.b) - loss(params.w - h, params.b)) / (2 * h), 7);
      expect(m.gradient.b).toBeCloseTo((loss(params.w, params.b + h) - loss(params.w, params.b - h)) / (2 * h), 7);
    }
  });

  it('grades a step against the team own parameters and uses the submitted values even when wrong', () => {
    for (let seed = 0; seed < 30; seed++) {
      const task = generateDescentTask({ seed, difficulty, activation });
      const params = initialGuess(task, 'red');
      const lr = task.defaultLr;
      const { gradient } = measure(task, params);
      const right = { w: params.w - lr * gradient.w, b: params.b - lr * gradient.b };
      const good = gradeDescentStep(task, params, lr, { w: String(right.w), b: String(right.b) });
      expect(good.correct).toBe(true);
      expect(good.next.w).toBe(right.w);

      const added = { w: params.w + lr * gradient.w, b: params.b + lr * gradient.b };
      const bad = gradeDescentStep(task, params, lr, { w: String(added.w), b: String(added.b) });
      expect(bad.next.w).toBe(added.w);
      const grading = descentGrading(task, params, lr);
      // Where the gradient is too small for its sign to survive rounding, both directions are accepted.
      if (added.w < grading.w.lo || added.w > grading.w.hi) {
        expect(bad.correct).toBe(false);
        expect(bad.w.status).toBe('wrong');
        expect(bad.w.diagnosis).toBe('added-step');
      }

      const garbage = gradeDescentStep(task, params, lr, { w: 'oops', b: '' });
      expect(garbage.w.status).toBe('invalid');
      expect(garbage.next).toEqual(params);
    }
  });

  it('correct steps at the default learning rate lower the loss ("反复练习")', () => {
    for (let seed = 0; seed < 30; seed++) {
      const task = generateDescentTask({ seed, difficulty, activation });
      let params = initialGuess(task, 'blue');
      const start = measure(task, params).loss;
      for (let i = 0; i < 8; i++) {
        const { gradient } = measure(task, params);
        const w = params.w - task.defaultLr * gradient.w;
        const b = params.b - task.defaultLr * gradient.b;
        params = gradeDescentStep(task, params, task.defaultLr, { w: String(w), b: String(b) }).next;
      }
      expect(measure(task, params).loss).toBeLessThan(start);
    }
  });
});
