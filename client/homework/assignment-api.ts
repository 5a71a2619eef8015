/**
 * The teacher's assignment API (shared/protocol/homework.ts) as the assignment pages call it,
 * with the teacher key of the library in the `Authorization` header. Like the set API, a failed
 * request resolves to `{ ok: false }` with a code the page words; nothing throws.
 */
import type {
  AssignmentCsvPart,
  AssignmentListResult,
  AssignmentReport,
  AssignmentResult,
  CreateAssignmentPayload,
  UpdateAssignmentPayload,
} from '../../shared/protocol/homework.ts';
import type { ErrorCode } from '../../shared/protocol/errors.ts';

export interface AssignmentApiError {
  code: ErrorCode;
  message: string;
  retryAfterMs?: number;
}
export type AssignmentApiResponse<T> = { ok: true; data: T } | { ok: false; error: AssignmentApiError };

async function request<T>(method: string, path: string, key: string, json?: unknown): Promise<AssignmentApiResponse<T>> {
  const headers: Record<string, string> = { Authorization: `Bearer ${key}` };
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  try {
    const response = await fetch(path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json), cache: 'no-store' });
    const parsed = (await response.json().catch(() => null)) as AssignmentApiResponse<T> | null;
    if (parsed && typeof parsed === 'object' && 'ok' in parsed) return parsed;
    return { ok: false, error: { code: response.status === 503 ? 'server_restarting' : 'internal_error', message: `HTTP ${response.status}` } };
  } catch {
    return { ok: false, error: { code: 'internal_error', message: 'the server could not be reached' } };
  }
}

const pathOf = (code: string) => `/api/assignments/${encodeURIComponent(code)}`;

export const assignmentApi = {
  list: (key: string) => request<AssignmentListResult>('GET', '/api/assignments', key),
  create: (key: string, payload: CreateAssignmentPayload) => request<AssignmentResult>('POST', '/api/assignments', key, payload),
  get: (key: string, code: string) => request<AssignmentResult>('GET', pathOf(code), key),
  update: (key: string, code: string, payload: UpdateAssignmentPayload) => request<AssignmentResult>('PATCH', pathOf(code), key, payload),
  report: (key: string, code: string) => request<AssignmentReport>('GET', `${pathOf(code)}/report`, key),
};

/** The name the server gives a download (Content-Disposition), else `fallback`. */
function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // the plain name, then
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? fallback;
}

/**
 * Saves the report (JSON, or one CSV part) through the browser's download. Fetched with the key
 * in a header rather than opened as a link: a key in a URL ends up in histories and proxy logs.
 */
export async function downloadReport(key: string, code: string, format: 'json' | AssignmentCsvPart): Promise<AssignmentApiResponse<null>> {
  const query = format === 'json' ? '' : `?${new URLSearchParams({ format: 'csv', part: format })}`;
  let response: Response;
  try {
    response = await fetch(`${pathOf(code)}/report${query}`, { headers: { Authorization: `Bearer ${key}` }, cache: 'no-store' });
  } catch {
    return { ok: false, error: { code: 'internal_error', message: 'the server could not be reached' } };
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as AssignmentApiResponse<never> | null;
    return body && !body.ok ? body : { ok: false, error: { code: 'internal_error', message: `HTTP ${response.status}` } };
  }
  // The JSON answer comes in the API's envelope: the file keeps only the report.
  const blob =
    format === 'json'
      ? new Blob([JSON.stringify(((await response.json()) as { data: unknown }).data, null, 2)], { type: 'application/json' })
      : await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(response, `backprop-arena-homework-${code}-${format}.${format === 'json' ? 'json' : 'csv'}`);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { ok: true, data: null };
}
