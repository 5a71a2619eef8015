/**
 * Problems about one quantity of a network (z, y, L, dL/dy, dL/dw1, w′, …): the exact
 * answer from the autodiff, the tolerance from the worked procedure with rounding
 * propagated, the worked solution, and the misconceptions that can be told apart.
 */
import { type Approx, exact, FINAL_SIG, INTERMEDIATE_SIG } from './approx.ts';
import { decimalsFor, formatFixed, formatNumber, halfUnit, latexFactor, latexNumber, roundSig, roundSigDirected } from './format-number.ts';
import type { GraphNetwork } from './graph.ts';
import { type Network, type Quantities, evaluateNetwork } from './network.ts';
import type { Misconception, NumericGrading, ProblemStep, SolutionStep } from './problem.ts';
import type { Text, TextKey } from './text.ts';
import {
  type MisconceptionKey,
  type Mistakes,
  type Plan,
  type Route,
  NO_MISTAKES,
  closure,
  inputValues,
  oneMistake,
  planFor,
} from './worked-procedure.ts';

export interface QuantityContext<N = Network> {
  /** A chain (network.ts) or a network that branches (graph.ts) */
  network: N;
  plan: Plan;
  /** Ground truth from the autodiff */
  quantities: Quantities;
  /** Input values by slot (x, t, lr, w1, b1, …) */
  inputs: number[];
}

/** What every function here takes: a chain's context or a graph's alike (they read the plan, not the network). */
export type AnyContext = QuantityContext<Network | GraphNetwork>;

export function contextFor(network: Network, route: Route = 'source'): QuantityContext {
  return { network, plan: planFor(network, route), quantities: evaluateNetwork(network), inputs: inputValues(network) };
}

/**
 * How intermediate results are written down. `bound`: to `sig` significant figures, anywhere within
 * half a unit (the tolerance of an honest student). `round` / `truncate`: to `sig` figures exactly
 * so, one definite value (what a student who rounded too early, or truncated, actually gets).
 */
export type Rounding = { write: 'bound' | 'round' | 'truncate'; sig: number };

export const HONEST_ROUNDING: Rounding = { write: 'bound', sig: INTERMEDIATE_SIG };

function writeDown(r: Approx, rounding: Rounding): Approx {
  if (r.v === 0 || !Number.isFinite(r.v)) return r;
  if (rounding.write === 'round') return exact(roundSig(r.v, rounding.sig));
  if (rounding.write === 'truncate') return exact(roundSigDirected(r.v, rounding.sig, r.v < 0));
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(r.v))) - rounding.sig + 1);
  // An exact value that already has the figures (x = 0.5) is written down without error.
  if (r.e === 0 && Math.abs(Math.round(r.v / unit) * unit - r.v) <= 1e-12 * Math.abs(r.v)) return r;
  return { v: r.v, e: r.e + 0.5 * unit };
}

/** Results of the worked procedure by slot; read them with `valueOf`. */
export type ProcedureValues = Approx[];

export function valueOf(ctx: AnyContext, values: ProcedureValues, key: string): Approx {
  const value = values[ctx.plan.slot.get(key)!];
  if (!value) throw new Error(`worked procedure: ${key} is not computed`);
  return value;
}

/**
 * Run the worked procedure up to `target`. `overrides` replaces earlier results with a
 * student's own values (error carried forward). `reuse` supplies results of a run
 * without mistakes, kept for every step before the first one a mistake changes.
 */
export function runProcedure(
  ctx: AnyContext,
  target: string,
  mistakes: Mistakes = NO_MISTAKES,
  overrides?: ReadonlyMap<string, number>,
  reuse?: ProcedureValues,
  rounding: Rounding = HONEST_ROUNDING,
): ProcedureValues {
  const { slot } = ctx.plan;
  const values: ProcedureValues = new Array(slot.size);
  for (let i = 0; i < ctx.inputs.length; i++) values[i] = exact(ctx.inputs[i]!);
  const get = (key: string): Approx => {
    const value = values[slot.get(key)!];
    if (!value) throw new Error(`worked procedure: ${key} is not computed yet`);
    return value;
  };
  let reusing = reuse !== undefined;
  for (const step of closure(ctx.plan, target)) {
    const i = slot.get(step.key)!;
    if (reusing && !step.affectedBy.some((m) => mistakes.has(m))) {
      values[i] = reuse![i]!;
      continue;
    }
    reusing = false;
    const own = overrides?.get(step.key);
    if (own !== undefined) {
      values[i] = exact(own);
      continue;
    }
    const result = step.compute(get, mistakes);
    values[i] = step.key === target ? result : writeDown(result, rounding);
  }
  return values;
}

