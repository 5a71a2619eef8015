/**
 * What a room is made of, for the room machine (room-state.ts) and the game modes
 * (server/modes/) alike: the state types, the effects and results of a transition, the
 * writer that changes records, and the helpers every rule reads the state with. The state
 * is a plain JSON-serialisable object (checkpointed by the stores); it holds the full
 * problems with their answers, so it never leaves the server: everything sent goes through
 * view.ts.
 */
import { type Difficulty, type Lang, type MisconceptionKey, type Problem, type QuestionKind, type Text, type VerdictStatus, deriveSeed } from '../../shared/engine/index.ts';
import type {
  AckError,
  CloseReason,
  ContestPacing,
  EndedReason,
  ErrorCode,
  PlayerResult,
  RoomConfig,
  TeamInfo,
} from '../../shared/protocol/index.ts';
import { ERROR_CODES } from '../../shared/protocol/index.ts';
import type { PointMultiplier, SetItem } from '../../shared/question-sets/schema.ts';
import type { ModeQuestionParts, ModeRoomParts } from '../modes/registry.ts';
import { competitionRanks, teamScore } from './scoring.ts';

// ─── State ──────────────────────────────────────────────────────────────────────────

export const ROOM_STATE_VERSION = 1;

export interface PlayerState {
  id: string;
  name: string;
  /** Case- and space-insensitive form of the name, for uniqueness. */
  nameKey: string;
  teamId: string | null;
  tokenHash: string;
  connected: boolean;
  joinedAt: number;
  score: number;
  correct: number;
  asked: number;
  streak: number;
  /** Rank among current players (by score); `null` before the first scored question. */
  rank: number | null;
  /** Rank before the last scored question. */
  previousRank: number | null;
  /** A name the room generated: the language it is made in (a re-roll keeps it) and the re-rolls left. Absent for a typed name. */
  generated?: { lang: Lang; rerolls: number };
}

/** A player no longer in the room, kept for the report (their answers stay in the questions). */
export interface DepartedPlayer {
  id: string;
  name: string;
  teamId: string | null;
  score: number;
  correct: number;
  asked: number;
  reason: 'kicked' | 'left';
  at: number;
}

export interface StepSubmission {
  raw: string;
  value: number | string;
  status: Exclude<VerdictStatus, 'invalid'>;
  diagnosis: MisconceptionKey | null;
  message: Text;
  consistent: boolean | null;
  /** Server epoch ms. */
  at: number;
  /** Active (unpaused) milliseconds left when it arrived; `null` when untimed. */
  remainingMs: number | null;
}

export interface Submission {
  /** The team whose variant was answered (`null` without variants). */
  variant: string | null;
  /** Indexed by step (one entry for a one-step problem). */
  steps: (StepSubmission | null)[];
}

/**
 * One question (a round, an iteration) of the plan. A mode keeps its own part of a round in
 * the fields it declares (ModeQuestionParts), absent in the rooms of other modes.
 */
export interface QuestionState extends ModeQuestionParts {
  id: string;
  index: number;
  kind: QuestionKind;
  difficulty: Difficulty;
  problem: Problem;
  /** Per-team problems (same kind and difficulty, different numbers), by team id. */
  variants: Record<string, Problem> | null;
  openedAt: number;
  limitMs: number | null;
  closedAt: number | null;
  closedBy: CloseReason | null;
  /** Skipped, or cut short by the end of the game: nobody scores it. */
  voided: boolean;
  submissions: Record<string, Submission>;
  results: Record<string, PlayerResult> | null;
  /** A question of a set: the item it comes from (0-based, in `config.set.items`); absent otherwise. */
  item?: number;
  /** The item's points multiplier (×0 practice, ×1, ×2); absent: ×1, as every question outside a set. */
  points?: PointMultiplier;
}

/** One question of the plan; `item`: the set's item it plays (0-based), absent when the room plays no set. */
export interface PlanEntry {
  kind: QuestionKind;
  difficulty: Difficulty;
  item?: number;
}

export type QuestionPhase = {
  phase: 'question';
  index: number;
  /** Absolute server epoch ms; `null` when untimed or paused. */
  deadline: number | null;
  paused: boolean;
  /** While paused: the milliseconds that were left (`null` when untimed). */
  pausedRemainingMs: number | null;
  /**
   * A lockstep contest room where the question would have closed: answers are refused and nothing is
   * scored until the contest releases it (`contest:release`), once every room of the contest has
   * closed it. Absent outside lockstep contest rooms.
   */
  held?: boolean;
  /** Why it is held: the reason its close will give once released. */
  heldBy?: CloseReason;
};

