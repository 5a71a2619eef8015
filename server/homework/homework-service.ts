/**
 * The student's side of homework (shared/protocol/homework.ts; docs/homework.md): open, start,
 * resume, item, answer, skip. Each request reads the assignment and the student's answers from the
 * store, applies the rules and, for an answer or a skip, appends what it graded on the answers it
 * read: should another device of the same student have appended meanwhile, the store refuses and
 * the request is graded again on the new answers (so attempts are never exceeded).
 *
 * The answer of an item never leaves the server before the student has finished it and its feedback
 * may be shown (each-item feedback, or the deadline has passed).
 */
import type { Logger } from 'pino';
import { gradeAnswer, toPublicProblem } from '../../shared/engine/index.ts';
import { answerKey } from '../../shared/protocol/answer-key.ts';
import {
  ASSIGNMENT_CODE_PATTERN,
  type HomeworkAnswerResult,
  type HomeworkAttempt,
  type HomeworkInfo,
  type HomeworkItemView,
  type HomeworkProgress,
  type HomeworkSession,
  RESUME_CODE_PATTERN,
  type HomeworkAnswerPayload,
  type HomeworkItemPayload,
  type HomeworkOpenPayload,
  type HomeworkResumePayload,
  type HomeworkStartPayload,
} from '../../shared/protocol/homework.ts';
import { type Ack, type AckError, ERROR_CODES, type ErrorCode } from '../../shared/protocol/index.ts';
import type { SetItem } from '../../shared/question-sets/index.ts';
import { normaliseNickname, nicknameKey, suggestNickname } from '../room/nickname.ts';
import { verdictView } from '../room/scoring.ts';
import type { AnswerRecord, AssignmentRecord, HomeworkStore, StudentRecord } from './homework-store.ts';
import {
  type ItemState,
  type ProblemCache,
  type StudentProgress,
  attemptsAllowed,
  feedbackShown,
  gradesOf,
  progressOf,
  scoreOf,
  statusOf,
  windowAt,
} from './homework-progress.ts';
import { newResumeCode, newStudentId, newStudentToken, normaliseCode, resumeCodeOfToken, resumeKey, sha256 } from './homework-secrets.ts';

export interface HomeworkLimits {
  /** Students one assignment admits. */
  maxStudents: number;
}

export interface HomeworkServiceDeps {
  store: HomeworkStore;
  logger: Logger;
  now: () => number;
  limits: HomeworkLimits;
  /** Shared with the teacher's side (homework-router.ts). */
  problems: ProblemCache;
}

type Result<T> = Ack<T>;

function refuse(code: ErrorCode, message: string, extra: Partial<AckError> = {}): { ok: false; error: AckError } {
  return { ok: false, error: { code, message, ...extra } };
}

/** How many times a request is graded again when another device appended first. */
const APPEND_RETRIES = 5;

interface Context {
  assignment: AssignmentRecord;
  student: StudentRecord;
  answers: AnswerRecord[];
  progress: StudentProgress;
  now: number;
}

export class HomeworkService {
  constructor(private readonly deps: HomeworkServiceDeps) {}

  // ─── Requests ───────────────────────────────────────────────────────────────────

  async open(payload: HomeworkOpenPayload): Promise<Result<HomeworkInfo>> {
    const assignment = await this.assignment(payload.code);
    if (!assignment) return notFound();
    return { ok: true, data: this.info(assignment, this.deps.now()) };
  }

  async start(payload: HomeworkStartPayload): Promise<Result<HomeworkSession>> {
    const assignment = await this.assignment(payload.code);
    if (!assignment) return notFound();
    const now = this.deps.now();
    const closed = this.refuseOutsideWindow(assignment, now);
    if (closed) return closed;
    const cleaned = normaliseNickname(payload.name);
    if (!cleaned.ok) return refuse(ERROR_CODES.INVALID_NAME, `the name is ${cleaned.reason === 'empty' ? 'empty' : cleaned.reason === 'too-long' ? 'too long' : 'not readable'}`);
    const number = payload.studentNumber?.trim() || null;
    const mode = assignment.settings.studentNumber;
    if (mode === 'required' && number === null) return refuse(ERROR_CODES.STUDENT_NUMBER_REQUIRED, 'this assignment asks for your student number');
    const resumeCode = newResumeCode();
    const token = newStudentToken(resumeCode);
    const student: StudentRecord = {
      id: newStudentId(),
      code: assignment.code,
      name: cleaned.name,
      nameKey: cleaned.key,
      studentNumber: mode === 'off' ? null : number,
      tokenHash: sha256(token),
      resumeHash: sha256(resumeKey(resumeCode)),
      startedAt: now,
      lastSeenAt: now,
      finishedAt: null,
    };
    const added = await this.deps.store.addStudent(student, this.deps.limits.maxStudents);
    if (!added.ok) {
      if (added.reason === 'full') return refuse(ERROR_CODES.ASSIGNMENT_FULL, `this assignment admits ${this.deps.limits.maxStudents} students`);
      const taken = new Set((await this.deps.store.students(assignment.code)).map((s) => s.nameKey));
      return refuse(ERROR_CODES.NAME_TAKEN, 'someone has started with this name: if it is you, resume with your resume code; else pick another name', {
        suggestion: suggestNickname(cleaned.name, (key) => taken.has(key)),
      });
    }
    return { ok: true, data: this.session(this.context(assignment, student, [], now), token, resumeCode) };
  }

