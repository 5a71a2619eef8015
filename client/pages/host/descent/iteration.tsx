import { useId } from 'preact/hooks';
import type { DescentView, HostSnapshot, QuestionView } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { Countdown } from '../../../components/countdown/index.tsx';
import { ErrorNote } from '../../../components/error-note/index.tsx';
import { TeamTag } from '../../../components/team-tag/index.tsx';
import type { RoomStore } from '../../../room/room-connection.ts';
import { useRequest } from '../../../room/use-request.ts';
import { paramName, showNumber, teamInfo } from '../../play/descent/descent-format.ts';
import { StoryStrip } from '../../play/descent/story-strip.tsx';
import { DescentCharts } from './descent-charts.tsx';
import { QuestionControls } from '../question-controls.tsx';

type TeamStatus = 'submitted' | 'proposed' | 'waiting' | 'empty';

/**
 * An iteration on the projector: the curves and the landscape large, each team's values and
 * whether it has proposed or confirmed (never what: proposals stay on the team's phones), the
 * clock and the teacher's controls.
 */
export function DescentHostIteration({ store, snapshot, phase, view }: { store: RoomStore; snapshot: HostSnapshot; phase: QuestionView; view: DescentView }) {
  const { t } = useI18n();
  const id = useId();
  const control = useRequest();
  const { roster, room } = snapshot;
  const statuses = view.teams.map((team) => {
    const members = roster.filter((p) => p.teamId === team.teamId);
    const proposals = members.reduce((sum, p) => sum + p.stepsAnswered, 0);
    const status: TeamStatus = members.length === 0 ? 'empty' : members.some((p) => p.answered) ? 'submitted' : proposals > 0 ? 'proposed' : 'waiting';
    return { team, members, proposals, status };
  });
  const playing = statuses.filter((s) => s.status !== 'empty');
  const submitted = playing.filter((s) => s.status === 'submitted').length;

  return (
    <div class="host-question descent-host">
      <div class="host-question__head">
        <div>
          <h1 class="host-kicker">{t('descent.iterationOf', { n: phase.index + 1, total: phase.total })}</h1>
          <StoryStrip active="adjust" />
        </div>
        <div class="host-question__clock">
          <Countdown remainingMs={store.remainingMs.value} limitMs={phase.timeLimitMs} paused={phase.paused} size="large" />
        </div>
        <div class="host-question__answered" data-testid="descent-submitted">
          <p class="host-question__answered-count">
            <span class="host-big-number">{submitted}</span>
            <span>/ {playing.length}</span>
          </p>
          <p class="host-question__answered-label">{t('descent.host.teamsSubmitted')}</p>
        </div>
      </div>

      <div class="host-question__body">
        <DescentCharts view={view} room={room} current={phase.index} />

        <aside class="host-question__side" aria-label={t('host.question.controls')}>
          <section class="card descent-status" aria-labelledby={`${id}-teams`}>
            <h2 id={`${id}-teams`}>{t('descent.host.teams')}</h2>
            <ul class="descent-status__list">
              {statuses.map(({ team, proposals, status }) => (
                <li key={team.teamId} class={`descent-status__team descent-status__team--${status}`} data-testid={`descent-status-${team.teamId}`}>
                  <p class="descent-status__head">
                    <TeamTag team={teamInfo(room.teams, team.teamId)} />
                    <span>
                      L = <strong>{showNumber(team.curve[team.curve.length - 1] ?? Number.NaN)}</strong>
                    </span>
                  </p>
                  <p class="descent-status__values">
                    {/* Each "name = value" kept on one line: a narrow column wraps between them, never inside. */}
                    <span class="descent-status__pair">η = {showNumber(team.lr)}</span>
                    {' · '}
                    <span class="descent-status__pair">
                      {paramName(view.task, 'w')} = {team.params ? showNumber(team.params.w) : '—'}
                    </span>
                    {view.task.inputs === 2 && (
                      <>
                        {' · '}
                        <span class="descent-status__pair">w₂ = {team.params?.w2 !== undefined ? showNumber(team.params.w2) : '—'}</span>
                      </>
                    )}
                    {view.task.trainBias && (
                      <>
                        {' · '}
                        <span class="descent-status__pair">b = {team.params ? showNumber(team.params.b) : '—'}</span>
                      </>
                    )}
                  </p>
                  <p class="descent-status__state">
                    <StatusGlyph status={status} />
                    {t(`descent.host.status.${status}`, { n: proposals })}
                  </p>
                </li>
              ))}
            </ul>
          </section>

          <QuestionControls
            store={store}
            control={control}
            questionId={phase.questionId}
            paused={phase.paused}
            untimed={room.timeLimitMs === null}
            last={phase.index + 1 >= phase.total}
            endLabel="descent.host.close"
            skipLabel="descent.host.skip"
          />
          <ErrorNote error={control.error} />
        </aside>
      </div>
    </div>
  );
}

/** A shape per state (tick, three dots, an empty ring, a dash), so the state never rests on colour alone. */
function StatusGlyph({ status }: { status: TeamStatus }) {
  return (
    <svg class="descent-status__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="10.5" stroke-width="1.5" />
      {status === 'submitted' && <path d="m6.8 12.4 3.4 3.4 7-7.4" fill="none" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round" />}
      {status === 'proposed' && (
        <g stroke="none" style={{ fill: 'var(--on-primary)' }}>
          <circle cx="7" cy="12" r="1.8" />
          <circle cx="12" cy="12" r="1.8" />
          <circle cx="17" cy="12" r="1.8" />
        </g>
      )}
      {status === 'empty' && <path d="M7 12h10" stroke-width="2.4" stroke-linecap="round" />}
    </svg>
  );
}