export type PhaseState =
  | { phase: 'lobby' }
  | QuestionPhase
  | { phase: 'reveal'; index: number }
  | { phase: 'leaderboard'; index: number }
  | { phase: 'podium'; endedEarly: boolean }
  | { phase: 'ended'; reason: EndedReason; endedAt: number };

/** The contest a room plays in (docs/contests.md): set at creation, never changed. */
export interface RoomContest {
  /** The contest's code. */
  code: string;
  /** The organizer's slot this room fills (one live room per slot). */
  slotId: string;
  /** The slot's label (e.g. "Class 8-1"). */
  label: string;
  /** The contest's title. */
  title: string;
  /** `lockstep`: the contest opens, closes and releases its questions (system events), not the host. */
  pacing: ContestPacing;
}

/** A room. A mode keeps its room-wide part in the fields it declares (ModeRoomParts). */
export interface RoomState extends ModeRoomParts {
  version: typeof ROOM_STATE_VERSION;
  code: string;
  /** Secret: every problem derives from it. */
  seed: number;
  createdAt: number;
  lastActivityAt: number;
  /** An untouched room ends after this long. */
  idleTtlMs: number;
  config: RoomConfig;
  teams: TeamInfo[];
  locked: boolean;
  host: { tokenHash: string; connected: boolean };
  players: Record<string, PlayerState>;
  /** Tokens of kicked players: refused from then on. */
  refusedTokenHashes: string[];
  /** Players who left or were removed, as they were then (for the host's report); absent until the first. */
  departed?: Record<string, DepartedPlayer>;
  plan: PlanEntry[];
  questions: QuestionState[];
  scoredQuestions: number;
  /** Team ranks before the last scored question, by team id. */
  teamPreviousRanks: Record<string, number>;
  phase: PhaseState;
  /** Which game of the room this is ("Play again" starts the next); absent: the first. */
  game?: number;
  /** The room's finished games, oldest first, each as it stood on its podium (for their reports); absent: none. */
  pastGames?: PastGame[];
  /** A room of a contest; absent in every other room (and in every room saved before contests). */
  contest?: RoomContest;
}

/** A game the room played before "Play again": its whole state then, without the games before it. */
export interface PastGame {
  game: number;
  endedAt: number;
  state: Omit<RoomState, 'pastGames'>;
}

// ─── Actors, effects, results ───────────────────────────────────────────────────────

/** Who sends an event: the host, a seated player, a connection without a seat, or the room itself (its timer, its contest). */
export type Actor = { role: 'host' } | { role: 'player'; playerId: string } | { role: 'guest' } | { role: 'system' };

/** What changed, for the Room to turn into frames (through view.ts). */
export type Effect =
  /** The phase view changed for every viewer. */
  | { type: 'phase' }
  /** The phase view changed for the host and one team's players (a team's part of a round moved). */
  | { type: 'team-phase'; teamId: string }
  /** Every player's result for this question is ready (the reveal). */
  | { type: 'results'; index: number }
  /** These players' own view changed. */
  | { type: 'me'; playerIds: string[] }
  /** These roster rows changed (head counts may have too). */
  | { type: 'roster'; playerIds: string[] }
  | { type: 'roster-remove'; playerId: string }
  /** Only head counts changed. */
  | { type: 'presence' }
  | { type: 'info' }
  | { type: 'standings' }
  /** This player's seat is gone: tell its connection and let go of it. */
  | { type: 'unseat'; playerId: string; reason: 'kicked' | 'left' }
  /** The room has ended. */
  | { type: 'closed' };

export type TransitionResult<R> =
  | { ok: true; state: RoomState; effects: Effect[]; reply: R }
  | { ok: false; error: AckError };

export type Refusal = { ok: false; error: AckError };
export type Changed = { state: RoomState; effects: Effect[] };
export type EmptyReply = Record<string, never>;
export const EMPTY: EmptyReply = {};

export function fail(code: ErrorCode, message: string, extra: Omit<AckError, 'code' | 'message'> = {}): Refusal {
  return { ok: false, error: { code, message, ...extra } };
}

export function done<R>(changed: Changed, reply: R): { ok: true; state: RoomState; effects: Effect[]; reply: R } {
  return { ok: true, state: changed.state, effects: changed.effects, reply };
}

export function wrongPhase(state: RoomState, action: string): Refusal {
  return fail(ERROR_CODES.WRONG_PHASE, `cannot ${action} in the ${state.phase.phase} phase`);
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}

// ─── Reading the state ──────────────────────────────────────────────────────────────

/** The question a phase is about (question, reveal, leaderboard), by index. */
export function phaseIndex(phase: PhaseState): number | null {
  switch (phase.phase) {
    case 'question':
    case 'reveal':
    case 'leaderboard':
      return phase.index;
    case 'lobby':
    case 'podium':
    case 'ended':
      return null;
    default:
      return assertNever(phase);
  }
}

