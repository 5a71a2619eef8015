/**
 * The worked procedure a student follows on paper: the source text's step list
 * (forward z, y, L; backward dL/dy, dy/dz, dz/dw, dL/dw; update w′), generated for any
 * 1–3 layer network. Each step knows its formula, the numbers to substitute, and how a
 * classic mistake changes it, so one definition yields the worked solution, the
 * tolerance (rounding propagated through the steps) and the misconception catalogue.
 *
 * The autodiff in network.ts is the ground truth; tests check that this procedure,
 * without mistakes, agrees with it.
 */
import { type Approx, add, div, exact, mul, scale, sub, monotone } from './approx.ts';
import { type Activation, type Loss, type Network, type QuantityKey, assertNever } from './network.ts';
import { canonicalKey, quantitySymbol } from './symbols.ts';

export const MISCONCEPTION_KEYS = [
  'forgot-bias',
  'forgot-half',
  'used-z-for-y',
  'sign-flipped',
  'forgot-sigma-prime',
  'used-y-not-y1my',
  'activation-not-derivative',
  'forgot-x',
  'gave-w-for-x',
  'flipped-z-sign',
  'dropped-layer-weight',
  'extra-sigma-prime',
  'mse-gradient-for-bce',
  'added-step',
  'forgot-lr',
  'no-update',
  'half-max-derivative',
  'added-factors',
  'off-by-one-layer',
  'opposite-direction',
  'summed-not-averaged',
  // Networks that branch (graph.ts).
  'swapped-inputs',
  'swapped-weights',
  'one-path-only',
  'multiplied-paths',
  // The numerical gradient check (gradient-check.ts).
  'not-divided-by-h',
  'reversed-difference',
  // Read off the value at grading time rather than switched on in the procedure (grade-answer.ts).
  'rounded-early',
  'decimal-point',
  'wrong-sign',
] as const;
export type MisconceptionKey = (typeof MISCONCEPTION_KEYS)[number];

export type Mistakes = ReadonlySet<MisconceptionKey>;
type Get = (key: string) => Approx;
type Show = (key: string) => string;

export interface StepDef {
  key: QuantityKey;
  deps: readonly string[];
  compute: (get: Get, mistakes: Mistakes) => Approx;
  /** LaTeX of the symbolic formula, e.g. (y − y_true)·y(1 − y)·x */
  formula: string;
  /** LaTeX of the formula with the numbers a student would substitute */
  substitute: (show: Show, factor: Show) => string;
  /** Text key explaining why the formula holds (the source text's "因为 …") */
  why?: string;
  /** Mistakes that change this step's result */
  affectedBy: readonly MisconceptionKey[];
  /** For w′ and b′: the parameter being stepped, so tolerance applies to the step */
  base?: string;
}

const ONE = exact(1);

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const relu = (x: number) => (x > 0 ? x : 0);

/** y(1 − y), bounded with the maximum at 1/2 taken into account (it is not monotone). */
function logisticSlope(a: Approx): Approx {
  const f = (y: number) => y * (1 - y);
  const v = f(a.v);
  if (a.e === 0) return { v, e: 0 };
  const candidates = [a.v - a.e, a.v + a.e];
  if (a.v - a.e < 0.5 && a.v + a.e > 0.5) candidates.push(0.5);
  return { v, e: Math.max(...candidates.map((y) => Math.abs(f(y) - v))) };
}

function tanhSlope(a: Approx): Approx {
  const v = 1 - a.v * a.v;
  if (a.e === 0) return { v, e: 0 };
  const candidates = [a.v - a.e, a.v + a.e];
  if (a.v - a.e < 0 && a.v + a.e > 0) candidates.push(0);
  return { v, e: Math.max(...candidates.map((y) => Math.abs(1 - y * y - v))) };
}

/**
 * How the backward pass is written. `source`: as the source text, which multiplies
 * dL/dy · dy/dz · dz/dw at once for one neuron. `chain`: every link passes through
 * dL/dz, so each step is one multiplication of an upstream gradient by one local
 * derivative (the Backprop Relay).
 */
export type Route = 'source' | 'chain';

export type Symbolize = (key: string) => string;

