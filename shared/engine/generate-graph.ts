/**
 * Problems on networks that branch (graph.ts): which input goes with which weight, gradients
 * that add up over two paths, and a hidden neuron's weight reached through its own outgoing
 * weight. Drawn like the chain kinds: numbers with at most two decimals from the seeded PRNG,
 * redrawn until the question is fair (no saturation or kink, gradable, and every mistake it is
 * there to catch lands outside the accepted interval and is named).
 */
import { type GraphNetwork, type GraphNeuron } from './graph.ts';
import { graphContextFor } from './graph-procedure.ts';
import { LEARNING_RATES, MAX_ATTEMPTS, RANGES, acceptableProblem, isGradable, looksLikeAnInput, nonZero, stepsProblem, targetFor, testsItsTargets } from './generate-problem.ts';
import type { Activation } from './network.ts';
import type { Rng } from './prng.ts';
import type { Difficulty, Problem, ProblemKind } from './problem.ts';
import type { QuantityContext } from './quantity-problem.ts';

interface GraphDraft {
  graph: GraphNetwork;
  asks: string;
}

/** Input values told apart: two equal inputs would make "paired the weight with the wrong input" invisible. */
function drawInputs(rng: Rng, difficulty: Difficulty, count: number): number[] {
  const xs: number[] = [];
  while (xs.length < count) {
    const x = nonZero(rng, RANGES[difficulty].x);
    if (xs.every((other) => Math.abs(other - x) >= 0.2)) xs.push(x);
  }
  return xs;
}

function drawNeuron(rng: Rng, difficulty: Difficulty, id: string, inputs: string[], activation: Activation): GraphNeuron {
  const ranges = RANGES[difficulty];
  return { id, inputs, w: inputs.map(() => nonZero(rng, ranges.w)), b: rng.grid(...ranges.b), activation };
}

const inputNames = (count: number) => (count === 1 ? ['x'] : Array.from({ length: count }, (_, i) => `x${i + 1}`));

/** One neuron, z = w₁x₁ + w₂x₂ (+ w₃x₃) + b. */
export function drawMultiInput(rng: Rng, difficulty: Difficulty, inputs: number, activation: Activation): GraphNetwork {
  const x = drawInputs(rng, difficulty, inputs);
  return {
    shape: 'multi-input',
    x,
    neurons: [drawNeuron(rng, difficulty, '1', inputNames(inputs), activation)],
    loss: 'mse',
    target: targetFor(rng, activation, 'mse', difficulty),
    lr: rng.pick(LEARNING_RATES[difficulty]),
  };
}

/** Inputs → two hidden neurons → one output: 1-2-1, or 2-2-1 with two inputs. */
export function drawHiddenPair(rng: Rng, difficulty: Difficulty, inputs: number, hidden: readonly [Activation, Activation]): GraphNetwork {
  const x = drawInputs(rng, difficulty, inputs);
  return {
    shape: 'hidden-pair',
    x,
    neurons: [
      drawNeuron(rng, difficulty, '1_1', inputNames(inputs), hidden[0]),
      drawNeuron(rng, difficulty, '1_2', inputNames(inputs), hidden[1]),
      drawNeuron(rng, difficulty, '2', ['a1_1', 'a1_2'], 'sigmoid'),
    ],
    loss: 'mse',
    target: targetFor(rng, 'sigmoid', 'mse', difficulty),
    lr: rng.pick(LEARNING_RATES[difficulty]),
  };
}

/** x → a₁ → a₂, and y = a₂ + a₁: a₁ reaches y along two paths. */
export function drawSkip(rng: Rng, difficulty: Difficulty, hidden: Activation): GraphNetwork {
  return {
    shape: 'skip',
    x: drawInputs(rng, difficulty, 1),
    neurons: [drawNeuron(rng, difficulty, '1', ['x'], hidden), drawNeuron(rng, difficulty, '2', ['a1'], 'sigmoid')],
    skip: '1',
    loss: 'mse',
    // y = σ(z₂) + a₁ lies in (0, 2) with a sigmoid a₁, in (−1, 2) with tanh.
    target: hidden === 'tanh' ? rng.grid(-0.5, 1.5, 0.1) : rng.grid(0.2, 1.8, 0.1),
    lr: rng.pick(LEARNING_RATES[difficulty]),
  };
}

/** Forward values a student can work with: no saturation, no kink, a real error to correct. */
export function isReasonableGraph(ctx: QuantityContext<GraphNetwork>): boolean {
  const { network: graph, quantities: q } = ctx;
  for (const neuron of graph.neurons) {
    const z = q[`z${neuron.id}`]!;
    if (Math.abs(z) > 4) return false;
    if (neuron.activation === 'relu' && Math.abs(z) < 0.05) return false;
  }
  return Math.abs(q.y! - graph.target) >= 0.05;
}

