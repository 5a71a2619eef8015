import { useId } from 'preact/hooks';
import type { HostSnapshot, RosterEntry, TeamInfo } from '../../../shared/protocol/index.ts';
import { useI18n } from '../../app-context.ts';
import { ErrorNote } from '../../components/error-note/index.tsx';
import { QrCode } from '../../components/qr-code/index.tsx';
import { TeamTag, teamDisplayName } from '../../components/team-tag/index.tsx';
import { assignTeam, kickPlayer, startGame } from '../../room/host-actions.ts';
import type { RoomStore } from '../../room/room-connection.ts';
import { useRequest } from '../../room/use-request.ts';
import { useJoinLink } from './join-address.ts';
import { ReportDownloads } from './reports.tsx';
import { SettingsSummary } from './settings-summary.tsx';
import { organizerRuns } from '../../room/contest-info.ts';
import { OrganizerRunsNote } from './contest-note.tsx';

function byName(a: RosterEntry, b: RosterEntry): number {
  return a.name.localeCompare(b.name);
}

/** A player in the lobby; `teams` is given when the teacher places players (host-assigned teams). */
function PlayerChip({ store, player, teams }: { store: RoomStore; player: RosterEntry; teams: TeamInfo[] | null }) {
  const { t, lang } = useI18n();
  const action = useRequest();
  return (
    <li class={`lobby-player${player.connected ? '' : ' lobby-player--away'}`}>
      <bdi class="lobby-player__name">{player.name}</bdi>
      {!player.connected && <span class="lobby-player__away">{t('host.lobby.away')}</span>}
      {teams && (
        <select
          class="lobby-player__team"
          aria-label={t('host.lobby.moveTo', { name: player.name })}
          value={player.teamId ?? ''}
          disabled={action.pending}
          onChange={(event) => {
            const teamId = event.currentTarget.value;
            if (teamId) void action.run(() => assignTeam(store, player.playerId, teamId));
          }}
        >
          {player.teamId === null && <option value="">{t('host.lobby.noTeam')}</option>}
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {teamDisplayName(team, lang.value)}
            </option>
          ))}
        </select>
      )}
      <button
        type="button"
        class="lobby-player__kick"
        aria-label={t('host.lobby.kick', { name: player.name })}
        title={t('host.lobby.kick', { name: player.name })}
        disabled={action.pending}
        onClick={() => {
          if (window.confirm(t('host.lobby.kickConfirm', { name: player.name }))) void action.run(() => kickPlayer(store, player.playerId));
        }}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="m7 7 10 10M17 7 7 17" />
        </svg>
      </button>
      <ErrorNote error={action.error} />
    </li>
  );
}

/** The projector before the game: how to join (link, huge code, QR), who is in, by team. */
export function HostLobby({ store, snapshot }: { store: RoomStore; snapshot: HostSnapshot }) {
  const { t, lang } = useI18n();
  const id = useId();
  const start = useRequest();
  const { room, roster, presence } = snapshot;
  const join = useJoinLink(store);
  const joinLink = join.link;
  const teams = room.teams;
  const lockstep = organizerRuns(room);
  const groups: { team: TeamInfo | null; players: RosterEntry[] }[] = teams
    ? [
        ...teams.map((team) => ({ team, players: roster.filter((p) => p.teamId === team.id).sort(byName) })),
        { team: null, players: roster.filter((p) => p.teamId === null).sort(byName) },
      ].filter((group) => group.team !== null || group.players.length > 0)
    : [{ team: null, players: [...roster].sort(byName) }];

  return (
    <div class="host-lobby">
      <section class="host-lobby__join card" aria-labelledby={`${id}-join`}>
        <h1 id={`${id}-join`} class="host-lobby__heading">
          {t('host.lobby.heading')}
        </h1>
        <p class="host-lobby__link">
          {t('host.lobby.goTo')} <strong data-testid="join-link">{joinLink.replace(/^https?:\/\//, '')}</strong>
        </p>
        {join.choices && (
          <label class="host-lobby__network">
            <span>{t('host.lobby.network')}</span>
            <select class="host-lobby__network-select" value={join.selected ?? ''} onChange={(event) => join.choose(event.currentTarget.value)}>
              {join.choices.map((a) => (
                <option key={a.url} value={a.url}>
                  {a.address} ({a.interface})
                </option>
              ))}
            </select>
          </label>
        )}
        {join.unreachable && (
          <div class="host-lobby__warning" role="alert" data-testid="join-unreachable">
            <strong>{t('host.lobby.unreachable.title')}</strong>
            <p>{t(join.unreachable === 'local-only' ? 'host.lobby.unreachable.localOnly' : 'host.lobby.unreachable')}</p>
          </div>
        )}
        <p class="host-lobby__code-label">{t('host.lobby.code')}</p>
        <p class="host-lobby__code" data-testid="room-code" aria-label={[...room.code].join(' ')}>
          {room.code}
        </p>
        <div class="host-lobby__qr">
          <QrCode value={joinLink} label={t('host.lobby.qr', { link: joinLink })} />
        </div>
        {room.locked && <p class="host-lobby__locked">{t('host.lobby.lockedNote')}</p>}
      </section>

      <section class="host-lobby__players card" aria-labelledby={`${id}-players`}>
        <div class="host-lobby__players-head">
          <h2 id={`${id}-players`}>{t(presence.players === 1 ? 'host.lobby.playersOne' : 'host.lobby.players', { n: presence.players })}</h2>
          {/* A lockstep contest starts in every room at once, from the organizer's page. */}
          {!lockstep && (
            <button
              type="button"
              class="button button--primary host-lobby__start"
              disabled={start.pending || presence.players === 0}
              onClick={() => void start.run(() => startGame(store))}
            >
              {t('host.lobby.start')}
            </button>
          )}
        </div>
        {lockstep && <OrganizerRunsNote what="lobby" />}
        <ErrorNote error={start.error} />
        {presence.players === 0 && <p class="host-lobby__empty">{t('host.lobby.empty')}</p>}
        <p class="visually-hidden" aria-live="polite">
          {t(presence.players === 1 ? 'host.lobby.playersOne' : 'host.lobby.players', { n: presence.players })}
        </p>
        <div class={`host-lobby__groups${teams ? ' host-lobby__groups--teams' : ''}`}>
          {groups.map((group) => (
            <section key={group.team?.id ?? 'none'} class="lobby-group" aria-label={group.team ? teamDisplayName(group.team, lang.value) : t('host.lobby.unassigned')}>
              {teams && (
                <h3 class="lobby-group__title">
                  {group.team ? <TeamTag team={group.team} size="large" /> : t('host.lobby.unassigned')}
                  <span class="lobby-group__count">{group.players.length}</span>
                </h3>
              )}
              <ul class="lobby-group__list">
                {group.players.map((player) => (
                  <PlayerChip key={player.playerId} store={store} player={player} teams={room.teamAssignment === 'host' ? teams : null} />
                ))}
              </ul>
            </section>
          ))}
        </div>
        <SettingsSummary room={room} />
      </section>
      {/* After "Play again" the earlier games stay downloadable while the class joins the next. */}
      {room.pastGames.length > 0 && <ReportDownloads store={store} teams={room.teams !== null} finishedOnly />}
    </div>
  );
}
