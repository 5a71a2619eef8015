/**
 * Descent rooms on a phone: the lobby (the team's learning rate), every iteration (the team's
 * values, loss and forward values, the step form, the team's proposals to confirm, its curve)
 * and its reveal (the step, its verdict, what it did to the loss; after the last one, the
 * ranking by loss). The leaderboard, the final screen and a closed room use the common screens.
 *
 * Each screen is its own chunk, fetched when needed and the next ones right after, as the
 * common phone screens are: the lobby is usable with the page's own download plus its own few
 * kB, and the game's screens arrive while the team waits.
 */
import { useEffect } from 'preact/hooks';
import type { PlayerSnapshot } from '../../../../shared/protocol/index.ts';
import { lazyModule } from '../../../lazy-module.ts';
import type { RoomStore } from '../../../room/room-connection.ts';
import { LazyScreen } from '../lazy-screen.tsx';
import './descent-play.css';

const screens = {
  lobby: lazyModule(() => import('./lobby-screen.tsx')),
  question: lazyModule(() => import('./iteration.tsx')),
  reveal: lazyModule(() => import('./reveal.tsx')),
};
type ScreenPhase = keyof typeof screens;

/** Which phases this mode draws itself; the others use the common screens. */
export function handles(snapshot: PlayerSnapshot): boolean {
  const phase = snapshot.phase;
  switch (phase.phase) {
    case 'lobby':
    case 'question':
    case 'reveal':
      return phase.descent !== undefined;
    default:
      return false;
  }
}

type ScreenProps = { store: RoomStore; snapshot: PlayerSnapshot };

export function ModeScreen({ store, snapshot }: ScreenProps) {
  const phase = snapshot.phase;
  // The later screens while this one is on (a failed fetch is retried at the next phase change).
  useEffect(() => {
    const later: ScreenPhase[] = phase.phase === 'lobby' ? ['question', 'reveal'] : phase.phase === 'question' ? ['reveal'] : ['question'];
    for (const name of later) void screens[name].load().catch(() => undefined);
  }, [phase.phase]);
  switch (phase.phase) {
    case 'lobby':
      // Keyed by phase: each screen holds its own module.
      return <LazyScreen key="lobby" module={screens.lobby} retryKey={snapshot.presence.players} render={(m) => <m.DescentLobbyScreen store={store} snapshot={snapshot} />} />;
    case 'question':
      return phase.descent ? (
        <LazyScreen
          key="question"
          module={screens.question}
          retryKey={phase.questionId}
          render={(m) => <m.DescentPhoneIteration key={phase.questionId} store={store} snapshot={snapshot} phase={phase} view={phase.descent!} />}
        />
      ) : null;
    case 'reveal':
      return phase.descent ? (
        <LazyScreen key="reveal" module={screens.reveal} retryKey={phase.questionId} render={(m) => <m.DescentPhoneReveal store={store} snapshot={snapshot} phase={phase} view={phase.descent!} />} />
      ) : null;
    default:
      return null;
  }
}
