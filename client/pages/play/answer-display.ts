/** An answer as the student typed it, written back the way the keypad echoed it. */
import type { PublicProblem } from '../../../shared/engine/index.ts';
import { parseInteger, parseNumber } from '../../../shared/engine/parse-answer.ts';
import { formatEcho } from '../../components/keypad/edit-answer.ts';

export function displayAnswer(raw: string, format: PublicProblem['format']): string {
  if (format === 'choice') return raw;
  const parsed = format === 'integer' ? parseInteger(raw) : parseNumber(raw);
  return parsed.ok ? formatEcho(raw, parsed.value) : raw;
}
