/**
 * Descent Race: "guess, measure the error, adjust, repeat" on a single neuron.
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
import { type Network, evaluateNetwork } from './network.ts';
import { parseNumber } from './parse-answer.ts';
import type { Difficulty, Misconception, NumericGrading } from './problem.ts';
import { createRng, deriveSeed } from './prng.ts';
import { contextFor, intervalFor, runProcedure, valueOf } from './quantity-problem.ts';
import type { MisconceptionKey } from './worked-procedure.ts';
import { NO_MISTAKES, oneMistake } from './worked-procedure.ts';

export const DESCENT_ACTIVATIONS = ['sigmoid', 'linear'] as const;
export type DescentActivation = (typeof DESCENT_ACTIVATIONS)[number];

export interface DescentPoint {
  x: number;
  t: number;
}

export interface DescentParams {
  w: number;
  b: number;
}

export interface PublicDescentTask {
  activation: DescentActivation;
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
}: {
  seed: number;
  difficulty: Difficulty;
  activation: DescentActivation;
}): DescentTask {
  const rng = createRng(deriveSeed(seed, `descent:${activation}:${difficulty}`));
  const count = difficulty === 1 ? rng.int(1, 2) : difficulty === 2 ? rng.int(2, 3) : rng.int(3, 4);
  const hidden = { w: nonZero(() => rng.grid(-2, 2, 0.1)), b: rng.grid(-1, 1, 0.1) };
  const xs = new Set<number>();
  while (xs.size < count) xs.add(nonZero(() => rng.grid(-1.5, 1.5, difficulty === 3 ? 0.05 : 0.1)));
  const points = [...xs].map((x) => ({ x, t: round2(act(activation, hidden.w * x + hidden.b)) }));
  return {
    activation,
    points,
    trainBias: difficulty > 1,
    lrChoices: LR_CHOICES[activation],
    defaultLr: LR_CHOICES[activation][1]!,
    difficulty,
    seed: seed >>> 0,
    hidden,
  };
}

export function toPublicDescentTask(task: DescentTask): PublicDescentTask {
  const { activation, points, trainBias, lrChoices, defaultLr } = task;
  return { activation, points: points.map((p) => ({ ...p })), trainBias, lrChoices: [...lrChoices], defaultLr };
}

/** A team's first guess ("初始猜测"): far enough from the hidden weight that descent has work to do. */
export function initialGuess(task: DescentTask, team: string | number, taken: readonly DescentParams[] = []): DescentParams {
  const rng = createRng(deriveSeed(task.seed, `guess:${team}`));
  // The grid holds a few dozen far-enough guesses: past this many draws, give up on distinct ones.
  for (let draws = 0; ; draws++) {
    const w = rng.grid(-2, 2, 0.1);
    if (Math.abs(w - task.hidden.w) < 0.8) continue;
    const guess = { w, b: task.trainBias ? rng.grid(-1, 1, 0.1) : task.hidden.b };
    if (draws > 200 || !taken.some((t) => t.w === guess.w && t.b === guess.b)) return guess;
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
  points: { x: number; t: number; z: number; y: number }[];
  gradient: DescentParams;
}

/** "计算误差": the team's forward values, mean loss and the true gradient at its parameters. */
export function measure(task: PublicDescentTask, params: DescentParams): DescentMeasurement {
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

export interface DescentGrading {
  w: NumericGrading;
  b: NumericGrading | null;
  misconceptions: { w: Misconception[]; b: Misconception[] };
}

/** Accepted intervals for w′ (and b′) from the team's current parameters and learning rate. */
export function descentGrading(task: PublicDescentTask, params: DescentParams, lr: number): DescentGrading {
  const w = parameterGrading(task, params, lr, 'w');
  const b = task.trainBias ? parameterGrading(task, params, lr, 'b') : null;
  return { w: w.grading, b: b?.grading ?? null, misconceptions: { w: w.misconceptions, b: b?.misconceptions ?? [] } };
}

export interface DescentStepResult {
  w: Verdict;
  b: Verdict | null;
  /** Both submitted parameters are right. */
  correct: boolean;
  /** The parameters the team continues from: what it submitted, right or wrong ("调整参数"). */
  next: DescentParams;
}

/** "调整参数": grade the submitted w′ (and b′) and return what the team continues with. */
export function gradeDescentStep(
  task: PublicDescentTask,
  params: DescentParams,
  lr: number,
  submitted: { w: string; b?: string },
): DescentStepResult {
  const grading = descentGrading(task, params, lr);
  const gradeOne = (raw: string | undefined, numeric: NumericGrading, misconceptions: Misconception[]): Verdict => {
    const parsed = parseNumber(raw ?? '');
    if (!parsed.ok) return { status: 'invalid', message: { key: parsed.reason === 'empty' ? 'invalid.empty' : 'invalid.number' } };
    const display = formatFixed(numeric.value, decimalsFor(numeric.value - numeric.base!, INTERMEDIATE_SIG));
    return gradeNumber(numeric, misconceptions, parsed.value, display);
  };
  const w = gradeOne(submitted.w, grading.w, grading.misconceptions.w);
  const b = grading.b ? gradeOne(submitted.b, grading.b, grading.misconceptions.b) : null;
  const next = {
    w: typeof w.value === 'number' ? w.value : params.w,
    b: b && typeof b.value === 'number' ? b.value : params.b,
  };
  return { w, b, correct: w.status === 'correct' && (b === null || b.status === 'correct'), next };
}

/** L(w) at fixed b, for drawing the loss landscape on the projector. */
export function lossLandscape(task: PublicDescentTask, b: number, from: number, to: number, samples: number): { w: number; loss: number }[] {
  return Array.from({ length: samples }, (_, i) => {
    const w = from + ((to - from) * i) / (samples - 1);
    return { w, loss: measure(task, { w, b }).loss };
  });
}

const GRADIENT_MISTAKES: readonly MisconceptionKey[] = ['sign-flipped', 'forgot-sigma-prime', 'used-y-not-y1my', 'forgot-x'];

function parameterGrading(
  task: PublicDescentTask,
  params: DescentParams,
  lr: number,
  param: 'w' | 'b',
): { grading: NumericGrading; misconceptions: Misconception[] } {
  const base = params[param];
  const target = `dL/d${param}1`;
  /** Mean gradient over the points, following the worked procedure (with one mistake, or none). */
  const meanGradient = (mistake: MisconceptionKey | null): Approx => {
    let v = 0;
    let e = 0;
    for (const point of task.points) {
      const ctx = contextFor(pointNetwork(task, params, point, lr));
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
  for (const mistake of GRADIENT_MISTAKES) candidates.push([mistake, update(meanGradient(mistake))]);

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
