/** The phone's lobby in a descent room: the common lobby, then the race's rules and the team's η. */
import type { PlayerSnapshot } from '../../../../shared/protocol/index.ts';
import type { RoomStore } from '../../../room/room-connection.ts';
import { PlayerLobby } from '../lobby.tsx';
import { DescentPhoneLobby } from './lobby.tsx';

export function DescentLobbyScreen({ store, snapshot }: { store: RoomStore; snapshot: PlayerSnapshot }) {
  const phase = snapshot.phase;
  return (
    <>
      <PlayerLobby store={store} snapshot={snapshot} />
      {phase.phase === 'lobby' && phase.descent && <DescentPhoneLobby store={store} snapshot={snapshot} view={phase.descent} />}
    </>
  );
}
