/**
 * The editor's state, one store per page: the draft as typed, its check, the item being edited, the
 * autosave (debounced PUT with the revision it is based on) and the copy of the draft kept on this
 * device while something is unsaved (an invalid item, no connection, a refused save).
 */
import { type ReadonlySignal, batch, computed, signal } from '@preact/signals';
import type { Lang } from '../../../shared/engine/index.ts';
import type { StoredSet } from '../../../shared/protocol/sets.ts';
import type { SetItem } from '../../../shared/question-sets/schema.ts';
import type { setApi } from '../../library/set-api.ts';
import { type CheckedSet, checkDraft, savableContent } from './check.ts';
import { type DraftItem, type DraftSet, copyItem, draftOfSet, newItem } from './draft.ts';

/** How long typing pauses before the save. */
export const AUTOSAVE_MS = 800;
/** How long a failed save waits before it is tried again. */
export const RETRY_MS = 5000;

export type SaveStatus =
  /** Everything on screen is saved. */
  | { state: 'saved' }
  /** A change waits for the pause in typing. */
  | { state: 'pending' }
  | { state: 'saving' }
  /** Saved, except these items (1-based), which have an issue: they are kept on this device. */
  | { state: 'partial'; items: number[] }
  /** Nothing could be saved: the set itself has an issue, or no item can be saved yet. */
  | { state: 'invalid'; reason: 'title' | 'no-items' | 'items' }
  /** The server refused or could not be reached; the draft is kept on this device and saving goes on trying. */
  | { state: 'failed'; code: string }
  /** Saved elsewhere since this page loaded: saving stops until the teacher reloads. */
  | { state: 'stale' };

interface StoredDraft {
  /** The revision the draft was made on (null: a set not created yet). */
  revision: number | null;
  draft: DraftSet;
  /** The draft's items that are saved at that revision, in the stored set's order. */
  savedUids: string[];
}

export interface EditorStoreOptions {
  api: Pick<typeof setApi, 'create' | 'save' | 'get'>;
  key: string;
  /** The stored set, or null for a new one. */
  set: StoredSet | null;
  /** The new set's language and title (new sets only). */
  fresh?: { lang: Lang; title: string };
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** The set was created: the page replaces its URL with the id. */
  onCreated?: (id: string) => void;
}

const draftKey = (id: string | null) => `backprop-arena:set-draft:${id ?? 'new'}`;

function readStored(storage: EditorStoreOptions['storage'], id: string | null): StoredDraft | null {
  try {
    const raw = storage?.getItem(draftKey(id));
    const parsed = raw ? (JSON.parse(raw) as StoredDraft) : null;
    return parsed && Array.isArray(parsed.draft?.items) && Array.isArray(parsed.savedUids) ? parsed : null;
  } catch {
    return null;
  }
}

export interface EditorStore {
  readonly id: ReadonlySignal<string | null>;
  readonly draft: ReadonlySignal<DraftSet>;
  readonly checked: ReadonlySignal<CheckedSet>;
  readonly status: ReadonlySignal<SaveStatus>;
  readonly selected: ReadonlySignal<string | null>;
  /** The latest deleted item, for undo (earlier ones follow as each is undone). */
  readonly deleted: ReadonlySignal<{ item: DraftItem; index: number } | null>;
  /** Restored from this device on load (changes that had not been saved). */
  readonly restored: boolean;
  /** Whether leaving now would lose something. */
  readonly unsaved: ReadonlySignal<boolean>;
  update(change: (draft: DraftSet) => DraftSet): void;
  updateItem(uid: string, change: (item: DraftItem) => DraftItem): void;
  select(uid: string | null): void;
  add(type: DraftItem['type']): DraftItem;
  move(uid: string, by: -1 | 1): void;
  duplicate(uid: string): DraftItem | null;
  remove(uid: string): void;
  undoRemove(): DraftItem | null;
  /** Save now (Ctrl+S, leaving the page). */
  flush(): void;
  dispose(): void;
}

