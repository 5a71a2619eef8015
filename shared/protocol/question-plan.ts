import type { Difficulty, ProblemKind } from '../engine/index.ts';

/**
 * The questions a generated game plays, in order: kinds cycle in the given order, difficulties
 * ramp through the given list (the first share of the questions at the first level, …). The
 * room plans its game with this, and the host set-up's "save as a set" turns the same plan into
 * a set's generated items, so a saved set plays what the settings would have.
 */
export function planKindsAndDifficulties(kinds: readonly ProblemKind[], difficulties: readonly Difficulty[], questionCount: number): { kind: ProblemKind; difficulty: Difficulty }[] {
  return Array.from({ length: questionCount }, (_, i) => ({
    kind: kinds[i % kinds.length]!,
    difficulty: difficulties[Math.floor((i * difficulties.length) / questionCount)]!,
  }));
}
