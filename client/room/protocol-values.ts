/**
 * The protocol's constants the client needs, copied and typed by shared/protocol.ts so a
 * change there fails the type check here. Importing the values themselves would pull the
 * protocol's zod schemas into the phone's first load.
 */
import type { LIMITS, ROOM_MODES, RoomMode, PROTOCOL_VERSION, TEAM_ASSIGNMENTS, TeamAssignment } from '../../shared/protocol/index.ts';

export const PROTOCOL: typeof PROTOCOL_VERSION = 1;

export const MODES: typeof ROOM_MODES = ['quiz', 'chain-steps', 'relay', 'descent'];
/** Modes played by teams: the set-up keeps teams on for them. */
export const TEAM_ONLY_MODES: readonly RoomMode[] = ['relay', 'descent'];
export const ASSIGNMENTS: typeof TEAM_ASSIGNMENTS = ['auto', 'self', 'host'];
export type { RoomMode, TeamAssignment };

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
