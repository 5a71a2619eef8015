import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { ContestBoard, ContestBoardRoom, ContestControlPayload, ContestCsvPart, ContestOrganizerView, ContestRoomSlot } from '../../../shared/protocol/contests.ts';
import { useI18n } from '../../app-context.ts';
import { QrCode } from '../../components/qr-code/index.tsx';
import { contestApi, downloadReport, shownCode } from '../../contests/contest-api.ts';
import { copyText, useReachableOrigin } from '../library/key-panel.tsx';
import { useDocumentTitle } from '../../use-document-title.ts';
import { contestErrorText } from './error-text.ts';
import { stageText } from './stage-text.ts';

/** How often the organizer's page asks for the contest and its board. */
export const ORGANIZER_POLL_MS = 2000;
const CSV_PARTS: readonly ContestCsvPart[] = ['players', 'teams', 'rooms', 'questions', 'mistakes'];

/** A room's status from the board (it knows a held question), else from the organizer's slot. */
function roomStatus(t: ReturnType<typeof useI18n>['t'], slot: ContestRoomSlot, board: ContestBoardRoom | undefined): string {
  const status = board?.status ?? (slot.room ? slot.room.phase : 'not-open');
  const index = board?.questionIndex ?? slot.room?.questionIndex ?? null;
  const n = index === null ? 0 : index + 1;
  switch (status) {
    case 'lobby':
    case 'question':
    case 'held':
    case 'reveal':
    case 'leaderboard':
    case 'podium':
    case 'ended':
    case 'not-open':
      return t(`contests.room.status.${status}`, { n });
    default:
      return status;
  }
}

