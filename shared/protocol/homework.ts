/**
 * Homework (docs/homework.md, docs/protocol.md "Homework"): a teacher assigns a question set with an
 * opening time and a deadline; each student works through its items alone, at their own pace, graded
 * by the server as in the live game, and can stop and resume on any device.
 *
 * The teacher's side is HTTP (`Authorization: Bearer <teacher key>`; answers are `ApiResponse<T>`):
 *
 *   POST  /api/assignments                 → 201 AssignmentResult        body: CreateAssignmentPayload
 *   GET   /api/assignments                 → AssignmentListResult        the key's own assignments
 *   GET   /api/assignments/:code           → AssignmentResult            settings, live progress, every student
 *   PATCH /api/assignments/:code           → AssignmentResult            body: UpdateAssignmentPayload (move the window)
 *   GET   /api/assignments/:code/report    → AssignmentReport            `?format=csv&part=<AssignmentCsvPart>`: CSV with BOM
 *
 * The student's side is Socket.IO requests with an ack, like the live game's, without a seat:
 *
 *   homework:open    { code }                                   → HomeworkInfo
 *   homework:start   { code, name, studentNumber? }             → HomeworkSession   (name taken: `name_taken`)
 *   homework:resume  { code, token } | { code, resumeCode }     → HomeworkSession
 *   homework:item    { code, token, item }                      → HomeworkItemView  (any item reached)
 *   homework:answer  { code, token, item, answer, step? }       → HomeworkAnswerResult
 *   homework:skip    { code, token, item }                      → HomeworkProgress  (gives the item up, moves on)
 *
 * A student reaches items in order: the current item is the first one not finished (right, out of
 * attempts, or skipped); answering a later one is refused (`item_not_reached`). The answer never leaves
 * the server before the student has finished the item (and, with `feedback: 'after-deadline'`, before
 * the deadline).
 */
import { z } from 'zod';
import type { PublicProblem, SolutionStep, Text } from '../engine/index.ts';
import { LIMITS } from './constants.ts';
import type { AnswerKey, VerdictView } from './questions.ts';

export const HOMEWORK_LIMITS = {
  titleLength: 80,
  /** Longest window between opening and deadline. */
  maxWindowMs: 60 * 24 * 60 * 60 * 1000,
  maxAttempts: 5,
  studentNumberLength: 32,
  /** Students one assignment admits. */
  maxStudents: 2000,
  assignmentsPerKey: 500,
} as const;

/** An assignment code: 8 characters of the room-code alphabet (`/hw/<code>`). */
export const ASSIGNMENT_CODE_PATTERN = /^[A-Z0-9]{8}$/;
/** A resume code as shown: 4 + 4 characters of the room-code alphabet, e.g. `K7Q2-M9PD` (the dash optional when typed). */
export const RESUME_CODE_PATTERN = /^[A-Z0-9]{4}-?[A-Z0-9]{4}$/;

/** `each-item`: verdict, diagnosis and worked solution right after each item. `after-deadline`: only "recorded" until the deadline. */
export const HOMEWORK_FEEDBACK = ['each-item', 'after-deadline'] as const;
export type HomeworkFeedback = (typeof HOMEWORK_FEEDBACK)[number];
export const STUDENT_NUMBER_MODES = ['off', 'optional', 'required'] as const;
export type StudentNumberMode = (typeof STUDENT_NUMBER_MODES)[number];

export const CreateAssignmentSchema = z
  .object({
    /** A stored set of the teacher's or a built-in one: its snapshot is taken now. */
    setId: z.string().min(1).max(64),
    /** Default: the set's title. */
    title: z.string().trim().min(1).max(HOMEWORK_LIMITS.titleLength).optional(),
    /** Server epoch ms. */
    opensAt: z.number().int().nonnegative(),
    closesAt: z.number().int().positive(),
    attemptsPerItem: z.number().int().min(1).max(HOMEWORK_LIMITS.maxAttempts).default(1),
    feedback: z.enum(HOMEWORK_FEEDBACK).default('each-item'),
    studentNumber: z.enum(STUDENT_NUMBER_MODES).default('off'),
    /** Each student their own numbers of the same shape (generated items; authored ones marked "each team its own numbers"). */
    perStudentNumbers: z.boolean().default(true),
  })
  .refine((a) => a.closesAt > a.opensAt, { message: 'the deadline must come after the opening', path: ['closesAt'] })
  .refine((a) => a.closesAt - a.opensAt <= HOMEWORK_LIMITS.maxWindowMs, { message: 'the window is at most 60 days', path: ['closesAt'] });
export type CreateAssignmentPayload = z.input<typeof CreateAssignmentSchema>;
export type AssignmentSettings = z.output<typeof CreateAssignmentSchema>;

export const UpdateAssignmentSchema = z.object({ opensAt: z.number().int().nonnegative().optional(), closesAt: z.number().int().positive().optional() });
export type UpdateAssignmentPayload = z.input<typeof UpdateAssignmentSchema>;

