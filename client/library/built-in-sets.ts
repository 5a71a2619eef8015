/**
 * What the library takes from the question-set engine: the built-in sets and the export file.
 * Until the engine's BUILT_IN_SETS land, the list is empty and the file is built here to the
 * schema's format.
 */
import { SET_FILE_FORMAT, SET_FILE_VERSION, type SetContent, type SetFile, type SetSnapshot } from '../../shared/question-sets/schema.ts';

export const builtInSets: readonly SetSnapshot[] = [];

export function toSetFile(set: SetContent): SetFile {
  return { format: SET_FILE_FORMAT, version: SET_FILE_VERSION, set };
}

export const isBuiltInId = (id: string): boolean => id.startsWith('builtin:');
