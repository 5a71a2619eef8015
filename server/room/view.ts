/**
 * The only way room data leaves the server. Each function builds what one class of viewer
 * may see; before a question closes nothing here reads its answer, solution, misconceptions
 * or seed (the host's view included: the projector is public). Tokens are never read.
 */
import { type Problem, toPublicProblem } from '../../shared/engine/index.ts';
import {
  type AnswerKey,
  type ContestBoardRoom,
  type CurrentAnswer,
  type DistributionEntry,
  type MisconceptionCount,
  PROTOCOL_VERSION,
  type PastGameInfo,
  type PhaseView,
  type PlayerResult,
  type PlayerSelfView,
  type PresenceView,
  type ResultStatus,
  type RevealStats,
  type RevealView,
  type RoomInfo,
  type RoomPeek,
  type RoomSnapshot,
  type RosterDelta,
  type RosterEntry,
  type StandingsView,
  type StepStats,
  type TeamRoundResult,
  type VariantReveal,
} from '../../shared/protocol/index.ts';
import type { PhaseAudience } from '../modes/mode.ts';
import { modeOf } from '../modes/registry.ts';
import { answerKey, bucketFigures, bucketOf, finalValues } from './answer-key.ts';
import { headCounts } from './room-state.ts';
import { competitionRanks, meanPoints, teamScore } from './scoring.ts';
import {
  type PastGame,
  type PlayerState,
  type QuestionState,
  type RoomState,
  assertNever,
  currentQuestion,
  isComplete,
  multiplierOf,
  playerList,
  problemFor,
  rankTeams,
  remainingMs,
  stepCountOf,
} from './state.ts';

export { answerKey };
export type { PhaseAudience };

export type Viewer = { role: 'host' } | { role: 'player'; playerId: string };

export const LEADERBOARD_SIZE = 10;
const DISTRIBUTION_SIZE = 10;

/** A complete snapshot for one viewer. */
export function viewFor(state: RoomState, viewer: Viewer, now: number): RoomSnapshot {
  const base = {
    protocolVersion: PROTOCOL_VERSION,
    serverNow: now,
    room: roomInfoView(state),
    presence: presenceView(state),
    standings: hasStandings(state) ? standingsView(state) : null,
  };
  switch (viewer.role) {
    case 'host':
      return { ...base, role: 'host', phase: phaseViewFor(state, { role: 'host' }, now), roster: playerList(state).map((p) => rosterEntry(state, p)) };
    case 'player': {
      const player = state.players[viewer.playerId];
      if (!player) throw new Error('viewFor: no such player');
      return { ...base, role: 'player', phase: phaseViewFor(state, { role: 'player', teamId: player.teamId }, now), me: selfView(state, player.id) };
    }
    default:
      return assertNever(viewer);
  }
}

export function hasStandings(state: RoomState): boolean {
  const phase = state.phase.phase;
  return phase === 'leaderboard' || phase === 'podium' || phase === 'ended';
}

export function roomInfoView(state: RoomState): RoomInfo {
  const { config } = state;
  return {
    code: state.code,
    title: config.title,
    mode: config.mode,
    lang: config.lang,
    locked: state.locked,
    capacity: config.capacity,
    questionCount: config.questionCount,
    kinds: [...config.kinds],
    difficulties: [...config.difficulties],
    timeLimitMs: config.timeLimitSec === null ? null : Math.round(config.timeLimitSec * 1000),
    speedBonus: config.speedBonus,
    streakBonus: config.streakBonus,
    allowAnswerChange: config.allowAnswerChange,
    // Rooms created before the option have no field: a leaderboard after every question.
    leaderboardEvery: config.leaderboardEvery ?? 1,
    teams: config.teams ? state.teams.map((t) => ({ ...t })) : null,
    teamAssignment: config.teams?.assignment ?? null,
    variants: Boolean(config.teams?.variants),
    nicknames: config.nicknames ?? 'own',
    game: state.game ?? 1,
    pastGames: (state.pastGames ?? []).map((past) => pastGameInfo(past)),
    // The set's name only: its items (right choices, notes) never leave the server.
    set: config.set ? { id: config.set.id, title: config.set.title } : null,
    // Nothing of the contest but its name and this room's place in it.
    ...(state.contest
      ? { contest: { code: state.contest.code, title: state.contest.title, label: state.contest.label, pacing: state.contest.pacing } }
      : {}),
  };
}

