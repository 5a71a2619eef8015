/**
 * The protocol's constants the client needs, copied and typed by shared/protocol.ts so a
 * change there fails the type check here. Importing the values themselves would pull the
 * protocol's zod schemas into the phone's first load.
 */
import type { ErrorCode, ERROR_CODES, PROTOCOL_VERSION, SessionEndReason, TeamAssignment, TEAM_ASSIGNMENTS, GameMode, GAME_MODES, LIMITS } from '../../shared/protocol.ts';

export const PROTOCOL: typeof PROTOCOL_VERSION = 1;

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

export const SESSION_END_LIST = ['kicked', 'replaced', 'left', 'room_closed'] as const satisfies readonly SessionEndReason[];

export const MODES: typeof GAME_MODES = ['quiz', 'chain-steps'];
export const ASSIGNMENTS: typeof TEAM_ASSIGNMENTS = ['auto', 'self', 'host'];
export type { GameMode, TeamAssignment };

export const LIMIT = {
  maxTeams: 12,
  maxQuestions: 50,
  maxCapacity: 5000,
  defaultCapacity: 500,
  maxTimeLimitSec: 3600,
  titleLength: 80,
  teamNameLength: 24,
} as const satisfies Partial<Record<keyof typeof LIMITS, number>>;
type LimitsAgree = { [K in keyof typeof LIMIT]: (typeof LIMIT)[K] extends (typeof LIMITS)[K] ? true : never };
const limitsAgree: LimitsAgree = { maxTeams: true, maxQuestions: true, maxCapacity: true, defaultCapacity: true, maxTimeLimitSec: true, titleLength: true, teamNameLength: true };
void limitsAgree;
