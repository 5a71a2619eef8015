import { useId } from 'preact/hooks';
import type { HostSnapshot, LeaderboardView } from '../../../shared/protocol/index.ts';
import { useI18n } from '../../app-context.ts';
import { ErrorNote } from '../../components/error-note/index.tsx';
import { PlayerStandings, TeamStandings } from '../../components/standings/index.tsx';
import { nextScreen } from '../../room/host-actions.ts';
import { EndGameButton } from './end-game-button.tsx';
import { organizerRuns } from '../../room/contest-info.ts';
import { OrganizerRunsNote } from './contest-note.tsx';
import type { RoomStore } from '../../room/room-connection.ts';
import { useRequest } from '../../room/use-request.ts';

/** Between questions: the top ten and every team, with how each moved since the last question. */
export function HostLeaderboard({ store, snapshot, view }: { store: RoomStore; snapshot: HostSnapshot; view: LeaderboardView }) {
  const { t } = useI18n();
  const id = useId();
  const control = useRequest();
  const { standings, room } = snapshot;
  return (
    <div class="host-leaderboard">
      <div class="host-reveal__head">
        <h1 class="host-kicker">{t('game.afterQuestion', { n: view.index + 1, total: view.total })}</h1>
        {organizerRuns(room) ? (
          <OrganizerRunsNote what="reveal" />
        ) : (
          <div class="host-controls host-controls--row">
            <button type="button" class="button button--primary host-next" disabled={control.pending} onClick={() => void control.run(() => nextScreen(store, 'leaderboard'))}>
              {view.isLast ? t('host.control.toPodium') : t('host.control.nextQuestion')}
            </button>
            {!view.isLast && (
              <EndGameButton store={store} control={control} />
            )}
          </div>
        )}
      </div>
      <ErrorNote error={control.error} />
      <div class={`host-leaderboard__grid${standings?.teams ? '' : ' host-leaderboard__grid--single'}`}>
        {standings?.teams && (
          <section class="card" aria-labelledby={`${id}-teams`}>
            <h2 id={`${id}-teams`}>{t('game.teams')}</h2>
            <TeamStandings teams={standings.teams} caption={t('game.teams')} size="large" />
          </section>
        )}
        {standings && (
          <section class="card" aria-labelledby={`${id}-players`}>
            <h2 id={`${id}-players`}>{t('game.topPlayers')}</h2>
            <PlayerStandings players={standings.players} teams={room.teams} caption={t('game.topPlayers')} size="large" />
          </section>
        )}
      </div>
    </div>
  );
}