function pastGameInfo({ game, endedAt, state }: PastGame): PastGameInfo {
  const departed = Object.keys(state.departed ?? {}).filter((id) => !state.players[id]).length;
  return {
    game,
    startedAt: state.questions[0]?.openedAt ?? null,
    endedAt,
    players: Object.keys(state.players).length + departed,
    scoredQuestions: state.scoredQuestions,
  };
}

/**
 * Where a room stands for its contest's board and organizer (ContestBoardRoom): its status (`held`: a
 * lockstep question closed here, waiting for the other rooms) and the question it is on or last
 * closed (`null` before the first). Reads nothing of any answer.
 */
export function contestRoomProgress(state: RoomState): { status: Exclude<ContestBoardRoom['status'], 'not-open'>; questionIndex: number | null } {
  const phase = state.phase;
  switch (phase.phase) {
    case 'lobby':
      return { status: 'lobby', questionIndex: null };
    case 'question':
      return { status: phase.held ? 'held' : 'question', questionIndex: phase.index };
    case 'reveal':
    case 'leaderboard':
      return { status: phase.phase, questionIndex: phase.index };
    case 'podium':
    case 'ended':
      return { status: phase.phase, questionIndex: state.questions.length > 0 ? state.questions.length - 1 : null };
    default:
      return assertNever(phase);
  }
}

/** Before a seat: nothing but what the join screen shows (no head counts, no teams). */
export function roomPeekView(state: RoomState): RoomPeek {
  return { code: state.code, title: state.config.title, lang: state.config.lang, nicknames: state.config.nicknames ?? 'own' };
}

export function presenceView(state: RoomState): PresenceView {
  const counts = headCounts(state);
  return {
    players: counts.players,
    connected: counts.connected,
    hostConnected: state.host.connected,
    answered: counts.answered,
    teams: state.config.teams
      ? state.teams.map((t) => ({ teamId: t.id, members: counts.teams.get(t.id)?.members ?? 0, connected: counts.teams.get(t.id)?.connected ?? 0 }))
      : null,
  };
}

export function rosterEntry(state: RoomState, player: PlayerState): RosterEntry {
  return {
    playerId: player.id,
    name: player.name,
    teamId: player.teamId,
    connected: player.connected,
    score: player.score,
    correct: player.correct,
    asked: player.asked,
    ...progressOf(state, player),
  };
}

/** How far a player is in the current question, as its mode counts it. */
function progressOf(state: RoomState, player: PlayerState): Pick<RosterEntry, 'stepsAnswered' | 'answered'> {
  const question = state.phase.phase === 'question' ? currentQuestion(state) : null;
  if (!question) return { stepsAnswered: 0, answered: false };
  return modeOf(state).progress(state, question, player);
}

export function rosterDelta(state: RoomState, upsert: Iterable<string>, remove: Iterable<string>): RosterDelta {
  const rows: RosterEntry[] = [];
  for (const id of upsert) {
    const player = state.players[id];
    if (player) rows.push(rosterEntry(state, player));
  }
  return { upsert: rows, remove: [...remove].filter((id) => !state.players[id]) };
}

function currentAnswer(state: RoomState, player: PlayerState): CurrentAnswer | null {
  if (state.phase.phase !== 'question') return null;
  const question = currentQuestion(state)!;
  const submission = question.submissions[player.id];
  if (!submission) return null;
  return { questionId: question.id, steps: submission.steps.map((s) => s?.raw ?? null), complete: isComplete(question, submission) };
}

function currentResult(state: RoomState, playerId: string): PlayerResult | null {
  const phase = state.phase.phase;
  if (phase !== 'reveal' && phase !== 'leaderboard') return null;
  return currentQuestion(state)?.results?.[playerId] ?? null;
}

export function selfView(state: RoomState, playerId: string): PlayerSelfView {
  const player = state.players[playerId];
  if (!player) throw new Error('selfView: no such player');
  return {
    playerId: player.id,
    name: player.name,
    teamId: player.teamId,
    score: player.score,
    correct: player.correct,
    asked: player.asked,
    streak: player.streak,
    rank: player.rank,
    previousRank: player.previousRank,
    nameRerolls: state.phase.phase === 'lobby' ? (player.generated?.rerolls ?? 0) : 0,
    answer: currentAnswer(state, player),
    result: currentResult(state, playerId),
  };
}

