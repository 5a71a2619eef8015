/** "Saving… / Saved / Not saved: reason", announced politely as it changes. */
import { useI18n } from '../../app-context.ts';
import type { SaveStatus } from './editor-store.ts';

const FAILURES = ['internal_error', 'key_required', 'unknown_key', 'not_owner', 'set_not_found', 'invalid_set', 'too_many_sets', 'too_large', 'rate_limited'] as const;
type Failure = (typeof FAILURES)[number];

export function SaveStatusLine({ status, onReload }: { status: SaveStatus; onReload: () => void }) {
  const { t } = useI18n();
  let text: string;
  switch (status.state) {
    case 'saved':
      text = t('editor.status.saved');
      break;
    case 'pending':
    case 'saving':
      text = t('editor.status.saving');
      break;
    case 'partial':
      text = t(status.items.length === 1 ? 'editor.status.partialOne' : 'editor.status.partial', { items: status.items.join(', ') });
      break;
    case 'invalid':
      text = t(`editor.status.invalid.${status.reason}`);
      break;
    case 'failed': {
      const code: Failure = (FAILURES as readonly string[]).includes(status.code) ? (status.code as Failure) : 'internal_error';
      text = t('editor.status.failed', { reason: t(`editor.failure.${code}`) });
      break;
    }
    case 'stale':
      text = t('editor.status.stale');
      break;
  }
  const tone = status.state === 'saved' ? 'saved' : status.state === 'pending' || status.state === 'saving' ? 'saving' : 'problem';
  return (
    <div class={`editor-status editor-status--${tone}`}>
      <p class="editor-status__text" role="status" data-testid="save-status" data-state={status.state}>
        {tone === 'saved' && (
          <svg class="editor-status__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="m5 12.5 4.5 4.5L19 7.5" />
          </svg>
        )}
        {text}
      </p>
      {status.state === 'stale' && (
        <button type="button" class="button" onClick={onReload}>
          {t('editor.reload')}
        </button>
      )}
    </div>
  );
}
