import { describe, expect, it } from 'vitest';
import { SEED_NETWORK, evaluateNetwork, gradeAnswer, makeProblem } from '../../shared/engine/index.ts';

// The source text's worked example: x = 0.5, w = 0.4, b = 0.1, η = 0.01, y_true = 0.8.
describe('the worked example of the source text', () => {
  const q = evaluateNetwork(SEED_NETWORK);

  it('reproduces every forward and backward quantity', () => {
    expect(q.z1).toBeCloseTo(0.3, 12);
    expect(q.y).toBeCloseTo(0.574442516811659, 12);
    expect(q.a1).toBe(q.y);
    expect(q.L).toBeCloseTo(0.025438089111129, 12);
    expect(q['dL/dy']).toBeCloseTo(-0.225557483188341, 12);
    expect(q['da1/dz1']).toBeCloseTo(0.244458311690746, 12);
    expect(q['dz1/dw1']).toBe(0.5);
    expect(q['dz1/db1']).toBe(1);
    expect(q['dL/dw1']).toBeCloseTo(-0.027569700764718, 12);
    expect(q["w1'"]).toBeCloseTo(0.400275697007647, 12);
  });

  it('matches the rounded values printed in the text', () => {
    expect(q.y!.toFixed(3)).toBe('0.574');
    expect(q.L!.toFixed(3)).toBe('0.025');
    expect(q['dL/dy']!.toFixed(3)).toBe('-0.226');
    expect(q['da1/dz1']!.toFixed(3)).toBe('0.244');
  });

  it('accepts both roundings of dL/dw and rejects real mistakes', () => {
    const problem = makeProblem({ network: SEED_NETWORK, asks: 'dL/dw1' });
    expect(gradeAnswer(problem, '-0.027').status).toBe('correct');
    expect(gradeAnswer(problem, '-0.028').status).toBe('correct');
    expect(gradeAnswer(problem, '-0.02757').status).toBe('correct');
    const forgotSigmaPrime = gradeAnswer(problem, '-0.113');
    expect(forgotSigmaPrime).toMatchObject({ status: 'wrong', diagnosis: 'forgot-sigma-prime' });
    expect(gradeAnswer(problem, '0.027')).toMatchObject({ status: 'wrong', diagnosis: 'sign-flipped' });
  });

  it('grades the update on the step', () => {
    const problem = makeProblem({ network: SEED_NETWORK, asks: "w1'" });
    expect(gradeAnswer(problem, '0.40027').status).toBe('correct');
    expect(gradeAnswer(problem, '0.40028').status).toBe('correct');
    expect(gradeAnswer(problem, '0.4')).toMatchObject({ status: 'wrong', diagnosis: 'no-update' });
    expect(gradeAnswer(problem, '0.39973')).toMatchObject({ status: 'wrong', diagnosis: 'added-step' });
    expect(gradeAnswer(problem, '0.427')).toMatchObject({ status: 'wrong', diagnosis: 'forgot-lr' });
  });
});
