import { useState } from 'preact/hooks';
import { useI18n } from '../../app-context.ts';
import { ErrorNote } from '../../components/error-note/index.tsx';
import { isErrorCode } from '../../room/error-codes.ts';
import type { PastGameInfo } from '../../../shared/protocol/index.ts';
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

/** One game of the room, as its row of downloads shows it. */
interface GameRow {
  game: number;
  /** `null`: the game being played now (or the room's only one). */
  past: PastGameInfo | null;
}

function clock(at: number, lang: string): string {
  return new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' }).format(at);
}

/** "21:05–21:12 · 5 players · 3 questions": enough to tell a room's games apart. */
function pastGameDetails(past: PastGameInfo, lang: string, t: ReturnType<typeof useI18n>['t']): string {
  const when = past.startedAt === null ? clock(past.endedAt, lang) : `${clock(past.startedAt, lang)}–${clock(past.endedAt, lang)}`;
  const players = past.players === 1 ? t('host.reports.onePlayer') : t('host.reports.players.count', { n: past.players });
  const questions = past.scoredQuestions === 1 ? t('host.reports.oneQuestion') : t('host.reports.questions.count', { n: past.scoredQuestions });
  return [when, players, questions].join(' · ');
}

/**
 * The room's reports, for the teacher's records: every game it played (a room that played again
 * keeps the earlier ones, `?game=N`), each fetched with the host token in a header (a URL with a
 * token would end up in histories and proxy logs), then saved from a Blob.
 */
export function ReportDownloads({ store, teams, finishedOnly = false }: { store: RoomStore; teams: boolean; finishedOnly?: boolean }) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const room = store.hostSnapshot.value?.room ?? null;
  const pastGames = room?.pastGames ?? [];
  // A room that never played again keeps its plain addresses (and file names); after "Play again" every game is named.
  // `finishedOnly` (the lobby of a room that played again): the game about to start has nothing to download yet.
  const rows: GameRow[] = [...pastGames.map((past) => ({ game: past.game, past })), ...(finishedOnly ? [] : [{ game: room?.game ?? 1, past: null }])];
  const several = rows.length > 1 || finishedOnly;

  const download = async (row: GameRow, kind: ReportKind) => {
    setBusy(`${row.game}:${kind}`);
    setError(null);
    try {
      const query = several ? `?game=${row.game}` : '';
      const response = await store.fetchWithSeat(`/api/rooms/${encodeURIComponent(store.code)}/${REPORT_PATHS[kind]}${query}`);
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
      link.download = fileNameOf(response, several ? `${store.code}-game${row.game}` : store.code, kind);
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
  const buttons = (row: GameRow, labelledBy: string | undefined) => (
    <div class="host-reports__buttons" role={labelledBy ? 'group' : undefined} aria-labelledby={labelledBy}>
      {kinds.map((kind) => (
        <button key={kind} type="button" class="button" disabled={busy !== null} data-report={kind} onClick={() => void download(row, kind)}>
          <svg viewBox="0 0 24 24" class="host-reports__icon" aria-hidden="true" focusable="false">
            <path d="M12 4v11m-5-5 5 5 5-5M5 20h14" />
          </svg>
          {busy === `${row.game}:${kind}` ? t('host.reports.downloading') : t(`host.reports.${kind}`)}
        </button>
      ))}
    </div>
  );
  return (
    <section class="card host-reports" aria-labelledby="host-reports">
      <h2 id="host-reports">{t('host.reports.title')}</h2>
      <p class="muted">{t('host.reports.body')}</p>
      {several ? (
        <ol class="host-reports__games">
          {rows.map((row) => (
            <li key={row.game} class="host-reports__game" data-game={row.game}>
              <p class="host-reports__game-name" id={`host-reports-game-${row.game}`}>
                <strong>{t('host.reports.game', { n: row.game })}</strong>{' '}
                <span class="muted">{row.past ? pastGameDetails(row.past, lang.value, t) : t('host.reports.thisGame')}</span>
              </p>
              {buttons(row, `host-reports-game-${row.game}`)}
            </li>
          ))}
        </ol>
      ) : (
        buttons(rows[0]!, undefined)
      )}
      <ErrorNote error={error} />
    </section>
  );
}
