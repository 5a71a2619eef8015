/** Homework's limits (README, "Configuration"; docs/homework.md, "Limits"). */
import { HOMEWORK_LIMITS } from '../../shared/protocol/homework.ts';

export interface HomeworkLimitsConfig {
  /** Students one assignment admits. */
  maxStudents: number;
  /** `homework:start` per address per minute: a class behind one address starts at once, a script cannot fill an assignment. */
  startsPerMinute: number;
  /** The assignment API per address per minute: reads (the teacher's page polls its live view) and writes. */
  readsPerMinute: number;
  writesPerMinute: number;
}

export const DEFAULT_HOMEWORK_LIMITS: HomeworkLimitsConfig = {
  maxStudents: HOMEWORK_LIMITS.maxStudents,
  startsPerMinute: 120,
  readsPerMinute: 600,
  writesPerMinute: 60,
};
