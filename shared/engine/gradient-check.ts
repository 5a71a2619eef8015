/**
 * The numerical gradient check: nudge w by h, compute L again, estimate dL/dw as
 * (L(w + h) − L(w)) / h and compare it with the chain rule's dL/dw — the source text's
 * "guess, measure the error, adjust" made literal, and how engineers check backprop code.
 *
 * One neuron (the source text's network). The nudged forward pass and the estimate are steps of
 * their own added to the chain's procedure, so rounding propagates through them as everywhere
 * (the difference of two losses loses figures: the accepted interval says how many) and a
 * student's own L values carry forward into their estimate.
 */
import { MAX_ATTEMPTS, drawNetwork, isGradable, isReasonable, looksLikeAnInput, stepsProblem, testsItsTargets } from './generate-problem.ts';
import { type Network, evaluateNetwork } from './network.ts';
import type { Difficulty, Problem } from './problem.ts';
import type { Rng } from './prng.ts';
import type { QuantityContext } from './quantity-problem.ts';
import { quantitySymbol } from './symbols.ts';
import { type Approx, add, div, sub } from './approx.ts';
import { type Plan, type Results, type Shown, type StepDef, activationStep, buildSteps, inputValues, lossSteps, makePlan, weightedSumStep } from './worked-procedure.ts';

/** The nudged quantities, by key: z, y and L with w₁ + h in place of w₁, and the estimate. */
export const NUDGED = { w: 'w1+h', z: 'z1(w1+h)', y: 'y(w1+h)', L: 'L(w1+h)' } as const;
export const ESTIMATE = 'dL/dw1~';

function checkSymbol(key: string): string {
  switch (key) {
    case 'h':
      return 'h';
    case NUDGED.w:
      return '(w + h)';
    case NUDGED.z:
      return 'z(w + h)';
    case NUDGED.y:
      return 'y(w + h)';
    case NUDGED.L:
      return 'L(w + h)';
    case ESTIMATE:
      return '\\frac{L(w + h) - L(w)}{h}';
    default:
      return quantitySymbol(key, 1);
  }
}

// y read as the nudged y: the chain's own loss step, run and written on the nudged forward pass.
const nudgedKey = (key: string) => (key === 'y' ? NUDGED.y : key);

class NudgedResults implements Results {
  constructor(private readonly results: Results) {}

  get(key: string): Approx {
    return this.results.get(nudgedKey(key));
  }
}

class NudgedShown implements Shown {
  constructor(private readonly shown: Shown) {}

  show(key: string): string {
    return this.shown.show(nudgedKey(key));
  }

  factor(key: string): string {
    return this.shown.factor(nudgedKey(key));
  }
}

/** The nudged forward pass and the estimate, written like the chain's steps. */
function checkSteps(network: Network): StepDef[] {
  const S = checkSymbol;
  const [z, y, L] = [NUDGED.z, NUDGED.y, NUDGED.L];
  // The loss step of the chain, rewritten on the nudged y (mistakes in it are the chain's own).
  const [loss] = lossSteps(network.loss, undefined);
  const nudgedLoss: StepDef = {
    ...loss!,
    key: L,
    formula: `\\frac{1}{2}(${S(y)} - y_{\\text{true}})^2`,
    deps: loss!.deps.map((d) => (d === 'y' ? y : d)),
    compute: (r, m) => loss!.compute(new NudgedResults(r), m),
    substitute: (n) => loss!.substitute(new NudgedShown(n)),
  };
  return [
    {
      key: NUDGED.w,
      deps: ['w1', 'h'],
      compute: (r) => add(r.get('w1'), r.get('h')),
      formula: 'w + h',
      substitute: (n) => `${n.show('w1')} + ${n.factor('h')}`,
      why: 'why.nudge',
      affectedBy: [],
    },
    weightedSumStep(S, z, [[NUDGED.w, 'x']], 'b1'),
    { ...activationStep(S, network.layers[0]!.activation, z, y), key: y },
    nudgedLoss,
    {
      key: ESTIMATE,
      deps: [L, 'L', 'h'],
      compute: (r, m) => {
        const difference = m.has('reversed-difference') ? sub(r.get('L'), r.get(L)) : sub(r.get(L), r.get('L'));
        return m.has('not-divided-by-h') ? difference : div(difference, r.get('h'));
      },
      formula: S(ESTIMATE),
      substitute: (n) => `\\frac{${n.show(L)} - ${n.factor('L')}}{${n.factor('h')}}`,
      why: 'why.gradient-check',
      affectedBy: ['not-divided-by-h', 'reversed-difference'],
    },
  ];
}

const PLANS = new Map<string, Plan>();

export function checkPlanFor(network: Network): Plan {
  if (network.layers.length !== 1 || network.loss !== 'mse') throw new Error('a gradient check nudges the weight of one neuron under MSE');
  const shape = `check:${network.loss}:${network.layers[0]!.activation}`;
  let plan = PLANS.get(shape);
  if (!plan) {
    const steps = [...buildSteps(network, 'source'), ...checkSteps(network)];
    const inputKeys = ['x', 't', 'lr', 'w1', 'b1', 'h'];
    plan = makePlan(1, steps, inputKeys, checkSymbol, ['z1', 'y'], new Map([['da1/dz1', network.layers[0]!.activation]]));
    PLANS.set(shape, plan);
  }
  return plan;
}

/** The chain's quantities, the nudged network's (from the same autodiff) and the estimate. */
export function checkContextFor(network: Network, h: number): QuantityContext {
  const quantities = evaluateNetwork(network);
  const nudged = evaluateNetwork({ ...network, layers: [{ ...network.layers[0]!, w: network.layers[0]!.w + h }] });
  quantities[NUDGED.w] = network.layers[0]!.w + h;
  quantities[NUDGED.z] = nudged.z1!;
  quantities[NUDGED.y] = nudged.y!;
  quantities[NUDGED.L] = nudged.L!;
  quantities[ESTIMATE] = (nudged.L! - quantities.L!) / h;
  return { network, plan: checkPlanFor(network), quantities, inputs: [...inputValues(network), h] };
}

/** The nudge by level: small enough to estimate the slope, large enough for 3 figures of L to measure it. */
const NUDGES: Record<Difficulty, readonly number[]> = { 1: [0.1], 2: [0.1, 0.2], 3: [0.05, 0.1] };
const CHECK_STEPS = ['L', NUDGED.L, ESTIMATE, 'dL/dw1'] as const;

export function gradientCheck(rng: Rng, difficulty: Difficulty, seed: number): Problem {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const activation = difficulty === 2 ? rng.pick(['sigmoid', 'tanh'] as const) : 'sigmoid';
    const network = drawNetwork(rng, difficulty, [activation], 'mse');
    const ctx = checkContextFor(network, rng.pick(NUDGES[difficulty]));
    if (!isReasonable(ctx)) continue;
    // Set on the fresh problem rather than spread into a copy (slow on Node 20): prompt keeps its place, nudge comes last.
    const problem: Problem = stepsProblem(ctx, CHECK_STEPS, 'gradient-check', difficulty, seed);
    problem.nudge = ctx.inputs[ctx.inputs.length - 1]!;
    problem.prompt = { key: 'prompt.gradient-check' };
    const steps = problem.steps!;
    if (!steps.every((s) => isGradable(s.grading)) || !testsItsTargets(ctx, steps) || looksLikeAnInput(problem)) continue;
    return problem;
  }
  throw new Error(`no acceptable gradient-check problem for seed ${seed}`);
}
