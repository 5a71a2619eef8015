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
import { type Network, type QuantityKey, assertNever } from './network.ts';
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

/** The step list for a network, in the order a solution computes them. */
export function buildSteps(network: Network, route: Route = 'source'): StepDef[] {
  const n = network.layers.length;
  const S = (key: string) => quantitySymbol(key, n);
  const aKey = (k: number) => (k === 0 ? 'x' : canonicalKey(`a${k}`, n));
  const dLda = (k: number) => canonicalKey(`dL/da${k}`, n);
  const steps: StepDef[] = [];

  for (let k = 1; k <= n; k++) {
    const { activation } = network.layers[k - 1]!;
    const [w, b, prev, z, a] = [`w${k}`, `b${k}`, aKey(k - 1), `z${k}`, aKey(k)];
    steps.push({
      key: z,
      deps: [w, prev, b],
      compute: (get, m) => {
        const z = m.has('forgot-bias') ? mul(get(w), get(prev)) : add(mul(get(w), get(prev)), get(b));
        // A sign lost multiplying or adding negative numbers: the whole z comes out negated.
        return m.has('flipped-z-sign') ? scale(z, -1) : z;
      },
      formula: `${S(w)} \\cdot ${S(prev)} + ${S(b)}`,
      substitute: (show, factor) => `${show(w)} \\cdot ${factor(prev)} + ${factor(b)}`,
      affectedBy: ['forgot-bias', 'flipped-z-sign'],
    });
    const activationStep = ((): Pick<StepDef, 'compute' | 'formula' | 'substitute' | 'why'> => {
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
    steps.push({ key: a, deps: [z], affectedBy: [], ...activationStep });
  }

  const zn = `z${n}`;
  const lossUsesZ = (m: Mistakes) => m.has('used-z-for-y');
  const out = (get: Get, m: Mistakes) => (lossUsesZ(m) ? get(zn) : get('y'));
  if (network.loss === 'mse') {
    steps.push({
      key: 'L',
      deps: ['y', 't', zn],
      compute: (get, m) => {
        const diff = sub(out(get, m), get('t'));
        return scale(mul(diff, diff), m.has('forgot-half') ? 1 : 0.5);
      },
      formula: `\\frac{1}{2}(y - y_{\\text{true}})^2`,
      substitute: (show, factor) => `\\frac{1}{2}(${show('y')} - ${factor('t')})^2`,
      affectedBy: ['forgot-half', 'used-z-for-y'],
    });
    steps.push({
      key: 'dL/dy',
      deps: ['y', 't', zn],
      compute: (get, m) => (m.has('sign-flipped') ? sub(get('t'), out(get, m)) : sub(out(get, m), get('t'))),
      formula: 'y - y_{\\text{true}}',
      substitute: (show, factor) => `${show('y')} - ${factor('t')}`,
      why: 'why.dLdy.mse',
      affectedBy: ['sign-flipped', 'used-z-for-y'],
    });
  } else {
    steps.push({
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
    });
    steps.push({
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
    });
  }

  // With one layer and MSE the source text multiplies the three local derivatives at once.
  const tripleProduct = route === 'source' && n === 1 && network.loss === 'mse';
  for (let k = n; k >= 1; k--) {
    const { activation } = network.layers[k - 1]!;
    const [w, z, a, prev] = [`w${k}`, `z${k}`, aKey(k), aKey(k - 1)];
    const local = `da${k}/dz${k}`;
    const upstream = dLda(k);
    const usesZForY = (m: Mistakes) => k === n && m.has('used-z-for-y');
    steps.push({
      key: local,
      deps: activation === 'relu' ? [z] : activation === 'linear' ? [] : [a, z],
      compute: (get, m) => {
        if (activation === 'linear') return ONE;
        if (m.has('forgot-sigma-prime')) return ONE;
        switch (activation) {
          case 'sigmoid': {
            const value = usesZForY(m) ? get(z) : get(a);
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
          ? ['forgot-sigma-prime', 'used-y-not-y1my', ...(k === n ? (['used-z-for-y'] as const) : [])]
          : activation === 'linear'
            ? []
            : ['forgot-sigma-prime', 'activation-not-derivative'],
    });

    const dLdz = `dL/dz${k}`;
    if (k === n && network.loss === 'bce') {
      steps.push({
        key: dLdz,
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
      });
    } else {
      steps.push({
        key: dLdz,
        deps: [upstream, local],
        compute: (get) => mul(get(upstream), get(local)),
        formula: `${S(upstream)} \\cdot ${S(local)}`,
        substitute: (show, factor) => `${show(upstream)} \\cdot ${factor(local)}`,
        why: 'why.chain',
        affectedBy: [],
      });
    }

    const dzdw = `dz${k}/dw${k}`;
    const dzdb = `dz${k}/db${k}`;
    steps.push({
      key: dzdw,
      deps: [prev, w],
      // gave-w-for-x: z = w·x + b differentiated as if with respect to x, so the weight comes out.
      compute: (get, m) => (m.has('forgot-x') ? ONE : m.has('gave-w-for-x') ? get(w) : get(prev)),
      formula: S(prev),
      substitute: (show) => show(prev),
      why: 'why.dzdw',
      affectedBy: ['forgot-x', 'gave-w-for-x'],
    });
    steps.push({
      key: dzdb,
      deps: [],
      compute: () => ONE,
      formula: '1',
      substitute: () => '1',
      why: 'why.dzdb',
      affectedBy: [],
    });

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
        steps.push({
          key,
          deps: [dLdz, local2],
          compute: (get) => mul(get(dLdz), get(local2)),
          formula: `${S(dLdz)} \\cdot ${S(local2)}`,
          substitute: (show, factor) => `${show(dLdz)} \\cdot ${factor(local2)}`,
          why: 'why.chain',
          affectedBy: [],
        });
      }
    }

    if (k > 1) {
      const dzda = `dz${k}/da${k - 1}`;
      const down = dLda(k - 1);
      steps.push({
        key: dzda,
        deps: [w],
        compute: (get, m) => (m.has('dropped-layer-weight') ? ONE : get(w)),
        formula: S(w),
        substitute: (show) => show(w),
        why: 'why.dzda',
        affectedBy: ['dropped-layer-weight'],
      });
      steps.push({
        key: down,
        deps: [dLdz, dzda],
        compute: (get) => mul(get(dLdz), get(dzda)),
        formula: `${S(dLdz)} \\cdot ${S(dzda)}`,
        substitute: (show, factor) => `${show(dLdz)} \\cdot ${factor(dzda)}`,
        why: 'why.chain',
        affectedBy: [],
      });
    }
  }

  for (let k = 1; k <= n; k++) {
    for (const param of [`w${k}`, `b${k}`]) {
      const gradient = `dL/d${param}`;
      steps.push({
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
      });
    }
  }
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
}

const PLANS = new Map<string, Plan>();

export function planFor(network: Network, route: Route = 'source'): Plan {
  const shape = `${route}:${network.loss}:${network.layers.map((l) => l.activation).join(',')}`;
  let plan = PLANS.get(shape);
  if (!plan) {
    const steps = buildSteps(network, route);
    const inputKeys = ['x', 't', 'lr', ...network.layers.flatMap((_, i) => [`w${i + 1}`, `b${i + 1}`])];
    const slot = new Map<string, number>();
    for (const key of inputKeys) slot.set(key, slot.size);
    for (const step of steps) slot.set(step.key, slot.size);
    const layers = network.layers.length;
    const symbols = new Map([...slot.keys()].map((key) => [key, quantitySymbol(key, layers)]));
    plan = { layers, steps, byKey: new Map(steps.map((s) => [s.key, s])), slot, inputKeys, symbols, closures: new Map() };
    PLANS.set(shape, plan);
  }
  return plan;
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
