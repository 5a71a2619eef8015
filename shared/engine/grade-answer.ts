/**
 * Fair grading: parse what a phone typed, accept honest rounding (the interval from
 * the worked procedure), name a classic mistake when the value matches one, and for
 * multi-step problems grade each step against the student's own earlier answers too.
 */
import { problemContext } from './problem-context.ts';
import { formatInterval, formatNumber, formatStep, latexNumber } from './format-number.ts';
import { parseInteger, parseNumber } from './parse-answer.ts';
import type { Misconception, NumericGrading, Problem, ProblemStep } from './problem.ts';
import { intervalFor, misconceptionsFor, runProcedure, valueOf } from './quantity-problem.ts';
import type { Text } from './text.ts';
import type { MisconceptionKey } from './worked-procedure.ts';

export const VERDICT_STATUSES = ['correct', 'close', 'wrong', 'invalid'] as const;
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];

export interface Verdict {
  status: VerdictStatus;
  /** The parsed answer (a number, or a choice id). */
  value?: number | string;
  diagnosis?: MisconceptionKey;
  message: Text;
  /** Multi-step problems: whether the answer follows from the student's own earlier steps. */
  consistent?: boolean;
}

export interface GradeContext {
  /** Index of the step being answered, for multi-step problems. */
  step?: number;
  /** The student's answers to earlier steps, by quantity key (error carried forward). */
  earlier?: Readonly<Record<string, number>>;
}

/** "Close": right sign and within a factor of two of the right move. */
const CLOSE_RATIO: readonly [number, number] = [0.5, 2];

function inInterval(value: number, lo: number, hi: number): boolean {
  return value >= lo && value <= hi;
}

function matchMisconception(misconceptions: readonly Misconception[], value: number | string): Misconception | undefined {
  for (const m of misconceptions) {
    const matches = typeof value === 'string' || m.lo === undefined || m.hi === undefined ? m.value === value : inInterval(value, m.lo, m.hi);
    if (matches) return m;
  }
  return undefined;
}

const POWERS_OF_TEN = [10, 100, 1000, 0.1, 0.01, 0.001];

/**
 * Slips an answer shows by itself, whatever the problem: the right digits with the decimal point
 * moved, the right size with the other sign, or the intermediates rounded too early. For an update
 * they are read on the step (w − w′), and the point also on the value as typed.
 */
function slipOf(grading: NumericGrading, value: number): MisconceptionKey | null {
  const base = grading.base ?? 0;
  const [lo, hi, moved] = [grading.lo - base, grading.hi - base, value - base];
  if (moved !== 0 && inInterval(-moved, lo, hi)) return 'wrong-sign';
  for (const k of POWERS_OF_TEN) {
    if (inInterval(moved * k, lo, hi)) return 'decimal-point';
    if (grading.base !== undefined && inInterval(value * k, grading.lo, grading.hi)) return 'decimal-point';
  }
  if (grading.early && inInterval(value, grading.early.lo, grading.early.hi)) return 'rounded-early';
  return null;
}

function latexOf(value: number): string {
  return latexNumber(formatNumber(value, 4));
}

export function gradeNumber(
  grading: NumericGrading,
  misconceptions: readonly Misconception[],
  value: number,
  answerDisplay: string,
): Verdict {
  if (inInterval(value, grading.lo, grading.hi)) return { status: 'correct', value, message: { key: 'verdict.correct' } };
  const mistake = matchMisconception(misconceptions, value);
  if (mistake) return { status: 'wrong', value, diagnosis: mistake.key, message: mistake.message };
  const slip = slipOf(grading, value);
  if (slip) return { status: slip === 'rounded-early' ? 'close' : 'wrong', value, diagnosis: slip, message: { key: `diagnosis.${slip}` } };
  const base = grading.base ?? 0;
  const ratio = (value - base) / (grading.value - base);
  if (ratio >= CLOSE_RATIO[0] && ratio <= CLOSE_RATIO[1]) {
    // The range as every screen shows it (rounded inwards), with figures that put this answer outside it.
    const shown = formatInterval(grading.lo, grading.hi, [value]);
    const params: Record<string, string> = { given: latexNumber(formatNumber(value, 10)), lo: latexNumber(shown.lo), hi: latexNumber(shown.hi) };
    if (grading.base === undefined) return { status: 'close', value, message: { key: 'verdict.close', params } };
    // An update is judged on its step, which is why a w′ right to three decimals can still be off.
    const { step, tolerance } = formatStep(grading.base, grading.value, grading.lo, grading.hi);
    params.step = latexNumber(step);
    params.tolerance = latexNumber(tolerance);
    params.yours = latexNumber(formatNumber(grading.base - value, 3));
    return { status: 'close', value, message: { key: 'verdict.close-step', params } };
  }
  return { status: 'wrong', value, message: { key: 'verdict.wrong', params: { answer: answerDisplay } } };
}

function invalid(key: 'invalid.empty' | 'invalid.number' | 'invalid.integer' | 'invalid.choice' | 'invalid.step'): Verdict {
  return { status: 'invalid', message: { key } };
}