export function currentQuestion(state: RoomState): QuestionState | null {
  const index = phaseIndex(state.phase);
  return index === null ? null : (state.questions[index] ?? null);
}

/** A room of a lockstep contest: its contest, not its host, paces the questions. */
export function isLockstep(state: Pick<RoomState, 'contest'>): boolean {
  return state.contest?.pacing === 'lockstep';
}

/** The set item question `index` plays, or `null` when the room plays no set. */
export function setItemOf(state: Pick<RoomState, 'config' | 'plan'>, index: number): SetItem | null {
  const item = state.plan[index]?.item;
  return item === undefined ? null : (state.config.set?.items[item] ?? null);
}

/** The points multiplier of a question: its item's, or ×1. */
export function multiplierOf(question: Pick<QuestionState, 'points'>): PointMultiplier {
  return question.points ?? 1;
}

/** The problem a player answers: the team's variant when variants are on. */
export function problemFor(question: QuestionState, teamId: string | null): Problem {
  return (teamId !== null && question.variants?.[teamId]) || question.problem;
}

export function stepCountOf(problem: Problem): number {
  return problem.steps?.length ?? 1;
}

export function isComplete(question: QuestionState, submission: Submission | undefined): boolean {
  if (!submission) return false;
  const count = stepCountOf(problemFor(question, submission.variant));
  for (let i = 0; i < count; i++) if (!submission.steps[i]) return false;
  return true;
}

export function playerList(state: RoomState): PlayerState[] {
  return Object.values(state.players);
}

/** A team's current members, in join order. */
export function teamMembers(state: RoomState, teamId: string): string[] {
  const members: string[] = [];
  for (const id in state.players) if (state.players[id]!.teamId === teamId) members.push(id);
  return members;
}

export function remainingAt(phase: QuestionPhase, now: number): number | null {
  // A held question's time is spent (it may have been held early, when everyone had answered).
  if (phase.held) return 0;
  if (phase.paused) return phase.pausedRemainingMs;
  return phase.deadline === null ? null : Math.max(0, phase.deadline - now);
}

/** Remaining milliseconds of the open question as the server sees them now. */
export function remainingMs(state: RoomState, now: number): number | null {
  return state.phase.phase === 'question' ? remainingAt(state.phase, now) : null;
}

/** Tries a seed, then the next seeds of a fixed sequence (the engine's, so a set's generated item matches a room's question). */
export { withFallbackSeeds } from '../../shared/engine/prng.ts';

// ─── Writes ─────────────────────────────────────────────────────────────────────────
//
// A transition changes records only through the Writer it is given. The copying writer
// copies every record it changes, so the state it is given is never touched (tests,
// replay). A live room owns its state and uses an in-place writer instead: the players
// record and a question's submissions are written in place, since copying them on every
// join, drop and answer made each phase O(players²). Every such write is recorded so that a
// journal failure (or an exception) can undo it, and the top-level state and a changed
// question are still new objects, so change detection by reference keeps working (the
// store's checkpoints, report caches). All checks come before the first write, so a
// refused event writes nothing.

export interface Writer {
  player(state: RoomState, player: PlayerState): RoomState;
  submission(state: RoomState, question: QuestionState, playerId: string, submission: Submission): RoomState;
}

/** Counts kept beside a players record so a join or an answer need not scan every player. */
interface PlayerIndex {
  size: number;
  connected: number;
  /** nameKey → players holding it (names are unique: 0 or 1). */
  names: Map<string, number>;
  /** teamId → members and connected members. */
  teams: Map<string, { members: number; connected: number }>;
}

const playerIndexes = new WeakMap<Record<string, PlayerState>, PlayerIndex>();
/** Complete submissions per submissions record (same question throughout). */
const completeCounts = new WeakMap<Record<string, Submission>, number>();

export function indexOfPlayers(players: Record<string, PlayerState>): PlayerIndex {
  let index = playerIndexes.get(players);
  if (!index) {
    index = { size: 0, connected: 0, names: new Map(), teams: new Map() };
    for (const id in players) countPlayer(index, players[id]!, 1);
    playerIndexes.set(players, index);
  }
  return index;
}

function countPlayer(index: PlayerIndex, player: PlayerState, sign: 1 | -1): void {
  index.size += sign;
  if (player.connected) index.connected += sign;
  index.names.set(player.nameKey, (index.names.get(player.nameKey) ?? 0) + sign);
  if (player.teamId !== null) {
    let team = index.teams.get(player.teamId);
    if (!team) index.teams.set(player.teamId, (team = { members: 0, connected: 0 }));
    team.members += sign;
    if (player.connected) team.connected += sign;
  }
}

