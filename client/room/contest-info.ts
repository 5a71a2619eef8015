/**
 * A contest room's contest as the room's screens read it (`RoomInfo.contest`, absent in every other
 * room). Kept apart from the contest pages so a phone's screens need none of their code.
 */
import type { RoomContestInfo, RoomInfo } from '../../shared/protocol/index.ts';

export function roomContest(room: RoomInfo): RoomContestInfo | null {
  return room.contest ?? null;
}

/** A lockstep contest room: the organizer starts it and moves it on, not the room's host. */
export function organizerRuns(room: RoomInfo): boolean {
  return room.contest?.pacing === 'lockstep';
}