/** /contests/:code: the board's link, every room's link to hand out, each room live, the lockstep controls, the reports. */
export function ContestOrganizer({ teacherKey, code }: { teacherKey: string; code: string }) {
  const { t } = useI18n();
  const id = useId();
  const origin = useReachableOrigin();
  const [contest, setContest] = useState<ContestOrganizerView | null>(null);
  const [board, setBoard] = useState<ContestBoard | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const live = useRef(true);
  /** The server's clock minus this browser's, from the last board: the deadline is the server's. */
  const [skew, setSkew] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useDocumentTitle(contest ? `${contest.title} · ${shownCode(contest.code)}` : t('contests.title'));

  const refresh = async () => {
    const [got, shown] = await Promise.all([contestApi.get(teacherKey, code), contestApi.board(code)]);
    if (!live.current) return;
    if (got.ok) {
      setContest(got.data.contest);
      setLoadError(null);
    } else setLoadError(contestErrorText(t, got.error));
    if (shown.ok) {
      setBoard(shown.data);
      setSkew(shown.data.serverNow - Date.now());
    }
  };

  useEffect(() => {
    live.current = true;
    void refresh();
    const timer = setInterval(() => void refresh(), ORGANIZER_POLL_MS);
    return () => {
      live.current = false;
      clearInterval(timer);
    };
  }, [code, teacherKey]);

  // A second's clock while a timed question is open, for the time left.
  const timed = contest?.stage.stage === 'question' && contest.stage.deadline !== null;
  useEffect(() => {
    if (!timed) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [timed]);

  const control = async (action: ContestControlPayload['action']) => {
    if (action === 'end' && !window.confirm(t('contests.control.endConfirm'))) return;
    setPending(true);
    setActionError(null);
    const done = await contestApi.control(teacherKey, code, action);
    setPending(false);
    if (done.ok) setContest(done.data.contest);
    else setActionError(contestErrorText(t, done.error));
    void refresh();
  };

  if (!contest) {
    return (
      <div class="library contests">
        <a href="/contests">{t('contests.back')}</a>
        {loadError ? (
          <p class="field__error" role="alert">
            {loadError}
          </p>
        ) : (
          <p class="muted" role="status">
            {t('contest.loading')}
          </p>
        )}
      </div>
    );
  }

  const total = contest.set.items;
  const stage = contest.stage;
  const lockstep = contest.settings.pacing === 'lockstep';
  const ended = stage.stage === 'ended';
  const boardUrl = `${origin}${contest.boardPath}`;
  const boardRooms = new Map((board?.rooms ?? []).map((room) => [room.slotId, room]));
  const openRooms = contest.rooms.filter((slot) => slot.room !== null).length;
  // Lockstep, question open: the rooms that have not closed it yet (the board says which hold it).
  const stillAnswering =
    stage.stage === 'question' ? contest.rooms.filter((slot) => slot.room !== null && boardRooms.get(slot.slotId)?.status === 'question').length : 0;

  return (
    <div class="library contests contests-organizer">
      <a href="/contests">{t('contests.back')}</a>
      <div class="library__head">
        <div>
          <p class="library__kicker">{shownCode(contest.code)}</p>
          <h1 data-testid="contest-title">
            <bdi>{contest.title}</bdi>
          </h1>
          <p class="muted">
            {t('contests.summary', {
              set: contest.set.title,
              items: t(total === 1 ? 'contests.items.one' : 'contests.items', { n: total }),
              pacing: t(`contests.pacing.${contest.settings.pacing}`),
            })}
          </p>
        </div>
      </div>
      {loadError && (
        <p class="field__error" role="alert">
          {loadError}
        </p>
      )}

      <section class="card contests-control" aria-labelledby={`${id}-control`} data-testid="contest-control">
        <h2 id={`${id}-control`}>{t('contests.control.title')}</h2>
        <p class="contests-control__stage" role="status" data-testid="contest-stage" data-stage={stage.stage}>
          {lockstep || ended ? stageText(t, stage, { total, open: openRooms, rooms: contest.rooms.length }) : t('contests.control.ownPace')}
        </p>
        <div class="library-row">
          {lockstep && stage.stage === 'lobby' && (
            <button type="button" class="button button--primary contests-control__main" disabled={pending || openRooms === 0} onClick={() => void control('start')}>
              {t('contests.control.start')}
            </button>
          )}
          {lockstep && stage.stage === 'question' && (
            <button type="button" class="button button--primary contests-control__main" disabled={pending} onClick={() => void control('close')}>
              {t('contests.control.close', { n: stage.index + 1 })}
            </button>
          )}
          {lockstep && stage.stage === 'reveal' && (
            <button type="button" class="button button--primary contests-control__main" disabled={pending} onClick={() => void control('next')}>
              {stage.index + 1 >= total ? t('contests.control.podium') : t('contests.control.next', { n: stage.index + 2 })}
            </button>
          )}
          {!ended && (
            <button type="button" class="button" disabled={pending} onClick={() => void control('end')}>
              {t('contests.control.end')}
            </button>
          )}
        </div>
        {lockstep && stage.stage === 'question' && stage.deadline !== null && (
          <p class="muted" data-testid="contest-time-left">
            {t('contests.control.timeLeft', { s: Math.max(0, Math.ceil((stage.deadline - (now + skew)) / 1000)) })}
          </p>
        )}
        {lockstep && stage.stage === 'question' && stillAnswering > 0 && (
          <p class="muted">{stillAnswering === 1 ? t('contests.control.waitingOne') : t('contests.control.waiting', { n: stillAnswering })}</p>
        )}
        <div role="alert">{actionError && <p class="field__error">{actionError}</p>}</div>
      </section>

      <div class="contests-organizer__grid">
        <section class="card contests-board-link" aria-labelledby={`${id}-board`}>
          <h2 id={`${id}-board`}>{t('contests.board')}</h2>
          <p class="muted">{t('contests.board.hint')}</p>
          <p>
            <a class="button button--primary" href={contest.boardPath} target="_blank" rel="noopener" data-testid="board-link">
              {t('contests.board.open')}
            </a>
          </p>
          <p class="contests-link">{boardUrl}</p>
          <div class="contests-qr">
            <QrCode value={boardUrl} label={t('contests.board.qr', { link: boardUrl })} />
          </div>
        </section>

        <section class="card contests-reports" aria-labelledby={`${id}-reports`}>
          <h2 id={`${id}-reports`}>{t('contests.reports')}</h2>
          <p class="muted">{t('contests.reports.hint')}</p>
          <ReportButtons teacherKey={teacherKey} code={contest.code} teams={contest.settings.teams !== null} />
        </section>
      </div>

      <section class="library-section" aria-labelledby={`${id}-rooms`}>
        <h2 id={`${id}-rooms`}>{t('contests.rooms.title')}</h2>
        <p class="muted">{t('contests.rooms.hint')}</p>
        <ul class="contests-slots" data-testid="contest-rooms">
          {contest.rooms.map((slot) => (
            <RoomSlot key={slot.slotId} slot={slot} origin={origin} status={roomStatus(t, slot, boardRooms.get(slot.slotId))} />
          ))}
        </ul>
      </section>
    </div>
  );
}

function RoomSlot({ slot, origin, status }: { slot: ContestRoomSlot; origin: string; status: string }) {
  const { t } = useI18n();
  const id = useId();
  const [copied, setCopied] = useState<boolean | null>(null);
  const link = `${origin}${slot.hostPath}`;
  const room = slot.room;
  return (
    <li class="card contests-slot" data-slot-id={slot.slotId} aria-labelledby={`${id}-label`}>
      <div class="contests-slot__text">
        <h3 id={`${id}-label`} class="contests-slot__label">
          <bdi>{slot.label}</bdi>
        </h3>
        <p class="contests-slot__status" data-testid="slot-status">
          {room
            ? `${t('contests.room.open', { code: room.code, players: t(room.players === 1 ? 'contests.room.players.one' : 'contests.room.players', { n: room.players }) })} · ${status}`
            : t('contests.room.notOpen')}
        </p>
        <div class="field">
          <label class="field__label" for={`${id}-link`}>
            {t('contests.link', { label: slot.label })}
          </label>
          <input id={`${id}-link`} class="text-input contests-link" type="text" readOnly value={link} data-testid="slot-link" onFocus={(event) => event.currentTarget.select()} />
        </div>
        <div class="library-row">
          <button type="button" class="button" onClick={async () => setCopied(await copyText(link))}>
            {t('contests.copy')}
          </button>
          <p class="field__note" role="status">
            {copied === true ? t('contests.copied') : copied === false ? t('contests.copyFailed') : ''}
          </p>
        </div>
      </div>
      <div class="contests-qr contests-qr--small">
        <QrCode value={link} label={t('contests.roomQr', { label: slot.label, link })} />
      </div>
    </li>
  );
}

function ReportButtons({ teacherKey, code, teams }: { teacherKey: string; code: string; teams: boolean }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const get = async (format: { csv: ContestCsvPart } | 'json') => {
    setError(null);
    const failed = await downloadReport(teacherKey, code, format);
    if (failed) setError(contestErrorText(t, failed));
  };
  return (
    <>
      <div class="library-row" data-testid="contest-reports">
        <button type="button" class="button button--primary" onClick={() => void get('json')}>
          {t('contests.reports.json')}
        </button>
        {CSV_PARTS.filter((part) => teams || part !== 'teams').map((part) => (
          <button key={part} type="button" class="button" onClick={() => void get({ csv: part })}>
            {t(`contests.reports.csv.${part}`)}
          </button>
        ))}
      </div>
      <div role="alert">{error && <p class="field__error">{error}</p>}</div>
    </>
  );
}
