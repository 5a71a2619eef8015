/**
 * The rules of a live game as a pure state machine: `transition(state, actor, event, now)`
 * returns the next state and the effects to send, or an error and no change. The state
 * is a plain JSON-serialisable object (persisted by later storage layers); it holds the
 * full problems with their answers, so it never leaves the server: everything sent goes
 * through view.ts. Time is the `now` passed in; timers belong to the Room around this.
 */
import {
  type DescentTask,
  type Difficulty,
  type MisconceptionKey,
  type Problem,
  type ProblemKind,
  type RelayProblem,
  type Text,
  type VerdictStatus,
  deriveSeed,
  generateProblem,
  generateDescentTask,
  generateRelayProblem,
  gradeAnswer,
  parseNumber,
  toPublicDescentTask,
} from '../../shared/engine/index.ts';
import {
  DESCENT_SCORING,
  type DescentActionError,
  type DescentTeamRun,
  chooseLearningRate,
  closeIteration,
  confirm as confirmProposal,
  propose as proposeStep,
  rankDescent,
  startDescentRun,
} from '../modes/descent-rules.ts';
import {
  RELAY_SCORING,
  type RelayTeamRun,
  currentLink,
  rankRuns,
  redealOpenLinks,
  relayPoints,
  startRun,
  submitLink,
} from '../modes/relay-rules.ts';
import {
  type AckError,
  type CloseReason,
  DescentConfigSchema,
  ERROR_CODES,
  type EndedReason,
  type ErrorCode,
  type PlayerResult,
  type RoomConfig,
  type TeamInfo,
  type VerdictView,
} from '../../shared/protocol/index.ts';
import { nicknameKey, normaliseNickname, suggestNickname } from './nickname.ts';
import { type StepGrade, competitionRanks, resultStatus, scoreAnswer, stepCredit, teamScore } from './scoring.ts';
import { teamsFor } from './team-defaults.ts';

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

export interface QuestionState {
  id: string;
  index: number;
  kind: ProblemKind;
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
  /** Relay rounds: each team's chain, by team id (teams without members at the start have none). */
  relay?: Record<string, RelayTeamRun>;
}

export type PhaseState =
  | { phase: 'lobby' }
  | {
      phase: 'question';
      index: number;
      /** Absolute server epoch ms; `null` when untimed or paused. */
      deadline: number | null;
      paused: boolean;
      /** While paused: the milliseconds that were left (`null` when untimed). */
      pausedRemainingMs: number | null;
    }
  | { phase: 'reveal'; index: number }
  | { phase: 'leaderboard'; index: number }
  | { phase: 'podium'; endedEarly: boolean }
  | { phase: 'ended'; reason: EndedReason; endedAt: number };

/** Descent Race: one hidden task for the whole room and every team's run through it. */
export interface DescentRoomState {
  task: DescentTask;
  /** By team id: every team of the room (a team without members keeps its first guess). */
  runs: Record<string, DescentTeamRun>;
  /** Proposals made so far in the room (proposal ids are `d1`, `d2`, …). */
  proposals: number;
}

export interface RoomState {
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
  plan: { kind: ProblemKind; difficulty: Difficulty }[];
  questions: QuestionState[];
  scoredQuestions: number;
  /** Team ranks before the last scored question, by team id. */
  teamPreviousRanks: Record<string, number>;
  phase: PhaseState;
  /** Descent Race rooms only. */
  descent?: DescentRoomState;
}

export interface CreateRoomInput {
  code: string;
  seed: number;
  config: RoomConfig;
  hostTokenHash: string;
  now: number;
  idleTtlMs: number;
}

/** Kinds cycle in the configured order; difficulties ramp through the configured list. */
export function planQuestions(config: RoomConfig): { kind: ProblemKind; difficulty: Difficulty }[] {
  const kinds: readonly ProblemKind[] = config.mode === 'quiz' || config.mode === 'descent' ? config.kinds : ['chain-steps'];
  const { difficulties, questionCount } = config;
  return Array.from({ length: questionCount }, (_, i) => ({
    kind: kinds[i % kinds.length]!,
    difficulty: difficulties[Math.floor((i * difficulties.length) / questionCount)]!,
  }));
}

/**
 * What a mode implies: chain-steps and relay ask only step problems. A relay round always gives
 * each team its own numbers, because the projector shows every team's values as they are sent.
 */
function configFor(config: RoomConfig): RoomConfig {
  switch (config.mode) {
    case 'quiz':
      return config;
    case 'chain-steps':
      return { ...config, kinds: ['chain-steps'] };
    case 'relay':
      return { ...config, kinds: ['chain-steps'], teams: config.teams && { ...config.teams, variants: true } };
    case 'descent':
      // One task for the room at the first difficulty; the iterations' `problem` is a placeholder (an update problem).
      return {
        ...config,
        kinds: ['update'],
        difficulties: [config.difficulties[0]!],
        teams: config.teams && { ...config.teams, variants: false },
        descent: DescentConfigSchema.parse(config.descent ?? {}),
      };
    default:
      return assertNever(config.mode);
  }
}

/** The room's hidden task (from the room seed) and each team's first guess and η. */
function startDescent(config: RoomConfig, seed: number, teams: readonly TeamInfo[]): DescentRoomState {
  const options = DescentConfigSchema.parse(config.descent ?? {});
  const task = generateDescentTask({ seed: deriveSeed(seed, 'descent'), difficulty: config.difficulties[0]!, activation: options.activation });
  const lr = options.lr === 'team' ? task.defaultLr : options.lr;
  return { task, runs: Object.fromEntries(teams.map((t) => [t.id, startDescentRun(task, t.id, lr)])), proposals: 0 };
}

export function createRoomState(input: CreateRoomInput): RoomState {
  const config: RoomConfig = configFor(input.config);
  const teams = teamsFor(config.teams, config.lang);
  return {
    version: ROOM_STATE_VERSION,
    code: input.code,
    seed: input.seed >>> 0,
    createdAt: input.now,
    lastActivityAt: input.now,
    idleTtlMs: input.idleTtlMs,
    config,
    teams,
    locked: false,
    host: { tokenHash: input.hostTokenHash, connected: false },
    players: {},
    refusedTokenHashes: [],
    plan: planQuestions(config),
    questions: [],
    scoredQuestions: 0,
    teamPreviousRanks: {},
    phase: { phase: 'lobby' },
    ...(config.mode === 'descent' ? { descent: startDescent(config, input.seed >>> 0, teams) } : {}),
  };
}

// ─── Events, effects, results ───────────────────────────────────────────────────────

/** Who sends an event: the host, a seated player, a connection without a seat, or the room's own timer. */
export type Actor = { role: 'host' } | { role: 'player'; playerId: string } | { role: 'guest' } | { role: 'system' };

export type RoomEvent =
  | { type: 'join'; playerId: string; tokenHash: string; nickname: string; teamId: string | null }
  | { type: 'connect' }
  | { type: 'drop' }
  | { type: 'leave' }
  | { type: 'kick'; playerId: string }
  | { type: 'lock'; locked: boolean }
  | { type: 'assign-team'; playerId: string; teamId: string }
  | { type: 'choose-team'; teamId: string }
  | { type: 'start' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'end-question'; questionId: string | null }
  | { type: 'skip-question'; questionId: string | null }
  | { type: 'next'; from: 'reveal' | 'leaderboard' | null }
  | { type: 'end-game' }
  | { type: 'close' }
  | { type: 'submit'; questionId: string; answer: string; step: number | null }
  | { type: 'relay-submit'; questionId: string; link: number; answer: string }
  | { type: 'descent-propose'; questionId: string; w: string; b: string | null }
  | { type: 'descent-confirm'; questionId: string; proposalId: string }
  | { type: 'descent-lr'; lr: number }
  | { type: 'tick' };

