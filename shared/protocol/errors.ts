/** Error codes, the error an ack carries, and a refused connection's error data. */
import type { Text } from '../engine/index.ts';

export const ERROR_CODES = {
  INVALID_PAYLOAD: 'invalid_payload',
  UNKNOWN_EVENT: 'unknown_event',
  VERSION_MISMATCH: 'version_mismatch',
  RATE_LIMITED: 'rate_limited',
  SERVER_FULL: 'server_full',
  ROOM_NOT_FOUND: 'room_not_found',
  ROOM_CLOSED: 'room_closed',
  ROOM_LOCKED: 'room_locked',
  ROOM_FULL: 'room_full',
  ALREADY_IN_ROOM: 'already_in_room',
  NOT_IN_ROOM: 'not_in_room',
  NOT_HOST: 'not_host',
  NOT_ALLOWED: 'not_allowed',
  INVALID_NAME: 'invalid_name',
  NAME_TAKEN: 'name_taken',
  INVALID_TEAM: 'invalid_team',
  /** `name:reroll`: this player's re-roll of a generated name is used up. */
  REROLL_USED: 'reroll_used',
  UNKNOWN_PLAYER: 'unknown_player',
  WRONG_PHASE: 'wrong_phase',
  NO_PLAYERS: 'no_players',
  PAUSED: 'paused',
  STALE_QUESTION: 'stale_question',
  INVALID_STEP: 'invalid_step',
  ALREADY_ANSWERED: 'already_answered',
  ROUND_CLOSED: 'round_closed',
  INVALID_ANSWER: 'invalid_answer',
  INVALID_TOKEN: 'invalid_token',
  KICKED: 'kicked',
  INTERNAL_ERROR: 'internal_error',
  /** The server is stopping (a restart or an update): keep the token and reconnect. */
  SERVER_RESTARTING: 'server_restarting',
  /** `room:join`: too many unknown codes from this network; wait `retryAfterMs`. */
  TOO_MANY_ATTEMPTS: 'too_many_attempts',
  /** Handshake: the page's origin is not in the server's ALLOWED_ORIGINS. */
  ORIGIN_NOT_ALLOWED: 'origin_not_allowed',
  /** HTTP: no such resource. */
  NOT_FOUND: 'not_found',
  /** HTTP reports: `?game=N` names a game this room has not played. */
  GAME_NOT_FOUND: 'game_not_found',
  /** `room:create` with `setId`: no such set, deleted, or not the teacher key's own. */
  SET_NOT_FOUND: 'set_not_found',
  /** `room:create` with a stored set's `setId`: no `teacherKey`, or one this server never made. */
  UNKNOWN_KEY: 'unknown_key',
  /** `room:create` with `contest`: a room key this server never made (or of a contest since purged). */
  UNKNOWN_ROOM_KEY: 'unknown_room_key',
  /** `room:create` with `contest`: this key's room is open already (its code in the message). */
  CONTEST_ROOM_OPEN: 'contest_room_open',
  /** `room:create` with `contest`: the contest has ended. */
  CONTEST_ENDED: 'contest_ended',
  /** A host's start, next, end, pause or skip in a lockstep contest room: the organizer runs it. */
  CONTEST_LOCKSTEP: 'contest_lockstep',
  /** Homework: no such assignment. */
  ASSIGNMENT_NOT_FOUND: 'assignment_not_found',
  /** Homework: the assignment opens later (`retryAfterMs` until it does). */
  NOT_OPEN_YET: 'not_open_yet',
  /** Homework: the deadline has passed; answers are refused, reviewing is not. */
  DEADLINE_PASSED: 'deadline_passed',
  /** Homework: an item after the student's current one. */
  ITEM_NOT_REACHED: 'item_not_reached',
  /** Homework: the item is finished (right, out of attempts or skipped). */
  ITEM_FINISHED: 'item_finished',
  /** Homework: no student has this resume code in this assignment. */
  UNKNOWN_RESUME_CODE: 'unknown_resume_code',
  /** Homework: this assignment asks for a student number. */
  STUDENT_NUMBER_REQUIRED: 'student_number_required',
  /** Homework: the assignment admits no more students. */
  ASSIGNMENT_FULL: 'assignment_full',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export interface AckError {
  code: ErrorCode;
  /** English, for logs and developers; clients translate by `code`. */
  message: string;
  /** `name_taken`: a free nickname to offer instead. */
  suggestion?: string;
  /** `invalid_answer`: the engine's explanation (render it in the player's language). */
  text?: Text;
  /** `rate_limited`, `too_many_attempts`: milliseconds before trying again is useful. */
  retryAfterMs?: number;
}

/** Sent as `err.data` of a refused connection (`connect_error`). */
export interface ConnectErrorData {
  code: ErrorCode;
}
