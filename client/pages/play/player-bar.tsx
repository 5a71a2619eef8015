import type { PlayerSnapshot } from '../../../shared/protocol/index.ts';
import { useI18n } from '../../app-context.ts';
import { formatPoints } from '../../components/standings/format-points.ts';
import { TeamTag } from '../../components/team-tag/index.tsx';

/** Who this phone plays as, in every game screen: name, team and score. */
export function PlayerBar({ snapshot }: { snapshot: PlayerSnapshot }) {
  const { t, lang } = useI18n();
  const { me, room } = snapshot;
  const team = room.teams?.find((candidate) => candidate.id === me.teamId) ?? null;
  return (
    <div class="player-bar" data-testid="player-bar">
      <bdi class="player-bar__name">{me.name}</bdi>
      {team && <TeamTag team={team} />}
      <span class="player-bar__score" data-testid="player-score">
        {t('play.score', { points: formatPoints(me.score, lang.value) })}
      </span>
    </div>
  );
}
