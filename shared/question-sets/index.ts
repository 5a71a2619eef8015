/** Question sets: the schema (schema.ts); problems, validation, import and built-in sets build on it. */
export * from './schema.ts';
export { problemForItem, itemAsks, authoredText, variantSeed, CHOICE_IDS } from './problems.ts';
export type { ItemProblemOptions } from './problems.ts';
export { validateSet, itemIssues, zodIssues } from './validate.ts';
export type { SetResult } from './validate.ts';
export { perturbNetwork, PERTURB_ATTEMPTS, PERTURB_RANGE } from './perturb.ts';
export { askKey } from './asks.ts';
export { SATURATION_Z } from './numeric-checks.ts';
export { setFile, parseSetFile } from './file.ts';
export { BUILT_IN_SETS, builtInSet } from './built-in.ts';
