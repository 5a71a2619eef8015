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

/**
 * A gradient a link receives: from which link, its key and LaTeX, the local derivative it is
 * multiplied by, and its value once that link has been sent (`null` before).
 */
export interface RelayInputView {
  link: number;
  upstream: string;
  upstreamSymbol: string;
  local: string;
  localSymbol: string;
  value: number | null;
}

/**
 * One link of a team's relay chain: it multiplies the upstream gradient by one local derivative.
 * On a network that branches (`PublicProblem.graph`) the chain is a tree: a link where two branches
 * meet receives two gradients (`from`), multiplies each by its local derivative and adds the two.
 */
export interface RelayLinkView {
  index: number;
  /** What the link sends on (a quantity key, e.g. `dL/dz1`, or `w1'` for the update) and its LaTeX. */
  asks: string;
  symbol: string;
  /** The gradient this link receives, the first of `from` (`null`: the first link, computed from y and y_true). */
  upstream: string | null;
  upstreamSymbol: string | null;
  /** The local derivative it multiplies by (`lr` for the update; `null` for the first link). */
  local: string | null;
  localSymbol: string | null;
  /** Every gradient it receives: none for the first link, the link before it on a chain, two where branches meet. It can be sent once all have arrived. */
  from: RelayInputView[];
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
  /** Every value received, in the order of the link's `from`. */
  receivedAll: number[];
  status: Exclude<VerdictStatus, 'invalid'>;
  /** Right for what the holder received (error carried forward). */
  consistent: boolean;
  /** Milliseconds from the round's start. */
  afterMs: number;
}
export interface RelayChainView {
  teamId: string;
  links: RelayLinkView[];
  /** The first link waiting to be sent (on a chain, the only one); `null` when the chain is complete. */
  current: number | null;
  /** Every link that can be sent now (its upstream values have arrived): two at once while a network's branches run in parallel. */
  open: number[];
  /** The (first) upstream value the current link's holder works from (`null` for the first link or when complete). */
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
  /** The team's next link to send (held by you or a teammate; the first of `openLinks`), `null` when the chain is complete. */
  nextLink: number | null;
  /** Every link the team can send now. */
  openLinks: number[];
  /** The team's chain is complete. */
  finished: boolean;
}
