import { useEffect, useId, useState } from 'preact/hooks';
import type { SharedSetResult, StoredSet } from '../../../shared/protocol/sets.ts';
import { useI18n } from '../../app-context.ts';
import { LANG_NAMES } from '../../i18n/index.ts';
import { setErrorText } from '../../library/issue-text.ts';
import { ensureTeacherKey, setApi } from '../../library/set-api.ts';
import type { PageProps } from '../../routes.tsx';
import { useDocumentTitle } from '../../use-document-title.ts';
import { ItemSummary } from './item-summary.tsx';
import './library.css';

type Loaded = { state: 'loading' } | { state: 'ok'; data: SharedSetResult } | { state: 'revoked' } | { state: 'unknown' } | { state: 'failed'; text: string };

/** /shared/:token — a set someone shared, read-only, with "copy to my library". */
export default function SharedSetPage({ params }: PageProps) {
  const { t, lang } = useI18n();
  const id = useId();
  const token = params.token ?? '';
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [copy, setCopy] = useState<{ pending: boolean; made: StoredSet | null; error: string | null }>({ pending: false, made: null, error: null });
  useDocumentTitle(loaded.state === 'ok' ? loaded.data.set.title : t('library.shared.title'));

  useEffect(() => {
    let live = true;
    void setApi.shared(token).then((result) => {
      if (!live) return;
      if (result.ok) setLoaded({ state: 'ok', data: result.data });
      else if (result.error.code === 'share_revoked') setLoaded({ state: 'revoked' });
      else if (result.error.code === 'share_not_found' || result.error.code === 'not_found') setLoaded({ state: 'unknown' });
      else setLoaded({ state: 'failed', text: setErrorText(t, result.error) });
    });
    return () => {
      live = false;
    };
  }, [token]);

  const copyToLibrary = async () => {
    setCopy({ pending: true, made: null, error: null });
    const key = await ensureTeacherKey();
    if (!key.ok) {
      setCopy({ pending: false, made: null, error: setErrorText(t, key.error) });
      return;
    }
    const result = await setApi.copyShared(key.key, token);
    if (result.ok) setCopy({ pending: false, made: result.data.set, error: null });
    else if (result.error.code === 'share_revoked') {
      setCopy({ pending: false, made: null, error: null });
      setLoaded({ state: 'revoked' });
    } else setCopy({ pending: false, made: null, error: setErrorText(t, result.error) });
  };

  if (loaded.state === 'loading') {
    return (
      <p class="route-status" role="status">
        {t('library.loading')}
      </p>
    );
  }
  if (loaded.state !== 'ok') {
    return (
      <div class="library library--narrow">
        <h1>{t('library.shared.title')}</h1>
        <div class="card library-error" role="alert" data-testid="shared-refused">
          <p>{loaded.state === 'revoked' ? t('library.shared.revoked') : loaded.state === 'unknown' ? t('library.shared.unknown') : loaded.text}</p>
          <a href="/library">{t('library.shared.toLibrary')}</a>
        </div>
      </div>
    );
  }

  const { set, updatedAt } = loaded.data;
  const items = t(set.items.length === 1 ? 'library.items.one' : 'library.items', { n: set.items.length });
  return (
    <div class="library library--narrow">
      <div class="library__head">
        <div>
          <p class="library__kicker muted">{t('library.shared.title')}</p>
          <h1>
            <bdi>{set.title}</bdi>
          </h1>
          <p class="muted">{t('library.shared.about', { lang: LANG_NAMES[set.lang], items, when: new Date(updatedAt).toLocaleDateString(lang.value, { dateStyle: 'medium' }) })}</p>
        </div>
      </div>
      {set.description && <p class="library-shared__description">{set.description}</p>}
      <div class="card library-shared__copy">
        <p>{t('library.shared.readOnly')}</p>
        <div class="library-row">
          <button type="button" class="button button--primary" disabled={copy.pending || copy.made !== null} onClick={() => void copyToLibrary()}>
            {copy.pending ? t('library.shared.copying') : t('library.shared.copy')}
          </button>
        </div>
        <div role="status" class="library-shared__result">
          {copy.made && (
            <p>
              {t('library.shared.copied', { title: copy.made.title })} <a href={`/library/${encodeURIComponent(copy.made.id)}`}>{t('library.shared.openCopy')}</a> ·{' '}
              <a href="/library">{t('library.shared.toLibrary')}</a>
            </p>
          )}
          {copy.error && <p class="field__error">{copy.error}</p>}
        </div>
      </div>
      <section class="library-section" aria-labelledby={`${id}-items`}>
        <h2 id={`${id}-items`}>{t('library.shared.items')}</h2>
        <ol class="library-items">
          {set.items.map((item, i) => (
            <li key={i}>
              <ItemSummary item={item} />
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