// ─── Phase views ────────────────────────────────────────────────────────────────────

export function phaseViewFor(state: RoomState, audience: PhaseAudience, now: number): PhaseView {
  const phase = state.phase;
  const total = state.plan.length;
  switch (phase.phase) {
    case 'lobby':
      return { phase: 'lobby', ...modeOf(state).views.lobby?.(state, audience) };
    case 'question': {
      const question = state.questions[phase.index]!;
      const problem = audienceProblem(question, audience);
      return {
        phase: 'question',
        questionId: question.id,
        index: question.index,
        total,
        problem: toPublicProblem(problem),
        stepCount: problem.steps ? problem.steps.length : null,
        timeLimitMs: question.limitMs,
        points: multiplierOf(question),
        // Held (a lockstep contest room waiting for its other rooms): 0 left, and still nothing of the answer.
        remainingMs: remainingMs(state, now),
        paused: phase.paused,
        ...(phase.held ? { held: true } : {}),
        variants: question.variants !== null,
        ...modeOf(state).views.round(state, question, audience, false),
      };
    }
    case 'reveal':
      return revealView(state, state.questions[phase.index]!, audience);
    case 'leaderboard':
      return { phase: 'leaderboard', index: phase.index, total, isLast: phase.index + 1 >= total };
    case 'podium':
      return { phase: 'podium', endedEarly: phase.endedEarly, ...modeOf(state).views.podium?.(state, audience) };
    case 'ended':
      return { phase: 'ended', reason: phase.reason };
    default:
      return assertNever(phase);
  }
}

function audienceProblem(question: QuestionState, audience: PhaseAudience): Problem {
  return audience.role === 'player' ? problemFor(question, audience.teamId) : question.problem;
}

/**
 * A question's answer key per problem (a team variant has its own), kept while the question object is the
 * same: a changed question is a new object. The key reads every submission, and a reveal is built for every
 * class of viewer and every phone that rejoins while it shows.
 */
const answerKeys = new WeakMap<QuestionState, Map<Problem, AnswerKey>>();

function revealAnswer(question: QuestionState, problem: Problem): AnswerKey {
  let byProblem = answerKeys.get(question);
  if (!byProblem) answerKeys.set(question, (byProblem = new Map()));
  let key = byProblem.get(problem);
  if (!key) byProblem.set(problem, (key = answerKey(problem, finalValues(question, problem))));
  return key;
}

function revealView(state: RoomState, question: QuestionState, audience: PhaseAudience): RevealView {
  const problem = audienceProblem(question, audience);
  const host = audience.role === 'host';
  return {
    phase: 'reveal',
    questionId: question.id,
    index: question.index,
    total: state.plan.length,
    closedBy: question.closedBy ?? 'host',
    points: multiplierOf(question),
    problem: toPublicProblem(problem),
    answer: revealAnswer(question, problem),
    solution: problem.solution.map((s) => ({ ...s })),
    stats: host ? revealStats(state, question) : null,
    variants: host && question.variants ? variantReveals(state, question) : null,
    ...modeOf(state).views.round(state, question, audience, true),
  };
}

function distribution(question: QuestionState, problem: Problem, players: readonly PlayerState[]): DistributionEntry[] {
  const counts = new Map<string, DistributionEntry>();
  // The answers are shown with the figures the answer key shows the interval with, so they read apart.
  const sig = bucketFigures(problem, finalValues(question, problem));
  for (const p of players) {
    const submission = question.submissions[p.id];
    // Multi-step answers are compared by their last step, the one the problem finally asks.
    const step = submission?.steps[submission.steps.length - 1];
    if (!step) continue;
    const answer = bucketOf(step.value, sig);
    const key = `${step.status}|${answer}`;
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { answer, status: step.status, count: 1 });
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || (a.answer < b.answer ? -1 : 1)).slice(0, DISTRIBUTION_SIZE);
}

