import { describe, expect, it } from 'vitest';
import {
  DESCENT_ACTIVATIONS,
  DIFFICULTIES,
  descentGrading,
  descentParams,
  generateDescentTask,
  gradeDescentStep,
  initialGuess,
  lossAt,
  lossSurface,
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

describe.each(DESCENT_ACTIVATIONS)('Descent Race, a two-input %s neuron (difficulty 3)', (activation) => {
  const generate = (seed: number) => generateDescentTask({ seed, difficulty: 3, activation, inputs: 2 });
  const act = (z: number) => (activation === 'sigmoid' ? 1 / (1 + Math.exp(-z)) : z);
  const lossOf = (task: ReturnType<typeof generate>, p: { w: number; w2: number; b: number }) =>
    task.points.reduce((sum, q) => sum + 0.5 * (act(p.w * q.x + p.w2 * q.x2! + p.b) - q.t) ** 2, 0) / task.points.length;

  it('is deterministic, publishes x₁, x₂ and t for 3–4 points, and leaves the one-input task as it was', () => {
    for (let seed = 0; seed < 50; seed++) {
      const task = generate(seed);
      expect(generate(seed)).toEqual(task);
      expect(task.inputs).toBe(2);
      expect(task.trainBias).toBe(true);
      expect(task.points.length).toBeGreaterThanOrEqual(3);
      expect(task.points.length).toBeLessThanOrEqual(4);
      for (const p of task.points) {
        expect(Math.abs(p.x - p.x2!)).toBeGreaterThanOrEqual(0.2 - 1e-9);
        expect(p.t).toBeCloseTo(Math.round(act(task.hidden.w * p.x + task.hidden.w2! * p.x2! + task.hidden.b) * 100) / 100, 12);
      }
      const pub = toPublicDescentTask(task);
      expect(pub).toMatchObject({ inputs: 2, points: task.points });
      expect(JSON.stringify(pub)).not.toContain('hidden');
      expect(descentParams(pub)).toEqual(['w', 'w2', 'b']);
      const guess = initialGuess(task, 'team-a');
      expect(initialGuess(task, 'team-a')).toEqual(guess);
      expect(Math.hypot(guess.w - task.hidden.w, guess.w2! - task.hidden.w2!)).toBeGreaterThanOrEqual(1);
      // The one-input task of the same seed: the same draws as before the option existed, no new fields.
      const one = generateDescentTask({ seed, difficulty: 3, activation });
      expect(generateDescentTask({ seed, difficulty: 3, activation, inputs: 1 })).toEqual(one);
      expect(JSON.stringify(one)).not.toMatch(/inputs|x2|w2/);
      expect(descentParams(toPublicDescentTask(one))).toEqual(['w', 'b']);
    }
  });

  it('keeps the one-input task of a fixed seed exactly as before the option (golden values)', () => {
    const golden = generateDescentTask({ seed: 2026, difficulty: 3, activation: 'sigmoid' });
    expect(JSON.stringify(golden)).toBe(
      '{"activation":"sigmoid","points":[{"x":-0.85,"t":0.72},{"x":1,"t":0.55},{"x":-0.45,"t":0.69}],"trainBias":true,"lrChoices":[0.5,1,3,10],"defaultLr":1,"difficulty":3,"seed":2026,"hidden":{"w":-0.4,"b":0.6}}',
    );
    expect(JSON.stringify(initialGuess(golden, 't1'))).toBe('{"w":1,"b":0.5}');
  });

  it('measures the mean loss and its gradient in w₁, w₂ and b (checked by finite differences)', () => {
    for (let seed = 0; seed < 30; seed++) {
      const task = generate(seed);
      const p = initialGuess(task, seed) as { w: number; w2: number; b: number };
      const m = measure(task, p);
      expect(m.loss).toBeCloseTo(lossOf(task, p), 12);
      expect(lossAt(task, p)).toBeCloseTo(m.loss, 12);
      expect(m.points.map((q) => Object.keys(q).join())).toEqual(task.points.map(() => 'x,x2,t,z,y'));
      const h = 1e-6;
      const diff = (key: 'w' | 'w2' | 'b') => (lossOf(task, { ...p, [key]: p[key] + h }) - lossOf(task, { ...p, [key]: p[key] - h })) / (2 * h);
      expect(m.gradient.w).toBeCloseTo(diff('w'), 7);
      expect(m.gradient.w2!).toBeCloseTo(diff('w2'), 7);
      expect(m.gradient.b).toBeCloseTo(diff('b'), 7);
      // dL/dw₁ and dL/dw₂ pair each weight with its own input: mean (y − t)·dy/dz·x₁ and ·x₂.
      const dLdz = m.points.map((q) => (q.y - q.t) * (activation === 'sigmoid' ? q.y * (1 - q.y) : 1));
      expect(m.gradient.w).toBeCloseTo(dLdz.reduce((s, d, i) => s + d * task.points[i]!.x, 0) / task.points.length, 12);
      expect(m.gradient.w2!).toBeCloseTo(dLdz.reduce((s, d, i) => s + d * task.points[i]!.x2!, 0) / task.points.length, 12);
      const surface = lossSurface(task, p.b, [p.w - 1, p.w + 1], [p.w2 - 1, p.w2 + 1], 3);
      expect(surface.rows[1]![1]).toBeCloseTo(m.loss, 12);
      expect(surface.rows[2]![0]).toBeCloseTo(lossOf(task, { w: p.w - 1, w2: p.w2 + 1, b: p.b }), 12);
    }
  });

  it('grades w₁′, w₂′ and b′ each against the team own parameters, names the weight paired with the wrong input, and uses what was submitted', () => {
    let swapped = 0;
    for (let seed = 0; seed < 30; seed++) {
      const task = generate(seed);
      const params = initialGuess(task, 'red');
      const lr = task.defaultLr;
      const { gradient } = measure(task, params);
      const right = { w: params.w - lr * gradient.w, w2: params.w2! - lr * gradient.w2!, b: params.b - lr * gradient.b };
      const good = gradeDescentStep(task, params, lr, { w: String(right.w), w2: String(right.w2), b: String(right.b) });
      expect(good.correct).toBe(true);
      expect(good.w2!.status).toBe('correct');
      expect(good.next).toEqual(right);

      // Right w₁′ and b′, w₂′ with the step added: the step is wrong, and w₂′ is used all the same.
      const added = params.w2! + lr * gradient.w2!;
      const bad = gradeDescentStep(task, params, lr, { w: String(right.w), w2: String(added), b: String(right.b) });
      expect(bad.w.status).toBe('correct');
      expect(bad.next.w2).toBe(added);
      const grading = descentGrading(task, params, lr);
      if (added < grading.w2!.lo || added > grading.w2!.hi) {
        expect(bad.correct).toBe(false);
        expect(bad.w2).toMatchObject({ status: 'wrong', diagnosis: 'added-step' });
      }

      // dL/dw₁ computed with x₂ (and dL/dw₂ with x₁): "paired the weight with the wrong input".
      const m = measure(task, params);
      const dLdz = m.points.map((q) => (q.y - q.t) * (activation === 'sigmoid' ? q.y * (1 - q.y) : 1));
      const withX2 = dLdz.reduce((s, d, i) => s + d * task.points[i]!.x2!, 0) / task.points.length;
      const mixed = params.w - lr * withX2;
      const entry = grading.misconceptions.w.find((mc) => mc.key === 'swapped-inputs');
      if (entry) {
        swapped++;
        expect(mixed).toBeGreaterThanOrEqual(entry.lo!);
        expect(mixed).toBeLessThanOrEqual(entry.hi!);
        const verdict = gradeDescentStep(task, params, lr, { w: String(mixed), w2: String(right.w2), b: String(right.b) });
        expect(verdict.w).toMatchObject({ status: 'wrong', diagnosis: 'swapped-inputs' });
        expect(verdict.next.w).toBe(mixed);
      }
      expect(grading.misconceptions.b.some((mc) => mc.key === 'swapped-inputs')).toBe(false);

      const garbage = gradeDescentStep(task, params, lr, { w: String(right.w), w2: 'oops', b: String(right.b) });
      expect(garbage.w2!.status).toBe('invalid');
      expect(garbage.next.w2).toBe(params.w2);
    }
    // Most draws can tell the pairing mistake apart from an honest answer.
    expect(swapped).toBeGreaterThan(20);
  });

  it('correct steps at the default learning rate lower the loss', () => {
    for (let seed = 0; seed < 30; seed++) {
      const task = generate(seed);
      let params = initialGuess(task, 'blue');
      const start = measure(task, params).loss;
      for (let i = 0; i < 8; i++) {
        const { gradient: g } = measure(task, params);
        const step = { w: String(params.w - task.defaultLr * g.w), w2: String(params.w2! - task.defaultLr * g.w2!), b: String(params.b - task.defaultLr * g.b) };
        params = gradeDescentStep(task, params, task.defaultLr, step).next;
      }
      expect(measure(task, params).loss).toBeLessThan(start);
    }
  });
});
