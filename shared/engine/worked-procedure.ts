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
/** The results of a run so far, by key (inputs and the steps before). */
export interface Results {
  get(key: string): Approx;
}
/** How a solution line writes the numbers it substitutes: as shown, or as a factor of a product (negatives in parentheses). */
export interface Shown {
  show(key: string): string;
  factor(key: string): string;
}

export interface StepDef {
  key: QuantityKey;
  deps: readonly string[];
  compute: (results: Results, mistakes: Mistakes) => Approx;
  /** LaTeX of the symbolic formula, e.g. (y − y_true)·y(1 − y)·x */
  formula: string;
  /** LaTeX of the formula with the numbers a student would substitute */
  substitute: (numbers: Shown) => string;
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

const logistic = (y: number) => y * (1 - y);
const oneMinusSquare = (y: number) => 1 - y * y;

/**
 * f(a) for f = y(1 − y) or 1 − y², bounded over [v − e, v + e] with the extremum at `peak` taken
 * into account (neither is monotone).
 */
function slope(a: Approx, f: (y: number) => number, peak: number): Approx {
  const v = f(a.v);
  if (a.e === 0) return { v, e: 0 };
  const lo = a.v - a.e;
  const hi = a.v + a.e;
  const e = Math.max(Math.abs(f(lo) - v), Math.abs(f(hi) - v));
  return { v, e: lo < peak && hi > peak ? Math.max(e, Math.abs(f(peak) - v)) : e };
}

/** y(1 − y), bounded with the maximum at 1/2 taken into account (it is not monotone). */
const logisticSlope = (a: Approx): Approx => slope(a, logistic, 0.5);
const tanhSlope = (a: Approx): Approx => slope(a, oneMinusSquare, 0);

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
    compute: (r, m) => {
      let sum = mul(r.get(pairs[0]![0]), r.get(pairs[0]![1]));
      for (let i = 1; i < pairs.length; i++) sum = add(sum, mul(r.get(pairs[i]![0]), r.get(pairs[i]![1])));
      if (!m.has('forgot-bias')) sum = add(sum, r.get(b));
      // A sign lost multiplying or adding negative numbers: the whole z comes out negated.
      return m.has('flipped-z-sign') ? scale(sum, -1) : sum;
    },
    formula: `${pairs.map(([w, input]) => `${S(w)} \\cdot ${S(input)}`).join(' + ')} + ${S(b)}`,
    substitute: (n) => {
      let text = `${n.show(pairs[0]![0])} \\cdot ${n.factor(pairs[0]![1])}`;
      for (let i = 1; i < pairs.length; i++) text += ` + ${n.factor(pairs[i]![0])} \\cdot ${n.factor(pairs[i]![1])}`;
      return `${text} + ${n.factor(b)}`;
    },
    affectedBy: ['forgot-bias', 'flipped-z-sign'],
  };
}

