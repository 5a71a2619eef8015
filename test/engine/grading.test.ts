import { describe, expect, it } from 'vitest';
import { SEED_NETWORK, gradeAnswer, makeProblem, parseNumber, renderText } from '../../shared/engine/index.ts';

describe('parsing what phones type', () => {
  it.each([
    ['-0.027', -0.027],
    ['−0.027', -0.027],
    ['-.027', -0.027],
    ['-2.7e-2', -0.027],
    ['-2.7E-2', -0.027],
    ['-2.7×10^-2', -0.027],
    ['-2.7 × 10^(-2)', -0.027],
    ['-2.7x10^-2', -0.027],
    ['-2.7*10^-2', -0.027],
    ['-2.7×10⁻²', -0.027],
    ['-0,027', -0.027],
    ['－０．０２７', -0.027],
    ['  -0.027  ', -0.027],
    ['+0.5', 0.5],
    ['1/4', 0.25],
    ['-1/4', -0.25],
    ['0.40027', 0.40027],
    ['5.', 5],
  ])('%s reads as %d', (raw, value) => {
    const parsed = parseNumber(raw);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value).toBeCloseTo(value, 15);
  });

  it.each(['abc', '1..2', '--1', '1,000.5', '1/0', '1e999', 'e-2', '0.5.', '１２ab', '-', '.', '×10^2'])('%s is not a number', (raw) => {
    expect(parseNumber(raw)).toEqual({ ok: false, reason: 'number' });
  });

  it('an empty field is its own case', () => {
    expect(parseNumber('   ')).toEqual({ ok: false, reason: 'empty' });
  });
});

describe('grading the source text example', () => {
  const dLdw = makeProblem({ network: SEED_NETWORK, asks: 'dL/dw1' });

  it('an unparseable answer is invalid, never wrong, and says what was expected', () => {
    const verdict = gradeAnswer(dLdw, 'minus 0.027');
    expect(verdict.status).toBe('invalid');
    expect(renderText(verdict.message, 'en')).toContain('-0.027');
    expect(renderText(verdict.message, 'zh-CN')).toContain('这不是一个数');
  });

  it('names each classic mistake', () => {
    expect(gradeAnswer(dLdw, '-0.0648').diagnosis).toBe('used-y-not-y1my'); // −0.226 · 0.574 · 0.5
    expect(gradeAnswer(dLdw, '-0.0551').diagnosis).toBe('forgot-x'); // −0.226 · 0.244
    expect(gradeAnswer(dLdw, '-0.0525').diagnosis).toBe('used-z-for-y'); // (0.3 − 0.8) · 0.3 · 0.7 · 0.5
    const message = renderText(gradeAnswer(dLdw, '-0.0648').message, 'en');
    expect(message).toContain('y(1 - y)');
  });

  it('calls an answer close when sign and size are right but it is outside the rounding interval', () => {
    expect(gradeAnswer(dLdw, '-0.025').status).toBe('close');
    expect(gradeAnswer(dLdw, '-0.03').status).toBe('close');
    expect(gradeAnswer(dLdw, '-0.27').status).toBe('wrong');
  });

  it('a close answer is told why, with a range that admits nothing the grader rejects', () => {
    const verdict = gradeAnswer(dLdw, '-0.025');
    const { lo, hi } = verdict.message.params!;
    expect(Number(lo)).toBeGreaterThanOrEqual((dLdw.grading as { lo: number }).lo);
    expect(Number(hi)).toBeLessThanOrEqual((dLdw.grading as { hi: number }).hi);
    expect(renderText(verdict.message, 'en')).toContain('-0.025');
    expect(renderText(verdict.message, 'zh-CN')).toContain('-0.025');
  });

  it('an update right to three decimals but with a one-figure step is close, and says the step needs two figures', () => {
    // w′ = −0.1 − 0.01 · (−0.322…): −0.097 writes the step 0.003 with one figure.
    const update = makeProblem({ network: { ...SEED_NETWORK, layers: [{ w: -0.1, b: 0.5, activation: 'sigmoid' }], x: -0.9, target: 0.1, lr: 0.05 }, asks: "w1'" });
    if (update.grading.type !== 'numeric') throw new Error('numeric');
    const { value, base, lo, hi } = update.grading;
    const raw = (Math.round(value * 1000) / 1000).toFixed(3);
    const verdict = gradeAnswer(update, raw);
    expect(verdict.status, `${value} ${raw}`).toBe('close');
    expect(verdict.message.key).toBe('verdict.close-step');
    const params = verdict.message.params!;
    expect(Number(params.lo)).toBeGreaterThanOrEqual(lo);
    expect(Number(params.hi)).toBeLessThanOrEqual(hi);
    expect(Number(params.step)).toBeCloseTo(base! - value, 5);
    expect(Number(params.yours)).toBeCloseTo(base! - Number(raw), 10);
    for (const lang of ['en', 'zh-CN'] as const) expect(renderText(verdict.message, lang)).toMatch(/2/);
  });

  it('names giving w for dz/dw, and a sign flipped on z', () => {
    const dzdw = makeProblem({ network: { ...SEED_NETWORK, layers: [{ w: -0.9, b: 0.1, activation: 'sigmoid' }] }, asks: 'dz1/dw1' });
    expect(gradeAnswer(dzdw, '-0.9')).toMatchObject({ status: 'wrong', diagnosis: 'gave-w-for-x' });
    expect(renderText(gradeAnswer(dzdw, '-0.9').message, 'en')).toContain('x');
    const z = makeProblem({ network: SEED_NETWORK, asks: 'z1' });
    expect(gradeAnswer(z, '-0.3')).toMatchObject({ status: 'wrong', diagnosis: 'flipped-z-sign' });
  });

  it('accepts honest roundings of every quantity along the way', () => {
    const cases: [string, string[], string[]][] = [
      ['z1', ['0.3', '0.30'], ['0.2']],
      ['y', ['0.574', '0.57'], ['0.55', '0.3']],
      ['L', ['0.025', '0.0254', '0.026'], ['0.051', '0.05']],
      ['dL/dy', ['-0.226', '-0.23'], ['0.226', '-0.5']],
      ['da1/dz1', ['0.244', '0.24', '0.245'], ['0.574', '1']],
    ];
    for (const [asks, right, wrong] of cases) {
      const problem = makeProblem({ network: SEED_NETWORK, asks });
      for (const raw of right) expect(gradeAnswer(problem, raw).status, `${asks} ${raw}`).toBe('correct');
      for (const raw of wrong) expect(gradeAnswer(problem, raw).status, `${asks} ${raw}`).not.toBe('correct');
    }
  });
});