export function createEditorStore(options: EditorStoreOptions): EditorStore {
  const { api, key, storage } = options;
  const id = signal<string | null>(options.set?.id ?? null);
  let revision: number | null = options.set?.revision ?? null;

  const fromServer = options.set ? draftOfSet(options.set) : { title: options.fresh?.title ?? '', lang: options.fresh?.lang ?? 'en', description: '', items: [] };
  const lastSaved = new Map<string, SetItem>();
  /** The draft's items that the stored set holds, in its order (item i of the stored set is savedUids[i]). */
  let savedUids: string[];
  const stored = readStored(storage, id.peek());
  let restored = false;
  let initial: DraftSet = fromServer;
  if (stored && stored.revision === revision) {
    // The unsaved changes of an earlier visit, made on the version still stored: take them up again.
    initial = stored.draft;
    restored = true;
    savedUids = stored.savedUids;
  } else {
    savedUids = fromServer.items.map((item) => item.uid);
    if (stored) storage?.removeItem(draftKey(id.peek()));
  }
  savedUids.forEach((uid, i) => {
    const item = options.set?.items[i];
    if (item) lastSaved.set(uid, item);
  });

  const draft = signal<DraftSet>(initial);
  const checked = computed(() => checkDraft(draft.value));
  const selected = signal<string | null>(initial.items[0]?.uid ?? null);
  /** Deleted items, the latest last: undo takes them back one by one. */
  const removed = signal<readonly { item: DraftItem; index: number }[]>([]);
  const deleted = computed(() => removed.value[removed.value.length - 1] ?? null);
  const status = signal<SaveStatus>(restored ? { state: 'pending' } : options.set ? { state: 'saved' } : { state: 'invalid', reason: 'no-items' });

  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight = false;
  let again = false;
  let disposed = false;

  const keepLocally = () => {
    try {
      const record: StoredDraft = { revision, draft: draft.peek(), savedUids };
      storage?.setItem(draftKey(id.peek()), JSON.stringify(record));
    } catch {
      // Storage full or refused: the draft lives on in this tab only.
    }
  };
  const forgetLocal = (forId: string | null) => {
    try {
      storage?.removeItem(draftKey(forId));
    } catch {
      // Nothing stored to forget.
    }
  };

  /** The saved set now matches every item on screen. */
  const allSaved = (uids: readonly string[]) =>
    uids.length === draft.peek().items.length && checked.peek().items.every((entry) => entry.item !== null && lastSaved.get(entry.uid) === entry.item);

  async function save(): Promise<void> {
    if (disposed || status.peek().state === 'stale') return;
    if (inFlight) {
      again = true;
      return;
    }
    const current = draft.peek();
    const check = checked.peek();
    const payload = savableContent(current, check, lastSaved);
    if (!payload) {
      keepLocally();
      const reason = check.setIssues.some((i) => i.field === 'title') ? 'title' : check.items.length === 0 ? 'no-items' : 'items';
      status.value = { state: 'invalid', reason };
      return;
    }
    inFlight = true;
    status.value = { state: 'saving' };
    keepLocally();
    const wasId = id.peek();
    const result = wasId === null ? await api.create(key, payload.content) : await api.save(key, wasId, { set: payload.content, revision: revision ?? undefined });
    inFlight = false;
    if (disposed) return;
    if (!result.ok) {
      if (result.error.code === 'stale_revision') {
        status.value = { state: 'stale' };
      } else {
        status.value = { state: 'failed', code: result.error.code };
        // Tried again later, or as soon as the change that waited for this save has had its pause.
        schedule(again ? AUTOSAVE_MS : RETRY_MS);
      }
      again = false;
      return;
    }
    const saved = result.data.set;
    revision = saved.revision;
    savedUids = payload.uids;
    payload.uids.forEach((uid, i) => lastSaved.set(uid, saved.items[i] ?? payload.content.items[i]!));
    // Saved items are compared by identity below: the item just checked is the one saved.
    payload.uids.forEach((uid) => {
      const entry = check.items.find((e) => e.uid === uid);
      if (entry?.item) lastSaved.set(uid, entry.item);
    });
    if (wasId === null) {
      forgetLocal(null);
      id.value = saved.id;
      options.onCreated?.(saved.id);
    }
    if (again) {
      again = false;
      void save();
      return;
    }
    if (draft.peek() !== current) return; // typed meanwhile: that change has its own timer
    const invalid = check.items.map((e, i) => (e.item === null ? i + 1 : 0)).filter((n) => n > 0);
    if (invalid.length === 0 && allSaved(payload.uids)) {
      forgetLocal(id.peek());
      status.value = { state: 'saved' };
    } else {
      keepLocally();
      status.value = { state: 'partial', items: invalid };
    }
  }

  function schedule(ms = AUTOSAVE_MS) {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void save();
    }, ms);
  }

  const changed = (next: DraftSet) => {
    if (status.peek().state === 'stale') {
      draft.value = next;
      keepLocally();
      return;
    }
    batch(() => {
      draft.value = next;
      status.value = { state: 'pending' };
    });
    keepLocally();
    schedule();
  };

  const items = () => draft.peek().items;
  const withItems = (next: DraftItem[]) => changed({ ...draft.peek(), items: next });

  if (restored) schedule();

  return {
    id,
    draft,
    checked,
    status,
    selected,
    deleted,
    restored,
    unsaved: computed(() => status.value.state !== 'saved'),
    update(change) {
      changed(change(draft.peek()));
    },
    updateItem(uid, change) {
      withItems(items().map((item) => (item.uid === uid ? change(item) : item)));
    },
    select(uid) {
      selected.value = uid;
    },
    add(type) {
      const item = newItem(type);
      batch(() => {
        withItems([...items(), item]);
        selected.value = item.uid;
      });
      return item;
    },
    move(uid, by) {
      const list = [...items()];
      const from = list.findIndex((i) => i.uid === uid);
      const to = from + by;
      if (from < 0 || to < 0 || to >= list.length) return;
      const [item] = list.splice(from, 1);
      list.splice(to, 0, item!);
      withItems(list);
    },
    duplicate(uid) {
      const list = [...items()];
      const at = list.findIndex((i) => i.uid === uid);
      if (at < 0) return null;
      const copy = copyItem(list[at]!);
      list.splice(at + 1, 0, copy);
      batch(() => {
        withItems(list);
        selected.value = copy.uid;
      });
      return copy;
    },
    remove(uid) {
      const list = [...items()];
      const at = list.findIndex((i) => i.uid === uid);
      if (at < 0) return;
      const [item] = list.splice(at, 1);
      batch(() => {
        removed.value = [...removed.peek(), { item: item!, index: at }];
        withItems(list);
        if (selected.peek() === uid) selected.value = list[Math.min(at, list.length - 1)]?.uid ?? null;
      });
    },
    undoRemove() {
      const last = deleted.peek();
      if (!last) return null;
      const list = [...items()];
      list.splice(Math.min(last.index, list.length), 0, last.item);
      batch(() => {
        removed.value = removed.peek().slice(0, -1);
        withItems(list);
        selected.value = last.item.uid;
      });
      return last.item;
    },
    flush() {
      if (timer) {
        clearTimeout(timer);
        timer = null;
        void save();
      }
    },
    dispose() {
      if (timer) {
        clearTimeout(timer);
        timer = null;
        // Leaving inside the app: the last change still goes out.
        void save();
      }
      disposed = true;
    },
  };
}
