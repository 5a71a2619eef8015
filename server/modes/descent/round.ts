/**
 * A Descent Race in the room: one hidden task for the whole room (from the room seed), each
 * team's run through it (rules.ts). In the lobby a team picks its η; in each iteration its
 * members propose and confirm one step; the iteration is done when every playing team has
 * settled on its submission. An iteration's `problem` is a placeholder (an update problem):
 * each team's step is graded from its own parameters.
 */
import {
  type DescentTask,
  type MisconceptionKey,
  type VerdictStatus,
  deriveSeed,
  generateDescentTask,
  hasTwoInputs,
  initialGuesses,
  parseNumber,
  toPublicDescentTask,
} from '../../../shared/engine/index.ts';
import { DescentConfigSchema, ERROR_CODES, type ErrorCode, type PlayerResult, type RoomConfig, type TeamInfo } from '../../../shared/protocol/index.ts';
import { type StepGrade, resultStatus, verdictView } from '../../room/scoring.ts';
import {
  type Effect,
  type PlayerState,
  type QuestionState,
  type Refusal,
  type RoomState,
  type TransitionResult,
  done,
  emptyResult,
  fail,
  indexOfPlayers,
  teamMembers,
} from '../../room/state.ts';
import type { Closing, LobbyContext, Opening, RoundContext } from '../mode.ts';
import { generateFor } from '../quiz/round.ts';
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
  withW2,
} from './rules.ts';

/** Descent Race: one hidden task for the whole room and every team's run through it. */
export interface DescentRoomState {
  task: DescentTask;
  /** By team id: every team of the room (a team without members keeps its first guess). */
  runs: Record<string, DescentTeamRun>;
  /** Proposals made so far in the room (proposal ids are `d1`, `d2`, …). */
  proposals: number;
}

/** The descent's room-wide part. */
export interface DescentRoomPart {
  descent?: DescentRoomState;
}

export type DescentEvent =
  | { type: 'descent:propose'; questionId: string; w: string; w2?: string | null; b?: string | null }
  | { type: 'descent:confirm'; questionId: string; proposalId: string }
  | { type: 'descent:lr'; lr: number };
export interface DescentReplies {
  'descent:propose': { questionId: string; proposalId: string; submitted: boolean };
  'descent:confirm': { questionId: string; proposalId: string };
  'descent:lr': { lr: number };
}

export function descentOf(state: RoomState): DescentRoomState {
  if (!state.descent) throw new Error('a descent room without its task');
  return state.descent;
}

/** One task for the room at the first difficulty; no variants (each team's own parameters differ instead). */
export function configureDescent(config: RoomConfig): RoomConfig {
  return {
    ...config,
    kinds: ['update'],
    difficulties: [config.difficulties[0]!],
    teams: config.teams && { ...config.teams, variants: false },
    descent: DescentConfigSchema.parse(config.descent ?? {}),
  };
}

/** The room's hidden task (from the room seed) and each team's first guess and η. */
export function setupDescent(config: RoomConfig, seed: number, teams: readonly TeamInfo[]): DescentRoomPart {
  const options = DescentConfigSchema.parse(config.descent ?? {});
  const task = generateDescentTask({ seed: deriveSeed(seed, 'descent'), difficulty: config.difficulties[0]!, activation: options.activation, inputs: options.inputs ?? 1 });
  const lr = options.lr === 'team' ? task.defaultLr : options.lr;
  const guesses = initialGuesses(task, teams.map((t) => t.id));
  return { descent: { task, runs: Object.fromEntries(teams.map((t, i) => [t.id, startDescentRun(task, t.id, lr, guesses[i])])), proposals: 0 } };
}

export function openDescent(state: RoomState, index: number): Opening {
  const { kind, difficulty } = state.plan[index]!;
  return { problem: generateFor(deriveSeed(state.seed, index), kind, difficulty), variants: null, part: {} };
}