/** z = Σ wᵢ·inᵢ + b for one neuron (one input in a chain, several in a graph). */
export function weightedSumStep(S: Symbolize, z: string, pairs: readonly (readonly [w: string, input: string])[], b: string): StepDef {
  return {
    key: z,
    deps: [...pairs.flatMap(([w, input]) => [w, input]), b],
    compute: (get, m) => {
      let sum = mul(get(pairs[0]![0]), get(pairs[0]![1]));
      for (const [w, input] of pairs.slice(1)) sum = add(sum, mul(get(w), get(input)));
      if (!m.has('forgot-bias')) sum = add(sum, get(b));
      // A sign lost multiplying or adding negative numbers: the whole z comes out negated.
      return m.has('flipped-z-sign') ? scale(sum, -1) : sum;
    },
    formula: `${pairs.map(([w, input]) => `${S(w)} \\cdot ${S(input)}`).join(' + ')} + ${S(b)}`,
    substitute: (show, factor) => `${pairs.map(([w, input], i) => `${i === 0 ? show(w) : factor(w)} \\cdot ${factor(input)}`).join(' + ')} + ${factor(b)}`,
    affectedBy: ['forgot-bias', 'flipped-z-sign'],
  };
}

/** a = act(z) */
export function activationStep(S: Symbolize, activation: Activation, z: string, a: string): StepDef {
  const text = ((): Pick<StepDef, 'compute' | 'formula' | 'substitute' | 'why'> => {
    switch (activation) {
      case 'sigmoid':
        return {
          compute: (get) => monotone(get(z), sigmoid),
          formula: `\\sigma(${S(z)}) = \\frac{1}{1 + e^{-${S(z)}}}`,
          substitute: (_show, factor) => `\\frac{1}{1 + e^{-${factor(z)}}}`,
        };
      case 'tanh':
        return {
          compute: (get) => monotone(get(z), Math.tanh),
          formula: `\\tanh(${S(z)})`,
          substitute: (show) => `\\tanh(${show(z)})`,
        };
      case 'relu':
        return {
          compute: (get) => monotone(get(z), relu),
          formula: `\\max(0, ${S(z)})`,
          substitute: (show) => `\\max(0, ${show(z)})`,
        };
      case 'linear':
        return { compute: (get) => get(z), formula: S(z), substitute: (show) => show(z) };
      default:
        return assertNever(activation);
    }
  })();
  return { key: a, deps: [z], affectedBy: [], ...text };
}

/**
 * L and dL/dy. `zOut`: the output neuron's z, for "used z for y" (absent where y is not one
 * neuron's activation, as with a skip connection).
 */
export function lossSteps(loss: Loss, zOut: string | undefined): StepDef[] {
  if (loss === 'bce') {
    return [
      {
        key: 'L',
        deps: ['y', 't'],
        compute: (get) => {
          const y = get('y');
          const t = get('t');
          const lnY = monotone(y, Math.log);
          const lnOneMinusY = monotone(sub(ONE, y), Math.log);
          return scale(add(mul(t, lnY), mul(sub(ONE, t), lnOneMinusY)), -1);
        },
        formula: `-\\left[y_{\\text{true}} \\ln y + (1 - y_{\\text{true}}) \\ln(1 - y)\\right]`,
        substitute: (show, factor) =>
          `-\\left[${show('t')} \\ln ${show('y')} + (1 - ${factor('t')}) \\ln(1 - ${show('y')})\\right]`,
        affectedBy: [],
      },
      {
        key: 'dL/dy',
        deps: ['y', 't'],
        compute: (get, m) => {
          const y = get('y');
          const t = get('t');
          if (m.has('mse-gradient-for-bce')) return sub(y, t);
          return add(scale(div(t, y), -1), div(sub(ONE, t), sub(ONE, y)));
        },
        formula: `-\\frac{y_{\\text{true}}}{y} + \\frac{1 - y_{\\text{true}}}{1 - y}`,
        substitute: (show, factor) => `-\\frac{${show('t')}}{${show('y')}} + \\frac{1 - ${factor('t')}}{1 - ${factor('y')}}`,
        why: 'why.dLdy.bce',
        affectedBy: ['mse-gradient-for-bce'],
      },
    ];
  }
  const usesZ = zOut !== undefined;
  const out = (get: Get, m: Mistakes) => (usesZ && m.has('used-z-for-y') ? get(zOut) : get('y'));
  const deps = usesZ ? ['y', 't', zOut] : ['y', 't'];
  const zMistake = usesZ ? (['used-z-for-y'] as const) : [];
  return [
    {
      key: 'L',
      deps,
      compute: (get, m) => {
        const diff = sub(out(get, m), get('t'));
        return scale(mul(diff, diff), m.has('forgot-half') ? 1 : 0.5);
      },
      formula: `\\frac{1}{2}(y - y_{\\text{true}})^2`,
      substitute: (show, factor) => `\\frac{1}{2}(${show('y')} - ${factor('t')})^2`,
      affectedBy: ['forgot-half', ...zMistake],
    },
    {
      key: 'dL/dy',
      deps,
      compute: (get, m) => (m.has('sign-flipped') ? sub(get('t'), out(get, m)) : sub(out(get, m), get('t'))),
      formula: 'y - y_{\\text{true}}',
      substitute: (show, factor) => `${show('y')} - ${factor('t')}`,
      why: 'why.dLdy.mse',
      affectedBy: ['sign-flipped', ...zMistake],
    },
  ];
}

