/** The set API's limits (README, "Limits"; docs/protocol.md, "Question sets"). */
import { SET_LIMITS } from '../../shared/question-sets/index.ts';

export interface SetLimitsConfig {
  /** Sets one key may own (deleted ones within the restore window not counted). */
  setsPerKey: number;
  /** Keys made per address per hour: a school behind one address makes one per teacher's browser. */
  keysPerHour: number;
  /** Creates, saves, deletes, shares and imports per address per minute (the editor autosaves). */
  writesPerMinute: number;
  readsPerMinute: number;
}

export const DEFAULT_SET_LIMITS: SetLimitsConfig = {
  setsPerKey: SET_LIMITS.setsPerKey,
  keysPerHour: 100,
  writesPerMinute: 300,
  readsPerMinute: 1200,
};
