/**
 * The organizer's actions as stage changes (docs/contests.md, "Pacing"). Pure: the router stores the
 * result by compare-and-set, and the hub makes every room follow the stage.
 *
 * Lockstep: `start` (lobby → question 0), `close` (an open question's deadline becomes now: every room
 * holds it), `next` (only from a reveal: the next question, or the end after the last). Either pacing:
 * `end`. Own pace has no stages to drive: `start`, `close` and `next` are refused.
 */
import { CONTEST_ERROR_CODES, type ContestControlPayload, type ContestStage } from '../../shared/protocol/contests.ts';
import type { ContestRecord } from './contest-store.ts';

export type ControlOutcome =
  | { ok: true; stage: ContestStage }
  | { ok: false; code: typeof CONTEST_ERROR_CODES.CONTEST_WRONG_STATE | typeof CONTEST_ERROR_CODES.CONTEST_ENDED; message: string };

/** Question `index`'s deadline if it opens now: the item's own limit, else the contest's; `null`: untimed. */
export function deadlineFor(record: ContestRecord, index: number, now: number): number | null {
  const item = record.set.items[index];
  const limitSec = item && item.timeLimitSec !== undefined ? item.timeLimitSec : record.settings.timeLimitSec;
  return limitSec === null ? null : now + Math.round(limitSec * 1000);
}

const wrong = (message: string): ControlOutcome => ({ ok: false, code: CONTEST_ERROR_CODES.CONTEST_WRONG_STATE, message });

export function controlStage(record: ContestRecord, action: ContestControlPayload['action'], now: number): ControlOutcome {
  const stage = record.stage;
  if (stage.stage === 'ended') return { ok: false, code: CONTEST_ERROR_CODES.CONTEST_ENDED, message: 'this contest has ended' };
  if (action === 'end') return { ok: true, stage: { stage: 'ended', endedAt: now } };
  if (record.settings.pacing === 'own-pace') return wrong('every room of this contest runs at its own pace: only `end` is the organizer\'s');
  const items = record.set.items.length;
  switch (action) {
    case 'start':
      if (stage.stage !== 'lobby') return wrong('the contest has started already');
      return { ok: true, stage: { stage: 'question', index: 0, deadline: deadlineFor(record, 0, now) } };
    case 'close':
      if (stage.stage !== 'question') return wrong('no question is open');
      if (stage.deadline !== null && stage.deadline <= now) return { ok: true, stage };
      return { ok: true, stage: { stage: 'question', index: stage.index, deadline: now } };
    case 'next':
      if (stage.stage === 'lobby') return wrong('start the contest first');
      if (stage.stage === 'question') return wrong(`question ${stage.index + 1} is still open in a room; every room must close it first`);
      if (stage.index + 1 >= items) return { ok: true, stage: { stage: 'ended', endedAt: now } };
      return { ok: true, stage: { stage: 'question', index: stage.index + 1, deadline: deadlineFor(record, stage.index + 1, now) } };
  }
}
