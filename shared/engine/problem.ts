import type { MisconceptionKey } from './worked-procedure.ts';
import type { Network, QuantityKey } from './network.ts';
import { type GraphNetwork, graphInputValues } from './graph.ts';
import type { Text } from './text.ts';
import { formatNumber } from './format-number.ts';

export const PROBLEM_KINDS = [
  'forward',
  'local-derivative',
  'chain-gradient',
  'update',
  'deep-chain',
  'activations',
  'cross-entropy',
  'vanishing',
  'direction',
  'chain-steps',
  // Networks that branch (graph.ts)
  'multi-input',
  'path-sum',
  'hidden-layer',
  'branch-steps',
  'gradient-check',
] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];
/** The kinds asked step by step in the chain-steps mode: through a chain, or through a network that branches. */
export const STEP_KINDS: readonly ProblemKind[] = ['chain-steps', 'branch-steps'];

/** What a question can be: a kind the engine generates, or a teacher's own multiple-choice question. */
export type QuestionKind = ProblemKind | 'multiple-choice';

export type Difficulty = 1 | 2 | 3;
export const DIFFICULTIES: readonly Difficulty[] = [1, 2, 3];

/** One line of a worked solution: symbol = formula = substituted numbers ≈ value. */
export interface SolutionStep {
  key: string;
  /** LaTeX of the quantity, e.g. \frac{dL}{dw} */
  symbol: string;
  /** LaTeX of the general formula */
  formula: string;
  /** LaTeX with the numbers substituted */
  substituted: string;
  value: number;
  /** The value as shown (3 significant figures, or enough decimals to show an update's step) */
  display: string;
  why?: Text;
}

export interface NumericGrading {
  type: 'numeric';
  value: number;
  lo: number;
  hi: number;
  /** For w′ and b′: the old parameter, so "close" and tolerance are judged on the step. */
  base?: number;
  /**
   * Wider than [lo, hi]: where an answer lands when the intermediates were rounded to 2 significant
   * figures or truncated. Outside [lo, hi] but inside this, the answer is `close`, "rounded too early".
   * Absent on problems made before it existed, and where it adds nothing or would reach too far.
   */
  early?: { lo: number; hi: number };
}
export interface IntegerGrading {
  type: 'integer';
  value: number;
}
export interface ChoiceGrading {
  type: 'choice';
  /** The right choice (the first, when several are right). */
  value: string;
  /** Every right choice: any one of them is right. Absent: only `value`. */
  accepted?: string[];
}
export type Grading = NumericGrading | IntegerGrading | ChoiceGrading;

export interface Misconception {
  key: MisconceptionKey;
  /** The value a student making this mistake gets (a choice id for multiple choice). */
  value: number | string;
  lo?: number;
  hi?: number;
  message: Text;
}

export interface Choice {
  id: string;
  label: Text;
}

/** A value shown to the student next to the problem (e.g. y ≈ 0.574 from the forward pass). */
export interface GivenValue {
  key: string;
  symbol: string;
  display: string;
}

export type AnswerFormat = 'number' | 'integer' | 'choice';

/** One sub-question of a multi-step problem. */
export interface ProblemStep {
  asks: QuantityKey;
  symbol: string;
  prompt: Text;
  answer: number;
  grading: NumericGrading;
  solution: SolutionStep[];
  misconceptions: Misconception[];
}

export interface Problem {
  kind: QuestionKind;
  difficulty: Difficulty;
  seed: number;
  network?: Network;
  /** A network that branches, for the kinds about several inputs and paths (instead of `network`) */
  graph?: GraphNetwork;
  /** A gradient check: the step h by which w is nudged (public, in the setup too) */
  nudge?: number;
  setup?: Text;
  given: GivenValue[];
  prompt: Text;
  /** A quantity key, `choice`, a named quantity (`factor`, `layers`), or `steps` */
  asks: string;
  /** LaTeX of what is asked */
  symbol: string;
  format: AnswerFormat;
  choices?: Choice[];
  steps?: ProblemStep[];
  /** For steps problems: the last step's answer */
  answer: number | string;
  grading: Grading;
  solution: SolutionStep[];
  misconceptions: Misconception[];
  /** For choice problems: the quantity whose sign decides, so the reveal can show it */
  decidingValue?: number;
  /** Step problems written link by link through dL/dz (the Backprop Relay); absent: as the source text. */
  route?: 'chain';
  /** A teacher's note or explanation, shown at the reveal only (never in the public view). */
  note?: Text;
}

