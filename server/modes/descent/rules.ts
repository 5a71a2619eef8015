/**
 * Descent Race rules, pure: "初始猜测 → 计算误差 → 调整参数 → 反复练习" as a team game.
 *
 * Each team starts from its own guess. In every iteration any member may propose the
 * adjusted parameters; the team's submission is the first proposal confirmed by a second
 * member (or any proposal of the captain, when the room uses captains), so the team must
 * talk. When the iteration closes, the submission is graded against the team's own current
 * parameters and then applied even when it is wrong, so the loss curve shows the consequence.
 */
import {
  type DescentParams,
  type DescentTask,
  type MisconceptionKey,
  type PublicDescentTask,
  type VerdictStatus,
  gradeDescentStep,
  initialGuess,
  measure,
} from '../../../shared/engine/index.ts';

export const CONFIRM_RULES = ['second-member', 'captain'] as const;
export type ConfirmRule = (typeof CONFIRM_RULES)[number];

export interface Proposal {
  id: string;
  playerId: string;
  w: string;
  /** Two-input tasks only (absent otherwise, so a one-input room's state reads as before). */
  w2?: string;
  b: string | null;
  at: number;
}

export interface DescentIteration {
  iteration: number;
  /** Parameters and loss the team had when the iteration opened. */
  params: DescentParams;
  loss: number;
  lr: number;
  /** The submission, as typed; `null` when the team submitted nothing (parameters unchanged). */
  submitted: { w: string; w2?: string; b: string | null; proposedBy: string; confirmedBy: string | null } | null;
  /** `w2`: two-input tasks only. */
  verdicts: { w: DescentVerdict; w2?: DescentVerdict; b: DescentVerdict | null } | null;
  correct: boolean;
  /** Parameters after the iteration: what the team submitted, right or wrong. */
  next: DescentParams;
  /**
   * Nothing submitted, yet proposals were waiting for a confirmation at the close: how many,
   * and the latest. `null` otherwise; absent in checkpoints written before it was kept.
   */
  waiting?: DescentWaiting | null;
}

export interface DescentWaiting {
  count: number;
  latest: { w: string; w2?: string; b: string | null; proposedBy: string };
}

export interface DescentVerdict {
  status: VerdictStatus;
  diagnosis: MisconceptionKey | null;
}

export interface DescentTeamRun {
  teamId: string;
  lr: number;
  params: DescentParams;
  history: DescentIteration[];
  /** Open proposals of the current iteration. */
  proposals: Proposal[];
  /** The proposal the team settled on in the current iteration. */
  submission: { proposalId: string; confirmedBy: string | null; at: number } | null;
}

export function startDescentRun(task: DescentTask, teamId: string, lr: number, params: DescentParams = initialGuess(task, teamId)): DescentTeamRun {
  return { teamId, lr, params, history: [], proposals: [], submission: null };
}

export type DescentActionError = 'already_submitted' | 'unknown_proposal' | 'own_proposal' | 'captain_only' | 'invalid_lr';

export type DescentActionResult = { ok: true; run: DescentTeamRun } | { ok: false; code: DescentActionError };

/** A team that may choose its learning rate picks one of the task's choices before its first step. */
export function chooseLearningRate(task: PublicDescentTask, run: DescentTeamRun, lr: number): DescentActionResult {
  if (!task.lrChoices.includes(lr)) return { ok: false, code: 'invalid_lr' };
  if (run.history.length > 0 || run.submission) return { ok: false, code: 'already_submitted' };
  return { ok: true, run: { ...run, lr } };
}

/** Any member may propose; with the captain rule, the captain's proposal is the submission at once. */
export function propose(
  run: DescentTeamRun,
  proposal: Proposal,
  rule: ConfirmRule,
  captainId: string | null,
): DescentActionResult {
  if (run.submission) return { ok: false, code: 'already_submitted' };
  const proposals = [...run.proposals, proposal];
  if (rule === 'captain' && proposal.playerId === captainId) {
    return { ok: true, run: { ...run, proposals, submission: { proposalId: proposal.id, confirmedBy: null, at: proposal.at } } };
  }
  return { ok: true, run: { ...run, proposals } };
}

