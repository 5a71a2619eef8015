/**
 * Untrusted sets, files and CSV texts in, a valid set or every issue out: the engine's checks
 * (shared/question-sets), so the server refuses exactly what the editor marks as the teacher types.
 */
import type { Lang } from '../../shared/engine/index.ts';
import { type SetContent, type SetIssue, parseSetFile, validateSet } from '../../shared/question-sets/index.ts';
// Not exported from index.ts: csv-parse needs Node's Buffer (shared/question-sets/csv.ts).
import { parseSetCsv } from '../../shared/question-sets/csv.ts';

export type Checked = { ok: true; set: SetContent } | { ok: false; issues: SetIssue[] };

export const checkSet = (input: unknown): Checked => validateSet(input);
export const checkSetFile = (input: unknown): Checked => parseSetFile(input);
export const checkSetCsv = (text: string, meta: { title: string; lang: Lang }): Checked => parseSetCsv(text, meta);
