import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { SetSummary, StoredSet } from '../../../shared/protocol/sets.ts';
import type { SetContent, SetSnapshot } from '../../../shared/question-sets/schema.ts';
import { LIMITS } from '../../../shared/protocol/constants.ts';
import { useI18n, useRouter } from '../../app-context.ts';
import { LANG_NAMES } from '../../i18n/index.ts';
import { loadBuiltInSets, toSetFile } from '../../library/built-in-sets.ts';
import { downloadSetFile } from '../../library/download.ts';
import { setErrorText } from '../../library/issue-text.ts';
import { keyFromHash, looksLikeTeacherKey, setApi, storeTeacherKey, storedTeacherKey, ensureTeacherKey, forgetTeacherKey } from '../../library/set-api.ts';
import { matchesSearch } from '../../library/set-search.ts';
import type { PageProps } from '../../routes.tsx';
import { useDocumentTitle } from '../../use-document-title.ts';
import { ImportPanel } from './import-panel.tsx';
import { KeyFromOtherDevice, KeyPanel, copyText } from './key-panel.tsx';
import './library.css';

type Notice = { text: string; undo?: { id: string; title: string } } | null;

/** "… (copy)" within the title's length: the original is cut, never the suffix. */
function copyTitle(t: ReturnType<typeof useI18n>['t'], title: string): string {
  const suffix = t('library.copyTitle', { title: '' });
  return t('library.copyTitle', { title: title.slice(0, Math.max(1, LIMITS.titleLength - suffix.length)) });
}

const contentOf = ({ title, lang, description, items }: SetContent): SetContent => ({ title, lang, description, items });

interface ShareState {
  id: string;
  title: string;
  url: string;
}

