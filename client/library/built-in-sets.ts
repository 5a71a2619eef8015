/**
 * What the library takes from the question-set engine: the built-in sets and the export file.
 * Until the engine's BUILT_IN_SETS land, the list is empty.
 */
import { setFile } from '../../shared/question-sets/index.ts';
import type { SetContent, SetFile, SetSnapshot } from '../../shared/question-sets/schema.ts';

export const builtInSets: readonly SetSnapshot[] = [];

export const toSetFile = (set: SetContent): SetFile => setFile(set);

export const isBuiltInId = (id: string): boolean => id.startsWith('builtin:');
