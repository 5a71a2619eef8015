/**
 * What the room machine knows of a question set's item before its question opens: its kind and
 * difficulty, for the plan (the mode makes the problem when the question opens).
 */
import type { Difficulty, QuestionKind } from '../../shared/engine/index.ts';
import { type SetItem, problemForItem } from '../../shared/question-sets/index.ts';

export function itemPlan(item: SetItem): { kind: QuestionKind; difficulty: Difficulty } {
  if (item.type === 'generated') return { kind: item.kind, difficulty: item.difficulty };
  // An authored item's kind and difficulty do not depend on the seed: they are the teacher's own numbers.
  const problem = problemForItem(item, { seed: 0 });
  return { kind: problem.kind, difficulty: problem.difficulty };
}
