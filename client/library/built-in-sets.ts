/** What the library and the set-up take from the question-set engine: the built-in sets and the export file. */
import { BUILT_IN_SETS, setFile } from '../../shared/question-sets/index.ts';
import type { SetContent, SetFile, SetSnapshot } from '../../shared/question-sets/schema.ts';

export const builtInSets: readonly SetSnapshot[] = BUILT_IN_SETS;

export const toSetFile = (set: SetContent): SetFile => setFile(set);

export const isBuiltInId = (id: string): boolean => id.startsWith('builtin:');