export interface PublicProblemStep {
  asks: QuantityKey;
  symbol: string;
  prompt: Text;
}

/** What a device may see before the reveal: no answer, grading, solution, misconceptions or seed. */
export interface PublicProblem {
  kind: QuestionKind;
  difficulty: Difficulty;
  network?: Network;
  graph?: GraphNetwork;
  nudge?: number;
  setup?: Text;
  given: GivenValue[];
  prompt: Text;
  asks: string;
  symbol: string;
  format: AnswerFormat;
  choices?: Choice[];
  steps?: PublicProblemStep[];
}

// Copied with loops rather than callbacks: every generated draw is checked for leaks through its public view,
// and under tsx each callback made costs a property definition.
export function toPublicProblem(problem: Problem): PublicProblem {
  const view: PublicProblem = {
    kind: problem.kind,
    difficulty: problem.difficulty,
    given: copies(problem.given),
    prompt: problem.prompt,
    asks: problem.asks,
    symbol: problem.symbol,
    format: problem.format,
  };
  if (problem.network) view.network = { ...problem.network, layers: copies(problem.network.layers) };
  if (problem.graph) view.graph = copyGraph(problem.graph);
  if (problem.nudge !== undefined) view.nudge = problem.nudge;
  if (problem.setup) view.setup = problem.setup;
  if (problem.choices) view.choices = copies(problem.choices);
  if (problem.steps) {
    view.steps = [];
    for (const { asks, symbol, prompt } of problem.steps) view.steps.push({ asks, symbol, prompt });
  }
  return view;
}

/** A shallow copy of each item. */
function copies<T extends object>(items: readonly T[]): T[] {
  const out: T[] = [];
  for (const item of items) out.push({ ...item });
  return out;
}

function copyGraph(graph: GraphNetwork): GraphNetwork {
  const neurons: GraphNetwork['neurons'] = [];
  for (const n of graph.neurons) neurons.push({ ...n, inputs: [...n.inputs], w: [...n.w] });
  return { ...graph, x: [...graph.x], neurons };
}

/** The numbers a problem's network is given with: its inputs, weights, biases, y_true and η. */
export function networkInputs(problem: Pick<Problem, 'network' | 'graph' | 'nudge'>): number[] {
  if (problem.graph) return graphInputValues(problem.graph);
  if (!problem.network) return [];
  const { x, target, lr, layers } = problem.network;
  const inputs = [x, target, lr];
  for (const layer of layers) inputs.push(layer.w, layer.b);
  if (problem.nudge !== undefined) inputs.push(problem.nudge);
  return inputs;
}

/**
 * Numbers that must not appear in anything sent before the reveal: every answer
 * (the problem's and each step's) except one that is, by definition, one of the given
 * inputs (dz/dw = x, dz/db = 1), and except whole-number answers (a layer count cannot
 * be told apart from the small integers every problem text contains).
 */
export function secretValues(problem: Problem): number[] {
  const inputs = networkInputs(problem);
  const secrets: number[] = [];
  if (!problem.steps) {
    if (isSecret(problem.answer, inputs)) secrets.push(problem.answer);
  } else for (const step of problem.steps) if (isSecret(step.answer, inputs)) secrets.push(step.answer);
  return secrets;
}

function isSecret(v: number | string, inputs: readonly number[]): v is number {
  return typeof v === 'number' && v !== 1 && !inputs.includes(v) && !Number.isInteger(v);
}

/** Every way the engine or a server writes a secret: full precision, 3 and 4 significant figures, the solution's display. */
export function secretForms(problem: Problem): Set<string> {
  const forms = new Set<string>();
  const updates = new Set<number>();
  for (const step of problem.steps ?? []) if (step.grading.base !== undefined) updates.add(step.answer);
  if (problem.grading.type === 'numeric' && problem.grading.base !== undefined) updates.add(problem.grading.value);
  for (const value of secretValues(problem)) {
    forms.add(String(value));
    // w′ = 0.400276 written with 3 figures is 0.4, the old w: only the step's digits carry the secret.
    if (!updates.has(value)) {
      forms.add(formatNumber(value, 3));
      forms.add(formatNumber(value, 4));
    }
    for (const line of problem.solution) if (line.value === value) forms.add(line.display);
  }
  return forms;
}

