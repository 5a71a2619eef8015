/**
 * Seeded problem generation. Every kind draws numbers with at most two decimals from
 * a seeded PRNG and rejects draws a student should not get: saturated sigmoids
 * (|z| > 4), ReLU at its kink, answers that are zero or too close to zero to grade,
 * a tolerance that would not separate the answer from its sign-flipped twin, or a
 * target mistake the grading could not name.
 */
import { INTERMEDIATE_SIG } from './approx.ts';
import { formatNumber, halfUnit, latexNumber } from './format-number.ts';
import type { Activation, Layer, Loss, Network } from './network.ts';
import { type Rng, createRng, deriveSeed } from './prng.ts';
import { networkInputs, publicViewRevealsSecret } from './problem.ts';
import type {
  Choice,
  Difficulty,
  GivenValue,
  Misconception,
  NumericGrading,
  Problem,
  ProblemKind,
  ProblemStep,
  SolutionStep,
} from './problem.ts';
import {
  type AnyContext,
  type QuantityContext,
  acceptedGradingFor,
  contextFor,
  isUpdateKey,
  misconceptionsFor,
  quantityStep,
  runProcedure,
  setupFor,
  solutionFor,
  stepOf,
  unnamedTargets,
  withEarlyInterval,
} from './quantity-problem.ts';
import type { Text } from './text.ts';
import { assertNever } from './network.ts';
import { branchSteps, hiddenLayer, multiInput, pathSum } from './generate-graph.ts';
import { gradientCheck } from './gradient-check.ts';

export interface GenerateOptions {
  kind: ProblemKind;
  seed: number;
  difficulty: Difficulty;
}

export const MAX_ATTEMPTS = 200;

interface Ranges {
  x: [number, number, number];
  w: [number, number, number];
  b: [number, number, number];
}

export const RANGES: Record<Difficulty, Ranges> = {
  // Difficulty 1 looks like the source text's example: one decimal, positive input.
  1: { x: [0.1, 1, 0.1], w: [-1, 1, 0.1], b: [-0.5, 0.5, 0.1] },
  2: { x: [-1, 1, 0.1], w: [-1.5, 1.5, 0.1], b: [-1, 1, 0.1] },
  3: { x: [-2, 2, 0.05], w: [-2, 2, 0.05], b: [-1, 1, 0.05] },
};

export const LEARNING_RATES: Record<Difficulty, readonly number[]> = {
  1: [0.01, 0.1],
  2: [0.01, 0.05, 0.1],
  3: [0.05, 0.1, 0.5],
};

export function nonZero(rng: Rng, [lo, hi, step]: [number, number, number]): number {
  for (;;) {
    const v = rng.grid(lo, hi, step);
    if (v !== 0) return v;
  }
}

export function targetFor(rng: Rng, activation: Activation, loss: Loss, difficulty: Difficulty): number {
  if (loss === 'bce') return difficulty === 1 ? rng.pick([0, 1]) : rng.grid(0.1, 0.9, 0.1);
  switch (activation) {
    case 'sigmoid':
      return difficulty === 3 ? rng.grid(0.05, 0.95, 0.05) : rng.grid(0.1, 0.9, 0.1);
    case 'tanh':
      return rng.grid(-0.9, 0.9, 0.1);
    case 'relu':
      return rng.grid(0, 2, 0.1);
    case 'linear':
      return rng.grid(-2, 2, 0.1);
    default:
      return assertNever(activation);
  }
}

export function drawNetwork(rng: Rng, difficulty: Difficulty, activations: readonly Activation[], loss: Loss): Network {
  const ranges = RANGES[difficulty];
  // Drawn in this order: x, each layer's w and b, y_true, η.
  const x = nonZero(rng, ranges.x);
  const layers: Layer[] = [];
  for (const activation of activations) layers.push({ w: nonZero(rng, ranges.w), b: rng.grid(ranges.b[0], ranges.b[1], ranges.b[2]), activation });
  return { x, layers, loss, target: targetFor(rng, activations[activations.length - 1]!, loss, difficulty), lr: rng.pick(LEARNING_RATES[difficulty]) };
}

/** Forward values a student can work with: no saturation, no kink, a real error to correct. */
export function isReasonable(ctx: QuantityContext): boolean {
  const { network } = ctx;
  const q = ctx.quantities;
  for (let k = 1; k <= network.layers.length; k++) {
    const z = q[`z${k}`]!;
    if (Math.abs(z) > 4) return false;
    if (network.layers[k - 1]!.activation === 'relu' && Math.abs(z) < 0.05) return false;
  }
  return Math.abs(q.y! - network.target) >= 0.05;
}

