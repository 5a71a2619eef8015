/**
 * Problems about one quantity of a network (z, y, L, dL/dy, dL/dw1, w′, …): the exact
 * answer from the autodiff, the tolerance from the worked procedure with rounding
 * propagated, the worked solution, and the misconceptions that can be told apart.
 */
import { type Approx, exact, FINAL_SIG, INTERMEDIATE_SIG } from './approx.ts';
import { decimalsFor, formatFixed, formatNumber, halfUnit, latexFactor, latexNumber, pow10, roundSig, roundSigDirected } from './format-number.ts';
import type { GraphNetwork } from './graph.ts';
import { type Network, type Quantities, evaluateNetwork } from './network.ts';
import type { Misconception, NumericGrading, ProblemStep, SolutionStep } from './problem.ts';
import type { Text, TextKey } from './text.ts';
import {
  type MisconceptionKey,
  type Mistakes,
  type Plan,
  type Results,
  type Route,
  type Shown,
  NO_MISTAKES,
  changedBy,
  closure,
  inputValues,
  oneMistake,
  planFor,
  routineFor,
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
  const unit = pow10(Math.floor(Math.log10(Math.abs(r.v))) - rounding.sig + 1);
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

/** A run's results read by key (a class rather than a closure: under tsx each closure made costs a property definition). */
class RunResults implements Results {
  constructor(
    private readonly slot: ReadonlyMap<string, number>,
    private readonly values: ProcedureValues,
  ) {}

  get(key: string): Approx {
    const value = this.values[this.slot.get(key)!];
    if (!value) throw new Error(`worked procedure: ${key} is not computed yet`);
    return value;
  }
}

/**
 * Run the worked procedure up to `target`. `overrides` replaces earlier results with a
 * student's own values (error carried forward). `reuse` supplies the results of a run for the
 * same target and overrides without mistakes: only the steps the mistakes change are computed
 * again, every other result is the same.
 */
export function runProcedure(
  ctx: AnyContext,
  target: string,
  mistakes: Mistakes = NO_MISTAKES,
  overrides?: ReadonlyMap<string, number>,
  reuse?: ProcedureValues,
  rounding: Rounding = HONEST_ROUNDING,
): ProcedureValues {
  const routine = routineFor(ctx.plan, target);
  let values: ProcedureValues;
  if (reuse) values = reuse.slice();
  else {
    values = new Array(ctx.plan.slot.size);
    for (let i = 0; i < ctx.inputs.length; i++) values[i] = exact(ctx.inputs[i]!);
  }
  const results = new RunResults(ctx.plan.slot, values);
  const { steps, slots } = routine;
  for (const i of reuse ? changedBy(routine, mistakes) : routine.all) {
    const step = steps[i]!;
    const own = overrides?.get(step.key);
    if (own !== undefined) {
      values[slots[i]!] = exact(own);
      continue;
    }
    const result = step.compute(results, mistakes);
    values[slots[i]!] = step.key === target ? result : writeDown(result, rounding);
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

/** Inputs come from small grids, so the same few hundred numbers are written again and again. */
const INPUT_DISPLAYS = new Map<number, string>();
const MAX_INPUT_DISPLAYS = 4096;

/** Input `i` as the setup and every solution write it. */
function inputDisplay(ctx: AnyContext, i: number): string {
  const value = ctx.inputs[i]!;
  let text = INPUT_DISPLAYS.get(value);
  if (text === undefined) {
    // A teacher's own numbers are not from the grids: start afresh rather than grow without bound.
    if (INPUT_DISPLAYS.size >= MAX_INPUT_DISPLAYS) INPUT_DISPLAYS.clear();
    INPUT_DISPLAYS.set(value, (text = formatNumber(value, 6)));
  }
  return text;
}

/** The numbers of one run as its solution writes them, each formatted once. */
class SolutionNumbers implements Shown {
  /** By slot */
  private readonly displays: (string | undefined)[] = [];

  constructor(
    private readonly ctx: AnyContext,
    private readonly values: ProcedureValues,
  ) {}

  display(key: string): string {
    const i = this.ctx.plan.slot.get(key)!;
    let text = this.displays[i];
    if (text === undefined) {
      text = i < this.ctx.inputs.length ? inputDisplay(this.ctx, i) : displayValue(this.ctx, key, this.values[i]!.v);
      this.displays[i] = text;
    }
    return text;
  }

  show(key: string): string {
    return latexNumber(this.display(key));
  }

  factor(key: string): string {
    return latexFactor(this.display(key));
  }
}

export function solutionFor(ctx: AnyContext, target: string, values = runProcedure(ctx, target)): SolutionStep[] {
  const { symbols } = ctx.plan;
  const { steps, slots } = routineFor(ctx.plan, target);
  const numbers = new SolutionNumbers(ctx, values);
  const lines: SolutionStep[] = [];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const line: SolutionStep = {
      key: step.key,
      symbol: symbols.get(step.key)!,
      formula: step.formula,
      substituted: step.substitute(numbers),
      value: values[slots[i]!]!.v,
      display: numbers.display(step.key),
    };
    if (step.why) line.why = { key: step.why as TextKey };
    lines.push(line);
  }
  return lines;
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
  return withEarlyInterval(ctx, target, acceptedGradingFor(ctx, target, truth));
}

/** The grading without its `early` interval (what `isGradable` reads): finish it with `withEarlyInterval`. */
export function acceptedGradingFor(ctx: AnyContext, target: string, truth: ProcedureValues): NumericGrading {
  const result = valueOf(ctx, truth, target);
  const base = baseOf(ctx, target);
  const { lo, hi } = intervalFor(result, base);
  const grading: NumericGrading = { type: 'numeric', value: ctx.quantities[target]!, lo, hi };
  if (base !== undefined) grading.base = base;
  return grading;
}

/** Adds the interval of rounding too early to a grading from `acceptedGradingFor` (two more runs). */
export function withEarlyInterval(ctx: AnyContext, target: string, grading: NumericGrading): NumericGrading {
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
  const found: Misconception[] = [];
  for (const key of routineFor(ctx.plan, target).candidates) {
    const result = valueOf(ctx, runProcedure(ctx, target, oneMistake(key), overrides, truth), target);
    if (!Number.isFinite(result.v) || !Number.isFinite(result.e)) continue;
    const { lo, hi } = intervalFor(result, grading.base);
    if ((lo <= grading.hi && hi >= grading.lo) || overlapsAny(found, lo, hi)) continue;
    found.push({ key, value: result.v, lo, hi, message: diagnosisText(key) });
  }
  return found;
}

function overlapsAny(found: readonly Misconception[], lo: number, hi: number): boolean {
  for (const f of found) if (lo <= f.hi! && hi >= f.lo!) return true;
  return false;
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
  const unnamed: MisconceptionKey[] = [];
  for (const key of targetMistakesFor(ctx, step.asks)) if (!isNamed(step.misconceptions, key)) unnamed.push(key);
  return unnamed;
}

function isNamed(misconceptions: readonly Misconception[], key: MisconceptionKey): boolean {
  for (const m of misconceptions) if (m.key === key) return true;
  return false;
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
  let givenLatex = '';
  for (const key of given) {
    if (givenLatex !== '') givenLatex += ',\\; ';
    givenLatex += `${ctx.plan.symbols.get(key)!} \\approx ${latexNumber(formatNumber(ctx.quantities[key]!, INTERMEDIATE_SIG))}`;
  }
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
  const { plan } = ctx;
  let values = '';
  for (const key of setupInputs(plan, asks)) {
    if (values !== '') values += ',\\; ';
    values += `${plan.symbols.get(key)!} = ${inputDisplay(ctx, plan.slot.get(key)!)}`;
  }
  const { forward, loss } = shapeLatex(plan);
  return { key: 'setup.network', params: { forward, loss, values } };
}

const SETUP_INPUTS = new WeakMap<Plan, Map<string, readonly string[]>>();

/** The inputs a setup lists: every input, weight and bias; y_true and η only when the question needs them (per plan and asks). */
function setupInputs(plan: Plan, asks: readonly string[]): readonly string[] {
  let byAsks = SETUP_INPUTS.get(plan);
  if (!byAsks) SETUP_INPUTS.set(plan, (byAsks = new Map()));
  const id = asks.join('\n');
  let keys = byAsks.get(id);
  if (!keys) {
    const needs = (input: string) => asks.some((key) => closure(plan, key).some((s) => s.deps.includes(input)));
    const listed = plan.inputKeys.filter((key) => key !== 't' && key !== 'lr');
    if (needs('t')) listed.push('t');
    if (needs('lr')) listed.push('lr');
    byAsks.set(id, (keys = listed));
  }
  return keys;
}

export function quantityStep(ctx: AnyContext, asks: string, given: readonly string[] = []): ProblemStep {
  const truth = runProcedure(ctx, asks);
  const grading = gradingFor(ctx, asks, truth);
  return stepOf(ctx, asks, given, grading, truth, misconceptionsFor(ctx, asks, grading, truth));
}

/** A step from its parts: what it asks as the phone shows it, its grading, worked solution and named mistakes. */
export function stepOf(
  ctx: AnyContext,
  asks: string,
  given: readonly string[],
  grading: NumericGrading,
  truth: ProcedureValues,
  misconceptions: Misconception[],
): ProblemStep {
  return {
    asks,
    symbol: ctx.plan.symbols.get(asks)!,
    prompt: promptFor(ctx, asks, given),
    answer: grading.value,
    grading,
    solution: solutionFor(ctx, asks, truth),
    misconceptions,
  };
}
