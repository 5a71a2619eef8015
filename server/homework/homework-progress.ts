/**
 * A student's progress, derived from the assignment and the student's answers alone (nothing else is
 * kept), so every node, and the server after a restart, sees the same: which items are finished, the
 * current one, each attempt's steps, the score. docs/homework.md, "Attempts and feedback".
 *
 * - An attempt is complete once each of the item's steps is answered (one step for most items).
 * - An item is finished when an attempt is fully right, when its attempts are used up, or when it
 *   was skipped. With `feedback: 'after-deadline'` an item has one attempt: a second one would tell
 *   the first was wrong.
 * - The current item is the first one not finished; `null` once all are.
 * - An item scores 1000 × its best complete attempt's credit (as a live question's base points, no
 *   speed or streak bonus) × its points multiplier.
 */
import { type Problem, deriveSeed } from '../../shared/engine/index.ts';
import type { HomeworkItemStatus, HomeworkWindow } from '../../shared/protocol/homework.ts';
import { problemForItem } from '../../shared/question-sets/index.ts';
import { type StepGrade, basePoints, isFullyCorrect, resultStatus } from '../room/scoring.ts';
import type { AnswerRecord, AssignmentRecord } from './homework-store.ts';

export interface AttemptState {
  /** One per step; `null`: not answered yet. */
  steps: (AnswerRecord | null)[];
  complete: boolean;
}

export interface ItemState {
  item: number;
  stepCount: number;
  attempts: AttemptState[];
  completeAttempts: number;
  skipped: boolean;
  finished: boolean;
  /** Fully right in some attempt. */
  right: boolean;
  /** The best complete attempt's outcome, `null` without one. */
  outcome: 'right' | 'close' | 'wrong' | null;
  /** Whole points, by the best complete attempt. */
  points: number;
  /** When it was finished. */
  finishedAt: number | null;
}

export interface StudentProgress {
  items: ItemState[];
  current: number | null;
  finished: boolean;
}

/** The seed of item k's problem: the assignment's, the item's index, and the student's id when each student has their own numbers. */
export function itemProblem(assignment: AssignmentRecord, studentId: string, item: number): Problem {
  const setItem = assignment.set.items[item]!;
  const seed = deriveSeed(assignment.seed, item);
  return problemForItem(setItem, { seed, variant: assignment.settings.perStudentNumbers ? studentId : null });
}

export function attemptsAllowed(assignment: AssignmentRecord): number {
  return assignment.settings.feedback === 'after-deadline' ? 1 : assignment.settings.attemptsPerItem;
}

export function windowAt(assignment: AssignmentRecord, now: number): HomeworkWindow {
  if (now < assignment.settings.opensAt) return 'not-open';
  return now >= assignment.settings.closesAt ? 'closed' : 'open';
}

/** Verdicts, diagnoses, answers and solutions may be shown: always with each-item feedback, else once the deadline has passed. */
export function feedbackShown(assignment: AssignmentRecord, window: HomeworkWindow): boolean {
  return assignment.settings.feedback === 'each-item' || window === 'closed';
}

export function gradesOf(attempt: AttemptState): StepGrade[] {
  return attempt.steps.map((s) => (s && s.status !== 'skipped' ? { status: s.status, consistent: s.consistent } : { status: 'none', consistent: null }));
}

/**
 * Problems are deterministic but not cheap to make (milliseconds each): a student's are made when first
 * needed and kept for the students seen lately (LRU). Progress needs only each item's step count, the
 * same for every student's numbers of an item (the shape does not vary), made once per assignment.
 */
export class ProblemCache {
  private readonly students = new Map<string, Map<number, Problem>>();
  private readonly steps = new Map<string, number[]>();

  constructor(private readonly maxStudents = 4096) {}

  /** The student's item problem, made on first use. */
  problem(assignment: AssignmentRecord, studentId: string, item: number): Problem {
    const own = this.of(studentId);
    let problem = own.get(item);
    if (!problem) {
      problem = itemProblem(assignment, studentId, item);
      own.set(item, problem);
    }
    return problem;
  }

