import { useId, useState } from 'preact/hooks';
import type { HostSnapshot, RelayChainView, RevealView, VariantReveal } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { LazyComputationGraph } from '../../../components/computation-graph/lazy.tsx';
import { ErrorNote } from '../../../components/error-note/index.tsx';
import { SolutionView } from '../../../components/solution-view/index.tsx';
import { StatusIcon } from '../../../components/status-icon/index.tsx';
import { TeamTag, teamDisplayName } from '../../../components/team-tag/index.tsx';
import { RevealNextButton } from '../reveal-next-button.tsx';
import type { RoomStore } from '../../../room/room-connection.ts';
import { useRequest } from '../../../room/use-request.ts';
import { chainGraph, seconds } from '../../play/relay/relay-chain.ts';
import { EndGameButton } from '../end-game-button.tsx';
import { ChainRow } from './chain-row.tsx';
import { ProblemStrip } from './relay-question.tsx';

/**
 * The end of a relay round on the projector: the ranking (fastest fully correct team first,
 * then by credit), and every team's chain again with the correct value under each link and
 * how far off each sent value was — where the error entered and how it travelled.
 */
export function RelayHostReveal({ store, snapshot, view }: { store: RoomStore; snapshot: HostSnapshot; view: RevealView }) {
  const { t, lang } = useI18n();
  const id = useId();
  const control = useRequest();
  const chains = view.relay?.chains ?? [];
  const ranking = view.relay?.ranking ?? [];
  const teams = snapshot.room.teams ?? [];
  const teamOf = (teamId: string) => teams.find((team) => team.id === teamId) ?? null;
  const variantOf = (teamId: string) => view.variants?.find((v) => v.teamId === teamId) ?? null;
  const anyError = chains.some((chain) => chain.errorEntry !== null || chain.links.some((link) => link.sent && link.sent.status !== 'correct'));

  return (
    <div class="relay-host relay-host--reveal">
      <div class="relay-host__head relay-host__head--reveal">
        <div>
          <h1 class="host-kicker">{t('relay.reveal.title', { n: view.index + 1, total: view.total })}</h1>
          <p class="muted">{t(`host.reveal.closedBy.${view.closedBy}`)}</p>
        </div>
        <div class="host-controls host-controls--row">
          <RevealNextButton store={store} control={control} room={snapshot.room} index={view.index} total={view.total} />
          <EndGameButton store={store} control={control} />
        </div>
      </div>
      <ErrorNote error={control.error} />

      <div class="relay-host__summary">
        <section class="card relay-ranking" aria-labelledby={`${id}-ranking`}>
          <h2 id={`${id}-ranking`}>{t('relay.reveal.ranking')}</h2>
          <table class="host-table" data-testid="relay-ranking">
            <thead>
              <tr>
                <th scope="col">{t('relay.reveal.col.rank')}</th>
                <th scope="col">{t('relay.reveal.col.team')}</th>
                <th scope="col">{t('relay.reveal.col.result')}</th>
                <th scope="col" class="relay-ranking__number">
                  {t('relay.reveal.col.credit')}
                </th>
                <th scope="col" class="relay-ranking__number">
                  {t('relay.reveal.col.time')}
                </th>
              </tr>
            </thead>
            <tbody>
              {ranking.map((entry) => {
                const team = teamOf(entry.teamId);
                const chain = chains.find((c) => c.teamId === entry.teamId);
                return (
                  <tr key={entry.teamId} class={entry.winner ? 'relay-ranking__winner' : undefined} data-team={entry.teamId}>
                    <td class="relay-ranking__rank">{entry.rank}</td>
                    <th scope="row">{team ? <TeamTag team={team} /> : entry.teamId}</th>
                    <td>
                      {entry.winner ? (
                        <strong class="relay-ranking__badge">
                          <TrophyIcon />
                          {t('relay.reveal.winner')}
                        </strong>
                      ) : entry.fullyCorrect ? (
                        <span class="relay-ranking__result">
                          <StatusIcon status="correct" />
                          {t('relay.reveal.fullyCorrect')}
                        </span>
                      ) : chain?.errorEntry != null ? (
                        <span class="relay-ranking__result">
                          <StatusIcon status="wrong" />
                          {t('relay.host.errorAt', { n: chain.errorEntry + 1 })}
                        </span>
                      ) : (
                        <span class="relay-ranking__result">{entry.durationMs === null ? t('relay.reveal.notFinished') : t('relay.reveal.partly')}</span>
                      )}
                    </td>
                    <td class="relay-ranking__number">{Math.round(entry.credit * 100)} %</td>
                    <td class="relay-ranking__number">{entry.durationMs === null ? '—' : t('relay.seconds', { s: seconds(entry.durationMs) })}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {ranking.length > 0 && !ranking.some((r) => r.winner) && <p class="muted">{t('relay.reveal.noWinner')}</p>}
        </section>
        <ProblemStrip view={view} chains={chains} legend closed />
      </div>

      <div class="relay-host__rows">
        {chains.map((chain) => {
          const team = teamOf(chain.teamId);
          const variant = variantOf(chain.teamId);
          if (!team) return null;
          return (
            <div key={chain.teamId} class="relay-host__team">
              <ChainRow chain={chain} team={team} roster={snapshot.roster} answers={variant?.answer.steps ?? null} problem={variant?.problem ?? null} closed />
              {variant && <TeamSolution chain={chain} variant={variant} teamName={teamDisplayName(team, lang.value)} />}
            </div>
          );
        })}
      </div>
      {anyError && <p class="relay-host__spread">{t('relay.reveal.spread')}</p>}
    </div>
  );
}

/** A team's chain on its own network's graph and its worked solution, drawn once opened. */
function TeamSolution({ chain, variant, teamName }: { chain: RelayChainView; variant: VariantReveal; teamName: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <details class="relay-host__solution" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{t('relay.reveal.solutionOf', { team: teamName })}</summary>
      {open && (variant.problem.network ?? variant.problem.graph) && (
        // What the team sent, on its own network's graph, beside the true values of the rest.
        <LazyComputationGraph network={(variant.problem.network ?? variant.problem.graph)!} solved {...chainGraph(chain, true)} size="large" />
      )}
      {open && <SolutionView steps={variant.solution} highlight={variant.problem.asks} headingLevel={3} />}
    </details>
  );
}

function TrophyIcon() {
  return (
    <svg class="relay-trophy" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <path d="M7 3h10v4a5 5 0 0 1-10 0Z M7 5H4a3 3 0 0 0 3 4 M17 5h3a3 3 0 0 1-3 4 M12 12v5 M8 21h8 M9.5 17h5v4h-5Z" />
    </svg>
  );
}