describe('step-by-step problems carry errors forward', () => {
  const steps = makeProblem({ network: SEED_NETWORK, asks: ['dL/dy', 'da1/dz1', 'dz1/dw1', 'dL/dw1', "w1'"] });

  it('asks the steps of the source text in order', () => {
    expect(steps.kind).toBe('chain-steps');
    expect(steps.steps!.map((s) => s.asks)).toEqual(['dL/dy', 'da1/dz1', 'dz1/dw1', 'dL/dw1', "w1'"]);
  });

  it('a step computed correctly from a wrong earlier step is consistent but not correct', () => {
    // The student used y = 0.6 by mistake: dL/dy = −0.2, dy/dz = 0.24.
    const earlier = { 'dL/dy': -0.2, 'da1/dz1': 0.24, 'dz1/dw1': 0.5 };
    const verdict = gradeAnswer(steps, '-0.024', { step: 3, earlier });
    expect(verdict.status).not.toBe('correct');
    expect(verdict.consistent).toBe(true);
    expect(renderText(verdict.message, 'en')).toContain('Consistent with your earlier steps');
  });

  it('the right value after a wrong earlier step is correct overall but not consistent', () => {
    const verdict = gradeAnswer(steps, '-0.0276', { step: 3, earlier: { 'dL/dy': -0.2, 'da1/dz1': 0.24, 'dz1/dw1': 0.5 } });
    expect(verdict.status).toBe('correct');
    expect(verdict.consistent).toBe(false);
  });

  it('the update is graded against the student own gradient', () => {
    const verdict = gradeAnswer(steps, '0.40024', { step: 4, earlier: { 'dL/dw1': -0.024 } });
    expect(verdict.consistent).toBe(true);
    expect(verdict.status).not.toBe('correct');
    expect(gradeAnswer(steps, '0.40028', { step: 4, earlier: { 'dL/dw1': -0.0276 } })).toMatchObject({
      status: 'correct',
      consistent: true,
    });
  });

  it('a step index that does not exist is invalid', () => {
    expect(gradeAnswer(steps, '1', { step: 9 }).status).toBe('invalid');
  });
});

describe('multiple choice and whole numbers', () => {
  it('direction: a negative gradient means w grows', async () => {
    const { generateProblem } = await import('../../shared/engine/index.ts');
    const problem = generateProblem({ kind: 'direction', seed: 3, difficulty: 1 });
    const right = problem.answer as string;
    const opposite = right === 'increase' ? 'decrease' : 'increase';
    expect(gradeAnswer(problem, right).status).toBe('correct');
    expect(gradeAnswer(problem, opposite)).toMatchObject({ status: 'wrong', diagnosis: 'opposite-direction' });
    expect(gradeAnswer(problem, 'sideways').status).toBe('invalid');
    expect(Math.sign(problem.decidingValue!)).toBe(right === 'increase' ? -1 : 1);
  });

  it('vanishing gradients: how many sigmoid layers until the factor is under 10^-3', async () => {
    const { generateProblem } = await import('../../shared/engine/index.ts');
    for (let seed = 0; seed < 50; seed++) {
      const problem = generateProblem({ kind: 'vanishing', seed, difficulty: 2 });
      const n = problem.answer as number;
      const exponent = Number(/10\^\{-(\d+)\}/.exec(problem.prompt.params!.threshold!)![1]);
      expect(0.25 ** n).toBeLessThan(10 ** -exponent);
      expect(0.25 ** (n - 1)).toBeGreaterThanOrEqual(10 ** -exponent);
      expect(gradeAnswer(problem, String(n - 1)).diagnosis).toBe('off-by-one-layer');
      expect(gradeAnswer(problem, '2.5').status).toBe('invalid');
    }
  });
});

describe('a consistent step is never blamed for an upstream mistake', () => {
  it('drops a diagnosis that only matches by value when the step follows from the earlier answers', async () => {
    const { generateProblem } = await import('../../shared/engine/index.ts');
    let checked = 0;
    for (let seed = 0; seed < 200; seed++) {
      const problem = generateProblem({ kind: 'chain-steps', seed, difficulty: 1 });
      const [dLdy, dydz, dzdw] = problem.steps!.map((s) => s.answer);
      const earlier = { 'dL/dy': 3 * dLdy!, 'da1/dz1': dydz!, 'dz1/dw1': dzdw! };
      const carried = 3 * dLdy! * dydz! * dzdw!;
      const verdict = gradeAnswer(problem, String(carried), { step: 3, earlier });
      expect(verdict.consistent).toBe(true);
      expect(verdict.diagnosis).toBeUndefined();
      expect(verdict.message.key).toBe('verdict.consistent');
      checked++;
    }
    expect(checked).toBe(200);
  });
});
