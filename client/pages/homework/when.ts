/**
 * The assignment's times as a student reads them: the server's epoch milliseconds shown on the
 * device's own calendar, and how long until then counted from the server's clock (a phone's wall
 * clock may be off by minutes).
 */
import type { Lang } from '../../../shared/engine/index.ts';

export function dateTime(at: number, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(at);
}

/** "in 3 days", "in 2 hours", "in 5 minutes" (never "in 0 minutes"). */
export function fromNow(ms: number, lang: Lang): string {
  const format = new Intl.RelativeTimeFormat(lang, { numeric: 'always' });
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 90) return format.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 36) return format.format(hours, 'hour');
  return format.format(Math.round(hours / 24), 'day');
}

/** The offset to add to this device's `Date.now()` to read the server's clock. */
export function clockOffset(serverNow: number, localNow = Date.now()): number {
  return serverNow - localNow;
}
