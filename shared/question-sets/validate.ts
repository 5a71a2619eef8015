/**
 * The full check of a set from outside (an editor's save, an import, a room's snapshot): the file
 * format (zod) and then what only the engine can tell (a quantity the depth does not have, a
 * saturated layer, …). Every issue is reported, each naming its item and field; a set with any
 * issue is refused whole.
 */
import type { z } from 'zod';
import { numericChecks } from './numeric-checks.ts';
import { type SetContent, type SetIssue, type SetIssueCode, type SetItem, SET_LIMITS, SetContentSchema, SetItemSchema } from './schema.ts';

export type SetResult = { ok: true; set: SetContent } | { ok: false; issues: SetIssue[] };

type Path = readonly PropertyKey[];

function valueAt(input: unknown, path: Path): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function codeOf(issue: z.core.$ZodIssue, input: unknown, path: Path): SetIssueCode {
  if (issue.code === 'invalid_type' && valueAt(input, path) === undefined) return 'missing';
  if (issue.code === 'too_big' && path.length === 1 && path[0] === 'items') return 'too_many_items';
  if (issue.code === 'custom' && path[path.length - 1] === 'choices') return 'no_right_choice';
  return 'invalid_value';
}

/**
 * zod's issues as the teacher reads them: `path` is where `input` sits in the checked value
 * (`['items', 2]` for one item), items are numbered from 1 and the field is the rest of the path.
 */
export function zodIssues(error: z.ZodError, input: unknown, at: Path = []): SetIssue[] {
  return error.issues.map((issue) => {
    const path = [...at, ...issue.path];
    const inItem = path[0] === 'items' && typeof path[1] === 'number';
    const field = (inItem ? path.slice(2) : path).map(String).join('.');
    return {
      item: inItem ? (path[1] as number) + 1 : null,
      field,
      code: codeOf(issue, input, issue.path),
      message: issue.message,
    };
  });
}

function normalChoice(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Semantic issues of one parsed item (for the editor as the teacher types; `index` is 0-based, issues are 1-based). */
export function itemIssues(item: SetItem, index: number): SetIssue[] {
  const at = index + 1;
  switch (item.type) {
    case 'generated':
      // The engine generates every kind at every difficulty for any seed (with its fallback seeds).
      return [];
    case 'numeric':
      return numericChecks(item.network, item.asks).map((c) => ({ item: at, ...c }));
    case 'choice': {
      const issues: SetIssue[] = [];
      if (!item.choices.some((c) => c.correct)) {
        issues.push({ item: at, field: 'choices', code: 'no_right_choice', message: 'mark at least one choice right' });
      }
      const seen = new Map<string, number>();
      item.choices.forEach((c, j) => {
        const key = normalChoice(c.text);
        const first = seen.get(key);
        if (first === undefined) seen.set(key, j);
        else issues.push({ item: at, field: `choices.${j}.text`, code: 'duplicate_choice', message: `choice ${j + 1} says the same as choice ${first + 1}` });
      });
      return issues;
    }
    default: {
      const never: never = item;
      return [{ item: at, field: 'type', code: 'invalid_value', message: `unknown item type ${String((never as { type: unknown }).type)}` }];
    }
  }
}

/** Full check of untrusted input (zod + engine semantics): every issue, never a partial set. */
export function validateSet(input: unknown): SetResult {
  const parsed = SetContentSchema.safeParse(input);
  if (parsed.success) {
    const issues = parsed.data.items.flatMap((item, i) => itemIssues(item, i));
    return issues.length === 0 ? { ok: true, set: parsed.data } : { ok: false, issues };
  }
  const issues = zodIssues(parsed.error, input);
  // The items that do fit the format are checked further, so one bad item does not hide another's issues.
  const items = valueAt(input, ['items']);
  if (Array.isArray(items)) {
    items.slice(0, SET_LIMITS.items).forEach((raw, i) => {
      const item = SetItemSchema.safeParse(raw);
      if (item.success) issues.push(...itemIssues(item.data, i));
    });
  }
  return { ok: false, issues };
}
