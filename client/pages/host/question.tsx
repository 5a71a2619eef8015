import { useId } from 'preact/hooks';
import type { HostSnapshot, QuestionView } from '../../../shared/protocol/index.ts';
import { useI18n } from '../../app-context.ts';
import { Countdown } from '../../components/countdown/index.tsx';
import { ErrorNote } from '../../components/error-note/index.tsx';
import { ProblemView } from '../../components/problem-view/index.tsx';
import { TeamTag } from '../../components/team-tag/index.tsx';
import type { RoomStore } from '../../room/room-connection.ts';
import { useRequest } from '../../room/use-request.ts';
import { QuestionControls } from './question-controls.tsx';
import { organizerRuns } from '../../room/contest-info.ts';
import { OrganizerRunsNote } from './contest-note.tsx';

/** A labelled bar: the number is the message, the bar a second reading of it. */
export function Meter({ value, max, label }: { value: number; max: number; label: string }) {
  const fraction = max > 0 ? Math.min(1, value / max) : 0;
  return (
    <div class="meter">
      <div class="meter__label">{label}</div>
      <div class="meter__track" aria-hidden="true">
        <div class="meter__fill" style={{ width: `${fraction * 100}%` }} />
      </div>
    </div>
  );
}

/** The question on the projector: the problem in large type, the clock, who has answered, and the teacher's controls. */
export function HostQuestion({ store, snapshot, view }: { store: RoomStore; snapshot: HostSnapshot; view: QuestionView }) {
  const { t } = useI18n();
  const id = useId();
  const control = useRequest();
  const { presence, room, roster } = snapshot;
  const answered = presence.answered ?? 0;

  return (
    <div class="host-question">
      <div class="host-question__head">
        <div>
          <h1 class="host-kicker">{t('game.questionOf', { n: view.index + 1, total: view.total })}</h1>
          {view.variants && <p class="muted">{t('host.question.variants')}</p>}
        </div>
        <div class="host-question__clock">
          {/* A set's untimed item in a timed room: no clock at all, the teacher closes it. */}
          {view.held ? (
            // Closed here; the answer waits for every other room of the contest to close it too.
            <p class="host-held" role="status" data-testid="held">
              <strong>{t('host.contest.held')}</strong>
              <span>{t('host.contest.heldHint')}</span>
            </p>
          ) : (
            (view.timeLimitMs !== null || room.timeLimitMs === null) && (
              <Countdown remainingMs={store.remainingMs.value} limitMs={view.timeLimitMs} paused={view.paused} size="large" />
            )
          )}
        </div>
        <div class="host-question__answered" data-testid="answered">
          <p class="host-question__answered-count">
            <span class="host-big-number">{answered}</span>
            <span>/ {presence.players}</span>
          </p>
          <p class="host-question__answered-label">{t('host.question.answered')}</p>
        </div>
      </div>

      <div class="host-question__body">
        <section class="card host-question__problem" aria-labelledby={`${id}-problem`}>
          <h2 class="visually-hidden" id={`${id}-problem`}>
            {t('game.problem')}
          </h2>
          <ProblemView problem={view.problem} points={view.points} />
        </section>

        <aside class="host-question__side" aria-label={t('host.question.controls')}>
          {room.teams && presence.teams && (
            <section class="card host-question__teams" aria-labelledby={`${id}-teams`}>
              <h2 id={`${id}-teams`}>{t('host.question.byTeam')}</h2>
              {room.teams.map((team) => {
                const members = roster.filter((p) => p.teamId === team.id);
                const done = members.filter((p) => p.answered).length;
                // A team nobody is in has nothing to count ("0 of 0 answered").
                if (members.length === 0) return null;
                return (
                  <div key={team.id} class="host-question__team">
                    <TeamTag team={team} />
                    <Meter value={done} max={members.length} label={t('host.question.teamAnswered', { done, members: members.length })} />
                  </div>
                );
              })}
            </section>
          )}

          {organizerRuns(room) ? (
            <OrganizerRunsNote what="question" />
          ) : (
            <QuestionControls store={store} control={control} questionId={view.questionId} paused={view.paused} untimed={view.timeLimitMs === null} last={view.index + 1 >= view.total} />
          )}
          <ErrorNote error={control.error} />
        </aside>
      </div>
    </div>
  );
}
