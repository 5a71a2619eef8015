import { useId, useRef, useState } from 'preact/hooks';
import type { Lang } from '../../../shared/engine/index.ts';
import type { StoredSet } from '../../../shared/protocol/sets.ts';
import type { SetIssue } from '../../../shared/question-sets/schema.ts';
import { LIMITS } from '../../../shared/protocol/constants.ts';
import { checkSetFile } from '../../library/built-in-sets.ts';
import { useI18n } from '../../app-context.ts';
import { LANG_NAMES, UI_LANGS } from '../../i18n/index.ts';
import { issueWhat, issueWhere, setErrorText } from '../../library/issue-text.ts';
import { setApi } from '../../library/set-api.ts';

interface PendingCsv {
  file: string;
  text: string;
  title: string;
  lang: Lang;
}

/** The file name without its extension: the CSV's default title. */
function baseName(name: string): string {
  return name.replace(/\.[^.]*$/, '').trim().slice(0, LIMITS.titleLength);
}

/**
 * Import: a set file (.json) goes up as it is; a CSV first asks the set's title and language
 * (from the file name and the page's language). A refusal lists every issue the server found,
 * where it is and what is wrong, in the page's language: nothing was saved.
 */
export function ImportPanel({ teacherKey, onImported }: { teacherKey: string; onImported: (set: StoredSet) => void }) {
  const { t, lang } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [csv, setCsv] = useState<PendingCsv | null>(null);
  const [issues, setIssues] = useState<SetIssue[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const refused = (result: Awaited<ReturnType<typeof setApi.importJson>>) => {
    if (result.ok) return false;
    if (result.error.code === 'invalid_set' && result.error.issues?.length) setIssues(result.error.issues);
    else setError(setErrorText(t, result.error));
    return true;
  };

  const upload = async (send: () => ReturnType<typeof setApi.importJson>) => {
    setPending(true);
    const result = await send();
    setPending(false);
    if (refused(result) || !result.ok) return;
    setCsv(null);
    onImported(result.data.set);
  };

  const choose = async (file: File | undefined) => {
    setIssues(null);
    setError(null);
    setCsv(null);
    if (!file) return;
    const text = await file.text();
    // Chosen again after a fix, the same file name must still fire `change`.
    if (input.current) input.current.value = '';
    const name = file.name.toLowerCase();
    if (name.endsWith('.csv')) {
      setCsv({ file: file.name, text, title: baseName(file.name) || file.name, lang: lang.value });
    } else if (name.endsWith('.json')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        setError(t('library.import.notJson'));
        return;
      }
      // Checked here first, as the server will: a refusal needs no round trip (the server checks again).
      const checked = await checkSetFile(parsed);
      if (!checked.ok) {
        setIssues(checked.issues);
        return;
      }
      await upload(() => setApi.importJson(teacherKey, parsed));
    } else {
      setError(t('library.import.fileType'));
    }
  };

  return (
    <section class="card library-import" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('library.import')}</h2>
      <div class="field">
        {/* The browser's own file button speaks the browser's language, not the page's: a label drawn as a button opens it. */}
        <input
          ref={input}
          id={`${id}-file`}
          class="visually-hidden library-import__file"
          type="file"
          accept=".json,.csv,application/json,text/csv"
          aria-describedby={`${id}-hint`}
          disabled={pending}
          onChange={(event) => void choose(event.currentTarget.files?.[0])}
        />
        <label class="button library-import__choose" for={`${id}-file`}>
          {t('library.import.choose')}
        </label>
        <span class="field__hint" id={`${id}-hint`}>
          {t('library.import.hint')}
        </span>
      </div>

      {csv && (
        <form
          class="library-import__csv"
          aria-labelledby={`${id}-csv`}
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            setIssues(null);
            setError(null);
            // The CSV reader is the server's (it needs Node's Buffer): every row is checked there.
            const meta = { title: csv.title.trim() || baseName(csv.file) || csv.file, lang: csv.lang };
            void upload(() => setApi.importCsv(teacherKey, csv.text, meta));
          }}
        >
          <h3 id={`${id}-csv`}>{t('library.import.csvTitle', { file: csv.file })}</h3>
          <div class="field">
            <label class="field__label" for={`${id}-csv-title`}>
              {t('library.import.setTitle')}
            </label>
            <input
              id={`${id}-csv-title`}
              class="text-input"
              type="text"
              maxLength={LIMITS.titleLength}
              value={csv.title}
              onInput={(event) => setCsv({ ...csv, title: event.currentTarget.value })}
            />
          </div>
          <fieldset class="library-import__lang">
            <legend>{t('library.import.setLang')}</legend>
            <div class="library-pills">
              {UI_LANGS.map((l) => (
                <label key={l} class="check check--pill" lang={l}>
                  <input type="radio" name={`${id}-csv-lang`} checked={csv.lang === l} onChange={() => setCsv({ ...csv, lang: l })} />
                  <span>{LANG_NAMES[l]}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <div class="library-row">
            <button type="submit" class="button button--primary" disabled={pending}>
              {t('library.import.submit')}
            </button>
            <button type="button" class="button button--quiet" onClick={() => setCsv(null)}>
              {t('library.import.cancel')}
            </button>
          </div>
        </form>
      )}

      <div role="alert" class="library-import__result">
        {error && <p class="field__error">{error}</p>}
        {issues && (
          <div class="library-issues" data-testid="import-issues">
            <p class="library-issues__head">{issues.length === 1 ? t('library.import.refused.one') : t('library.import.refused', { n: issues.length })}</p>
            <ul>
              {issues.map((issue, i) => (
                <li key={i}>{t('library.issue.line', { where: issueWhere(t, issue), what: issueWhat(t, issue) })}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}
