/**
 * Problems about one quantity of a network (z, y, L, dL/dy, dL/dw1, w′, …): the exact
 * answer from the autodiff, the tolerance from the worked procedure with rounding
 * propagated, the worked solution, and the misconceptions that can be told apart.
 */
import { type Approx, exact, FINAL_SIG, INTERMEDIATE_SIG } from './approx.ts';
import { decimalsFor, formatFixed, formatNumber, halfUnit, latexFactor, latexNumber, roundSig } from './format-number.ts';
import { type Network, type Quantities, evaluateNetwork } from './network.ts';
import type { Misconception, NumericGrading, ProblemStep, SolutionStep } from './problem.ts';
import { canonicalKey, quantitySymbol } from './symbols.ts';
import type { Text, TextKey } from './text.ts';
import {
  type MisconceptionKey,
  type Mistakes,
  type Plan,
  type StepDef,
  NO_MISTAKES,
  closure,
  inputValues,
  planFor,
} from './worked-procedure.ts';

export interface QuantityContext {
  plan: Plan;
  quantities: Quantities;
  closures: Map<string, StepDef[]>;
  inputs: Map<string, Approx>;
}

export function contextFor(network: Network): QuantityContext {
  return { plan: planFor(network), quantities: evaluateNetwork(network), closures: new Map(), inputs: inputValues(network) };
}

function stepsFor(ctx: QuantityContext, target: string): StepDef[] {
  let steps = ctx.closures.get(target);
  if (!steps) {
    steps = closure(ctx.plan, target);
    ctx.closures.set(target, steps);
  }
  return steps;
}

/** An honest student writes intermediates with 3 significant figures: that adds up to half a unit. */
function roundIntermediate(r: Approx): Approx {
  if (r.e === 0 && roundSig(r.v, INTERMEDIATE_SIG) === r.v) return r;
  return { v: r.v, e: r.e + halfUnit(r.v, INTERMEDIATE_SIG) };
}

/**
 * Run the worked procedure up to `target`. `overrides` replaces earlier results with a
 * student's own values (error carried forward).
 */
export function runProcedure(
  ctx: QuantityContext,
  target: string,
  mistakes: Mistakes = NO_MISTAKES,
  overrides?: ReadonlyMap<string, number>,
): Map<string, Approx> {
  const values = new Map(ctx.inputs);
  const get = (key: string): Approx => {
    const value = values.get(key);
    if (!value) throw new Error(`worked procedure: ${key} is not computed yet`);
    return value;
  };
  for (const step of stepsFor(ctx, target)) {
    const own = overrides?.get(step.key);
    if (own !== undefined) {
      values.set(step.key, exact(own));
      continue;
    }
    const result = step.compute(get, mistakes);
    values.set(step.key, step.key === target ? result : roundIntermediate(result));
  }
  return values;
}

/** Accepted interval: the propagated bound plus a final answer written with 2 significant figures. */
export function intervalFor(result: Approx, base: number | undefined): { lo: number; hi: number } {
  const moved = base === undefined ? result.v : result.v - base;
  const e = result.e + halfUnit(moved, FINAL_SIG);
  return { lo: result.v - e, hi: result.v + e };
}

function baseOf(ctx: QuantityContext, key: string): number | undefined {
  const base = ctx.plan.byKey.get(key)?.base;
  return base === undefined ? undefined : ctx.inputs.get(base)!.v;
}

export function displayValue(ctx: QuantityContext, key: string, value: number): string {
  const base = baseOf(ctx, key);
  if (base !== undefined) return formatFixed(value, decimalsFor(value - base, INTERMEDIATE_SIG));
  return formatNumber(value, INTERMEDIATE_SIG);
}

function inputDisplay(value: number): string {
  return formatNumber(value, 6);
}

export function solutionFor(ctx: QuantityContext, target: string): SolutionStep[] {
  const values = runProcedure(ctx, target);
  const n = ctx.plan.network.layers.length;
  const shown = (key: string): string => {
    if (ctx.inputs.has(key)) return inputDisplay(ctx.inputs.get(key)!.v);
    return displayValue(ctx, key, values.get(key)!.v);
  };
  const show = (key: string) => latexNumber(shown(key));
  const factor = (key: string) => latexFactor(shown(key));
  return stepsFor(ctx, target).map((step) => {
    const value = values.get(step.key)!.v;
    const line: SolutionStep = {
      key: step.key,
      symbol: quantitySymbol(step.key, n),
      formula: step.formula,
      substituted: step.substitute(show, factor),
      value,
      display: displayValue(ctx, step.key, value),
    };
    if (step.why) line.why = { key: step.why as TextKey };
    return line;
  });
}

