/**
 * The host set-up's question sets: "play a set" (a picker of the built-in sets and, with a
 * teacher key in this browser, the teacher's own; preselected from `?set=`), the chosen set's
 * summary in place of the generated settings, and "save these settings as a set".
 */
import { useEffect, useId, useState } from 'preact/hooks';
import type { SetApiError, SetSummary, StoredSet } from '../../../shared/protocol/sets.ts';
import type { SetItem, SetSnapshot } from '../../../shared/question-sets/schema.ts';
import { useI18n } from '../../app-context.ts';
import { LANG_NAMES } from '../../i18n/index.ts';
import { AuthoredText } from '../../library/authored-text.tsx';
import { isBuiltInId, loadBuiltInSets } from '../../library/built-in-sets.ts';
import { ensureTeacherKey, setApi, storedTeacherKey } from '../../library/set-api.ts';
import { type SetupState, setFromSetup } from './setup-config.ts';

export type SetChoice = { state: 'none' } | { state: 'loading'; id: string } | { state: 'chosen'; set: SetSnapshot } | { state: 'failed'; id: string; error: SetApiError };

function errorKey(error: SetApiError) {
  if (error.code === 'key_required') return 'setup.set.error.noKey' as const;
  if (error.code === 'unknown_key') return 'setup.set.error.unknownKey' as const;
  if (error.code === 'set_not_found' || error.code === 'not_owner' || error.code === 'not_found') return 'setup.set.error.notFound' as const;
  return 'setup.set.error.other' as const;
}

/** The chosen set, loaded: a built-in from the client's own copy, an own set from the server (the snapshot the room will keep). */
export function useSetChoice(initialId: string | null) {
  const [choice, setChoice] = useState<SetChoice>({ state: 'none' });
  const choose = async (id: string | null) => {
    if (!id) {
      setChoice({ state: 'none' });
      return;
    }
    if (isBuiltInId(id)) {
      setChoice({ state: 'loading', id });
      const set = await loadBuiltInSets().then(
        (sets) => sets.find((s) => s.id === id),
        () => null,
      );
      if (set === null) {
        setChoice({ state: 'failed', id, error: { code: 'internal_error', message: 'the built-in sets could not be loaded' } });
        return;
      }
      setChoice(set ? { state: 'chosen', set } : { state: 'failed', id, error: { code: 'set_not_found', message: 'no such built-in set' } });
      return;
    }
    const key = storedTeacherKey();
    if (!key) {
      setChoice({ state: 'failed', id, error: { code: 'key_required', message: 'no teacher key in this browser' } });
      return;
    }
    setChoice({ state: 'loading', id });
    const result = await setApi.get(key, id);
    if (result.ok) {
      const { title, lang, description, items } = result.data.set;
      setChoice({ state: 'chosen', set: { id, title, lang, description, items } });
    } else setChoice({ state: 'failed', id, error: result.error });
  };
  useEffect(() => {
    if (initialId) void choose(initialId);
  }, []);
  return { choice, choose };
}

function ItemLine({ item }: { item: SetItem }) {
  const { t } = useI18n();
  const settings: string[] = [];
  if (item.timeLimitSec === null) settings.push(t('setup.set.untimed'));
  else if (item.timeLimitSec !== undefined) settings.push(t('setup.set.time', { n: item.timeLimitSec }));
  if (item.points !== 1) settings.push(t('setup.set.points', { n: item.points }));
  return (
    <li>
      {item.type === 'generated' ? (
        `${t(`kind.${item.kind}`)} · ${t(`difficulty.${item.difficulty}`)}`
      ) : item.type === 'numeric' ? (
        t('setup.set.item.numeric', { asks: item.asks.join(', ') })
      ) : (
        <>
          {/* The words carry their own space (English) or none (after a Chinese colon). */}
          {t('setup.set.item.choice')}
          <AuthoredText text={item.question} />
        </>
      )}
      {settings.length > 0 && <span class="muted"> · {settings.join(' · ')}</span>}
    </li>
  );
}