  async resume(payload: HomeworkResumePayload): Promise<Result<HomeworkSession>> {
    const assignment = await this.assignment(payload.code);
    if (!assignment) return notFound();
    const now = this.deps.now();
    if (windowAt(assignment, now) === 'not-open') return this.notOpen(assignment, now);
    let student: StudentRecord | null;
    let token: string;
    let resumeCode: string;
    if ('token' in payload) {
      student = await this.deps.store.studentByToken(assignment.code, sha256(payload.token));
      const carried = resumeCodeOfToken(payload.token);
      if (!student || carried === null) return refuse(ERROR_CODES.INVALID_TOKEN, 'this device\'s saved session is not one of this assignment\'s; use your resume code');
      token = payload.token;
      resumeCode = carried;
    } else {
      // As typed on a phone: spaces, dashes and lower case forgiven.
      const typed = resumeKey(payload.resumeCode);
      student = RESUME_CODE_PATTERN.test(typed) ? await this.deps.store.studentByResume(assignment.code, sha256(typed)) : null;
      if (!student) return refuse(ERROR_CODES.UNKNOWN_RESUME_CODE, 'no one in this assignment has that resume code');
      resumeCode = `${typed.slice(0, 4)}-${typed.slice(4)}`;
      // This device gets a token of its own; the first device's keeps working.
      token = newStudentToken(resumeCode);
      await this.deps.store.addToken(student.id, sha256(token), now);
    }
    await this.deps.store.touch(student.id, now);
    const answers = await this.deps.store.answersOf(student.id);
    return { ok: true, data: this.session(this.context(assignment, student, answers, now), token, resumeCode) };
  }

  async item(payload: HomeworkItemPayload): Promise<Result<HomeworkItemView>> {
    const found = await this.load(payload.code, payload.token);
    if (!found.ok) return found;
    const ctx = found.data;
    const window = windowAt(ctx.assignment, ctx.now);
    if (payload.item >= ctx.assignment.set.items.length) return refuse(ERROR_CODES.INVALID_PAYLOAD, `item: this assignment has ${ctx.assignment.set.items.length} items`);
    // After the deadline every item may be reviewed (nothing can be answered any more).
    if (window !== 'closed' && ctx.progress.current !== null && payload.item > ctx.progress.current) return notReached(ctx.progress.current);
    return { ok: true, data: this.itemView(ctx, payload.item) };
  }

  async answer(payload: HomeworkAnswerPayload): Promise<Result<HomeworkAnswerResult>> {
    return this.append(payload, (ctx, state) => {
      const allowed = attemptsAllowed(ctx.assignment);
      const open = state.attempts.find((a) => !a.complete);
      const attemptIndex = open ? state.attempts.indexOf(open) : state.completeAttempts;
      if (attemptIndex >= allowed) return refuse(ERROR_CODES.ITEM_FINISHED, 'no attempts left on this item');
      const steps = open?.steps ?? Array.from({ length: state.stepCount }, () => null);
      const problem = this.deps.problems.problem(ctx.assignment, ctx.student.id, state.item);
      const multi = problem.steps !== undefined;
      const next = steps.findIndex((s) => s === null);
      const step = payload.step ?? (multi ? null : 0);
      if (step === null || step !== next) {
        return refuse(ERROR_CODES.INVALID_STEP, multi ? `answer step ${next} of this attempt next (steps in order)` : 'this item has one step');
      }
      const earlier: Record<string, number> = {};
      for (let j = 0; j < step; j++) {
        const asks = problem.steps?.[j]?.asks;
        const value = steps[j]?.value;
        if (asks !== undefined && typeof value === 'number') earlier[asks] = value;
      }
      const verdict = gradeAnswer(problem, payload.answer, multi ? { step, earlier } : {});
      if (verdict.status === 'invalid' || verdict.value === undefined) {
        return refuse(ERROR_CODES.INVALID_ANSWER, 'that answer cannot be read', { text: verdict.message });
      }
      return {
        ok: true,
        data: {
          studentId: ctx.student.id,
          item: state.item,
          attempt: attemptIndex,
          step: multi ? step : null,
          answer: payload.answer,
          status: verdict.status,
          value: verdict.value,
          diagnosis: verdict.diagnosis ?? null,
          message: verdict.message,
          consistent: multi ? (verdict.consistent ?? null) : null,
          at: ctx.now,
        },
      };
    }).then((result) => {
      if (!result.ok) return result;
      const { ctx, row } = result.data;
      const shown = feedbackShown(ctx.assignment, windowAt(ctx.assignment, ctx.now));
      const state = ctx.progress.items[row.item]!;
      const attempt = state.attempts[row.attempt]!;
      const nextStep = attempt.steps.findIndex((s) => s === null);
      return {
        ok: true,
        data: {
          item: row.item,
          step: row.step,
          nextStep: nextStep === -1 ? null : nextStep,
          verdict: shown ? stepVerdict(row) : null,
          progress: this.progress(ctx),
          view: this.itemView(ctx, row.item),
        },
      };
    });
  }

