/** Descent rooms on the projector: the screens that differ from a quiz. */
import type { HostSnapshot } from '../../../../shared/protocol.ts';
import type { RoomStore } from '../../../room/room-store.ts';

/** Which phases this mode draws itself; the others use the common screens. */
export function hostHandles(_snapshot: HostSnapshot): boolean {
  return false;
}

export function HostModeScreen(_props: { store: RoomStore; snapshot: HostSnapshot }) {
  return null;
}
