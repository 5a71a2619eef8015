/**
 * The rules of a live game as a pure state machine: `transition(state, actor, event, now)`
 * returns the next state and the effects to send, or an error and no change. This is the
 * room machine every mode shares: lobby, joins, teams, seats, phases, the clock, pausing,
 * scoring into the leaderboard and the podium. What a question means (how it opens, what
 * players may send during it, when it is done, what everyone scored) is the room's mode's
 * (server/modes/, through the registry). Time is the `now` passed in; timers belong to the
 * Room around this.
 */
import { z } from 'zod';
import { type AgainResult, CLIENT_EVENT_SCHEMAS, type ClientEventName, type CloseReason, type HomeworkEventName, ERROR_CODES, leaderboardAfter, type RoomConfig, type TeamInfo } from '../../shared/protocol/index.ts';
import type { Lang } from '../../shared/engine/index.ts';
import { nameOnJoin, reroll } from './player-names.ts';
import { playAgain, questionIdOf } from './play-again.ts';
import { type ModeEvent, type ModeReplies, actionOf, modeOf, ownerOf, MODES } from '../modes/registry.ts';
import { nicknameKey } from './nickname.ts';
import {
  type Actor,
  type Changed,
  type Effect,
  EMPTY,
  type EmptyReply,
  type PhaseState,
  type PlanEntry,
  type PlayerState,
  type QuestionPhase,
  type QuestionState,
  type RoomContest,
  ROOM_STATE_VERSION,
  type Refusal,
  type RoomState,
  type TransitionResult,
  type Writer,
  assertNever,
  copyingWriter,
  currentQuestion,
  done,
  fail,
  indexOfPlayers,
  inPlaceWriter,
  isLockstep,
  phaseIndex,
  playerCount,
  playerList,
  rankPlayers,
  rankTeams,
  multiplierOf,
  remainingAt,
  setItemOf,
  withQuestion,
  withoutPlayer,
  wrongPhase,
} from './state.ts';
import { teamsFor } from './team-defaults.ts';
import { counts } from './scoring.ts';
import { itemPlan } from './set-plan.ts';
import { planKindsAndDifficulties } from '../../shared/protocol/question-plan.ts';

export * from './state.ts';
export { generatesNames } from './player-names.ts';

export interface CreateRoomInput {
  code: string;
  seed: number;
  config: RoomConfig;
  hostTokenHash: string;
  now: number;
  idleTtlMs: number;
  /** A room of a contest (absent otherwise). */
  contest?: RoomContest;
}

/**
 * A set's items in order; otherwise kinds cycle in the configured order (as the mode plays them) and
 * difficulties ramp through the configured list.
 */
export function planQuestions(config: RoomConfig): PlanEntry[] {
  if (config.set) return config.set.items.map((item, i) => ({ ...itemPlan(item), item: i }));
  const { kinds } = MODES[config.mode].configure(config);
  return planKindsAndDifficulties(kinds, config.difficulties, config.questionCount);
}

export function createRoomState(input: CreateRoomInput): RoomState {
  const mode = MODES[input.config.mode];
  const config: RoomConfig = mode.configure(input.config);
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
    ...mode.setup(config, input.seed >>> 0, teams),
    ...(input.contest ? { contest: { ...input.contest } } : {}),
  };
}

// ─── Events and replies ─────────────────────────────────────────────────────────────

/**
 * The room's events. Requests from a connection are named as on the wire and carry the
 * wire payload (docs/protocol.md; the socket layer forwards them as they are parsed, and
 * `WIRE_MISFITS` below keeps the two in step); `join`, `connect`, `drop` and `tick` come
 * from the room itself. The modes' requests are ModeEvent.
 */
