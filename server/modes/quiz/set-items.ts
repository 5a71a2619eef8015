/**
 * A question set's items as a quiz plays them: the plan entry of each item and the problem it
 * makes when its question opens. Generated items ask the engine for their kind and difficulty
 * (with the pinned seed, if any); authored items make the teacher's own problem.
 */
import type { Difficulty, Problem, ProblemKind } from '../../../shared/engine/index.ts';
import type { SetItem } from '../../../shared/question-sets/schema.ts';
import { withFallbackSeeds } from '../../room/state.ts';
import { deriveSeed, generateProblem } from '../../../shared/engine/index.ts';

/** What the plan knows of an item before its question opens. */
export function itemPlan(item: SetItem): { kind: ProblemKind; difficulty: Difficulty } {
  switch (item.type) {
    case 'generated':
      return { kind: item.kind, difficulty: item.difficulty };
    default:
      throw new Error(`items of type ${item.type} are not playable yet`);
  }
}

/**
 * The problem an item makes for question seed `seed`; `variant`: a team's own numbers. A pinned seed
 * keeps the item's numbers whatever the room's seed.
 */
export function problemOfItem(item: SetItem, seed: number, variant: string | null): Problem {
  switch (item.type) {
    case 'generated': {
      const pinned = item.seed ?? seed;
      const own = variant === null ? pinned : deriveSeed(pinned, `variant:${variant}`);
      return withFallbackSeeds(own, (s) => generateProblem({ kind: item.kind, difficulty: item.difficulty, seed: s }));
    }
    default:
      throw new Error(`items of type ${item.type} are not playable yet`);
  }
}
