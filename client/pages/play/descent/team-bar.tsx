import type { PlayerSnapshot } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { formatPoints } from '../../../components/standings/format-points.ts';
import { TeamTag } from '../../../components/team-tag/index.tsx';

/**
 * Who this phone plays as during the race: name, team, the team's η, the score. The common
 * player bar's look, drawn here: importing that bar would split it out of the phone's first
 * download into a chunk of its own, and the phone's budget has no room for the extra request.
 */
export function DescentPlayerBar({ snapshot, lr }: { snapshot: PlayerSnapshot; lr: string | null }) {
  const { t, lang } = useI18n();
  const { me, room } = snapshot;
  const team = room.teams?.find((candidate) => candidate.id === me.teamId) ?? null;
  return (
    <div class="player-bar" data-testid="player-bar">
      <bdi class="player-bar__name">{me.name}</bdi>
      {team && <TeamTag team={team} />}
      {lr && <span class="descent-bar__lr">η = {lr}</span>}
      <span class="player-bar__score" data-testid="player-score">
        {t('play.score', { points: formatPoints(me.score, lang.value) })}
      </span>
    </div>
  );
}
