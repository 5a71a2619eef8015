import type { DescentView, RoomInfo, StandingsView } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { formatPoints } from '../../../components/standings/index.tsx';
import { TeamTag } from '../../../components/team-tag/index.tsx';
import { showNumber, teamInfo } from '../../play/descent/descent-format.ts';

/** Lowest final loss first, ties broken by correct steps; with the team points when known. */
export function RankingTable({ view, room, standings }: { view: DescentView; room: RoomInfo; standings: StandingsView | null }) {
  const { t, lang } = useI18n();
  return (
    <table class="host-table descent-ranking" data-testid="descent-ranking">
      <caption class="visually-hidden">{t('descent.ranking.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('standings.rank')}</th>
          <th scope="col">{t('standings.team')}</th>
          <th scope="col">{t('descent.ranking.loss')}</th>
          <th scope="col">{t('descent.ranking.correct')}</th>
          {standings?.teams && <th scope="col">{t('standings.teamPoints')}</th>}
        </tr>
      </thead>
      <tbody>
        {(view.ranking ?? []).map((entry) => {
          const points = standings?.teams?.find((team) => team.teamId === entry.teamId)?.score;
          return (
            <tr key={entry.teamId} class={entry.rank === 1 ? 'descent-ranking__winner' : undefined}>
              <td class="descent-ranking__rank">{entry.rank}</td>
              <th scope="row">
                <TeamTag team={teamInfo(room.teams, entry.teamId)} size={entry.rank === 1 ? 'large' : 'normal'} />
              </th>
              <td class="descent-ranking__loss">{showNumber(entry.loss)}</td>
              <td>{t('descent.ranking.steps', { n: entry.correctSteps, total: view.iterations })}</td>
              {standings?.teams && <td>{points === undefined ? '' : formatPoints(points, lang.value)}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