const DESCENT_ERRORS: Record<DescentActionError, [ErrorCode, string]> = {
  already_submitted: [ERROR_CODES.ALREADY_ANSWERED, 'your team has already submitted this iteration'],
  unknown_proposal: [ERROR_CODES.INVALID_STEP, 'no such proposal in your team this iteration'],
  own_proposal: [ERROR_CODES.NOT_ALLOWED, 'a teammate must confirm your proposal'],
  captain_only: [ERROR_CODES.NOT_ALLOWED, 'only the captain confirms in this room'],
  invalid_lr: [ERROR_CODES.INVALID_ANSWER, "choose one of the task's learning rates"],
};

/** At most this many proposals per team and iteration. */
const MAX_PROPOSALS = 30;

/** The captain: the team's first member in join order. */
export function captainOf(state: RoomState, teamId: string): string | null {
  return teamMembers(state, teamId)[0] ?? null;
}

function teamRun(state: RoomState, player: PlayerState): DescentTeamRun | undefined {
  return player.teamId === null ? undefined : descentOf(state).runs[player.teamId];
}

function withRun(state: RoomState, run: DescentTeamRun, proposals = descentOf(state).proposals): RoomState {
  const descent = descentOf(state);
  return { ...state, descent: { ...descent, proposals, runs: { ...descent.runs, [run.teamId]: run } } };
}

/** A descent request needs a team. */
export function checkTeam(ctx: RoundContext): Refusal | null {
  return teamRun(ctx.state, ctx.player) ? null : fail(ERROR_CODES.NOT_ALLOWED, 'you are not in a team');
}

export function propose(ctx: RoundContext, e: Extract<DescentEvent, { type: 'descent:propose' }>): TransitionResult<DescentReplies['descent:propose']> {
  const { state, player, question, now } = ctx;
  const descent = descentOf(state);
  const run = teamRun(state, player)!;
  // The same step from the same member again is the proposal it already made: a phone resends a
  // queued step whose acknowledgement was lost, and must get the same reply, not a copy.
  const b0 = descent.task.trainBias ? (e.b ?? null) : null;
  const two = hasTwoInputs(descent.task);
  const w20 = two ? (e.w2 ?? undefined) : undefined;
  const same = run.proposals.find((p) => p.playerId === player.id && p.w === e.w && p.w2 === w20 && p.b === b0);
  if (same) return done({ state, effects: [] }, { questionId: question.id, proposalId: same.id, submitted: run.submission?.proposalId === same.id });
  if (run.submission) return fail(...DESCENT_ERRORS.already_submitted);
  if (run.proposals.length >= MAX_PROPOSALS) return fail(ERROR_CODES.NOT_ALLOWED, 'too many proposals this iteration: confirm one');
  if (!parseNumber(e.w).ok) return fail(ERROR_CODES.INVALID_ANSWER, two ? 'w₁′ cannot be read' : 'w′ cannot be read');
  // A w₂′ is required with two inputs and refused without them: a phone built for the other task must not be half-read.
  if (two) {
    if (e.w2 == null) return fail(ERROR_CODES.INVALID_ANSWER, 'this neuron has two inputs: send w2 (w₂′)');
    if (!parseNumber(e.w2).ok) return fail(ERROR_CODES.INVALID_ANSWER, 'w₂′ cannot be read');
  } else if (e.w2 != null) return fail(ERROR_CODES.INVALID_PAYLOAD, 'this neuron has one input: send no w2');
  let b: string | null = null;
  if (descent.task.trainBias) {
    if (e.b == null) return fail(ERROR_CODES.INVALID_ANSWER, 'this task trains b too: send b′');
    if (!parseNumber(e.b).ok) return fail(ERROR_CODES.INVALID_ANSWER, 'b′ cannot be read');
    b = e.b;
  }
  const proposalId = `d${descent.proposals + 1}`;
  const outcome = proposeStep(run, { id: proposalId, playerId: player.id, w: e.w, ...withW2(w20), b, at: now }, state.config.descent!.confirm, captainOf(state, run.teamId));
  if (!outcome.ok) return fail(...DESCENT_ERRORS[outcome.code]);
  const submitted = outcome.run.submission !== null;
  // The proposer's roster row counts proposals, so the projector can show that a team has proposed (never what).
  const effects: Effect[] = [
    { type: 'team-phase', teamId: run.teamId },
    { type: 'roster', playerIds: submitted ? teamMembers(state, run.teamId) : [player.id] },
  ];
  const changed = ctx.settle({ state: withRun(state, outcome.run, descent.proposals + 1), effects });
  return done(changed, { questionId: question.id, proposalId, submitted });
}