export type EmptyReply = Record<string, never>;
export interface Replies {
  join: { playerId: string };
  connect: EmptyReply;
  drop: EmptyReply;
  leave: EmptyReply;
  kick: EmptyReply;
  lock: { locked: boolean };
  'assign-team': EmptyReply;
  'choose-team': EmptyReply;
  start: { questionId: string };
  pause: EmptyReply;
  resume: EmptyReply;
  'end-question': EmptyReply;
  'skip-question': EmptyReply;
  next: EmptyReply;
  'end-game': EmptyReply;
  close: EmptyReply;
  submit: { questionId: string; step: number | null; nextStep: number | null; final: boolean };
  'relay-submit': { questionId: string; link: number; nextLink: number | null; finished: boolean };
  'descent-propose': { questionId: string; proposalId: string; submitted: boolean };
  'descent-confirm': { questionId: string; proposalId: string };
  'descent-lr': { lr: number };
  tick: EmptyReply;
}

/** What changed, for the Room to turn into frames (through view.ts). */
export type Effect =
  /** The phase view changed for every viewer. */
  | { type: 'phase' }
  /** The phase view changed for the host and one team's players (a relay link was sent or redealt, a descent proposal). */
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

type Result<T extends RoomEvent['type']> = TransitionResult<Replies[T]>;
type Changed = { state: RoomState; effects: Effect[] };

function fail(code: ErrorCode, message: string, extra: Omit<AckError, 'code' | 'message'> = {}): { ok: false; error: AckError } {
  return { ok: false, error: { code, message, ...extra } };
}

function done<R>(changed: Changed, reply: R): { ok: true; state: RoomState; effects: Effect[]; reply: R } {
  return { ok: true, state: changed.state, effects: changed.effects, reply };
}

const EMPTY: EmptyReply = {};

function notHost() {
  return fail(ERROR_CODES.NOT_HOST, 'only the host can do this');
}

function wrongPhase(state: RoomState, action: string) {
  return fail(ERROR_CODES.WRONG_PHASE, `cannot ${action} in the ${state.phase.phase} phase`);
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}

// ─── Helpers ────────────────────────────────────────────────────────────────────────

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

function answeredSteps(submission: Submission | undefined): number {
  return submission ? submission.steps.filter((s) => s !== null).length : 0;
}

export function playerList(state: RoomState): PlayerState[] {
  return Object.values(state.players);
}

// ─── Writes ─────────────────────────────────────────────────────────────────────────
//
// `transition()` copies every record it changes, so the state it is given is never touched
// (tests, replay). A live room owns its state and calls `transitionInPlace()` instead: the
// players record and a question's submissions are written in place, since copying them on
// every join, drop and answer made each phase O(players²). Every such write is recorded so
// that a journal failure (or an exception) can undo it, and the top-level state and a changed
// question are still new objects, so change detection by reference keeps working (the
// store's checkpoints, report caches). All checks come before the first write, so a refused
// event writes nothing.

/** Undo steps of the in-place transition running now; `null` while copying. */
let inPlaceUndo: (() => void)[] | null = null;

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