/** The library: the teacher key, then the built-in sets and this key's own, with what can be done to each. */
export default function LibraryPage(_props: PageProps) {
  const { t, lang } = useI18n();
  const router = useRouter();
  const id = useId();
  useDocumentTitle(t('library.title'));

  const [teacherKey, setTeacherKey] = useState<string | null>(null);
  const [keyShown, setKeyShown] = useState<'first' | 'again' | null>(null);
  const [keyError, setKeyError] = useState<string | null>(null);
  const [keyPending, setKeyPending] = useState(false);
  const [own, setOwn] = useState<SetSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [notice, setNotice] = useState<Notice>(null);
  const [share, setShare] = useState<ShareState | null>(null);
  const [shareCopied, setShareCopied] = useState<boolean | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const [builtInSets, setBuiltInSets] = useState<readonly SetSnapshot[] | null>(null);
  const [builtInsFailed, setBuiltInsFailed] = useState(false);
  useEffect(() => {
    let live = true;
    loadBuiltInSets().then(
      (sets) => live && setBuiltInSets(sets),
      () => live && setBuiltInsFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);

  const refresh = async (key: string) => {
    const result = await setApi.list(key);
    if (result.ok) {
      setOwn([...result.data.sets].sort((a, b) => b.updatedAt - a.updatedAt));
      setLoadError(null);
    } else {
      setOwn(null);
      setLoadError(setErrorText(t, result.error));
    }
    return result;
  };

  /** A key from another device (pasted, or in the QR's `#key=`): used only once the server lists its sets. */
  const adopt = async (pasted: string): Promise<boolean> => {
    setKeyError(null);
    // A key copied with a space or line break around it is still the key.
    const candidate = pasted.trim();
    if (!looksLikeTeacherKey(candidate)) {
      setKeyError(t('library.key.invalid'));
      return false;
    }
    setKeyPending(true);
    const listed = await setApi.list(candidate);
    setKeyPending(false);
    if (!listed.ok) {
      setKeyError(listed.error.code === 'unknown_key' ? t('library.key.unknown') : setErrorText(t, listed.error));
      return false;
    }
    const previous = storedTeacherKey();
    storeTeacherKey(candidate);
    setTeacherKey(candidate);
    setKeyShown(null);
    setOwn([...listed.data.sets].sort((a, b) => b.updatedAt - a.updatedAt));
    setLoadError(null);
    setNotice({ text: previous && previous !== candidate ? `${t('library.key.switched')} ${t('library.key.replaced', { key: previous })}` : t('library.key.switched') });
    return true;
  };

  const makeKey = async () => {
    const made = await ensureTeacherKey();
    if (!made.ok) {
      setLoadError(setErrorText(t, made.error));
      return;
    }
    setTeacherKey(made.key);
    if (made.created) setKeyShown('first');
    await refresh(made.key);
  };

  useEffect(() => {
    void (async () => {
      const fromHash = keyFromHash(location.hash);
      if (fromHash !== null) {
        // The key leaves the address bar (and the history) at once, whatever becomes of it.
        router.navigate(location.pathname + location.search, { replace: true });
        if (await adopt(fromHash)) return;
      }
      const stored = storedTeacherKey();
      if (stored) {
        setTeacherKey(stored);
        await refresh(stored);
      } else {
        await makeKey();
      }
    })();
  }, []);

  useEffect(() => {
    if (share) dialog.current?.showModal?.();
  }, [share]);

  const act = async <T,>(run: () => Promise<{ ok: true; data: T } | { ok: false; error: { code: string; message: string } }>) => {
    const result = await run();
    if (!result.ok) setNotice({ text: setErrorText(t, result.error as { code: 'internal_error'; message: string }) });
    return result.ok ? result.data : null;
  };

  const duplicate = async (content: SetContent | null, sourceId: string) => {
    if (!teacherKey) return;
    let source = content;
    if (!source) {
      const got = await act(() => setApi.get(teacherKey, sourceId));
      if (!got) return;
      source = contentOf(got.set);
    }
    const title = copyTitle(t, source.title);
    const made = await act(() => setApi.create(teacherKey, { ...contentOf(source), title }));
    if (!made) return;
    setNotice({ text: t('library.duplicated', { title }) });
    await refresh(teacherKey);
  };

  const remove = async (set: SetSummary) => {
    if (!teacherKey) return;
    const done = await act(() => setApi.remove(teacherKey, set.id));
    if (!done) return;
    setOwn((current) => current?.filter((s) => s.id !== set.id) ?? null);
    setNotice({ text: t('library.deleted', { title: set.title }), undo: { id: set.id, title: set.title } });
  };

  const undo = async (target: { id: string; title: string }) => {
    if (!teacherKey) return;
    const done = await act(() => setApi.restore(teacherKey, target.id));
    if (!done) return;
    setNotice({ text: t('library.restored', { title: target.title }) });
    await refresh(teacherKey);
  };

  const exportSet = async (set: SetSnapshot | SetSummary, builtIn: boolean) => {
    if (builtIn) {
      downloadSetFile(await toSetFile(contentOf(set as SetSnapshot)));
      return;
    }
    if (!teacherKey) return;
    const file = await act(() => setApi.exportFile(teacherKey, (set as SetSummary).id));
    if (file) downloadSetFile(file);
  };

  const openShare = async (set: SetSummary) => {
    if (!teacherKey) return;
    const made = await act(() => setApi.share(teacherKey, set.id));
    if (!made) return;
    setShareCopied(null);
    setShare({ id: set.id, title: set.title, url: `${location.origin}${made.share.path}` });
    setOwn((current) => current?.map((s) => (s.id === set.id ? { ...s, shared: true } : s)) ?? null);
  };

  const revokeShare = async () => {
    if (!teacherKey || !share) return;
    const done = await act(() => setApi.unshare(teacherKey, share.id));
    closeShare();
    if (!done) return;
    setNotice({ text: t('library.share.revoked', { title: share.title }) });
    setOwn((current) => current?.map((s) => (s.id === share.id ? { ...s, shared: false } : s)) ?? null);
  };

  const closeShare = () => {
    dialog.current?.close?.();
    setShare(null);
  };

  const onImported = async (set: StoredSet) => {
    setNotice({ text: t('library.import.done', { title: set.title }) });
    if (teacherKey) await refresh(teacherKey);
  };

  // The page's language first, the other after: a teacher sees the sets of the class's language on top.
  const builtIns = [...(builtInSets ?? [])].sort((a, b) => Number(b.lang === lang.value) - Number(a.lang === lang.value)).filter((s) => matchesSearch(s, query));
  const ownShown = own?.filter((s) => matchesSearch(s, query)) ?? null;
  const when = (ms: number) => new Date(ms).toLocaleString(lang.value, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <div class="library">
      <div class="library__head">
        <div>
          <h1>{t('library.title')}</h1>
          <p class="muted">{t('library.intro')}</p>
        </div>
        <div class="library-row">
          <a class="button button--primary" href="/library/new">
            {t('library.new')}
          </a>
          {teacherKey && keyShown === null && (
            <button type="button" class="button" onClick={() => setKeyShown('again')}>
              {t('library.key.show')}
            </button>
          )}
        </div>
      </div>

      {teacherKey && keyShown && <KeyPanel teacherKey={teacherKey} first={keyShown === 'first'} onClose={() => setKeyShown(null)} />}
      {!teacherKey && !loadError && (
        <p class="muted" role="status">
          {t('library.key.making')}
        </p>
      )}

      <div class="library-notice" role="status" data-testid="library-notice">
        {notice && (
          <div class="library-notice__box">
            <p>{notice.text}</p>
            {notice.undo && (
              <button type="button" class="button" onClick={() => void undo(notice.undo!)}>
                {t('library.undo')}
              </button>
            )}
            <button type="button" class="button button--quiet" onClick={() => setNotice(null)}>
              {t('library.dismiss')}
            </button>
          </div>
        )}
      </div>

      {loadError && (
        <div class="card library-error" role="alert">
          <p class="field__error">{loadError}</p>
          {/* A key the server does not know (its store was reset) is replaced; a key that could not be made is asked for again. */}
          <button
            type="button"
            class="button"
            onClick={() => {
              if (teacherKey) forgetTeacherKey();
              setTeacherKey(null);
              setLoadError(null);
              void makeKey();
            }}
          >
            {t(teacherKey ? 'library.key.makeNew' : 'app.retry')}
          </button>
        </div>
      )}

      <KeyFromOtherDevice
        pending={keyPending}
        error={keyError}
        onUse={(key) => {
          void adopt(key);
        }}
      />

      <div class="field library-search">
        <label class="field__label" for={`${id}-search`}>
          {t('library.search')}
        </label>
        <input
          id={`${id}-search`}
          class="text-input"
          type="search"
          value={query}
          aria-describedby={`${id}-search-hint`}
          onInput={(event) => setQuery(event.currentTarget.value)}
        />
        <span class="field__hint" id={`${id}-search-hint`}>
          {t('library.search.hint')}
        </span>
      </div>

      <section class="library-section" aria-labelledby={`${id}-own`}>
        <h2 id={`${id}-own`}>{t('library.own')}</h2>
        {ownShown && ownShown.length === 0 && <p class="muted">{query.trim() && own!.length > 0 ? t('library.search.none', { query: query.trim() }) : t('library.own.empty')}</p>}
        {ownShown && ownShown.length > 0 && (
          <ul class="library-list" data-testid="own-sets">
            {ownShown.map((set) => (
              <SetCard
                key={set.id}
                set={set}
                meta={[t(set.items === 1 ? 'library.items.one' : 'library.items', { n: set.items }), LANG_NAMES[set.lang], t('library.updated', { when: when(set.updatedAt) }), set.shared ? t('library.shared') : null]}
                onDuplicate={() => void duplicate(null, set.id)}
                onExport={() => void exportSet(set, false)}
                onShare={() => void openShare(set)}
                onDelete={() => void remove(set)}
              />
            ))}
          </ul>
        )}
      </section>

      <ImportPanel teacherKey={teacherKey ?? ''} onImported={(set) => void onImported(set)} />

      <section class="library-section" aria-labelledby={`${id}-builtin`}>
        <h2 id={`${id}-builtin`}>{t('library.builtIn')}</h2>
        <p class="muted">{t('library.builtIn.hint')}</p>
        {builtInSets === null && (
          <p class="muted" role={builtInsFailed ? 'alert' : undefined}>
            {builtInsFailed ? t('library.error.internal_error') : t('library.loading')}
          </p>
        )}
        {builtInSets && builtIns.length === 0 && query.trim() && <p class="muted">{t('library.search.none', { query: query.trim() })}</p>}
        <ul class="library-list" data-testid="builtin-sets">
          {builtIns.map((set) => (
            <SetCard
              key={set.id!}
              set={{ id: set.id!, title: set.title, description: set.description }}
              builtIn
              meta={[t(set.items.length === 1 ? 'library.items.one' : 'library.items', { n: set.items.length }), LANG_NAMES[set.lang]]}
              onDuplicate={() => void duplicate(contentOf(set), set.id!)}
              onExport={() => void exportSet(set, true)}
            />
          ))}
        </ul>
      </section>

      {share && (
        <dialog ref={dialog} class="library-dialog" aria-labelledby={`${id}-share`} onClose={() => setShare(null)}>
          <h2 id={`${id}-share`}>{t('library.share.title', { title: share.title })}</h2>
          <p>{t('library.share.hint')}</p>
          <div class="field">
            <label class="field__label" for={`${id}-share-url`}>
              {t('library.share.link')}
            </label>
            <input id={`${id}-share-url`} class="text-input" type="text" readOnly value={share.url} onFocus={(event) => event.currentTarget.select()} />
          </div>
          <div class="library-row">
            <button type="button" class="button button--primary" onClick={async () => setShareCopied(await copyText(share.url))}>
              {t('library.share.copy')}
            </button>
            <button type="button" class="button" onClick={() => void revokeShare()}>
              {t('library.share.revoke')}
            </button>
            <button type="button" class="button button--quiet" onClick={closeShare}>
              {t('library.share.close')}
            </button>
          </div>
          <p class="field__note" role="status">
            {shareCopied === true ? t('library.key.copied') : shareCopied === false ? t('library.key.copyFailed') : ''}
          </p>
        </dialog>
      )}
    </div>
  );
}

function SetCard({
  set,
  builtIn = false,
  meta,
  onDuplicate,
  onExport,
  onShare,
  onDelete,
}: {
  set: { id: string; title: string; description: string };
  builtIn?: boolean;
  meta: (string | null)[];
  onDuplicate: () => void;
  onExport: () => void;
  onShare?: () => void;
  onDelete?: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const path = `/library/${encodeURIComponent(set.id)}`;
  return (
    <li class="card library-set" data-set-id={set.id}>
      <h3 class="library-set__title" id={`${id}-title`}>
        <a href={path}>
          <bdi>{set.title}</bdi>
        </a>
      </h3>
      <p class="library-set__meta muted">{meta.filter(Boolean).join(' · ')}</p>
      {set.description && <p class="library-set__description">{set.description}</p>}
      <div class="library-set__actions" role="group" aria-label={t('library.actions', { title: set.title })}>
        <a class="button button--primary" href={`/host?set=${encodeURIComponent(set.id)}`}>
          {t('library.play')}
        </a>
        <a class="button" href={`/contests?set=${encodeURIComponent(set.id)}`}>
          {t('library.contest')}
        </a>
        <a class="button" href={`/assignments?set=${encodeURIComponent(set.id)}`}>
          {t('library.assign')}
        </a>
        <a class="button" href={path}>
          {t(builtIn ? 'library.view' : 'library.open')}
        </a>
        <button type="button" class="button" onClick={onDuplicate}>
          {t('library.duplicate')}
        </button>
        <button type="button" class="button" onClick={onExport}>
          {t('library.export')}
        </button>
        {onShare && (
          <button type="button" class="button" onClick={onShare}>
            {t('library.share')}
          </button>
        )}
        {onDelete && (
          <button type="button" class="button button--quiet library-set__delete" onClick={onDelete}>
            {t('library.delete')}
          </button>
        )}
      </div>
    </li>
  );
}
