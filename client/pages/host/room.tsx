import { useEffect, useMemo, useState } from 'preact/hooks';
import type { HostSnapshot } from '../../../shared/protocol/index.ts';
import { useI18n } from '../../app-context.ts';
import { ConnectionBanner } from '../../components/connection-banner/index.tsx';
import { ErrorNote } from '../../components/error-note/index.tsx';
import { deviceStorage } from '../../device-storage.ts';
import { lockRoom } from '../../room/host-actions.ts';
import { createRoomStore, type RoomStore } from '../../room/room-connection.ts';
import { useRequest } from '../../room/use-request.ts';
import { type LazyModule, useLazyModule } from '../../lazy-module.ts';
import type { MessagePart } from '../../i18n/index.ts';
import { useDocumentTitle } from '../../use-document-title.ts';
import { normaliseJoinCode } from '../home/join-code.ts';
import type { ModeScreenModule } from '../mode-screens.ts';
import { HostLeaderboard } from './leaderboard.tsx';
import { HostLobby } from './lobby.tsx';
import { hostModeScreens } from './mode-screens.ts';
import { HostPodium } from './podium.tsx';
import { HostQuestion } from './question.tsx';
import { ReportDownloads } from './reports.tsx';
import { useJoinLink } from './join-address.ts';
import { roomTitle } from './room-display.ts';
import { HostReveal } from './reveal.tsx';
import { ContestBadge } from './contest-note.tsx';

function FullscreenButton() {
  const { t } = useI18n();
  const [full, setFull] = useState(() => typeof document !== 'undefined' && document.fullscreenElement !== null);
  useEffect(() => {
    const update = () => setFull(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', update);
    return () => document.removeEventListener('fullscreenchange', update);
  }, []);
  if (typeof document === 'undefined' || !document.fullscreenEnabled) return null;
  return (
    <button
      type="button"
      class="button button--quiet"
      aria-pressed={full}
      onClick={() => void (full ? document.exitFullscreen() : document.documentElement.requestFullscreen()).catch(() => undefined)}
    >
      {t('host.fullscreen')}
    </button>
  );
}

/** Always on the projector: the room, how to join, who is here, and the lock. */
function HostBar({ store, snapshot }: { store: RoomStore; snapshot: HostSnapshot }) {
  const { t } = useI18n();
  const lock = useRequest();
  const { room, presence } = snapshot;
  const joinLink = useJoinLink(store).link;
  const showJoin = snapshot.phase.phase !== 'lobby';
  return (
    <div class="host-bar">
      <p class="host-bar__title">
        <bdi>{roomTitle(room.title, t)}</bdi>
      </p>
      <ContestBadge room={room} />
      {showJoin && (
        <p class="host-bar__join">
          {t('host.bar.join')} <span class="host-bar__link">{joinLink.replace(/^https?:\/\//, '').replace(/[^/]*$/, '')}</span>
          <strong class="host-bar__code">{room.code}</strong>
        </p>
      )}
      <p class="host-bar__players" data-testid="host-presence">
        {t('host.bar.players', { connected: presence.connected, players: presence.players })}
      </p>
      <button
        type="button"
        class="button host-bar__lock"
        aria-pressed={room.locked}
        disabled={lock.pending || snapshot.phase.phase === 'ended'}
        onClick={() => void lock.run(() => lockRoom(store, !room.locked))}
      >
        <svg viewBox="0 0 24 24" class="host-bar__lock-icon" aria-hidden="true" focusable="false">
          <rect x="5" y="11" width="14" height="10" rx="2" />
          <path d={room.locked ? 'M8 11V8a4 4 0 0 1 8 0v3' : 'M8 11V8a4 4 0 0 1 7.7-1.5'} />
        </svg>
        {t('host.bar.lock')}
      </button>
      <FullscreenButton />
      <ErrorNote error={lock.error} />
    </div>
  );
}

function Screen({ store, snapshot }: { store: RoomStore; snapshot: HostSnapshot }) {
  const screens = hostModeScreens[snapshot.room.mode];
  // A mode with screens has strings of the same name (see ModeScreenRegistry).
  return screens ? <ModeScreen mode={snapshot.room.mode as MessagePart} screens={screens} store={store} snapshot={snapshot} /> : <CommonScreen store={store} snapshot={snapshot} />;
}

/** The mode's own screen for this phase once its code and strings have arrived, else the common one. */
function ModeScreen({ mode, screens, store, snapshot }: { mode: MessagePart; screens: LazyModule<ModeScreenModule<HostSnapshot>>; store: RoomStore; snapshot: HostSnapshot }) {
  const i18n = useI18n();
  const { t } = i18n;
  const loaded = useLazyModule(screens, snapshot.phase.phase);
  useEffect(() => void i18n.load([mode]).catch(() => undefined), [mode, snapshot.phase.phase]);
  if (!loaded || !i18n.ready([mode])) {
    return (
      <p class="host-connecting" role="status">
        {t('app.loading')}
      </p>
    );
  }
  return loaded.handles(snapshot) ? <loaded.ModeScreen store={store} snapshot={snapshot} /> : <CommonScreen store={store} snapshot={snapshot} />;
}

function CommonScreen({ store, snapshot }: { store: RoomStore; snapshot: HostSnapshot }) {
  const phase = snapshot.phase;
  switch (phase.phase) {
    case 'lobby':
      return <HostLobby store={store} snapshot={snapshot} />;
    case 'question':
      return <HostQuestion key={phase.questionId} store={store} snapshot={snapshot} view={phase} />;
    case 'reveal':
      return <HostReveal store={store} snapshot={snapshot} view={phase} />;
    case 'leaderboard':
      return <HostLeaderboard store={store} snapshot={snapshot} view={phase} />;
    case 'podium':
    case 'ended':
      return <HostPodium store={store} snapshot={snapshot} />;
  }
}

export function HostRoom({ code: rawCode }: { code: string }) {
  const { t } = useI18n();
  const code = normaliseJoinCode(rawCode);
  useDocumentTitle(t('host.title', { code }));
  const store = useMemo(() => createRoomStore({ code, role: 'host', storage: deviceStorage() }), [code]);
  useEffect(() => () => store.dispose(), [store]);
  const snapshot = store.hostSnapshot.value;
  const loss = store.seatLoss.value;

  let content;
  if (snapshot) {
    content = (
      <>
        <HostBar store={store} snapshot={snapshot} />
        <Screen store={store} snapshot={snapshot} />
      </>
    );
  } else if (loss === 'room_closed' || loss === 'kicked') {
    content = (
      <>
        <section class="card host-notice">
          <h1>{t('host.closed.title')}</h1>
          <p>{t('host.closed.body', { code })}</p>
          <a class="button button--primary" href="/host">
            {t('host.newGame')}
          </a>
        </section>
        {store.hasSeat.value && <ReportDownloads store={store} teams />}
      </>
    );
  } else if (!store.hasSeat.value) {
    content = (
      <section class="card host-notice">
        <h1>{t('host.noSeat.title')}</h1>
        <p>{t('host.noSeat.body', { code })}</p>
        <a class="button button--primary" href="/host">
          {t('host.newGame')}
        </a>
      </section>
    );
  } else {
    content = (
      <p class="host-connecting" role="status">
        {t('host.connecting', { code })}
      </p>
    );
  }

  return (
    <div class="host">
      <ConnectionBanner status={store.status.value} outdated={store.outdated.value} onRetry={store.reconnectNow} />
      {content}
    </div>
  );
}