/** Accepted interval: the propagated bound plus a final answer written with 2 significant figures. */
export function intervalFor(result: Approx, base: number | undefined): { lo: number; hi: number } {
  const moved = base === undefined ? result.v : result.v - base;
  const e = result.e + halfUnit(moved, FINAL_SIG);
  return { lo: result.v - e, hi: result.v + e };
}

function baseOf(ctx: AnyContext, key: string): number | undefined {
  const base = ctx.plan.byKey.get(key)?.base;
  return base === undefined ? undefined : ctx.inputs[ctx.plan.slot.get(base)!];
}

export function displayValue(ctx: AnyContext, key: string, value: number): string {
  const base = baseOf(ctx, key);
  if (base !== undefined) return formatFixed(value, decimalsFor(value - base, INTERMEDIATE_SIG));
  return formatNumber(value, INTERMEDIATE_SIG);
}

function inputDisplay(value: number): string {
  return formatNumber(value, 6);
}

export function solutionFor(ctx: AnyContext, target: string, values = runProcedure(ctx, target)): SolutionStep[] {
  const { slot, symbols } = ctx.plan;
  const displays = new Map<string, string>();
  const shown = (key: string): string => {
    let text = displays.get(key);
    if (text === undefined) {
      const i = slot.get(key)!;
      text = i < ctx.inputs.length ? inputDisplay(ctx.inputs[i]!) : displayValue(ctx, key, values[i]!.v);
      displays.set(key, text);
    }
    return text;
  };
  const show = (key: string) => latexNumber(shown(key));
  const factor = (key: string) => latexFactor(shown(key));
  return closure(ctx.plan, target).map((step) => {
    const value = values[slot.get(step.key)!]!.v;
    const line: SolutionStep = {
      key: step.key,
      symbol: symbols.get(step.key)!,
      formula: step.formula,
      substituted: step.substitute(show, factor),
      value,
      display: shown(step.key),
    };
    if (step.why) line.why = { key: step.why as TextKey };
    return line;
  });
}

/** Beyond this share of the answer (its step, for updates), early rounding would excuse real mistakes. */
const EARLY_MAX_SHARE = 0.3;

/** Rounding too early: every intermediate rounded to 2 figures, or truncated to 3 instead of rounded. */
const EARLY_WRITINGS: readonly Rounding[] = [
  { write: 'round', sig: FINAL_SIG },
  { write: 'truncate', sig: INTERMEDIATE_SIG },
];

/**
 * Where answers land when the intermediates were rounded to 2 significant figures or truncated: each
 * such run's value, give or take one unit of its second figure (the final answer rounded or truncated
 * to 2), together with the accepted interval. Outside [lo, hi] but inside this, an answer is "rounded
 * too early", not merely close. None when it adds nothing or would reach too far from the answer.
 */
export function earlyIntervalFor(ctx: AnyContext, target: string, accepted: { lo: number; hi: number }): { lo: number; hi: number } | undefined {
  const base = baseOf(ctx, target) ?? 0;
  const exactMoved = ctx.quantities[target]! - base;
  let [lo, hi] = [accepted.lo, accepted.hi];
  for (const rounding of EARLY_WRITINGS) {
    const v = valueOf(ctx, runProcedure(ctx, target, NO_MISTAKES, undefined, undefined, rounding), target).v;
    const moved = v - base;
    if (!Number.isFinite(v) || Math.sign(moved) !== Math.sign(exactMoved)) continue;
    const unit = 2 * halfUnit(moved, FINAL_SIG);
    if (Math.abs(moved - exactMoved) + unit > EARLY_MAX_SHARE * Math.abs(exactMoved)) continue;
    [lo, hi] = [Math.min(lo, v - unit), Math.max(hi, v + unit)];
  }
  return lo < accepted.lo || hi > accepted.hi ? { lo, hi } : undefined;
}

