import { useId } from 'preact/hooks';
import type { DescentView, PlayerSnapshot, RevealView } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { formatPoints } from '../../../components/standings/format-points.ts';
import { teamDisplayName } from '../../../components/team-tag/index.tsx';
import type { RoomStore } from '../../../room/room-connection.ts';
import { DescentPlayerBar } from './team-bar.tsx';
import { StatusIcon } from '../../../components/status-icon/index.tsx';
import { LOSS_ARROW, LOSS_WORDS, lossChange, paramEntries, paramName, showProposal, ownTeam, rightStep, showNumber, showTyped, teamIndex, teamInfo } from './descent-format.ts';
import { LossCurves } from './loss-curves.tsx';
import { RankingList } from './ranking-list.tsx';
import { StepVerdicts } from './step-verdicts.tsx';
import { StoryStrip } from './story-strip.tsx';
import { nameOf, rememberNames } from './teammates.ts';

/**
 * After an iteration, on the phone: what the team submitted and who settled on it, the verdict
 * with the mistake named, and what the step did — a wrong step was used anyway, and the loss
 * shows it. Then the right step, the points and the team's curve.
 */
export function DescentPhoneReveal({ store, snapshot, phase, view }: { store: RoomStore; snapshot: PlayerSnapshot; phase: RevealView; view: DescentView }) {
  const { t, lang } = useI18n();
  const id = useId();
  const { me, room } = snapshot;
  const team = ownTeam(view, me.teamId);
  const step = team?.steps?.find((s) => s.iteration === phase.index) ?? null;
  const result = me.result?.questionId === phase.questionId ? me.result : null;
  const last = phase.index + 1 >= phase.total;

  if (!team || !step) {
    return (
      <>
        <DescentPlayerBar snapshot={snapshot} lr={null} />
        <section class="card" data-testid="own-result">
          <h1 class="play-reveal__title">{t('descent.play.revealOf', { n: phase.index + 1, total: phase.total })}</h1>
          <p>{t('play.reveal.notScored')}</p>
        </section>
      </>
    );
  }

  const info = teamInfo(room.teams, team.teamId);
  const after = team.curve[step.iteration + 1] ?? Number.NaN;
  const change = lossChange(step.loss, after);
  const rose = change.direction === 'up';
  const right = rightStep(view.task, step.params, step.lr);
  const wrongParams = step.verdicts ? (['w', 'w2', 'b'] as const).filter((p) => step.verdicts![p] && step.verdicts![p]!.status !== 'correct') : [];
  const two = view.task.inputs === 2;
  const usedAnyway = two
    ? t(wrongParams.length === 1 ? 'descent.reveal.usedAnywayOne' : 'descent.reveal.usedAnywayMany', {
        params: new Intl.ListFormat(lang.value, { type: 'conjunction' }).format(wrongParams.map((p) => `${paramName(view.task, p)}′`)),
      })
    : t(wrongParams.length === 2 ? 'descent.reveal.usedAnywayBoth' : wrongParams[0] === 'w' ? 'descent.reveal.usedAnywayW' : 'descent.reveal.usedAnywayB');
  rememberNames(store, view);
  const who = (playerId: string | null) => nameOf(store, snapshot, playerId) ?? t('descent.teammate');

  return (
    <>
      <DescentPlayerBar snapshot={snapshot} lr={showNumber(team.lr)} />
      <div class="play-reveal descent-play">
        <h1 class="play-reveal__title">{t('descent.play.revealOf', { n: phase.index + 1, total: phase.total })}</h1>

        <section class="card play-reveal__result" aria-labelledby={`${id}-result`} data-testid="own-result">
          <h2 class="visually-hidden" id={`${id}-result`}>
            {t('play.reveal.yourResult')}
          </h2>
          {result && (
            <p class={`result-status result-status--${result.status}`}>
              <StatusIcon status={result.status === 'partial' ? 'close' : result.status === 'none' ? 'invalid' : result.status} />
              <span>{t(`result.${result.status}`)}</span>
            </p>
          )}
          {result && (
            <p class="play-reveal__points">
              <span class="play-reveal__points-value" data-testid="round-points">
                {t('play.reveal.points', { points: formatPoints(result.points, lang.value) })}
              </span>
            </p>
          )}
          {result && result.breakdown.speed > 0 && <p class="muted">{t('descent.reveal.rankBonus', { points: formatPoints(result.breakdown.speed, lang.value) })}</p>}

          {step.submitted ? (
            <>
              <p class="descent-result__submitted" data-testid="descent-submitted-step">
                {t('descent.reveal.teamSubmitted')}{' '}
                <strong>
                  {paramName(view.task, 'w')}′ = {showTyped(step.submitted.w)}
                  {step.submitted.w2 !== undefined && <>, w₂′ = {showTyped(step.submitted.w2)}</>}
                  {step.submitted.b !== null && <>, b′ = {showTyped(step.submitted.b)}</>}
                </strong>
              </p>
              <p class="muted">
                {step.submitted.confirmedBy
                  ? t('descent.proposedConfirmed', { proposer: who(step.submitted.proposedBy), confirmer: who(step.submitted.confirmedBy) })
                  : t('descent.proposedCaptain', { proposer: who(step.submitted.proposedBy) })}
              </p>
              <StepVerdicts step={step} task={view.task} />
              {wrongParams.length > 0 && (
                <p class="descent-result__applied" data-testid="descent-applied">
                  {usedAnyway}
                </p>
              )}
            </>
          ) : (
            <p data-testid="descent-nothing">
              {step.waiting
                ? `${t('descent.reveal.waitingPhone', { proposer: who(step.waiting.latest.proposedBy), values: showProposal(step.waiting.latest) })}${step.waiting.count > 1 ? ` ${t('descent.reveal.waitingCount', { count: step.waiting.count })}` : ''}`
                : t('descent.reveal.nothingPhone')}
            </p>
          )}

          <p class={`descent-result__loss${rose ? ' descent-result__loss--up' : ''}`} data-testid="descent-loss-change">
            {t('descent.play.lossChange')} {change.before} → <strong>{change.after}</strong> <span aria-hidden="true">{LOSS_ARROW[change.direction]}</span>{' '}
            <span>{t(LOSS_WORDS[change.direction])}</span>
          </p>
          <p class="descent-result__right" data-testid="descent-right-step">
            {t('descent.reveal.rightWas')}{' '}
            <strong>{paramEntries(view.task, right.next, { prime: true }).map(({ label, value }) => `${label} = ${showNumber(value, 5)}`).join(', ')}</strong>{' '}
            <span class="muted">({paramEntries(view.task, right.gradient).map(({ label, value }) => `dL/d${label} = ${showNumber(value)}`).join(', ')})</span>
          </p>
          <StoryStrip active="repeat" />
        </section>

        <section class="card descent-curve" aria-labelledby={`${id}-curve`}>
          <h2 id={`${id}-curve`}>{t('descent.play.curve')}</h2>
          <LossCurves
            series={[{ teamId: team.teamId, label: teamDisplayName(info, lang.value), colour: info.colour, index: teamIndex(view, team.teamId), values: team.curve }]}
            iterations={view.iterations}
            current={phase.index + 1}
            size="small"
            label={t('descent.play.curve')}
          />
        </section>

        {last && view.ranking && (
          <section class="card" aria-labelledby={`${id}-ranking`}>
            <h2 id={`${id}-ranking`}>{t('descent.ranking.title')}</h2>
            <RankingList view={view} room={room} highlight={team.teamId} />
          </section>
        )}
      </div>
    </>
  );
}