/** The answer must be graded apart from zero and from its mirror image (sign flipped or step reversed). */
export function isGradable(grading: NumericGrading): boolean {
  const base = grading.base ?? 0;
  const moved = grading.value - base;
  if (Math.abs(moved) < 1e-4) return false;
  const halfWidth = (grading.hi - grading.lo) / 2;
  return halfWidth < 0.15 * Math.abs(moved) && Number.isFinite(halfWidth);
}

/**
 * An answer whose written form equals a number in the problem's own text (0.1 both as
 * b and as a rounded dL/dw) would make "the answer never appears before the reveal"
 * impossible to check, and reads as a hint: draw again.
 */
export function looksLikeAnInput(problem: Problem): boolean {
  const inputs = networkInputs(problem);
  if (inputs.length > 0) {
    const asked = problem.steps ?? [{ asks: problem.asks, answer: problem.answer }];
    for (const s of asked) if (!LOCAL_INPUT.test(s.asks) && inputs.includes(s.answer as number)) return true;
  }
  return publicViewRevealsSecret(problem);
}

/** dz/dw = x, dz/db = 1 and dz2/da1 = w2 equal an input by definition; any other answer must not. */
const LOCAL_INPUT = /^dz[\d_]+\/d[wbax][\d_]*$/;

/**
 * A question must test what it asks: each mistake it is there to catch (`targetMistakesFor`: the
 * activation's derivative, η and the sign of an update, …) lands outside the accepted interval and is
 * named. tanh′(z) ≈ 1 near z = 0 would otherwise grade "forgot tanh′" correct: draw again.
 */
export function testsItsTargets(ctx: AnyContext, steps: readonly Pick<ProblemStep, 'asks' | 'misconceptions'>[]): boolean {
  for (const step of steps) if (unnamedTargets(ctx, step).length > 0) return false;
  return true;
}

interface Draft {
  activations: readonly Activation[];
  loss: Loss;
  asks: string;
  given?: readonly string[];
}

function quantityProblem(rng: Rng, kind: ProblemKind, difficulty: Difficulty, seed: number, draw: (rng: Rng) => Draft): Problem {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const draft = draw(rng);
    const ctx = contextFor(drawNetwork(rng, difficulty, draft.activations, draft.loss));
    if (!isReasonable(ctx)) continue;
    const problem = acceptableProblem(ctx, kind, difficulty, seed, draft.asks, draft.given);
    if (problem) return problem;
  }
  throw new Error(`no acceptable ${kind} problem for seed ${seed}`);
}

/** The problem asking `asks` of this network, or null when it would not be a fair question: draw again. */
export function acceptableProblem(
  ctx: AnyContext,
  kind: ProblemKind,
  difficulty: Difficulty,
  seed: number,
  asks: string,
  given: readonly string[] = [],
  /** Draw again when the answer is smaller than this (in absolute value). */
  minAnswer = 0,
): Problem | null {
  // The step of `quantityStep`, built in stages so that a draw is rejected before the work it does not need:
  // its grading is judged before the runs of rounding too early, the catalogue before the solution is written.
  const truth = runProcedure(ctx, asks);
  const grading = acceptedGradingFor(ctx, asks, truth);
  if (!isGradable(grading) || !(Math.abs(grading.value) >= minAnswer)) return null;
  withEarlyInterval(ctx, asks, grading);
  const misconceptions = misconceptionsFor(ctx, asks, grading, truth);
  if (unnamedTargets(ctx, { asks, misconceptions }).length > 0) return null;
  const problem = fromStep(ctx, kind, difficulty, seed, stepOf(ctx, asks, given, grading, truth, misconceptions), given);
  return looksLikeAnInput(problem) ? null : problem;
}

/** A problem carries its chain as `network`, a network that branches as `graph`. */
function networkOf(ctx: AnyContext): Pick<Problem, 'network' | 'graph'> {
  return 'shape' in ctx.network ? { graph: ctx.network } : { network: ctx.network };
}

