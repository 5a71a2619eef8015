import { useId } from 'preact/hooks';
import type { PlayerSnapshot, RevealView } from '../../../shared/protocol/index.ts';
import { useI18n } from '../../app-context.ts';
import { AcceptedRange, AnswerNote, CorrectAnswer } from '../../components/correct-answer/index.tsx';
import { RichText } from '../../components/math/index.tsx';
import { formatPoints } from '../../components/standings/format-points.ts';
import { StatusIcon } from '../../components/status-icon/index.tsx';
import { lazyModule, useLazyModule } from '../../lazy-module.ts';
import { displayAnswer } from './answer-display.ts';
import { PlayerBar } from './player-bar.tsx';
import { ResultStatusLine } from './result-status.tsx';

const explanation = lazyModule(() => import('./reveal-explanation.tsx'));
// Asked for as soon as the reveal screens arrive (in the lobby), so the first reveal does not wait for it.
explanation.load().catch(() => undefined);

/** The reveal on the phone: the own verdict and what went wrong, the points, the answer and the worked solution. */
export function PlayerReveal({ snapshot, view, resultPending = false }: { snapshot: PlayerSnapshot; view: RevealView; resultPending?: boolean }) {
  const { t, lang } = useI18n();
  const id = useId();
  const result = snapshot.me.result?.questionId === view.questionId ? snapshot.me.result : null;
  const multi = view.problem.steps !== undefined && (result?.verdicts.length ?? 0) > 1;
  const choiceLabel = (raw: string) => view.problem.choices?.find((c) => c.id === raw)?.label ?? null;
  // A failed fetch (offline) is tried again at the next question.
  const Explanation = useLazyModule(explanation, view.questionId)?.RevealExplanation;

  return (
    <>
      <PlayerBar snapshot={snapshot} />
      <div class="play-reveal">
        <h1 class="play-reveal__title">{t('game.answerOf', { n: view.index + 1, total: view.total })}</h1>

        <section class="card play-reveal__result" aria-labelledby={`${id}-result`} data-testid="own-result">
          <h2 class="visually-hidden" id={`${id}-result`}>
            {t('play.reveal.yourResult')}
          </h2>
          {result ? (
            <>
              <ResultStatusLine status={result.status} />
              <p class="play-reveal__points">
                <span class="play-reveal__points-value" data-testid="round-points">
                  {t('play.reveal.points', { points: formatPoints(result.points, lang.value) })}
                </span>
              </p>
              {/* Only the bonuses this room gives: "Streak +0" with the streak bonus off reads as a penalty. */}
              {result.points > 0 && (snapshot.room.speedBonus || snapshot.room.streakBonus) && (
                <dl class="play-reveal__breakdown" data-testid="points-breakdown">
                  <div>
                    <dt>{t('points.base')}</dt>
                    <dd>{formatPoints(result.breakdown.base, lang.value)}</dd>
                  </div>
                  {snapshot.room.speedBonus && (
                    <div>
                      <dt>{t('points.speed')}</dt>
                      <dd>+{formatPoints(result.breakdown.speed, lang.value)}</dd>
                    </div>
                  )}
                  {snapshot.room.streakBonus && (
                    <div>
                      <dt>{t('points.streak')}</dt>
                      <dd>+{formatPoints(result.breakdown.streak, lang.value)}</dd>
                    </div>
                  )}
                </dl>
              )}
              {result.streak > 1 && <p class="play-reveal__streak">{t('play.reveal.streak', { n: result.streak })}</p>}

              <ol class={`play-verdicts${multi ? '' : ' play-verdicts--single'}`}>
                {result.verdicts.map((verdict, i) => {
                  const label = verdict.answer !== null ? choiceLabel(verdict.answer) : null;
                  const showMessage = verdict.message && verdict.message.key !== 'verdict.correct';
                  return (
                    <li key={i} class={`play-verdict play-verdict--${verdict.status}`}>
                      <p class="play-verdict__head">
                        {verdict.status !== 'none' && <StatusIcon status={verdict.status} />}
                        <span>
                          {multi && <strong>{t('problem.step', { n: i + 1 })} · </strong>}
                          {verdict.answer === null ? (
                            t('play.reveal.noAnswer')
                          ) : (
                            <>
                              {t('play.reveal.youAnswered')}{' '}
                              <strong>{label ? <RichText text={label} /> : displayAnswer(verdict.answer, view.problem.format)}</strong>
                              {multi && <span class="play-verdict__status"> — {t(`verdict.${verdict.status}`)}</span>}
                            </>
                          )}
                        </span>
                      </p>
                      {showMessage && (
                        <p class="play-verdict__message">
                          <RichText text={verdict.message!} />
                        </p>
                      )}
                      {verdict.consistent && verdict.status !== 'correct' && <p class="play-verdict__note">{t('play.reveal.carried')}</p>}
                    </li>
                  );
                })}
              </ol>
            </>
          ) : resultPending ? (
            // The shared reveal came first; the own verdict follows in a moment.
            <p class="muted" role="status" data-testid="result-pending">
              {t('play.reveal.checking')}
            </p>
          ) : (
            <p>{t('play.reveal.notScored')}</p>
          )}
        </section>

        <section class="card play-reveal__answer" aria-labelledby={`${id}-answer`}>
          <h2 id={`${id}-answer`}>{t('game.correctAnswer')}</h2>
          <div class="play-reveal__answer-value" data-testid="correct-answer">
            <CorrectAnswer problem={view.problem} answer={view.answer} />
          </div>
          <AcceptedRange answer={view.answer} class="play-reveal__accepted" />
          <AnswerNote answer={view.answer} />
        </section>

        {Explanation && <Explanation view={view} />}
      </div>
    </>
  );
}
