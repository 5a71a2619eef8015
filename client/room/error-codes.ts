/**
 * Every protocol error code, for reading one out of an HTTP API answer (the host's report
 * downloads). Kept apart from protocol-values.ts so the list stays off the phone's first load.
 */
import type { ERROR_CODES, ErrorCode } from '../../shared/protocol/index.ts';

export const ERROR_CODE_LIST = [
  'invalid_payload',
  'unknown_event',
  'version_mismatch',
  'rate_limited',
  'server_full',
  'room_not_found',
  'room_closed',
  'room_locked',
  'room_full',
  'already_in_room',
  'not_in_room',
  'not_host',
  'not_allowed',
  'invalid_name',
  'name_taken',
  'invalid_team',
  'unknown_player',
  'wrong_phase',
  'no_players',
  'paused',
  'stale_question',
  'invalid_step',
  'already_answered',
  'round_closed',
  'invalid_answer',
  'invalid_token',
  'kicked',
  'internal_error',
  'server_restarting',
  'too_many_attempts',
  'origin_not_allowed',
  'not_found',
] as const satisfies readonly ErrorCode[];

// Both directions: every protocol code is listed above, and nothing else is.
type Missing = Exclude<(typeof ERROR_CODES)[keyof typeof ERROR_CODES], (typeof ERROR_CODE_LIST)[number]>;
const everyCodeListed: [Missing] extends [never] ? true : Missing = true;
void everyCodeListed;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODE_LIST as readonly string[]).includes(value);
}
