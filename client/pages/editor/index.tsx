/**
 * The set editor (/library/:id; /library/new makes a new set on its first save): the set's title,
 * language and description, its items (add, reorder, duplicate, delete with undo, each item's form),
 * the live phone preview of the item being edited with the teacher-only answer, validation as the
 * teacher types and the autosave. A built-in set opens read-only, with "Duplicate to edit".
 */
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import type { Lang } from '../../../shared/engine/index.ts';
import type { StoredSet } from '../../../shared/protocol/sets.ts';
import { SET_LIMITS, type SetContent } from '../../../shared/question-sets/schema.ts';
import { useI18n, useRouter } from '../../app-context.ts';
import { deviceStorage } from '../../device-storage.ts';
import { LANG_NAMES, UI_LANGS } from '../../i18n/index.ts';
import { setApi, storeTeacherKey, storedTeacherKey } from '../../library/set-api.ts';
import type { PageProps } from '../../routes.tsx';
import { useDocumentTitle } from '../../use-document-title.ts';
import { builtInSet } from './built-in.ts';
import { type EditorStore, createEditorStore } from './editor-store.ts';
import { ItemList } from './item-list.tsx';
import { IssueText } from './item-form.tsx';
import { ItemPreview } from './preview.tsx';
import { SaveStatusLine } from './save-status.tsx';
import './editor.css';

type Loaded =
  | { state: 'loading' }
  | { state: 'ready'; key: string; set: StoredSet | null; readOnly: boolean }
  | { state: 'failed'; code: string };

/** The teacher key of this browser, made now if it has none (the library does the same on its first visit). */
async function ensureKey(): Promise<string | null> {
  const stored = storedTeacherKey();
  if (stored) return stored;
  const made = await setApi.createKey();
  if (!made.ok) return null;
  storeTeacherKey(made.data.key);
  return made.data.key;
}

/** A built-in set as the editor shows it (read-only): a stored set that is never saved. */
function asStored(id: string, content: SetContent): StoredSet {
  return { ...content, id, revision: 0, createdAt: 0, updatedAt: 0, deletedAt: null, share: null };
}

function useLoadedSet(id: string, createdId: { current: string | null }, attempt: number): Loaded {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    // The set this page just created: the page already holds it.
    if (createdId.current !== null && createdId.current === id) return;
    let live = true;
    setLoaded({ state: 'loading' });
    void (async () => {
      const builtIn = builtInSet(id);
      if (builtIn) return live && setLoaded({ state: 'ready', key: storedTeacherKey() ?? '', set: asStored(id, builtIn), readOnly: true });
      if (id.startsWith('builtin:')) return live && setLoaded({ state: 'failed', code: 'set_not_found' });
      if (id === 'new') {
        const key = await ensureKey();
        if (!live) return;
        return setLoaded(key ? { state: 'ready', key, set: null, readOnly: false } : { state: 'failed', code: 'internal_error' });
      }
      const key = storedTeacherKey();
      if (!key) return live && setLoaded({ state: 'failed', code: 'key_required' });
      const result = await setApi.get(key, id);
      if (!live) return;
      setLoaded(result.ok ? { state: 'ready', key, set: result.data.set, readOnly: false } : { state: 'failed', code: result.error.code });
    })();
    return () => {
      live = false;
    };
  }, [id, attempt]);
  return loaded;
}

export default function EditorPage({ params }: PageProps) {
  const { t } = useI18n();
  const id = params.id ?? 'new';
  const createdId = useRef<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const loaded = useLoadedSet(id, createdId, attempt);
  useDocumentTitle(t('editor.title'));

  if (loaded.state === 'loading') {
    return (
      <p class="route-status" role="status">
        {t('editor.loading')}
      </p>
    );
  }
  if (loaded.state === 'failed') {
    const known = ['key_required', 'unknown_key', 'not_owner', 'set_not_found'].includes(loaded.code);
    return (
      <div class="card editor-failed" role="alert">
        <h1>{t('editor.title')}</h1>
        <p>{t(known ? `editor.load.${loaded.code as 'key_required'}` : 'editor.load.failed')}</p>
        <p class="editor-failed__actions">
          <a class="button button--primary" href="/library">
            {t('editor.backToLibrary')}
          </a>
          {!known && (
            <button type="button" class="button" onClick={() => setAttempt((n) => n + 1)}>
              {t('editor.retry')}
            </button>
          )}
        </p>
      </div>
    );
  }
  return (
    <Editor
      key={`${loaded.set?.id ?? 'new'}:${attempt}`}
      loaded={loaded}
      onCreated={(newId) => {
        createdId.current = newId;
      }}
      onReload={() => {
        createdId.current = null;
        setAttempt((n) => n + 1);
      }}
    />
  );
}

