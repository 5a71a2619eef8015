import type { ComponentChildren } from 'preact';
import type { Text, VerdictStatus } from '../../../shared/engine/index.ts';
import { useI18n } from '../../app-context.ts';
import { RichText } from '../math/index.tsx';
import { StatusIcon } from '../status-icon/index.tsx';
import './verdict-view.css';

export interface VerdictLike {
  status: VerdictStatus;
  /** The engine's message: the diagnosis of a named mistake, the accepted range, a parse error. */
  message?: Text;
}

export interface VerdictViewProps {
  /** null renders the empty live region, ready to announce the next verdict. */
  verdict: VerdictLike | null;
  /** Shown before the status, e.g. "Step 2". */
  context?: string;
  /** Extra content under the message: the correct answer, the points, a note. */
  children?: ComponentChildren;
  id?: string;
}

/**
 * A verdict as icon + words + the diagnosis, inside a polite live region that stays mounted
 * so screen readers announce each new verdict.
 */
export function VerdictView({ verdict, context, children, id }: VerdictViewProps) {
  const { t } = useI18n();
  const message = verdict?.message && verdict.message.key !== 'verdict.correct' ? verdict.message : null;
  return (
    <div class="verdict-region" id={id} aria-live="polite" aria-atomic="true">
      {verdict && (
        <div class={`verdict verdict--${verdict.status}`}>
          <p class="verdict__status">
            <StatusIcon status={verdict.status} />
            <span>
              {context && <span class="verdict__context">{context} · </span>}
              {t(`verdict.${verdict.status}`)}
            </span>
          </p>
          {message && (
            <p class="verdict__message">
              <RichText text={message} />
            </p>
          )}
          {children}
        </div>
      )}
    </div>
  );
}
