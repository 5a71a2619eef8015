/**
 * Backprop Relay: the chain of a network dealt out as links, from the loss backwards.
 * Each link multiplies the upstream gradient a member received by one local derivative
 * (the last one applies the update), so the team itself is the chain rule.
 *
 * On a network that branches the chain becomes a tree: after dL/dz₂ each hidden neuron's
 * branch runs in parallel, and the member holding x, where the two branches meet, receives
 * both branches' gradients and adds the two shares (dL/dx = dL/dz₁₁·w₁₁ + dL/dz₁₂·w₁₂).
 */
import { INTERMEDIATE_SIG } from './approx.ts';
import { formatNumber } from './format-number.ts';
import { MAX_ATTEMPTS, copyLines, drawNetwork, isGradable, isReasonable, looksLikeAnInput, testsItsTargets } from './generate-problem.ts';
import type { Activation, Network } from './network.ts';
import type { Difficulty, Problem } from './problem.ts';
import { createRng, deriveSeed } from './prng.ts';
import { type AnyContext, contextFor, quantityStep, setupFor } from './quantity-problem.ts';
import { drawHiddenPair, isReasonableGraph } from './generate-graph.ts';
import { type GraphNetwork, inputKey } from './graph.ts';
import { graphContextFor } from './graph-procedure.ts';

/** One gradient a link receives: which earlier link sends it, its key, and the local derivative it is multiplied by. */
export interface RelayInput {
  link: number;
  upstream: string;
  local: string;
}

export interface RelayLink {
  /** What this link sends on, e.g. `dL/dz1`. */
  asks: string;
  /** The gradient received (the first of `from`); `null` for the first link (computed from y and y_true). */
  upstream: string | null;
  /** The local derivative it is multiplied by (`lr` for the update). */
  local: string | null;
  /**
   * Every gradient this link receives, each from an earlier link: none for the first link, one on a
   * chain, two where the branches of a network meet (the link adds the products). The link can be sent
   * once all of them have arrived.
   */
  from: RelayInput[];
}

/** What link `index` receives; a problem stored before links had `from` is a chain (the link before it). */
export function relayInputs(link: RelayLink, index: number): RelayInput[] {
  if (link.from) return link.from;
  return link.upstream === null || link.local === null ? [] : [{ link: index - 1, upstream: link.upstream, local: link.local }];
}

/** A chain's link: one upstream gradient from the link before it. */
function chainLink(links: readonly RelayLink[], asks: string, upstream: string | null, local: string | null): RelayLink {
  return { asks, upstream, local, from: upstream === null || local === null ? [] : [{ link: links.length - 1, upstream, local }] };
}

/** A link that receives from earlier links (by the keys they send) and multiplies each by its local derivative. */
function treeLink(links: readonly RelayLink[], asks: string, inputs: readonly (readonly [string, string])[]): RelayLink {
  const from = inputs.map(([upstream, local]) => ({ link: links.findIndex((l) => l.asks === upstream), upstream, local }));
  if (from.some((input) => input.link < 0)) throw new Error(`${asks}: an upstream link is missing`);
  return { asks, upstream: from[0]?.upstream ?? null, local: from[0]?.local ?? null, from };
}

/** The links from the loss back to the first layer's weight update: dL/dy, dL/dz{n}, dL/da{n−1}, …, dL/dw1, w1′. */
export function relayLinks(network: Network): RelayLink[] {
  const n = network.layers.length;
  const links: RelayLink[] = [];
  const push = (asks: string, upstream: string | null, local: string | null) => links.push(chainLink(links, asks, upstream, local));
  if (network.loss === 'mse') push('dL/dy', null, null);
  // With cross-entropy the first link is dL/dz{n} = y − y_true directly.
  if (network.loss === 'mse') push(`dL/dz${n}`, 'dL/dy', `da${n}/dz${n}`);
  else push(`dL/dz${n}`, null, null);
  for (let k = n; k > 1; k--) {
    push(`dL/da${k - 1}`, `dL/dz${k}`, `dz${k}/da${k - 1}`);
    push(`dL/dz${k - 1}`, `dL/da${k - 1}`, `da${k - 1}/dz${k - 1}`);
  }
  push('dL/dw1', 'dL/dz1', 'dz1/dw1');
  push("w1'", 'dL/dw1', 'lr');
  return links;
}

