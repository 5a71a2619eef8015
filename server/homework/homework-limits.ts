/** Homework's limits (README, "Configuration"; docs/homework.md, "Limits"). */
import { HOMEWORK_LIMITS } from '../../shared/protocol/homework.ts';

export interface HomeworkLimitsConfig {
  /** Students one assignment admits. */
  maxStudents: number;
  /** The assignment API per address per minute: reads (the teacher's page polls its live view) and writes. */
  readsPerMinute: number;
  writesPerMinute: number;
}

export const DEFAULT_HOMEWORK_LIMITS: HomeworkLimitsConfig = {
  maxStudents: HOMEWORK_LIMITS.maxStudents,
  readsPerMinute: 600,
  writesPerMinute: 60,
};