/** da/dz. `usesZForY`: this is the output neuron whose z a student may take for y. */
export function localDerivativeStep(S: Symbolize, activation: Activation, a: string, z: string, usesZForY: boolean): StepDef {
  const usesZ = (m: Mistakes) => usesZForY && m.has('used-z-for-y');
  return {
    key: `d${a}/d${z}`,
    deps: activation === 'relu' ? [z] : activation === 'linear' ? [] : [a, z],
    compute: (get, m) => {
      if (activation === 'linear') return ONE;
      if (m.has('forgot-sigma-prime')) return ONE;
      switch (activation) {
        case 'sigmoid': {
          const value = usesZ(m) ? get(z) : get(a);
          return m.has('used-y-not-y1my') ? value : logisticSlope(value);
        }
        case 'tanh':
          return m.has('activation-not-derivative') ? get(a) : tanhSlope(get(a));
        case 'relu':
          return m.has('activation-not-derivative') ? monotone(get(z), relu) : exact(get(z).v > 0 ? 1 : 0);
        default:
          return assertNever(activation);
      }
    },
    ...localDerivativeText(activation, S(a), S(z), a, z),
    affectedBy:
      activation === 'sigmoid'
        ? ['forgot-sigma-prime', 'used-y-not-y1my', ...(usesZForY ? (['used-z-for-y'] as const) : [])]
        : activation === 'linear'
          ? []
          : ['forgot-sigma-prime', 'activation-not-derivative'],
  };
}

/** With cross-entropy on a sigmoid output, dL/dz = y − y_true (σ′ cancels). */
export function bceOutputStep(S: Symbolize, z: string): StepDef {
  return {
    key: `dL/d${z}`,
    deps: ['y', 't'],
    compute: (get, m) => {
      const y = get('y');
      const t = get('t');
      if (m.has('sign-flipped')) return sub(t, y);
      if (m.has('extra-sigma-prime')) return mul(sub(y, t), logisticSlope(y));
      return sub(y, t);
    },
    formula: `\\frac{dL}{dy} \\cdot \\frac{dy}{d${S(z)}} = y - y_{\\text{true}}`,
    substitute: (show, factor) => `${show('y')} - ${factor('t')}`,
    why: 'why.dLdz.bce',
    affectedBy: ['sign-flipped', 'extra-sigma-prime'],
  };
}

/** One link of the chain rule: key = upstream · local. */
export function productStep(S: Symbolize, key: string, upstream: string, local: string): StepDef {
  return {
    key,
    deps: [upstream, local],
    compute: (get) => mul(get(upstream), get(local)),
    formula: `${S(upstream)} \\cdot ${S(local)}`,
    substitute: (show, factor) => `${show(upstream)} \\cdot ${factor(local)}`,
    why: 'why.chain',
    affectedBy: [],
  };
}

/** dz/dw = the input the weight multiplies. `swapWith`: the neuron's other input (several inputs). */
export function weightLocalStep(S: Symbolize, key: string, input: string, w: string, swapWith?: string): StepDef {
  return {
    key,
    deps: swapWith === undefined ? [input, w] : [input, w, swapWith],
    // gave-w-for-x: z = w·x + b differentiated as if with respect to x, so the weight comes out.
    compute: (get, m) =>
      m.has('forgot-x') ? ONE : m.has('gave-w-for-x') ? get(w) : swapWith !== undefined && m.has('swapped-inputs') ? get(swapWith) : get(input),
    formula: S(input),
    substitute: (show) => show(input),
    why: 'why.dzdw',
    affectedBy: swapWith === undefined ? ['forgot-x', 'gave-w-for-x'] : ['forgot-x', 'gave-w-for-x', 'swapped-inputs'],
  };
}

export function biasLocalStep(key: string): StepDef {
  return { key, deps: [], compute: () => ONE, formula: '1', substitute: () => '1', why: 'why.dzdb', affectedBy: [] };
}