function revealStats(state: RoomState, question: QuestionState): RevealStats {
  const players = playerList(state);
  const results = question.results ?? {};
  const byStatus: Record<ResultStatus, number> = { correct: 0, close: 0, wrong: 0, invalid: 0, partial: 0, none: 0 };
  const misconceptions = new Map<string, MisconceptionCount>();
  const stepCount = stepCountOf(question.problem);
  const steps: StepStats[] | null = question.problem.steps
    ? question.problem.steps.map((s) => ({ asks: s.asks, answered: 0, correct: 0, consistent: 0 }))
    : null;
  const teams = new Map<string, TeamRoundResult & { points: number }>(
    state.teams.map((t) => [t.id, { teamId: t.id, members: 0, answered: 0, correct: 0, meanPoints: 0, score: 0, points: 0 }]),
  );
  const teamScores = new Map<string, number[]>(state.teams.map((t) => [t.id, []]));
  let answered = 0;
  let totalPoints = 0;
  let scored = 0;
  for (const p of players) {
    const result = results[p.id];
    const team = p.teamId === null ? undefined : teams.get(p.teamId);
    teamScores.get(p.teamId ?? '')?.push(p.score);
    if (team) team.members++;
    if (!result) continue;
    scored++;
    totalPoints += result.points;
    byStatus[result.status]++;
    const didAnswer = result.status !== 'none';
    if (didAnswer) answered++;
    if (team) {
      team.points += result.points;
      if (didAnswer) team.answered++;
      if (result.correct) team.correct++;
    }
    result.verdicts.forEach((v, i) => {
      if (v.diagnosis !== null && v.message !== null) {
        const entry = misconceptions.get(v.diagnosis);
        if (entry) entry.count++;
        else misconceptions.set(v.diagnosis, { key: v.diagnosis, message: v.message, count: 1 });
      }
      const step = steps?.[i];
      if (step && i < stepCount && v.status !== 'none') {
        step.answered++;
        if (v.status === 'correct') step.correct++;
        if (v.consistent) step.consistent++;
      }
    });
  }
  return {
    players: players.length,
    answered,
    byStatus,
    distribution: question.variants ? [] : distribution(question, question.problem, players),
    misconceptions: [...misconceptions.values()].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1)),
    steps,
    teams: state.config.teams
      ? [...teams.values()]
          .filter((t) => t.members > 0)
          .map(({ points, ...t }) => ({
            ...t,
            meanPoints: meanPoints(points, t.members),
            score: teamScore(teamScores.get(t.teamId)!),
          }))
      : null,
    averagePoints: meanPoints(totalPoints, scored),
  };
}

function variantReveals(state: RoomState, question: QuestionState): VariantReveal[] {
  const players = playerList(state);
  return state.teams.map((team) => {
    const problem = problemFor(question, team.id);
    return {
      teamId: team.id,
      problem: toPublicProblem(problem),
      answer: revealAnswer(question, problem),
      solution: problem.solution.map((s) => ({ ...s })),
      distribution: distribution(
        question,
        problem,
        players.filter((p) => (question.submissions[p.id]?.variant ?? p.teamId) === team.id),
      ),
    };
  });
}

// ─── Standings ──────────────────────────────────────────────────────────────────────

export function standingsView(state: RoomState): StandingsView {
  const players = playerList(state).sort((a, b) => b.score - a.score || a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : 1));
  const ranks = competitionRanks(players.map((p) => p.score));
  const teamRanks = rankTeams(state);
  const phase = state.phase.phase;
  return {
    scoredQuestions: state.scoredQuestions,
    final: phase === 'podium' || phase === 'ended',
    players: players.slice(0, LEADERBOARD_SIZE).map((p, i) => ({
      playerId: p.id,
      name: p.name,
      teamId: p.teamId,
      score: p.score,
      rank: ranks[i]!,
      previousRank: p.previousRank,
      correct: p.correct,
      asked: p.asked,
    })),
    // Only the teams with members (rankTeams leaves the empty ones out).
    teams: state.config.teams
      ? state.teams
          .filter((t) => teamRanks.has(t.id))
          .map((t) => {
            const ranked = teamRanks.get(t.id)!;
            return {
              teamId: t.id,
              name: t.name,
              colour: t.colour,
              score: ranked.score,
              rank: ranked.rank,
              previousRank: state.teamPreviousRanks[t.id] ?? null,
              members: ranked.members,
            };
          })
          .sort((a, b) => a.rank - b.rank)
      : null,
    totalPlayers: players.length,
  };
}