function indexOfPlayers(players: Record<string, PlayerState>): PlayerIndex {
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

/** Set one player of a record owned by the running in-place transition (`undefined` only to undo an addition). */
function writePlayer(players: Record<string, PlayerState>, id: string, player: PlayerState | undefined): void {
  const old = players[id];
  const index = playerIndexes.get(players);
  if (index) {
    if (old) countPlayer(index, old, -1);
    if (player) countPlayer(index, player, 1);
  }
  if (player) players[id] = player;
  else delete players[id];
  inPlaceUndo?.push(() => writePlayer(players, id, old));
}

function writeSubmission(question: QuestionState, id: string, submission: Submission | undefined): void {
  const record = question.submissions;
  const old = record[id];
  const count = completeCounts.get(record);
  if (count !== undefined) completeCounts.set(record, count - (isComplete(question, old) ? 1 : 0) + (isComplete(question, submission) ? 1 : 0));
  if (submission) record[id] = submission;
  else delete record[id];
  inPlaceUndo?.push(() => writeSubmission(question, id, old));
}

function completeCount(question: QuestionState): number {
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

/** Head counts without a scan of the players (presence goes out with every snapshot and every few hundred ms). */
export function headCounts(state: RoomState): {
  players: number;
  connected: number;
  teams: ReadonlyMap<string, { members: number; connected: number }>;
  /** Current players with a complete answer to the open question; `null` outside a question. */
  answered: number | null;
} {
  const index = indexOfPlayers(state.players);
  const phase = state.phase;
  let answered: number | null = null;
  if (phase.phase === 'question' && state.descent) {
    // A descent member has answered once the team has settled on its submission.
    answered = 0;
    for (const run of Object.values(state.descent.runs)) if (run.submission) answered += index.teams.get(run.teamId)?.members ?? 0;
  } else if (phase.phase === 'question' && state.questions[phase.index]!.relay) {
    // A relay member has answered once the team's chain is complete.
    answered = 0;
    for (const run of Object.values(state.questions[phase.index]!.relay!)) if (run.finishedAt !== null) answered += index.teams.get(run.teamId)?.members ?? 0;
  } else if (phase.phase === 'question') {
    const question = state.questions[phase.index]!;
    answered = completeCount(question);
    // Answers of players who have left stay in the question (for the report) but are not counted.
    for (const id in state.departed) if (!state.players[id] && isComplete(question, question.submissions[id])) answered--;
  }
  return { players: index.size, connected: index.connected, teams: index.teams, answered };
}

function withPlayer(state: RoomState, player: PlayerState): RoomState {
  if (!inPlaceUndo) return { ...state, players: { ...state.players, [player.id]: player } };
  writePlayer(state.players, player.id, player);
  return { ...state };
}

/** Always a copy: undoing an in-place delete would put the player back at the end of the record's order. Leaving is rare. */
function withoutPlayer(state: RoomState, playerId: string): RoomState {
  const { [playerId]: _gone, ...players } = state.players;
  return { ...state, players };
}

function withSubmission(state: RoomState, question: QuestionState, playerId: string, submission: Submission): RoomState {
  if (!inPlaceUndo) return withQuestion(state, { ...question, submissions: { ...question.submissions, [playerId]: submission } });
  writeSubmission(question, playerId, submission);
  // A new question object: the checkpoint rewrites questions that are not the ones it last wrote.
  return withQuestion(state, { ...question });
}

function withQuestion(state: RoomState, question: QuestionState): RoomState {
  const questions = state.questions.slice();
  questions[question.index] = question;
  return { ...state, questions };
}

function teamSizes(state: RoomState): Map<string, number> {
  const sizes = new Map(state.teams.map((t) => [t.id, 0]));
  for (const p of playerList(state)) if (p.teamId !== null) sizes.set(p.teamId, (sizes.get(p.teamId) ?? 0) + 1);
  return sizes;
}

/** The team with the fewest members; ties go to the earlier team. */
function smallestTeam(sizes: Map<string, number>, teams: readonly TeamInfo[]): string {
  let best = teams[0]!.id;
  for (const team of teams) if (sizes.get(team.id)! < sizes.get(best)!) best = team.id;
  return best;
}

/** Players without a team get the smallest team, in join order. */
function balanceUnassigned(state: RoomState): { state: RoomState; moved: string[] } {
  if (state.teams.length === 0) return { state, moved: [] };
  const sizes = teamSizes(state);
  const players = { ...state.players };
  const moved: string[] = [];
  for (const p of playerList(state)) {
    if (p.teamId !== null) continue;
    const teamId = smallestTeam(sizes, state.teams);
    sizes.set(teamId, sizes.get(teamId)! + 1);
    players[p.id] = { ...p, teamId };
    moved.push(p.id);
  }
  return { state: { ...state, players }, moved };
}

function sortedByScore(players: readonly PlayerState[]): PlayerState[] {
  return players.slice().sort((a, b) => b.score - a.score || a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : 1));
}

/** Competition ranks of the current players by score. */
function rankPlayers(players: readonly PlayerState[]): Map<string, number> {
  const sorted = sortedByScore(players);
  const ranks = competitionRanks(sorted.map((p) => p.score));
  return new Map(sorted.map((p, i) => [p.id, ranks[i]!]));
}

/** Team ranks by team score (mean of members). */
export function rankTeams(state: RoomState): Map<string, { score: number; rank: number; members: number }> {
  const scores = new Map<string, number[]>(state.teams.map((t) => [t.id, []]));
  for (const p of playerList(state)) if (p.teamId !== null) scores.get(p.teamId)?.push(p.score);
  const entries = state.teams
    .map((t) => ({ id: t.id, score: teamScore(scores.get(t.id)!), members: scores.get(t.id)!.length }))
    .sort((a, b) => b.score - a.score);
  const ranks = competitionRanks(entries.map((e) => e.score));
  return new Map(entries.map((e, i) => [e.id, { score: e.score, rank: ranks[i]!, members: e.members }]));
}

/** After someone leaves, the remaining ranks close the gap. */
function rerank(state: RoomState): RoomState {
  if (state.scoredQuestions === 0) return state;
  const ranks = rankPlayers(playerList(state));
  const players: Record<string, PlayerState> = {};
  for (const p of playerList(state)) players[p.id] = { ...p, rank: ranks.get(p.id)! };
  return { ...state, players };
}

// ─── Problems ───────────────────────────────────────────────────────────────────────

/**
 * Question i's problem uses deriveSeed(roomSeed, i); a team's variant deriveSeed(roomSeed, `${i}:${teamId}`).
 * Should the engine ever fail to find acceptable numbers for a seed, the next seed of a fixed sequence is used.
 */
export function generateFor(seed: number, kind: ProblemKind, difficulty: Difficulty): Problem {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const attemptSeed = attempt === 0 ? seed : deriveSeed(seed, `retry:${attempt}`);
    try {
      return generateProblem({ kind, seed: attemptSeed, difficulty });
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** A relay round's problem, with the same fallback seeds as `generateFor`. */
export function generateRelayFor(seed: number, difficulty: Difficulty): RelayProblem {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return generateRelayProblem({ seed: attempt === 0 ? seed : deriveSeed(seed, `retry:${attempt}`), difficulty });
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

export function isRelayProblem(problem: Problem): problem is RelayProblem {
  return Array.isArray((problem as Partial<RelayProblem>).links);
}

/** A team's current members, in join order (the order links are dealt in). */
export function teamMembers(state: RoomState, teamId: string): string[] {
  const members: string[] = [];
  for (const id in state.players) if (state.players[id]!.teamId === teamId) members.push(id);
  return members;
}

function openQuestion(state: RoomState, index: number, now: number): Changed {
  const { kind, difficulty } = state.plan[index]!;
  const relay = state.config.mode === 'relay';
  const make = (seed: number): Problem => (relay ? generateRelayFor(seed, difficulty) : generateFor(seed, kind, difficulty));
  const variants =
    state.config.teams?.variants && state.teams.length > 0
      ? Object.fromEntries(state.teams.map((t) => [t.id, make(deriveSeed(state.seed, `${index}:${t.id}`))]))
      : null;
  // Relay: the links are dealt to each team's members from the loss backwards, rotating by round.
  const runs: Record<string, RelayTeamRun> = {};
  if (relay && variants) {
    for (const team of state.teams) {
      const members = teamMembers(state, team.id);
      if (members.length > 0) runs[team.id] = startRun(variants[team.id] as RelayProblem, team.id, members, index, now);
    }
  }
  const limitMs = state.config.timeLimitSec === null ? null : Math.round(state.config.timeLimitSec * 1000);
  const question: QuestionState = {
    id: `q${index + 1}`,
    index,
    kind,
    difficulty,
    problem: make(deriveSeed(state.seed, index)),
    variants,
    openedAt: now,
    limitMs,
    closedAt: null,
    closedBy: null,
    voided: false,
    submissions: {},
    results: null,
    ...(relay ? { relay: runs } : {}),
  };
  const next = withQuestion(state, question);
  return {
    state: {
      ...next,
      phase: { phase: 'question', index, deadline: limitMs === null ? null : now + limitMs, paused: false, pausedRemainingMs: null },
    },
    // Every row's "answered" flag resets.
    effects: [{ type: 'roster', playerIds: Object.keys(state.players) }, { type: 'phase' }],
  };
}

function remainingAt(phase: Extract<PhaseState, { phase: 'question' }>, now: number): number | null {
  if (phase.paused) return phase.pausedRemainingMs;
  return phase.deadline === null ? null : Math.max(0, phase.deadline - now);
}

/** Remaining milliseconds of the open question as the server sees them now. */
export function remainingMs(state: RoomState, now: number): number | null {
  return state.phase.phase === 'question' ? remainingAt(state.phase, now) : null;
}

// ─── Grading and closing ────────────────────────────────────────────────────────────

function gradesOf(problem: Problem, submission: Submission | undefined): StepGrade[] {
  return Array.from({ length: stepCountOf(problem) }, (_, i) => {
    const step = submission?.steps[i];
    return step ? { status: step.status, consistent: step.consistent } : { status: 'none', consistent: null };
  });
}

function verdictViews(problem: Problem, submission: Submission | undefined): VerdictView[] {
  const multi = problem.steps !== undefined;
  return gradesOf(problem, submission).map((grade, i) => {
    const step = submission?.steps[i];
    return {
      answer: step?.raw ?? null,
      status: grade.status,
      diagnosis: step?.diagnosis ?? null,
      message: step?.message ?? null,
      consistent: multi ? (step?.consistent ?? null) : null,
      credit: stepCredit(grade),
    };
  });
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

function earlierValues(problem: Problem, steps: readonly (StepSubmission | null)[], index: number): Record<string, number> {
  const earlier: Record<string, number> = {};
  for (let j = 0; j < index; j++) {
    const own = steps[j];
    const asks = problem.steps?.[j]?.asks;
    if (own && asks !== undefined && typeof own.value === 'number') earlier[asks] = own.value;
  }
  return earlier;
}

function closeQuestion(state: RoomState, now: number, closedBy: CloseReason): Changed {
  const phase = state.phase;
  if (phase.phase !== 'question') return { state, effects: [] };
  const question = state.questions[phase.index]!;
  const before = playerList(state);
  const previousRanks = rankPlayers(before);
  const teamRanksBefore = rankTeams(state);
  const results: Record<string, PlayerResult> = {};
  const players: Record<string, PlayerState> = {};
  const relay = question.relay ? relayOutcomes(state, question, question.relay) : null;
  const descent = state.descent ? descentOutcomes(state, question, state.descent) : null;
  for (const player of before) {
    const outcome = relay?.(player) ?? descent?.outcome(player);
    if (outcome) {
      results[player.id] = outcome;
      players[player.id] = {
        ...player,
        score: player.score + outcome.points,
        asked: player.asked + 1,
        correct: player.correct + (outcome.correct ? 1 : 0),
        streak: outcome.streak,
      };
      continue;
    }
    const submission = question.submissions[player.id];
    const problem = problemFor(question, submission?.variant ?? player.teamId);
    const grades = gradesOf(problem, submission);
    const answered = submission?.steps.filter((s): s is StepSubmission => s !== null) ?? [];
    const last = answered.reduce<StepSubmission | null>((a, s) => (a === null || s.at >= a.at ? s : a), null);
    const score = scoreAnswer({
      grades,
      remainingMs: last?.remainingMs ?? null,
      limitMs: question.limitMs,
      speedBonus: state.config.speedBonus,
      streakBonus: state.config.streakBonus,
      streakBefore: player.streak,
    });
    results[player.id] = {
      questionId: question.id,
      status: resultStatus(grades),
      correct: score.correct,
      points: score.points,
      breakdown: score.breakdown,
      verdicts: verdictViews(problem, submission),
      streak: score.streakAfter,
    };
    players[player.id] = {
      ...player,
      score: player.score + score.points,
      asked: player.asked + 1,
      correct: player.correct + (score.correct ? 1 : 0),
      streak: score.streakAfter,
    };
  }
  const ranks = rankPlayers(Object.values(players));
  for (const p of Object.values(players)) {
    players[p.id] = { ...p, rank: ranks.get(p.id)!, previousRank: state.scoredQuestions === 0 ? null : previousRanks.get(p.id)! };
  }
  const closed: QuestionState = { ...question, closedAt: now, closedBy, results };
  const next: RoomState = {
    ...withQuestion(state, closed),
    ...(descent ? { descent: descent.state } : {}),
    players,
    scoredQuestions: state.scoredQuestions + 1,
    teamPreviousRanks:
      state.scoredQuestions === 0 ? {} : Object.fromEntries([...teamRanksBefore].map(([id, t]) => [id, t.rank])),
    phase: { phase: 'reveal', index: phase.index },
  };
  return {
    state: next,
    effects: [{ type: 'results', index: phase.index }, { type: 'roster', playerIds: Object.keys(players) }, { type: 'phase' }],
  };
}

/**
 * A relay round's results: every member of a team gets the team's chain as verdicts, the points
 * of the links they sent (relayPoints) and, in the winning team, the winner's bonus (shown as
 * `speed`: the fastest fully correct chain wins). `correct` means the whole chain was right.
 */
function relayOutcomes(state: RoomState, question: QuestionState, runs: Record<string, RelayTeamRun>): (player: PlayerState) => PlayerResult {
  const ranked = rankRuns(Object.values(runs));
  const winner = ranked[0]?.fullyCorrect ? ranked[0].teamId : null;
  const points = new Map<string, Record<string, number>>();
  for (const run of Object.values(runs)) points.set(run.teamId, relayPoints(run, run.teamId === winner, teamMembers(state, run.teamId)));
  return (player) => {
    const run = player.teamId === null ? undefined : runs[player.teamId];
    if (!run) {
      return { questionId: question.id, status: 'none', correct: false, points: 0, breakdown: { base: 0, speed: 0, streak: 0 }, verdicts: [], streak: 0 };
    }
    const grades: StepGrade[] = run.results.map((r) => (r ? { status: r.status, consistent: r.consistent } : { status: 'none', consistent: null }));
    const correct = run.results.every((r) => r?.status === 'correct');
    const total = points.get(run.teamId)?.[player.id] ?? 0;
    const bonus = run.teamId === winner ? RELAY_SCORING.winnerBonus : 0;
    return {
      questionId: question.id,
      status: resultStatus(grades),
      correct,
      points: total,
      breakdown: { base: total - bonus, speed: bonus, streak: 0 },
      verdicts: run.results.map((r, i) => ({
        answer: r?.raw ?? null,
        status: r?.status ?? 'none',
        diagnosis: r?.diagnosis ?? null,
        message: r?.message ?? null,
        consistent: r?.consistent ?? null,
        credit: stepCredit(grades[i]!),
      })),
      streak: correct ? player.streak + 1 : 0,
    };
  };
}

/**
 * A descent iteration's results: each team's submission is graded against its own parameters
 * and applied, right or wrong (closeIteration); every member gets the team's verdicts on w′
 * (and b′), the points of a correct step and, after the last iteration, the rank bonus (shown
 * as `speed`) by lowest final loss among the teams with members.
 */
function descentOutcomes(
  state: RoomState,
  question: QuestionState,
  descent: DescentRoomState,
): { state: DescentRoomState; outcome: (player: PlayerState) => PlayerResult } {
  const task = toPublicDescentTask(descent.task);
  const runs: Record<string, DescentTeamRun> = {};
  for (const teamId in descent.runs) runs[teamId] = closeIteration(task, descent.runs[teamId]!);
  const bonus = new Map<string, number>();
  if (question.index + 1 >= state.plan.length) {
    const playing = Object.values(runs).filter((run) => (indexOfPlayers(state.players).teams.get(run.teamId)?.members ?? 0) > 0);
    rankDescent(task, playing).forEach((standing, i) => bonus.set(standing.teamId, DESCENT_SCORING.rankBonus[i] ?? 0));
  }
  const outcome = (player: PlayerState): PlayerResult => {
    const run = player.teamId === null ? undefined : runs[player.teamId];
    const step = run?.history[run.history.length - 1];
    if (!run || !step) {
      return { questionId: question.id, status: 'none', correct: false, points: 0, breakdown: { base: 0, speed: 0, streak: 0 }, verdicts: [], streak: 0 };
    }
    const verdict = (raw: string | null, v: { status: VerdictStatus; diagnosis: MisconceptionKey | null } | null | undefined): VerdictView => {
      const status = v && v.status !== 'invalid' ? v.status : 'none';
      return { answer: raw, status, diagnosis: v?.diagnosis ?? null, message: null, consistent: null, credit: stepCredit({ status, consistent: null }) };
    };
    const verdicts = [verdict(step.submitted?.w ?? null, step.verdicts?.w)];
    if (descent.task.trainBias) verdicts.push(verdict(step.submitted?.b ?? null, step.verdicts?.b));
    const grades: StepGrade[] = verdicts.map((v) => ({ status: v.status, consistent: null }));
    const base = step.correct ? DESCENT_SCORING.correctStep : 0;
    const extra = bonus.get(run.teamId) ?? 0;
    return {
      questionId: question.id,
      status: resultStatus(grades),
      correct: step.correct,
      points: base + extra,
      breakdown: { base, speed: extra, streak: 0 },
      verdicts,
      streak: step.correct ? player.streak + 1 : 0,
    };
  };
  return { state: { ...descent, runs }, outcome };
}

/** A descent iteration is done once every team with a connected member has settled on its submission. */
function descentDone(state: RoomState, descent: DescentRoomState): boolean {
  const teams = indexOfPlayers(state.players).teams;
  let waitedFor = 0;
  for (const run of Object.values(descent.runs)) {
    if ((teams.get(run.teamId)?.connected ?? 0) === 0) continue;
    if (!run.submission) return false;
    waitedFor++;
  }
  return waitedFor > 0;
}

/** A relay round is done once every team with a connected member has completed its chain. */
function relayDone(state: RoomState, runs: Record<string, RelayTeamRun>): boolean {
  const teams = indexOfPlayers(state.players).teams;
  let waitedFor = 0;
  for (const run of Object.values(runs)) {
    if ((teams.get(run.teamId)?.connected ?? 0) === 0) continue;
    if (run.finishedAt === null) return false;
    waitedFor++;
  }
  return waitedFor > 0;
}

/** A question closes early once every connected player has a complete answer (relay: every chain is complete). */
function closeIfAllAnswered(changed: Changed, now: number): Changed {
  const { state } = changed;
  const phase = state.phase;
  if (phase.phase !== 'question' || phase.paused) return changed;
  const question = state.questions[phase.index]!;
  if (state.descent) {
    if (!descentDone(state, state.descent)) return changed;
    const closed = closeQuestion(state, now, 'all-answered');
    return { state: closed.state, effects: [...changed.effects, ...closed.effects] };
  }
  if (question.relay) {
    if (!relayDone(state, question.relay)) return changed;
    const closed = closeQuestion(state, now, 'all-answered');
    return { state: closed.state, effects: [...changed.effects, ...closed.effects] };
  }
  // Each connected player needs a complete answer of their own: fewer complete answers than
  // connected players settles it without a scan (every answer but the last few of a question).
  const connected = indexOfPlayers(state.players).connected;
  if (connected === 0 || completeCount(question) < connected) return changed;
  for (const id in state.players) {
    if (state.players[id]!.connected && !isComplete(question, question.submissions[id])) return changed;
  }
  const closed = closeQuestion(state, now, 'all-answered');
  return { state: closed.state, effects: [...changed.effects, ...closed.effects] };
}

function voidQuestion(state: RoomState, now: number): RoomState {
  const question = currentQuestion(state);
  if (!question || state.phase.phase !== 'question') return state;
  return withQuestion(state, { ...question, voided: true, closedAt: now });
}

function toPodium(state: RoomState, endedEarly: boolean, extra: Effect[] = []): Changed {
  return {
    state: { ...state, phase: { phase: 'podium', endedEarly } },
    effects: [...extra, { type: 'standings' }, { type: 'phase' }],
  };
}

/** After question `index` is done (scored or voided): the next question, or the podium after the last. */
function advanceFrom(state: RoomState, index: number, now: number): Changed {
  if (index + 1 < state.plan.length) return openQuestion(state, index + 1, now);
  // A skipped last question leaves "answered" flags behind on the host's roster.
  const voided = state.questions[index]?.voided === true;
  return toPodium(state, false, voided ? [{ type: 'roster', playerIds: Object.keys(state.players) }] : []);
}

// ─── Transitions ────────────────────────────────────────────────────────────────────

function join(state: RoomState, actor: Actor, e: Extract<RoomEvent, { type: 'join' }>, now: number): Result<'join'> {
  if (actor.role !== 'guest') return fail(ERROR_CODES.ALREADY_IN_ROOM, 'this connection already has a seat');
  switch (state.phase.phase) {
    case 'ended':
      return fail(ERROR_CODES.ROOM_CLOSED, 'this game is over');
    case 'podium':
      return wrongPhase(state, 'join');
    case 'lobby':
    case 'question':
    case 'reveal':
    case 'leaderboard':
      break;
    default:
      return assertNever(state.phase);
  }
  if (state.locked) return fail(ERROR_CODES.ROOM_LOCKED, 'the host has locked this room');
  if (playerCount(state) >= state.config.capacity) return fail(ERROR_CODES.ROOM_FULL, 'this room is full');
  const nickname = normaliseNickname(e.nickname);
  if (!nickname.ok) {
    const why = { empty: 'type a nickname', 'too-long': 'nicknames have at most 20 characters', 'too-complex': 'a character of this nickname is too complex' };
    return fail(ERROR_CODES.INVALID_NAME, why[nickname.reason]);
  }
  const names = indexOfPlayers(state.players).names;
  const taken = (key: string) => (names.get(key) ?? 0) > 0;
  if (taken(nickname.key)) {
    return fail(ERROR_CODES.NAME_TAKEN, 'someone in this room already has that nickname', {
      suggestion: suggestNickname(nickname.name, taken),
    });
  }
  const teamId = teamOnJoin(state, e.teamId);
  if (teamId === false) return fail(ERROR_CODES.INVALID_TEAM, 'no such team');
  const player: PlayerState = {
    id: e.playerId,
    name: nickname.name,
    nameKey: nicknameKey(nickname.name),
    teamId,
    tokenHash: e.tokenHash,
    connected: true,
    joinedAt: now,
    score: 0,
    correct: 0,
    asked: 0,
    streak: 0,
    // Ties share a rank, so a newcomer with 0 points ranks right after everyone who has scored.
    rank: state.scoredQuestions === 0 ? null : playerList(state).filter((p) => p.score > 0).length + 1,
    previousRank: null,
  };
  return done({ state: withPlayer(state, player), effects: [{ type: 'roster', playerIds: [player.id] }] }, { playerId: player.id });
}

/** The team a newcomer gets: `false` for an unknown team. */
function teamOnJoin(state: RoomState, requested: string | null): string | null | false {
  const teams = state.config.teams;
  if (!teams || state.teams.length === 0) return null;
  const inLobby = state.phase.phase === 'lobby';
  if (teams.assignment === 'self' && requested !== null) {
    return state.teams.some((t) => t.id === requested) ? requested : false;
  }
  // Self-chosen and host-assigned teams are settled in the lobby; latecomers are balanced.
  if (teams.assignment !== 'auto' && inLobby) return null;
  return smallestTeam(teamSizes(state), state.teams);
}

function setConnected(state: RoomState, actor: Actor, connected: boolean): Result<'connect' | 'drop'> {
  switch (actor.role) {
    case 'host':
      if (state.host.connected === connected) return done({ state, effects: [] }, EMPTY);
      return done({ state: { ...state, host: { ...state.host, connected } }, effects: [{ type: 'presence' }] }, EMPTY);
    case 'player': {
      const player = state.players[actor.playerId];
      if (!player) return fail(ERROR_CODES.NOT_IN_ROOM, 'no such player');
      if (player.connected === connected) return done({ state, effects: [] }, EMPTY);
      return done({ state: withPlayer(state, { ...player, connected }), effects: [{ type: 'roster', playerIds: [player.id] }] }, EMPTY);
    }
    case 'guest':
    case 'system':
      return fail(ERROR_CODES.NOT_IN_ROOM, 'no seat');
    default:
      return assertNever(actor);
  }
}

function removePlayer(state: RoomState, playerId: string, reason: 'kicked' | 'left', now: number): Changed {
  const player = state.players[playerId]!;
  let next = rerank(withoutPlayer(state, playerId));
  const { id, name, teamId, score, correct, asked } = player;
  // A relay member who goes hands the links not sent yet to the teammates who stay.
  const effects: Effect[] = [{ type: 'unseat', playerId, reason }, { type: 'roster-remove', playerId }];
  const open = next.phase.phase === 'question' ? currentQuestion(next) : null;
  const run = teamId !== null ? open?.relay?.[teamId] : undefined;
  if (open && run && run.holders.includes(playerId)) {
    const redealt = redealOpenLinks(run, teamMembers(next, teamId!));
    if (redealt !== run) {
      next = withQuestion(next, { ...open, relay: { ...open.relay, [teamId!]: redealt } });
      effects.push({ type: 'team-phase', teamId: teamId! });
    }
  }
  next = { ...next, departed: { ...next.departed, [id]: { id, name, teamId, score, correct, asked, reason, at: now } } };
  if (reason === 'kicked') next = { ...next, refusedTokenHashes: [...next.refusedTokenHashes, player.tokenHash] };
  return closeIfAllAnswered({ state: next, effects }, now);
}

function assignTeam(state: RoomState, playerId: string, teamId: string, self: boolean): Result<'assign-team'> {
  const teams = state.config.teams;
  if (!teams) return fail(ERROR_CODES.NOT_ALLOWED, 'this room has no teams');
  if (self && teams.assignment !== 'self') return fail(ERROR_CODES.NOT_ALLOWED, 'teams are not chosen by players in this room');
  const phase = state.phase.phase;
  if (self ? phase !== 'lobby' : phase !== 'lobby' && phase !== 'leaderboard') return wrongPhase(state, 'change teams');
  const player = state.players[playerId];
  if (!player) return fail(self ? ERROR_CODES.NOT_IN_ROOM : ERROR_CODES.UNKNOWN_PLAYER, 'no such player');
  if (!state.teams.some((t) => t.id === teamId)) return fail(ERROR_CODES.INVALID_TEAM, 'no such team');
  if (player.teamId === teamId) return done({ state, effects: [] }, EMPTY);
  return done(
    { state: withPlayer(state, { ...player, teamId }), effects: [{ type: 'roster', playerIds: [playerId] }, { type: 'me', playerIds: [playerId] }] },
    EMPTY,
  );
}

function start(state: RoomState, now: number): Result<'start'> {
  if (state.phase.phase !== 'lobby') return wrongPhase(state, 'start');
  if (playerCount(state) === 0) return fail(ERROR_CODES.NO_PLAYERS, 'nobody has joined yet');
  const balanced = balanceUnassigned(state);
  const opened = openQuestion(balanced.state, 0, now);
  const effects: Effect[] = balanced.moved.length > 0 ? [{ type: 'me', playerIds: balanced.moved }, ...opened.effects] : opened.effects;
  return done({ state: opened.state, effects }, { questionId: opened.state.questions[0]!.id });
}

function guardQuestion(state: RoomState, questionId: string | null): { ok: false; error: AckError } | null {
  const question = currentQuestion(state);
  if (state.phase.phase !== 'question' || !question) return wrongPhase(state, 'do this to a question');
  if (questionId !== null && questionId !== question.id) return fail(ERROR_CODES.STALE_QUESTION, 'that question is no longer open');
  return null;
}

function submit(state: RoomState, actor: Actor, e: Extract<RoomEvent, { type: 'submit' }>, now: number): Result<'submit'> {
  // 1. Phase.
  const phase = state.phase;
  if (phase.phase === 'lobby') return wrongPhase(state, 'answer');
  if (phase.phase !== 'question') return fail(ERROR_CODES.ROUND_CLOSED, 'this question is closed');
  if (phase.paused) return fail(ERROR_CODES.PAUSED, 'the game is paused');
  // 2. Membership.
  const player = actor.role === 'player' ? state.players[actor.playerId] : undefined;
  if (!player) return fail(ERROR_CODES.NOT_IN_ROOM, 'only players in this room can answer');
  if (state.config.mode === 'relay') return fail(ERROR_CODES.NOT_ALLOWED, 'in a relay, send your link with relay:submit');
  if (state.config.mode === 'descent') return fail(ERROR_CODES.NOT_ALLOWED, 'in a descent race, propose with descent:propose');
  // 3. Stale question id.
  const question = state.questions[phase.index]!;
  if (e.questionId !== question.id) {
    const earlier = state.questions.some((q) => q.id === e.questionId && q.index < question.index);
    return earlier
      ? fail(ERROR_CODES.ROUND_CLOSED, 'that question is closed')
      : fail(ERROR_CODES.STALE_QUESTION, 'that is not the open question');
  }
  const previous = question.submissions[player.id];
  const variant = previous?.variant ?? (question.variants ? player.teamId : null);
  const problem = problemFor(question, variant);
  const multi = problem.steps !== undefined;
  const count = stepCountOf(problem);
  const stepIndex = multi ? e.step : (e.step ?? 0);
  if (stepIndex === null || stepIndex >= count || (!multi && stepIndex !== 0)) {
    return fail(ERROR_CODES.INVALID_STEP, multi ? `answer a step from 0 to ${count - 1}` : 'this question has one step');
  }
  const steps: (StepSubmission | null)[] = previous?.steps.slice() ?? Array.from({ length: count }, () => null);
  // Steps are asked in order: every earlier step must have an answer.
  if (steps.slice(0, stepIndex).some((s) => s === null)) return fail(ERROR_CODES.INVALID_STEP, 'answer the earlier steps first');
  // 4. Duplicate.
  if (steps[stepIndex] && !state.config.allowAnswerChange) return fail(ERROR_CODES.ALREADY_ANSWERED, 'you have already answered');
  // 5. Deadline, by the server clock.
  if (phase.deadline !== null && now >= phase.deadline) return fail(ERROR_CODES.ROUND_CLOSED, 'time is up');
  // Then grade.
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
  const next = withSubmission(state, question, player.id, submission);
  const nextStep = graded.findIndex((s) => s === null);
  const changed = closeIfAllAnswered({ state: next, effects: [{ type: 'roster', playerIds: [player.id] }] }, now);
  return done(changed, {
    questionId: question.id,
    step: multi ? stepIndex : null,
    nextStep: nextStep === -1 ? null : nextStep,
    final: !state.config.allowAnswerChange || changed.state.phase.phase !== 'question',
  });
}

/**
 * Relay: a member sends the link they hold. Checked in the order of `submit` — phase,
 * membership, question id, the link (exists, not sent yet, yours, its upstream value has
 * arrived), deadline — then graded against the upstream value the member received.
 */
function relaySubmit(state: RoomState, actor: Actor, e: Extract<RoomEvent, { type: 'relay-submit' }>, now: number): Result<'relay-submit'> {
  if (state.config.mode !== 'relay') return fail(ERROR_CODES.NOT_ALLOWED, 'this room does not play a relay');
  const phase = state.phase;
  if (phase.phase === 'lobby') return wrongPhase(state, 'answer');
  if (phase.phase !== 'question') return fail(ERROR_CODES.ROUND_CLOSED, 'this round is closed');
  if (phase.paused) return fail(ERROR_CODES.PAUSED, 'the game is paused');
  const player = actor.role === 'player' ? state.players[actor.playerId] : undefined;
  if (!player) return fail(ERROR_CODES.NOT_IN_ROOM, 'only players in this room can answer');
  const question = state.questions[phase.index]!;
  if (e.questionId !== question.id) {
    const earlier = state.questions.some((q) => q.id === e.questionId && q.index < question.index);
    return earlier ? fail(ERROR_CODES.ROUND_CLOSED, 'that round is closed') : fail(ERROR_CODES.STALE_QUESTION, 'that is not the open round');
  }
  const run = player.teamId === null ? undefined : question.relay?.[player.teamId];
  if (!run) return fail(ERROR_CODES.NOT_ALLOWED, 'your team has no chain this round (you joined after it started)');
  if (e.link >= run.holders.length) return fail(ERROR_CODES.INVALID_STEP, `the chain has links 0 to ${run.holders.length - 1}`);
  if (run.results[e.link]) return fail(ERROR_CODES.ALREADY_ANSWERED, 'this link has been sent');
  if (run.holders[e.link] !== player.id) return fail(ERROR_CODES.NOT_ALLOWED, 'a teammate holds this link');
  if (currentLink(run) !== e.link) return fail(ERROR_CODES.INVALID_STEP, 'the upstream gradient has not arrived yet');
  if (phase.deadline !== null && now >= phase.deadline) return fail(ERROR_CODES.ROUND_CLOSED, 'time is up');
  const problem = problemFor(question, player.teamId) as RelayProblem;
  const outcome = submitLink(problem, run, player.id, e.answer, now);
  if (!outcome.ok) {
    const text = outcome.message === null ? {} : { text: outcome.message };
    return fail(ERROR_CODES.INVALID_ANSWER, 'that answer cannot be read', text);
  }
  const next = withQuestion(state, { ...question, relay: { ...question.relay, [run.teamId]: outcome.run } });
  const changed = closeIfAllAnswered(
    { state: next, effects: [{ type: 'team-phase', teamId: run.teamId }, { type: 'roster', playerIds: teamMembers(state, run.teamId) }] },
    now,
  );
  return done(changed, { questionId: question.id, link: e.link, nextLink: currentLink(outcome.run), finished: outcome.run.finishedAt !== null });
}

// ─── Descent Race ───────────────────────────────────────────────────────────────────

const DESCENT_ERRORS: Record<DescentActionError, [ErrorCode, string]> = {
  already_submitted: [ERROR_CODES.ALREADY_ANSWERED, 'your team has already submitted this iteration'],
  unknown_proposal: [ERROR_CODES.INVALID_STEP, 'no such proposal in your team this iteration'],
  own_proposal: [ERROR_CODES.NOT_ALLOWED, 'a teammate must confirm your proposal'],
  captain_only: [ERROR_CODES.NOT_ALLOWED, 'only the captain confirms in this room'],
  invalid_lr: [ERROR_CODES.INVALID_ANSWER, 'choose one of the task\'s learning rates'],
};

/** At most this many proposals per team and iteration. */
const MAX_PROPOSALS = 30;

/** The captain: the team's first member in join order. */
export function captainOf(state: RoomState, teamId: string): string | null {
  return teamMembers(state, teamId)[0] ?? null;
}

/**
 * The checks every descent request shares, in the order of `submit`: mode, phase, pause,
 * membership, question id, the team's run, deadline.
 */
function descentTarget(
  state: RoomState,
  actor: Actor,
  questionId: string,
  now: number,
): { ok: false; error: AckError } | { ok: true; player: PlayerState; run: DescentTeamRun; descent: DescentRoomState; question: QuestionState } {
  if (!state.descent) return fail(ERROR_CODES.NOT_ALLOWED, 'this room does not play a descent race');
  const phase = state.phase;
  if (phase.phase === 'lobby') return wrongPhase(state, 'propose');
  if (phase.phase !== 'question') return fail(ERROR_CODES.ROUND_CLOSED, 'this iteration is closed');
  if (phase.paused) return fail(ERROR_CODES.PAUSED, 'the game is paused');
  const player = actor.role === 'player' ? state.players[actor.playerId] : undefined;
  if (!player) return fail(ERROR_CODES.NOT_IN_ROOM, 'only players in this room can propose');
  const question = state.questions[phase.index]!;
  if (questionId !== question.id) {
    const earlier = state.questions.some((q) => q.id === questionId && q.index < question.index);
    return earlier ? fail(ERROR_CODES.ROUND_CLOSED, 'that iteration is closed') : fail(ERROR_CODES.STALE_QUESTION, 'that is not the open iteration');
  }
  const run = player.teamId === null ? undefined : state.descent.runs[player.teamId];
  if (!run) return fail(ERROR_CODES.NOT_ALLOWED, 'you are not in a team');
  if (phase.deadline !== null && now >= phase.deadline) return fail(ERROR_CODES.ROUND_CLOSED, 'time is up');
  return { ok: true, player, run, descent: state.descent, question };
}

function withRun(state: RoomState, descent: DescentRoomState, run: DescentTeamRun, proposals = descent.proposals): RoomState {
  return { ...state, descent: { ...descent, proposals, runs: { ...descent.runs, [run.teamId]: run } } };
}

function descentPropose(state: RoomState, actor: Actor, e: Extract<RoomEvent, { type: 'descent-propose' }>, now: number): Result<'descent-propose'> {
  const target = descentTarget(state, actor, e.questionId, now);
  if (!target.ok) return target;
  const { player, run, descent, question } = target;
  if (run.submission) return fail(...DESCENT_ERRORS.already_submitted);
  if (run.proposals.length >= MAX_PROPOSALS) return fail(ERROR_CODES.NOT_ALLOWED, 'too many proposals this iteration: confirm one');
  const w = parseNumber(e.w);
  if (!w.ok) return fail(ERROR_CODES.INVALID_ANSWER, 'w′ cannot be read');
  let b: string | null = null;
  if (descent.task.trainBias) {
    if (e.b === null) return fail(ERROR_CODES.INVALID_ANSWER, 'this task trains b too: send b′');
    if (!parseNumber(e.b).ok) return fail(ERROR_CODES.INVALID_ANSWER, 'b′ cannot be read');
    b = e.b;
  }
  const proposalId = `d${descent.proposals + 1}`;
  const outcome = proposeStep(run, { id: proposalId, playerId: player.id, w: e.w, b, at: now }, state.config.descent!.confirm, captainOf(state, run.teamId));
  if (!outcome.ok) return fail(...DESCENT_ERRORS[outcome.code]);
  const submitted = outcome.run.submission !== null;
  // The proposer's roster row counts proposals, so the projector can show that a team has proposed (never what).
  const effects: Effect[] = [
    { type: 'team-phase', teamId: run.teamId },
    { type: 'roster', playerIds: submitted ? teamMembers(state, run.teamId) : [player.id] },
  ];
  const changed = closeIfAllAnswered({ state: withRun(state, descent, outcome.run, descent.proposals + 1), effects }, now);
  return done(changed, { questionId: question.id, proposalId, submitted });
}

function descentConfirm(state: RoomState, actor: Actor, e: Extract<RoomEvent, { type: 'descent-confirm' }>, now: number): Result<'descent-confirm'> {
  const target = descentTarget(state, actor, e.questionId, now);
  if (!target.ok) return target;
  const { player, run, descent, question } = target;
  const outcome = confirmProposal(run, e.proposalId, player.id, state.config.descent!.confirm, captainOf(state, run.teamId), now);
  if (!outcome.ok) return fail(...DESCENT_ERRORS[outcome.code]);
  const changed = closeIfAllAnswered(
    {
      state: withRun(state, descent, outcome.run),
      effects: [{ type: 'team-phase', teamId: run.teamId }, { type: 'roster', playerIds: teamMembers(state, run.teamId) }],
    },
    now,
  );
  return done(changed, { questionId: question.id, proposalId: e.proposalId });
}

/** A team picks its η from the task's list in the lobby (under the captain rule, the captain does). */
function descentLr(state: RoomState, actor: Actor, e: Extract<RoomEvent, { type: 'descent-lr' }>): Result<'descent-lr'> {
  if (!state.descent) return fail(ERROR_CODES.NOT_ALLOWED, 'this room does not play a descent race');
  if (state.config.descent!.lr !== 'team') return fail(ERROR_CODES.NOT_ALLOWED, 'the host has fixed the learning rate');
  if (state.phase.phase !== 'lobby') return wrongPhase(state, 'choose the learning rate');
  const player = actor.role === 'player' ? state.players[actor.playerId] : undefined;
  if (!player) return fail(ERROR_CODES.NOT_IN_ROOM, 'only players in this room can choose');
  const run = player.teamId === null ? undefined : state.descent.runs[player.teamId];
  if (!run) return fail(ERROR_CODES.INVALID_TEAM, 'join a team first');
  if (state.config.descent!.confirm === 'captain' && captainOf(state, run.teamId) !== player.id) return fail(...DESCENT_ERRORS.captain_only);
  const outcome = chooseLearningRate(toPublicDescentTask(state.descent.task), run, e.lr);
  if (!outcome.ok) return fail(...DESCENT_ERRORS[outcome.code]);
  // Every team's η is on the projector and on every phone in the lobby.
  return done({ state: withRun(state, state.descent, outcome.run), effects: [{ type: 'phase' }] }, { lr: e.lr });
}

function tick(state: RoomState, now: number): Result<'tick'> {
  const phase = state.phase;
  if (phase.phase === 'question' && !phase.paused && phase.deadline !== null && now >= phase.deadline) {
    return done(closeQuestion(state, now, 'deadline'), EMPTY);
  }
  if (phase.phase !== 'ended' && now >= state.lastActivityAt + state.idleTtlMs) {
    return done(
      { state: { ...state, phase: { phase: 'ended', reason: 'idle', endedAt: now } }, effects: [{ type: 'standings' }, { type: 'phase' }, { type: 'closed' }] },
      EMPTY,
    );
  }
  return done({ state, effects: [] }, EMPTY);
}

function hostEvent(state: RoomState, e: Exclude<RoomEvent, { type: 'join' | 'connect' | 'drop' | 'leave' | 'choose-team' | 'submit' | 'relay-submit' | 'descent-propose' | 'descent-confirm' | 'descent-lr' | 'tick' }>, now: number): TransitionResult<unknown> {
  switch (e.type) {
    case 'kick': {
      if (!state.players[e.playerId]) return fail(ERROR_CODES.UNKNOWN_PLAYER, 'no such player');
      return done(removePlayer(state, e.playerId, 'kicked', now), EMPTY);
    }
    case 'lock':
      return done({ state: { ...state, locked: e.locked }, effects: state.locked === e.locked ? [] : [{ type: 'info' }] }, { locked: e.locked });
    case 'assign-team':
      return assignTeam(state, e.playerId, e.teamId, false);
    case 'start':
      return start(state, now);
    case 'pause': {
      const phase = state.phase;
      if (phase.phase !== 'question' || phase.paused) return wrongPhase(state, 'pause');
      return done(
        { state: { ...state, phase: { ...phase, paused: true, pausedRemainingMs: remainingAt(phase, now), deadline: null } }, effects: [{ type: 'phase' }] },
        EMPTY,
      );
    }
    case 'resume': {
      const phase = state.phase;
      if (phase.phase !== 'question' || !phase.paused) return wrongPhase(state, 'resume');
      const deadline = phase.pausedRemainingMs === null ? null : now + phase.pausedRemainingMs;
      const resumed = { state: { ...state, phase: { ...phase, paused: false, pausedRemainingMs: null, deadline } }, effects: [{ type: 'phase' }] satisfies Effect[] };
      return done(closeIfAllAnswered(resumed, now), EMPTY);
    }
    case 'end-question': {
      const refused = guardQuestion(state, e.questionId);
      if (refused) return refused;
      return done(closeQuestion(state, now, 'host'), EMPTY);
    }
    case 'skip-question': {
      const refused = guardQuestion(state, e.questionId);
      if (refused) return refused;
      const index = (state.phase as Extract<PhaseState, { phase: 'question' }>).index;
      return done(advanceFrom(voidQuestion(state, now), index, now), EMPTY);
    }
    case 'next': {
      const phase = state.phase;
      if (e.from !== null && e.from !== phase.phase) return wrongPhase(state, `move on from ${e.from}`);
      if (phase.phase === 'reveal') {
        return done({ state: { ...state, phase: { phase: 'leaderboard', index: phase.index } }, effects: [{ type: 'standings' }, { type: 'phase' }] }, EMPTY);
      }
      if (phase.phase === 'leaderboard') return done(advanceFrom(state, phase.index, now), EMPTY);
      return wrongPhase(state, 'move on');
    }
    case 'end-game': {
      const phase = state.phase;
      switch (phase.phase) {
        case 'question':
          return done(toPodium(voidQuestion(state, now), true, [{ type: 'roster', playerIds: Object.keys(state.players) }]), EMPTY);
        case 'reveal':
        case 'leaderboard':
          return done(toPodium(state, phase.index + 1 < state.plan.length), EMPTY);
        case 'lobby':
        case 'podium':
        case 'ended':
          return wrongPhase(state, 'end the game');
        default:
          return assertNever(phase);
      }
    }
    case 'close': {
      if (state.phase.phase === 'ended') return wrongPhase(state, 'close the room');
      const voided = voidQuestion(state, now);
      return done(
        { state: { ...voided, phase: { phase: 'ended', reason: 'closed', endedAt: now } }, effects: [{ type: 'standings' }, { type: 'phase' }, { type: 'closed' }] },
        EMPTY,
      );
    }
    default:
      return assertNever(e);
  }
}

function dispatch(state: RoomState, actor: Actor, event: RoomEvent, now: number): TransitionResult<unknown> {
  switch (event.type) {
    case 'join':
      return join(state, actor, event, now);
    case 'connect':
      return setConnected(state, actor, true);
    case 'drop':
      return setConnected(state, actor, false);
    case 'leave':
      if (actor.role === 'host') return fail(ERROR_CODES.NOT_ALLOWED, 'the host closes the room instead of leaving');
      if (actor.role !== 'player' || !state.players[actor.playerId]) return fail(ERROR_CODES.NOT_IN_ROOM, 'no seat to leave');
      return done(removePlayer(state, actor.playerId, 'left', now), EMPTY);
    case 'choose-team':
      if (actor.role !== 'player') return fail(ERROR_CODES.NOT_IN_ROOM, 'only players choose a team');
      return assignTeam(state, actor.playerId, event.teamId, true);
    case 'submit':
      return submit(state, actor, event, now);
    case 'relay-submit':
      return relaySubmit(state, actor, event, now);
    case 'descent-propose':
      return descentPropose(state, actor, event, now);
    case 'descent-confirm':
      return descentConfirm(state, actor, event, now);
    case 'descent-lr':
      return descentLr(state, actor, event);
    case 'tick':
      return tick(state, now);
    case 'kick':
    case 'lock':
    case 'assign-team':
    case 'start':
    case 'pause':
    case 'resume':
    case 'end-question':
    case 'skip-question':
    case 'next':
    case 'end-game':
    case 'close':
      if (actor.role !== 'host') return notHost();
      return hostEvent(state, event, now);
    default:
      return assertNever(event);
  }
}

/** The one entry point: apply an event from an actor at server time `now`. */
export function transition<E extends RoomEvent>(state: RoomState, actor: Actor, event: E, now: number): TransitionResult<Replies[E['type']]> {
  const result = dispatch(state, actor, event, now);
  if (!result.ok || event.type === 'tick' || result.state === state) return result as TransitionResult<Replies[E['type']]>;
  // Any accepted request counts as activity (the idle timeout restarts).
  return { ...result, state: { ...result.state, lastActivityAt: now } } as TransitionResult<Replies[E['type']]>;
}

/**
 * The same transition for the owner of `state` (a live room): records are written in place
 * (see "Writes"), so `state` must not be used afterwards unless `undo()` is called, which
 * puts back everything written (the room calls it when the journal refuses the event). An
 * exception undoes the writes before it propagates.
 */
export function transitionInPlace<E extends RoomEvent>(
  state: RoomState,
  actor: Actor,
  event: E,
  now: number,
): { result: TransitionResult<Replies[E['type']]>; undo: () => void } {
  const undo: (() => void)[] = [];
  const rollback = () => {
    // Undoing writes must not record them again.
    const running = inPlaceUndo;
    inPlaceUndo = null;
    for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
    undo.length = 0;
    inPlaceUndo = running;
  };
  const outer = inPlaceUndo;
  inPlaceUndo = undo;
  try {
    const result = transition(state, actor, event, now);
    if (!result.ok) rollback();
    return { result, undo: rollback };
  } catch (error) {
    rollback();
    throw error;
  } finally {
    inPlaceUndo = outer;
  }
}

/**
 * An accepted event as the room's log keeps it. Transitions are pure functions of
 * (state, actor, event, now), so replaying these from a checkpoint rebuilds the state exactly.
 */
export interface LoggedEvent {
  actor: Actor;
  event: RoomEvent;
  now: number;
}

/** Whether two states are in different phases (or about different questions): the room checkpoints then. */
export function phaseChanged(before: RoomState, after: RoomState): boolean {
  return before.phase.phase !== after.phase.phase || phaseIndex(before.phase) !== phaseIndex(after.phase);
}

/** No connection survives a restart: after recovery, the host and every player are away until they reconnect. */
export function withEveryoneAway(state: RoomState): RoomState {
  const players: Record<string, PlayerState> = {};
  for (const p of playerList(state)) players[p.id] = p.connected ? { ...p, connected: false } : p;
  return { ...state, host: { ...state.host, connected: false }, players };
}

/** When the room's timer must next fire (`null`: never): a question deadline or the idle timeout. */
export function nextAlarm(state: RoomState): number | null {
  if (state.phase.phase === 'ended') return null;
  const idle = state.lastActivityAt + state.idleTtlMs;
  const phase = state.phase;
  if (phase.phase === 'question' && !phase.paused && phase.deadline !== null) return Math.min(phase.deadline, idle);
  return idle;
}
