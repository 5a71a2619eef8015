/**
 * Quiz and Chain Steps: every player answers the question on their own phone (with variants,
 * the team's own numbers), a chain-steps problem step by step, each step graded against the
 * player's own earlier answers (error carried forward). Scored by server/room/scoring.ts.
 */
import {
  type Difficulty,
  type Problem,
  type QuestionKind,
  deriveSeed,
  generateProblem,
  gradeAnswer,
} from '../../../shared/engine/index.ts';
import { type CurrentAnswer, ERROR_CODES, type PlayerResult } from '../../../shared/protocol/index.ts';
import { type SetItem, problemForItem } from '../../../shared/question-sets/index.ts';
import { type StepGrade, resultStatus, scoreAnswer, verdictView } from '../../room/scoring.ts';
import {
  type Closing,
  type Opening,
  type RoundContext,
} from '../mode.ts';
import {
  type PlayerState,
  type QuestionState,
  type Refusal,
  type RoomState,
  type StepSubmission,
  type Submission,
  type TransitionResult,
  completeCount,
  done,
  fail,
  indexOfPlayers,
  isComplete,
  problemFor,
  remainingAt,
  multiplierOf,
  setItemOf,
  stepCountOf,
  withFallbackSeeds,
} from '../../room/state.ts';

export type QuizEvent = { type: 'answer:submit'; questionId: string; answer: string; step?: number | null };
export interface QuizReplies {
  'answer:submit': { questionId: string; step: number | null; nextStep: number | null; final: boolean; answer: CurrentAnswer };
}

/**
 * Question i's problem uses deriveSeed(roomSeed, i); a team's variant deriveSeed(roomSeed, `${i}:${teamId}`).
 * Should the engine ever fail to find acceptable numbers for a seed, the next seed of a fixed sequence is used.
 */
export function generateFor(seed: number, kind: QuestionKind, difficulty: Difficulty): Problem {
  // Only a set's item makes an authored question (openItem); a plan without items names generatable kinds.
  if (kind === 'multiple-choice') throw new Error('a multiple-choice question comes from its set item');
  return withFallbackSeeds(seed, (s) => generateProblem({ kind, seed: s, difficulty }));
}

export function openQuiz(state: RoomState, index: number): Opening {
  const item = setItemOf(state, index);
  if (item) return openItem(state, index, item);
  const { kind, difficulty } = state.plan[index]!;
  const make = (seed: number) => generateFor(seed, kind, difficulty);
  const variants =
    state.config.teams?.variants && state.teams.length > 0
      ? Object.fromEntries(state.teams.map((t) => [t.id, make(deriveSeed(state.seed, `${index}:${t.id}`))]))
      : null;
  return { problem: make(deriveSeed(state.seed, index)), variants, part: {} };
}

/**
 * A set's item: its problem from the question seed; per-team variants for a generated item when the
 * room's variants are on, for an authored numeric item when the item asks for them.
 */
function openItem(state: RoomState, index: number, item: SetItem): Opening {
  const seed = deriveSeed(state.seed, index);
  const make = (variant: string | null) => problemForItem(item, { seed, variant });
  const wantsVariants = item.type === 'generated' ? Boolean(state.config.teams?.variants) : item.type === 'numeric' && item.variants;
  const variants =
    wantsVariants && state.config.teams && state.teams.length > 0
      ? Object.fromEntries(state.teams.map((t) => [t.id, make(t.id)]))
      : null;
  return { problem: make(null), variants, part: {} };
}

function earlierValues(problem: Problem, steps: readonly (StepSubmission | null)[], index: number): Record<string, number> {
  const earlier: Record<string, number> = {};
  for (let j = 0; j < index; j++) {
    const own = steps[j];
    const asks = problem.steps?.[j]?.asks;
    if (own && asks !== undefined && typeof own.value === 'number') earlier[asks] = own.value;
  }
  return earlier;
}

/** Regrade steps from `from` on against the player's own earlier answers (error carried forward). */
function gradeSteps(problem: Problem, steps: (StepSubmission | null)[], from: number): (StepSubmission | null)[] {
  const out = steps.slice();
  for (let i = Math.max(1, from); i < out.length; i++) {
    const step = out[i];
    if (!step) continue;
    const verdict = gradeAnswer(problem, step.raw, { step: i, earlier: earlierValues(problem, out, i) });
    if (verdict.status === 'invalid') continue;
    out[i] = { ...step, status: verdict.status, diagnosis: verdict.diagnosis ?? null, message: verdict.message, consistent: verdict.consistent ?? null };
  }
  return out;
}

/** Where the answer goes: the problem the player answers and the step, with what they answered before. */
function target(ctx: RoundContext, e: QuizEvent) {
  const { player, question } = ctx;
  const previous = question.submissions[player.id];
  const variant = previous?.variant ?? (question.variants ? player.teamId : null);
  const problem = problemFor(question, variant);
  const multi = problem.steps !== undefined;
  const count = stepCountOf(problem);
  const stepIndex = multi ? (e.step ?? null) : (e.step ?? 0);
  const steps: (StepSubmission | null)[] = previous?.steps.slice() ?? Array.from({ length: count }, () => null);
  return { variant, problem, multi, count, stepIndex, steps };
}

