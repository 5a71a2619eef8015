/** Relay rounds (mode `relay`): the link command, the chain views and the ack result. */
import { z } from 'zod';
import type { PublicProblem, VerdictStatus } from '../engine/index.ts';
import { LIMITS } from './constants.ts';
import { id } from './schema-parts.ts';

/** Relay mode: send the link you hold (`link` = its index in the chain, 0 = the one next to the loss). */
export const RelaySubmitSchema = z.object({
  questionId: id,
  link: z.number().int().min(0).max(LIMITS.maxStepIndex),
  answer: z.string().max(LIMITS.answerLength),
});
export type RelaySubmitPayload = z.input<typeof RelaySubmitSchema>;

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

export interface RelaySubmitResult {
  questionId: string;
  link: number;
  /** The team's next link to send (held by you or a teammate), `null` when the chain is complete. */
  nextLink: number | null;
  /** The team's chain is complete. */
  finished: boolean;
}