function graphProblem(rng: Rng, kind: ProblemKind, difficulty: Difficulty, seed: number, draw: (rng: Rng) => GraphDraft): Problem {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { graph, asks } = draw(rng);
    const ctx = graphContextFor(graph);
    if (!isReasonableGraph(ctx)) continue;
    // A gradient of a few ten-thousandths is all leading zeros on a phone: draw one worth computing.
    const problem = acceptableProblem(ctx, kind, difficulty, seed, asks, [], 1e-3);
    if (problem) return problem;
  }
  throw new Error(`no acceptable ${kind} problem for seed ${seed}`);
}

export function multiInput(rng: Rng, difficulty: Difficulty, seed: number): Problem {
  return graphProblem(rng, 'multi-input', difficulty, seed, (r) => {
    const inputs = difficulty === 3 ? 3 : 2;
    const activation = difficulty === 1 ? 'sigmoid' : r.pick(['sigmoid', 'tanh'] as const);
    return { graph: drawMultiInput(r, difficulty, inputs, activation), asks: `dL/dw1_${r.int(1, inputs)}` };
  });
}

export function pathSum(rng: Rng, difficulty: Difficulty, seed: number): Problem {
  return graphProblem(rng, 'path-sum', difficulty, seed, (r) => {
    if (difficulty === 1) return { graph: drawSkip(r, difficulty, 'sigmoid'), asks: 'dL/da1' };
    if (difficulty === 2) return { graph: drawHiddenPair(r, difficulty, 1, ['sigmoid', 'sigmoid']), asks: 'dL/dx' };
    return r.pick([
      () => ({ graph: drawSkip(r, difficulty, 'tanh'), asks: 'dL/dw1' }),
      () => ({ graph: drawHiddenPair(r, difficulty, 2, ['sigmoid', 'tanh']), asks: `dL/dx${r.int(1, 2)}` }),
    ])();
  });
}

export function hiddenLayer(rng: Rng, difficulty: Difficulty, seed: number): Problem {
  return graphProblem(rng, 'hidden-layer', difficulty, seed, (r) => {
    const j = r.int(1, 2);
    if (difficulty === 1) return { graph: drawHiddenPair(r, difficulty, 1, ['sigmoid', 'sigmoid']), asks: `dL/dw1_${j}` };
    if (difficulty === 2) {
      const hidden = [r.pick(['sigmoid', 'tanh'] as const), r.pick(['sigmoid', 'tanh'] as const)] as const;
      return { graph: drawHiddenPair(r, difficulty, 1, hidden), asks: r.pick([`dL/dw1_${j}`, `dL/db1_${j}`]) };
    }
    return { graph: drawHiddenPair(r, difficulty, 2, ['tanh', 'sigmoid']), asks: `dL/dw1_${j}${r.int(1, 2)}` };
  });
}

/**
 * Step by step through a network that branches: back to where the paths meet, each path's share
 * on its own, then their sum — the step where "one path only" and "multiplied the paths" show.
 */
const BRANCH_STEPS: Record<Difficulty, { draw: (rng: Rng, difficulty: Difficulty) => GraphNetwork; steps: readonly string[] }> = {
  1: { draw: (r, d) => drawSkip(r, d, 'sigmoid'), steps: ['dL/dy', 'dL/dz2', 'dL/da1:z2', 'dL/da1:y', 'dL/da1'] },
  2: {
    draw: (r, d) => drawHiddenPair(r, d, 1, ['sigmoid', 'sigmoid']),
    steps: ['dL/dy', 'dL/dz2', 'dL/da1_1', 'dL/dz1_1', 'dL/da1_2', 'dL/dz1_2', 'dL/dx:z1_1', 'dL/dx:z1_2', 'dL/dx'],
  },
  3: { draw: (r, d) => drawSkip(r, d, 'tanh'), steps: ['dL/dy', 'dL/dz2', 'dL/da1:z2', 'dL/da1:y', 'dL/da1', 'dL/dz1', 'dL/dw1'] },
};

export function branchSteps(rng: Rng, difficulty: Difficulty, seed: number): Problem {
  const spec = BRANCH_STEPS[difficulty];
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const ctx = graphContextFor(spec.draw(rng, difficulty));
    if (!isReasonableGraph(ctx)) continue;
    const problem = stepsProblem(ctx, spec.steps, 'branch-steps', difficulty, seed);
    problem.prompt = { key: 'prompt.branch-steps' };
    const steps = problem.steps!;
    if (!steps.every((s) => isGradable(s.grading) && Math.abs(s.answer - (s.grading.base ?? 0)) >= 1e-3)) continue;
    if (!testsItsTargets(ctx, steps) || looksLikeAnInput(problem)) continue;
    return problem;
  }
  throw new Error(`no acceptable branch-steps problem for seed ${seed}`);
}
