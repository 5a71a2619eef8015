/**
 * Backprop Relay rules, pure: the team is the chain. Links of the backward pass are
 * dealt to the team's members from the loss backwards; a link can be sent once every link
 * it receives from has been sent (the one before it on a chain; on a network that branches,
 * two branches run at once and the link where they meet waits for both), and is graded
 * against the upstream values its holder actually received (error carried forward) as well
 * as against the truth.
 */
import {
  type MisconceptionKey,
  type RelayProblem,
  type Text,
  type VerdictStatus,
  gradeAnswer,
  relayInputs,
} from '../../../shared/engine/index.ts';
import { stepCredit } from '../../room/scoring.ts';

export interface RelayLinkResult {
  playerId: string;
  raw: string;
  value: number;
  /** The upstream gradient this link's holder received (`null` for the first link); the first of `receivedAll`. */
  received: number | null;
  /** Every upstream gradient received, in the order of the link's `from` (two where branches meet); absent in runs stored before. */
  receivedAll?: number[];
  status: Exclude<VerdictStatus, 'invalid'>;
  consistent: boolean;
  diagnosis: MisconceptionKey | null;
  message: Text;
  at: number;
}

export interface RelayTeamRun {
  teamId: string;
  /** Who holds each link, by link index. */
  holders: string[];
  results: (RelayLinkResult | null)[];
  startedAt: number;
  finishedAt: number | null;
}

/**
 * Link i goes to member (round·L + i) mod m. With fewer members than links, members take
 * several links in turn; with more, the starting member moves on every round so that
 * everyone gets to hold links over a game.
 */
export function dealLinks(linkCount: number, members: readonly string[], round: number): string[] {
  if (members.length === 0) throw new Error('a relay team needs at least one member');
  const offset = (round * linkCount) % members.length;
  return Array.from({ length: linkCount }, (_, i) => members[(offset + i) % members.length]!);
}

export function startRun(problem: RelayProblem, teamId: string, members: readonly string[], round: number, now: number): RelayTeamRun {
  return {
    teamId,
    holders: dealLinks(problem.links.length, members, round),
    results: problem.links.map(() => null),
    startedAt: now,
    finishedAt: null,
  };
}

/** Whether everything `link` receives (its `from`) has arrived. */
function arrived(problem: RelayProblem, run: RelayTeamRun, link: number): boolean {
  return relayInputs(problem.links[link]!, link).every((input) => run.results[input.link] != null);
}

/** The links that can be sent now: not sent, and everything they receive has arrived. */
export function openLinks(problem: RelayProblem, run: RelayTeamRun): number[] {
  return run.results.flatMap((r, i) => (r == null && arrived(problem, run, i) ? [i] : []));
}

/** The first link that can be sent now (on a chain, the only one), or `null` when the chain is complete. */
export function currentLink(problem: RelayProblem, run: RelayTeamRun): number | null {
  return openLinks(problem, run)[0] ?? null;
}

/** What the holder of `link` received first (`null` for the first link or before it arrives). */
export function upstreamValue(problem: RelayProblem, run: RelayTeamRun, link: number): number | null {
  const first = relayInputs(problem.links[link]!, link)[0];
  return first === undefined ? null : (run.results[first.link]?.value ?? null);
}

/** Why a link is refused, in the order it is checked. */
export type RelayRefusal = 'no_such_link' | 'already_sent' | 'not_your_turn' | 'upstream_pending' | 'invalid_answer';

export type RelaySubmitOutcome =
  | { ok: true; run: RelayTeamRun; result: RelayLinkResult }
  | { ok: false; code: RelayRefusal; message: Text | null };

/** Whether a member may send `link` now: it must exist, not be sent yet, be theirs, and its upstream value must have arrived. */
export function linkRefusal(problem: RelayProblem, run: RelayTeamRun, playerId: string, link: number): Exclude<RelayRefusal, 'invalid_answer'> | null {
  if (!Number.isInteger(link) || link < 0 || link >= run.holders.length) return 'no_such_link';
  if (run.results[link]) return 'already_sent';
  if (run.holders[link] !== playerId) return 'not_your_turn';
  if (!arrived(problem, run, link)) return 'upstream_pending';
  return null;
}

