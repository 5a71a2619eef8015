/**
 * Relay rooms on a phone: the open round and its reveal; the lobby, standings and podium are
 * the common screens. Each of the two is its own chunk, the other one fetched while this one
 * is on, so neither adds to what a phone downloads before it can play.
 */
import { useEffect } from 'preact/hooks';
import type { PlayerSnapshot } from '../../../../shared/protocol/index.ts';
import { lazyModule } from '../../../lazy-module.ts';
import type { RoomStore } from '../../../room/room-connection.ts';
import { LazyScreen } from '../lazy-screen.tsx';
import './relay-play.css';

const screens = {
  question: lazyModule(() => import('./relay-question.tsx')),
  reveal: lazyModule(() => import('./relay-reveal.tsx')),
};

/** Which phases this mode draws itself; the others use the common screens. */
export function handles(snapshot: PlayerSnapshot): boolean {
  const phase = snapshot.phase;
  return (phase.phase === 'question' || phase.phase === 'reveal') && phase.relay !== null;
}

export function ModeScreen({ store, snapshot }: { store: RoomStore; snapshot: PlayerSnapshot }) {
  const phase = snapshot.phase;
  // The other screen while this one is on (a failed fetch is retried at the next phase change).
  useEffect(() => void screens[phase.phase === 'question' ? 'reveal' : 'question'].load().catch(() => undefined), [phase.phase]);
  if (phase.phase === 'question') {
    return (
      <LazyScreen
        key="question"
        module={screens.question}
        retryKey={phase.questionId}
        render={(m) => <m.RelayPlayerQuestion key={phase.questionId} store={store} snapshot={snapshot} view={phase} />}
      />
    );
  }
  if (phase.phase === 'reveal') {
    return <LazyScreen key="reveal" module={screens.reveal} retryKey={phase.questionId} render={(m) => <m.RelayPlayerReveal snapshot={snapshot} view={phase} />} />;
  }
  return null;
}