/** dz/da = the weight on that input. `swapWith`: the weight on the neuron's other input from the layer before. */
export function inputLocalStep(S: Symbolize, key: string, w: string, swapWith?: string): StepDef {
  return {
    key,
    deps: swapWith === undefined ? [w] : [w, swapWith],
    compute: (get, m) => (m.has('dropped-layer-weight') ? ONE : swapWith !== undefined && m.has('swapped-weights') ? get(swapWith) : get(w)),
    formula: S(w),
    substitute: (show) => show(w),
    why: 'why.dzda',
    affectedBy: swapWith === undefined ? ['dropped-layer-weight'] : ['dropped-layer-weight', 'swapped-weights'],
  };
}

/** param′ = param − η·dL/dparam */
export function updateStep(S: Symbolize, param: string): StepDef {
  const gradient = `dL/d${param}`;
  return {
    key: `${param}'`,
    deps: [param, 'lr', gradient],
    base: param,
    compute: (get, m) => {
      const p = get(param);
      if (m.has('no-update')) return p;
      const step = m.has('forgot-lr') ? get(gradient) : mul(get('lr'), get(gradient));
      return m.has('added-step') ? add(p, step) : sub(p, step);
    },
    formula: `${S(param)} - \\eta \\cdot ${S(gradient)}`,
    substitute: (show, factor) => `${show(param)} - ${show('lr')} \\cdot ${factor(gradient)}`,
    why: 'why.update',
    affectedBy: ['added-step', 'forgot-lr', 'no-update'],
  };
}

/** The step list for a network, in the order a solution computes them. */
export function buildSteps(network: Network, route: Route = 'source'): StepDef[] {
  const n = network.layers.length;
  const S = (key: string) => quantitySymbol(key, n);
  const aKey = (k: number) => (k === 0 ? 'x' : canonicalKey(`a${k}`, n));
  const dLda = (k: number) => canonicalKey(`dL/da${k}`, n);
  const steps: StepDef[] = [];

  for (let k = 1; k <= n; k++) {
    const { activation } = network.layers[k - 1]!;
    steps.push(weightedSumStep(S, `z${k}`, [[`w${k}`, aKey(k - 1)]], `b${k}`));
    steps.push(activationStep(S, activation, `z${k}`, aKey(k)));
  }
  steps.push(...lossSteps(network.loss, `z${n}`));

  // With one layer and MSE the source text multiplies the three local derivatives at once.
  const tripleProduct = route === 'source' && n === 1 && network.loss === 'mse';
  for (let k = n; k >= 1; k--) {
    const { activation } = network.layers[k - 1]!;
    const [w, z, a, prev] = [`w${k}`, `z${k}`, aKey(k), aKey(k - 1)];
    const local = `da${k}/dz${k}`;
    steps.push({ ...localDerivativeStep(S, activation, a, z, k === n), key: local });

    const dLdz = `dL/dz${k}`;
    steps.push(k === n && network.loss === 'bce' ? bceOutputStep(S, z) : productStep(S, dLdz, dLda(k), local));

    const dzdw = `dz${k}/dw${k}`;
    const dzdb = `dz${k}/db${k}`;
    steps.push(weightLocalStep(S, dzdw, prev, w), biasLocalStep(dzdb));

    for (const [param, local2] of [
      [`w${k}`, dzdw],
      [`b${k}`, dzdb],
    ] as const) {
      const key = `dL/d${param}`;
      if (tripleProduct) {
        steps.push({
          key,
          deps: ['dL/dy', local, local2],
          compute: (get) => mul(mul(get('dL/dy'), get(local)), get(local2)),
          formula: `${S('dL/dy')} \\cdot ${S(local)} \\cdot ${S(local2)}`,
          substitute: (show, factor) => `${show('dL/dy')} \\cdot ${factor(local)} \\cdot ${factor(local2)}`,
          why: 'why.chain',
          affectedBy: [],
        });
      } else {
        steps.push(productStep(S, key, dLdz, local2));
      }
    }

    if (k > 1) {
      const dzda = `dz${k}/da${k - 1}`;
      steps.push(inputLocalStep(S, dzda, w), productStep(S, dLda(k - 1), dLdz, dzda));
    }
  }

  for (let k = 1; k <= n; k++) steps.push(updateStep(S, `w${k}`), updateStep(S, `b${k}`));
  return steps;
}

