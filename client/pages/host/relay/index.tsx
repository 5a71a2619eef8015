/** Relay rooms on the projector: the open round and its reveal; lobby, leaderboard and podium are the common screens. */
import type { HostSnapshot } from '../../../../shared/protocol/index.ts';
import type { RoomStore } from '../../../room/room-connection.ts';
import { RelayHostQuestion } from './relay-question.tsx';
import { RelayHostReveal } from './relay-reveal.tsx';
import './relay-host.css';

/** Which phases this mode draws itself; the others use the common screens. */
export function handles(snapshot: HostSnapshot): boolean {
  const phase = snapshot.phase;
  return (phase.phase === 'question' || phase.phase === 'reveal') && phase.relay !== null;
}

export function ModeScreen({ store, snapshot }: { store: RoomStore; snapshot: HostSnapshot }) {
  const phase = snapshot.phase;
  if (phase.phase === 'question') return <RelayHostQuestion key={phase.questionId} store={store} snapshot={snapshot} view={phase} />;
  if (phase.phase === 'reveal') return <RelayHostReveal store={store} snapshot={snapshot} view={phase} />;
  return null;
}