/** Number tokens of a text as written (`-0.027`, `9.54e-7`). */
export function numberTokens(text: string): Set<string> {
  return new Set(text.match(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/g) ?? []);
}

const NUMBER_CHAR = /[\d.eE]/;

/** Whether `form` occurs in `text` as a whole number token (not as part of a longer number). */
function containsNumber(text: string, form: string): boolean {
  for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) {
    const before = text[at - 1] ?? ' ';
    const after = text[at + form.length] ?? ' ';
    const startsClean = !NUMBER_CHAR.test(before) && (form.startsWith('-') || before !== '-');
    if (startsClean && !NUMBER_CHAR.test(after)) return true;
  }
  return false;
}

/** Whether some written form of a secret appears as a number in `text` (a JSON frame, say). */
export function revealsSecret(problem: Problem, text: string): boolean {
  for (const form of secretForms(problem)) if (containsNumber(text, form)) return true;
  return false;
}

/**
 * `revealsSecret(problem, JSON.stringify(toPublicProblem(problem)))`, the check every generated draw
 * passes, read off the problem's own fields instead of a copy written out as JSON (escaping LaTeX's
 * backslashes is most of that work). A form is found within one string, number or key of the JSON, never
 * across its punctuation, which is no part of a number; JSON writes each string as it is but for escapes.
 */
export function publicViewRevealsSecret(problem: Problem): boolean {
  const forms: string[] = [];
  for (const form of secretForms(problem)) {
    // A form without a digit could be found in JSON's own words (null, true): search the JSON itself.
    if (!HAS_DIGIT.test(form)) return revealsSecret(problem, JSON.stringify(toPublicProblem(problem)));
    forms.push(form);
  }
  if (forms.length === 0) return false;
  // The fields of toPublicProblem's view, the same values (it copies them shallowly).
  if (textReveals(problem.kind, forms) || numberReveals(problem.difficulty, forms) || valueReveals(problem.given, forms)) return true;
  if (valueReveals(problem.prompt, forms) || textReveals(problem.asks, forms) || textReveals(problem.symbol, forms)) return true;
  if (textReveals(problem.format, forms)) return true;
  if (problem.network && valueReveals(problem.network, forms)) return true;
  if (problem.graph && valueReveals(problem.graph, forms)) return true;
  if (problem.nudge !== undefined && numberReveals(problem.nudge, forms)) return true;
  if (problem.setup && valueReveals(problem.setup, forms)) return true;
  if (problem.choices && valueReveals(problem.choices, forms)) return true;
  if (problem.steps) {
    for (const { asks, symbol, prompt } of problem.steps) {
      if (textReveals(asks, forms) || textReveals(symbol, forms) || valueReveals(prompt, forms)) return true;
    }
  }
  return false;
}

const HAS_DIGIT = /\d/;
/** What JSON.stringify writes as an escape: control characters and lone surrogates (quotes and backslashes stay non-number characters). */
const ESCAPED = /[\u0000-\u001f\ud800-\udfff]/;

function textReveals(text: string, forms: readonly string[]): boolean {
  for (let i = 0; i < forms.length; i++) {
    // An escape ends in a letter or hex digit where the text has a control character, so it can hide a
    // form the text shows (\u000e0.5) but never show one the text hides: only then is the JSON form read.
    if (containsNumber(text, forms[i]!)) return ESCAPED.test(text) ? formsIn(JSON.stringify(text), forms) : true;
  }
  return false;
}

function formsIn(text: string, forms: readonly string[]): boolean {
  for (let i = 0; i < forms.length; i++) if (containsNumber(text, forms[i]!)) return true;
  return false;
}

/** JSON writes a finite number as String does (-0 as 0), any other as null. */
function numberReveals(value: number, forms: readonly string[]): boolean {
  return Number.isFinite(value) && formsIn(String(value), forms);
}

/** Whether a value of the public view, as JSON writes it, holds a form as a number. */
function valueReveals(value: unknown, forms: readonly string[]): boolean {
  if (typeof value === 'string') return textReveals(value, forms);
  if (typeof value === 'number') return numberReveals(value, forms);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (valueReveals(value[i], forms)) return true;
    return false;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const item = record[key];
    // JSON leaves out what it cannot write.
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    if (textReveals(key, forms) || valueReveals(item, forms)) return true;
  }
  return false;
}
