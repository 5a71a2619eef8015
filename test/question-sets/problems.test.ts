import { describe, expect, it } from 'vitest';
import {
  SEED_NETWORK,
  deriveSeed,
  gradeAnswer,
  makeProblem,
  renderText,
  revealsSecret,
  secretForms,
  toPublicProblem,
} from '../../shared/engine/index.ts';
import { type SetItemInput, SetItemSchema, problemForItem } from '../../shared/question-sets/index.ts';
import { generateFor } from '../../server/modes/quiz/round.ts';

const item = (input: SetItemInput) => SetItemSchema.parse(input);

describe('an authored numeric item', () => {
  const dLdw = item({ type: 'numeric', network: SEED_NETWORK, asks: ['dL/dw1'] });
  const update = item({ type: 'numeric', network: SEED_NETWORK, asks: ["w1'"], note: 'The example from p. 42.' });

  it('is the problem makeProblem makes for the source example, graded the same', () => {
    const problem = problemForItem(dLdw, { seed: 7 });
    expect(problem).toEqual(makeProblem({ network: SEED_NETWORK, asks: 'dL/dw1' }));
    expect(gradeAnswer(problem, '-0.027').status).toBe('correct');
    expect(gradeAnswer(problem, '-0.028').status).toBe('correct');
    expect(gradeAnswer(problem, '-0.113')).toMatchObject({ status: 'wrong', diagnosis: 'forgot-sigma-prime' });
    expect(gradeAnswer(problem, '0.027')).toMatchObject({ status: 'wrong', diagnosis: 'sign-flipped' });
  });

  it("grades w′ on the step and carries the teacher's note for the reveal only", () => {
    const problem = problemForItem(update, { seed: 7 });
    const { note, ...rest } = problem;
    expect(rest).toEqual(makeProblem({ network: SEED_NETWORK, asks: "w1'" }));
    expect(note).toEqual({ key: 'authored.text', params: { text: 'The example from p. 42.' } });
    expect(renderText(note!, 'zh-CN')).toBe('The example from p. 42.');
    expect(gradeAnswer(problem, '0.40027').status).toBe('correct');
    expect(gradeAnswer(problem, '0.40028').status).toBe('correct');
    expect(gradeAnswer(problem, '0.4')).toMatchObject({ status: 'wrong', diagnosis: 'no-update' });
    expect(gradeAnswer(problem, '0.39973')).toMatchObject({ status: 'wrong', diagnosis: 'added-step' });
    expect(JSON.stringify(toPublicProblem(problem))).not.toContain('p. 42');
  });

  it("accepts the source text's own spelling of one-layer quantities", () => {
    const plain = item({ type: 'numeric', network: SEED_NETWORK, asks: ['dL/dw'] });
    expect(problemForItem(plain, { seed: 1 })).toEqual(makeProblem({ network: SEED_NETWORK, asks: 'dL/dw1' }));
  });

  it('asks several quantities as a step-by-step problem of those keys', () => {
    const steps = item({ type: 'numeric', network: SEED_NETWORK, asks: ['dL/dy', 'dy/dz', "dz/dw", 'dL/dw', "w'"] });
    const problem = problemForItem(steps, { seed: 3 });
    expect(problem).toEqual(makeProblem({ network: SEED_NETWORK, asks: ['dL/dy', 'da1/dz1', 'dz1/dw1', 'dL/dw1', "w1'"] }));
    expect(problem.kind).toBe('chain-steps');
    expect(problem.steps!.map((s) => s.asks)).toEqual(['dL/dy', 'da1/dz1', 'dz1/dw1', 'dL/dw1', "w1'"]);
    expect(gradeAnswer(problem, '-0.226', { step: 0 }).status).toBe('correct');
    expect(gradeAnswer(problem, '0.244', { step: 1 }).status).toBe('correct');
  });

  it("keeps the teacher's numbers without a variant, or when variants are off", () => {
    const off = item({ type: 'numeric', network: SEED_NETWORK, asks: ['dL/dw1'], variants: false });
    expect(problemForItem(off, { seed: 5, variant: 'team-1' }).network).toEqual(SEED_NETWORK);
    const on = item({ type: 'numeric', network: SEED_NETWORK, asks: ['dL/dw1'], variants: true });
    expect(problemForItem(on, { seed: 5, variant: null }).network).toEqual(SEED_NETWORK);
    const team1 = problemForItem(on, { seed: 5, variant: 'team-1' });
    expect(team1.network).not.toEqual(SEED_NETWORK);
    expect(problemForItem(on, { seed: 5, variant: 'team-1' })).toEqual(team1);
    expect(problemForItem(on, { seed: 5, variant: 'team-2' }).network).not.toEqual(team1.network);
  });
});

