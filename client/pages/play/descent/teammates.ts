/**
 * Names of the team's members as this phone has met them. A graded step names its proposer
 * and confirmer by id only, and a phone has no roster: the names come from the team's member
 * list in the view and from the proposals seen (kept per room store, so that a member who has
 * left since is still named; a new room starts empty).
 */
import type { DescentView, PlayerSnapshot } from '../../../../shared/protocol/index.ts';
import type { RoomStore } from '../../../room/room-connection.ts';

const seen = new WeakMap<RoomStore, Map<string, string>>();

export function rememberNames(store: RoomStore, view: DescentView): void {
  let names = seen.get(store);
  if (!names) seen.set(store, (names = new Map()));
  for (const team of view.teams) {
    for (const m of team.members ?? []) names.set(m.playerId, m.name);
    for (const p of team.proposals ?? []) if (p.name !== null) names.set(p.playerId, p.name);
  }
}

/** The name to show for a player id: "you", a name seen in a proposal, or `null` when unknown. */
export function nameOf(store: RoomStore, snapshot: PlayerSnapshot, playerId: string | null): string | null {
  if (playerId === null) return null;
  if (playerId === snapshot.me.playerId) return snapshot.me.name;
  return seen.get(store)?.get(playerId) ?? null;
}