/** Set one player of a record (`undefined` only to undo an addition); `undo` collects the way back. */
function writePlayer(players: Record<string, PlayerState>, id: string, player: PlayerState | undefined, undo: (() => void)[] | null): void {
  const old = players[id];
  const index = playerIndexes.get(players);
  if (index) {
    if (old) countPlayer(index, old, -1);
    if (player) countPlayer(index, player, 1);
  }
  if (player) players[id] = player;
  else delete players[id];
  undo?.push(() => writePlayer(players, id, old, null));
}

function writeSubmission(question: QuestionState, id: string, submission: Submission | undefined, undo: (() => void)[] | null): void {
  const record = question.submissions;
  const old = record[id];
  const count = completeCounts.get(record);
  if (count !== undefined) completeCounts.set(record, count - (isComplete(question, old) ? 1 : 0) + (isComplete(question, submission) ? 1 : 0));
  if (submission) record[id] = submission;
  else delete record[id];
  undo?.push(() => writeSubmission(question, id, old, null));
}

export const copyingWriter: Writer = {
  player: (state, player) => ({ ...state, players: { ...state.players, [player.id]: player } }),
  submission: (state, question, playerId, submission) =>
    withQuestion(state, { ...question, submissions: { ...question.submissions, [playerId]: submission } }),
};

/** A writer for the owner of a state: writes in place and pushes onto `undo` the steps that put everything back. */
export function inPlaceWriter(undo: (() => void)[]): Writer {
  return {
    player(state, player) {
      writePlayer(state.players, player.id, player, undo);
      return { ...state };
    },
    submission(state, question, playerId, submission) {
      writeSubmission(question, playerId, submission, undo);
      // A new question object: the checkpoint rewrites questions that are not the ones it last wrote.
      return withQuestion(state, { ...question });
    },
  };
}

/** Players with a complete answer to a question, counted once per submissions record. */
export function completeCount(question: QuestionState): number {
  let count = completeCounts.get(question.submissions);
  if (count === undefined) {
    count = 0;
    for (const id in question.submissions) if (isComplete(question, question.submissions[id])) count++;
    completeCounts.set(question.submissions, count);
  }
  return count;
}

export function playerCount(state: RoomState): number {
  return indexOfPlayers(state.players).size;
}

/** Always a copy: undoing an in-place delete would put the player back at the end of the record's order. Leaving is rare. */
export function withoutPlayer(state: RoomState, playerId: string): RoomState {
  const { [playerId]: _gone, ...players } = state.players;
  return { ...state, players };
}

export function withQuestion(state: RoomState, question: QuestionState): RoomState {
  const questions = state.questions.slice();
  questions[question.index] = question;
  return { ...state, questions };
}

// ─── Ranks ──────────────────────────────────────────────────────────────────────────


/**
 * Competition ranks of the current players by score (1 + how many scored more), in the order given.
 * A rank depends on the score alone, so the scores are sorted as numbers, not the players as
 * objects, and each rank is found by a binary search: a reveal of thousands ranks everyone twice,
 * with no map from ids.
 */
export function rankPlayers(players: readonly { score: number }[]): Int32Array {
  const n = players.length;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = players[i]!.score;
  sorted.sort();
  const ranks = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const score = players[i]!.score;
    // The first place holding a higher score: everyone from there on scored more.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! > score) hi = mid;
      else lo = mid + 1;
    }
    ranks[i] = n - lo + 1;
  }
  return ranks;
}

/**
 * Team ranks by team score (mean of members). A team nobody is in is not ranked: it has no
 * score to show, and 0 would stack it on the podium below the teams that played.
 */
export function rankTeams(state: RoomState): Map<string, { score: number; rank: number; members: number }> {
  const scores = new Map<string, number[]>(state.teams.map((t) => [t.id, []]));
  for (const p of playerList(state)) if (p.teamId !== null) scores.get(p.teamId)?.push(p.score);
  const entries = state.teams
    .filter((t) => scores.get(t.id)!.length > 0)
    .map((t) => ({ id: t.id, score: teamScore(scores.get(t.id)!), members: scores.get(t.id)!.length }))
    .sort((a, b) => b.score - a.score);
  const ranks = competitionRanks(entries.map((e) => e.score));
  return new Map(entries.map((e, i) => [e.id, { score: e.score, rank: ranks[i]!, members: e.members }]));
}

/** A result for a player who had no part in a team round (no team, or a team without a run). */
export function emptyResult(question: QuestionState): PlayerResult {
  return { questionId: question.id, status: 'none', correct: false, points: 0, breakdown: { base: 0, speed: 0, streak: 0 }, verdicts: [], streak: 0 };
}
