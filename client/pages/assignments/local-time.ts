/** Epoch milliseconds to and from the value of an `<input type="datetime-local">` (the teacher's own time zone). */
const pad = (n: number) => String(n).padStart(2, '0');

export function toLocalInput(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `null` for an empty or unreadable value. */
export function fromLocalInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const at = new Date(value).getTime();
  return Number.isFinite(at) ? at : null;
}

/** A week from today at 22:00: a usual homework deadline. */
export function defaultDeadline(now = Date.now()): number {
  const d = new Date(now + 7 * 24 * 60 * 60 * 1000);
  d.setHours(22, 0, 0, 0);
  return d.getTime();
}

export function shortDateTime(at: number, lang: string): string {
  return new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(at);
}
