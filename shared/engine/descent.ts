/**
 * Descent Race: "guess, measure the error, adjust, repeat" on a single neuron, with one input
 * (z = w·x + b) or, as an option at difficulty 3, two (z = w₁x₁ + w₂x₂ + b).
 *
 * A hidden w*, b* made a small data set; each team starts from its own guess, the
 * server measures the team's loss, the team submits adjusted parameters, and the
 * submitted values are used even when wrong, so the loss curve shows the consequence.
 * Loss is the mean over the points of ½(y − t)²; the gradient comes from the autodiff
 * of each point's network, and the tolerance from the worked procedure, as elsewhere.
 */
import { type Approx, INTERMEDIATE_SIG } from './approx.ts';
import { formatFixed, decimalsFor } from './format-number.ts';
import { type Verdict, gradeNumber } from './grade-answer.ts';
import { type GraphNetwork, evaluateGraph } from './graph.ts';
import { graphContextFor } from './graph-procedure.ts';
import { type Network, evaluateNetwork } from './network.ts';
import { parseNumber } from './parse-answer.ts';
import type { Difficulty, Misconception, NumericGrading } from './problem.ts';
import { type Rng, createRng, deriveSeed } from './prng.ts';
import { contextFor, intervalFor, runProcedure, valueOf } from './quantity-problem.ts';
import type { MisconceptionKey } from './worked-procedure.ts';
import { NO_MISTAKES, oneMistake } from './worked-procedure.ts';

export const DESCENT_ACTIVATIONS = ['sigmoid', 'linear'] as const;
export type DescentActivation = (typeof DESCENT_ACTIVATIONS)[number];

/** How many inputs the neuron has: `x` alone, or `x` (x₁) and `x2` (x₂). */
export const DESCENT_INPUTS = [1, 2] as const;
export type DescentInputs = (typeof DESCENT_INPUTS)[number];

export interface DescentPoint {
  /** The input; x₁ when the neuron has two. */
  x: number;
  /** x₂: two-input tasks only. */
  x2?: number;
  t: number;
}

export interface DescentParams {
  /** The weight; w₁ when the neuron has two inputs. */
  w: number;
  /** w₂: two-input tasks only. */
  w2?: number;
  b: number;
}

/** The parameters a step adjusts, in the order a phone asks for them. */
export type DescentParam = 'w' | 'w2' | 'b';

export interface PublicDescentTask {
  activation: DescentActivation;
  /** `2`: the neuron is z = w₁x₁ + w₂x₂ + b (points carry `x2`, parameters `w2`). Absent: one input. */
  inputs?: 2;
  points: DescentPoint[];
  /** Difficulty 2 and 3 train b too; at 1, b stays at its given value. */
  trainBias: boolean;
  /** Learning rates a team may choose from (the host may fix one instead). */
  lrChoices: number[];
  defaultLr: number;
}

export interface DescentTask extends PublicDescentTask {
  difficulty: Difficulty;
  seed: number;
  /** The parameters that made the data (secret until the end). */
  hidden: DescentParams;
}

const LR_CHOICES: Record<DescentActivation, number[]> = {
  // A sigmoid's gradients are small (σ′ ≤ 0.25), so useful steps need larger η; the largest choice overshoots.
  sigmoid: [0.5, 1, 3, 10],
  linear: [0.05, 0.1, 0.3, 1],
};

export function generateDescentTask({
  seed,
  difficulty,
  activation,
  inputs = 1,
}: {
  seed: number;
  difficulty: Difficulty;
  activation: DescentActivation;
  inputs?: DescentInputs;
}): DescentTask {
  // A task of its own, on a seed of its own: the one-input draws below stay as they always were.
  if (inputs === 2) return generateTwoInputTask(seed, difficulty, activation);
  const rng = createRng(deriveSeed(seed, `descent:${activation}:${difficulty}`));
  const count = difficulty === 1 ? rng.int(1, 2) : difficulty === 2 ? rng.int(2, 3) : rng.int(3, 4);
  const hidden = { w: nonZero(() => rng.grid(-2, 2, 0.1)), b: rng.grid(-1, 1, 0.1) };
  const xs = new Set<number>();
  while (xs.size < count) xs.add(nonZero(() => rng.grid(-1.5, 1.5, difficulty === 3 ? 0.05 : 0.1)));
  const points = [...xs].map((x) => ({ x, t: round2(act(activation, hidden.w * x + hidden.b)) }));
  return taskOf(activation, null, points, difficulty, seed, hidden);
}

