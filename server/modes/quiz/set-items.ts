/**
 * A question set's items as a quiz plays them: the plan entry of each item, and the problem it
 * makes when its question opens (the engine's problemForItem: the same problem the editor's
 * preview shows).
 */
import type { Difficulty, Problem, QuestionKind } from '../../../shared/engine/index.ts';
import { type SetItem, problemForItem } from '../../../shared/question-sets/index.ts';

/** What the plan knows of an item before its question opens. */
export function itemPlan(item: SetItem): { kind: QuestionKind; difficulty: Difficulty } {
  if (item.type === 'generated') return { kind: item.kind, difficulty: item.difficulty };
  // An authored item's kind and difficulty do not depend on the seed: its own numbers.
  const problem = problemForItem(item, { seed: 0 });
  return { kind: problem.kind, difficulty: problem.difficulty };
}

/** The problem an item makes for question seed `seed`; `variant`: a team's own numbers. */
export function problemOfItem(item: SetItem, seed: number, variant: string | null): Problem {
  return problemForItem(item, { seed, variant });
}