export type CoreEvent =
  /**
   * `nameSeed` (drawn by the Room) makes the generated name in a room that generates them, in
   * `lang` (the phone's) or else the room's language; both are absent in journals written before.
   */
  | { type: 'join'; playerId: string; tokenHash: string; nickname: string; teamId: string | null; nameSeed?: number; lang?: Lang | null }
  | { type: 'connect' }
  | { type: 'drop' }
  | { type: 'tick' }
  | { type: 'room:leave' }
  | { type: 'room:kick'; playerId: string }
  | { type: 'room:lock'; locked: boolean }
  | { type: 'room:close' }
  | { type: 'team:assign'; playerId: string; teamId: string }
  | { type: 'team:choose'; teamId: string }
  /** `nameSeed` is drawn by the Room (the wire payload is empty). */
  | { type: 'name:reroll'; nameSeed?: number }
  | { type: 'game:start' }
  | { type: 'game:pause' }
  | { type: 'game:resume' }
  | { type: 'game:next'; from?: 'reveal' | 'leaderboard' | null }
  | { type: 'game:end' }
  | { type: 'game:again' }
  | { type: 'question:end'; questionId?: string | null }
  | { type: 'question:skip'; questionId?: string | null };

/**
 * What a room's contest asks of it (docs/architecture.md "Contest rooms in the room machine"). Only
 * the system actor sends them (the contest service, never a connection), so they are no wire events.
 * Indexes are 0-based questions of the plan; `deadline` is absolute server epoch ms (`null`: untimed),
 * the same for every room of a lockstep contest.
 */
export type ContestEvent =
  /** Lockstep: open question `index` until `deadline` (from the lobby, or after an earlier question). */
  | { type: 'contest:open'; index: number; deadline: number | null }
  /** Lockstep: the open question `index` is held now (the organizer closed it early). */
  | { type: 'contest:close'; index: number }
  /** Lockstep: the held question `index` closes as usual (scored, ranked, revealed). */
  | { type: 'contest:release'; index: number }
  /** Any pacing: the contest is over; the room goes to its podium (an open question is voided). */
  | { type: 'contest:end' };

const questionIndex = z.number().int().min(0).max(10_000);
/** For a contest event that crossed a process boundary (JSON between cluster nodes). */
export const ContestEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('contest:open'), index: questionIndex, deadline: z.number().int().nonnegative().nullable() }),
  z.object({ type: z.literal('contest:close'), index: questionIndex }),
  z.object({ type: z.literal('contest:release'), index: questionIndex }),
  z.object({ type: z.literal('contest:end') }),
]);

export type RoomEvent = CoreEvent | ContestEvent | ModeEvent;

/** The client events a seat sends to its room (the others seat a connection or ask for a snapshot). */
export type SeatEventName = Exclude<ClientEventName, 'session:hello' | 'room:create' | 'room:join' | 'room:peek' | 'room:sync' | HomeworkEventName>;
/** Seat requests that are not a room event, or whose parsed wire payload does not fit it: there must be none. */
type Misfits = {
  [N in SeatEventName]: z.output<(typeof CLIENT_EVENT_SCHEMAS)[N]> & { type: N } extends Extract<RoomEvent, { type: N }> ? never : N;
}[SeatEventName];
/** A compile error naming the request, should one not fit. */
export const WIRE_MISFITS: [Misfits] extends [never] ? 'none' : Misfits = 'none';

export interface CoreReplies {
  join: { playerId: string };
  connect: EmptyReply;
  drop: EmptyReply;
  tick: EmptyReply;
  'room:leave': EmptyReply;
  'room:kick': EmptyReply;
  'room:lock': { locked: boolean };
  'room:close': EmptyReply;
  'team:assign': EmptyReply;
  'team:choose': EmptyReply;
  'name:reroll': { name: string };
  'game:start': { questionId: string };
  'game:pause': EmptyReply;
  'game:resume': EmptyReply;
  'game:next': EmptyReply;
  'game:end': EmptyReply;
  'game:again': AgainResult;
  'question:end': EmptyReply;
  'question:skip': EmptyReply;
  'contest:open': EmptyReply;
  'contest:close': EmptyReply;
  'contest:release': EmptyReply;
  'contest:end': EmptyReply;
}
export type Replies = CoreReplies & ModeReplies;