/**
 * The links of a hidden pair (graph.ts, 1-2-1 or 2-2-1) as a tree: dL/dy, dL/dz2, then each hidden
 * neuron's branch (dL/da1_j, dL/dz1_j), the two in parallel, and where they meet each input's
 * gradient, the sum of its two shares. With two inputs, two members each add two branches.
 */
export function branchingRelayLinks(graph: GraphNetwork): RelayLink[] {
  if (graph.shape !== 'hidden-pair') throw new Error('a branching relay runs on a hidden pair');
  const links: RelayLink[] = [];
  links.push(treeLink(links, 'dL/dy', []));
  links.push(treeLink(links, 'dL/dz2', [['dL/dy', 'dy/dz2']]));
  for (const j of ['1_1', '1_2']) {
    links.push(treeLink(links, `dL/da${j}`, [['dL/dz2', `dz2/da${j}`]]));
    links.push(treeLink(links, `dL/dz${j}`, [[`dL/da${j}`, `da${j}/dz${j}`]]));
  }
  graph.x.forEach((_, i) => {
    const x = inputKey(graph, i);
    links.push(treeLink(links, `dL/d${x}`, [['dL/dz1_1', `dz1_1/d${x}`], ['dL/dz1_2', `dz1_2/d${x}`]]));
  });
  return links;
}

export interface RelayProblem extends Problem {
  links: RelayLink[];
}

/** A relay round's network: a chain (`chain-steps`) or a network that branches (`branch-steps`). */
export type RelayKind = 'chain-steps' | 'branch-steps';

/**
 * A relay problem: a step problem along `relayLinks`, graded link by link against the
 * upstream value the member actually received (`gradeAnswer(problem, raw, { step, earlier })`
 * with `earlier = { [link.upstream]: received }`).
 */
export function generateRelayProblem({ seed, difficulty, kind = 'chain-steps' }: { seed: number; difficulty: Difficulty; kind?: RelayKind }): RelayProblem {
  if (kind === 'branch-steps') return generateBranchingRelay(seed, difficulty);
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

/** Difficulty 1: 1-2-1 of sigmoids; 2: a tanh beside a sigmoid; 3: 2-2-1, where two members each add two branches. */
const BRANCHING_SHAPES: Record<Difficulty, { inputs: number; hidden: readonly [Activation, Activation] }> = {
  1: { inputs: 1, hidden: ['sigmoid', 'sigmoid'] },
  2: { inputs: 1, hidden: ['sigmoid', 'tanh'] },
  3: { inputs: 2, hidden: ['tanh', 'sigmoid'] },
};

function generateBranchingRelay(seed: number, difficulty: Difficulty): RelayProblem {
  const rng = createRng(deriveSeed(seed, `relay-branching:${difficulty}`));
  const shape = BRANCHING_SHAPES[difficulty];
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const ctx = graphContextFor(drawHiddenPair(rng, difficulty, shape.inputs, shape.hidden));
    if (!isReasonableGraph(ctx)) continue;
    const problem = relayProblem(ctx, difficulty, seed, branchingRelayLinks(ctx.network));
    const steps = problem.steps!;
    // Every link worth computing (no value of a few ten-thousandths) and every target mistake told apart.
    if (!steps.every((step) => isGradable(step.grading) && Math.abs(step.answer) >= 1e-3)) continue;
    if (!testsItsTargets(ctx, steps) || looksLikeAnInput(problem)) continue;
    return problem;
  }
  throw new Error(`no acceptable branching relay problem for seed ${seed}`);
}

function relayProblem(ctx: AnyContext, difficulty: Difficulty, seed: number, links: RelayLink[] = relayLinks(ctx.network as Network)): RelayProblem {
  const steps = links.map((link) => quantityStep(ctx, link.asks));
  const last = steps[steps.length - 1]!;
  return {
    kind: 'shape' in ctx.network ? 'branch-steps' : 'chain-steps',
    difficulty,
    seed: seed >>> 0,
    route: 'chain',
    ...('shape' in ctx.network ? { graph: ctx.network } : { network: ctx.network }),
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
    solution: copyLines(last.solution),
    misconceptions: last.misconceptions,
  };
}
