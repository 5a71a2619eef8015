/**
 * A Backprop Relay round in the room: each team's members hold the links of one backward
 * pass (rules.ts), send them in order, and the round is done when every playing team's chain
 * is complete. A member who leaves hands the links not sent yet to the teammates who stay.
 */
import { type RelayKind, type RelayProblem, deriveSeed, generateRelayProblem } from '../../../shared/engine/index.ts';
import { ERROR_CODES, type ErrorCode, type PlayerResult } from '../../../shared/protocol/index.ts';
import { type StepGrade, resultStatus, verdictView } from '../../room/scoring.ts';
import {
  type PlayerState,
  type QuestionState,
  type Refusal,
  type RoomState,
  type TransitionResult,
  done,
  emptyResult,
  fail,
  indexOfPlayers,
  problemFor,
  teamMembers,
  withFallbackSeeds,
  withQuestion,
} from '../../room/state.ts';
import type { Closing, Opening, RoundContext } from '../mode.ts';
import {
  RELAY_SCORING,
  type RelayRefusal,
  type RelayTeamRun,
  linkRefusal,
  openLinks,
  redealOpenLinks,
  relayPoints,
  roundWinner,
  startRun,
  submitLink,
} from './rules.ts';

/** A relay round's part of the question: each team's chain, by team id (teams without members at the start have none). */
export interface RelayQuestionPart {
  relay?: Record<string, RelayTeamRun>;
}

export type RelayEvent = { type: 'relay:submit'; questionId: string; link: number; answer: string };
export interface RelayReplies {
  'relay:submit': { questionId: string; link: number; nextLink: number | null; openLinks: number[]; finished: boolean };
}

export function runsOf(question: QuestionState): Record<string, RelayTeamRun> {
  if (!question.relay) throw new Error('a relay room question without chains');
  return question.relay;
}

/**
 * A relay round's problem: each team always gets its own numbers (deriveSeed(roomSeed, `${i}:${teamId}`)),
 * on a chain or (the round's kind `branch-steps`) a network that branches.
 */
export function generateRelayFor(seed: number, difficulty: RoomState['plan'][number]['difficulty'], kind: RelayKind = 'chain-steps'): RelayProblem {
  return withFallbackSeeds(seed, (s) => generateRelayProblem({ seed: s, difficulty, kind }));
}

function relayKind(kind: RoomState['plan'][number]['kind']): RelayKind {
  return kind === 'branch-steps' ? 'branch-steps' : 'chain-steps';
}

export function isRelayProblem(problem: unknown): problem is RelayProblem {
  return Array.isArray((problem as Partial<RelayProblem>).links);
}

/** The links are dealt to each team's members from the loss backwards, rotating by round. */
export function openRelay(state: RoomState, index: number, now: number): Opening {
  const { difficulty } = state.plan[index]!;
  const kind = relayKind(state.plan[index]!.kind);
  const variants =
    state.config.teams?.variants && state.teams.length > 0
      ? Object.fromEntries(state.teams.map((t) => [t.id, generateRelayFor(deriveSeed(state.seed, `${index}:${t.id}`), difficulty, kind)]))
      : null;
  const runs: Record<string, RelayTeamRun> = {};
  if (variants) {
    for (const team of state.teams) {
      const members = teamMembers(state, team.id);
      if (members.length > 0) runs[team.id] = startRun(variants[team.id] as RelayProblem, team.id, members, index, now);
    }
  }
  return { problem: generateRelayFor(deriveSeed(state.seed, index), difficulty, kind), variants, part: { relay: runs } };
}

const REFUSALS: Record<Exclude<RelayRefusal, 'invalid_answer'>, (run: RelayTeamRun) => [ErrorCode, string]> = {
  no_such_link: (run) => [ERROR_CODES.INVALID_STEP, `the chain has links 0 to ${run.holders.length - 1}`],
  already_sent: () => [ERROR_CODES.ALREADY_ANSWERED, 'this link has been sent'],
  not_your_turn: () => [ERROR_CODES.NOT_ALLOWED, 'a teammate holds this link'],
  upstream_pending: () => [ERROR_CODES.INVALID_STEP, 'the upstream gradient has not arrived yet'],
};

function teamRun(ctx: RoundContext): RelayTeamRun | undefined {
  return ctx.player.teamId === null ? undefined : runsOf(ctx.question)[ctx.player.teamId];
}

