/** Relay rooms on a phone: the screens that differ from a quiz. */
import type { PlayerSnapshot } from '../../../../shared/protocol.ts';
import type { RoomStore } from '../../../room/room-store.ts';

/** Which phases this mode draws itself; the others use the common screens. */
export function playerHandles(_snapshot: PlayerSnapshot): boolean {
  return false;
}

export function PlayerModeScreen(_props: { store: RoomStore; snapshot: PlayerSnapshot }) {
  return null;
}
