import { useId } from 'preact/hooks';
import type { DescentView, HostSnapshot } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { ErrorNote } from '../../../components/error-note/index.tsx';
import { MathTex } from '../../../components/math/index.tsx';
import { PlayerStandings } from '../../../components/standings/index.tsx';
import { closeRoom, playAgain } from '../../../room/host-actions.ts';
import type { RoomStore } from '../../../room/room-connection.ts';
import { useRequest } from '../../../room/use-request.ts';
import { formatNumber } from '../../../../shared/engine/format-number.ts';
import { ReportDownloads } from '../reports.tsx';
import { DescentCharts } from './descent-charts.tsx';
import { RankingTable } from './ranking-table.tsx';

/** The end of the race: the ranking by final loss, the hidden neuron revealed, the whole curves, the top players, the reports; closing the room or playing again in it. */
export function DescentHostPodium({ store, snapshot, view }: { store: RoomStore; snapshot: HostSnapshot; view: DescentView }) {
  const { t } = useI18n();
  const id = useId();
  const control = useRequest();
  const { standings, room, phase } = snapshot;
  const hidden = view.hidden;
  const played = Math.max(0, ...view.teams.map((team) => team.curve.length - 1));
  return (
    <div class="host-podium descent-host">
      <div class="host-reveal__head">
        <h1 class="host-kicker">{t('game.finalResults')}</h1>
        {phase.phase === 'podium' && phase.endedEarly && <p class="muted">{t('descent.podium.endedEarly')}</p>}
        <div class="host-controls host-controls--row">
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
          {/* The same room again, as on the common podium: the phones follow to the lobby, nobody joins again. */}
          <button type="button" class="button button--primary" title={t('host.podium.againHint')} disabled={control.pending} onClick={() => void control.run(() => playAgain(store))}>
            {t('host.podium.again')}
          </button>
          <a class="button" href="/host">
            {t('host.newGame')}
          </a>
        </div>
      </div>
      <ErrorNote error={control.error} />

      <div class="descent-podium__top">
        <section class="card descent-podium__ranking" aria-labelledby={`${id}-ranking`}>
          <h2 id={`${id}-ranking`}>{t('descent.ranking.title')}</h2>
          {view.ranking && view.ranking.length > 0 ? <RankingTable view={view} room={room} standings={standings} /> : <p class="muted">{t('descent.ranking.none')}</p>}
        </section>
        {hidden && (
          <section class="card descent-podium__hidden" aria-labelledby={`${id}-hidden`} data-testid="descent-hidden">
            <h2 id={`${id}-hidden`}>{t('descent.hidden.title')}</h2>
            <p class="descent-podium__hidden-values">
              {hidden.w2 === undefined ? (
                <MathTex tex={`w^* = ${formatNumber(hidden.w, 6)}`} />
              ) : (
                <>
                  <MathTex tex={`w_1^* = ${formatNumber(hidden.w, 6)}`} />
                  <MathTex tex={`w_2^* = ${formatNumber(hidden.w2, 6)}`} />
                </>
              )}
              <MathTex tex={`b^* = ${formatNumber(hidden.b, 6)}`} />
            </p>
            <p>{t(hidden.w2 === undefined ? 'descent.hidden.body' : 'descent.hidden.bodyTwo')}</p>
          </section>
        )}
      </div>

      <DescentCharts view={view} room={room} current={played} hidden={hidden} />

      {standings && (
        <section class="card" aria-labelledby={`${id}-players`}>
          <h2 id={`${id}-players`}>{t('game.topPlayers')}</h2>
          <PlayerStandings players={standings.players} teams={room.teams} caption={t('game.topPlayers')} showChange={false} />
        </section>
      )}
      <ReportDownloads store={store} teams={room.teams !== null} />
    </div>
  );
}
