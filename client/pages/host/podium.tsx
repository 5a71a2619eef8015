import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import type { HostSnapshot, StandingEntry, TeamInfo, TeamStanding } from '../../../shared/protocol/index.ts';
import { useI18n } from '../../app-context.ts';
import { ErrorNote } from '../../components/error-note/index.tsx';
import { PlayerStandings, TeamStandings, formatPoints } from '../../components/standings/index.tsx';
import { TeamTag } from '../../components/team-tag/index.tsx';
import { closeRoom, playAgain } from '../../room/host-actions.ts';
import { roomContest } from '../../room/contest-info.ts';
import type { RoomStore } from '../../room/room-connection.ts';
import { useRequest } from '../../room/use-request.ts';
import { ReportDownloads } from './reports.tsx';

interface Entry {
  key: string;
  rank: number;
  name: ComponentChildren;
  score: number;
}

/**
 * Three steps, the best in the middle and highest; ties share a step (ranks 1, 1, 3 give two
 * names on the first step and one on the third). In reading order, best first.
 */
function Podium({ entries, label }: { entries: Entry[]; label: string }) {
  const { t, lang } = useI18n();
  const ranks = [...new Set(entries.map((e) => e.rank))].filter((rank) => rank <= 3).sort((a, b) => a - b);
  return (
    <ol class="podium" aria-label={label}>
      {ranks.map((rank, i) => (
        <li key={rank} class={`podium__step podium__step--${i + 1}`}>
          {entries
            .filter((e) => e.rank === rank)
            .map((e) => (
              <span key={e.key} class="podium__entry">
                <span class="podium__name">{e.name}</span>
                <span class="podium__score">{t('standings.pointsValue', { points: formatPoints(e.score, lang.value) })}</span>
              </span>
            ))}
          <span class="podium__block">
            <span class="podium__rank">{t('play.rank', { rank })}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}

function playerEntries(players: readonly StandingEntry[]): Entry[] {
  return players.map((p) => ({ key: p.playerId, rank: p.rank, name: <bdi>{p.name}</bdi>, score: p.score }));
}

function teamEntries(teams: readonly TeamStanding[], info: readonly TeamInfo[]): Entry[] {
  return teams.map((team) => {
    const found = info.find((candidate) => candidate.id === team.teamId) ?? { id: team.teamId, name: team.name, colour: team.colour };
    return { key: team.teamId, rank: team.rank, name: <TeamTag team={found} />, score: team.score };
  });
}

/** The end on the projector: podiums for players and teams, the final tables, the reports, closing the room. */
export function HostPodium({ store, snapshot }: { store: RoomStore; snapshot: HostSnapshot }) {
  const { t } = useI18n();
  const id = useId();
  const control = useRequest();
  const { standings, room, phase } = snapshot;
  const ended = phase.phase === 'ended';
  return (
    <div class="host-podium">
      <div class="host-reveal__head">
        <h1 class="host-kicker">{t('game.finalResults')}</h1>
        {/* A room that played again: which of its games these results are. */}
        {room.game > 1 && <p class="muted">{t('host.reports.game', { n: room.game })}</p>}
        {phase.phase === 'podium' && phase.endedEarly && <p class="muted">{t('host.podium.endedEarly')}</p>}
        {ended && <p class="muted">{t('host.podium.closed')}</p>}
        <div class="host-controls host-controls--row">
          {!ended && (
            <button
              type="button"
              class="button"
              disabled={control.pending}
              onClick={() => {
                if (window.confirm(t('host.podium.closeConfirm'))) void control.run(() => closeRoom(store));
              }}
            >
              {t('host.podium.close')}
            </button>
          )}
          {/* A contest room plays its contest once. */}
          {!ended && !roomContest(room) && (
            // The same room again: phones follow to the lobby, nobody joins again.
            <button type="button" class="button button--primary" title={t('host.podium.againHint')} disabled={control.pending} onClick={() => void control.run(() => playAgain(store))}>
              {t('host.podium.again')}
            </button>
          )}
          <a class={`button${ended ? ' button--primary' : ''}`} href="/host">
            {t('host.newGame')}
          </a>
        </div>
      </div>
      <ErrorNote error={control.error} />

      <div class={`host-podium__grid${standings?.teams ? '' : ' host-podium__grid--single'}`}>
        {standings?.teams && room.teams && (
          <section class="card host-podium__section" aria-labelledby={`${id}-teams`}>
            <h2 id={`${id}-teams`}>{t('game.teams')}</h2>
            <Podium entries={teamEntries(standings.teams, room.teams)} label={t('host.podium.teamPodium')} />
            <TeamStandings teams={standings.teams} caption={t('game.teams')} showChange={false} />
          </section>
        )}
        {standings && (
          <section class="card host-podium__section" aria-labelledby={`${id}-players`}>
            <h2 id={`${id}-players`}>{t('game.topPlayers')}</h2>
            <Podium entries={playerEntries(standings.players)} label={t('host.podium.playerPodium')} />
            <PlayerStandings players={standings.players} teams={room.teams} caption={t('game.topPlayers')} showChange={false} />
          </section>
        )}
      </div>
      <ReportDownloads store={store} teams={room.teams !== null} />
    </div>
  );
}