const code = z.string().min(1).max(16);
const token = z.string().min(1).max(128);
const item = z.number().int().min(0).max(LIMITS.maxQuestions);
export const HomeworkOpenSchema = z.object({ code });
export const HomeworkStartSchema = z.object({
  code,
  name: z.string().max(LIMITS.nicknameRawLength),
  studentNumber: z.string().trim().max(HOMEWORK_LIMITS.studentNumberLength).optional(),
});
export const HomeworkResumeSchema = z.union([z.object({ code, token }), z.object({ code, resumeCode: z.string().min(1).max(16) })]);
export const HomeworkItemSchema = z.object({ code, token, item });
export const HomeworkAnswerSchema = z.object({
  code,
  token,
  item,
  answer: z.string().max(LIMITS.answerLength),
  /** The step of a step-by-step item (answer them in order); omit otherwise. */
  step: z.number().int().min(0).max(LIMITS.maxStepIndex).optional(),
});
export const HomeworkSkipSchema = HomeworkItemSchema;
export type HomeworkOpenPayload = z.input<typeof HomeworkOpenSchema>;
export type HomeworkStartPayload = z.input<typeof HomeworkStartSchema>;
export type HomeworkResumePayload = z.input<typeof HomeworkResumeSchema>;
export type HomeworkItemPayload = z.input<typeof HomeworkItemSchema>;
export type HomeworkAnswerPayload = z.input<typeof HomeworkAnswerSchema>;
export type HomeworkSkipPayload = z.input<typeof HomeworkSkipSchema>;

/** Where the window stands by the server clock. */
export type HomeworkWindow = 'not-open' | 'open' | 'closed';

/** What the link shows before a name is given. */
export interface HomeworkInfo {
  code: string;
  title: string;
  lang: 'zh-CN' | 'en';
  items: number;
  opensAt: number;
  closesAt: number;
  window: HomeworkWindow;
  attemptsPerItem: number;
  feedback: HomeworkFeedback;
  studentNumber: StudentNumberMode;
  serverNow: number;
}

export type HomeworkItemStatus = 'todo' | 'current' | 'right' | 'close' | 'wrong' | 'skipped' | 'recorded';

export interface HomeworkProgress {
  /** The first item not finished; `null` when every item is. */
  current: number | null;
  /** One per item. `recorded`: finished, verdict withheld until the deadline. */
  items: HomeworkItemStatus[];
  score: number;
  finished: boolean;
  window: HomeworkWindow;
}

export interface HomeworkSession {
  /** Secret: keep it (localStorage) to resume on this device. */
  token: string;
  /** To resume on another device: shown to the student. */
  resumeCode: string;
  name: string;
  studentNumber: string | null;
  info: HomeworkInfo;
  progress: HomeworkProgress;
  /** The current item (or the last one when all are finished). */
  item: HomeworkItemView;
}

export interface HomeworkAttempt {
  /** One per step. */
  verdicts: VerdictView[];
  /** Whether the attempt is complete (every step answered). */
  complete: boolean;
}

export interface HomeworkItemView {
  item: number;
  total: number;
  /** Without its answer. */
  problem: PublicProblem;
  stepCount: number | null;
  status: HomeworkItemStatus;
  attemptsLeft: number;
  /** The student's attempts; verdicts withheld (`status: 'none'`, no diagnosis) while feedback is. */
  attempts: HomeworkAttempt[];
  /** Only once the item is finished and its feedback may be shown. */
  answer: AnswerKey | null;
  solution: SolutionStep[] | null;
  /** The teacher's note, with the answer. */
  note: string | null;
}

export interface HomeworkAnswerResult {
  item: number;
  step: number | null;
  /** The next step of this attempt to answer; `null` when the attempt is complete. */
  nextStep: number | null;
  /** The verdict of this step; `null` while feedback is withheld. */
  verdict: VerdictView | null;
  progress: HomeworkProgress;
  /** The item as it now stands (its answer and solution once finished, as feedback allows). */
  view: HomeworkItemView;
}

// ─── The teacher's side ─────────────────────────────────────────────────────────────

export interface AssignmentStudentRow {
  studentId: string;
  name: string;
  studentNumber: string | null;
  startedAt: number;
  lastSeenAt: number;
  finishedAt: number | null;
  itemsDone: number;
  correct: number;
  score: number;
  /** One per item. */
  items: HomeworkItemStatus[];
}

export interface AssignmentItemRow {
  item: number;
  kind: string;
  /** Students who finished it / got it right / skipped it. */
  finished: number;
  correct: number;
  skipped: number;
  mistakes: Array<{ key: string; count: number }>;
}

export interface AssignmentView {
  code: string;
  title: string;
  set: { id: string; title: string };
  settings: AssignmentSettings;
  lang: 'zh-CN' | 'en';
  items: number;
  window: HomeworkWindow;
  /** `/hw/<code>`: the link and QR for students. */
  path: string;
  createdAt: number;
  serverNow: number;
}
export interface AssignmentTeacherView extends AssignmentView {
  started: number;
  finished: number;
  students: AssignmentStudentRow[];
  perItem: AssignmentItemRow[];
}
export interface AssignmentResult {
  assignment: AssignmentTeacherView;
}
export interface AssignmentListResult {
  assignments: Array<Pick<AssignmentView, 'code' | 'title' | 'window' | 'createdAt' | 'items'> & { opensAt: number; closesAt: number; started: number; finished: number }>;
}

export const ASSIGNMENT_CSV_PARTS = ['students', 'answers', 'items', 'mistakes'] as const;
export type AssignmentCsvPart = (typeof ASSIGNMENT_CSV_PARTS)[number];

/** Everything the teacher's page shows plus every answer of every student. */
export interface AssignmentReport {
  assignment: AssignmentView;
  students: AssignmentStudentRow[];
  perItem: AssignmentItemRow[];
  answers: Array<{
    studentId: string;
    name: string;
    studentNumber: string | null;
    item: number;
    attempt: number;
    step: number | null;
    answer: string;
    /** For a multiple-choice item, what the chosen choice says (`answer` is its id); null otherwise. */
    choice: Text | null;
    status: string;
    diagnosis: string | null;
    at: number;
  }>;
}
