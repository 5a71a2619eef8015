/**
 * What is wrong with the set as typed, item by item, and what of it can be saved: the engine's full
 * check (validateSet: the schema and the engine's semantics) plus the fields that hold no number.
 */
import { SetItemSchema, type SetContent, type SetIssue, type SetItem } from '../../../shared/question-sets/schema.ts';
import { validateSet } from '../../../shared/question-sets/index.ts';
import { type DraftSet, contentInput, itemInput } from './draft.ts';

export interface CheckedItem {
  uid: string;
  /** The item as it would be saved, or null while it has an issue. */
  item: SetItem | null;
  issues: SetIssue[];
}

export interface CheckedSet {
  items: CheckedItem[];
  /** Issues of the set itself (title, description, no items). */
  setIssues: SetIssue[];
}

export function checkDraft(draft: DraftSet): CheckedSet {
  const converted = draft.items.map((item, i) => itemInput(item, i + 1));
  const result = validateSet(contentInput(draft, converted.map((c) => c.input)));
  const issues = result.ok ? [] : result.issues;
  const items = draft.items.map((draftItem, i): CheckedItem => {
    const local = converted[i]!.issues;
    const unreadable = new Set(local.map((issue) => issue.field));
    // A field that holds no number is said once, as such, not again as the schema's type error.
    const found = issues.filter((issue) => issue.item === i + 1 && !unreadable.has(issue.field));
    const all = [...local, ...found];
    const parsed = all.length === 0 ? SetItemSchema.safeParse(converted[i]!.input) : null;
    return { uid: draftItem.uid, item: parsed?.success ? parsed.data : null, issues: all };
  });
  const setIssues = issues.filter((issue) => issue.item === null && !(issue.field === 'title' && draft.title.trim() === ''));
  if (draft.title.trim() === '') setIssues.unshift({ item: null, field: 'title', code: 'missing', message: 'the set has no title' });
  return { items, setIssues };
}

/**
 * What a save sends: every item that checks, and for one that does not, the version last saved (a
 * new item never saved is left out), so an invalid item never reaches the server while the rest of
 * the editing does. Null when the set itself cannot be saved (no title, no item to save).
 */
export function savableContent(draft: DraftSet, checked: CheckedSet, lastSaved: ReadonlyMap<string, SetItem>): { content: SetContent; uids: string[] } | null {
  if (checked.setIssues.some((issue) => issue.field !== 'items')) return null;
  const items: SetItem[] = [];
  const uids: string[] = [];
  for (const entry of checked.items) {
    const item = entry.item ?? lastSaved.get(entry.uid) ?? null;
    if (!item) continue;
    items.push(item);
    uids.push(entry.uid);
  }
  if (items.length === 0) return null;
  const result = validateSet({ title: draft.title, lang: draft.lang, description: draft.description, items });
  return result.ok ? { content: result.set, uids } : null;
}