export function fromStep(
  ctx: AnyContext,
  kind: ProblemKind,
  difficulty: Difficulty,
  seed: number,
  step: ProblemStep,
  given: readonly string[],
): Problem {
  return {
    kind,
    difficulty,
    seed,
    ...networkOf(ctx),
    setup: setupFor(ctx, [step.asks]),
    given: givenValues(ctx, given),
    prompt: step.prompt,
    asks: step.asks,
    symbol: step.symbol,
    format: 'number',
    answer: step.answer,
    grading: step.grading,
    solution: step.solution,
    misconceptions: step.misconceptions,
  };
}

/** Forward values handed to the student with the problem (y ≈ 0.574). */
export function givenValues(ctx: AnyContext, keys: readonly string[]): GivenValue[] {
  const given: GivenValue[] = [];
  for (const key of keys) given.push({ key, symbol: ctx.plan.symbols.get(key)!, display: formatNumber(ctx.quantities[key]!, INTERMEDIATE_SIG) });
  return given;
}

const SIGMOID: readonly Activation[] = ['sigmoid'];

function forward(rng: Rng, difficulty: Difficulty, seed: number): Problem {
  return quantityProblem(rng, 'forward', difficulty, seed, (r) => {
    if (difficulty === 1) return { activations: SIGMOID, loss: 'mse', asks: 'z1' };
    if (difficulty === 2) return { activations: [r.pick(['sigmoid', 'sigmoid', 'tanh'] as const)], loss: 'mse', asks: 'y' };
    return { activations: SIGMOID, loss: r.pick(['mse', 'bce'] as const), asks: 'L' };
  });
}

function localDerivative(rng: Rng, difficulty: Difficulty, seed: number): Problem {
  return quantityProblem(rng, 'local-derivative', difficulty, seed, (r) => {
    if (difficulty === 1) {
      const asks = r.pick(['dL/dy', 'dL/dy', 'dz1/dw1', 'dz1/db1']);
      return { activations: SIGMOID, loss: 'mse', asks, given: asks === 'dL/dy' ? ['y'] : [] };
    }
    if (difficulty === 2) return { activations: SIGMOID, loss: 'mse', asks: 'da1/dz1', given: ['y'] };
    return r.pick([
      { activations: ['tanh'] as const, loss: 'mse' as const, asks: 'da1/dz1', given: ['y'] },
      { activations: SIGMOID, loss: 'bce' as const, asks: 'dL/dy', given: ['y'] },
    ]);
  });
}

function chainGradient(rng: Rng, difficulty: Difficulty, seed: number): Problem {
  return quantityProblem(rng, 'chain-gradient', difficulty, seed, (r) => ({
    activations: SIGMOID,
    loss: 'mse',
    asks: difficulty === 1 ? 'dL/dw1' : r.pick(['dL/dw1', 'dL/db1']),
  }));
}

function update(rng: Rng, difficulty: Difficulty, seed: number): Problem {
  return quantityProblem(rng, 'update', difficulty, seed, (r) => ({
    activations: SIGMOID,
    loss: 'mse',
    asks: difficulty === 1 ? "w1'" : r.pick(["w1'", "b1'"]),
  }));
}

function deepChain(rng: Rng, difficulty: Difficulty, seed: number): Problem {
  return quantityProblem(rng, 'deep-chain', difficulty, seed, (r) => {
    if (difficulty === 1) return { activations: ['sigmoid', 'sigmoid'], loss: 'mse', asks: 'dL/da1' };
    if (difficulty === 2) return { activations: [r.pick(['sigmoid', 'tanh'] as const), 'sigmoid'], loss: 'mse', asks: 'dL/dw1' };
    return {
      activations: [r.pick(['sigmoid', 'tanh'] as const), r.pick(['sigmoid', 'tanh'] as const), 'sigmoid'],
      loss: 'mse',
      asks: 'dL/dw1',
    };
  });
}

function activationsKind(rng: Rng, difficulty: Difficulty, seed: number): Problem {
  return quantityProblem(rng, 'activations', difficulty, seed, (r) => {
    if (difficulty === 1) return { activations: ['relu'], loss: 'mse', asks: 'dL/dw1' };
    if (difficulty === 2) return { activations: ['tanh'], loss: 'mse', asks: r.pick(['dL/dw1', 'dL/db1']) };
    return { activations: [r.pick(['relu', 'tanh'] as const), r.pick(['tanh', 'linear'] as const)], loss: 'mse', asks: 'dL/dw1' };
  });
}

