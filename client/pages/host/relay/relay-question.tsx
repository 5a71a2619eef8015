import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import type { HostSnapshot, QuestionView, RelayChainView } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { Countdown } from '../../../components/countdown/index.tsx';
import { ErrorNote } from '../../../components/error-note/index.tsx';
import { MathTex } from '../../../components/math/index.tsx';
import { StatusIcon } from '../../../components/status-icon/index.tsx';
import type { RoomStore } from '../../../room/room-connection.ts';
import { useRequest } from '../../../room/use-request.ts';
import { CarriedIcon } from '../../play/relay/carried-icon.tsx';
import { chainGraph, givenValues } from '../../play/relay/relay-chain.ts';
import { LazyComputationGraph } from '../../../components/computation-graph/lazy.tsx';
import { teamDisplayName } from '../../../components/team-tag/index.tsx';
import { ChainRow } from './chain-row.tsx';
import { backwardLatex, forwardLatex, graphForwardLatex } from './network-formulas.ts';
import { QuestionControls } from '../question-controls.tsx';

/**
 * A relay round on the projector: the clock, the network's shape and the chain its links
 * build, then every team's chain filling in from the loss backwards as its phones send.
 */
export function RelayHostQuestion({ store, snapshot, view }: { store: RoomStore; snapshot: HostSnapshot; view: QuestionView }) {
  const { t, lang } = useI18n();
  const control = useRequest();
  const chains = view.relay?.chains ?? [];
  const done = chains.filter((c) => c.finished).length;
  // Past two teams the rows get compact, so that four fit the projector's height.
  const compact = chains.length > 2;

  return (
    <div class="relay-host">
      <div class="relay-host__head">
        <div>
          <h1 class="host-kicker">{t('relay.round', { n: view.index + 1, total: view.total })}</h1>
          <p class="muted">{t('relay.host.subtitle')}</p>
        </div>
        <div class="relay-host__clock">
          <Countdown remainingMs={store.remainingMs.value} limitMs={view.timeLimitMs} paused={view.paused} size="large" />
        </div>
        <div class="relay-host__done" data-testid="relay-chains-done">
          <p class="relay-host__done-count">
            <span class="host-big-number">{done}</span>
            <span>/ {chains.length}</span>
            <span class="relay-host__done-label">{t('relay.host.chainsDone')}</span>
          </p>
        </div>
      </div>

      <ProblemStrip view={view} chains={chains} legend={compact}>
        <QuestionControls
          store={store}
          control={control}
          questionId={view.questionId}
          paused={view.paused}
          untimed={snapshot.room.timeLimitMs === null}
          last={view.index + 1 >= view.total}
          endLabel="relay.host.endRound"
          class="host-controls--row relay-host__controls"
        />
      </ProblemStrip>

      <div class="relay-host__rows">
        {chains.length === 0 && <p class="card">{t('relay.host.noChains')}</p>}
        {chains.map((chain) => {
          const team = snapshot.room.teams?.find((candidate) => candidate.id === chain.teamId);
          if (!team) return null;
          return (
            <div key={chain.teamId} class="relay-host__team">
              <ChainRow chain={chain} team={team} roster={snapshot.roster} compact={compact} />
              {(chain.problem?.network ?? chain.problem?.graph) && (
                // Closed at first: the rows are what the class watches; the graph is for the teacher to open.
                <details class="relay-host__graph" data-testid="relay-host-graph">
                  <summary>{t('relay.host.showGraph', { team: teamDisplayName(team, lang.value) })}</summary>
                  <LazyComputationGraph network={(chain.problem.network ?? chain.problem.graph)!} forward={givenValues(chain.problem)} {...chainGraph(chain)} size="large" />
                </details>
              )}
            </div>
          );
        })}
      </div>
      <ErrorNote error={control.error} />
    </div>
  );
}

/** The network every team works on (each with its own numbers), the chain its links make, and (on request) what the colours mean. */
export function ProblemStrip({
  view,
  chains,
  legend = false,
  closed = false,
  children,
}: {
  view: { problem: QuestionView['problem'] };
  chains: readonly RelayChainView[];
  legend?: boolean;
  /** After the round (the legend's wording). */
  closed?: boolean;
  /** The teacher's controls, beside the formulas. */
  children?: ComponentChildren;
}) {
  const { t } = useI18n();
  const id = useId();
  const network = view.problem.network;
  const graph = view.problem.graph;
  const links = chains[0]?.links ?? [];
  const forward = network ? forwardLatex(network) : graph ? graphForwardLatex(graph) : [];
  return (
    <section class="card relay-strip" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} class="visually-hidden">
        {t('game.problem')}
      </h2>
      <div class="relay-strip__formulas">
        {forward.length > 0 && (
          <p>
            <span class="relay-strip__label">{t('relay.host.forward')}</span>
            {forward.map((line, i) => (
              <MathTex key={i} tex={line} class="relay-strip__math" />
            ))}
          </p>
        )}
        {links.length > 0 && (
          <p>
            <span class="relay-strip__label">{t('relay.host.backward')}</span>
            {backwardLatex(links).map((line, i) => (
              <MathTex key={i} tex={line} class="relay-strip__math" />
            ))}
          </p>
        )}
      </div>
      {children}
      {legend && <RelayLegend closed={closed} />}
    </section>
  );
}

/** What the colours and shapes of a link mean (after the round, "not sent" instead of "working on it"). */
export function RelayLegend({ closed = false }: { closed?: boolean }) {
  const { t } = useI18n();
  return (
    <ul class="relay-legend" aria-label={t('relay.host.legend')}>
      {closed ? (
        <li class="relay-state--unsent">{t('relay.state.unsent')}</li>
      ) : (
        <li class="relay-state--current">
          <span class="relay-legend__swatch" aria-hidden="true" />
          {t('relay.state.current')}
        </li>
      )}
      <li class="relay-state--correct">
        <StatusIcon status="correct" />
        {t('relay.state.correct')}
      </li>
      <li class="relay-state--entry">
        <StatusIcon status="wrong" />
        {t('relay.legend.entry')}
      </li>
      <li class="relay-state--carried">
        <CarriedIcon />
        {t('relay.legend.carried')}
      </li>
    </ul>
  );
}
