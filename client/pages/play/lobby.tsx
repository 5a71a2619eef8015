import { useEffect, useId } from 'preact/hooks';
import type { PlayerSnapshot } from '../../../shared/protocol/index.ts';
import { useI18n } from '../../app-context.ts';
import { ErrorNote } from '../../components/error-note/index.tsx';
import { prefetchMath } from '../../components/math/load-katex.ts';
import { TeamTag } from '../../components/team-tag/index.tsx';
import { chooseTeam, rerollName } from '../../room/player-actions.ts';
import type { RoomStore } from '../../room/room-connection.ts';
import { useRequest } from '../../room/use-request.ts';
import { PlayerBar } from './player-bar.tsx';

/** Joined, waiting for the teacher to start: who you are, your team (or the choice of one). */
export function PlayerLobby({ store, snapshot }: { store: RoomStore; snapshot: PlayerSnapshot }) {
  const { t } = useI18n();
  const id = useId();
  const { me, room, presence } = snapshot;
  const teams = room.teams;
  const contest = room.contest;
  const team = teams?.find((candidate) => candidate.id === me.teamId) ?? null;
  const choose = useRequest();
  const reroll = useRequest();
  const generated = room.nicknames === 'generated';
  const selfChosen = teams !== null && room.teamAssignment === 'self';
  useEffect(prefetchMath, []);

  return (
    <>
      <PlayerBar snapshot={snapshot} />
      <section class="card play-lobby" aria-labelledby={`${id}-title`}>
        <h1 id={`${id}-title`}>{t('play.lobby.title')}</h1>
        <p class="play-lobby__you">
          {t(generated ? 'play.lobby.youAreGenerated' : 'play.lobby.youAre')}{' '}
          <strong class="play-lobby__name" data-testid="player-name">
            <bdi>{me.name}</bdi>
          </strong>
        </p>
        {generated && me.nameRerolls > 0 && (
          <div class="play-lobby__reroll">
            <button type="button" class="button" disabled={reroll.pending} aria-describedby={`${id}-reroll`} onClick={() => void reroll.run(() => rerollName(store))}>
              {t('play.lobby.reroll')}
            </button>
            <span class="field__hint" id={`${id}-reroll`}>
              {t('play.lobby.rerollHint')}
            </span>
          </div>
        )}
        <ErrorNote error={reroll.error} />
        {teams &&
          (team ? (
            <p class="play-lobby__team">
              {t('play.lobby.yourTeam')} <TeamTag team={team} size="large" />
            </p>
          ) : (
            !selfChosen && <p class="play-lobby__team muted">{t('play.lobby.teamLater')}</p>
          ))}

        {selfChosen && (
          <fieldset class="play-lobby__choose">
            <legend>{team ? t('play.lobby.changeTeam') : t('play.lobby.chooseTeam')}</legend>
            <div class="play-lobby__teams">
              {teams.map((candidate) => {
                const members = presence.teams?.find((p) => p.teamId === candidate.id)?.members ?? 0;
                return (
                  <button
                    key={candidate.id}
                    type="button"
                    class="button play-lobby__team-button"
                    aria-pressed={candidate.id === me.teamId}
                    disabled={choose.pending}
                    onClick={() => void choose.run(() => chooseTeam(store, candidate.id))}
                  >
                    <TeamTag team={candidate} />
                    <span class="play-lobby__members">{t(members === 1 ? 'play.lobby.membersOne' : 'play.lobby.members', { n: members })}</span>
                  </button>
                );
              })}
            </div>
          </fieldset>
        )}
        <ErrorNote error={choose.error} />

        <p class="play-lobby__wait">
          <span class="play-lobby__dots" aria-hidden="true" />
          {t('play.lobby.wait')}
        </p>
        {contest && (
          <p class="play-lobby__set" data-testid="player-contest">
            {t('game.contest.playing', { title: contest.title, label: contest.label })}
          </p>
        )}
        {snapshot.room.set && !contest && <p class="play-lobby__set">{t('game.set.playing', { title: snapshot.room.set.title })}</p>}
        <p class="muted">{t(presence.players === 1 ? 'play.lobby.playersOne' : 'play.lobby.players', { n: presence.players })}</p>
      </section>
    </>
  );
}
