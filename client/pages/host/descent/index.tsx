/**
 * Descent rooms on the projector: the lobby (with each team's η), every iteration (loss curves,
 * the landscape with the teams' markers, who has proposed and confirmed), its reveal (each
 * team's step and verdict) and the podium (ranking by final loss, the hidden w*, b*). The
 * leaderboard and a closed room use the common screens.
 */
import type { HostSnapshot } from '../../../../shared/protocol/index.ts';
import type { RoomStore } from '../../../room/room-connection.ts';
import { HostLobby } from '../lobby.tsx';
import { DescentLobbyPanel } from './lobby-panel.tsx';
import { DescentHostIteration } from './iteration.tsx';
import { DescentHostPodium } from './podium.tsx';
import { DescentHostReveal } from './reveal.tsx';
import './descent-host.css';

/** Which phases this mode draws itself; the others use the common screens. */
export function handles(snapshot: HostSnapshot): boolean {
  const phase = snapshot.phase;
  switch (phase.phase) {
    case 'lobby':
    case 'question':
    case 'reveal':
    case 'podium':
      return phase.descent !== undefined;
    default:
      return false;
  }
}

export function ModeScreen({ store, snapshot }: { store: RoomStore; snapshot: HostSnapshot }) {
  const phase = snapshot.phase;
  switch (phase.phase) {
    case 'lobby':
      return (
        <>
          <HostLobby store={store} snapshot={snapshot} />
          {phase.descent && <DescentLobbyPanel snapshot={snapshot} view={phase.descent} />}
        </>
      );
    case 'question':
      return phase.descent ? <DescentHostIteration key={phase.questionId} store={store} snapshot={snapshot} phase={phase} view={phase.descent} /> : null;
    case 'reveal':
      return phase.descent ? <DescentHostReveal store={store} snapshot={snapshot} phase={phase} view={phase.descent} /> : null;
    case 'podium':
      return phase.descent ? <DescentHostPodium store={store} snapshot={snapshot} view={phase.descent} /> : null;
    default:
      return null;
  }
}
