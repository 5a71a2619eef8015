/** The contest API's limits (README, "Configuration"; docs/protocol.md, "Contests"), per address. */
import { CONTEST_LIMITS } from '../../shared/protocol/contests.ts';

export interface ContestLimitsConfig {
  /** Contests one teacher key may own (ended ones count until purged). */
  contestsPerKey: number;
  /** Creates and organizer actions per address per minute. */
  writesPerMinute: number;
  /** Reads per address per minute: boards on big screens poll, a school's screens share one address. */
  readsPerMinute: number;
}

export const DEFAULT_CONTEST_LIMITS: ContestLimitsConfig = {
  contestsPerKey: CONTEST_LIMITS.contestsPerKey,
  writesPerMinute: 120,
  readsPerMinute: 1200,
};
