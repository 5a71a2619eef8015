/** Questions, answers and reveals: the answer commands, the question and reveal views, the answer key. */
import { z } from 'zod';
import type { Choice, MisconceptionKey, PublicProblem, SolutionStep, Text, VerdictStatus } from '../engine/index.ts';
import { type CloseReason, LIMITS, type ResultStatus } from './constants.ts';
import type { PointMultiplier } from '../question-sets/schema.ts';
import type { DescentView } from './descent.ts';
import type { RelayView } from './relay.ts';
import { id } from './schema-parts.ts';

/** Optional guard: when given, the command applies only to that question (protects against double clicks). */
export const QuestionGuardSchema = z.object({ questionId: id.optional() });
export const NextSchema = z.object({ from: z.enum(['reveal', 'leaderboard']).optional() });
export const SubmitAnswerSchema = z.object({
  questionId: id,
  answer: z.string().max(LIMITS.answerLength),
  /** The step index for a multi-step (chain-steps) question; omit otherwise. */
  step: z.number().int().min(0).max(LIMITS.maxStepIndex).optional(),
});

export type QuestionGuardPayload = z.input<typeof QuestionGuardSchema>;
export type NextPayload = z.input<typeof NextSchema>;
export type SubmitAnswerPayload = z.input<typeof SubmitAnswerSchema>;

/** A player's own answer to the current question, echoed back on a resync. */
export interface CurrentAnswer {
  questionId: string;
  /** One entry per step (one entry for a one-step question); `null` where not answered yet. */
  steps: (string | null)[];
  complete: boolean;
}

export interface VerdictView {
  /** What the player typed (`null`: not answered). */
  answer: string | null;
  status: VerdictStatus | 'none';
  diagnosis: MisconceptionKey | null;
  /** The engine's message (render in the viewer's language); `null` when not answered. */
  message: Text | null;
  /** Multi-step problems: whether the answer follows from the player's own earlier steps. */
  consistent: boolean | null;
  /** Share of the step's points earned, 0..1. */
  credit: number;
}

export interface PointsBreakdown {
  base: number;
  speed: number;
  streak: number;
}

/** A player's own result for one question, sent at the reveal. */
export interface PlayerResult {
  questionId: string;
  status: ResultStatus;
  correct: boolean;
  points: number;
  breakdown: PointsBreakdown;
  /** One per step (one for a one-step question). */
  verdicts: VerdictView[];
  /** Consecutive correct answers after this question. */
  streak: number;
}


export interface AnswerStepKey {
  asks: string;
  symbol: string;
  value: number;
  display: string;
}

/**
 * The interval of final values accepted as correct, and how to show it: `sig` significant figures
 * (`formatInterval(lo, hi, [], sig)`, rounded inwards), the same figures as the distribution's answers, so
 * right and wrong answers never read alike. `base`: for an update w′ = w − η·dL/dw, the old w (the step
 * is `formatStep(base, value, lo, hi)`), else null.
 */
export interface AcceptedInterval {
  lo: number;
  hi: number;
  sig: number;
  base: number | null;
}

/** The answer key, shown at the reveal. */
export interface AnswerKey {
  value: number | string;
  /** As the worked solution shows it (LaTeX-ready plain text). */
  display: string;
  /** The interval accepted as correct (numeric answers): see AcceptedInterval. */
  accepted: AcceptedInterval | null;
  /** Multiple choice: the right choice (the first, when several are right). */
  choice: Choice | null;
  /** Multiple choice: every right choice, in the question's order (any one of them was right); `null` otherwise. */
  choices: Choice[] | null;
  /** A set item's note or explanation (a teacher's text; `$…$` is LaTeX), shown at the reveal only; `null`: none. */
  note: Text | null;
  /** Direction questions: the gradient whose sign decides. */
  decidingValue: number | null;
  /** Multi-step problems: every step's answer. */
  steps: AnswerStepKey[] | null;
}

export interface DistributionEntry {
  /** The answer as typed, normalised (the accepted interval's `sig` significant figures, or the choice id). */
  answer: string;
  status: VerdictStatus;
  count: number;
}

export interface MisconceptionCount {
  key: MisconceptionKey;
  message: Text;
  count: number;
}

export interface StepStats {
  asks: string;
  answered: number;
  correct: number;
  consistent: number;
}

export interface TeamRoundResult {
  teamId: string;
  members: number;
  answered: number;
  correct: number;
  /** Mean points earned this question by the team's members. */
  meanPoints: number;
  /** Team score after this question (mean of the members' scores). */
  score: number;
}

/** How the room answered (host only). */
export interface RevealStats {
  players: number;
  answered: number;
  byStatus: Record<ResultStatus, number>;
  /** Most frequent answers, most frequent first (at most 10). */
  distribution: DistributionEntry[];
  misconceptions: MisconceptionCount[];
  steps: StepStats[] | null;
  teams: TeamRoundResult[] | null;
  averagePoints: number;
}

/** A team's own problem and answer, when per-team variants are on (host only). */
export interface VariantReveal {
  teamId: string;
  problem: PublicProblem;
  answer: AnswerKey;
  solution: SolutionStep[];
  distribution: DistributionEntry[];
}

export interface QuestionView {
  phase: 'question';
  questionId: string;
  /** 0-based. */
  index: number;
  total: number;
  /** The problem without its answer. With variants, a player gets the team's own numbers; the host gets the base problem. */
  problem: PublicProblem;
  /** Multi-step problems: how many steps (answer them in order); `null` otherwise. */
  stepCount: number | null;
  /** This question's own limit (a set's item may have its own); `null`: untimed. */
  timeLimitMs: number | null;
  /** The question's points multiplier: a set's item ×0 (practice, not scored), ×1 or ×2; 1 outside a set. */
  points: PointMultiplier;
  /** Milliseconds left when the server sent this view; `null` when untimed. Frozen while paused. */
  remainingMs: number | null;
  paused: boolean;
  /**
   * A lockstep contest room: this room has closed the question (answers are refused) and waits for the
   * other rooms before its reveal. Absent outside contests.
   */
  held?: boolean;
  variants: boolean;
  /** Relay rounds only. */
  relay: RelayView | null;
  /** Descent Race iterations only (`problem` is then a placeholder to ignore). */
  descent?: DescentView;
}
export interface RevealView {
  phase: 'reveal';
  questionId: string;
  index: number;
  total: number;
  closedBy: CloseReason;
  /** The question's points multiplier, as in the question view. */
  points: PointMultiplier;
  problem: PublicProblem;
  answer: AnswerKey;
  solution: SolutionStep[];
  /** Host only (`null` for players). */
  stats: RevealStats | null;
  /** Host only, when variants are on. */
  variants: VariantReveal[] | null;
  /** Relay rounds only. */
  relay: RelayView | null;
  /** Descent Race iterations only (`problem` is then a placeholder to ignore). */
  descent?: DescentView;
}

export interface SubmitAnswerResult {
  questionId: string;
  step: number | null;
  /** The next step to answer, `null` when the answer is complete. */
  nextStep: number | null;
  /** Whether this answer is final (answers cannot change, or the question closed on it). */
  final: boolean;
  /** The player's answer as the server now holds it (as `me.answer` shows it while the question is open). */
  answer: CurrentAnswer;
}
