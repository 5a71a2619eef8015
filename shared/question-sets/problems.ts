/**
 * The problem each item of a set makes. Deterministic: the same item, seed and variant give the
 * same problem on the server, in the editor's preview and in a test.
 */
import {
  type Choice,
  type Problem,
  type SolutionStep,
  type Text,
  deriveSeed,
  generateProblem,
  makeProblem,
  withFallbackSeeds,
} from '../engine/index.ts';
import { askKey } from './asks.ts';
import { perturbNetwork } from './perturb.ts';
import type { ChoiceItem, GeneratedItem, NumericItem, SetItem } from './schema.ts';

/** Ids of an authored question's choices, in the teacher's order. */
export const CHOICE_IDS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;

export interface ItemProblemOptions {
  /** The room's seed for this question: generated items without a pinned seed use it. */
  seed: number;
  /** A team id for "each team its own numbers"; null or absent: the item's own numbers. */
  variant?: string | null;
}

/** A teacher's own text, shown as written in every language. */
export function authoredText(text: string): Text {
  return { key: 'authored.text', params: { text } };
}

/** The seed a team's variant uses, derived from the question's seed. */
export function variantSeed(seed: number, variant: string): number {
  return deriveSeed(seed, `variant:${variant}`);
}

function generated(item: GeneratedItem, { seed, variant }: ItemProblemOptions): Problem {
  // "Keep these numbers": a pinned seed wins over the room's.
  const base = item.seed ?? seed;
  const own = variant ? variantSeed(base, variant) : base;
  return withFallbackSeeds(own >>> 0, (s) => generateProblem({ kind: item.kind, seed: s, difficulty: item.difficulty }));
}

/** The vocabulary's keys for an item's asks (as teachers spell them); an unknown one is kept as typed. */
export function itemAsks(item: Pick<NumericItem, 'network' | 'asks'>): string[] {
  const n = item.network.layers.length;
  return item.asks.map((raw) => askKey(raw, n) ?? raw);
}

function numeric(item: NumericItem, { seed, variant }: ItemProblemOptions): Problem {
  const asks = itemAsks(item);
  const network = variant && item.variants ? perturbNetwork(item.network, variantSeed(seed, variant), asks) : item.network;
  const problem = makeProblem({ network, asks: asks.length === 1 ? asks[0]! : asks });
  if (item.note) problem.note = authoredText(item.note);
  return problem;
}

function choice(item: ChoiceItem): Problem {
  const choices: Choice[] = item.choices.map((c, i) => ({ id: CHOICE_IDS[i]!, label: authoredText(c.text) }));
  const right = choices.filter((_, i) => item.choices[i]!.correct);
  // One line per right choice, so the reveal's worked solution says which ones were right and what they said.
  const solution: SolutionStep[] = right.map((c) => {
    const tag = `\\text{(${c.id})}`;
    return { key: `choice-${c.id}`, symbol: tag, formula: tag, substituted: tag, value: 1, display: tag, why: c.label };
  });
  const ids = right.map((c) => c.id);
  const problem: Problem = {
    kind: 'multiple-choice',
    difficulty: 1,
    seed: 0,
    given: [],
    prompt: authoredText(item.question),
    asks: 'choice',
    symbol: '',
    format: 'choice',
    choices,
    answer: ids[0]!,
    grading: { type: 'choice', value: ids[0]!, accepted: ids },
    solution,
    // A teacher's wrong choice is not a catalogued mistake: it gets no diagnosis.
    misconceptions: [],
  };
  if (item.explanation) problem.note = authoredText(item.explanation);
  return problem;
}

/**
 * The problem an item makes. `seed`: the room's seed for this question (generated items without a
 * pinned seed use it); `variant`: a team id for "each team its own numbers" (null/absent: the
 * item's own numbers). Throws only for an item validateSet/itemIssues would refuse.
 */
export function problemForItem(item: SetItem, options: ItemProblemOptions): Problem {
  switch (item.type) {
    case 'generated':
      return generated(item, options);
    case 'numeric':
      return numeric(item, options);
    case 'choice':
      return choice(item);
    default: {
      const never: never = item;
      throw new Error(`unknown item type ${String((never as { type: unknown }).type)}`);
    }
  }
}