/** The picker and, once a set is chosen, what it will play. */
export function SetPicker({ choice, onChoose }: { choice: SetChoice; onChoose: (id: string | null) => void }) {
  const { t, lang } = useI18n();
  const id = useId();
  // Loaded here, not in the whole form: a form re-rendered under a half-typed number field would reset it.
  const [own, setOwn] = useState<SetSummary[] | null>(null);
  const [builtInSets, setBuiltIns] = useState<readonly SetSnapshot[]>([]);
  useEffect(() => {
    let live = true;
    void loadBuiltInSets().then((sets) => live && setBuiltIns(sets), () => undefined);
    const key = storedTeacherKey();
    if (key) void setApi.list(key).then((result) => live && result.ok && setOwn([...result.data.sets].sort((a, b) => b.updatedAt - a.updatedAt)));
    return () => {
      live = false;
    };
  }, []);
  const chosenId = choice.state === 'chosen' ? choice.set.id : choice.state === 'none' ? '' : choice.id;
  const builtIns = [...builtInSets].sort((a, b) => Number(b.lang === lang.value) - Number(a.lang === lang.value));
  const hasKey = storedTeacherKey() !== null;
  return (
    <div class="setup-set">
      <div class="field">
        <label class="field__label" for={`${id}-set`}>
          {t('setup.set.pick')}
        </label>
        <select id={`${id}-set`} class="text-input setup-set__select" value={chosenId ?? ''} onChange={(event) => onChoose(event.currentTarget.value || null)}>
          <option value="">{t('setup.set.choose')}</option>
          {own && own.length > 0 && (
            <optgroup label={t('setup.set.own')}>
              {own.map((set) => (
                <option key={set.id} value={set.id}>
                  {set.title}
                </option>
              ))}
            </optgroup>
          )}
          <optgroup label={t('setup.set.builtIn')}>
            {builtIns.map((set) => (
              <option key={set.id!} value={set.id!}>
                {set.title} · {LANG_NAMES[set.lang]}
              </option>
            ))}
          </optgroup>
        </select>
        <span class="field__hint">
          {!hasKey && `${t('setup.set.noKey')} `}
          <a href="/library">{t('setup.set.library')}</a>
        </span>
      </div>
      <div role="status">
        {choice.state === 'loading' && <p class="muted">{t('setup.set.loading')}</p>}
        {choice.state === 'failed' && <p class="field__error">{t(errorKey(choice.error))}</p>}
        {choice.state === 'none' && <p class="field__hint">{t('setup.set.missing')}</p>}
      </div>
      {choice.state === 'chosen' && (
        <div class="setup-set__summary" data-testid="setup-set-summary">
          <p class="setup-set__title">
            <strong>
              <bdi>{choice.set.title}</bdi>
            </strong>{' '}
            <span class="muted">
              · {t(choice.set.items.length === 1 ? 'setup.set.items.one' : 'setup.set.items', { n: choice.set.items.length })} · {LANG_NAMES[choice.set.lang]}
            </span>
          </p>
          {choice.set.description && <p class="muted">{choice.set.description}</p>}
          <ol class="setup-set__items">
            {choice.set.items.map((item, i) => (
              <ItemLine key={i} item={item} />
            ))}
          </ol>
          <p class="field__hint">{t('setup.set.timeHint')}</p>
        </div>
      )}
    </div>
  );
}

/** "Save these settings as a set": the generated settings, planned as the room would, saved to the library (a key is made if needed). */
export function SaveAsSet({ state, disabled }: { state: SetupState; disabled: boolean }) {
  const { t, lang } = useI18n();
  const [status, setStatus] = useState<{ pending: boolean; saved: StoredSet | null; failed: boolean }>({ pending: false, saved: null, failed: false });
  const save = async () => {
    setStatus({ pending: true, saved: null, failed: false });
    const key = await ensureTeacherKey();
    const title = state.title.trim() || t('setup.saveSet.defaultTitle', { date: new Date().toLocaleDateString(lang.value, { dateStyle: 'medium' }) });
    const result = key.ok ? await setApi.create(key.key, setFromSetup(state, { title })) : null;
    setStatus({ pending: false, saved: result?.ok ? result.data.set : null, failed: !result?.ok });
  };
  return (
    <div class="setup-save-set">
      <button type="button" class="button" disabled={disabled || status.pending} aria-describedby="setup-save-set-hint" onClick={() => void save()}>
        {status.pending ? t('setup.saveSet.saving') : t('setup.saveSet')}
      </button>
      <p class="field__hint" id="setup-save-set-hint">
        {t('setup.saveSet.hint')}
      </p>
      <div role="status" data-testid="setup-save-set-status">
        {status.saved && (
          <p>
            {t('setup.saveSet.saved', { title: status.saved.title })} <a href={`/library/${encodeURIComponent(status.saved.id)}`}>{t('setup.saveSet.open')}</a>
          </p>
        )}
        {status.failed && <p class="field__error">{t('setup.saveSet.failed')}</p>}
      </div>
    </div>
  );
}