  async skip(payload: HomeworkItemPayload): Promise<Result<HomeworkProgress>> {
    const result = await this.append(payload, (ctx, state) => ({
      ok: true,
      data: { studentId: ctx.student.id, item: state.item, attempt: state.attempts.length, step: null, answer: '', status: 'skipped', value: null, diagnosis: null, message: null, consistent: null, at: ctx.now },
    }));
    return result.ok ? { ok: true, data: this.progress(result.data.ctx) } : result;
  }

  // ─── Building blocks ────────────────────────────────────────────────────────────

  /**
   * Checks that the item may be answered now, makes the row with `make`, and appends it on the answers
   * it was made from; graded again on the new answers when another device came first.
   */
  private async append(
    payload: HomeworkItemPayload,
    make: (ctx: Context, state: ItemState) => Result<AnswerRecord>,
  ): Promise<Result<{ ctx: Context; row: AnswerRecord }>> {
    const found = await this.load(payload.code, payload.token);
    if (!found.ok) return found;
    let ctx = found.data;
    for (let round = 0; round < APPEND_RETRIES; round++) {
      const closed = this.refuseOutsideWindow(ctx.assignment, ctx.now);
      if (closed) return closed;
      if (payload.item >= ctx.assignment.set.items.length) return refuse(ERROR_CODES.INVALID_PAYLOAD, `item: this assignment has ${ctx.assignment.set.items.length} items`);
      const { current } = ctx.progress;
      if (current === null || payload.item < current) return refuse(ERROR_CODES.ITEM_FINISHED, 'this item is finished');
      if (payload.item > current) return notReached(current);
      const made = make(ctx, ctx.progress.items[current]!);
      if (!made.ok) return made;
      const row = made.data;
      const after = progressOf(ctx.assignment, [...ctx.answers, row], this.deps.problems.stepCounts(ctx.assignment));
      const finishedAt = after.finished && ctx.student.finishedAt === null ? ctx.now : null;
      const appended = await this.deps.store.appendAnswers(ctx.student.id, ctx.answers.length, [row], ctx.now, finishedAt);
      if (appended.ok) {
        const student = finishedAt === null ? ctx.student : { ...ctx.student, finishedAt };
        return { ok: true, data: { ctx: this.context(ctx.assignment, student, appended.answers, ctx.now), row } };
      }
      if (appended.reason === 'missing') return refuse(ERROR_CODES.INVALID_TOKEN, 'this session is no longer known; use your resume code');
      ctx = this.context(ctx.assignment, ctx.student, appended.answers, this.deps.now());
    }
    this.deps.logger.warn({ code: ctx.assignment.code }, 'homework answer kept losing to concurrent appends');
    return refuse(ERROR_CODES.RATE_LIMITED, 'another device of yours is answering at the same time; try again', { retryAfterMs: 500 });
  }

  private async assignment(raw: string): Promise<AssignmentRecord | null> {
    const code = normaliseCode(raw);
    return ASSIGNMENT_CODE_PATTERN.test(code) ? this.deps.store.getAssignment(code) : null;
  }

  private async load(code: string, token: string): Promise<Result<Context>> {
    const assignment = await this.assignment(code);
    if (!assignment) return notFound();
    const now = this.deps.now();
    if (windowAt(assignment, now) === 'not-open') return this.notOpen(assignment, now);
    const student = await this.deps.store.studentByToken(assignment.code, sha256(token));
    if (!student) return refuse(ERROR_CODES.INVALID_TOKEN, 'this session is not one of this assignment\'s; resume with your resume code');
    const answers = await this.deps.store.answersOf(student.id);
    return { ok: true, data: this.context(assignment, student, answers, now) };
  }