export function gradingFor(ctx: AnyContext, target: string, truth = runProcedure(ctx, target)): NumericGrading {
  const result = valueOf(ctx, truth, target);
  const base = baseOf(ctx, target);
  const { lo, hi } = intervalFor(result, base);
  const grading: NumericGrading = { type: 'numeric', value: ctx.quantities[target]!, lo, hi };
  if (base !== undefined) grading.base = base;
  const early = earlyIntervalFor(ctx, target, grading);
  if (early) grading.early = early;
  return grading;
}

function diagnosisText(key: MisconceptionKey): Text {
  return { key: `diagnosis.${key}` as TextKey };
}

/** The classic wrong answers for `target` that an interval can tell apart from the right one. */
export function misconceptionsFor(
  ctx: AnyContext,
  target: string,
  grading: NumericGrading,
  truth = runProcedure(ctx, target),
  /** A student's own earlier results: then only mistakes made after them can be told apart. */
  overrides?: ReadonlyMap<string, number>,
): Misconception[] {
  // Nearest steps first: for w′, "added the step" names the mistake better than "sign flipped upstream".
  const candidates = new Set<MisconceptionKey>();
  const steps = closure(ctx.plan, target);
  for (let i = steps.length - 1; i >= 0; i--) for (const m of steps[i]!.affectedBy) candidates.add(m);
  const found: Misconception[] = [];
  for (const key of candidates) {
    const result = valueOf(ctx, runProcedure(ctx, target, oneMistake(key), overrides, truth), target);
    if (!Number.isFinite(result.v) || !Number.isFinite(result.e)) continue;
    const { lo, hi } = intervalFor(result, grading.base);
    const overlapsRight = lo <= grading.hi && hi >= grading.lo;
    const overlapsFound = found.some((f) => lo <= f.hi! && hi >= f.lo!);
    if (overlapsRight || overlapsFound) continue;
    found.push({ key, value: result.v, lo, hi, message: diagnosisText(key) });
  }
  return found;
}

/**
 * The mistakes a question about `target` is there to catch: on every way back through an activation,
 * its derivative forgotten (for ReLU, whose derivative is 1 where it is positive, its value used
 * instead); with cross-entropy, σ′ multiplied once too often; for an update, η and the sign.
 */
export function targetMistakesFor(ctx: AnyContext, target: string): readonly MisconceptionKey[] {
  // They depend on the shape only (the plan is per shape): found once per plan and quantity.
  let byTarget = TARGETS.get(ctx.plan);
  if (!byTarget) TARGETS.set(ctx.plan, (byTarget = new Map()));
  let targets = byTarget.get(target);
  if (!targets) byTarget.set(target, (targets = findTargets(ctx, target)));
  return targets;
}

const TARGETS = new WeakMap<Plan, Map<string, readonly MisconceptionKey[]>>();

const BRANCH_TARGETS: readonly MisconceptionKey[] = ['swapped-inputs', 'swapped-weights', 'one-path-only', 'multiplied-paths', 'not-divided-by-h', 'reversed-difference'];

function findTargets(ctx: AnyContext, target: string): readonly MisconceptionKey[] {
  if (isUpdateKey(target)) return ['forgot-lr', 'added-step'];
  const found = new Set<MisconceptionKey>();
  for (const step of closure(ctx.plan, target)) {
    const activation = ctx.plan.activations.get(step.key);
    if (activation === 'sigmoid' || activation === 'tanh') found.add('forgot-sigma-prime');
    if (activation === 'relu') found.add('activation-not-derivative');
    // Where the network branches: which input goes with which weight, and the sum over the paths;
    // for a gradient check, the division by h and the order of the difference.
    for (const key of BRANCH_TARGETS) if (step.affectedBy.includes(key)) found.add(key);
    if (step.affectedBy.includes('extra-sigma-prime')) found.add('extra-sigma-prime');
  }
  return [...found];
}