type Result<T extends RoomEvent['type']> = TransitionResult<Replies[T]>;
type HostEvent = Extract<
  CoreEvent,
  { type: 'room:kick' | 'room:lock' | 'team:assign' | 'game:start' | 'game:pause' | 'game:resume' | 'question:end' | 'question:skip' | 'game:next' | 'game:end' | 'game:again' | 'room:close' }
>;

function notHost() {
  return fail(ERROR_CODES.NOT_HOST, 'only the host can do this');
}

/** What a lockstep contest room's host may not do: its contest paces the game. Kick, lock, teams and closing stay the host's. */
const LOCKSTEP_PACED: ReadonlySet<HostEvent['type']> = new Set([
  'game:start',
  'game:next',
  'question:end',
  'question:skip',
  'game:pause',
  'game:resume',
  'game:end',
  'game:again',
]);

// ─── Head counts ────────────────────────────────────────────────────────────────────

/** Head counts without a scan of the players (presence goes out with every snapshot and every few hundred ms). */
export function headCounts(state: RoomState): {
  players: number;
  connected: number;
  teams: ReadonlyMap<string, { members: number; connected: number }>;
  /** Current players counted as having answered the open question (as its mode counts); `null` outside a question. */
  answered: number | null;
} {
  const index = indexOfPlayers(state.players);
  const phase = state.phase;
  const answered = phase.phase === 'question' ? modeOf(state).answered(state, state.questions[phase.index]!) : null;
  return { players: index.size, connected: index.connected, teams: index.teams, answered };
}

// ─── Opening and closing questions ──────────────────────────────────────────────────

/** `deadline`: a lockstep contest's (absolute, shared by its rooms); absent, the question's limit from now. */
function openQuestion(state: RoomState, index: number, now: number, deadline?: number | null): Changed {
  const { kind, difficulty } = state.plan[index]!;
  const opening = modeOf(state).open(state, index, now);
  // A set's item has its own time limit (null: untimed); absent, the room's.
  const item = setItemOf(state, index);
  const limitSec = item && item.timeLimitSec !== undefined ? item.timeLimitSec : state.config.timeLimitSec;
  const limitMs = limitSec === null ? null : Math.round(limitSec * 1000);
  const question: QuestionState = {
    id: questionIdOf(state, index),
    index,
    kind,
    difficulty,
    problem: opening.problem,
    variants: opening.variants,
    openedAt: now,
    limitMs,
    closedAt: null,
    closedBy: null,
    voided: false,
    submissions: {},
    results: null,
    ...(item ? { item: state.plan[index]!.item!, points: item.points } : {}),
    ...opening.part,
  };
  const next = withQuestion(state, question);
  return {
    state: {
      ...next,
      phase: {
        phase: 'question',
        index,
        deadline: deadline !== undefined ? deadline : limitMs === null ? null : now + limitMs,
        paused: false,
        pausedRemainingMs: null,
      },
    },
    // Every row's "answered" flag resets.
    effects: [{ type: 'roster', playerIds: Object.keys(state.players) }, { type: 'phase' }],
  };
}