/** A task from its draws; `inputs` only on a two-input task, so a one-input task is what it always was. */
function taskOf(activation: DescentActivation, inputs: 2 | null, points: DescentPoint[], difficulty: Difficulty, seed: number, hidden: DescentParams): DescentTask {
  return {
    activation,
    ...(inputs === null ? {} : { inputs }),
    points,
    trainBias: difficulty > 1,
    lrChoices: LR_CHOICES[activation],
    defaultLr: LR_CHOICES[activation][1]!,
    difficulty,
    seed: seed >>> 0,
    hidden,
  };
}

/**
 * Two inputs: 3–4 points (x₁, x₂) on a 0.1 grid, x₁ and x₂ of each point at least 0.2 apart
 * (equal inputs would hide "paired the weight with the wrong input"), and spread enough that
 * the data pins down w₁, w₂ and b (the points' (x₁, x₂, 1) rows far from dependent: one valley).
 */
function generateTwoInputTask(seed: number, difficulty: Difficulty, activation: DescentActivation): DescentTask {
  const rng = createRng(deriveSeed(seed, `descent:${activation}:${difficulty}:inputs2`));
  const count = rng.int(3, 4);
  for (;;) {
    const hidden = { w: nonZero(() => rng.grid(-2, 2, 0.1)), w2: nonZero(() => rng.grid(-2, 2, 0.1)), b: rng.grid(-1, 1, 0.1) };
    const points: DescentPoint[] = [];
    while (points.length < count) {
      const x = nonZero(() => rng.grid(-1.5, 1.5, 0.1));
      const x2 = nonZero(() => rng.grid(-1.5, 1.5, 0.1));
      if (Math.abs(x - x2) < 0.2 || points.some((p) => p.x === x && p.x2 === x2)) continue;
      points.push({ x, x2, t: round2(act(activation, hidden.w * x + hidden.w2 * x2 + hidden.b)) });
    }
    // A sigmoid target at 0 or 1 (rounded) has no finite z: the valley would run off to infinity.
    if (activation === 'sigmoid' && points.some((p) => p.t < 0.05 || p.t > 0.95)) continue;
    if (spread(points) < 0.05) continue;
    return taskOf(activation, 2, points, difficulty, seed, hidden);
  }
}

/** det(XᵀX)/n³ for the rows (x₁, x₂, 1): 0 when the points lie on one line of the (x₁, x₂) plane. */
function spread(points: readonly DescentPoint[]): number {
  const rows = points.map((p) => [p.x, p.x2!, 1]);
  const m = [0, 1, 2].map((i) => [0, 1, 2].map((j) => rows.reduce((sum, r) => sum + r[i]! * r[j]!, 0)));
  const [a, b, c] = m as [number[], number[], number[]];
  const det = a[0]! * (b[1]! * c[2]! - b[2]! * c[1]!) - a[1]! * (b[0]! * c[2]! - b[2]! * c[0]!) + a[2]! * (b[0]! * c[1]! - b[1]! * c[0]!);
  return det / points.length ** 3;
}

export function toPublicDescentTask(task: DescentTask): PublicDescentTask {
  const { activation, points, trainBias, lrChoices, defaultLr } = task;
  const rest = { points: points.map((p) => ({ ...p })), trainBias, lrChoices: [...lrChoices], defaultLr };
  // `inputs` only on a two-input task: a one-input task's view is what it always was.
  return task.inputs === 2 ? { activation, inputs: 2, ...rest } : { activation, ...rest };
}

/** Whether the task's neuron has two inputs (x₁, x₂ and w₁, w₂). */
export function hasTwoInputs(task: Pick<PublicDescentTask, 'inputs'>): boolean {
  return task.inputs === 2;
}

/** The parameters a step of this task adjusts: w (w₁, w₂ with two inputs), and b when it is trained. */
export function descentParams(task: Pick<PublicDescentTask, 'inputs' | 'trainBias'>): DescentParam[] {
  return [...(hasTwoInputs(task) ? (['w', 'w2'] as const) : (['w'] as const)), ...(task.trainBias ? (['b'] as const) : [])];
}

