import { useId } from 'preact/hooks';
import type { DescentView, PlayerSnapshot } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { ErrorNote } from '../../../components/error-note/index.tsx';
import type { RoomStore } from '../../../room/room-connection.ts';
import { useRequest } from '../../../room/use-request.ts';
import { chooseLearningRate } from './descent-actions.ts';
import { ownTeam, showNumber } from './descent-format.ts';
import { StoryStrip } from './story-strip.tsx';

/**
 * Before the start: the race's rules, the data, and the team's learning rate — chosen here
 * when the teacher lets teams choose (by the captain under the captain rule), shown otherwise.
 */
export function DescentPhoneLobby({ store, snapshot, view }: { store: RoomStore; snapshot: PlayerSnapshot; view: DescentView }) {
  const { t } = useI18n();
  const id = useId();
  const choose = useRequest();
  const { me } = snapshot;
  const team = ownTeam(view, me.teamId);
  const { task } = view;
  const teamChooses = view.lrMode === 'team';
  const mayChoose = teamChooses && team !== null && (view.confirm !== 'captain' || team.captainId === me.playerId);
  const largest = Math.max(...task.lrChoices);

  return (
    <section class="card descent-play-lobby" aria-labelledby={`${id}-title`} data-testid="descent-lobby">
      <h2 id={`${id}-title`}>{t('descent.lobby.title', { n: view.iterations })}</h2>
      <StoryStrip active="guess" />
      <p>{t('descent.lobby.phoneIntro')}</p>

      <fieldset class="descent-lr" aria-describedby={team === null ? undefined : `${id}-lr-hint`}>
        <legend>{t('descent.lr.title')}</legend>
        {team === null ? (
          <p class="muted">{t('descent.lr.noTeam')}</p>
        ) : teamChooses ? (
          <>
            <div class="descent-lr__choices">
              {task.lrChoices.map((lr) => (
                <button
                  key={lr}
                  type="button"
                  class="button descent-lr__choice"
                  aria-pressed={team.lr === lr}
                  disabled={!mayChoose || choose.pending}
                  onClick={() => void choose.run(() => chooseLearningRate(store, lr))}
                >
                  η = {showNumber(lr)}
                  {lr === largest && <span class="descent-lr__note">{t('descent.lr.large')}</span>}
                </button>
              ))}
            </div>
            <p class="field__hint" id={`${id}-lr-hint`}>
              {mayChoose
                ? t('descent.lr.chooseHint')
                : t('descent.lr.captainNamed', { name: team?.members?.find((m) => m.playerId === team.captainId)?.name ?? '—' })}
            </p>
          </>
        ) : (
          <p id={`${id}-lr-hint`}>{t('descent.lr.fixed', { lr: showNumber(team.lr) })}</p>
        )}
      </fieldset>
      <ErrorNote error={choose.error} />
      <p class="muted">{t(view.confirm === 'captain' ? 'descent.rule.captain' : 'descent.rule.second-member')}</p>
    </section>
  );
}