/** Target mistakes the step's catalogue does not name: a student making one would not be told so. */
export function unnamedTargets(ctx: AnyContext, step: Pick<ProblemStep, 'asks' | 'misconceptions'>): MisconceptionKey[] {
  const named = new Set(step.misconceptions.map((m) => m.key));
  return targetMistakesFor(ctx, step.asks).filter((key) => !named.has(key));
}

/**
 * Target mistakes whose answers fall inside the accepted interval, so the grader would call them
 * correct (the question cannot tell them apart): what the editor warns a teacher of.
 */
export function indistinguishableTargets(ctx: AnyContext, step: Pick<ProblemStep, 'asks' | 'grading'>): MisconceptionKey[] {
  const truth = runProcedure(ctx, step.asks);
  return targetMistakesFor(ctx, step.asks).filter((key) => {
    const result = valueOf(ctx, runProcedure(ctx, step.asks, oneMistake(key), undefined, truth), step.asks);
    if (!Number.isFinite(result.v) || !Number.isFinite(result.e)) return false;
    const { lo, hi } = intervalFor(result, step.grading.base);
    return lo <= step.grading.hi && hi >= step.grading.lo;
  });
}

export function isUpdateKey(key: string): boolean {
  return key.endsWith("'");
}

export function promptFor(ctx: AnyContext, asks: string, given: readonly string[] = []): Text {
  const symbol = ctx.plan.symbols.get(asks)!;
  if (isUpdateKey(asks)) return { key: 'prompt.update', params: { symbol } };
  if (given.length === 0) return { key: 'prompt.compute', params: { symbol } };
  const givenLatex = given
    .map((key) => `${ctx.plan.symbols.get(key)!} \\approx ${latexNumber(formatNumber(ctx.quantities[key]!, INTERMEDIATE_SIG))}`)
    .join(',\\; ');
  return { key: 'prompt.compute-given', params: { symbol, given: givenLatex } };
}

const SHAPE_LATEX = new WeakMap<Plan, { forward: string; loss: string }>();

/** Forward formulas and loss depend only on the network's shape: built once per plan. */
function shapeLatex(plan: Plan): { forward: string; loss: string } {
  let latex = SHAPE_LATEX.get(plan);
  if (!latex) {
    const S = (key: string) => plan.symbols.get(key)!;
    // A sigmoid's formula goes on to its definition (σ(z) = 1/(1 + e^−z)): the setup keeps σ(z).
    const forward = plan.forwardKeys.map((key) => `${S(key)} = ${plan.byKey.get(key)!.formula.split(' = ')[0]}`);
    latex = { forward: forward.join(',\\; '), loss: `L = ${plan.byKey.get('L')!.formula}` };
    SHAPE_LATEX.set(plan, latex);
  }
  return latex;
}

/** The network described in LaTeX: forward formulas, loss, and the inputs the asked quantities need. */
export function setupFor(ctx: AnyContext, asks: readonly string[]): Text {
  const { plan, inputs } = ctx;
  const S = (key: string) => plan.symbols.get(key)!;
  const needs = (input: string) => asks.some((key) => closure(plan, key).some((s) => s.deps.includes(input)));
  const value = (key: string) => `${S(key)} = ${inputDisplay(inputs[plan.slot.get(key)!]!)}`;
  // The inputs and every weight and bias always; y_true and η only when the question needs them.
  const values = plan.inputKeys.filter((key) => key !== 't' && key !== 'lr').map(value);
  if (needs('t')) values.push(value('t'));
  if (needs('lr')) values.push(value('lr'));
  const { forward, loss } = shapeLatex(plan);
  return { key: 'setup.network', params: { forward, loss, values: values.join(',\\; ') } };
}

export function quantityStep(ctx: AnyContext, asks: string, given: readonly string[] = []): ProblemStep {
  const truth = runProcedure(ctx, asks);
  const grading = gradingFor(ctx, asks, truth);
  return {
    asks,
    symbol: ctx.plan.symbols.get(asks)!,
    prompt: promptFor(ctx, asks, given),
    answer: grading.value,
    grading,
    solution: solutionFor(ctx, asks, truth),
    misconceptions: misconceptionsFor(ctx, asks, grading, truth),
  };
}