function crossEntropy(rng: Rng, difficulty: Difficulty, seed: number): Problem {
  return quantityProblem(rng, 'cross-entropy', difficulty, seed, (r) => {
    if (difficulty === 1) return { activations: SIGMOID, loss: 'bce', asks: 'dL/dz1' };
    if (difficulty === 2) return { activations: SIGMOID, loss: 'bce', asks: r.pick(['dL/dw1', 'dL/db1']) };
    return { activations: ['tanh', 'sigmoid'], loss: 'bce', asks: 'dL/dw1' };
  });
}

/** Interval for a value written with 3 significant figures, accepted at 2 (as for network quantities). */
function plainGrading(value: number): NumericGrading {
  const e = halfUnit(value, 2);
  return { type: 'numeric', value, lo: value - e, hi: value + e };
}

function numericMisconception(key: Misconception['key'], value: number, grading: NumericGrading): Misconception | null {
  const wrong = plainGrading(value);
  if (wrong.lo <= grading.hi && wrong.hi >= grading.lo) return null;
  return { key, value, lo: wrong.lo, hi: wrong.hi, message: { key: `diagnosis.${key}` } };
}

function factorStep(symbol: string, formula: string, substituted: string, value: number, display: string, why: Text): SolutionStep {
  return { key: 'factor', symbol, formula, substituted, value, display, why };
}

/** What a vanishing problem writes, which depends on its one or two drawn numbers only: spelt once for each. */
interface VanishingText {
  /** The drawn numbers as the prompt writes them */
  first: string;
  second: string;
  symbol: string;
  /** The solution line's symbol */
  line: string;
  formula: string;
  substituted: string;
  /** The answer's display */
  display: string;
  /** For a numeric answer: its grading and the mistakes it names, copied for each problem */
  grading?: NumericGrading;
  mistakes?: Misconception[];
}

/** The grading of a numeric vanishing answer and the catalogue of mistakes, as new objects. */
function numericParts(text: VanishingText): { grading: NumericGrading; misconceptions: Misconception[] } {
  const g = text.grading!;
  const misconceptions: Misconception[] = [];
  for (const m of text.mistakes!) misconceptions.push({ key: m.key, value: m.value, lo: m.lo, hi: m.hi, message: { key: m.message.key } });
  return { grading: { type: 'numeric', value: g.value, lo: g.lo, hi: g.hi }, misconceptions };
}

const VANISHING_TEXTS = new Map<number, VanishingText>();

const EXPLODING_FACTORS: readonly number[] = [1.2, 1.5, 2, 2.5];