function displayOf(problem: Pick<Problem | ProblemStep, 'solution'>, key: string, fallback: number): string {
  for (const line of problem.solution) if (line.key === key) return latexNumber(line.display);
  return latexNumber(formatNumber(fallback, 4));
}

function gradeStep(problem: Problem, index: number, raw: string, earlier: Readonly<Record<string, number>>): Verdict {
  const step = problem.steps![index];
  if (!step) return invalid('invalid.step');
  const parsed = parseNumber(raw);
  if (!parsed.ok) return invalid(parsed.reason === 'empty' ? 'invalid.empty' : 'invalid.number');
  const display = displayOf(step, step.asks, step.answer);
  const truthVerdict = gradeNumber(step.grading, step.misconceptions, parsed.value, display);

  // Error carried forward: recompute this step from the student's own earlier answers.
  const overrides = new Map<string, number>();
  for (const earlierStep of problem.steps!.slice(0, index)) {
    const own = earlier[earlierStep.asks];
    if (own !== undefined && Number.isFinite(own)) overrides.set(earlierStep.asks, own);
  }
  // Verdicts are fresh objects: `consistent` is set on them rather than spread into a copy (on Node 20 a
  // key added after a spread takes a slow path costing about a microsecond).
  const ctx = overrides.size === 0 ? null : problemContext(problem);
  if (!ctx) return withConsistent(truthVerdict, truthVerdict.status === 'correct');

  const ownValues = runProcedure(ctx, step.asks, undefined, overrides);
  const result = valueOf(ctx, ownValues, step.asks);
  const ownGrading: NumericGrading = { type: 'numeric', value: result.v, ...intervalFor(result, step.grading.base) };
  if (step.grading.base !== undefined) ownGrading.base = step.grading.base;
  const consistent = inInterval(parsed.value, ownGrading.lo, ownGrading.hi);
  if (truthVerdict.status === 'correct') return withConsistent(truthVerdict, consistent);
  if (consistent) {
    // This step was done right from the student's own inputs: the mistake lies upstream, so a
    // diagnosis that merely matches this value would blame the wrong step.
    return { status: truthVerdict.status, value: truthVerdict.value, message: { key: 'verdict.consistent', params: { answer: display } }, consistent };
  }
  if (problem.route !== 'chain') return withConsistent(truthVerdict, consistent);
  // A relay link is one multiplication of the value its holder received: neither right nor right from
  // what was received, the mistake is in that multiplication. Only a mistake made on the received value
  // can be named (the truth's catalogue also holds every upstream link's mistake, whose value may happen
  // to lie near this one), and "close" is judged against what this link should have sent.
  const ownMistakes = misconceptionsFor(ctx, step.asks, ownGrading, ownValues, overrides);
  return withConsistent(gradeNumber(ownGrading, ownMistakes, parsed.value, display), consistent);
}

function withConsistent(verdict: Verdict, consistent: boolean): Verdict {
  verdict.consistent = consistent;
  return verdict;
}

export function gradeAnswer(problem: Problem, raw: string, context: GradeContext = {}): Verdict {
  if (typeof raw !== 'string') return invalid('invalid.number');
  if (problem.steps) return gradeStep(problem, context.step ?? problem.steps.length - 1, raw, context.earlier ?? {});
  const { grading } = problem;
  switch (grading.type) {
    case 'numeric': {
      const parsed = parseNumber(raw);
      if (!parsed.ok) return invalid(parsed.reason === 'empty' ? 'invalid.empty' : 'invalid.number');
      return gradeNumber(grading, problem.misconceptions, parsed.value, displayOf(problem, problem.asks, grading.value));
    }
    case 'integer': {
      const parsed = parseInteger(raw);
      if (!parsed.ok) return invalid(parsed.reason === 'empty' ? 'invalid.empty' : 'invalid.integer');
      if (parsed.value === grading.value) return { status: 'correct', value: parsed.value, message: { key: 'verdict.correct' } };
      const mistake = matchMisconception(problem.misconceptions, parsed.value);
      if (mistake) return { status: 'wrong', value: parsed.value, diagnosis: mistake.key, message: mistake.message };
      return { status: 'wrong', value: parsed.value, message: { key: 'verdict.wrong', params: { answer: String(grading.value) } } };
    }
    case 'choice': {
      const id = raw.normalize('NFKC').trim().toLowerCase();
      if (!problem.choices?.some((c) => c.id === id)) return invalid('invalid.choice');
      // A teacher's question may have several right choices: any one of them is right.
      if (id === grading.value || grading.accepted?.includes(id)) return { status: 'correct', value: id, message: { key: 'verdict.correct' } };
      const mistake = matchMisconception(problem.misconceptions, id);
      if (mistake) return { status: 'wrong', value: id, diagnosis: mistake.key, message: mistake.message };
      return { status: 'wrong', value: id, message: { key: 'verdict.wrong-choice' } };
    }
    default: {
      const never: never = grading;
      throw new Error(`unknown grading ${String(never)}`);
    }
  }
}

export { latexOf as answerLatex };
