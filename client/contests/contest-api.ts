/**
 * The contest HTTP API as the organizer's pages, the board and the host's set-up call it
 * (shared/protocol/contests.ts). Organizer requests carry this browser's teacher key (the library's).
 * A failed request resolves to `{ ok: false }` with a code the page words; it never throws.
 */
import type {
  ContestApiError,
  ContestApiResponse,
  ContestBoard,
  ContestControlPayload,
  ContestCsvPart,
  ContestListResult,
  ContestResult,
  ContestRoomKeyResult,
  CreateContestPayload,
} from '../../shared/protocol/contests.ts';

const NETWORK_ERROR: ContestApiError = { code: 'internal_error', message: 'the server could not be reached' };

async function request<T>(method: string, path: string, options: { key?: string | null; json?: unknown } = {}): Promise<ContestApiResponse<T>> {
  const headers: Record<string, string> = {};
  if (options.key) headers.Authorization = `Bearer ${options.key}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  try {
    const response = await fetch(path, { method, headers, body, cache: 'no-store' });
    const parsed = (await response.json().catch(() => null)) as ContestApiResponse<T> | null;
    if (parsed && typeof parsed === 'object' && 'ok' in parsed) return parsed;
    return { ok: false, error: { code: response.status === 404 ? 'not_found' : 'internal_error', message: `HTTP ${response.status}` } };
  } catch {
    return { ok: false, error: NETWORK_ERROR };
  }
}

const contestPath = (code: string) => `/api/contests/${encodeURIComponent(code)}`;

export const contestApi = {
  list: (key: string) => request<ContestListResult>('GET', '/api/contests', { key }),
  create: (key: string, payload: CreateContestPayload) => request<ContestResult>('POST', '/api/contests', { key, json: payload }),
  get: (key: string, code: string) => request<ContestResult>('GET', contestPath(code), { key }),
  control: (key: string, code: string, action: ContestControlPayload['action']) => request<ContestResult>('POST', `${contestPath(code)}/control`, { key, json: { action } }),
  board: (code: string) => request<ContestBoard>('GET', `${contestPath(code)}/board`),
  roomKey: (roomKey: string) => request<ContestRoomKeyResult>('GET', `/api/contest-rooms/${encodeURIComponent(roomKey)}`),
};

/** `/api/contests/:code/report`, JSON or one CSV part, as the organizer downloads it. */
export function reportPath(code: string, format: { csv: ContestCsvPart } | 'json'): string {
  return format === 'json' ? `${contestPath(code)}/report` : `${contestPath(code)}/report?${new URLSearchParams({ format: 'csv', part: format.csv })}`;
}

/**
 * Downloads a report through the browser's download. The key rides in a header, so a plain link
 * cannot do it: the file is fetched, then handed over as a blob with the server's file name.
 */
export async function downloadReport(key: string, code: string, format: { csv: ContestCsvPart } | 'json'): Promise<ContestApiError | null> {
  let response: Response;
  try {
    response = await fetch(reportPath(code, format), { headers: { Authorization: `Bearer ${key}` }, cache: 'no-store' });
  } catch {
    return NETWORK_ERROR;
  }
  if (!response.ok) {
    const parsed = (await response.json().catch(() => null)) as ContestApiResponse<never> | null;
    return parsed && !parsed.ok ? parsed.error : { code: 'internal_error', message: `HTTP ${response.status}` };
  }
  const blob = await response.blob();
  const fallback = `contest-${code}-${format === 'json' ? 'report.json' : `${format.csv}.csv`}`;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(response.headers.get('content-disposition') ?? '') ?? fallback;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return null;
}

/** The name in a Content-Disposition header (RFC 5987 form first), or `null`. */
export function fileNameOf(header: string): string | null {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // the plain name below
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? null;
}

/** "C-AB12CD": how a contest code is shown (the `C-` only on screen, never in a path). */
export function shownCode(code: string): string {
  return `C-${code}`;
}
