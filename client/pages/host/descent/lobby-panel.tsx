import { useId } from 'preact/hooks';
import type { DescentView, HostSnapshot } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { TeamTag } from '../../../components/team-tag/index.tsx';
import { showNumber, teamInfo } from '../../play/descent/descent-format.ts';
import { NeuronFormulas, PointsTable } from '../../play/descent/task-view.tsx';
import { StoryStrip } from '../../play/descent/story-strip.tsx';

/** Before the start, under the join screen: the task, the rules, and each team's learning rate. */
export function DescentLobbyPanel({ snapshot, view }: { snapshot: HostSnapshot; view: DescentView }) {
  const { t } = useI18n();
  const id = useId();
  const { task } = view;
  const given = !task.trainBias ? view.teams.find((team) => team.params)?.params?.b : undefined;
  return (
    <section class="card descent-lobby" aria-labelledby={`${id}-title`} data-testid="descent-lobby">
      <div class="descent-lobby__intro">
        <h2 id={`${id}-title`}>{t('descent.lobby.title', { n: view.iterations })}</h2>
        <StoryStrip active="guess" />
        <NeuronFormulas task={task} />
        <p>
          {task.inputs === 2
            ? task.trainBias
              ? t('descent.lobby.trainsW1W2B')
              : t('descent.lobby.trainsW1W2', { b: given === undefined ? '?' : showNumber(given) })
            : task.trainBias
              ? t('descent.lobby.trainsWB')
              : t('descent.lobby.trainsW', { b: given === undefined ? '?' : showNumber(given) })}{' '}
          {t(view.confirm === 'captain' ? 'descent.rule.captain' : 'descent.rule.second-member')}
        </p>
      </div>
      <PointsTable task={task} forward={null} caption={t('descent.points.caption', { n: task.points.length })} />
      <div class="descent-lobby__lrs">
        <h3>{t('descent.lr.title')}</h3>
        <p class="muted">{typeof view.lrMode === 'number' ? t('descent.lr.fixed', { lr: showNumber(view.lrMode) }) : t('descent.lr.teamChooses', { choices: task.lrChoices.map((lr) => showNumber(lr)).join(' · ') })}</p>
        <ul class="descent-lobby__lr-list">
          {view.teams.map((team) => (
            <li key={team.teamId} data-testid={`descent-lr-${team.teamId}`}>
              <TeamTag team={teamInfo(snapshot.room.teams, team.teamId)} />
              <strong class="descent-lobby__lr">η = {showNumber(team.lr)}</strong>
              {team.lr === Math.max(...task.lrChoices) && <span class="descent-tag descent-tag--warn">{t('descent.lr.large')}</span>}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