function Editor({ loaded, onCreated, onReload }: { loaded: Extract<Loaded, { state: 'ready' }>; onCreated: (id: string) => void; onReload: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const router = useRouter();
  const id = useId();
  const { readOnly } = loaded;
  const store: EditorStore = useMemo(
    () =>
      createEditorStore({
        api: setApi,
        key: loaded.key,
        set: loaded.set,
        fresh: { lang: i18n.lang.peek(), title: t('editor.newTitle') },
        storage: readOnly ? null : deviceStorage(),
        onCreated: (newId) => {
          onCreated(newId);
          router.navigate(`/library/${encodeURIComponent(newId)}`, { replace: true });
        },
      }),
    [],
  );
  useEffect(() => () => store.dispose(), [store]);

  // Leaving with something unsaved: the browser asks first.
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (readOnly || !store.unsaved.peek()) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [store]);

  const draft = store.draft.value;
  const checked = store.checked.value;
  const selectedUid = store.selected.value;
  const selectedIndex = draft.items.findIndex((item) => item.uid === selectedUid);
  const selected = selectedIndex >= 0 ? draft.items[selectedIndex]! : null;
  const selectedCheck = selected ? checked.items[selectedIndex] : undefined;
  const titleIssues = checked.setIssues.filter((issue) => issue.field === 'title');
  const descriptionIssues = checked.setIssues.filter((issue) => issue.field === 'description');
  const [duplicating, setDuplicating] = useState<'idle' | 'busy' | 'failed'>('idle');

  const duplicateToEdit = async () => {
    setDuplicating('busy');
    const key = await ensureKey();
    const content = loaded.set;
    const result = key && content ? await setApi.create(key, { title: content.title, lang: content.lang, description: content.description, items: content.items }) : null;
    if (!result?.ok) return setDuplicating('failed');
    router.navigate(`/library/${encodeURIComponent(result.data.set.id)}`);
  };

  const field = (name: 'title' | 'description') => `${id}-${name}`;
  const described = (name: 'title' | 'description', issues: readonly unknown[]) =>
    issues.length > 0 ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${field(name)}-issue` } : {};

  return (
    <div
      class="editor"
      onKeyDown={(event) => {
        // Ctrl+S / ⌘S saves now rather than after the pause.
        if ((event.ctrlKey || event.metaKey) && event.key === 's') {
          event.preventDefault();
          store.flush();
        }
      }}
    >
      <div class="editor__top">
        <a class="editor__back" href="/library">
          {t('editor.backToLibrary')}
        </a>
        <h1 class="editor__title">{readOnly ? t('editor.titleReadOnly') : t('editor.title')}</h1>
        {!readOnly && <SaveStatusLine status={store.status.value} onReload={onReload} />}
      </div>

      {readOnly && (
        <div class="card editor-readonly" data-testid="read-only">
          <p>{t('editor.readOnly')}</p>
          <button type="button" class="button button--primary" disabled={duplicating === 'busy'} onClick={() => void duplicateToEdit()}>
            {t('editor.duplicateToEdit')}
          </button>
          <div role="alert">{duplicating === 'failed' && <p class="field__error">{t('editor.duplicateFailed')}</p>}</div>
        </div>
      )}
      {store.restored && !readOnly && (
        <p class="editor-note" role="status">
          {t('editor.restored')}
        </p>
      )}

      <div class="editor__layout">
        <div class="editor__main">
          <section class="card editor-set" aria-labelledby={`${id}-set`}>
            <h2 id={`${id}-set`} class="visually-hidden">
              {t('editor.setHeading')}
            </h2>
            <div class="field">
              <label class="field__label" for={field('title')}>
                {t('editor.setTitle')}
              </label>
              <input
                id={field('title')}
                class="text-input"
                type="text"
                autoComplete="off"
                maxLength={SET_LIMITS.titleLength}
                readOnly={readOnly}
                value={draft.title}
                onInput={(event) => store.update((d) => ({ ...d, title: event.currentTarget.value }))}
                {...described('title', titleIssues)}
              />
              <IssueText issues={titleIssues} id={`${field('title')}-issue`} />
            </div>
            <div class="editor-row">
              <div class="field editor-field">
                <label class="field__label" for={`${id}-lang`}>
                  {t('editor.setLang')}
                </label>
                <select
                  id={`${id}-lang`}
                  class="text-input editor-select"
                  value={draft.lang}
                  disabled={readOnly}
                  aria-describedby={`${id}-lang-hint`}
                  onChange={(event) => store.update((d) => ({ ...d, lang: event.currentTarget.value as Lang }))}
                >
                  {UI_LANGS.map((lang) => (
                    <option key={lang} value={lang} lang={lang}>
                      {LANG_NAMES[lang]}
                    </option>
                  ))}
                </select>
                <p class="field__hint" id={`${id}-lang-hint`}>
                  {t('editor.setLangHint')}
                </p>
              </div>
            </div>
            <div class="field">
              <label class="field__label" for={field('description')}>
                {t('editor.setDescription')}
              </label>
              <textarea
                id={field('description')}
                class="text-input"
                rows={2}
                maxLength={SET_LIMITS.descriptionLength}
                readOnly={readOnly}
                value={draft.description}
                onInput={(event) => store.update((d) => ({ ...d, description: event.currentTarget.value }))}
                {...described('description', descriptionIssues)}
              />
              <IssueText issues={descriptionIssues} id={`${field('description')}-issue`} />
            </div>
          </section>

          <ItemList store={store} readOnly={readOnly} />
        </div>

        <aside class="editor__side" aria-label={t('editor.preview.heading')}>
          <ItemPreview
            item={selectedCheck?.item ?? null}
            chosen={selected !== null}
            seed={selected?.type === 'generated' ? selected.seed : 0}
            index={Math.max(0, selectedIndex)}
            total={draft.items.length}
            language={draft.lang}
          />
        </aside>
      </div>
    </div>
  );
}
