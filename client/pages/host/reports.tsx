import { useState } from 'preact/hooks';
import { useI18n } from '../../app-context.ts';
import { ErrorNote } from '../../components/error-note/index.tsx';
import { isErrorCode } from '../../room/error-codes.ts';
import type { ClientError, RoomStore } from '../../room/room-connection.ts';

type ReportKind = 'players' | 'questions' | 'teams' | 'json';

const REPORT_PATHS: Record<ReportKind, string> = {
  players: 'report.csv',
  questions: 'questions.csv',
  teams: 'teams.csv',
  json: 'report.json',
};

/** The name the server suggests (Content-Disposition), else one made from the code. */
function fileNameOf(response: Response, code: string, kind: ReportKind): string {
  const header = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header)?.[1];
  return plain ?? `backprop-arena-${code}-${kind}.${kind === 'json' ? 'json' : 'csv'}`;
}

async function errorOf(response: Response): Promise<ClientError> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown } };
    if (isErrorCode(body.error?.code)) return { code: body.error.code };
  } catch {
    // not JSON: a proxy's page
  }
  return { code: response.status === 503 ? 'server_restarting' : 'internal_error' };
}

/**
 * The game's report, for the teacher's records: fetched with the host token in a header (a
 * URL with a token would end up in histories and proxy logs), then saved from a Blob.
 */
export function ReportDownloads({ store, teams }: { store: RoomStore; teams: boolean }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<ReportKind | null>(null);
  const [error, setError] = useState<ClientError | null>(null);

  const download = async (kind: ReportKind) => {
    setBusy(kind);
    setError(null);
    try {
      const response = await store.fetchWithSeat(`/api/rooms/${encodeURIComponent(store.code)}/${REPORT_PATHS[kind]}`);
      if (!response.ok) {
        setError(await errorOf(response));
        return;
      }
      // The JSON answer comes in the API's envelope ({ ok, data }): the file keeps only the report.
      const blob =
        kind === 'json'
          ? new Blob([JSON.stringify(((await response.json()) as { data: unknown }).data, null, 2)], { type: 'application/json' })
          : await response.blob();
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = fileNameOf(response, store.code, kind);
      link.rel = 'external';
      document.body.append(link);
      link.click();
      link.remove();
      // Give the browser time to start the download before the Blob goes.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      setError({ code: 'offline' });
    } finally {
      setBusy(null);
    }
  };

  const kinds: ReportKind[] = teams ? ['players', 'questions', 'teams', 'json'] : ['players', 'questions', 'json'];
  return (
    <section class="card host-reports" aria-labelledby="host-reports">
      <h2 id="host-reports">{t('host.reports.title')}</h2>
      <p class="muted">{t('host.reports.body')}</p>
      <div class="host-reports__buttons">
        {kinds.map((kind) => (
          <button key={kind} type="button" class="button" disabled={busy !== null} data-report={kind} onClick={() => void download(kind)}>
            <svg viewBox="0 0 24 24" class="host-reports__icon" aria-hidden="true" focusable="false">
              <path d="M12 4v11m-5-5 5 5 5-5M5 20h14" />
            </svg>
            {busy === kind ? t('host.reports.downloading') : t(`host.reports.${kind}`)}
          </button>
        ))}
      </div>
      <ErrorNote error={error} />
    </section>
  );
}