/** The step must exist, the earlier ones be answered, and a change be allowed. */
export function checkSubmit(ctx: RoundContext, e: QuizEvent): Refusal | null {
  const { multi, count, stepIndex, steps } = target(ctx, e);
  if (stepIndex === null || stepIndex >= count || (!multi && stepIndex !== 0)) {
    return fail(ERROR_CODES.INVALID_STEP, multi ? `answer a step from 0 to ${count - 1}` : 'this question has one step');
  }
  // Steps are asked in order: every earlier step must have an answer.
  if (steps.slice(0, stepIndex).some((s) => s === null)) return fail(ERROR_CODES.INVALID_STEP, 'answer the earlier steps first');
  if (steps[stepIndex] && !ctx.state.config.allowAnswerChange) return fail(ERROR_CODES.ALREADY_ANSWERED, 'you have already answered');
  return null;
}

/** A player answers the question, or one step of it (checked by checkSubmit): graded, stored. */
export function submit(ctx: RoundContext, e: QuizEvent): TransitionResult<QuizReplies['answer:submit']> {
  const { state, player, question, phase, now } = ctx;
  const { variant, problem, multi, steps, stepIndex: step } = target(ctx, e);
  const stepIndex = step!;
  const verdict = gradeAnswer(problem, e.answer, multi ? { step: stepIndex, earlier: earlierValues(problem, steps, stepIndex) } : {});
  if (verdict.status === 'invalid' || verdict.value === undefined) {
    return fail(ERROR_CODES.INVALID_ANSWER, 'that answer cannot be read', { text: verdict.message });
  }
  steps[stepIndex] = {
    raw: e.answer,
    value: verdict.value,
    status: verdict.status,
    diagnosis: verdict.diagnosis ?? null,
    message: verdict.message,
    consistent: multi ? (verdict.consistent ?? null) : null,
    at: now,
    remainingMs: remainingAt(phase, now),
  };
  // A changed earlier step changes what the later steps are consistent with.
  const graded = multi && state.config.allowAnswerChange ? gradeSteps(problem, steps, stepIndex + 1) : steps;
  const submission: Submission = { variant, steps: graded };
  const next = ctx.write.submission(state, question, player.id, submission);
  const nextStep = graded.findIndex((s) => s === null);
  const changed = ctx.settle({ state: next, effects: [{ type: 'roster', playerIds: [player.id] }] });
  return done(changed, {
    questionId: question.id,
    step: multi ? stepIndex : null,
    nextStep: nextStep === -1 ? null : nextStep,
    final: !state.config.allowAnswerChange || changed.state.phase.phase !== 'question',
    // As the player's own view shows it: the phone need not rebuild it.
    answer: { questionId: question.id, steps: graded.map((s) => s?.raw ?? null), complete: nextStep === -1 },
  });
}

/** Current players with a complete answer (answers of players who have left stay in the question for the report). */
export function answered(state: RoomState, question: QuestionState): number {
  let count = completeCount(question);
  for (const id in state.departed) if (!state.players[id] && isComplete(question, question.submissions[id])) count--;
  return count;
}

/** Done once every connected player has a complete answer of their own. */
export function allAnswered(state: RoomState, question: QuestionState): boolean {
  // Fewer complete answers than connected players settles it without a scan (every answer but the last few of a question).
  const connected = indexOfPlayers(state.players).connected;
  if (connected === 0 || completeCount(question) < connected) return false;
  for (const id in state.players) {
    if (state.players[id]!.connected && !isComplete(question, question.submissions[id])) return false;
  }
  return true;
}

function gradesOf(problem: Problem, submission: Submission | undefined): StepGrade[] {
  const count = stepCountOf(problem);
  const grades: StepGrade[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const step = submission?.steps[i];
    grades[i] = step ? { status: step.status, consistent: step.consistent } : { status: 'none', consistent: null };
  }
  return grades;
}

/** Each player is scored on their own answer: credit per step, speed and streak bonuses. */
export function closeQuiz(state: RoomState, question: QuestionState): Closing {
  return {
    room: {},
    outcome(player: PlayerState): PlayerResult {
      const submission = question.submissions[player.id];
      const problem = problemFor(question, submission?.variant ?? player.teamId);
      const grades = gradesOf(problem, submission);
      // The step answered last (the latest of equal times): its remaining time is the answer's speed.
      let last: StepSubmission | null = null;
      for (const step of submission?.steps ?? []) if (step && (last === null || step.at >= last.at)) last = step;
      const score = scoreAnswer({
        grades,
        remainingMs: last?.remainingMs ?? null,
        limitMs: question.limitMs,
        speedBonus: state.config.speedBonus,
        streakBonus: state.config.streakBonus,
        streakBefore: player.streak,
        multiplier: multiplierOf(question),
      });
      return {
        questionId: question.id,
        status: resultStatus(grades),
        correct: score.correct,
        points: score.points,
        breakdown: score.breakdown,
        verdicts: grades.map((grade, i) => {
          const step = submission?.steps[i];
          return verdictView(step?.raw ?? null, grade, step?.diagnosis ?? null, step?.message ?? null);
        }),
        streak: score.streakAfter,
      };
    },
  };
}

export function progress(question: QuestionState, player: PlayerState): { stepsAnswered: number; answered: boolean } {
  const submission = question.submissions[player.id];
  return {
    stepsAnswered: submission ? submission.steps.filter((s) => s !== null).length : 0,
    answered: isComplete(question, submission),
  };
}
