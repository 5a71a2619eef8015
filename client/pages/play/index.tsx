import type { ComponentChildren } from 'preact';
import type { PlayerSnapshot } from '../../../shared/protocol/index.ts';
import { useEffect, useMemo } from 'preact/hooks';
import { useI18n } from '../../app-context.ts';
import { ConnectionBanner } from '../../components/connection-banner/index.tsx';
import { deviceStorage } from '../../device-storage.ts';
import type { MessagePart } from '../../i18n/index.ts';
import { type LazyModule, lazyModule, useLazyModule } from '../../lazy-module.ts';
import { createRoomStore, type RoomStore } from '../../room/room-connection.ts';
import type { PageProps } from '../../routes.tsx';
import { useDocumentTitle } from '../../use-document-title.ts';
import { isJoinCode, normaliseJoinCode } from '../home/join-code.ts';
import type { ModeScreenModule } from '../mode-screens.ts';
import { GameAnnouncer } from './announcer.tsx';
import { JoinForm, storedNickname } from './join.tsx';
import { PlayerLobby } from './lobby.tsx';
import { playerModeScreens } from './mode-screens.ts';
import { PlayerQuestion } from './question.tsx';
import './play.css';

// The home page asks a room whether it gives names through this page's module: the one it opens next.
export { peekRoomByCode } from '../../room/room-connection.ts';

const laterScreens = lazyModule(() => import('./later-screens.ts'));
/** The mode's own screen for this phase once its code and strings have arrived, else `common`. */
function ModeGate({ mode, screens, store, snapshot, common }: { mode: MessagePart; screens: LazyModule<ModeScreenModule<PlayerSnapshot>>; store: RoomStore; snapshot: PlayerSnapshot; common: ComponentChildren }) {
  const i18n = useI18n();
  const { t } = i18n;
  const loaded = useLazyModule(screens, snapshot.phase.phase);
  // The mode's strings, in the language on screen; a failed fetch is retried at the next phase.
  useEffect(() => void i18n.load([mode]).catch(() => undefined), [mode, snapshot.phase.phase]);
  if (!loaded || !i18n.ready([mode])) {
    return (
      <p class="play-connecting" role="status">
        {t('app.loading')}
      </p>
    );
  }
  return loaded.handles(snapshot) ? <loaded.ModeScreen store={store} snapshot={snapshot} /> : <>{common}</>;
}

function Notice({ title, body, children }: { title: string; body: string; children?: ComponentChildren }) {
  return (
    <section class="card play-notice">
      <h1>{title}</h1>
      <p>{body}</p>
      {children}
    </section>
  );
}

function HomeLink() {
  const { t } = useI18n();
  return (
    <a class="button button--wide" href="/">
      {t('notFound.home')}
    </a>
  );
}

function PlayScreens({ store, nickname }: { store: RoomStore; nickname: string }) {
  const { t } = useI18n();
  const snapshot = store.playerSnapshot.value;
  const loss = store.seatLoss.value;
  // Fetched at once; a failure (offline) is retried at the next screen change.
  const later = useLazyModule(laterScreens, snapshot?.phase.phase ?? 'none');
  const waiting = (
    <p class="play-connecting" role="status">
      {t('app.loading')}
    </p>
  );

  let content;
  if (loss === 'kicked') {
    content = (
      <Notice title={t('play.kicked.title')} body={t('play.kicked.body')}>
        <HomeLink />
      </Notice>
    );
  } else if (loss === 'replaced') {
    content = (
      <Notice title={t('play.replaced.title')} body={t('play.replaced.body')}>
        <button type="button" class="button button--primary button--wide" onClick={store.takeSeatBack}>
          {t('play.replaced.button')}
        </button>
      </Notice>
    );
  } else if (snapshot) {
    const phase = snapshot.phase;
    switch (phase.phase) {
      case 'lobby':
        content = <PlayerLobby store={store} snapshot={snapshot} />;
        break;
      case 'question':
        content = <PlayerQuestion key={phase.questionId} store={store} snapshot={snapshot} view={phase} />;
        break;
      case 'reveal':
        content = later ? <later.PlayerReveal snapshot={snapshot} view={phase} resultPending={store.resultPending.value} /> : waiting;
        break;
      case 'leaderboard':
        content = later ? <later.PlayerStanding snapshot={snapshot} view={phase} /> : waiting;
        break;
      case 'podium':
      case 'ended':
        content = later ? <later.PlayerFinal snapshot={snapshot} /> : waiting;
        break;
    }
    const mode = snapshot.room.mode;
    const screens = playerModeScreens[mode];
    // A mode with screens has strings of the same name (see ModeScreenRegistry).
    if (screens) content = <ModeGate key={mode} mode={mode as MessagePart} screens={screens} store={store} snapshot={snapshot} common={content} />;
  } else if (loss === 'room_closed') {
    content = (
      <Notice title={t('play.closed.title')} body={t('play.closed.body')}>
        <HomeLink />
      </Notice>
    );
  } else if (store.hasSeat.value) {
    content = (
      <p class="play-connecting" role="status">
        {t('play.resuming', { code: store.code })}
      </p>
    );
  } else {
    content = <JoinForm store={store} initialName={nickname} />;
  }

  // Said on the screens after the question it was meant for, until the next question opens.
  const notSent = store.notSent.value;
  const openQuestion = snapshot?.phase.phase === 'question' ? snapshot.phase.questionId : null;
  useEffect(() => {
    if (notSent && openQuestion !== null && openQuestion !== notSent.questionId) store.setNotSent(null);
  }, [notSent, openQuestion]);

  return (
    <div class="play">
      <ConnectionBanner status={store.status.value} outdated={store.outdated.value} onRetry={store.reconnectNow} />
      <GameAnnouncer snapshot={snapshot} />
      {notSent && openQuestion === null && (
        <p class="play-not-sent" role="alert" data-testid="answer-not-sent">
          {t(
            snapshot?.room.mode === 'relay' ? 'play.question.notSentRound' : snapshot?.room.mode === 'descent' ? 'play.question.notSentIteration' : 'play.question.notSent',
            { answer: notSent.answer },
          )}
        </p>
      )}
      {content}
    </div>
  );
}

export default function PlayPage({ params, query }: PageProps) {
  const { t } = useI18n();
  const code = normaliseJoinCode(params.code ?? '');
  const valid = isJoinCode(code);
  useDocumentTitle(t('play.title', { code }));
  const store = useMemo(() => (valid ? createRoomStore({ code, role: 'player', storage: deviceStorage() }) : null), [code, valid]);
  useEffect(() => () => store?.dispose(), [store]);

  if (!store) {
    return (
      <div class="play">
        <Notice title={t('play.badCode.title')} body={t('home.join.codeInvalid', { n: 6 })}>
          <HomeLink />
        </Notice>
      </div>
    );
  }
  return <PlayScreens store={store} nickname={query.get('name') ?? storedNickname()} />;
}
