/**
 * The wire protocol between the game server and its clients (projector, phones, bots).
 *
 * Every client→server event is a request answered through an acknowledgement `Ack<T>`.
 * Every payload is parsed at runtime with the schemas below (unknown keys are dropped).
 * Server→client events each carry one named part of the viewer's `RoomSnapshot`; a
 * client keeps the latest snapshot and replaces the part an event names.
 *
 * This file is shared with the browser: no Node-only imports.
 * Human-readable reference: docs/protocol.md.
 */
import { z } from 'zod';
import { DESCENT_ACTIVATIONS } from './engine/descent.ts';
import {
  LANGS,
  PROBLEM_KINDS,
  type Choice,
  type PublicDescentTask,
  type Difficulty,
  type Lang,
  type MisconceptionKey,
  type ProblemKind,
  type PublicProblem,
  type SolutionStep,
  type Text,
  type VerdictStatus,
} from './engine/index.ts';

/** Bumped on every incompatible change of the events or payloads below. */
export const PROTOCOL_VERSION = 1;

// ─── Closed sets ────────────────────────────────────────────────────────────────────

export const ERROR_CODES = {
  INVALID_PAYLOAD: 'invalid_payload',
  UNKNOWN_EVENT: 'unknown_event',
  VERSION_MISMATCH: 'version_mismatch',
  RATE_LIMITED: 'rate_limited',
  SERVER_FULL: 'server_full',
  ROOM_NOT_FOUND: 'room_not_found',
  ROOM_CLOSED: 'room_closed',
  ROOM_LOCKED: 'room_locked',
  ROOM_FULL: 'room_full',
  ALREADY_IN_ROOM: 'already_in_room',
  NOT_IN_ROOM: 'not_in_room',
  NOT_HOST: 'not_host',
  NOT_ALLOWED: 'not_allowed',
  INVALID_NAME: 'invalid_name',
  NAME_TAKEN: 'name_taken',
  INVALID_TEAM: 'invalid_team',
  UNKNOWN_PLAYER: 'unknown_player',
  WRONG_PHASE: 'wrong_phase',
  NO_PLAYERS: 'no_players',
  PAUSED: 'paused',
  STALE_QUESTION: 'stale_question',
  INVALID_STEP: 'invalid_step',
  ALREADY_ANSWERED: 'already_answered',
  ROUND_CLOSED: 'round_closed',
  INVALID_ANSWER: 'invalid_answer',
  INVALID_TOKEN: 'invalid_token',
  KICKED: 'kicked',
  INTERNAL_ERROR: 'internal_error',
  /** The server is stopping (a restart or an update): keep the token and reconnect. */
  SERVER_RESTARTING: 'server_restarting',
  /** `room:join`: too many unknown codes from this network; wait `retryAfterMs`. */
  TOO_MANY_ATTEMPTS: 'too_many_attempts',
  /** Handshake: the page's origin is not in the server's ALLOWED_ORIGINS. */
  ORIGIN_NOT_ALLOWED: 'origin_not_allowed',
  /** HTTP: no such resource. */
  NOT_FOUND: 'not_found',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export const PHASES = ['lobby', 'question', 'reveal', 'leaderboard', 'podium', 'ended'] as const;
export type Phase = (typeof PHASES)[number];

/** Modes every client offers in host setup. */
export const GAME_MODES = ['quiz', 'chain-steps'] as const;
export type GameMode = (typeof GAME_MODES)[number];
/** Modes played by teams (a room of one of these needs `teams`); served, not yet offered in host setup. */
export const TEAM_MODES = ['relay', 'descent'] as const;
export type TeamMode = (typeof TEAM_MODES)[number];
/** Every mode a room can be created in. */
export const ROOM_MODES = [...GAME_MODES, ...TEAM_MODES] as const;
export type RoomMode = (typeof ROOM_MODES)[number];

export const TEAM_ASSIGNMENTS = ['auto', 'self', 'host'] as const;
export type TeamAssignment = (typeof TEAM_ASSIGNMENTS)[number];

/** Descent Race: whose confirmation makes a proposal the team's submission. */
export const DESCENT_CONFIRM_RULES = ['second-member', 'captain'] as const;
export type DescentConfirmRule = (typeof DESCENT_CONFIRM_RULES)[number];

/** Why a question stopped taking answers. */
export const CLOSE_REASONS = ['deadline', 'all-answered', 'host'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** Why the server ends a connection's seat (sent in `session:ended` just before it disconnects or unseats it). */
export const SESSION_END_REASONS = ['kicked', 'replaced', 'left', 'room_closed'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

export const ENDED_REASONS = ['closed', 'idle'] as const;
export type EndedReason = (typeof ENDED_REASONS)[number];

/** A verdict as a result: the engine's statuses, `partial` for a multi-step answer with some credit, `none` for no answer. */
export type ResultStatus = VerdictStatus | 'partial' | 'none';

/** Room codes: 6 characters without 0/O/1/I/L (31^6 ≈ 8.9e8 codes). */
export const ROOM_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ROOM_CODE_LENGTH = 6;

/** Upper bounds the schemas enforce; the server rejects longer input with `invalid_payload`. */
export const LIMITS = {
  nicknameGraphemes: 20,
  nicknameRawLength: 100,
  answerLength: 100,
  titleLength: 80,
  teamNameLength: 24,
  maxTeams: 12,
  maxQuestions: 50,
  minCapacity: 1,
  maxCapacity: 5000,
  defaultCapacity: 500,
  maxTimeLimitSec: 3600,
  maxStepIndex: 31,
  idLength: 64,
} as const;

// ─── Acknowledgements ───────────────────────────────────────────────────────────────

export interface AckError {
  code: ErrorCode;
  /** English, for logs and developers; clients translate by `code`. */
  message: string;
  /** `name_taken`: a free nickname to offer instead. */
  suggestion?: string;
  /** `invalid_answer`: the engine's explanation (render it in the player's language). */
  text?: Text;
  /** `rate_limited`, `too_many_attempts`: milliseconds before trying again is useful. */
  retryAfterMs?: number;
}
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };
export type AckCallback<T> = (response: Ack<T>) => void;
export type Empty = Record<string, never>;

// ─── Payload schemas (client → server) ──────────────────────────────────────────────

const id = z.string().min(1).max(LIMITS.idLength);
const difficulty = z.union([z.literal(1), z.literal(2), z.literal(3)]);

export const TeamsConfigSchema = z.object({
  count: z.number().int().min(2).max(LIMITS.maxTeams),
  assignment: z.enum(TEAM_ASSIGNMENTS).default('auto'),
  /** Optional names, in team order; missing ones get a default in the room language. */
  names: z.array(z.string().trim().min(1).max(LIMITS.teamNameLength)).max(LIMITS.maxTeams).optional(),
  /** Optional `#rrggbb` colours, in team order. */
  colours: z
    .array(z.string().regex(/^#[0-9a-fA-F]{6}$/))
    .max(LIMITS.maxTeams)
    .optional(),
  /** Each team gets its own numbers (same kind and difficulty). */
  variants: z.boolean().default(false),
});

/** Descent Race options (mode `descent`); every field has a default. */
export const DescentConfigSchema = z.object({
  activation: z.enum(DESCENT_ACTIVATIONS).default('sigmoid'),
  /** `'team'`: each team picks η from the task's list before the first iteration (`descent:lr`); a number: the host's fixed η. */
  lr: z.union([z.literal('team'), z.number().positive().max(100)]).default('team'),
  /** `second-member`: a proposal counts once another member confirms it; `captain`: the captain's proposal or confirmation counts. */
  confirm: z.enum(DESCENT_CONFIRM_RULES).default('second-member'),
});
export type DescentConfig = z.output<typeof DescentConfigSchema>;

export const RoomConfigSchema = z.object({
  title: z.string().trim().min(1).max(LIMITS.titleLength).default('Backprop Arena'),
  /**
   * `relay`: one relay problem per round (`questionCount` rounds, `difficulties` = network depth 1–3); needs `teams`.
   * `descent`: one hidden task per room, `questionCount` iterations, difficulty `difficulties[0]`; needs `teams`.
   */
  mode: z.enum(ROOM_MODES).default('quiz'),
  /** Problem kinds, asked in this order, cycling (quiz mode; chain-steps mode always asks `chain-steps`; ignored by relay). */
  kinds: z.array(z.enum(PROBLEM_KINDS)).min(1).max(PROBLEM_KINDS.length).default(['forward', 'local-derivative', 'chain-gradient', 'update']),
  /** Difficulty mix: the questions ramp through these values in order (e.g. [1, 2, 3] over 9 questions gives 1,1,1,2,2,2,3,3,3). */
  difficulties: z.array(difficulty).min(1).max(LIMITS.maxQuestions).default([1]),
  questionCount: z.number().int().min(1).max(LIMITS.maxQuestions).default(10),
  /** Seconds per question; `null` means untimed (the host ends each question). */
  timeLimitSec: z.number().min(1).max(LIMITS.maxTimeLimitSec).nullable().default(60),
  speedBonus: z.boolean().default(true),
  streakBonus: z.boolean().default(false),
  /** When true the last answer before the close counts; otherwise the first. */
  allowAnswerChange: z.boolean().default(false),
  /** `null`: everyone plays for themselves. */
  teams: TeamsConfigSchema.nullable().default(null),
  lang: z.enum(LANGS).default('zh-CN'),
  capacity: z.number().int().min(LIMITS.minCapacity).max(LIMITS.maxCapacity).default(LIMITS.defaultCapacity),
  /** Descent Race options (mode `descent` only; defaults apply when absent). */
  descent: DescentConfigSchema.optional(),
}).refine((config) => config.teams !== null || !(TEAM_MODES as readonly string[]).includes(config.mode), {
  message: 'this mode is played by teams: set teams (count 2 or more)',
  path: ['teams'],
});
export type RoomConfigInput = z.input<typeof RoomConfigSchema>;
export type RoomConfig = z.output<typeof RoomConfigSchema>;
export type TeamsConfig = z.output<typeof TeamsConfigSchema>;

export const HelloSchema = z.object({ protocolVersion: z.number().int() });
export const CreateRoomSchema = z.object({ config: RoomConfigSchema.prefault({}) });
export const JoinRoomSchema = z.object({
  code: z.string().min(1).max(32),
  nickname: z.string().max(LIMITS.nicknameRawLength),
  teamId: id.nullable().optional(),
});
export const EmptySchema = z.object({});
export const KickSchema = z.object({ playerId: id });
export const LockSchema = z.object({ locked: z.boolean() });
export const AssignTeamSchema = z.object({ playerId: id, teamId: id });
export const ChooseTeamSchema = z.object({ teamId: id });
/** Optional guard: when given, the command applies only to that question (protects against double clicks). */
export const QuestionGuardSchema = z.object({ questionId: id.optional() });
export const NextSchema = z.object({ from: z.enum(['reveal', 'leaderboard']).optional() });
export const SubmitAnswerSchema = z.object({
  questionId: id,
  answer: z.string().max(LIMITS.answerLength),
  /** The step index for a multi-step (chain-steps) question; omit otherwise. */
  step: z.number().int().min(0).max(LIMITS.maxStepIndex).optional(),
});

/** Relay mode: send the link you hold (`link` = its index in the chain, 0 = the one next to the loss). */
export const RelaySubmitSchema = z.object({
  questionId: id,
  link: z.number().int().min(0).max(LIMITS.maxStepIndex),
  answer: z.string().max(LIMITS.answerLength),
});

/** Descent Race: propose the team's adjusted parameters (`b` only when the task trains the bias). */
export const DescentProposeSchema = z.object({
  questionId: id,
  w: z.string().max(LIMITS.answerLength),
  b: z.string().max(LIMITS.answerLength).optional(),
});
/** Descent Race: confirm a teammate's proposal (or, with the captain rule, the captain confirms any). */
export const DescentConfirmSchema = z.object({ questionId: id, proposalId: id });
/** Descent Race: the team's learning rate, one of the task's `lrChoices`, before the first iteration. */
export const DescentLrSchema = z.object({ lr: z.number().positive().max(100) });

export type HelloPayload = z.input<typeof HelloSchema>;
export type CreateRoomPayload = z.input<typeof CreateRoomSchema>;
export type JoinRoomPayload = z.input<typeof JoinRoomSchema>;
export type KickPayload = z.input<typeof KickSchema>;
export type LockPayload = z.input<typeof LockSchema>;
export type AssignTeamPayload = z.input<typeof AssignTeamSchema>;
export type ChooseTeamPayload = z.input<typeof ChooseTeamSchema>;
export type QuestionGuardPayload = z.input<typeof QuestionGuardSchema>;
export type NextPayload = z.input<typeof NextSchema>;
export type SubmitAnswerPayload = z.input<typeof SubmitAnswerSchema>;
export type EmptyPayload = z.input<typeof EmptySchema>;
export type RelaySubmitPayload = z.input<typeof RelaySubmitSchema>;
export type DescentProposePayload = z.input<typeof DescentProposeSchema>;
export type DescentConfirmPayload = z.input<typeof DescentConfirmSchema>;
export type DescentLrPayload = z.input<typeof DescentLrSchema>;

/** The schema of every client event, by name: the server parses each payload with it. */
export const CLIENT_EVENT_SCHEMAS = {
  'session:hello': HelloSchema,
  'room:create': CreateRoomSchema,
  'room:join': JoinRoomSchema,
  'room:sync': EmptySchema,
  'room:leave': EmptySchema,
  'room:kick': KickSchema,
  'room:lock': LockSchema,
  'room:close': EmptySchema,
  'team:assign': AssignTeamSchema,
  'team:choose': ChooseTeamSchema,
  'game:start': EmptySchema,
  'game:pause': EmptySchema,
  'game:resume': EmptySchema,
  'game:next': NextSchema,
  'game:end': EmptySchema,
  'question:end': QuestionGuardSchema,
  'question:skip': QuestionGuardSchema,
  'answer:submit': SubmitAnswerSchema,
  'relay:submit': RelaySubmitSchema,
  'descent:propose': DescentProposeSchema,
  'descent:confirm': DescentConfirmSchema,
  'descent:lr': DescentLrSchema,
} as const;
export type ClientEventName = keyof typeof CLIENT_EVENT_SCHEMAS;
export const CLIENT_EVENT_NAMES = Object.keys(CLIENT_EVENT_SCHEMAS) as ClientEventName[];

// ─── Views (server → client) ────────────────────────────────────────────────────────

export interface TeamInfo {
  id: string;
  name: string;
  colour: string;
}

/** What the room is: its settings (nothing secret) and teams. */
export interface RoomInfo {
  code: string;
  title: string;
  mode: RoomMode;
  lang: Lang;
  locked: boolean;
  capacity: number;
  questionCount: number;
  kinds: ProblemKind[];
  difficulties: Difficulty[];
  /** `null`: untimed. */
  timeLimitMs: number | null;
  speedBonus: boolean;
  streakBonus: boolean;
  allowAnswerChange: boolean;
  /** `null` when everyone plays alone. */
  teams: TeamInfo[] | null;
  teamAssignment: TeamAssignment | null;
  variants: boolean;
}

export interface TeamPresence {
  teamId: string;
  members: number;
  connected: number;
}

/** Head counts, sent to everyone (coalesced under load). */
export interface PresenceView {
  players: number;
  connected: number;
  hostConnected: boolean;
  /** Players who have completed their answer to the current question; `null` outside a question. */
  answered: number | null;
  teams: TeamPresence[] | null;
}

/** One row of the host's player list. */
export interface RosterEntry {
  playerId: string;
  name: string;
  teamId: string | null;
  connected: boolean;
  score: number;
  correct: number;
  asked: number;
  /** Steps answered in the current question (0 or 1 for a one-step question). */
  stepsAnswered: number;
  /** Whether the answer to the current question is complete. */
  answered: boolean;
}

export interface RosterDelta {
  upsert: RosterEntry[];
  remove: string[];
}

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

export interface PlayerSelfView {
  playerId: string;
  name: string;
  teamId: string | null;
  score: number;
  correct: number;
  asked: number;
  streak: number;
  rank: number | null;
  previousRank: number | null;
  /** The answer to the open question, if any. */
  answer: CurrentAnswer | null;
  /** The result of the question being revealed or just revealed (reveal and leaderboard phases). */
  result: PlayerResult | null;
}

export interface AnswerStepKey {
  asks: string;
  symbol: string;
  value: number;
  display: string;
}

/** The answer key, shown at the reveal. */
export interface AnswerKey {
  value: number | string;
  /** As the worked solution shows it (LaTeX-ready plain text). */
  display: string;
  /** The interval accepted as correct (numeric answers). */
  accepted: { lo: number; hi: number } | null;
  /** Multiple choice: the right choice. */
  choice: Choice | null;
  /** Direction questions: the gradient whose sign decides. */
  decidingValue: number | null;
  /** Multi-step problems: every step's answer. */
  steps: AnswerStepKey[] | null;
}

export interface DistributionEntry {
  /** The answer as typed, normalised (3 significant figures, or the choice id). */
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

/** One link of a team's relay chain: it multiplies the upstream gradient by one local derivative. */
export interface RelayLinkView {
  index: number;
  /** What the link sends on (a quantity key, e.g. `dL/dz1`, or `w1'` for the update) and its LaTeX. */
  asks: string;
  symbol: string;
  /** The gradient this link receives (`null`: the first link, computed from y and y_true). */
  upstream: string | null;
  upstreamSymbol: string | null;
  /** The local derivative it multiplies by (`lr` for the update; `null` for the first link). */
  local: string | null;
  localSymbol: string | null;
  holderId: string;
  /** `null` once the holder has left. */
  holderName: string | null;
  /** What the holder sent, graded live; `null` until sent. */
  sent: RelaySentView | null;
}
export interface RelaySentView {
  answer: string;
  value: number;
  /** The upstream value the holder received (`null` for the first link). */
  received: number | null;
  status: Exclude<VerdictStatus, 'invalid'>;
  /** Right for what the holder received (error carried forward). */
  consistent: boolean;
  /** Milliseconds from the round's start. */
  afterMs: number;
}
export interface RelayChainView {
  teamId: string;
  links: RelayLinkView[];
  /** The link waiting to be sent; `null` when the chain is complete. */
  current: number | null;
  /** The upstream value the current link's holder works from (`null` for the first link or when complete). */
  upstreamValue: number | null;
  finished: boolean;
  durationMs: number | null;
  /** The first link that was wrong for what it received: where the error entered the chain. */
  errorEntry: number | null;
  /** The team's own problem without its answer (the projector: every team has its own numbers); `null` on phones, whose view carries it. */
  problem: PublicProblem | null;
}
export interface RelayRankEntry {
  teamId: string;
  rank: number;
  fullyCorrect: boolean;
  /** Mean link credit, 0..1. */
  credit: number;
  durationMs: number | null;
  winner: boolean;
}
/** Relay rounds: the host gets every team's chain, a player only the own team's. */
export interface RelayView {
  chains: RelayChainView[];
  /** At the reveal: the round's ranking (fastest fully correct first). */
  ranking: RelayRankEntry[] | null;
}

/** One proposal of the viewer's own team (no other team sees them before the reveal). */
export interface DescentProposalView {
  proposalId: string;
  playerId: string;
  /** `null` once the proposer has left. */
  name: string | null;
  w: string;
  b: string | null;
}
export interface DescentStepView {
  /** 0-based iteration. */
  iteration: number;
  /** Parameters and loss when the iteration opened, and the η used. */
  params: { w: number; b: number };
  loss: number;
  lr: number;
  /** What the team submitted (`null`: nothing, the parameters stayed). */
  submitted: { w: string; b: string | null; proposedBy: string; confirmedBy: string | null } | null;
  verdicts: { w: { status: VerdictStatus; diagnosis: MisconceptionKey | null }; b: { status: VerdictStatus; diagnosis: MisconceptionKey | null } | null } | null;
  correct: boolean;
  /** The parameters the team continues from: what it submitted, right or wrong. */
  next: { w: number; b: number };
}
export interface DescentTeamView {
  teamId: string;
  lr: number;
  /** The team's first member in join order (who decides under the captain rule); `null` without members. */
  captainId: string | null;
  /** The team's members by name (its own phones and the projector; `null` for other teams), so a step's proposer and confirmer can be named. */
  members: { playerId: string; name: string }[] | null;
  /** Loss at the start of each iteration so far, then the current loss. Everyone sees every curve. */
  curve: number[];
  correctSteps: number;
  /** The team's current parameters: its own phones and the projector; `null` for other teams' phones. */
  params: { w: number; b: number } | null;
  /** Forward values at the current parameters ("计算误差"): own team only. */
  forward: { x: number; t: number; z: number; y: number }[] | null;
  /** Open proposals of this iteration: own team only (`null` otherwise). */
  proposals: DescentProposalView[] | null;
  /** The proposal the team settled on this iteration (own team only). */
  submission: { proposalId: string; confirmedBy: string | null } | null;
  /** Graded steps of the closed iterations: own team during an iteration, every team at a reveal and after. */
  steps: DescentStepView[] | null;
}
export interface DescentRankEntry {
  teamId: string;
  rank: number;
  loss: number;
  correctSteps: number;
}
/** Descent Race: the task without its hidden parameters, and the teams' runs as the viewer may see them. */
export interface DescentView {
  task: PublicDescentTask;
  /** `'team'`: teams choose η from `task.lrChoices`; a number: fixed by the host. */
  lrMode: 'team' | number;
  confirm: DescentConfirmRule;
  iterations: number;
  teams: DescentTeamView[];
  /** From the reveal of the last iteration on (lowest final loss first); `null` before. */
  ranking: DescentRankEntry[] | null;
  /** The parameters that made the data: only at the podium. */
  hidden: { w: number; b: number } | null;
}

export interface LobbyView {
  phase: 'lobby';
  /** Descent Race rooms: the task and each team's η (to choose it before the start). */
  descent?: DescentView;
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
  /** `null`: untimed. */
  timeLimitMs: number | null;
  /** Milliseconds left when the server sent this view; `null` when untimed. Frozen while paused. */
  remainingMs: number | null;
  paused: boolean;
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
export interface LeaderboardView {
  phase: 'leaderboard';
  /** The question just played (0-based). */
  index: number;
  total: number;
  isLast: boolean;
}
export interface PodiumView {
  phase: 'podium';
  endedEarly: boolean;
  /** Descent Race: final curves, ranking and the hidden parameters. */
  descent?: DescentView;
}
export interface EndedView {
  phase: 'ended';
  reason: EndedReason;
}
export type PhaseView = LobbyView | QuestionView | RevealView | LeaderboardView | PodiumView | EndedView;

export interface StandingEntry {
  playerId: string;
  name: string;
  teamId: string | null;
  score: number;
  rank: number;
  /** Rank before the last scored question (`null`: not ranked then). */
  previousRank: number | null;
  correct: number;
  asked: number;
}
export interface TeamStanding {
  teamId: string;
  name: string;
  colour: string;
  /** Mean of the members' scores, rounded to one decimal. */
  score: number;
  rank: number;
  previousRank: number | null;
  members: number;
}
/** The leaderboard: top players and all teams. */
export interface StandingsView {
  /** Questions scored so far. */
  scoredQuestions: number;
  final: boolean;
  players: StandingEntry[];
  teams: TeamStanding[] | null;
  totalPlayers: number;
}

interface SnapshotBase {
  protocolVersion: number;
  /** Server epoch ms when the snapshot was built (for display only: use `remainingMs` for timing). */
  serverNow: number;
  room: RoomInfo;
  phase: PhaseView;
  presence: PresenceView;
  /** Present in the leaderboard, podium and ended phases. */
  standings: StandingsView | null;
}
export interface HostSnapshot extends SnapshotBase {
  role: 'host';
  roster: RosterEntry[];
}
export interface PlayerSnapshot extends SnapshotBase {
  role: 'player';
  me: PlayerSelfView;
}
/** Everything one viewer may see, sent on (re)connect, join, create and `room:sync`. */
export type RoomSnapshot = HostSnapshot | PlayerSnapshot;

// ─── Ack results ────────────────────────────────────────────────────────────────────

export interface HelloResult {
  protocolVersion: number;
  serverNow: number;
}
export interface CreateRoomResult {
  code: string;
  joinUrl: string;
  /** Secret: keep it (e.g. localStorage) and send it in the Socket.IO `auth` to reconnect as host. */
  hostToken: string;
  snapshot: HostSnapshot;
}
export interface JoinRoomResult {
  playerId: string;
  /** Secret: keep it and send it in the Socket.IO `auth` to come back as the same player. */
  token: string;
  snapshot: PlayerSnapshot;
}
export interface LockResult {
  locked: boolean;
}
export interface StartResult {
  questionId: string;
}
export interface SubmitAnswerResult {
  questionId: string;
  step: number | null;
  /** The next step to answer, `null` when the answer is complete. */
  nextStep: number | null;
  /** Whether this answer is final (answers cannot change, or the question closed on it). */
  final: boolean;
}

export interface RelaySubmitResult {
  questionId: string;
  link: number;
  /** The team's next link to send (held by you or a teammate), `null` when the chain is complete. */
  nextLink: number | null;
  /** The team's chain is complete. */
  finished: boolean;
}

export interface DescentProposeResult {
  questionId: string;
  proposalId: string;
  /** The proposal is already the team's submission (the captain's, under the captain rule). */
  submitted: boolean;
}
export interface DescentConfirmResult {
  questionId: string;
  proposalId: string;
}
export interface DescentLrResult {
  lr: number;
}

// ─── Socket.IO event maps ───────────────────────────────────────────────────────────

export interface ClientToServerEvents {
  'session:hello': (payload: HelloPayload, ack: AckCallback<HelloResult>) => void;
  'room:create': (payload: CreateRoomPayload, ack: AckCallback<CreateRoomResult>) => void;
  'room:join': (payload: JoinRoomPayload, ack: AckCallback<JoinRoomResult>) => void;
  'room:sync': (payload: EmptyPayload, ack: AckCallback<RoomSnapshot>) => void;
  'room:leave': (payload: EmptyPayload, ack: AckCallback<Empty>) => void;
  'room:kick': (payload: KickPayload, ack: AckCallback<Empty>) => void;
  'room:lock': (payload: LockPayload, ack: AckCallback<LockResult>) => void;
  'room:close': (payload: EmptyPayload, ack: AckCallback<Empty>) => void;
  'team:assign': (payload: AssignTeamPayload, ack: AckCallback<Empty>) => void;
  'team:choose': (payload: ChooseTeamPayload, ack: AckCallback<Empty>) => void;
  'game:start': (payload: EmptyPayload, ack: AckCallback<StartResult>) => void;
  'game:pause': (payload: EmptyPayload, ack: AckCallback<Empty>) => void;
  'game:resume': (payload: EmptyPayload, ack: AckCallback<Empty>) => void;
  'game:next': (payload: NextPayload, ack: AckCallback<Empty>) => void;
  'game:end': (payload: EmptyPayload, ack: AckCallback<Empty>) => void;
  'question:end': (payload: QuestionGuardPayload, ack: AckCallback<Empty>) => void;
  'question:skip': (payload: QuestionGuardPayload, ack: AckCallback<Empty>) => void;
  'answer:submit': (payload: SubmitAnswerPayload, ack: AckCallback<SubmitAnswerResult>) => void;
  'relay:submit': (payload: RelaySubmitPayload, ack: AckCallback<RelaySubmitResult>) => void;
  'descent:propose': (payload: DescentProposePayload, ack: AckCallback<DescentProposeResult>) => void;
  'descent:confirm': (payload: DescentConfirmPayload, ack: AckCallback<DescentConfirmResult>) => void;
  'descent:lr': (payload: DescentLrPayload, ack: AckCallback<DescentLrResult>) => void;
}

export interface SessionEnded {
  reason: SessionEndReason;
}
export interface SessionError {
  /** The client event that could not be answered through an ack. */
  event: string;
  error: AckError;
}

/** Sent to every connection just before a graceful stop closes it. */
export interface ServerRestarting {
  /** A hint: wait about this long before reconnecting (Socket.IO's own backoff also works). */
  retryAfterMs: number;
}

export interface ServerToClientEvents {
  /** The whole view (after a reconnect with a token, or when the server resyncs a viewer). */
  'room:snapshot': (snapshot: RoomSnapshot) => void;
  /** Replaces `snapshot.phase`. */
  'room:phase': (phase: PhaseView) => void;
  /** Replaces `snapshot.me` (players only). */
  'room:me': (me: PlayerSelfView) => void;
  /** Replaces `snapshot.presence`. */
  'room:presence': (presence: PresenceView) => void;
  /** Patches `snapshot.roster` (host only): upsert rows by playerId, then remove ids. */
  'room:roster': (delta: RosterDelta) => void;
  /** Replaces `snapshot.standings`. */
  'room:standings': (standings: StandingsView) => void;
  /** Replaces `snapshot.room`. */
  'room:info': (room: RoomInfo) => void;
  /** This connection no longer holds a seat; forget the token unless the reason is `replaced`. */
  'session:ended': (ended: SessionEnded) => void;
  /** A request could not be acknowledged (it came without an ack callback). */
  'session:error': (error: SessionError) => void;
  /**
   * The server is stopping (restart or update). The connection closes right after; keep the
   * token, show "server restarting", and let Socket.IO reconnect: the seat and the game resume.
   */
  'server:restarting': (notice: ServerRestarting) => void;
}

export type InterServerEvents = Record<string, never>;

export type Seat = { role: 'host' } | { role: 'player'; playerId: string };

export interface SocketData {
  /** The room this connection holds a seat in, if any. */
  code: string | null;
  seat: Seat | null;
}

/** What a client puts in the Socket.IO `auth` option. */
export interface HandshakeAuth {
  /** A host or player token from `room:create` / `room:join`, to resume that seat. */
  token?: string;
}

/** Sent as `err.data` of a refused connection (`connect_error`). */
export interface ConnectErrorData {
  code: ErrorCode;
}

export const ClientAuthSchema = z.object({ token: z.string().min(1).max(200).optional() });

// ─── HTTP API (reports and room lists; docs/protocol.md, "HTTP API") ───────────────

/** Every HTTP API answer: the same shape as an ack. */
export type ApiResponse<T> = Ack<T>;

/** A room as the host's list shows it. */
export interface RoomSummary {
  code: string;
  title: string;
  phase: Phase;
  /** Running on this server now (reports show the game so far). */
  live: boolean;
  players: number;
  createdAt: number;
  /** When the room ended; `null` while it runs. */
  finishedAt: number | null;
  /** Paths of the downloads (send the host token in `Authorization: Bearer …`). */
  reports: { json: string; players: string; questions: string; teams: string };
}
export interface RoomListResult {
  rooms: RoomSummary[];
}
/** `POST /api/rooms/lookup`: the host tokens a device keeps (at most 50). */
export const RoomLookupSchema = z.object({ hostTokens: z.array(z.string().min(1).max(200)).min(1).max(50) });
export type RoomLookupPayload = z.input<typeof RoomLookupSchema>;

/** One player's answer to one question, as the report shows it. */
export interface ReportAnswer {
  questionId: string;
  /** What the player typed (steps joined with " ; "); `null`: no answer. */
  answer: string | null;
  /** Per step, as typed (one entry for a one-step question). */
  steps: (string | null)[];
  /** `null`: the question was void, or the player was not in the room when it closed. */
  status: ResultStatus | null;
  /** The mistakes the engine named, one per step at most. */
  diagnoses: MisconceptionKey[];
  /** From the question's opening to the counted answer, paused time excluded on timed questions. */
  seconds: number | null;
  points: number | null;
}
export interface PlayerReport {
  playerId: string;
  name: string;
  teamId: string | null;
  team: string | null;
  /** `null` for a player who is no longer in the room. */
  rank: number | null;
  /** Why the player is no longer in the room; `null` while in it. */
  departed: 'left' | 'kicked' | null;
  score: number;
  correct: number;
  asked: number;
  /** correct / asked, 0..1; `null` before any scored question. */
  accuracy: number | null;
  answers: ReportAnswer[];
}
export interface ReportMisconception {
  key: MisconceptionKey;
  message: Text;
  /** The message in the room's language. */
  text: string;
  count: number;
}
export interface QuestionReport {
  questionId: string;
  index: number;
  kind: ProblemKind;
  difficulty: Difficulty;
  /** Skipped or cut short: nobody scored it. */
  void: boolean;
  closedBy: CloseReason | null;
  problem: PublicProblem;
  /** The public problem as plain text in the room's language (`$…$` segments are LaTeX). */
  problemText: string;
  /** `null` for a void question (never revealed). With per-team variants: the base problem's. */
  answer: AnswerKey | null;
  /** Per-team variants: each team's answer key (`null` without variants or for a void question). */
  variantAnswers: { teamId: string; answer: AnswerKey }[] | null;
  /** Players scored on this question. */
  players: number;
  answered: number;
  correct: number;
  /** correct / players, 0..1; `null` for a void question or nobody scored. */
  accuracy: number | null;
  byStatus: Record<ResultStatus, number>;
  /** Every distinct answer (3 significant figures, or the choice id), most frequent first. */
  distribution: DistributionEntry[];
  misconceptions: ReportMisconception[];
  /** Relay rooms: every team's chain, link by link, and its result in the round (`null` for a void round; absent in other modes). */
  relay?: RelayTeamReport[] | null;
  /** Descent Race rooms: every team's step (`null` for a void iteration; absent in other modes). `problem` is then a placeholder. */
  descent?: DescentIterationReport[] | null;
}

/** One link of a team's relay chain, as its holder sent it. */
export interface RelayLinkReport {
  index: number;
  /** What the link sends on (`dL/dz1`, `w1'`) and its LaTeX. */
  asks: string;
  symbol: string;
  /** The gradient it received and the local derivative it multiplies by (`null` for the first link; `lr` for the update). */
  upstream: string | null;
  local: string | null;
  holderId: string;
  /** `null` once the holder has left the room. */
  holder: string | null;
  /** The upstream value the holder received (`null` for the first link, or a link never sent). */
  received: number | null;
  /** As typed; `null`: not sent before the round closed. */
  answer: string | null;
  value: number | null;
  status: Exclude<VerdictStatus, 'invalid'> | 'none';
  /** Right for the value received (error carried forward); `null` when not sent. */
  consistent: boolean | null;
  diagnosis: MisconceptionKey | null;
  /** Seconds from the round's start to the sending. */
  seconds: number | null;
  /** The right value for the team's own numbers, and as the solution writes it. */
  correctValue: number;
  correctDisplay: string;
}
/** A team's chain in one relay round and how the round went for it. */
export interface RelayTeamReport {
  teamId: string;
  team: string;
  /** Fastest fully correct chain first, then by credit (as on the reveal). */
  rank: number;
  winner: boolean;
  fullyCorrect: boolean;
  /** Mean link credit, 0..1. */
  credit: number;
  /** From the round's start to the last link; `null`: the chain was not completed. */
  durationSeconds: number | null;
  /** The first link wrong for what it received: where the error entered the chain. */
  errorEntry: number | null;
  links: RelayLinkReport[];
}

export interface ReportPerson {
  playerId: string;
  /** `null` once the player has left the room. */
  name: string | null;
}
/** One team's step in one Descent Race iteration. */
export interface DescentIterationReport {
  /** 0-based, counting the iterations played (a skipped one is not counted). */
  iteration: number;
  teamId: string;
  team: string;
  /** Parameters, loss and η when the iteration opened. */
  params: { w: number; b: number };
  loss: number;
  lr: number;
  /** As typed; `null`: the team settled on nothing and its parameters stayed. */
  submitted: { w: string; b: string | null } | null;
  proposedBy: ReportPerson | null;
  /** `null` also for a captain's own proposal (the captain rule needs no confirmation). */
  confirmedBy: ReportPerson | null;
  verdicts: { w: { status: VerdictStatus; diagnosis: MisconceptionKey | null }; b: { status: VerdictStatus; diagnosis: MisconceptionKey | null } | null } | null;
  /** The mistakes named, in the room's language. */
  diagnosisText: string | null;
  correct: boolean;
  /** What the team continues from (what it submitted, right or wrong), and the loss there. */
  next: { w: number; b: number };
  nextLoss: number;
}
export interface DescentTeamReport {
  teamId: string;
  team: string;
  lr: number;
  /** By lowest final loss among the teams with members; `null` before the last iteration closed, or without members. */
  rank: number | null;
  params: { w: number; b: number };
  finalLoss: number;
  correctSteps: number;
  /** Loss at the start of each iteration, then the current loss. */
  curve: number[];
}
/** A Descent Race room: the task, every team's run, the ranking and, from the podium on, w* and b*. */
export interface DescentReport {
  task: PublicDescentTask;
  lrMode: 'team' | number;
  confirm: DescentConfirmRule;
  iterations: number;
  teams: DescentTeamReport[];
  /** From the last iteration's reveal on (lowest final loss first); `null` before. */
  ranking: DescentRankEntry[] | null;
  /** The parameters that made the data: from the podium on, as on the projector. */
  hidden: { w: number; b: number } | null;
}
export interface TeamReport {
  teamId: string;
  name: string;
  colour: string;
  rank: number;
  score: number;
  members: { playerId: string; name: string; score: number }[];
}
/** `GET /api/rooms/:code/report.json`: everything the CSV downloads hold. */
export interface RoomReport {
  room: {
    code: string;
    title: string;
    mode: RoomMode;
    lang: Lang;
    phase: Phase;
    live: boolean;
    createdAt: number;
    finishedAt: number | null;
    questionCount: number;
    scoredQuestions: number;
    timeLimitMs: number | null;
    teams: TeamInfo[] | null;
  };
  generatedAt: number;
  /** Closed questions only: the open one is left out until its reveal. */
  questions: QuestionReport[];
  /** By rank, then the players who left or were removed. */
  players: PlayerReport[];
  teams: TeamReport[] | null;
  /** Descent Race rooms: the task, the teams' runs, the ranking and the hidden parameters (absent in other modes). */
  descent?: DescentReport;
}
