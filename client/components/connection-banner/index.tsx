import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../app-context.ts';
import type { ConnectionStatus } from '../../room/room-connection.ts';
import './connection-banner.css';

export interface ConnectionBannerProps {
  status: ConnectionStatus;
  /** The server speaks a newer protocol: offer a reload. */
  outdated?: boolean;
  /** Called by the "Try now" button (skips the wait between attempts). */
  onRetry?: () => void;
}

/** The first connection gets this long before a banner says anything (a fast load shows none). */
const FIRST_CONNECT_GRACE_MS = 1500;

/**
 * A bar at the top of the game screens while the connection is down, in words and with a
 * distinct icon (never colour alone). The region stays mounted so screen readers announce
 * each change, and the game underneath stays readable.
 */
export function ConnectionBanner({ status, outdated = false, onRetry }: ConnectionBannerProps) {
  const { t } = useI18n();
  const [graceOver, setGraceOver] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setGraceOver(true), FIRST_CONNECT_GRACE_MS);
    return () => clearTimeout(timer);
  }, []);

  const message =
    status === 'restarting'
      ? t('connection.restarting')
      : status === 'reconnecting'
        ? t('connection.reconnecting')
        : status === 'connecting' && graceOver
          ? t('connection.connecting')
          : null;

  return (
    <div class="connection-banner-region" role="status" aria-live="polite">
      {message && (
        <div class={`connection-banner connection-banner--${status}`} data-testid="connection-banner">
          <svg class="connection-banner__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M2.5 9a14 14 0 0 1 19 0M6 12.5a9 9 0 0 1 12 0M9.5 16a4 4 0 0 1 5 0" />
            <path d="m3 3 18 18" />
          </svg>
          <span class="connection-banner__text">{message}</span>
          {onRetry && status !== 'connecting' && (
            <button type="button" class="button connection-banner__retry" onClick={onRetry}>
              {t('connection.retry')}
            </button>
          )}
        </div>
      )}
      {outdated && (
        <div class="connection-banner connection-banner--outdated">
          <span class="connection-banner__text">{t('connection.outdated')}</span>
          <button type="button" class="button connection-banner__retry" onClick={() => location.reload()}>
            {t('connection.reload')}
          </button>
        </div>
      )}
    </div>
  );
}
