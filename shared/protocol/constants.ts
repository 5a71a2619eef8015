/**
 * The protocol's plain constants and closed sets: no zod and nothing else imported at run
 * time, so a page can import them without the schemas.
 */
import type { VerdictStatus } from '../engine/index.ts';

export { PROTOCOL_VERSION } from './version.ts';

export const PHASES = ['lobby', 'question', 'reveal', 'leaderboard', 'podium', 'ended'] as const;
export type Phase = (typeof PHASES)[number];

/** Modes every client offers in host setup. */
export const GAME_MODES = ['quiz', 'chain-steps'] as const;
export type GameMode = (typeof GAME_MODES)[number];
/** Modes played by teams (a room of one of these needs `teams`); served, not yet offered in host setup. */
export const TEAM_MODES = ['relay', 'descent'] as const;
export type TeamMode = (typeof TEAM_MODES)[number];
/** Every mode a room can be created in. */
export const ROOM_MODES = [...GAME_MODES, ...TEAM_MODES] as const;
export type RoomMode = (typeof ROOM_MODES)[number];
/** Whether rooms of this mode are played by teams. */
export function isTeamMode(mode: string): mode is TeamMode {
  return (TEAM_MODES as readonly string[]).includes(mode);
}

export const TEAM_ASSIGNMENTS = ['auto', 'self', 'host'] as const;
export type TeamAssignment = (typeof TEAM_ASSIGNMENTS)[number];

/** Descent Race: whose confirmation makes a proposal the team's submission. */
export const DESCENT_CONFIRM_RULES = ['second-member', 'captain'] as const;
export type DescentConfirmRule = (typeof DESCENT_CONFIRM_RULES)[number];

/** Why a question stopped taking answers. */
export const CLOSE_REASONS = ['deadline', 'all-answered', 'host'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** Why the server ends a connection's seat (sent in `session:ended` just before it disconnects or unseats it). */
export const SESSION_END_REASONS = ['kicked', 'replaced', 'left', 'room_closed'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

export const ENDED_REASONS = ['closed', 'idle'] as const;
export type EndedReason = (typeof ENDED_REASONS)[number];

/** A verdict as a result: the engine's statuses, `partial` for a multi-step answer with some credit, `none` for no answer. */
export type ResultStatus = VerdictStatus | 'partial' | 'none';

/** Room codes: 6 characters without 0/O/1/I/L (31^6 ≈ 8.9e8 codes). */
export const ROOM_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ROOM_CODE_LENGTH = 6;

/** Upper bounds the schemas enforce; the server rejects longer input with `invalid_payload`. */
export const LIMITS = {
  nicknameGraphemes: 20,
  nicknameRawLength: 100,
  answerLength: 100,
  titleLength: 80,
  teamNameLength: 24,
  maxTeams: 12,
  maxQuestions: 50,
  minCapacity: 1,
  maxCapacity: 5000,
  defaultCapacity: 500,
  maxTimeLimitSec: 3600,
  maxStepIndex: 31,
  idLength: 64,
} as const;

/**
 * Whether the reveal of question `index` (0-based, of `total`) leads to the leaderboard: after every
 * `leaderboardEvery`-th question, and always after the last one (the final standings before the podium).
 */
export function leaderboardAfter(config: { leaderboardEvery?: number }, index: number, total: number): boolean {
  const every = config.leaderboardEvery ?? 1;
  return index + 1 >= total || (every > 0 && (index + 1) % every === 0);
}