/** A team's first guess ("初始猜测"): far enough from the hidden weight that descent has work to do. */
export function initialGuess(task: DescentTask, team: string | number, taken: readonly DescentParams[] = []): DescentParams {
  const rng = createRng(deriveSeed(task.seed, `guess:${team}`));
  if (hasTwoInputs(task)) return twoInputGuess(task, rng, taken);
  // The grid holds a few dozen far-enough guesses: past this many draws, give up on distinct ones.
  for (let draws = 0; ; draws++) {
    const w = rng.grid(-2, 2, 0.1);
    if (Math.abs(w - task.hidden.w) < 0.8) continue;
    const guess = { w, b: task.trainBias ? rng.grid(-1, 1, 0.1) : task.hidden.b };
    if (draws > 200 || !taken.some((t) => t.w === guess.w && t.b === guess.b)) return guess;
  }
}

/** Two weights: the guess at least 1 away from (w₁*, w₂*) in the plane, so the valley is a walk away. */
function twoInputGuess(task: DescentTask, rng: Rng, taken: readonly DescentParams[]): DescentParams {
  for (let draws = 0; ; draws++) {
    const w = rng.grid(-2, 2, 0.1);
    const w2 = rng.grid(-2, 2, 0.1);
    if (Math.hypot(w - task.hidden.w, w2 - task.hidden.w2!) < 1) continue;
    const guess = { w, w2, b: task.trainBias ? rng.grid(-1, 1, 0.1) : task.hidden.b };
    if (draws > 200 || !taken.some((t) => t.w === guess.w && t.w2 === guess.w2 && t.b === guess.b)) return guess;
  }
}

/**
 * Every team's first guess, in the order given: each from the team's own seed, drawn again
 * while it equals an earlier team's (independent draws from the grid would often give two
 * teams the same start, and the race would not show that each team descends its own way).
 */
export function initialGuesses(task: DescentTask, teams: readonly (string | number)[]): DescentParams[] {
  const guesses: DescentParams[] = [];
  for (const team of teams) guesses.push(initialGuess(task, team, guesses));
  return guesses;
}

export interface DescentMeasurement {
  loss: number;
  points: { x: number; x2?: number; t: number; z: number; y: number }[];
  gradient: DescentParams;
}

/** "计算误差": the team's forward values, mean loss and the true gradient at its parameters. */
export function measure(task: PublicDescentTask, params: DescentParams): DescentMeasurement {
  if (hasTwoInputs(task)) return measureTwoInputs(task, params);
  let loss = 0;
  const gradient = { w: 0, b: 0 };
  const points = task.points.map((point) => {
    const q = evaluateNetwork(pointNetwork(task, params, point, 0));
    loss += q.L! / task.points.length;
    gradient.w += q['dL/dw1']! / task.points.length;
    gradient.b += q['dL/db1']! / task.points.length;
    return { ...point, z: q.z1!, y: q.y! };
  });
  return { loss, points, gradient };
}

/** Two inputs: each point's network is the graph z = w₁x₁ + w₂x₂ + b, read off one autodiff tape. */
function measureTwoInputs(task: PublicDescentTask, params: DescentParams): DescentMeasurement {
  let loss = 0;
  const gradient = { w: 0, w2: 0, b: 0 };
  const n = task.points.length;
  const points = task.points.map((point) => {
    const q = evaluateGraph(pointGraph(task, params, point, 0));
    loss += q.L! / n;
    gradient.w += q[`dL/d${TWO_INPUT_KEYS.w}`]! / n;
    gradient.w2 += q[`dL/d${TWO_INPUT_KEYS.w2}`]! / n;
    gradient.b += q[`dL/d${TWO_INPUT_KEYS.b}`]! / n;
    return { ...point, z: q.z1!, y: q.y! };
  });
  return { loss, points, gradient };
}

/** The mean loss alone, in closed form (no tape): what a chart samples thousands of times. */
export function lossAt(task: PublicDescentTask, params: DescentParams): number {
  let loss = 0;
  for (const p of task.points) {
    const z = params.w * p.x + (p.x2 === undefined ? 0 : (params.w2 ?? 0) * p.x2) + params.b;
    loss += 0.5 * (act(task.activation, z) - p.t) ** 2;
  }
  return loss / task.points.length;
}

