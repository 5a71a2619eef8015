/** The built-in sets (ids `builtin:<name>:<lang>`), which the editor opens read-only. */
import { builtInSet as findBuiltIn } from '../../../shared/question-sets/index.ts';
import type { SetContent } from '../../../shared/question-sets/schema.ts';

export function builtInSet(id: string): SetContent | null {
  const found = findBuiltIn(id);
  if (!found) return null;
  const { id: _id, ...content } = found;
  return content;
}