  private context(assignment: AssignmentRecord, student: StudentRecord, answers: AnswerRecord[], now: number): Context {
    return { assignment, student, answers, now, progress: progressOf(assignment, answers, this.deps.problems.stepCounts(assignment)) };
  }

  private refuseOutsideWindow(assignment: AssignmentRecord, now: number): { ok: false; error: AckError } | null {
    const window = windowAt(assignment, now);
    if (window === 'not-open') return this.notOpen(assignment, now);
    if (window === 'closed') return refuse(ERROR_CODES.DEADLINE_PASSED, 'the deadline has passed: answers are no longer taken, but you can review your work');
    return null;
  }

  private notOpen(assignment: AssignmentRecord, now: number): { ok: false; error: AckError } {
    return refuse(ERROR_CODES.NOT_OPEN_YET, 'this assignment opens later', { retryAfterMs: Math.max(1, assignment.settings.opensAt - now) });
  }

  info(assignment: AssignmentRecord, now: number): HomeworkInfo {
    const { settings } = assignment;
    return {
      code: assignment.code,
      title: assignment.title,
      lang: assignment.set.lang,
      items: assignment.set.items.length,
      opensAt: settings.opensAt,
      closesAt: settings.closesAt,
      window: windowAt(assignment, now),
      attemptsPerItem: attemptsAllowed(assignment),
      feedback: settings.feedback,
      studentNumber: settings.studentNumber,
      serverNow: now,
    };
  }

  private progress(ctx: Context): HomeworkProgress {
    const window = windowAt(ctx.assignment, ctx.now);
    const shown = feedbackShown(ctx.assignment, window);
    const { progress } = ctx;
    return {
      current: progress.current,
      items: progress.items.map((s) => statusOf(s, progress.current, shown)),
      score: scoreOf(progress, shown),
      finished: progress.finished,
      window,
    };
  }

  private session(ctx: Context, token: string, resumeCode: string): HomeworkSession {
    const shown = ctx.progress.current ?? ctx.assignment.set.items.length - 1;
    return {
      token,
      resumeCode,
      name: ctx.student.name,
      studentNumber: ctx.student.studentNumber,
      info: this.info(ctx.assignment, ctx.now),
      progress: this.progress(ctx),
      item: this.itemView(ctx, shown),
    };
  }

  private itemView(ctx: Context, item: number): HomeworkItemView {
    const window = windowAt(ctx.assignment, ctx.now);
    const shown = feedbackShown(ctx.assignment, window);
    const state = ctx.progress.items[item]!;
    const problem = this.deps.problems.problem(ctx.assignment, ctx.student.id, item);
    // The answer: once the item is finished and feedback may be shown, or once the deadline has passed.
    const reveal = (state.finished && shown) || window === 'closed';
    const attempts: HomeworkAttempt[] = state.attempts.map((a) => ({
      verdicts: a.steps.map((s) => (s === null ? verdictView(null, { status: 'none', consistent: null }, null, null) : shown ? stepVerdict(s) : withheldVerdict(s))),
      complete: a.complete,
    }));
    return {
      item,
      total: ctx.assignment.set.items.length,
      problem: toPublicProblem(problem),
      stepCount: problem.steps ? problem.steps.length : null,
      status: statusOf(state, ctx.progress.current, shown),
      attemptsLeft: state.finished || window === 'closed' ? 0 : attemptsAllowed(ctx.assignment) - state.completeAttempts,
      attempts,
      answer: reveal ? answerKey(problem) : null,
      solution: reveal ? problem.solution.map((s) => ({ ...s })) : null,
      note: reveal ? noteOf(ctx.assignment.set.items[item]!) : null,
    };
  }
}

function stepVerdict(row: AnswerRecord) {
  const grades = gradesOf({ steps: [row], complete: true });
  return verdictView(row.answer, grades[0]!, row.diagnosis, row.message);
}

/** An answer as recorded while feedback is withheld: what was typed, no verdict. */
function withheldVerdict(row: AnswerRecord) {
  return verdictView(row.answer, { status: 'none', consistent: null }, null, null);
}

function noteOf(item: SetItem): string | null {
  if (item.type === 'numeric') return item.note ?? null;
  if (item.type === 'choice') return item.explanation ?? null;
  return null;
}

function notFound(): { ok: false; error: AckError } {
  return refuse(ERROR_CODES.ASSIGNMENT_NOT_FOUND, 'no assignment with that code');
}

function notReached(current: number): { ok: false; error: AckError } {
  return refuse(ERROR_CODES.ITEM_NOT_REACHED, `finish item ${current + 1} first (items in order)`);
}
