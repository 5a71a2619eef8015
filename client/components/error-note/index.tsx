import type { ComponentChildren } from 'preact';
import { useI18n } from '../../app-context.ts';
import { errorText } from '../../room/error-text.ts';
import type { ClientError } from '../../room/room-connection.ts';
import { RichText } from '../math/index.tsx';
import './error-note.css';

/**
 * A refused request in words, announced at once (role="alert"). An unreadable answer also
 * shows the engine's explanation; other details (a free nickname…) come as children.
 */
export function ErrorNote({ error, id, children }: { error: ClientError | null; id?: string; children?: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <div class="error-note-region" id={id} role="alert">
      {error && (
        <div class="error-note">
          <svg class="error-note__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M12 2.5 22.5 21h-21Z" />
            <path d="M12 9v5.2m0 3v.3" class="error-note__mark" />
          </svg>
          <div>
            <p class="error-note__text">{error.text ? <RichText text={error.text} /> : errorText(t, error)}</p>
            {children}
          </div>
        </div>
      )}
    </div>
  );
}
