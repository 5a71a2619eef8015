import { fromStep, stepsProblem } from './generate-problem.ts';
import { type Network, quantityKeys, validateNetwork } from './network.ts';
import type { Difficulty, Problem, ProblemKind } from './problem.ts';
import { contextFor, indistinguishableTargets, quantityStep } from './quantity-problem.ts';
import type { MisconceptionKey } from './worked-procedure.ts';
import { canonicalKey } from './symbols.ts';

export interface MakeProblemOptions {
  network: Network;
  /** One quantity key, or several for a step-by-step problem (in the order asked). */
  asks: string | readonly string[];
  difficulty?: Difficulty;
}

/** The kind a teacher's question belongs to, judged from what it asks of which network. */
function kindOf(network: Network, asks: string): ProblemKind {
  if (/^(z\d|a\d|y$|L$)/.test(asks)) return 'forward';
  if (asks.endsWith("'")) return 'update';
  if (network.layers.length > 1 && /^dL\/d/.test(asks)) return 'deep-chain';
  if (network.loss === 'bce') return 'cross-entropy';
  if (network.layers.some((l) => l.activation !== 'sigmoid')) return 'activations';
  if (/^dL\/d[wb]/.test(asks)) return 'chain-gradient';
  return 'local-derivative';
}

/** A full problem for a network and quantity given by a teacher, e.g. the source text's example. */
export function makeProblem({ network, asks, difficulty = 1 }: MakeProblemOptions): Problem {
  const invalid = validateNetwork(network);
  if (invalid) throw new Error(`invalid network: ${invalid}`);
  const n = network.layers.length;
  const valid = new Set(quantityKeys(n).map((k) => canonicalKey(k, n)));
  const keys = (typeof asks === 'string' ? [asks] : [...asks]).map((k) => canonicalKey(k, n));
  for (const key of keys) if (!valid.has(key)) throw new Error(`unknown quantity ${key} for a ${n}-layer network`);
  if (keys.length === 0) throw new Error('ask for at least one quantity');
  const ctx = contextFor(network);
  if (keys.length > 1) return stepsProblem(ctx, keys, 'chain-steps', difficulty, 0);
  const step = quantityStep(ctx, keys[0]!);
  return fromStep(ctx, kindOf(network, step.asks), difficulty, 0, step, []);
}

/** The source text's worked example: x = 0.5, w = 0.4, b = 0.1, η = 0.01, y_true = 0.8. */
export const SEED_NETWORK: Network = {
  x: 0.5,
  layers: [{ w: 0.4, b: 0.1, activation: 'sigmoid' }],
  loss: 'mse',
  target: 0.8,
  lr: 0.01,
};

/**
 * For a teacher's own network: the mistakes each asked quantity is there to catch that these numbers
 * cannot tell apart from the right answer (a student making one would be graded correct), by step.
 * Generated problems are drawn again until there are none; a teacher's are kept, and the editor says so.
 */
export function untestedMistakes(problem: Problem): Array<{ asks: string; symbol: string; mistakes: MisconceptionKey[] }> {
  if (!problem.network || problem.grading.type !== 'numeric') return [];
  const ctx = contextFor(problem.network);
  const steps = problem.steps ?? [{ asks: problem.asks, symbol: problem.symbol, grading: problem.grading }];
  return steps.flatMap((step) => {
    const mistakes = indistinguishableTargets(ctx, step);
    return mistakes.length > 0 ? [{ asks: step.asks, symbol: step.symbol, mistakes }] : [];
  });
}