export function confirm(ctx: RoundContext, e: Extract<DescentEvent, { type: 'descent:confirm' }>): TransitionResult<DescentReplies['descent:confirm']> {
  const { state, player, question, now } = ctx;
  const run = teamRun(state, player)!;
  const outcome = confirmProposal(run, e.proposalId, player.id, state.config.descent!.confirm, captainOf(state, run.teamId), now);
  if (!outcome.ok) return fail(...DESCENT_ERRORS[outcome.code]);
  const changed = ctx.settle({
    state: withRun(state, outcome.run),
    effects: [{ type: 'team-phase', teamId: run.teamId }, { type: 'roster', playerIds: teamMembers(state, run.teamId) }],
  });
  return done(changed, { questionId: question.id, proposalId: e.proposalId });
}

/** A team picks its η from the task's list in the lobby (under the captain rule, the captain does). */
export function chooseLr(ctx: LobbyContext, e: Extract<DescentEvent, { type: 'descent:lr' }>): TransitionResult<DescentReplies['descent:lr']> {
  const { state, player } = ctx;
  if (state.config.descent!.lr !== 'team') return fail(ERROR_CODES.NOT_ALLOWED, 'the host has fixed the learning rate');
  const run = teamRun(state, player);
  if (!run) return fail(ERROR_CODES.INVALID_TEAM, 'join a team first');
  if (state.config.descent!.confirm === 'captain' && captainOf(state, run.teamId) !== player.id) return fail(...DESCENT_ERRORS.captain_only);
  const outcome = chooseLearningRate(toPublicDescentTask(descentOf(state).task), run, e.lr);
  if (!outcome.ok) return fail(...DESCENT_ERRORS[outcome.code]);
  // Every team's η is on the projector and on every phone in the lobby.
  return done({ state: withRun(state, outcome.run), effects: [{ type: 'phase' }] }, { lr: e.lr });
}

/** A member has answered once the team has settled on its submission. */
export function answered(state: RoomState): number {
  const teams = indexOfPlayers(state.players).teams;
  let count = 0;
  for (const run of Object.values(descentOf(state).runs)) if (run.submission) count += teams.get(run.teamId)?.members ?? 0;
  return count;
}

/** Done once every team with a connected member has settled on its submission. */
export function descentDone(state: RoomState): boolean {
  const teams = indexOfPlayers(state.players).teams;
  let waitedFor = 0;
  for (const run of Object.values(descentOf(state).runs)) {
    if ((teams.get(run.teamId)?.connected ?? 0) === 0) continue;
    if (!run.submission) return false;
    waitedFor++;
  }
  return waitedFor > 0;
}

/**
 * Each team's submission is graded against its own parameters and applied, right or wrong
 * (closeIteration); every member gets the team's verdicts on w′ (and b′), the points of a
 * correct step and, after the last iteration, the rank bonus (shown as `speed`) by lowest
 * final loss among the teams with members.
 */
export function closeDescent(state: RoomState, question: QuestionState): Closing {
  const descent = descentOf(state);
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
    if (!run || !step) return emptyResult(question);
    const verdict = (raw: string | null, v: { status: VerdictStatus; diagnosis: MisconceptionKey | null } | null | undefined) =>
      verdictView(raw, { status: v && v.status !== 'invalid' ? v.status : 'none', consistent: null }, v?.diagnosis ?? null, null);
    const verdicts = [verdict(step.submitted?.w ?? null, step.verdicts?.w)];
    if (hasTwoInputs(descent.task)) verdicts.push(verdict(step.submitted?.w2 ?? null, step.verdicts?.w2));
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
  return { room: { descent: { ...descent, runs } }, outcome };
}

/** The proposals this player made this iteration, and whether the team has settled on one. */
export function progress(state: RoomState, player: PlayerState): { stepsAnswered: number; answered: boolean } {
  const run = teamRun(state, player);
  return { stepsAnswered: run ? run.proposals.filter((p) => p.playerId === player.id).length : 0, answered: run?.submission != null };
}