describe('a generated item', () => {
  const forward = item({ type: 'generated', kind: 'chain-gradient', difficulty: 2 });

  it("is the problem the room generates for the question's seed", () => {
    for (const seed of [0, 1, 42, 2026, 0xffffffff]) {
      expect(problemForItem(forward, { seed })).toEqual(generateFor(seed, 'chain-gradient', 2));
    }
  });

  it('is deterministic, and a pinned seed wins over the room seed', () => {
    const pinned = item({ type: 'generated', kind: 'update', difficulty: 1, seed: 99 });
    expect(problemForItem(pinned, { seed: 1 })).toEqual(problemForItem(pinned, { seed: 2 }));
    expect(problemForItem(pinned, { seed: 1 })).toEqual(generateFor(99, 'update', 1));
    expect(problemForItem(forward, { seed: 1 })).toEqual(problemForItem(forward, { seed: 1 }));
    expect(problemForItem(forward, { seed: 1 })).not.toEqual(problemForItem(forward, { seed: 2 }));
  });

  it("a team's variant uses a seed derived from the question's", () => {
    expect(problemForItem(forward, { seed: 10, variant: 'blue' })).toEqual(generateFor(deriveSeed(10, 'variant:blue'), 'chain-gradient', 2));
    const pinned = item({ type: 'generated', kind: 'update', difficulty: 1, seed: 99 });
    expect(problemForItem(pinned, { seed: 10, variant: 'blue' })).toEqual(generateFor(deriveSeed(99, 'variant:blue'), 'update', 1));
  });
});

describe('an authored multiple-choice item', () => {
  const choice = item({
    type: 'choice',
    question: 'Which make the gradient vanish in a deep sigmoid network?',
    choices: [
      { text: "Each layer multiplies by $\\sigma'(z) \\le 0.25$", correct: true },
      { text: 'The learning rate $\\eta = 0.01$ is too small', correct: false },
      { text: 'Many factors below 1 multiplied together', correct: true },
    ],
    explanation: 'Factors below 1 multiply into almost 0.',
  });
  const problem = problemForItem(choice, { seed: 1 });

  it('is a multiple-choice problem with the choices as the teacher wrote them', () => {
    expect(problem).toMatchObject({ kind: 'multiple-choice', format: 'choice', asks: 'choice', misconceptions: [] });
    expect(problem.choices!.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(renderText(problem.choices![1]!.label, 'en')).toBe('The learning rate $\\eta = 0.01$ is too small');
    expect(renderText(problem.prompt, 'zh-CN')).toBe('Which make the gradient vanish in a deep sigmoid network?');
    expect(problem.grading).toEqual({ type: 'choice', value: 'a', accepted: ['a', 'c'] });
    expect(problem.note).toEqual({ key: 'authored.text', params: { text: 'Factors below 1 multiply into almost 0.' } });
  });

  it('accepts any right choice, and gives a wrong one no diagnosis', () => {
    expect(gradeAnswer(problem, 'a').status).toBe('correct');
    expect(gradeAnswer(problem, 'C').status).toBe('correct');
    const wrong = gradeAnswer(problem, 'b');
    expect(wrong.status).toBe('wrong');
    expect(wrong.diagnosis).toBeUndefined();
    expect(gradeAnswer(problem, 'd').status).toBe('invalid');
  });

  it('shows which choices were right in the worked solution', () => {
    expect(problem.solution.map((s) => s.key)).toEqual(['choice-a', 'choice-c']);
    expect(problem.solution.map((s) => s.why)).toEqual([problem.choices![0]!.label, problem.choices![2]!.label]);
  });

  it('keeps the right choices and the explanation out of the public view, and its texts are no secret', () => {
    const view = toPublicProblem(problem);
    const json = JSON.stringify(view);
    expect(json).not.toContain('accepted');
    expect(json).not.toContain('correct');
    expect(json).not.toContain('almost 0');
    expect(Object.keys(view)).not.toContain('note');
    expect(view.choices).toEqual(problem.choices);
    expect([...secretForms(problem)]).toEqual([]);
    expect(revealsSecret(problem, json)).toBe(false);
  });

  it('is the same problem for every seed and team', () => {
    expect(problemForItem(choice, { seed: 2, variant: 'red' })).toEqual(problem);
  });
});
