/**
 * What makes a teacher's network unfit to play, beyond its shape: a quantity the depth does not
 * have, cross-entropy without a sigmoid output or with a target outside [0, 1], a saturated layer
 * (|z| > 10: every gradient through it is about 0) and a loss or gradient that is not finite.
 */
import { evaluateNetwork, formatNumber, makeProblem, type Network, type Problem, validateNetwork } from '../engine/index.ts';
import { askKey } from './asks.ts';
import type { SetIssueCode } from './schema.ts';

/** Beyond this |z| a sigmoid or tanh is flat to 4 decimals: the problem would teach nothing. */
export const SATURATION_Z = 10;

export interface NumericCheck {
  field: string;
  code: SetIssueCode;
  message: string;
}

function finiteProblem(problem: Problem): string | null {
  const steps = problem.steps ?? [{ asks: problem.asks, answer: problem.answer, grading: problem.grading }];
  for (const step of steps) {
    const { grading } = step;
    const values = grading.type === 'numeric' ? [step.answer as number, grading.lo, grading.hi] : [];
    if (!values.every(Number.isFinite)) return step.asks;
  }
  return null;
}

/** Every reason `network` asked for `asks` cannot be played (empty: it can). */
export function numericChecks(network: Network, asks: readonly string[]): NumericCheck[] {
  return checkedProblem(network, asks).issues;
}

/** The checks, and the problem when every asked key is known (null otherwise), made once for both. */
export function checkedProblem(network: Network, asks: readonly string[]): { issues: NumericCheck[]; problem: Problem | null } {
  const issues: NumericCheck[] = [];
  const done = () => ({ issues, problem: null });
  const n = network.layers.length;
  const seen = new Set<string>();
  const keys = asks.map((raw, j) => {
    const key = askKey(raw, n);
    if (key === null) {
      issues.push({ field: `asks.${j}`, code: 'unknown_quantity', message: `${raw} is not a quantity of a ${n}-layer network` });
    } else if (seen.has(key)) {
      // A step-by-step problem grades each step against the student's own earlier steps by key: one key, one step.
      issues.push({ field: `asks.${j}`, code: 'invalid_value', message: `${raw} is asked twice` });
    }
    if (key !== null) seen.add(key);
    return key;
  });
  if (network.loss === 'bce') {
    if (network.layers[n - 1]?.activation !== 'sigmoid') {
      issues.push({ field: `network.layers.${n - 1}.activation`, code: 'bce_needs_sigmoid', message: 'cross-entropy needs a sigmoid output layer' });
    }
    if (!(network.target >= 0 && network.target <= 1)) {
      issues.push({ field: 'network.target', code: 'bce_target_range', message: 'cross-entropy needs y_true between 0 and 1' });
    }
  }
  // The engine cannot evaluate cross-entropy without a sigmoid output or with a target outside [0, 1].
  if (issues.some((i) => i.code === 'bce_needs_sigmoid' || i.code === 'bce_target_range')) return done();
  const invalid = validateNetwork(network);
  if (invalid) {
    issues.push({ field: 'network', code: 'invalid_value', message: invalid });
    return done();
  }

  const q = evaluateNetwork(network);
  for (let k = 1; k <= n; k++) {
    const z = q[`z${k}`]!;
    if (!(Math.abs(z) <= SATURATION_Z)) {
      issues.push({
        field: `network.layers.${k - 1}`,
        code: 'saturated',
        message: `z${k} = ${formatNumber(z)}: |z| > ${SATURATION_Z} saturates the layer, every gradient through it is about 0`,
      });
    }
  }
  const broken = Object.entries(q).find(([, v]) => !Number.isFinite(v));
  if (broken) {
    issues.push({ field: network.loss === 'bce' ? 'network.loss' : 'network', code: 'undefined_value', message: `${broken[0]} is not a finite number` });
    return done();
  }
  if (keys.some((k) => k === null) || issues.some((i) => i.field.startsWith('asks.'))) return done();
  // The worked procedure rounds y to 3 figures: a y that rounds to 0 or 1 breaks cross-entropy's 1/(y(1 − y)).
  let problem: Problem;
  try {
    problem = makeProblem({ network, asks: keys.length === 1 ? keys[0]! : (keys as string[]) });
  } catch (error) {
    issues.push({ field: 'asks', code: 'undefined_value', message: error instanceof Error ? error.message : String(error) });
    return done();
  }
  const bad = finiteProblem(problem);
  if (bad !== null) {
    const j = Math.max(0, keys.indexOf(bad));
    issues.push({ field: `asks.${j}`, code: 'undefined_value', message: `${bad} has no finite answer or tolerance for these numbers` });
  }
  return { issues, problem };
}