function localDerivativeText(
  activation: Network['layers'][number]['activation'],
  a: string,
  z: string,
  aKey: string,
  zKey: string,
): Pick<StepDef, 'formula' | 'substitute' | 'why'> {
  switch (activation) {
    case 'sigmoid':
      return {
        formula: `\\sigma'(${z}) = ${a}(1 - ${a})`,
        substitute: (show, factor) => `${show(aKey)} \\cdot (1 - ${factor(aKey)})`,
        why: 'why.sigmoid',
      };
    case 'tanh':
      return {
        formula: `1 - \\tanh^2(${z}) = 1 - ${a}^2`,
        substitute: (_show, factor) => `1 - ${factor(aKey)}^2`,
        why: 'why.tanh',
      };
    case 'relu':
      return {
        formula: `\\begin{cases} 1 & ${z} > 0 \\\\ 0 & ${z} \\le 0 \\end{cases}`,
        substitute: (show) => `\\mathbb{1}[${show(zKey)} > 0]`,
        why: 'why.relu',
      };
    case 'linear':
      return { formula: '1', substitute: () => '1', why: 'why.linear' };
    default:
      return assertNever(activation);
  }
}

/**
 * The step list depends only on the network's shape (layer count, activations, loss),
 * never on its numbers, so it is built once per shape and shared.
 */
export interface Plan {
  layers: number;
  steps: StepDef[];
  byKey: Map<string, StepDef>;
  /** Inputs first (x, t, lr, w1, b1, …), then every step, each with a slot in a value array. */
  slot: Map<string, number>;
  inputKeys: string[];
  /** LaTeX symbol of every input and step */
  symbols: Map<string, string>;
  closures: Map<string, StepDef[]>;
  /** The forward pass's steps in order (z1, a1, …, y): the setup's formulas */
  forwardKeys: string[];
  /** Each local derivative da/dz and the activation it differentiates */
  activations: Map<string, Activation>;
}

const PLANS = new Map<string, Plan>();

export function planFor(network: Network, route: Route = 'source'): Plan {
  const shape = `${route}:${network.loss}:${network.layers.map((l) => l.activation).join(',')}`;
  let plan = PLANS.get(shape);
  if (!plan) {
    const steps = buildSteps(network, route);
    const inputKeys = ['x', 't', 'lr', ...network.layers.flatMap((_, i) => [`w${i + 1}`, `b${i + 1}`])];
    const layers = network.layers.length;
    const forwardKeys = network.layers.flatMap((_, i) => [`z${i + 1}`, canonicalKey(`a${i + 1}`, layers)]);
    const activations = new Map(network.layers.map((l, i) => [`da${i + 1}/dz${i + 1}`, l.activation]));
    plan = makePlan(layers, steps, inputKeys, (key) => quantitySymbol(key, layers), forwardKeys, activations);
    PLANS.set(shape, plan);
  }
  return plan;
}

export function makePlan(
  layers: number,
  steps: StepDef[],
  inputKeys: string[],
  symbol: (key: string) => string,
  forwardKeys: string[],
  activations: Map<string, Activation>,
): Plan {
  const slot = new Map<string, number>();
  for (const key of inputKeys) slot.set(key, slot.size);
  for (const step of steps) slot.set(step.key, slot.size);
  const symbols = new Map([...slot.keys()].map((key) => [key, symbol(key)]));
  return { layers, steps, byKey: new Map(steps.map((s) => [s.key, s])), slot, inputKeys, symbols, closures: new Map(), forwardKeys, activations };
}

/** Steps needed to compute `target`, in solution order (cached per plan). */
export function closure(plan: Plan, target: string): StepDef[] {
  const cached = plan.closures.get(target);
  if (cached) return cached;
  const needed = new Set<string>();
  const visit = (key: string) => {
    const step = plan.byKey.get(key);
    if (!step || needed.has(key)) return;
    needed.add(key);
    for (const dep of step.deps) visit(dep);
  };
  visit(target);
  const steps = plan.steps.filter((s) => needed.has(s.key));
  plan.closures.set(target, steps);
  return steps;
}

export const NO_MISTAKES: Mistakes = new Set();

const SINGLE_MISTAKES = new Map<MisconceptionKey, Mistakes>(MISCONCEPTION_KEYS.map((key) => [key, new Set([key])]));

/** A set holding one mistake (shared, never mutated). */
export function oneMistake(key: MisconceptionKey): Mistakes {
  return SINGLE_MISTAKES.get(key)!;
}

export function inputValues(network: Network): number[] {
  return [network.x, network.target, network.lr, ...network.layers.flatMap((l) => [l.w, l.b])];
}