  /** Each item's step count (1 for a one-step item). */
  stepCounts(assignment: AssignmentRecord): number[] {
    const key = `${assignment.code}:${assignment.createdAt}`;
    let counts = this.steps.get(key);
    if (!counts) {
      counts = assignment.set.items.map((_, item) => stepCountOf(itemProblem(assignment, 'step-count', item)));
      this.steps.set(key, counts);
      if (this.steps.size > this.maxStudents) this.steps.delete(this.steps.keys().next().value!);
    }
    return counts;
  }

  private of(studentId: string): Map<number, Problem> {
    let cached = this.students.get(studentId);
    if (cached) {
      // Most recently used last, so the oldest goes first.
      this.students.delete(studentId);
      this.students.set(studentId, cached);
      return cached;
    }
    cached = new Map();
    this.students.set(studentId, cached);
    if (this.students.size > this.maxStudents) this.students.delete(this.students.keys().next().value!);
    return cached;
  }
}

function stepCountOf(problem: Problem): number {
  return problem.steps?.length ?? 1;
}

/** Item states for a student from their answers (`stepCounts`: ProblemCache.stepCounts). */
export function progressOf(assignment: AssignmentRecord, answers: readonly AnswerRecord[], stepCounts: readonly number[]): StudentProgress {
  const allowed = attemptsAllowed(assignment);
  const multipliers = assignment.set.items.map((i) => i.points);
  const items: ItemState[] = assignment.set.items.map((_, item) => ({
    item,
    stepCount: stepCounts[item]!,
    attempts: [],
    completeAttempts: 0,
    skipped: false,
    finished: false,
    right: false,
    outcome: null,
    points: 0,
    finishedAt: null,
  }));
  for (const answer of answers) {
    const state = items[answer.item];
    if (!state) continue;
    if (answer.status === 'skipped') {
      state.skipped = true;
      state.finishedAt ??= answer.at;
      continue;
    }
    while (state.attempts.length <= answer.attempt) state.attempts.push({ steps: Array.from({ length: state.stepCount }, () => null), complete: false });
    const attempt = state.attempts[answer.attempt]!;
    attempt.steps[answer.step ?? 0] = answer;
    if (!attempt.complete && attempt.steps.every((s) => s !== null)) {
      attempt.complete = true;
      state.completeAttempts++;
      if (isFullyCorrect(gradesOf(attempt))) state.right = true;
      if (state.finishedAt === null && (state.right || state.completeAttempts >= allowed)) state.finishedAt = answer.at;
    }
  }
  for (const state of items) {
    state.finished = state.skipped || state.right || state.completeAttempts >= allowed;
    let best = -1;
    let bestGrades: StepGrade[] | null = null;
    for (const attempt of state.attempts) {
      if (!attempt.complete) continue;
      const grades = gradesOf(attempt);
      const points = basePoints(grades);
      if (points > best) {
        best = points;
        bestGrades = grades;
      }
    }
    if (bestGrades) {
      const status = resultStatus(bestGrades);
      state.outcome = status === 'correct' ? 'right' : status === 'close' || status === 'partial' ? 'close' : 'wrong';
      state.points = Math.round(best * multipliers[state.item]!);
    }
  }
  const current = items.findIndex((s) => !s.finished);
  return { items, current: current === -1 ? null : current, finished: current === -1 };
}

/** An item's status as the student sees it (`shown`: whether feedback may be shown). */
export function statusOf(state: ItemState, current: number | null, shown: boolean): HomeworkItemStatus {
  if (!state.finished) return state.item === current ? 'current' : 'todo';
  if (state.skipped && !state.right) return 'skipped';
  if (!shown) return 'recorded';
  return state.outcome ?? 'wrong';
}

/** The score as the student may see it: points of items whose feedback is shown. */
export function scoreOf(progress: StudentProgress, shown: boolean): number {
  if (!shown) return 0;
  return progress.items.reduce((sum, s) => sum + s.points, 0);
}
