import type { StandingEntry, TeamInfo, TeamStanding } from '../../../shared/protocol/index.ts';
import { useI18n } from '../../app-context.ts';
import { TeamTag, teamDisplayName } from '../team-tag/index.tsx';
import { formatPoints } from './format-points.ts';
import './standings.css';

// Kept apart so the score line of the answering screen does not pull the whole table in.
export { formatPoints };

/** ↑2 / ↓1 / – / new: an arrow shape and a number, with the words for screen readers. */
export function RankChange({ rank, previousRank }: { rank: number; previousRank: number | null }) {
  const { t } = useI18n();
  if (previousRank === null) {
    return (
      <span class="rank-change rank-change--new">
        <span aria-hidden="true">{t('rank.newShort')}</span>
        <span class="visually-hidden">{t('rank.new')}</span>
      </span>
    );
  }
  const moved = previousRank - rank;
  if (moved === 0) {
    return (
      <span class="rank-change rank-change--same">
        <span aria-hidden="true">–</span>
        <span class="visually-hidden">{t('rank.same')}</span>
      </span>
    );
  }
  const up = moved > 0;
  return (
    <span class={`rank-change rank-change--${up ? 'up' : 'down'}`}>
      <span aria-hidden="true">
        {up ? '↑' : '↓'}
        {Math.abs(moved)}
      </span>
      <span class="visually-hidden">{t(up ? 'rank.up' : 'rank.down', { n: Math.abs(moved) })}</span>
    </span>
  );
}

export interface PlayerStandingsProps {
  players: readonly StandingEntry[];
  teams: readonly TeamInfo[] | null;
  caption: string;
  /** The reader's own row. */
  highlight?: string | null;
  showChange?: boolean;
  size?: 'normal' | 'large';
  /** A phone's width: the team goes next to the name as a swatch (named for screen readers). */
  compact?: boolean;
}

export function PlayerStandings({ players, teams, caption, highlight = null, showChange = true, size = 'normal', compact = false }: PlayerStandingsProps) {
  const { t, lang } = useI18n();
  const teamOf = (id: string | null) => (id ? (teams?.find((team) => team.id === id) ?? null) : null);
  return (
    <table class={`standings standings--${size}${compact ? ' standings--compact' : ''}`}>
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col" class="standings__rank">{t('standings.rank')}</th>
          <th scope="col">{t('standings.player')}</th>
          {teams && !compact && <th scope="col">{t('standings.team')}</th>}
          <th scope="col" class="standings__score">{t('standings.points')}</th>
          {showChange && <th scope="col" class="standings__change">{t('standings.change')}</th>}
        </tr>
      </thead>
      <tbody>
        {players.map((p) => {
          const team = teamOf(p.teamId);
          const own = p.playerId === highlight;
          return (
            <tr key={p.playerId} class={own ? 'standings__row--own' : undefined} aria-current={own ? 'true' : undefined}>
              <td class="standings__rank">{p.rank}</td>
              <th scope="row" class="standings__name">
                {compact && team && (
                  <span class="standings__swatch" style={{ background: team.colour }} aria-hidden="true" />
                )}
                <bdi>{p.name}</bdi>
                {compact && team && <span class="visually-hidden"> ({teamDisplayName(team, lang.value)})</span>}
                {own && <span class="standings__you">{t('standings.you')}</span>}
              </th>
              {teams && !compact && <td>{team && <TeamTag team={team} />}</td>}
              <td class="standings__score">{formatPoints(p.score, lang.value)}</td>
              {showChange && (
                <td class="standings__change">
                  <RankChange rank={p.rank} previousRank={p.previousRank} />
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export interface TeamStandingsProps {
  teams: readonly TeamStanding[];
  caption: string;
  highlight?: string | null;
  showChange?: boolean;
  size?: 'normal' | 'large';
  /** A phone's width: no head-count column. */
  compact?: boolean;
}

export function TeamStandings({ teams, caption, highlight = null, showChange = true, size = 'normal', compact = false }: TeamStandingsProps) {
  const { t, lang } = useI18n();
  return (
    <table class={`standings standings--${size}${compact ? ' standings--compact' : ''}`}>
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col" class="standings__rank">{t('standings.rank')}</th>
          <th scope="col">{t('standings.team')}</th>
          {!compact && <th scope="col" class="standings__members">{t('standings.members')}</th>}
          <th scope="col" class="standings__score">{compact ? t('standings.points') : t('standings.teamPoints')}</th>
          {showChange && <th scope="col" class="standings__change">{t('standings.change')}</th>}
        </tr>
      </thead>
      <tbody>
        {teams.map((team) => {
          const own = team.teamId === highlight;
          return (
            <tr key={team.teamId} class={own ? 'standings__row--own' : undefined} aria-current={own ? 'true' : undefined}>
              <td class="standings__rank">{team.rank}</td>
              <th scope="row" class="standings__name">
                <TeamTag team={{ id: team.teamId, name: team.name, colour: team.colour }} />
                {own && <span class="standings__you">{t('standings.yourTeam')}</span>}
              </th>
              {!compact && <td class="standings__members">{team.members}</td>}
              <td class="standings__score">{formatPoints(team.score, lang.value)}</td>
              {showChange && (
                <td class="standings__change">
                  <RankChange rank={team.rank} previousRank={team.previousRank} />
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