/** The team must have a chain this round, and the link must be the member's to send now. */
export function checkRelaySubmit(ctx: RoundContext, e: RelayEvent): Refusal | null {
  const run = teamRun(ctx);
  if (!run) return fail(ERROR_CODES.NOT_ALLOWED, 'your team has no chain this round (you joined after it started)');
  const refused = linkRefusal(problemFor(ctx.question, ctx.player.teamId) as RelayProblem, run, ctx.player.id, e.link);
  return refused ? fail(...REFUSALS[refused](run)) : null;
}

/** A member sends the link they hold (checked by checkRelaySubmit), graded against the upstream value they received. */
export function relaySubmit(ctx: RoundContext, e: RelayEvent): TransitionResult<RelayReplies['relay:submit']> {
  const { state, player, question, now } = ctx;
  const runs = runsOf(question);
  const run = teamRun(ctx)!;
  const problem = problemFor(question, player.teamId) as RelayProblem;
  const outcome = submitLink(problem, run, player.id, e.link, e.answer, now);
  if (!outcome.ok) {
    if (outcome.code === 'invalid_answer') {
      return fail(ERROR_CODES.INVALID_ANSWER, 'that answer cannot be read', outcome.message === null ? {} : { text: outcome.message });
    }
    return fail(...REFUSALS[outcome.code](run));
  }
  const next = withQuestion(state, { ...question, relay: { ...runs, [run.teamId]: outcome.run } });
  const changed = ctx.settle({
    state: next,
    effects: [{ type: 'team-phase', teamId: run.teamId }, { type: 'roster', playerIds: teamMembers(state, run.teamId) }],
  });
  const open = openLinks(problem, outcome.run);
  return done(changed, { questionId: question.id, link: e.link, nextLink: open[0] ?? null, openLinks: open, finished: outcome.run.finishedAt !== null });
}

/** A member has answered once the team's chain is complete. */
export function answered(state: RoomState, question: QuestionState): number {
  const teams = indexOfPlayers(state.players).teams;
  let count = 0;
  for (const run of Object.values(runsOf(question))) if (run.finishedAt !== null) count += teams.get(run.teamId)?.members ?? 0;
  return count;
}

/** Done once every team with a connected member has completed its chain. */
export function relayDone(state: RoomState, question: QuestionState): boolean {
  const teams = indexOfPlayers(state.players).teams;
  let waitedFor = 0;
  for (const run of Object.values(runsOf(question))) {
    if ((teams.get(run.teamId)?.connected ?? 0) === 0) continue;
    if (run.finishedAt === null) return false;
    waitedFor++;
  }
  return waitedFor > 0;
}

/**
 * Every member of a team gets the team's chain as verdicts, the points of the links they
 * sent (relayPoints) and, in the winning team, the winner's bonus (shown as `speed`: the
 * fastest fully correct chain wins). `correct` means the whole chain was right.
 */
export function closeRelay(state: RoomState, question: QuestionState): Closing {
  const runs = runsOf(question);
  const { winner } = roundWinner(runs);
  const points = new Map<string, Record<string, number>>();
  for (const run of Object.values(runs)) points.set(run.teamId, relayPoints(run, run.teamId === winner, teamMembers(state, run.teamId)));
  return {
    room: {},
    outcome(player: PlayerState): PlayerResult {
      const run = player.teamId === null ? undefined : runs[player.teamId];
      if (!run) return emptyResult(question);
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
        verdicts: run.results.map((r, i) => verdictView(r?.raw ?? null, grades[i]!, r?.diagnosis ?? null, r?.message ?? null)),
        streak: correct ? player.streak + 1 : 0,
      };
    },
  };
}

/** A member who goes hands the links not sent yet to the teammates who stay (`state` is without them already). */
export function leaveRelay(state: RoomState, question: QuestionState, player: PlayerState) {
  const teamId = player.teamId;
  const run = teamId === null ? undefined : question.relay?.[teamId];
  if (teamId === null || !run || !run.holders.includes(player.id)) return null;
  const redealt = redealOpenLinks(run, teamMembers(state, teamId));
  if (redealt === run) return null;
  return { question: { ...question, relay: { ...question.relay, [teamId]: redealt } }, effects: [{ type: 'team-phase' as const, teamId }] };
}

/** The links this player sent, and whether the team's chain is complete. */
export function progress(question: QuestionState, player: PlayerState): { stepsAnswered: number; answered: boolean } {
  const run = player.teamId === null ? undefined : question.relay?.[player.teamId];
  return { stepsAnswered: run ? run.results.filter((r) => r?.playerId === player.id).length : 0, answered: run?.finishedAt != null };
}