/** a = act(z) */
export function activationStep(S: Symbolize, activation: Activation, z: string, a: string): StepDef {
  const text = ((): Pick<StepDef, 'compute' | 'formula' | 'substitute' | 'why'> => {
    switch (activation) {
      case 'sigmoid':
        return {
          compute: (r) => monotone(r.get(z), sigmoid),
          formula: `\\sigma(${S(z)}) = \\frac{1}{1 + e^{-${S(z)}}}`,
          substitute: (n) => `\\frac{1}{1 + e^{-${n.factor(z)}}}`,
        };
      case 'tanh':
        return {
          compute: (r) => monotone(r.get(z), Math.tanh),
          formula: `\\tanh(${S(z)})`,
          substitute: (n) => `\\tanh(${n.show(z)})`,
        };
      case 'relu':
        return {
          compute: (r) => monotone(r.get(z), relu),
          formula: `\\max(0, ${S(z)})`,
          substitute: (n) => `\\max(0, ${n.show(z)})`,
        };
      case 'linear':
        return { compute: (r) => r.get(z), formula: S(z), substitute: (n) => n.show(z) };
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
        compute: (r) => {
          const y = r.get('y');
          const t = r.get('t');
          const lnY = monotone(y, Math.log);
          const lnOneMinusY = monotone(sub(ONE, y), Math.log);
          return scale(add(mul(t, lnY), mul(sub(ONE, t), lnOneMinusY)), -1);
        },
        formula: `-\\left[y_{\\text{true}} \\ln y + (1 - y_{\\text{true}}) \\ln(1 - y)\\right]`,
        substitute: (n) =>
          `-\\left[${n.show('t')} \\ln ${n.show('y')} + (1 - ${n.factor('t')}) \\ln(1 - ${n.show('y')})\\right]`,
        affectedBy: [],
      },
      {
        key: 'dL/dy',
        deps: ['y', 't'],
        compute: (r, m) => {
          const y = r.get('y');
          const t = r.get('t');
          if (m.has('mse-gradient-for-bce')) return sub(y, t);
          return add(scale(div(t, y), -1), div(sub(ONE, t), sub(ONE, y)));
        },
        formula: `-\\frac{y_{\\text{true}}}{y} + \\frac{1 - y_{\\text{true}}}{1 - y}`,
        substitute: (n) => `-\\frac{${n.show('t')}}{${n.show('y')}} + \\frac{1 - ${n.factor('t')}}{1 - ${n.factor('y')}}`,
        why: 'why.dLdy.bce',
        affectedBy: ['mse-gradient-for-bce'],
      },
    ];
  }
  const usesZ = zOut !== undefined;
  const out = (r: Results, m: Mistakes) => (usesZ && m.has('used-z-for-y') ? r.get(zOut) : r.get('y'));
  const deps = usesZ ? ['y', 't', zOut] : ['y', 't'];
  const zMistake = usesZ ? (['used-z-for-y'] as const) : [];
  return [
    {
      key: 'L',
      deps,
      compute: (r, m) => {
        const diff = sub(out(r, m), r.get('t'));
        return scale(mul(diff, diff), m.has('forgot-half') ? 1 : 0.5);
      },
      formula: `\\frac{1}{2}(y - y_{\\text{true}})^2`,
      substitute: (n) => `\\frac{1}{2}(${n.show('y')} - ${n.factor('t')})^2`,
      affectedBy: ['forgot-half', ...zMistake],
    },
    {
      key: 'dL/dy',
      deps,
      compute: (r, m) => (m.has('sign-flipped') ? sub(r.get('t'), out(r, m)) : sub(out(r, m), r.get('t'))),
      formula: 'y - y_{\\text{true}}',
      substitute: (n) => `${n.show('y')} - ${n.factor('t')}`,
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
    compute: (r, m) => {
      if (activation === 'linear') return ONE;
      if (m.has('forgot-sigma-prime')) return ONE;
      switch (activation) {
        case 'sigmoid': {
          const value = usesZ(m) ? r.get(z) : r.get(a);
          return m.has('used-y-not-y1my') ? value : logisticSlope(value);
        }
        case 'tanh':
          return m.has('activation-not-derivative') ? r.get(a) : tanhSlope(r.get(a));
        case 'relu':
          return m.has('activation-not-derivative') ? monotone(r.get(z), relu) : exact(r.get(z).v > 0 ? 1 : 0);
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
    compute: (r, m) => {
      const y = r.get('y');
      const t = r.get('t');
      if (m.has('sign-flipped')) return sub(t, y);
      if (m.has('extra-sigma-prime')) return mul(sub(y, t), logisticSlope(y));
      return sub(y, t);
    },
    formula: `\\frac{dL}{dy} \\cdot \\frac{dy}{d${S(z)}} = y - y_{\\text{true}}`,
    substitute: (n) => `${n.show('y')} - ${n.factor('t')}`,
    why: 'why.dLdz.bce',
    affectedBy: ['sign-flipped', 'extra-sigma-prime'],
  };
}

/** One link of the chain rule: key = upstream · local. */
export function productStep(S: Symbolize, key: string, upstream: string, local: string): StepDef {
  return {
    key,
    deps: [upstream, local],
    compute: (r) => mul(r.get(upstream), r.get(local)),
    formula: `${S(upstream)} \\cdot ${S(local)}`,
    substitute: (n) => `${n.show(upstream)} \\cdot ${n.factor(local)}`,
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
    compute: (r, m) =>
      m.has('forgot-x') ? ONE : m.has('gave-w-for-x') ? r.get(w) : swapWith !== undefined && m.has('swapped-inputs') ? r.get(swapWith) : r.get(input),
    formula: S(input),
    substitute: (n) => n.show(input),
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
    compute: (r, m) => (m.has('dropped-layer-weight') ? ONE : swapWith !== undefined && m.has('swapped-weights') ? r.get(swapWith) : r.get(w)),
    formula: S(w),
    substitute: (n) => n.show(w),
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
    compute: (r, m) => {
      const p = r.get(param);
      if (m.has('no-update')) return p;
      const step = m.has('forgot-lr') ? r.get(gradient) : mul(r.get('lr'), r.get(gradient));
      return m.has('added-step') ? add(p, step) : sub(p, step);
    },
    formula: `${S(param)} - \\eta \\cdot ${S(gradient)}`,
    substitute: (n) => `${n.show(param)} - ${n.show('lr')} \\cdot ${n.factor(gradient)}`,
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
          compute: (r) => mul(mul(r.get('dL/dy'), r.get(local)), r.get(local2)),
          formula: `${S('dL/dy')} \\cdot ${S(local)} \\cdot ${S(local2)}`,
          substitute: (n) => `${n.show('dL/dy')} \\cdot ${n.factor(local)} \\cdot ${n.factor(local2)}`,
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
        substitute: (n) => `${n.show(aKey)} \\cdot (1 - ${n.factor(aKey)})`,
        why: 'why.sigmoid',
      };
    case 'tanh':
      return {
        formula: `1 - \\tanh^2(${z}) = 1 - ${a}^2`,
        substitute: (n) => `1 - ${n.factor(aKey)}^2`,
        why: 'why.tanh',
      };
    case 'relu':
      return {
        formula: `\\begin{cases} 1 & ${z} > 0 \\\\ 0 & ${z} \\le 0 \\end{cases}`,
        substitute: (n) => `\\mathbb{1}[${n.show(zKey)} > 0]`,
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
  routines: Map<string, Routine>;
  /** The forward pass's steps in order (z1, a1, …, y): the setup's formulas */
  forwardKeys: string[];
  /** Each local derivative da/dz and the activation it differentiates */
  activations: Map<string, Activation>;
}

const PLANS = new Map<string, Plan>();

export function planFor(network: Network, route: Route = 'source'): Plan {
  let shape = `${route}:${network.loss}:`;
  for (let i = 0; i < network.layers.length; i++) shape += i === 0 ? network.layers[i]!.activation : `,${network.layers[i]!.activation}`;
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
  return { layers, steps, byKey: new Map(steps.map((s) => [s.key, s])), slot, inputKeys, symbols, routines: new Map(), forwardKeys, activations };
}

/**
 * The procedure for one target, compiled once per plan (a problem runs it 5–15 times: once exact,
 * twice rounded too early, once per candidate mistake): the steps it needs in solution order, each
 * one's slot and the steps it reads, and what each mistake changes.
 */
export interface Routine {
  steps: StepDef[];
  /** The slot of each step */
  slots: number[];
  /** Every step's index, in order: a run from scratch */
  all: number[];
  /** For each step, the indices of the steps it reads (inputs are not steps) */
  reads: number[][];
  /** Every mistake that changes some step, those of the steps nearest the target first */
  candidates: MisconceptionKey[];
  /** The steps a set of mistakes changes, for the shared sets (`NO_MISTAKES`, `oneMistake`) */
  changed: Map<Mistakes, number[]>;
}

export function routineFor(plan: Plan, target: string): Routine {
  let routine = plan.routines.get(target);
  if (!routine) plan.routines.set(target, (routine = compileRoutine(plan, target)));
  return routine;
}

function compileRoutine(plan: Plan, target: string): Routine {
  const needed = new Set<string>();
  const visit = (key: string) => {
    const step = plan.byKey.get(key);
    if (!step || needed.has(key)) return;
    needed.add(key);
    for (const dep of step.deps) visit(dep);
  };
  visit(target);
  const steps = plan.steps.filter((s) => needed.has(s.key));
  const index = new Map(steps.map((s, i) => [s.key, i]));
  const reads = steps.map((s) => s.deps.flatMap((dep) => (index.has(dep) ? [index.get(dep)!] : [])));
  const candidates = new Set<MisconceptionKey>();
  for (let i = steps.length - 1; i >= 0; i--) for (const m of steps[i]!.affectedBy) candidates.add(m);
  return {
    steps,
    slots: steps.map((s) => plan.slot.get(s.key)!),
    all: steps.map((_, i) => i),
    reads,
    candidates: [...candidates],
    changed: new Map(),
  };
}

/** Steps needed to compute `target`, in solution order. */
export function closure(plan: Plan, target: string): StepDef[] {
  return routineFor(plan, target).steps;
}

/** Whether a mistake of `mistakes` changes this step's own result. */
export function isAffected(step: StepDef, mistakes: Mistakes): boolean {
  for (const m of step.affectedBy) if (mistakes.has(m)) return true;
  return false;
}

/**
 * Indices of the routine's steps whose results `mistakes` change: those it affects and every step
 * that reads one of them. Every other step gives what it gives without the mistakes.
 */
export function changedBy(routine: Routine, mistakes: Mistakes): number[] {
  let changed = routine.changed.get(mistakes);
  if (changed) return changed;
  const dirty: boolean[] = [];
  changed = [];
  for (let i = 0; i < routine.steps.length; i++) {
    dirty[i] = isAffected(routine.steps[i]!, mistakes) || routine.reads[i]!.some((j) => dirty[j]);
    if (dirty[i]) changed.push(i);
  }
  // Only the shared sets are kept, so the cache stays as small as the catalogue.
  if (isShared(mistakes)) routine.changed.set(mistakes, changed);
  return changed;
}

export const NO_MISTAKES: Mistakes = new Set();

const SINGLE_MISTAKES = new Map<MisconceptionKey, Mistakes>(MISCONCEPTION_KEYS.map((key) => [key, new Set([key])]));

/** A set holding one mistake (shared, never mutated). */
export function oneMistake(key: MisconceptionKey): Mistakes {
  return SINGLE_MISTAKES.get(key)!;
}

function isShared(mistakes: Mistakes): boolean {
  if (mistakes === NO_MISTAKES) return true;
  for (const key of mistakes) return mistakes.size === 1 && SINGLE_MISTAKES.get(key) === mistakes;
  return false;
}

export function inputValues(network: Network): number[] {
  const values = [network.x, network.target, network.lr];
  for (const layer of network.layers) values.push(layer.w, layer.b);
  return values;
}
