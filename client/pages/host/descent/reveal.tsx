import { useId } from 'preact/hooks';
import type { DescentStepView, DescentView, HostSnapshot, RevealView } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { ErrorNote } from '../../../components/error-note/index.tsx';
import { TeamTag } from '../../../components/team-tag/index.tsx';
import { RevealNextButton } from '../reveal-next-button.tsx';
import type { RoomStore } from '../../../room/room-connection.ts';
import { useRequest } from '../../../room/use-request.ts';
import { LOSS_ARROW, LOSS_WORDS, lossChange, paramEntries, paramName, showProposal, rightStep, showNumber, showTyped, teamInfo } from '../../play/descent/descent-format.ts';
import { StepVerdicts } from '../../play/descent/step-verdicts.tsx';
import { StoryStrip } from '../../play/descent/story-strip.tsx';
import { EndGameButton } from '../end-game-button.tsx';
import { DescentCharts } from './descent-charts.tsx';
import { RankingTable } from './ranking-table.tsx';

/**
 * After an iteration: the curves with one more point, every marker moved to where its team's
 * step took it, and each team's step — what it submitted, who proposed and confirmed, the
 * verdict and the named mistake, the right step, and the loss before and after.
 */
export function DescentHostReveal({ store, snapshot, phase, view }: { store: RoomStore; snapshot: HostSnapshot; phase: RevealView; view: DescentView }) {
  const { t } = useI18n();
  const id = useId();
  const control = useRequest();
  const { room, roster } = snapshot;
  const nameOf = (playerId: string | null) => (playerId === null ? null : (roster.find((p) => p.playerId === playerId)?.name ?? t('descent.someone')));
  const last = phase.index + 1 >= phase.total;

  return (
    <div class="host-reveal descent-host">
      <div class="host-reveal__head">
        <h1 class="host-kicker">{t('descent.revealOf', { n: phase.index + 1, total: phase.total })}</h1>
        <p class="host-reveal__closed">{t(`host.reveal.closedBy.${phase.closedBy}`)}</p>
        <StoryStrip active="repeat" />
        <div class="host-controls host-controls--row">
          <RevealNextButton store={store} control={control} room={room} index={phase.index} total={phase.total} />
          <EndGameButton store={store} control={control} />
        </div>
      </div>
      <ErrorNote error={control.error} />

      <div class="descent-reveal__grid">
      <div class="descent-reveal__main">
      {last && view.ranking && (
        <section class="card" aria-labelledby={`${id}-ranking`}>
          <h2 id={`${id}-ranking`}>{t('descent.ranking.title')}</h2>
          <RankingTable view={view} room={room} standings={null} />
        </section>
      )}
      <section class="card" aria-labelledby={`${id}-steps`}>
        <h2 id={`${id}-steps`}>{t('descent.reveal.steps')}</h2>
        <ul class="descent-step-cards" data-testid="descent-steps">
          {view.teams.map((team) => {
            const step: DescentStepView | undefined = team.steps?.find((s) => s.iteration === phase.index);
            if (!step) return null;
            const right = rightStep(view.task, step.params, step.lr);
            const after = team.curve[step.iteration + 1] ?? Number.NaN;
            const change = lossChange(step.loss, after);
            const rose = change.direction === 'up';
            return (
              <li key={team.teamId} class={`descent-step-card${step.correct ? ' descent-step-card--correct' : step.submitted ? ' descent-step-card--wrong' : ''}`} data-testid={`descent-step-${team.teamId}`}>
                <div class="descent-step-card__head">
                  <TeamTag team={teamInfo(room.teams, team.teamId)} size="large" />
                  <span class="descent-step-card__lr">η = {showNumber(step.lr)}</span>
                  <p class={rose ? 'descent-step-card__loss descent-step-card__loss--up' : 'descent-step-card__loss'}>
                    {t('descent.reveal.lossShort')} {change.before} → <strong>{change.after}</strong> <span aria-hidden="true">{LOSS_ARROW[change.direction]}</span>
                    <span class="visually-hidden">{t(LOSS_WORDS[change.direction])}</span>
                  </p>
                </div>
                <dl class="descent-step-card__grid">
                  <div>
                    <dt>{t('descent.reveal.from')}</dt>
                    <dd>
                      {paramEntries(view.task, step.params).map(({ param, label, value }) => (
                        <span key={param} class="descent-steps__pair">
                          {label} = {showNumber(value)}
                        </span>
                      ))}
                    </dd>
                  </div>
                  <div>
                    <dt>{t('descent.reveal.submitted')}</dt>
                    <dd>
                      {step.submitted ? (
                        <>
                          <span class="descent-steps__typed">
                            <span class="descent-steps__pair">
                              {paramName(view.task, 'w')}′ = {showTyped(step.submitted.w)}
                            </span>
                            {step.submitted.w2 !== undefined && <span class="descent-steps__pair">w₂′ = {showTyped(step.submitted.w2)}</span>}
                            {step.submitted.b !== null && <span class="descent-steps__pair">b′ = {showTyped(step.submitted.b)}</span>}
                          </span>
                          <span class="descent-steps__who">
                            {step.submitted.confirmedBy
                              ? t('descent.proposedConfirmed', { proposer: nameOf(step.submitted.proposedBy) ?? '', confirmer: nameOf(step.submitted.confirmedBy) ?? '' })
                              : t('descent.proposedCaptain', { proposer: nameOf(step.submitted.proposedBy) ?? '' })}
                          </span>
                        </>
                      ) : (
                        <span class="muted" data-testid="descent-nothing">
                          {step.waiting
                            ? `${t('descent.reveal.waiting', { proposer: nameOf(step.waiting.latest.proposedBy) ?? '', values: showProposal(step.waiting.latest) })}${step.waiting.count > 1 ? ` ${t('descent.reveal.waitingCount', { count: step.waiting.count })}` : ''}`
                            : t('descent.reveal.nothing')}
                        </span>
                      )}
                    </dd>
                  </div>
                  <div>
                    <dt>{t('descent.reveal.right')}</dt>
                    <dd>
                      {paramEntries(view.task, right.next, { prime: true }).map(({ param, label, value }) => (
                        <span key={param} class="descent-steps__pair">
                          {label} = {showNumber(value)}
                        </span>
                      ))}
                      <span class="descent-steps__grad">
                        {paramEntries(view.task, right.gradient)
                          .map(({ label, value }) => `dL/d${label} = ${showNumber(value)}`)
                          .join(', ')}
                      </span>
                    </dd>
                  </div>
                </dl>
                <StepVerdicts step={step} task={view.task} />
              </li>
            );
          })}
        </ul>
      </section>
      </div>
      <DescentCharts view={view} room={room} current={phase.index + 1} stacked />
      </div>
    </div>
  );
}