/** A second member (or the captain) confirms a proposal: the first confirmed proposal is the team's submission. */
export function confirm(
  run: DescentTeamRun,
  proposalId: string,
  playerId: string,
  rule: ConfirmRule,
  captainId: string | null,
  now: number,
): DescentActionResult {
  if (run.submission) return { ok: false, code: 'already_submitted' };
  const proposal = run.proposals.find((p) => p.id === proposalId);
  if (!proposal) return { ok: false, code: 'unknown_proposal' };
  if (rule === 'captain' && playerId !== captainId) return { ok: false, code: 'captain_only' };
  if (rule === 'second-member' && proposal.playerId === playerId) return { ok: false, code: 'own_proposal' };
  return { ok: true, run: { ...run, submission: { proposalId, confirmedBy: playerId, at: now } } };
}

/**
 * The iteration ends (timer, everyone submitted, or the host): grade the submission
 * against the team's own parameters and apply what was submitted, right or wrong.
 */
export function closeIteration(task: PublicDescentTask, run: DescentTeamRun): DescentTeamRun {
  const { loss } = measure(task, run.params);
  const iteration = run.history.length;
  const proposal = run.submission ? run.proposals.find((p) => p.id === run.submission!.proposalId)! : null;
  let entry: DescentIteration;
  if (!proposal) {
    const latest = run.proposals[run.proposals.length - 1];
    const waiting = latest ? { count: run.proposals.length, latest: { w: latest.w, ...withW2(latest.w2), b: latest.b, proposedBy: latest.playerId } } : null;
    entry = { iteration, params: run.params, loss, lr: run.lr, submitted: null, verdicts: null, correct: false, next: run.params, waiting };
  } else {
    const graded = gradeDescentStep(task, run.params, run.lr, { w: proposal.w, w2: proposal.w2, b: proposal.b ?? undefined });
    const verdict = (v: typeof graded.w): DescentVerdict => ({ status: v.status, diagnosis: v.diagnosis ?? null });
    entry = {
      iteration,
      params: run.params,
      loss,
      lr: run.lr,
      submitted: { w: proposal.w, ...withW2(proposal.w2), b: proposal.b, proposedBy: proposal.playerId, confirmedBy: run.submission!.confirmedBy },
      verdicts: { w: verdict(graded.w), ...(graded.w2 ? { w2: verdict(graded.w2) } : {}), b: graded.b ? verdict(graded.b) : null },
      correct: graded.correct,
      next: graded.next,
      waiting: null,
    };
  }
  return { ...run, params: entry.next, history: [...run.history, entry], proposals: [], submission: null };
}

/** `{ w2 }` when there is one: a one-input room's records keep their shape. */
export function withW2<T>(w2: T | undefined): { w2?: T } {
  return w2 === undefined ? {} : { w2 };
}

export interface DescentStanding {
  teamId: string;
  loss: number;
  correctSteps: number;
  /** The loss after each iteration, starting with the initial guess. */
  curve: number[];
}

/** Lowest final loss first; ties broken by steps graded correct. */
export function rankDescent(task: PublicDescentTask, runs: readonly DescentTeamRun[]): DescentStanding[] {
  return runs
    .map((run) => ({
      teamId: run.teamId,
      loss: measure(task, run.params).loss,
      correctSteps: run.history.filter((h) => h.correct).length,
      curve: [...run.history.map((h) => h.loss), measure(task, run.params).loss],
    }))
    .sort((a, b) => (Number.isNaN(a.loss) ? 1 : Number.isNaN(b.loss) ? -1 : a.loss - b.loss) || b.correctSteps - a.correctSteps);
}

export const DESCENT_SCORING = {
  /** To every member of a team, per step graded correct. */
  correctStep: 1000,
  /** Final bonus by rank of final loss: first, second, third. */
  rankBonus: [1500, 1000, 500],
} as const;
