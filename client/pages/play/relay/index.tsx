/**
 * Relay rooms on a phone: the open round and its reveal; the lobby, standings and podium are
 * the common screens. Each of the two is its own chunk, the other one fetched while this one
 * is on, so neither adds to what a phone downloads before it can play.
 */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { PlayerSnapshot } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { type LazyModule, lazyModule, useLazyModule } from '../../../lazy-module.ts';
import type { RoomStore } from '../../../room/room-store.ts';
import './relay-play.css';

const screens = {
  question: lazyModule(() => import('./relay-question.tsx')),
  reveal: lazyModule(() => import('./relay-reveal.tsx')),
};

/** Which phases this mode draws itself; the others use the common screens. */
export function playerHandles(snapshot: PlayerSnapshot): boolean {
  const phase = snapshot.phase;
  return (phase.phase === 'question' || phase.phase === 'reveal') && phase.relay !== null;
}

function Screen<M>({ module, render, retryKey }: { module: LazyModule<M>; render: (loaded: M) => ComponentChildren; retryKey: unknown }) {
  const { t } = useI18n();
  const loaded = useLazyModule(module, retryKey);
  if (!loaded) {
    return (
      <p class="play-connecting" role="status">
        {t('app.loading')}
      </p>
    );
  }
  return <>{render(loaded)}</>;
}

export function PlayerModeScreen({ store, snapshot }: { store: RoomStore; snapshot: PlayerSnapshot }) {
  const phase = snapshot.phase;
  // The other screen while this one is on (a failed fetch is retried at the next phase change).
  useEffect(() => void screens[phase.phase === 'question' ? 'reveal' : 'question'].load().catch(() => undefined), [phase.phase]);
  if (phase.phase === 'question') {
    return (
      <Screen
        key="question"
        module={screens.question}
        retryKey={phase.questionId}
        render={(m) => <m.RelayPlayerQuestion key={phase.questionId} store={store} snapshot={snapshot} view={phase} />}
      />
    );
  }
  if (phase.phase === 'reveal') {
    return <Screen key="reveal" module={screens.reveal} retryKey={phase.questionId} render={(m) => <m.RelayPlayerReveal snapshot={snapshot} view={phase} />} />;
  }
  return null;
}