export interface DescentGrading {
  w: NumericGrading;
  /** Two-input tasks only. */
  w2: NumericGrading | null;
  b: NumericGrading | null;
  misconceptions: { w: Misconception[]; w2: Misconception[]; b: Misconception[] };
}

/** Accepted intervals for w′ (w₂′, b′) from the team's current parameters and learning rate. */
export function descentGrading(task: PublicDescentTask, params: DescentParams, lr: number): DescentGrading {
  const w = parameterGrading(task, params, lr, 'w');
  const w2 = hasTwoInputs(task) ? parameterGrading(task, params, lr, 'w2') : null;
  const b = task.trainBias ? parameterGrading(task, params, lr, 'b') : null;
  return {
    w: w.grading,
    w2: w2?.grading ?? null,
    b: b?.grading ?? null,
    misconceptions: { w: w.misconceptions, w2: w2?.misconceptions ?? [], b: b?.misconceptions ?? [] },
  };
}

export interface DescentStepResult {
  w: Verdict;
  /** Two-input tasks only. */
  w2: Verdict | null;
  b: Verdict | null;
  /** Every submitted parameter is right. */
  correct: boolean;
  /** The parameters the team continues from: what it submitted, right or wrong ("调整参数"). */
  next: DescentParams;
}

/** "调整参数": grade the submitted w′ (w₂′, b′) and return what the team continues with. */
export function gradeDescentStep(
  task: PublicDescentTask,
  params: DescentParams,
  lr: number,
  submitted: { w: string; w2?: string; b?: string },
): DescentStepResult {
  const grading = descentGrading(task, params, lr);
  const gradeOne = (raw: string | undefined, numeric: NumericGrading, misconceptions: Misconception[]): Verdict => {
    const parsed = parseNumber(raw ?? '');
    if (!parsed.ok) return { status: 'invalid', message: { key: parsed.reason === 'empty' ? 'invalid.empty' : 'invalid.number' } };
    const display = formatFixed(numeric.value, decimalsFor(numeric.value - numeric.base!, INTERMEDIATE_SIG));
    return gradeNumber(numeric, misconceptions, parsed.value, display);
  };
  const w = gradeOne(submitted.w, grading.w, grading.misconceptions.w);
  const w2 = grading.w2 ? gradeOne(submitted.w2, grading.w2, grading.misconceptions.w2) : null;
  const b = grading.b ? gradeOne(submitted.b, grading.b, grading.misconceptions.b) : null;
  const nextW = typeof w.value === 'number' ? w.value : params.w;
  const nextB = b && typeof b.value === 'number' ? b.value : params.b;
  // A one-input step keeps its `{ w, b }` shape: its journals and reports read as before.
  const next: DescentParams = w2 ? { w: nextW, w2: typeof w2.value === 'number' ? w2.value : params.w2!, b: nextB } : { w: nextW, b: nextB };
  const correct = [w, w2, b].every((v) => v === null || v.status === 'correct');
  return { w, w2, b, correct, next };
}

/** L(w) at fixed b, for drawing the loss landscape on the projector. */
export function lossLandscape(task: PublicDescentTask, b: number, from: number, to: number, samples: number): { w: number; loss: number }[] {
  return Array.from({ length: samples }, (_, i) => {
    const w = from + ((to - from) * i) / (samples - 1);
    return { w, loss: measure(task, { w, b }).loss };
  });
}

/**
 * L(w₁, w₂) at a fixed b on an n×n grid over [w1From, w1To] × [w2From, w2To], for the projector's
 * map of a two-input task: `rows[j][i]` is the loss at w₁ = the i-th column, w₂ = the j-th row.
 */
export function lossSurface(
  task: PublicDescentTask,
  b: number,
  w1: readonly [number, number],
  w2: readonly [number, number],
  samples: number,
): { w1: number[]; w2: number[]; rows: number[][] } {
  const axis = ([from, to]: readonly [number, number]) => Array.from({ length: samples }, (_, i) => from + ((to - from) * i) / (samples - 1));
  const xs = axis(w1);
  const ys = axis(w2);
  return { w1: xs, w2: ys, rows: ys.map((v2) => xs.map((v1) => lossAt(task, { w: v1, w2: v2, b }))) };
}

