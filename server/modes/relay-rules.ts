/**
 * Backprop Relay rules, pure: the team is the chain. Links of the backward pass are
 * dealt to the team's members from the loss backwards; a link can be sent only after
 * the previous one, and is graded against the upstream value its holder actually
 * received (error carried forward) as well as against the truth.
 */
import {
  type MisconceptionKey,
  type RelayProblem,
  type Text,
  type VerdictStatus,
  gradeAnswer,
} from '../../shared/engine/index.ts';
import { stepCredit } from '../room/scoring.ts';

export interface RelayLinkResult {
  playerId: string;
  raw: string;
  value: number;
  /** The upstream gradient this link's holder received (`null` for the first link). */
  received: number | null;
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

/** The link waiting to be sent, or `null` when the chain is complete. */
export function currentLink(run: RelayTeamRun): number | null {
  const index = run.results.findIndex((r) => r === null);
  return index === -1 ? null : index;
}

/** What the holder of `link` received from the previous link (`null` for the first link or before it arrives). */
export function upstreamValue(run: RelayTeamRun, link: number): number | null {
  return link === 0 ? null : (run.results[link - 1]?.value ?? null);
}

export type RelaySubmitOutcome =
  | { ok: true; run: RelayTeamRun; result: RelayLinkResult }
  | { ok: false; code: 'not_your_turn' | 'relay_finished' | 'invalid_answer'; message: Text | null };

export function submitLink(problem: RelayProblem, run: RelayTeamRun, playerId: string, raw: string, now: number): RelaySubmitOutcome {
  const link = currentLink(run);
  if (link === null) return { ok: false, code: 'relay_finished', message: null };
  if (run.holders[link] !== playerId) return { ok: false, code: 'not_your_turn', message: null };
  const received = upstreamValue(run, link);
  const upstreamKey = problem.links[link]!.upstream;
  const earlier = upstreamKey !== null && received !== null ? { [upstreamKey]: received } : {};
  const verdict = gradeAnswer(problem, raw, { step: link, earlier });
  if (verdict.status === 'invalid' || typeof verdict.value !== 'number') {
    return { ok: false, code: 'invalid_answer', message: verdict.message };
  }
  const result: RelayLinkResult = {
    playerId,
    raw,
    value: verdict.value,
    received,
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
