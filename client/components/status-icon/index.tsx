import type { VerdictStatus } from '../../../shared/engine/index.ts';
import './status-icon.css';

/**
 * A distinct shape per verdict (tick, ≈, cross, exclamation mark), so the status never
 * depends on colour alone. Decorative: the text next to it names the status.
 */
export function StatusIcon({ status }: { status: VerdictStatus }) {
  return (
    <svg class={`status-icon status-icon--${status}`} viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      {status === 'invalid' ? (
        <path d="M12 2.5 22.5 21h-21Z" class="status-icon__shape" />
      ) : (
        <circle cx="12" cy="12" r="10.5" class="status-icon__shape" />
      )}
      {status === 'correct' && <path d="m6.8 12.4 3.4 3.4 7-7.4" class="status-icon__mark" />}
      {status === 'close' && <path d="M6.5 9.8c1.8-1.6 3.6-1.6 5.5 0s3.7 1.6 5.5 0M6.5 14.8c1.8-1.6 3.6-1.6 5.5 0s3.7 1.6 5.5 0" class="status-icon__mark" />}
      {status === 'wrong' && <path d="m8 8 8 8m0-8-8 8" class="status-icon__mark" />}
      {status === 'invalid' && <path d="M12 9v5.2m0 3v.3" class="status-icon__mark" />}
    </svg>
  );
}
