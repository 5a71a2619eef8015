import { useId, useState } from 'preact/hooks';
import { latexNumber } from '../../../../shared/engine/format-number.ts';
import type { PlayerSnapshot, RevealView } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { LazyComputationGraph } from '../../../components/computation-graph/lazy.tsx';
import { MathTex, RichText } from '../../../components/math/index.tsx';
import { SolutionView } from '../../../components/solution-view/index.tsx';
import { formatPoints } from '../../../components/standings/format-points.ts';
import { StatusIcon } from '../../../components/status-icon/index.tsx';
import { RelayPlayerBar } from './relay-bar.tsx';
import { chainGraph, heldBy, linkState, seconds, showNumber, stateIcon } from './relay-chain.ts';
import { sentText } from './sent-text.ts';
import { CarriedIcon } from './carried-icon.tsx';
import { TeamChain } from './team-chain.tsx';

/**
 * The end of a relay round on the phone: how the team did (rank, fully correct or its
 * credit, time), this student's points, each link they held with what they received, sent
 * and should have sent, then the team's whole chain with the correct values and the worked solution.
 */
export function RelayPlayerReveal({ snapshot, view }: { snapshot: PlayerSnapshot; view: RevealView }) {
  const { t, lang } = useI18n();
  const id = useId();
  const me = snapshot.me;
  const chain = view.relay?.chains.find((c) => c.teamId === me.teamId) ?? null;
  const ranking = view.relay?.ranking ?? [];
  const rank = ranking.find((r) => r.teamId === me.teamId) ?? null;
  const result = me.result?.questionId === view.questionId ? me.result : null;
  const answers = view.answer.steps;
  const mine = chain ? heldBy(chain, me.playerId) : [];
  // The graph is wider than the phone: behind a disclosure, its drawing fetched on opening. The
  // disclosure is drawn here (as GraphDisclosure draws it) rather than imported: sharing that module
  // would split it out of the quiz phone's reveal chunk, and the quiz phone's budget is nearly full.
  const [graphOpen, setGraphOpen] = useState(false);

  return (
    <>
      <RelayPlayerBar snapshot={snapshot} />
      <div class="play-reveal relay-play">
        <h1 class="play-reveal__title">{t('relay.reveal.title', { n: view.index + 1, total: view.total })}</h1>

        <section class="card relay-outcome" aria-labelledby={`${id}-team`} data-testid="relay-outcome">
          <h2 id={`${id}-team`} class="relay-card__subtitle">
            {t('relay.reveal.yourTeam')}
          </h2>
          {rank ? (
            <>
              <p class={`relay-outcome__headline${rank.winner ? ' relay-outcome__headline--winner' : ''}`}>
                {rank.winner ? t('relay.reveal.team.winner') : rank.fullyCorrect ? t('relay.reveal.team.correct') : t('relay.reveal.team.partial', { percent: Math.round(rank.credit * 100) })}
              </p>
              <p class="relay-outcome__rank">
                {t('relay.reveal.team.rank', { rank: rank.rank, total: ranking.length })}
                {rank.durationMs !== null && ` · ${t('relay.seconds', { s: seconds(rank.durationMs) })}`}
              </p>
              {chain?.errorEntry !== null && chain?.errorEntry !== undefined && <p>{t('relay.reveal.errorAt', { n: chain.errorEntry + 1 })}</p>}
            </>
          ) : (
            <p>{t('relay.play.noChain')}</p>
          )}
          {result && (
            <>
              <p class="play-reveal__points">
                <span class="play-reveal__points-value" data-testid="round-points">
                  {t('play.reveal.points', { points: formatPoints(result.points, lang.value) })}
                </span>
              </p>
              {result.points > 0 && (
                <dl class="play-reveal__breakdown">
                  <div>
                    <dt>{t('relay.reveal.linkPoints')}</dt>
                    <dd>{formatPoints(result.breakdown.base, lang.value)}</dd>
                  </div>
                  {result.breakdown.speed > 0 && (
                    <div>
                      <dt>{t('relay.reveal.winnerBonus')}</dt>
                      <dd>+{formatPoints(result.breakdown.speed, lang.value)}</dd>
                    </div>
                  )}
                </dl>
              )}
            </>
          )}
        </section>

        {chain && mine.length > 0 && (
          <section class="card" aria-labelledby={`${id}-mine`} data-testid="own-result">
            <h2 id={`${id}-mine`} class="relay-card__subtitle">
              {t('relay.reveal.yourLinks')}
            </h2>
            <ol class="play-verdicts">
              {mine.map((link) => {
                const state = linkState(chain, link, true);
                const icon = stateIcon(state);
                const verdict = result?.verdicts[link.index] ?? null;
                const answer = answers?.[link.index];
                const showMessage = verdict?.message && verdict.message.key !== 'verdict.correct' && state !== 'carried';
                return (
                  <li key={link.index} class={`play-verdict relay-verdict relay-state--${state}`}>
                    <p class="play-verdict__head">
                      {icon && <StatusIcon status={icon} />}
                      {state === 'carried' && <CarriedIcon />}
                      <span>
                        <strong>{t('relay.link', { n: link.index + 1 })} · </strong>
                        {link.sent ? (
                          <>
                            {t('relay.play.youSent')} <MathTex tex={link.symbol} /> = <strong class="relay-number">{sentText(link)}</strong>
                            <span class="play-verdict__status"> — {t(`relay.state.${state}`)}</span>
                          </>
                        ) : (
                          <>
                            <MathTex tex={link.symbol} />: {t('relay.reveal.notSent')}
                          </>
                        )}
                      </span>
                    </p>
                    {/* What arrived: one value on a chain, both branches' where a network's branches meet. */}
                    {link.sent &&
                      link.from.map((input, k) => {
                        const value = link.sent!.receivedAll[k];
                        if (value === undefined) return null;
                        return (
                          <p class="play-verdict__note" key={k}>
                            {t('relay.reveal.received')} <MathTex tex={input.upstreamSymbol} /> ={' '}
                            <span class="relay-number">{sentText(chain.links[input.link]!) ?? showNumber(value, 6)}</span>
                          </p>
                        );
                      })}
                    {answer && state !== 'correct' && (
                      <p class="play-verdict__note">
                        {t('relay.correctValue')} <MathTex tex={`${answer.symbol} \\approx ${latexNumber(answer.display)}`} />
                      </p>
                    )}
                    {state === 'carried' && <p class="play-verdict__message">{t('relay.reveal.carried')}</p>}
                    {showMessage && (
                      <p class="play-verdict__message">
                        <RichText text={verdict.message!} />
                      </p>
                    )}
                  </li>
                );
              })}
            </ol>
          </section>
        )}

        {chain && (
          <section class="card" aria-labelledby={`${id}-chain`}>
            <h2 class="relay-card__subtitle" id={`${id}-chain`}>
              {t('relay.play.teamChain')}
            </h2>
            <TeamChain chain={chain} meId={me.playerId} answers={answers} labelledBy={`${id}-chain`} />
            {(view.problem.network ?? view.problem.graph) && (
              <details class="graph-disclosure relay-graph" onToggle={(event) => setGraphOpen(event.currentTarget.open)}>
                <summary class="graph-disclosure__summary">{t('graph.show')}</summary>
                {graphOpen && <LazyComputationGraph network={(view.problem.network ?? view.problem.graph)!} solved {...chainGraph(chain, true)} />}
              </details>
            )}
          </section>
        )}

        <section class="card play-reveal__solution">
          <SolutionView steps={view.solution} highlight={view.problem.asks} />
        </section>
      </div>
    </>
  );
}
