import { useEffect, useId, useState } from 'preact/hooks';
import type { JoinAddressesResult } from '../../../shared/protocol/index.ts';
import { isLoopbackHost } from '../../../shared/net/loopback-host.ts';
import { useI18n } from '../../app-context.ts';
import { QrCode } from '../../components/qr-code/index.tsx';
import { keyTransferUrl } from '../../library/set-api.ts';

/** Copies `text`; false when the browser refuses (no permission, not a secure context). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where another device reaches this server: this page's origin, except on localhost, where a
 * phone scanning the code would open its own localhost: then the server's public URL or its
 * first network address (as the lobby's join link does).
 */
export function useReachableOrigin(): string {
  const [origin, setOrigin] = useState(location.origin);
  useEffect(() => {
    if (!isLoopbackHost(location.hostname)) return;
    let live = true;
    fetch('/api/join-addresses', { cache: 'no-store' })
      .then((response) => (response.ok ? (response.json() as Promise<{ ok: true; data: JoinAddressesResult }>) : null))
      .then((body) => {
        // A server on a loopback address only is reached from nowhere else: the page's origin is as good as any.
        const found = body?.data.publicUrl ?? (body?.data.localOnly ? null : body?.data.addresses[0]?.url);
        if (live && found) setOrigin(new URL(found).origin);
      })
      .catch(() => undefined); // the page's own origin stays
    return () => {
      live = false;
    };
  }, []);
  return origin;
}

/**
 * The teacher key, to take to another device: the key to copy, and a QR code of the library's
 * address with the key in its fragment. Shown once when the key is made, later on request.
 */
export function KeyPanel({ teacherKey, first, onClose }: { teacherKey: string; first: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [copied, setCopied] = useState<boolean | null>(null);
  const url = keyTransferUrl(useReachableOrigin(), teacherKey);
  return (
    <section class="card library-key" aria-labelledby={`${id}-title`} data-testid="key-panel">
      <h2 id={`${id}-title`}>{t('library.key.title')}</h2>
      <div class="library-key__body">
        <div class="library-key__text">
          <p>{t(first ? 'library.key.first' : 'library.key.again')}</p>
          <div class="field">
            <label class="field__label" for={`${id}-key`}>
              {t('library.key.label')}
            </label>
            <input
              id={`${id}-key`}
              class="text-input library-key__value"
              type="text"
              readOnly
              value={teacherKey}
              spellcheck={false}
              autoComplete="off"
              onFocus={(event) => event.currentTarget.select()}
            />
          </div>
          <div class="library-key__actions">
            <button
              type="button"
              class="button"
              onClick={async () => {
                setCopied(await copyText(teacherKey));
              }}
            >
              {t('library.key.copy')}
            </button>
            <button type="button" class="button button--primary" onClick={onClose}>
              {t(first ? 'library.key.kept' : 'library.key.hide')}
            </button>
          </div>
          <p class="field__note" role="status">
            {copied === true ? t('library.key.copied') : copied === false ? t('library.key.copyFailed') : ''}
          </p>
        </div>
        <figure class="library-key__qr">
          <QrCode value={url} label={t('library.key.qr')} />
          <figcaption class="field__hint">{t('library.key.qrHint')}</figcaption>
        </figure>
      </div>
    </section>
  );
}

/** "Use a key from another device": a pasted key, checked for its look here and by the server after. */
export function KeyFromOtherDevice({ onUse, error, pending }: { onUse: (key: string) => void; error: string | null; pending: boolean }) {
  const { t } = useI18n();
  const id = useId();
  const [value, setValue] = useState('');
  return (
    <details class="library-other-key" open={error !== null || undefined}>
      <summary>{t('library.key.other')}</summary>
      <form
        class="library-other-key__form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          onUse(value.trim());
        }}
      >
        <div class="field">
          <label class="field__label" for={`${id}-paste`}>
            {t('library.key.paste')}
          </label>
          <input
            id={`${id}-paste`}
            class="text-input library-key__value"
            type="text"
            value={value}
            spellcheck={false}
            autoComplete="off"
            autoCapitalize="off"
            aria-invalid={error !== null}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
            onInput={(event) => setValue(event.currentTarget.value)}
          />
          <span class="field__hint" id={`${id}-hint`}>
            {t('library.key.pasteHint')}
          </span>
          {error && (
            <span class="field__error" id={`${id}-error`}>
              {error}
            </span>
          )}
        </div>
        <button type="submit" class="button" disabled={pending}>
          {t('library.key.use')}
        </button>
      </form>
    </details>
  );
}