// Each problem is one object literal: on Node 20 a key added after a spread (`{ ...base, prompt }`) takes
// a slow path costing about a microsecond per key.
function vanishing(rng: Rng, difficulty: Difficulty, seed: number): Problem {
  if (difficulty === 1) {
    const layers = rng.int(3, 10);
    const value = 0.25 ** layers;
    let text = VANISHING_TEXTS.get(100 + layers);
    if (!text) {
      const symbol = `\\prod_{k=1}^{${layers}} \\sigma'(z_k)`;
      const power = `0.25^{${layers}}`;
      const grading = plainGrading(value);
      const mistakes: Misconception[] = [];
      const half = numericMisconception('half-max-derivative', 0.5 ** layers, grading);
      if (half) mistakes.push(half);
      const added = numericMisconception('added-factors', 0.25 * layers, grading);
      if (added) mistakes.push(added);
      text = { first: String(layers), second: '', symbol, line: symbol, formula: power, substituted: power, display: formatNumber(value, INTERMEDIATE_SIG), grading, mistakes };
      VANISHING_TEXTS.set(100 + layers, text);
    }
    const { grading, misconceptions } = numericParts(text);
    return {
      kind: 'vanishing',
      difficulty,
      seed,
      given: [],
      prompt: { key: 'prompt.vanishing-max', params: { layers: text.first } },
      asks: 'factor',
      symbol: text.symbol,
      format: 'number',
      answer: value,
      grading,
      solution: [factorStep(text.line, text.formula, text.substituted, value, text.display, { key: 'why.vanishing-max' })],
      misconceptions,
    };
  }
  if (difficulty === 2) {
    const exponent = rng.int(2, 8);
    // Smallest n with 0.25^n < 10^-exponent, computed by counting rather than by logarithms.
    let layers = 0;
    for (let f = 1; f >= 10 ** -exponent; f *= 0.25) layers++;
    let text = VANISHING_TEXTS.get(200 + exponent);
    if (!text) {
      const threshold = `10^{-${exponent}}`;
      text = {
        first: threshold,
        second: '',
        symbol: 'n',
        line: 'n',
        formula: `0.25^{n} < ${threshold}`,
        substituted: `0.25^{${layers}} \\approx ${latexNumber(formatNumber(0.25 ** layers))}`,
        display: formatNumber(layers, INTERMEDIATE_SIG),
      };
      VANISHING_TEXTS.set(200 + exponent, text);
    }
    return {
      kind: 'vanishing',
      difficulty,
      seed,
      given: [],
      prompt: { key: 'prompt.vanishing-layers', params: { threshold: text.first } },
      asks: 'layers',
      symbol: 'n',
      format: 'integer',
      answer: layers,
      grading: { type: 'integer', value: layers },
      solution: [factorStep(text.line, text.formula, text.substituted, layers, text.display, { key: 'why.vanishing-layers' })],
      misconceptions: [{ key: 'off-by-one-layer', value: layers - 1, message: { key: 'diagnosis.off-by-one-layer' } }],
    };
  }
  const factor = rng.pick(EXPLODING_FACTORS);
  const layers = rng.int(5, 15);
  const value = factor ** layers;
  const id = 1000 + Math.round(factor * 10) * 100 + layers;
  let text = VANISHING_TEXTS.get(id);
  if (!text) {
    text = {
      first: String(factor),
      second: String(layers),
      symbol: `${factor}^{${layers}}`,
      line: `\\prod_{k=1}^{${layers}} w_k \\sigma'(z_k)`,
      formula: `${factor}^{n}`,
      substituted: `${factor}^{${layers}}`,
      display: formatNumber(value, INTERMEDIATE_SIG),
    };
    text.grading = plainGrading(value);
    const added = numericMisconception('added-factors', factor * layers, text.grading);
    text.mistakes = added ? [added] : [];
    VANISHING_TEXTS.set(id, text);
  }
  const { grading, misconceptions } = numericParts(text);
  return {
    kind: 'vanishing',
    difficulty,
    seed,
    given: [],
    prompt: { key: 'prompt.exploding', params: { factor: text.first, layers: text.second } },
    asks: 'factor',
    symbol: text.symbol,
    format: 'number',
    answer: value,
    grading,
    solution: [factorStep(text.line, text.formula, text.substituted, value, text.display, { key: 'why.exploding' })],
    misconceptions,
  };
}

const DIRECTION_CHOICES: Choice[] = [
  { id: 'increase', label: { key: 'choice.increase' } },
  { id: 'decrease', label: { key: 'choice.decrease' } },
  { id: 'unchanged', label: { key: 'choice.unchanged' } },
];

function direction(rng: Rng, difficulty: Difficulty, seed: number): Problem {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const activations: readonly Activation[] = difficulty === 3 ? ['tanh', 'sigmoid'] : SIGMOID;
    const network = drawNetwork(rng, difficulty, activations, 'mse');
    const ctx = contextFor(network);
    if (!isReasonable(ctx)) continue;
    const param = difficulty === 2 ? rng.pick(['w1', 'b1']) : 'w1';
    const gradient = ctx.quantities[`dL/d${param}`]!;
    if (Math.abs(gradient) < 1e-3) continue;
    const answer = gradient < 0 ? 'increase' : 'decrease';
    const symbols = ctx.plan.symbols;
    const solution = solutionFor(ctx, `${param}'`);
    for (const line of solution) if (line.key === `${param}'`) line.why = { key: 'why.direction' };
    return {
      kind: 'direction',
      difficulty,
      seed,
      network,
      setup: setupFor(ctx, [`dL/d${param}`]),
      given: givenValues(ctx, difficulty === 1 ? ['y'] : []),
      prompt: { key: 'prompt.direction', params: { param: symbols.get(param)! } },
      asks: 'choice',
      symbol: symbols.get(`${param}'`)!,
      format: 'choice',
      choices: DIRECTION_CHOICES,
      answer,
      grading: { type: 'choice', value: answer, accepted: [answer] },
      solution,
      misconceptions: [
        { key: 'opposite-direction', value: answer === 'increase' ? 'decrease' : 'increase', message: { key: 'diagnosis.opposite-direction' } },
      ],
      decidingValue: gradient,
    };
  }
  throw new Error(`no acceptable direction problem for seed ${seed}`);
}

