/**
 * What the library and the set-up take from the question-set engine: the built-in sets, the
 * export file and the import check. They bring the schemas (zod) and the engine with them, so
 * they are fetched when first needed rather than with the page (a phone opening the library
 * from the key's QR code loads the list first).
 */
import type { SetContent, SetFile, SetSnapshot } from '../../shared/question-sets/schema.ts';

const engine = () => import('../../shared/question-sets/index.ts');

let builtIns: Promise<readonly SetSnapshot[]> | null = null;

export function loadBuiltInSets(): Promise<readonly SetSnapshot[]> {
  builtIns ??= engine().then(
    (m) => m.BUILT_IN_SETS,
    (error: unknown) => {
      builtIns = null; // offline for now: a later call tries again
      throw error;
    },
  );
  return builtIns;
}

export const toSetFile = (set: SetContent): Promise<SetFile> => engine().then((m) => m.setFile(set));

export const checkSetFile = (input: unknown) => engine().then((m) => m.parseSetFile(input));

export const isBuiltInId = (id: string): boolean => id.startsWith('builtin:');