// With two inputs, dz/dw₁ taken as x₂ (and dz/dw₂ as x₁) is the pairing mistake the graph kinds name.
const GRADIENT_MISTAKES: readonly MisconceptionKey[] = ['sign-flipped', 'forgot-sigma-prime', 'used-y-not-y1my', 'forgot-x'];
const TWO_INPUT_MISTAKES: readonly MisconceptionKey[] = [...GRADIENT_MISTAKES, 'swapped-inputs'];

/** The graph's keys of a two-input neuron's parameters (graph.ts: `w1_1`, `w1_2`, `b1`). */
const TWO_INPUT_KEYS: Record<DescentParam, string> = { w: 'w1_1', w2: 'w1_2', b: 'b1' };

function parameterGrading(
  task: PublicDescentTask,
  params: DescentParams,
  lr: number,
  param: DescentParam,
): { grading: NumericGrading; misconceptions: Misconception[] } {
  const two = hasTwoInputs(task);
  const base = params[param]!;
  const target = two ? `dL/d${TWO_INPUT_KEYS[param]}` : `dL/d${param}1`;
  /** Mean gradient over the points, following the worked procedure (with one mistake, or none). */
  const meanGradient = (mistake: MisconceptionKey | null): Approx => {
    let v = 0;
    let e = 0;
    for (const point of task.points) {
      const ctx = two ? graphContextFor(pointGraph(task, params, point, lr)) : contextFor(pointNetwork(task, params, point, lr));
      const result = valueOf(ctx, runProcedure(ctx, target, mistake ? oneMistake(mistake) : NO_MISTAKES), target);
      v += result.v / task.points.length;
      // Each point's gradient is written down with 3 significant figures before averaging.
      e += (result.e + halfUnit3(result.v)) / task.points.length;
    }
    return { v, e };
  };
  const update = (g: Approx, step = lr, sign = -1): Approx => ({ v: base + sign * step * g.v, e: step * g.e });
  const truth = update(meanGradient(null));
  const { lo, hi } = intervalFor(truth, base);
  const grading: NumericGrading = { type: 'numeric', value: truth.v, lo, hi, base };

  const candidates: [MisconceptionKey, Approx][] = [
    ['added-step', update(meanGradient(null), lr, 1)],
    ['forgot-lr', update(meanGradient(null), 1)],
    ['no-update', { v: base, e: 0 }],
  ];
  if (task.points.length > 1) {
    const g = meanGradient(null);
    candidates.push(['summed-not-averaged', update({ v: g.v * task.points.length, e: g.e * task.points.length })]);
  }
  for (const mistake of two ? TWO_INPUT_MISTAKES : GRADIENT_MISTAKES) candidates.push([mistake, update(meanGradient(mistake))]);

  const misconceptions: Misconception[] = [];
  for (const [key, result] of candidates) {
    if (!Number.isFinite(result.v)) continue;
    const interval = intervalFor(result, base);
    const overlaps = [grading, ...misconceptions].some((m) => interval.lo <= m.hi! && interval.hi >= m.lo!);
    if (!overlaps) misconceptions.push({ key, value: result.v, ...interval, message: { key: `diagnosis.${key}` } });
  }
  return { grading, misconceptions };
}

function pointNetwork(task: PublicDescentTask, params: DescentParams, point: DescentPoint, lr: number): Network {
  return { x: point.x, layers: [{ w: params.w, b: params.b, activation: task.activation }], loss: 'mse', target: point.t, lr };
}

function pointGraph(task: PublicDescentTask, params: DescentParams, point: DescentPoint, lr: number): GraphNetwork {
  return {
    shape: 'multi-input',
    x: [point.x, point.x2!],
    neurons: [{ id: '1', inputs: ['x1', 'x2'], w: [params.w, params.w2!], b: params.b, activation: task.activation }],
    loss: 'mse',
    target: point.t,
    lr,
  };
}

function act(activation: DescentActivation, z: number): number {
  return activation === 'sigmoid' ? 1 / (1 + Math.exp(-z)) : z;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

function halfUnit3(v: number): number {
  return v === 0 || !Number.isFinite(v) ? 0 : 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(v))) - INTERMEDIATE_SIG + 1);
}

function nonZero(draw: () => number): number {
  for (;;) {
    const v = draw();
    if (v !== 0) return v;
  }
}
