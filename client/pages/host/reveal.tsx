import { useId } from 'preact/hooks';
import type { AnswerKey, HostSnapshot, RevealView } from '../../../shared/protocol/index.ts';
import { useI18n } from '../../app-context.ts';
import { LazyComputationGraph } from '../../components/computation-graph/lazy.tsx';
import { AnswerNote, AcceptedRange as SharedAcceptedRange, CorrectAnswer } from '../../components/correct-answer/index.tsx';
import { ErrorNote } from '../../components/error-note/index.tsx';
import { SolutionView } from '../../components/solution-view/index.tsx';
import { TeamTag, teamDisplayName } from '../../components/team-tag/index.tsx';
import { RevealNextButton } from './reveal-next-button.tsx';
import { EndGameButton } from './end-game-button.tsx';
import { organizerRuns } from '../../room/contest-info.ts';
import { OrganizerRunsNote } from './contest-note.tsx';
import type { RoomStore } from '../../room/room-connection.ts';
import { useRequest } from '../../room/use-request.ts';
import { AnswerHistogram, MisconceptionBars, StatusSummary, StepTable, TeamResults } from './reveal-stats.tsx';

function AcceptedRange({ answer }: { answer: AnswerKey }) {
  return <SharedAcceptedRange answer={answer} class="host-reveal__accepted" />;
}

/** The reveal on the projector: the answer, the worked solution, how the room answered and which mistakes it made. */
export function HostReveal({ store, snapshot, view }: { store: RoomStore; snapshot: HostSnapshot; view: RevealView }) {
  const { t, lang } = useI18n();
  const id = useId();
  const control = useRequest();
  const stats = view.stats;
  const teams = snapshot.room.teams;
  // With per-team numbers nobody answered the base problem: each team's answer leads instead.
  const variants =
    view.variants && view.variants.length > 0 ? view.variants.map((variant) => ({ variant, team: teams?.find((candidate) => candidate.id === variant.teamId) ?? null })) : null;

  // A chain or a network that branches: the graph draws either.
  const graphNetwork = !variants && !view.relay && !view.descent ? (view.problem.network ?? view.problem.graph ?? null) : null;

  return (
    <div class="host-reveal">
      <div class="host-reveal__head">
        <h1 class="host-kicker">{t('game.answerOf', { n: view.index + 1, total: view.total })}</h1>
        <p class="host-reveal__closed">{t(`host.reveal.closedBy.${view.closedBy}`)}</p>
        {organizerRuns(snapshot.room) ? (
          <OrganizerRunsNote what="reveal" />
        ) : (
          <div class="host-controls host-controls--row">
            <RevealNextButton store={store} control={control} room={snapshot.room} index={view.index} total={view.total} />
            <EndGameButton store={store} control={control} />
          </div>
        )}
      </div>
      <ErrorNote error={control.error} />

      <div class="host-reveal__grid">
        <div class="host-reveal__main">
          {variants ? (
            <section class="host-reveal__variants" aria-labelledby={`${id}-variants`}>
              <h2 id={`${id}-variants`}>{t('host.reveal.variants')}</h2>
              <div class="host-reveal__variant-grid">
                {variants.map(({ variant, team }) => {
                  const answered = variant.distribution.reduce((sum, d) => sum + d.count, 0);
                  return (
                    <section key={variant.teamId} class="card host-variant" aria-label={team ? teamDisplayName(team, lang.value) : variant.teamId}>
                      <h3>{team ? <TeamTag team={team} /> : variant.teamId}</h3>
                      <div class="host-variant__answer" data-testid="host-correct-answer">
                        <CorrectAnswer problem={variant.problem} answer={variant.answer} />
                      </div>
                      <AcceptedRange answer={variant.answer} />
                      <AnswerHistogram
                        distribution={variant.distribution}
                        answered={answered}
                        noAnswer={0}
                        problem={variant.problem}
                        caption={t('host.reveal.distribution')}
                      />
                      <details class="host-variant__solution">
                        <summary>{t('host.reveal.variantSolution')}</summary>
                        <SolutionView steps={variant.solution} highlight={variant.problem.asks} headingLevel={3} />
                        {(variant.problem.network ?? variant.problem.graph) && (
                          <LazyComputationGraph network={(variant.problem.network ?? variant.problem.graph)!} solved highlight={variant.problem.asks} />
                        )}
                      </details>
                    </section>
                  );
                })}
              </div>
            </section>
          ) : (
            <>
              <section class="card host-reveal__answer" aria-labelledby={`${id}-answer`}>
                <h2 id={`${id}-answer`}>{t('game.correctAnswer')}</h2>
                <div class="host-reveal__answer-value" data-testid="host-correct-answer">
                  <CorrectAnswer problem={view.problem} answer={view.answer} />
                </div>
                <AcceptedRange answer={view.answer} />
                <AnswerNote answer={view.answer} />
              </section>
              <section class="card host-reveal__solution">
                <SolutionView steps={view.solution} highlight={view.problem.asks} />
              </section>
            </>
          )}
        </div>

        {stats && (
          <div class="host-reveal__stats">
            <section class="card" aria-labelledby={`${id}-room`}>
              <h2 id={`${id}-room`}>{t('host.reveal.howRoom', { answered: stats.answered, players: stats.players })}</h2>
              <StatusSummary stats={stats} />
              {!variants && (
                <AnswerHistogram
                  distribution={stats.distribution}
                  answered={stats.answered}
                  noAnswer={stats.byStatus.none}
                  problem={view.problem}
                  caption={t('host.reveal.distribution')}
                />
              )}
            </section>
            <section class="card" aria-labelledby={`${id}-mistakes`}>
              <h2 id={`${id}-mistakes`}>{t('host.reveal.mistakes')}</h2>
              <MisconceptionBars misconceptions={stats.misconceptions} answered={stats.answered} />
            </section>
            {stats.steps && (
              <section class="card" aria-labelledby={`${id}-steps`}>
                <h2 id={`${id}-steps`}>{t('host.reveal.steps')}</h2>
                <StepTable steps={stats.steps} symbols={view.problem.steps?.map((s) => s.symbol) ?? []} />
              </section>
            )}
            {stats.teams && teams && (
              <section class="card" aria-labelledby={`${id}-teams`}>
                <h2 id={`${id}-teams`}>{t('host.reveal.teams')}</h2>
                <TeamResults results={stats.teams} teams={teams} />
              </section>
            )}
          </div>
        )}
      </div>

      {/* Full width, so a three-layer network is large enough for the back row; relay and descent rounds draw their own screens. */}
      {graphNetwork && (
        <section class="card host-reveal__graph" aria-labelledby={`${id}-graph`}>
          <h2 id={`${id}-graph`}>{t('graph.heading')}</h2>
          <LazyComputationGraph network={graphNetwork} solved highlight={view.problem.asks} size="large" />
        </section>
      )}
    </div>
  );
}
