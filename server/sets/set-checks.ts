/**
 * Untrusted sets, files and CSV texts in, a valid set or every issue out. The engine's checks
 * (shared/question-sets: validateSet, parseSetFile, parseSetCsv) are the rule; until they land
 * here, the schema alone answers, in the same shape.
 */
import { type SetContent, SetContentSchema, SET_FILE_FORMAT, SET_FILE_VERSION, type SetIssue } from '../../shared/question-sets/index.ts';
import type { Lang } from '../../shared/engine/index.ts';

export type Checked = { ok: true; set: SetContent } | { ok: false; issues: SetIssue[] };

function schemaIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string; code: string; input?: unknown }[] }): SetIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    const item = path[0] === 'items' && path.length > 1 ? Number(path[1]) + 1 : null;
    const field = item === null ? path.join('.') || 'set' : path.slice(2).join('.') || 'item';
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return { item, field, code: missing ? 'missing' : 'invalid_value', message: issue.message };
  });
}

export function checkSet(input: unknown): Checked {
  const parsed = SetContentSchema.safeParse(input);
  return parsed.success ? { ok: true, set: parsed.data } : { ok: false, issues: schemaIssues(parsed.error) };
}

export function checkSetFile(input: unknown): Checked {
  const file = input as { format?: unknown; version?: unknown; set?: unknown } | null;
  if (typeof file !== 'object' || file === null || file.format !== SET_FILE_FORMAT || file.version !== SET_FILE_VERSION) {
    return { ok: false, issues: [{ item: null, field: 'format', code: 'unknown_format', message: `not a ${SET_FILE_FORMAT} file of version ${SET_FILE_VERSION}` }] };
  }
  return checkSet(file.set);
}

export function checkSetCsv(_text: string, _meta: { title: string; lang: Lang }): Checked {
  return { ok: false, issues: [{ item: null, field: 'csv', code: 'unknown_format', message: 'CSV import is not available yet' }] };
}