/** Score the open question as its mode says, rank everyone, and show the reveal. */
function closeQuestion(state: RoomState, now: number, closedBy: CloseReason): Changed {
  const phase = state.phase;
  if (phase.phase !== 'question') return { state, effects: [] };
  const question = state.questions[phase.index]!;
  const before = playerList(state);
  // In the order of `before`, as are the new scores and ranks below.
  const previousRanks = rankPlayers(before);
  const teamRanksBefore = rankTeams(state);
  const closing = modeOf(state).close(state, question);
  const results: QuestionState['results'] & object = {};
  const players: Record<string, PlayerState> = {};
  // A ×0 item (practice) is graded but counted in nobody's correct / asked.
  const counted = counts(multiplierOf(question)) ? 1 : 0;
  // Scores first, then ranks, then each player's new state in one object (a room of thousands closes in one go).
  const scored = before.map((player) => {
    const outcome = closing.outcome(player);
    results[player.id] = outcome;
    return { score: player.score + outcome.points, outcome };
  });
  const ranks = rankPlayers(scored);
  for (let i = 0; i < before.length; i++) {
    const player = before[i]!;
    const { score, outcome } = scored[i]!;
    players[player.id] = {
      ...player,
      score,
      asked: player.asked + counted,
      correct: player.correct + (outcome.correct ? counted : 0),
      streak: outcome.streak,
      rank: ranks[i]!,
      previousRank: state.scoredQuestions === 0 ? null : previousRanks[i]!,
    };
  }
  const closed: QuestionState = { ...question, closedAt: now, closedBy, results };
  const next: RoomState = {
    ...withQuestion(state, closed),
    ...closing.room,
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
 * Where a lockstep contest room would close its open question, it holds it instead: answers are
 * refused, nothing is scored and nothing of the answer is shown until the contest releases it
 * (`contest:release`), once every room of the contest has closed it, so a room ahead cannot
 * leak the answer to a room behind.
 */
function holdQuestion(state: RoomState, heldBy: CloseReason): Changed {
  const phase = state.phase as QuestionPhase;
  return { state: { ...state, phase: { ...phase, held: true, heldBy } }, effects: [{ type: 'phase' }] };
}

function closeOrHold(state: RoomState, now: number, closedBy: CloseReason): Changed {
  return isLockstep(state) ? holdQuestion(state, closedBy) : closeQuestion(state, now, closedBy);
}

/** A question closes early once its mode says it is done (e.g. every connected player has answered). */
function closeIfDone(changed: Changed, now: number): Changed {
  const { state } = changed;
  const phase = state.phase;
  if (phase.phase !== 'question' || phase.paused || phase.held) return changed;
  if (!modeOf(state).done(state, state.questions[phase.index]!)) return changed;
  const closed = closeOrHold(state, now, 'all-answered');
  return { state: closed.state, effects: [...changed.effects, ...closed.effects] };
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

/** After someone leaves, the remaining ranks close the gap. */
function rerank(state: RoomState): RoomState {
  if (state.scoredQuestions === 0) return state;
  const list = playerList(state);
  const ranks = rankPlayers(list);
  const players: Record<string, PlayerState> = {};
  for (let i = 0; i < list.length; i++) players[list[i]!.id] = { ...list[i]!, rank: ranks[i]! };
  return { ...state, players };
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

function join(state: RoomState, actor: Actor, e: Extract<RoomEvent, { type: 'join' }>, now: number, write: Writer): Result<'join'> {
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
  const names = indexOfPlayers(state.players).names;
  const taken = (key: string) => (names.get(key) ?? 0) > 0;
  const teamId = teamOnJoin(state, e.teamId);
  const named = nameOnJoin(state, e, taken, teamId === false);
  if ('code' in named) return fail(named.code, named.message, named.extra);
  if (teamId === false) return fail(ERROR_CODES.INVALID_TEAM, 'no such team'); // refused above already; narrows the type
  const { name, generated } = named;
  const player: PlayerState = {
    id: e.playerId,
    name,
    nameKey: nicknameKey(name),
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
    ...(generated ? { generated } : {}),
  };
  return done({ state: write.player(state, player), effects: [{ type: 'roster', playerIds: [player.id] }] }, { playerId: player.id });
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

function setConnected(state: RoomState, actor: Actor, connected: boolean, write: Writer): Result<'connect' | 'drop'> {
  switch (actor.role) {
    case 'host':
      if (state.host.connected === connected) return done({ state, effects: [] }, EMPTY);
      return done({ state: { ...state, host: { ...state.host, connected } }, effects: [{ type: 'presence' }] }, EMPTY);
    case 'player': {
      const player = state.players[actor.playerId];
      if (!player) return fail(ERROR_CODES.NOT_IN_ROOM, 'no such player');
      if (player.connected === connected) return done({ state, effects: [] }, EMPTY);
      return done({ state: write.player(state, { ...player, connected }), effects: [{ type: 'roster', playerIds: [player.id] }] }, EMPTY);
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
  const effects: Effect[] = [{ type: 'unseat', playerId, reason }, { type: 'roster-remove', playerId }];
  const open = next.phase.phase === 'question' ? currentQuestion(next) : null;
  const left = open ? modeOf(next).leave?.(next, open, player) : null;
  if (left) {
    next = withQuestion(next, left.question);
    effects.push(...left.effects);
  }
  next = { ...next, departed: { ...next.departed, [id]: { id, name, teamId, score, correct, asked, reason, at: now } } };
  if (reason === 'kicked') next = { ...next, refusedTokenHashes: [...next.refusedTokenHashes, player.tokenHash] };
  return closeIfDone({ state: next, effects }, now);
}

// ─── Players' requests to the mode ──────────────────────────────────────────────────

/**
 * The checks every player's request to a mode shares, in this order: the room's mode takes
 * it; the phase (a round request needs an open, unpaused question, a lobby request the
 * lobby); the seat; the question id; the mode's own checks; the deadline by the server clock.
 * Then the mode's action.
 */
function modeRequest(state: RoomState, actor: Actor, event: ModeEvent, now: number, write: Writer): TransitionResult<unknown> {
  const action = actionOf(state, event.type);
  const mode = modeOf(state);
  if (!action) return fail(ERROR_CODES.NOT_ALLOWED, mode.instead?.[event.type] ?? ownerOf(event.type).elsewhere);
  const player = actor.role === 'player' ? state.players[actor.playerId] : undefined;
  const noSeat = () => fail(ERROR_CODES.NOT_IN_ROOM, `only players in this room can ${action.verb}`);
  const phase = state.phase;
  if (action.when === 'lobby') {
    if (phase.phase !== 'lobby') return wrongPhase(state, action.verb);
    if (!player) return noSeat();
    return (action.run as (ctx: unknown, e: ModeEvent) => TransitionResult<unknown>)({ state, player, now, write }, event);
  }
  if (phase.phase === 'lobby') return wrongPhase(state, action.verb);
  if (phase.phase !== 'question' || phase.held) return fail(ERROR_CODES.ROUND_CLOSED, `this ${mode.noun} is closed`);
  if (phase.paused) return fail(ERROR_CODES.PAUSED, 'the game is paused');
  if (!player) return noSeat();
  const question = state.questions[phase.index]!;
  const questionId = (event as Extract<ModeEvent, { questionId: string }>).questionId;
  if (questionId !== question.id) {
    const earlier = state.questions.some((q) => q.id === questionId && q.index < question.index);
    return earlier ? fail(ERROR_CODES.ROUND_CLOSED, `that ${mode.noun} is closed`) : fail(ERROR_CODES.STALE_QUESTION, `that is not the open ${mode.noun}`);
  }
  const ctx = { state, player, question, phase, now, write, settle: (changed: Changed) => closeIfDone(changed, now) };
  const refused = (action.check as ((ctx: unknown, e: ModeEvent) => Refusal | null) | undefined)?.(ctx, event);
  if (refused) return refused;
  if (phase.deadline !== null && now >= phase.deadline) return fail(ERROR_CODES.ROUND_CLOSED, 'time is up');
  return (action.run as (ctx: unknown, e: ModeEvent) => TransitionResult<unknown>)(ctx, event);
}

function assignTeam(state: RoomState, playerId: string, teamId: string, self: boolean, write: Writer): Result<'team:assign'> {
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
    { state: write.player(state, { ...player, teamId }), effects: [{ type: 'roster', playerIds: [playerId] }, { type: 'me', playerIds: [playerId] }] },
    EMPTY,
  );
}

function start(state: RoomState, now: number): Result<'game:start'> {
  if (state.phase.phase !== 'lobby') return wrongPhase(state, 'start');
  if (playerCount(state) === 0) return fail(ERROR_CODES.NO_PLAYERS, 'nobody has joined yet');
  const balanced = balanceUnassigned(state);
  const opened = openQuestion(balanced.state, 0, now);
  const effects: Effect[] = balanced.moved.length > 0 ? [{ type: 'me', playerIds: balanced.moved }, ...opened.effects] : opened.effects;
  return done({ state: opened.state, effects }, { questionId: opened.state.questions[0]!.id });
}

function guardQuestion(state: RoomState, questionId: string | null): Refusal | null {
  const question = currentQuestion(state);
  if (state.phase.phase !== 'question' || !question) return wrongPhase(state, 'do this to a question');
  if (questionId !== null && questionId !== question.id) return fail(ERROR_CODES.STALE_QUESTION, 'that question is no longer open');
  return null;
}

function tick(state: RoomState, now: number): Result<'tick'> {
  const phase = state.phase;
  if (phase.phase === 'question' && !phase.paused && !phase.held && phase.deadline !== null && now >= phase.deadline) {
    return done(closeOrHold(state, now, 'deadline'), EMPTY);
  }
  if (phase.phase !== 'ended' && now >= state.lastActivityAt + state.idleTtlMs) {
    return done(
      { state: { ...state, phase: { phase: 'ended', reason: 'idle', endedAt: now } }, effects: [{ type: 'standings' }, { type: 'phase' }, { type: 'closed' }] },
      EMPTY,
    );
  }
  return done({ state, effects: [] }, EMPTY);
}

function hostEvent(state: RoomState, e: HostEvent, now: number, write: Writer): TransitionResult<unknown> {
  switch (e.type) {
    case 'room:kick': {
      if (!state.players[e.playerId]) return fail(ERROR_CODES.UNKNOWN_PLAYER, 'no such player');
      return done(removePlayer(state, e.playerId, 'kicked', now), EMPTY);
    }
    case 'room:lock':
      return done({ state: { ...state, locked: e.locked }, effects: state.locked === e.locked ? [] : [{ type: 'info' }] }, { locked: e.locked });
    case 'team:assign':
      return assignTeam(state, e.playerId, e.teamId, false, write);
    case 'game:start':
      return start(state, now);
    case 'game:pause': {
      const phase = state.phase;
      if (phase.phase !== 'question' || phase.paused) return wrongPhase(state, 'pause');
      return done(
        { state: { ...state, phase: { ...phase, paused: true, pausedRemainingMs: remainingAt(phase, now), deadline: null } }, effects: [{ type: 'phase' }] },
        EMPTY,
      );
    }
    case 'game:resume': {
      const phase = state.phase;
      if (phase.phase !== 'question' || !phase.paused) return wrongPhase(state, 'resume');
      const deadline = phase.pausedRemainingMs === null ? null : now + phase.pausedRemainingMs;
      const resumed = { state: { ...state, phase: { ...phase, paused: false, pausedRemainingMs: null, deadline } }, effects: [{ type: 'phase' }] satisfies Effect[] };
      return done(closeIfDone(resumed, now), EMPTY);
    }
    case 'question:end': {
      const refused = guardQuestion(state, e.questionId ?? null);
      if (refused) return refused;
      return done(closeQuestion(state, now, 'host'), EMPTY);
    }
    case 'question:skip': {
      const refused = guardQuestion(state, e.questionId ?? null);
      if (refused) return refused;
      const index = (state.phase as Extract<PhaseState, { phase: 'question' }>).index;
      return done(advanceFrom(voidQuestion(state, now), index, now), EMPTY);
    }
    case 'game:next': {
      const phase = state.phase;
      if (e.from != null && e.from !== phase.phase) return wrongPhase(state, `move on from ${e.from}`);
      if (phase.phase === 'reveal') {
        if (!leaderboardAfter(state.config, phase.index, state.plan.length)) return done(advanceFrom(state, phase.index, now), EMPTY);
        return done({ state: { ...state, phase: { phase: 'leaderboard', index: phase.index } }, effects: [{ type: 'standings' }, { type: 'phase' }] }, EMPTY);
      }
      if (phase.phase === 'leaderboard') return done(advanceFrom(state, phase.index, now), EMPTY);
      return wrongPhase(state, 'move on');
    }
    case 'game:end': {
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
    case 'game:again':
      return playAgain(state, planQuestions(state.config), now);
    case 'room:close': {
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

// ─── Contest events ─────────────────────────────────────────────────────────────────

/** Whether the room has closed question `index` already, or gone past it (a repeated request changes nothing). */
function pastQuestion(state: RoomState, index: number): boolean {
  const phase = state.phase;
  switch (phase.phase) {
    case 'lobby':
      return false;
    case 'question':
      return phase.index > index;
    case 'reveal':
    case 'leaderboard':
      return phase.index >= index;
    case 'podium':
    case 'ended':
      return true;
    default:
      return assertNever(phase);
  }
}

/**
 * Questions before `index` the room never opened (it was opened after the contest had started):
 * voided, so the plan's questions stay one per index (stores keep them by index) and nobody scores them.
 */
function voidUnplayed(state: RoomState, index: number, now: number): RoomState {
  let next = state;
  for (let i = next.questions.length; i < index; i++) next = voidQuestion(openQuestion(next, i, now).state, now);
  return next;
}

function contestOpen(state: RoomState, index: number, deadline: number | null, now: number): TransitionResult<EmptyReply> {
  const phase = state.phase;
  // On it already (open or held), or past it: a repeated request.
  if (pastQuestion(state, index) || (phase.phase === 'question' && phase.index === index)) return done({ state, effects: [] }, EMPTY);
  if (phase.phase === 'question') return wrongPhase(state, `open question ${index + 1} before question ${phase.index + 1} is released`);
  // From the lobby, as game:start: players without a team get one.
  const balanced = phase.phase === 'lobby' ? balanceUnassigned(state) : { state, moved: [] };
  const opened = openQuestion(voidUnplayed(balanced.state, index, now), index, now, deadline);
  const effects: Effect[] = balanced.moved.length > 0 ? [{ type: 'me', playerIds: balanced.moved }, ...opened.effects] : opened.effects;
  return done({ state: opened.state, effects }, EMPTY);
}

function contestEnd(state: RoomState, now: number): TransitionResult<EmptyReply> {
  const phase = state.phase;
  switch (phase.phase) {
    case 'lobby':
      return done(toPodium(state, true), EMPTY);
    case 'question':
      return done(toPodium(voidQuestion(state, now), true, [{ type: 'roster', playerIds: Object.keys(state.players) }]), EMPTY);
    case 'reveal':
    case 'leaderboard':
      return done(toPodium(state, phase.index + 1 < state.plan.length), EMPTY);
    case 'podium':
    case 'ended':
      return done({ state, effects: [] }, EMPTY);
    default:
      return assertNever(phase);
  }
}

function contestEvent(state: RoomState, e: ContestEvent, now: number): TransitionResult<EmptyReply> {
  if (!state.contest) return fail(ERROR_CODES.NOT_ALLOWED, 'this room plays in no contest');
  if (e.type === 'contest:end') return contestEnd(state, now);
  if (!isLockstep(state)) return fail(ERROR_CODES.NOT_ALLOWED, 'the host paces the questions of an own-pace contest room');
  if (!Number.isInteger(e.index) || e.index < 0 || e.index >= state.plan.length) return fail(ERROR_CODES.INVALID_PAYLOAD, 'no such question');
  const unchanged = done({ state, effects: [] }, EMPTY);
  const phase = state.phase;
  const open = phase.phase === 'question' && phase.index === e.index ? phase : null;
  switch (e.type) {
    case 'contest:open':
      if (e.deadline !== null && !Number.isFinite(e.deadline)) return fail(ERROR_CODES.INVALID_PAYLOAD, 'a deadline is a time or null');
      return contestOpen(state, e.index, e.deadline, now);
    case 'contest:close':
      if (open) return open.held ? unchanged : done(holdQuestion(state, 'host'), EMPTY);
      return pastQuestion(state, e.index) ? unchanged : wrongPhase(state, `close question ${e.index + 1}`);
    case 'contest:release':
      if (!open?.held) return unchanged;
      return done(closeQuestion(state, now, open.heldBy ?? 'deadline'), EMPTY);
    default:
      return assertNever(e);
  }
}

function dispatch(state: RoomState, actor: Actor, event: RoomEvent, now: number, write: Writer): TransitionResult<unknown> {
  switch (event.type) {
    case 'join':
      return join(state, actor, event, now, write);
    case 'connect':
      return setConnected(state, actor, true, write);
    case 'drop':
      return setConnected(state, actor, false, write);
    case 'room:leave':
      if (actor.role === 'host') return fail(ERROR_CODES.NOT_ALLOWED, 'the host closes the room instead of leaving');
      if (actor.role !== 'player' || !state.players[actor.playerId]) return fail(ERROR_CODES.NOT_IN_ROOM, 'no seat to leave');
      return done(removePlayer(state, actor.playerId, 'left', now), EMPTY);
    case 'team:choose':
      if (actor.role !== 'player') return fail(ERROR_CODES.NOT_IN_ROOM, 'only players choose a team');
      return assignTeam(state, actor.playerId, event.teamId, true, write);
    case 'name:reroll':
      return reroll(state, actor, event, write);
    case 'tick':
      return tick(state, now);
    case 'room:kick':
    case 'room:lock':
    case 'team:assign':
    case 'game:start':
    case 'game:pause':
    case 'game:resume':
    case 'question:end':
    case 'question:skip':
    case 'game:next':
    case 'game:end':
    case 'game:again':
    case 'room:close':
      if (actor.role !== 'host') return notHost();
      if (isLockstep(state) && LOCKSTEP_PACED.has(event.type)) {
        return fail(ERROR_CODES.CONTEST_LOCKSTEP, 'the contest\'s organizer runs the questions of this room');
      }
      if (state.contest && event.type === 'game:again') return fail(ERROR_CODES.NOT_ALLOWED, 'a contest room plays its contest once');
      return hostEvent(state, event, now, write);
    case 'contest:open':
    case 'contest:close':
    case 'contest:release':
    case 'contest:end':
      if (actor.role !== 'system') return fail(ERROR_CODES.NOT_ALLOWED, 'only the room\'s contest can do this');
      return contestEvent(state, event, now);
    default:
      return modeRequest(state, actor, event, now, write);
  }
}

function run<E extends RoomEvent>(state: RoomState, actor: Actor, event: E, now: number, write: Writer): TransitionResult<Replies[E['type']]> {
  const result = dispatch(state, actor, event, now, write);
  if (!result.ok || event.type === 'tick' || result.state === state) return result as TransitionResult<Replies[E['type']]>;
  // Any accepted request counts as activity (the idle timeout restarts).
  return { ...result, state: { ...result.state, lastActivityAt: now } } as TransitionResult<Replies[E['type']]>;
}

/** The one entry point: apply an event from an actor at server time `now`. `state` is never touched. */
export function transition<E extends RoomEvent>(state: RoomState, actor: Actor, event: E, now: number): TransitionResult<Replies[E['type']]> {
  return run(state, actor, event, now, copyingWriter);
}

/**
 * The same transition for the owner of `state` (a live room): records are written in place
 * (see "Writes" in state.ts), so `state` must not be used afterwards unless `undo()` is
 * called, which puts back everything written (the room calls it when the journal refuses
 * the event). An exception undoes the writes before it propagates.
 */
export function transitionInPlace<E extends RoomEvent>(
  state: RoomState,
  actor: Actor,
  event: E,
  now: number,
): { result: TransitionResult<Replies[E['type']]>; undo: () => void } {
  const steps: (() => void)[] = [];
  const undo = () => {
    for (let i = steps.length - 1; i >= 0; i--) steps[i]!();
    steps.length = 0;
  };
  try {
    const result = run(state, actor, event, now, inPlaceWriter(steps));
    if (!result.ok) undo();
    return { result, undo };
  } catch (error) {
    undo();
    throw error;
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
  // A held question's deadline is spent: only the idle timeout is left to wait for.
  if (phase.phase === 'question' && !phase.paused && !phase.held && phase.deadline !== null) return Math.min(phase.deadline, idle);
  return idle;
}
