import { useId } from 'preact/hooks';
import type { LeaderboardView, PlayerSnapshot } from '../../../shared/protocol/index.ts';
import { useI18n } from '../../app-context.ts';
import { PlayerStandings, RankChange, TeamStandings, formatPoints } from '../../components/standings/index.tsx';
import { TeamTag } from '../../components/team-tag/index.tsx';
import { PlayerBar } from './player-bar.tsx';

function OwnRank({ snapshot, final }: { snapshot: PlayerSnapshot; final: boolean }) {
  const { t, lang } = useI18n();
  const { me, standings, room } = snapshot;
  const total = standings?.totalPlayers ?? snapshot.presence.players;
  const teamStanding = standings?.teams?.find((team) => team.teamId === me.teamId) ?? null;
  const teamInfo = room.teams?.find((team) => team.id === me.teamId) ?? null;
  return (
    <section class="card own-rank" data-testid="own-rank">
      <p class="own-rank__label">{final ? t('play.final.yourRank') : t('play.standing.yourRank')}</p>
      {me.rank !== null ? (
        <p class="own-rank__value">
          <span class="own-rank__number">{t('play.rank', { rank: me.rank })}</span>
          <span class="own-rank__of">{t('play.rankOf', { total })}</span>
          {!final && <RankChange rank={me.rank} previousRank={me.previousRank} />}
        </p>
      ) : (
        <p class="own-rank__value">{t('play.standing.unranked')}</p>
      )}
      <p class="own-rank__score">
        {t('play.score', { points: formatPoints(me.score, lang.value) })} · {t('play.accuracy', { correct: me.correct, asked: me.asked })}
      </p>
      {teamStanding && teamInfo && (
        <p class="own-rank__team">
          <TeamTag team={teamInfo} />{' '}
          {t('play.teamRank', { rank: teamStanding.rank, total: standings?.teams?.length ?? 0, points: formatPoints(teamStanding.score, lang.value) })}
        </p>
      )}
    </section>
  );
}

/** Between questions: where this phone stands, its team, and the top of the class. */
export function PlayerStanding({ snapshot, view }: { snapshot: PlayerSnapshot; view: LeaderboardView }) {
  const { t } = useI18n();
  const id = useId();
  const { standings, room, me } = snapshot;
  return (
    <>
      <PlayerBar snapshot={snapshot} />
      <div class="play-standing">
        <h1>{t('game.afterQuestion', { n: view.index + 1, total: view.total })}</h1>
        <OwnRank snapshot={snapshot} final={false} />
        {standings?.teams && (
          <section class="card" aria-labelledby={`${id}-teams`}>
            <h2 id={`${id}-teams`}>{t('game.teams')}</h2>
            <TeamStandings teams={standings.teams} caption={t('game.teams')} highlight={me.teamId} compact />
          </section>
        )}
        {standings && (
          <section class="card" aria-labelledby={`${id}-top`}>
            <h2 id={`${id}-top`}>{t('game.topPlayers')}</h2>
            <PlayerStandings players={standings.players.slice(0, 5)} teams={room.teams} caption={t('game.topPlayers')} highlight={me.playerId} compact />
          </section>
        )}
        <p class="play-lobby__wait">
          <span class="play-lobby__dots" aria-hidden="true" />
          {view.isLast ? t('play.standing.waitFinal') : t('play.standing.waitNext')}
        </p>
      </div>
    </>
  );
}

/** The end: the final rank, the team's, and the final standings. */
export function PlayerFinal({ snapshot }: { snapshot: PlayerSnapshot }) {
  const { t } = useI18n();
  const id = useId();
  const { standings, room, me } = snapshot;
  return (
    <>
      <PlayerBar snapshot={snapshot} />
      <div class="play-standing play-final">
        <h1>{t('game.finalResults')}</h1>
        <OwnRank snapshot={snapshot} final />
        {standings?.teams && (
          <section class="card" aria-labelledby={`${id}-teams`}>
            <h2 id={`${id}-teams`}>{t('game.teams')}</h2>
            <TeamStandings teams={standings.teams} caption={t('game.teams')} highlight={me.teamId} showChange={false} compact />
          </section>
        )}
        {standings && (
          <section class="card" aria-labelledby={`${id}-top`}>
            <h2 id={`${id}-top`}>{t('game.topPlayers')}</h2>
            <PlayerStandings players={standings.players} teams={room.teams} caption={t('game.topPlayers')} highlight={me.playerId} showChange={false} compact />
          </section>
        )}
        <div class="play-final__next">
          <a class="button button--primary button--wide" href="/practice">
            {t('play.final.practice')}
          </a>
          <a class="button button--wide" href="/">
            {t('notFound.home')}
          </a>
        </div>
      </div>
    </>
  );
}
