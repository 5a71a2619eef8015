/** Descent Race (mode `descent`): its options, commands, views and ack results. */
import { z } from 'zod';
import { DESCENT_ACTIVATIONS } from '../engine/descent.ts';
import type { MisconceptionKey, PublicDescentTask, VerdictStatus } from '../engine/index.ts';
import { DESCENT_CONFIRM_RULES, LIMITS, type DescentConfirmRule } from './constants.ts';
import { id } from './schema-parts.ts';

/** Descent Race options (mode `descent`); every field has a default. */
export const DescentConfigSchema = z.object({
  activation: z.enum(DESCENT_ACTIVATIONS).default('sigmoid'),
  /** `'team'`: each team picks η from the task's list before the first iteration (`descent:lr`); a number: the host's fixed η. */
  lr: z.union([z.literal('team'), z.number().positive().max(100)]).default('team'),
  /** `second-member`: a proposal counts once another member confirms it; `captain`: the captain's proposal or confirmation counts. */
  confirm: z.enum(DESCENT_CONFIRM_RULES).default('second-member'),
  /**
   * `2`: the neuron z = w₁x₁ + w₂x₂ + b, at difficulty 3 only (the room config refuses it below);
   * absent or `1`: z = w·x + b. No default, so a room created before the option reads as it did.
   */
  inputs: z.union([z.literal(1), z.literal(2)]).optional(),
});
export type DescentConfig = z.output<typeof DescentConfigSchema>;

/**
 * Descent Race: propose the team's adjusted parameters (`w2` only when the neuron has two
 * inputs, `b` only when the task trains the bias). With two inputs `w` is w₁.
 */
export const DescentProposeSchema = z.object({
  questionId: id,
  w: z.string().max(LIMITS.answerLength),
  w2: z.string().max(LIMITS.answerLength).optional(),
  b: z.string().max(LIMITS.answerLength).optional(),
});
/** Descent Race: confirm a teammate's proposal (or, with the captain rule, the captain confirms any). */
export const DescentConfirmSchema = z.object({ questionId: id, proposalId: id });
/** Descent Race: the team's learning rate, one of the task's `lrChoices`, before the first iteration. */
export const DescentLrSchema = z.object({ lr: z.number().positive().max(100) });

export type DescentProposePayload = z.input<typeof DescentProposeSchema>;
export type DescentConfirmPayload = z.input<typeof DescentConfirmSchema>;
export type DescentLrPayload = z.input<typeof DescentLrSchema>;

/** One proposal of the viewer's own team (no other team sees them before the reveal). */
export interface DescentProposalView {
  proposalId: string;
  playerId: string;
  /** `null` once the proposer has left. */
  name: string | null;
  w: string;
  /** Two-input tasks only. */
  w2?: string;
  b: string | null;
}
/** Parameters as numbers: `w2` on two-input tasks only (with two inputs `w` is w₁). */
export interface DescentParamsView {
  w: number;
  w2?: number;
  b: number;
}
/** A verdict on one submitted parameter. */
export interface DescentVerdictView {
  status: VerdictStatus;
  diagnosis: MisconceptionKey | null;
}
export interface DescentStepView {
  /** 0-based iteration. */
  iteration: number;
  /** Parameters and loss when the iteration opened, and the η used. */
  params: DescentParamsView;
  loss: number;
  lr: number;
  /** What the team submitted (`null`: nothing, the parameters stayed); `w2` on two-input tasks only. */
  submitted: { w: string; w2?: string; b: string | null; proposedBy: string; confirmedBy: string | null } | null;
  /** `w2` on two-input tasks only. */
  verdicts: { w: DescentVerdictView; w2?: DescentVerdictView; b: DescentVerdictView | null } | null;
  correct: boolean;
  /** The parameters the team continues from: what it submitted, right or wrong. */
  next: DescentParamsView;
  /** Nothing submitted, but proposals were waiting for a confirmation at the close: how many, and the latest. */
  waiting: { count: number; latest: { w: string; w2?: string; b: string | null; proposedBy: string } } | null;
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
  params: DescentParamsView | null;
  /** Forward values at the current parameters ("计算误差"): own team only (`x2` with two inputs). */
  forward: { x: number; x2?: number; t: number; z: number; y: number }[] | null;
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
  hidden: DescentParamsView | null;
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