/** A member sends `link` (see linkRefusal), graded against the value its holder received. */
export function submitLink(problem: RelayProblem, run: RelayTeamRun, playerId: string, link: number, raw: string, now: number): RelaySubmitOutcome {
  const refused = linkRefusal(problem, run, playerId, link);
  if (refused) return { ok: false, code: refused, message: null };
  const inputs = relayInputs(problem.links[link]!, link);
  const receivedAll = inputs.map((input) => run.results[input.link]!.value);
  const earlier = Object.fromEntries(inputs.map((input, i) => [input.upstream, receivedAll[i]!]));
  const verdict = gradeAnswer(problem, raw, { step: link, earlier });
  if (verdict.status === 'invalid' || typeof verdict.value !== 'number') {
    return { ok: false, code: 'invalid_answer', message: verdict.message };
  }
  const result: RelayLinkResult = {
    playerId,
    raw,
    value: verdict.value,
    received: receivedAll[0] ?? null,
    receivedAll,
    status: verdict.status,
    // The first link has no upstream: only the truth counts.
    consistent: verdict.consistent ?? verdict.status === 'correct',
    diagnosis: verdict.diagnosis ?? null,
    message: verdict.message,
    at: now,
  };
  const results = run.results.slice();
  results[link] = result;
  const finished = results.every((r) => r !== null);
  return { ok: true, run: { ...run, results, finishedAt: finished ? now : null }, result };
}

/** Links not sent yet move to the remaining members (a holder left or was removed). */
export function redealOpenLinks(run: RelayTeamRun, members: readonly string[]): RelayTeamRun {
  if (members.length === 0) return run;
  const open = run.results.flatMap((r, i) => (r === null ? [i] : []));
  const holders = run.holders.slice();
  open.forEach((link, j) => {
    if (!members.includes(holders[link]!)) holders[link] = members[j % members.length]!;
  });
  return { ...run, holders };
}

/** Where an error entered the chain: the first link not correct although it followed from what it received. */
export function errorEntry(run: RelayTeamRun): number | null {
  const index = run.results.findIndex((r) => r !== null && !r.consistent);
  return index === -1 ? null : index;
}

export interface RelayTeamScore {
  teamId: string;
  fullyCorrect: boolean;
  /** Mean link credit (correct 1, consistent with what it received 0.75, close 0.5). */
  credit: number;
  finishedAt: number | null;
  durationMs: number | null;
}

export function scoreRun(run: RelayTeamRun): RelayTeamScore {
  const credits = run.results.map((r) => (r ? stepCredit({ status: r.status, consistent: r.consistent }) : 0));
  return {
    teamId: run.teamId,
    fullyCorrect: run.results.every((r) => r?.status === 'correct'),
    credit: credits.reduce((a, b) => a + b, 0) / credits.length,
    finishedAt: run.finishedAt,
    durationMs: run.finishedAt === null ? null : run.finishedAt - run.startedAt,
  };
}

/** Fastest fully correct team first, then the other fully correct ones by time, then by credit. */
export function rankRuns(runs: readonly RelayTeamRun[]): RelayTeamScore[] {
  return runs.map(scoreRun).sort((a, b) => {
    if (a.fullyCorrect !== b.fullyCorrect) return a.fullyCorrect ? -1 : 1;
    if (a.fullyCorrect) return a.durationMs! - b.durationMs!;
    return b.credit - a.credit || (a.durationMs ?? Infinity) - (b.durationMs ?? Infinity);
  });
}

/** A round's ranking and its winner: the fastest fully correct chain (no winner when none is fully correct). */
export function roundWinner(runs: Record<string, RelayTeamRun>): { ranked: RelayTeamScore[]; winner: string | null } {
  const ranked = rankRuns(Object.values(runs));
  return { ranked, winner: ranked[0]?.fullyCorrect ? ranked[0].teamId : null };
}

export const RELAY_SCORING = {
  /** Per link, to its holder: 1000 × the link's credit. */
  linkPoints: 1000,
  /** To every member of the round's winner (the fastest fully correct team). */
  winnerBonus: 500,
} as const;

/** Points each member earns this round: their links' credit, plus the winner's bonus. */
export function relayPoints(run: RelayTeamRun, isWinner: boolean, members: readonly string[]): Record<string, number> {
  const points: Record<string, number> = Object.fromEntries(members.map((m) => [m, isWinner ? RELAY_SCORING.winnerBonus : 0]));
  run.results.forEach((r) => {
    if (r && r.playerId in points) points[r.playerId]! += Math.round(RELAY_SCORING.linkPoints * stepCredit({ status: r.status, consistent: r.consistent }));
  });
  return points;
}