export function gradingFor(ctx: QuantityContext, target: string): NumericGrading {
  const result = runProcedure(ctx, target).get(target)!;
  const base = baseOf(ctx, target);
  const { lo, hi } = intervalFor(result, base);
  const grading: NumericGrading = { type: 'numeric', value: ctx.quantities[target]!, lo, hi };
  if (base !== undefined) grading.base = base;
  return grading;
}

function diagnosisText(key: MisconceptionKey): Text {
  return { key: `diagnosis.${key}` as TextKey };
}

/** The classic wrong answers for `target` that an interval can tell apart from the right one. */
export function misconceptionsFor(ctx: QuantityContext, target: string, grading: NumericGrading): Misconception[] {
  // Nearest steps first: for w′, "added the step" names the mistake better than "sign flipped upstream".
  const candidates = new Set<MisconceptionKey>();
  for (const step of [...stepsFor(ctx, target)].reverse()) for (const m of step.affectedBy) candidates.add(m);
  const found: Misconception[] = [];
  for (const key of candidates) {
    const result = runProcedure(ctx, target, new Set([key])).get(target)!;
    if (!Number.isFinite(result.v) || !Number.isFinite(result.e)) continue;
    const { lo, hi } = intervalFor(result, grading.base);
    const overlapsRight = lo <= grading.hi && hi >= grading.lo;
    const overlapsFound = found.some((f) => lo <= f.hi! && hi >= f.lo!);
    if (overlapsRight || overlapsFound) continue;
    found.push({ key, value: result.v, lo, hi, message: diagnosisText(key) });
  }
  return found;
}

export function isUpdateKey(key: string): boolean {
  return key.endsWith("'");
}

export function promptFor(ctx: QuantityContext, asks: string, given: readonly string[] = []): Text {
  const symbol = quantitySymbol(asks, ctx.plan.network.layers.length);
  if (isUpdateKey(asks)) return { key: 'prompt.update', params: { symbol } };
  if (given.length === 0) return { key: 'prompt.compute', params: { symbol } };
  const n = ctx.plan.network.layers.length;
  const givenLatex = given
    .map((key) => `${quantitySymbol(key, n)} \\approx ${latexNumber(formatNumber(ctx.quantities[key]!, INTERMEDIATE_SIG))}`)
    .join(',\\; ');
  return { key: 'prompt.compute-given', params: { symbol, given: givenLatex } };
}

/** The network described in LaTeX: forward formulas, loss, and the given inputs. */
export function setupFor(ctx: QuantityContext, asks: readonly string[]): Text {
  const { network } = ctx.plan;
  const n = network.layers.length;
  const S = (key: string) => quantitySymbol(key, n);
  const forward: string[] = [];
  for (let k = 1; k <= n; k++) {
    const a = canonicalKey(`a${k}`, n);
    forward.push(`${S(`z${k}`)} = ${ctx.plan.byKey.get(`z${k}`)!.formula}`);
    const activationFormula = ctx.plan.byKey.get(a)!.formula;
    forward.push(`${S(a)} = ${activationFormula.split(' = ')[0]}`);
  }
  const loss = `L = ${ctx.plan.byKey.get('L')!.formula}`;
  const needs = new Set(asks.flatMap((key) => stepsFor(ctx, key).flatMap((s) => [s.key, ...s.deps])));
  const values: string[] = [`x = ${inputDisplay(network.x)}`];
  network.layers.forEach((layer, i) => {
    values.push(`${S(`w${i + 1}`)} = ${inputDisplay(layer.w)}`, `${S(`b${i + 1}`)} = ${inputDisplay(layer.b)}`);
  });
  if (needs.has('t')) values.push(`y_{true} = ${inputDisplay(network.target)}`);
  if (needs.has('lr')) values.push(`\\eta = ${inputDisplay(network.lr)}`);
  return { key: 'setup.network', params: { forward: forward.join(',\\; '), loss, values: values.join(',\\; ') } };
}

export function quantityStep(ctx: QuantityContext, asks: string, given: readonly string[] = []): ProblemStep {
  const grading = gradingFor(ctx, asks);
  return {
    asks,
    symbol: quantitySymbol(asks, ctx.plan.network.layers.length),
    prompt: promptFor(ctx, asks, given),
    answer: grading.value,
    grading,
    solution: solutionFor(ctx, asks),
    misconceptions: misconceptionsFor(ctx, asks, grading),
  };
}
