import type { ContestApiError } from '../../../shared/protocol/contests.ts';
import type { MessageKey } from '../../i18n/index.ts';

const KNOWN = new Set([
  'key_required',
  'unknown_key',
  'not_owner',
  'contest_not_found',
  'unknown_room_key',
  'contest_room_open',
  'contest_ended',
  'contest_wrong_state',
  'contest_lockstep',
  'set_not_found',
  'too_many_contests',
  'rate_limited',
  'invalid_payload',
  'not_found',
  'internal_error',
]);

/** A refused contest request in the organizer's language (the server's English message only for a code this client does not know). */
export function contestErrorText(t: (key: MessageKey) => string, error: Pick<ContestApiError, 'code' | 'message'>): string {
  return KNOWN.has(error.code) ? t(`contests.error.${error.code}` as MessageKey) : error.message;
}
