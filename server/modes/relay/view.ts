/** The relay's part of the views: each team's chain, link by link, and the round's ranking at the reveal. */
import { type Problem, graphLayers, graphSymbol, quantitySymbol, relayInputs, toPublicProblem } from '../../../shared/engine/index.ts';
import type { RelayChainView, RelayView } from '../../../shared/protocol/index.ts';
import { type QuestionState, type RoomState, problemFor } from '../../room/state.ts';
import type { PhaseAudience } from '../mode.ts';
import { isRelayProblem } from './round.ts';
import { type RelayTeamRun, currentLink, errorEntry, openLinks, roundWinner, upstreamValue } from './rules.ts';

/**
 * The chains as the projector (every team) or a team's phones (its own chain only) see them.
 * Nothing here reads an answer: a link carries what its holder sent and the live verdict on it,
 * and the upstream value a holder works from is the value the previous link sent.
 */
export function relayView(
  state: RoomState,
  runs: Record<string, RelayTeamRun>,
  question: QuestionState,
  audience: PhaseAudience,
  reveal: boolean,
): RelayView {
  const visible = audience.role === 'host' ? state.teams.map((t) => runs[t.id]) : [audience.teamId === null ? undefined : runs[audience.teamId]];
  const chains = visible
    .filter((run): run is RelayTeamRun => run !== undefined)
    .map((run) => chainView(state, run, problemFor(question, run.teamId), audience.role === 'host'));
  let ranking: RelayView['ranking'] = null;
  if (reveal) {
    const { ranked, winner } = roundWinner(runs);
    ranking = ranked.map((r, i) => ({
      teamId: r.teamId,
      rank: i + 1,
      fullyCorrect: r.fullyCorrect,
      credit: Math.round(r.credit * 1000) / 1000,
      durationMs: r.durationMs,
      winner: r.teamId === winner,
    }));
  }
  return { chains, ranking };
}

function chainView(state: RoomState, run: RelayTeamRun, problem: Problem, withProblem: boolean): RelayChainView {
  if (!isRelayProblem(problem)) throw new Error('relay round without a relay problem');
  const symbol = problem.graph ? (key: string) => graphSymbol(key, graphLayers(problem.graph!)) : (key: string) => quantitySymbol(key, problem.network?.layers.length ?? 1);
  const current = currentLink(problem, run);
  return {
    teamId: run.teamId,
    links: problem.links.map((link, i) => {
      const sent = run.results[i];
      return {
        index: i,
        asks: link.asks,
        symbol: problem.steps?.[i]?.symbol ?? symbol(link.asks),
        upstream: link.upstream,
        upstreamSymbol: link.upstream === null ? null : symbol(link.upstream),
        local: link.local,
        localSymbol: link.local === null ? null : symbol(link.local),
        from: relayInputs(link, i).map((input) => ({
          ...input,
          upstreamSymbol: symbol(input.upstream),
          localSymbol: symbol(input.local),
          value: run.results[input.link]?.value ?? null,
        })),
        holderId: run.holders[i]!,
        holderName: state.players[run.holders[i]!]?.name ?? null,
        sent: sent
          ? { answer: sent.raw, value: sent.value, received: sent.received, receivedAll: sent.receivedAll ?? (sent.received === null ? [] : [sent.received]), status: sent.status, consistent: sent.consistent, afterMs: sent.at - run.startedAt }
          : null,
      };
    }),
    current,
    open: openLinks(problem, run),
    upstreamValue: current === null ? null : upstreamValue(problem, run, current),
    finished: run.finishedAt !== null,
    durationMs: run.finishedAt === null ? null : run.finishedAt - run.startedAt,
    errorEntry: errorEntry(run),
    problem: withProblem ? toPublicProblem(problem) : null,
  };
}
