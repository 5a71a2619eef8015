/** The built-in sets (ids `builtin:<name>:<lang>`), which the editor opens read-only. */
import type { SetContent, SetSnapshot } from '../../../shared/question-sets/schema.ts';
import * as questionSets from '../../../shared/question-sets/index.ts';

const BUILT_IN: readonly SetSnapshot[] = (questionSets as { BUILT_IN_SETS?: readonly SetSnapshot[] }).BUILT_IN_SETS ?? [];

export function builtInSet(id: string): SetContent | null {
  const found = BUILT_IN.find((set) => set.id === id);
  if (!found) return null;
  const { id: _id, ...content } = found;
  return content;
}
