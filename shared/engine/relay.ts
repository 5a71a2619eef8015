/**
 * Backprop Relay: the chain of a network dealt out as links, from the loss backwards.
 * Each link multiplies the upstream gradient a member received by one local derivative
 * (the last one applies the update), so the team itself is the chain rule.
 */
import { INTERMEDIATE_SIG } from './approx.ts';
import { formatNumber } from './format-number.ts';
import { MAX_ATTEMPTS, drawNetwork, isGradable, isReasonable, looksLikeAnInput, testsItsTargets } from './generate-problem.ts';
import type { Activation, Network } from './network.ts';
import type { Difficulty, Problem } from './problem.ts';
import { createRng, deriveSeed } from './prng.ts';
import { type QuantityContext, contextFor, quantityStep, setupFor, solutionFor } from './quantity-problem.ts';

export interface RelayLink {
  /** What this link sends on, e.g. `dL/dz1`. */
  asks: string;
  /** The gradient received from the previous link; `null` for the first link (computed from y and y_true). */
  upstream: string | null;
  /** The local derivative this link multiplies by (`lr` for the update). */
  local: string | null;
}

/** The links from the loss back to the first layer's weight update: dL/dy, dL/dz{n}, dL/da{n−1}, …, dL/dw1, w1′. */
export function relayLinks(network: Network): RelayLink[] {
  const n = network.layers.length;
  const links: RelayLink[] = [];
  if (network.loss === 'mse') links.push({ asks: 'dL/dy', upstream: null, local: null });
  // With cross-entropy the first link is dL/dz{n} = y − y_true directly.
  links.push(
    network.loss === 'mse'
      ? { asks: `dL/dz${n}`, upstream: 'dL/dy', local: `da${n}/dz${n}` }
      : { asks: `dL/dz${n}`, upstream: null, local: null },
  );
  for (let k = n; k > 1; k--) {
    links.push({ asks: `dL/da${k - 1}`, upstream: `dL/dz${k}`, local: `dz${k}/da${k - 1}` });
    links.push({ asks: `dL/dz${k - 1}`, upstream: `dL/da${k - 1}`, local: `da${k - 1}/dz${k - 1}` });
  }
  links.push({ asks: 'dL/dw1', upstream: 'dL/dz1', local: 'dz1/dw1' });
  links.push({ asks: "w1'", upstream: 'dL/dw1', local: 'lr' });
  return links;
}

export interface RelayProblem extends Problem {
  links: RelayLink[];
}

/**
 * A relay problem: a step problem along `relayLinks`, graded link by link against the
 * upstream value the member actually received (`gradeAnswer(problem, raw, { step, earlier })`
 * with `earlier = { [link.upstream]: received }`).
 */
export function generateRelayProblem({ seed, difficulty }: { seed: number; difficulty: Difficulty }): RelayProblem {
  const rng = createRng(deriveSeed(seed, `relay:${difficulty}`));
  const activations = RELAY_SHAPES[difficulty];
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const ctx = contextFor(drawNetwork(rng, difficulty, activations, 'mse'), 'chain');
    if (!isReasonable(ctx)) continue;
    const problem = relayProblem(ctx, difficulty, seed);
    if (!problem.steps!.every((step) => isGradable(step.grading)) || !testsItsTargets(ctx, problem.steps!) || looksLikeAnInput(problem)) continue;
    return problem;
  }
  throw new Error(`no acceptable relay problem for seed ${seed}`);
}

const RELAY_SHAPES: Record<Difficulty, readonly Activation[]> = {
  1: ['sigmoid'],
  2: ['sigmoid', 'sigmoid'],
  3: ['tanh', 'sigmoid', 'sigmoid'],
};

/** The relay problem for a given network, e.g. the source text's example. */
export function makeRelayProblem(network: Network, difficulty: Difficulty = 1): RelayProblem {
  return relayProblem(contextFor(network, 'chain'), difficulty, 0);
}

function relayProblem(ctx: QuantityContext, difficulty: Difficulty, seed: number): RelayProblem {
  const links = relayLinks(ctx.network);
  const steps = links.map((link) => quantityStep(ctx, link.asks));
  const last = steps[steps.length - 1]!;
  return {
    kind: 'chain-steps',
    difficulty,
    seed: seed >>> 0,
    route: 'chain',
    network: ctx.network,
    setup: setupFor(ctx, links.map((l) => l.asks)),
    given: ['y', 'L'].map((key) => ({
      key,
      symbol: ctx.plan.symbols.get(key)!,
      display: formatNumber(ctx.quantities[key]!, INTERMEDIATE_SIG),
    })),
    prompt: { key: 'prompt.relay' },
    asks: 'steps',
    symbol: last.symbol,
    format: 'number',
    steps,
    links,
    answer: last.answer,
    grading: last.grading,
    solution: solutionFor(ctx, last.asks),
    misconceptions: last.misconceptions,
  };
}
