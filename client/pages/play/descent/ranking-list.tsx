import type { DescentView, RoomInfo } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { TeamTag } from '../../../components/team-tag/index.tsx';
import { showNumber, teamInfo } from './descent-format.ts';

/** The race's ranking on a phone: lowest final loss first, the own team marked. */
export function RankingList({ view, room, highlight }: { view: DescentView; room: RoomInfo; highlight: string | null }) {
  const { t } = useI18n();
  return (
    <ol class="descent-ranking-list" data-testid="descent-ranking">
      {(view.ranking ?? []).map((entry) => (
        <li key={entry.teamId} class={entry.teamId === highlight ? 'descent-ranking-list__own' : undefined}>
          <span class="descent-ranking-list__rank">{t('play.rank', { rank: entry.rank })}</span>
          <TeamTag team={teamInfo(room.teams, entry.teamId)} />
          {entry.teamId === highlight && <span class="muted">{t('descent.ranking.yours')}</span>}
          <span class="descent-ranking-list__values">
            L = {showNumber(entry.loss)} · {t('descent.ranking.steps', { n: entry.correctSteps, total: view.iterations })}
          </span>
        </li>
      ))}
    </ol>
  );
}