const CHAIN_STEPS: Record<Difficulty, { activations: readonly Activation[]; steps: readonly string[] }> = {
  // The source text's procedure, in its order.
  1: { activations: SIGMOID, steps: ['dL/dy', 'da1/dz1', 'dz1/dw1', 'dL/dw1', "w1'"] },
  2: { activations: SIGMOID, steps: ['z1', 'y', 'dL/dy', 'da1/dz1', 'dz1/dw1', 'dL/dw1', "w1'"] },
  3: {
    activations: ['sigmoid', 'sigmoid'],
    steps: ['dL/dy', 'da2/dz2', 'dL/dz2', 'dz2/da1', 'dL/da1', 'da1/dz1', 'dL/dz1', 'dz1/dw1', 'dL/dw1'],
  },
};

export function stepsProblem(ctx: AnyContext, keys: readonly string[], kind: ProblemKind, difficulty: Difficulty, seed: number): Problem {
  const steps = keys.map((key) => quantityStep(ctx, key));
  const last = steps[steps.length - 1]!;
  // The last step's own solution, copied rather than worked out a second time.
  const solution = copyLines(last.solution);
  const inSolution = new Set(solution.map((s) => s.key));
  // Every asked step appears in the worked solution, even one the last step does not need.
  for (const step of steps) if (!inSolution.has(step.asks)) solution.push(...step.solution.filter((s) => s.key === step.asks));
  return {
    kind,
    difficulty,
    seed,
    ...networkOf(ctx),
    setup: setupFor(ctx, keys),
    given: [],
    prompt: { key: 'prompt.steps' },
    asks: 'steps',
    symbol: last.symbol,
    format: 'number',
    steps,
    answer: last.answer,
    grading: last.grading,
    solution,
    misconceptions: last.misconceptions,
  };
}

/** A solution's lines as a copy of their own, for a problem that shows the same solution as its last step. */
export function copyLines(lines: readonly SolutionStep[]): SolutionStep[] {
  const copies: SolutionStep[] = [];
  for (const line of lines) {
    const copy = { ...line };
    if (line.why) copy.why = { ...line.why };
    copies.push(copy);
  }
  return copies;
}

function chainSteps(rng: Rng, difficulty: Difficulty, seed: number): Problem {
  const spec = CHAIN_STEPS[difficulty];
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const ctx = contextFor(drawNetwork(rng, difficulty, spec.activations, 'mse'));
    if (!isReasonable(ctx)) continue;
    const problem = stepsProblem(ctx, spec.steps, 'chain-steps', difficulty, seed);
    if (!problem.steps!.every((s) => isGradable(s.grading)) || !testsItsTargets(ctx, problem.steps!)) continue;
    if (looksLikeAnInput(problem)) continue;
    return problem;
  }
  throw new Error(`no acceptable chain-steps problem for seed ${seed}`);
}

const GENERATORS: Record<ProblemKind, (rng: Rng, difficulty: Difficulty, seed: number) => Problem> = {
  forward,
  'local-derivative': localDerivative,
  'chain-gradient': chainGradient,
  update,
  'deep-chain': deepChain,
  activations: activationsKind,
  'cross-entropy': crossEntropy,
  vanishing,
  direction,
  'chain-steps': chainSteps,
  'multi-input': multiInput,
  'path-sum': pathSum,
  'hidden-layer': hiddenLayer,
  'branch-steps': branchSteps,
  'gradient-check': gradientCheck,
};

export function generateProblem({ kind, seed, difficulty }: GenerateOptions): Problem {
  const generate = GENERATORS[kind];
  if (!generate) throw new Error(`unknown problem kind: ${String(kind)}`);
  if (difficulty !== 1 && difficulty !== 2 && difficulty !== 3) throw new Error(`difficulty must be 1, 2 or 3`);
  // Mixing the kind and difficulty into the stream keeps one seed from giving every kind the same numbers.
  return generate(createRng(deriveSeed(seed, streamLabel(kind, difficulty))), difficulty, seed >>> 0);
}

/** `${kind}:${difficulty}`, spelt once per kind and difficulty. */
function streamLabel(kind: ProblemKind, difficulty: Difficulty): string {
  let labels = STREAM_LABELS.get(kind);
  if (!labels) STREAM_LABELS.set(kind, (labels = [`${kind}:1`, `${kind}:2`, `${kind}:3`]));
  return labels[difficulty - 1]!;
}

const STREAM_LABELS = new Map<ProblemKind, string[]>();

export { isUpdateKey };
