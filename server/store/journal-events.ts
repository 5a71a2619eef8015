/**
 * Journals are read by this version whatever version wrote them. The room events once had
 * names of their own (`submit`, `end-question`, …); since they take the wire's names, a
 * logged event with an old name is renamed on the way in (its payload has not changed).
 * Both stores (SQLite, Redis) read their logs through upgradeEvent.
 */
import type { RoomEvent } from '../room/room-state.ts';

/** Events journals written before the room events took the wire's names, by their old name. */
const OLD_EVENT_NAMES: Record<string, RoomEvent['type']> = {
  leave: 'room:leave',
  kick: 'room:kick',
  lock: 'room:lock',
  close: 'room:close',
  'assign-team': 'team:assign',
  'choose-team': 'team:choose',
  start: 'game:start',
  pause: 'game:pause',
  resume: 'game:resume',
  next: 'game:next',
  'end-game': 'game:end',
  'end-question': 'question:end',
  'skip-question': 'question:skip',
  submit: 'answer:submit',
  'relay-submit': 'relay:submit',
  'descent-propose': 'descent:propose',
  'descent-confirm': 'descent:confirm',
  'descent-lr': 'descent:lr',
};

/** A logged event as this version reads it. */
export function upgradeEvent(event: RoomEvent): RoomEvent {
  const renamed = OLD_EVENT_NAMES[event.type];
  return renamed ? ({ ...event, type: renamed } as RoomEvent) : event;
}
