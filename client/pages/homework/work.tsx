import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { HomeworkInfo, HomeworkItemStatus, HomeworkItemView, HomeworkProgress } from '../../../shared/protocol/homework.ts';
import { useI18n } from '../../app-context.ts';
import { ErrorNote } from '../../components/error-note/index.tsx';
import { formatPoints } from '../../components/standings/format-points.ts';
import type { HomeworkConnection } from '../../homework/homework-connection.ts';
import type { ClientError } from '../../room/room-connection.ts';
import type { Student } from './index.tsx';
import { ItemScreen } from './item.tsx';
import { dateTime } from './when.ts';

/** Finished one way or another: right, close, wrong (out of attempts), skipped, or recorded for later. */
export function isDone(status: HomeworkItemStatus): boolean {
  return status !== 'todo' && status !== 'current';
}

/** The resume code, big enough to copy onto paper, with why it matters. */
export function ResumeCode({ code, big = false }: { code: string; big?: boolean }) {
  const { t } = useI18n();
  return (
    <p class={`homework-code${big ? ' homework-code--big' : ''}`}>
      <span class="homework-code__label">{t('homework.code.label')}</span>{' '}
      <strong class="homework-code__value" data-testid="resume-code">
        {code}
      </strong>
    </p>
  );
}

function StudentBar({ student, info }: { student: Student; info: HomeworkInfo }) {
  const { t, lang } = useI18n();
  const done = student.progress.items.filter(isDone).length;
  return (
    <div class="player-bar homework-bar" data-testid="student-bar">
      <bdi class="player-bar__name">{student.name}</bdi>
      <span class="homework-bar__done" data-testid="items-done">
        {t('homework.bar.done', { done, total: info.items })}
      </span>
      <span class="player-bar__score" data-testid="student-score">
        {t('play.score', { points: formatPoints(student.progress.score, lang.value) })}
      </span>
    </div>
  );
}

const STATUS_MARK: Record<HomeworkItemStatus, string> = {
  todo: '',
  current: '•',
  right: '✓',
  close: '≈',
  wrong: '✗',
  skipped: '–',
  recorded: '✎',
};

/** One button per item: done ones (and the current one) open it; later ones are not reached yet. */
function ProgressStrip({ progress, onScreen, onOpen }: { progress: HomeworkProgress; onScreen: number; onOpen: (item: number) => void }) {
  const { t } = useI18n();
  return (
    <nav class="homework-strip" aria-label={t('homework.strip.label')}>
      <ol>
        {progress.items.map((status, i) => {
          const reached = status !== 'todo';
          return (
            <li key={i}>
              <button
                type="button"
                class={`homework-strip__item homework-strip__item--${status}`}
                aria-current={i === onScreen ? 'step' : undefined}
                aria-label={t('homework.strip.item', { n: i + 1, status: t(`homework.status.${status}`) })}
                disabled={!reached}
                data-status={status}
                onClick={() => onOpen(i)}
              >
                <span aria-hidden="true">{i + 1}</span>
                <span class="homework-strip__mark" aria-hidden="true">
                  {STATUS_MARK[status]}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** The whole homework done: the score, and the way back to every question. */
function FinishedCard({ student, info }: { student: Student; info: HomeworkInfo }) {
  const { t, lang } = useI18n();
  const items = student.progress.items;
  const right = items.filter((s) => s === 'right').length;
  const withheld = items.some((s) => s === 'recorded');
  return (
    <section class="card homework-finished" data-testid="homework-finished" aria-labelledby="homework-finished">
      <h2 id="homework-finished">{t('homework.finished.title')}</h2>
      {withheld ? (
        <p>{t('homework.finished.withheld', { when: dateTime(info.closesAt, lang.value) })}</p>
      ) : (
        <p>{t('homework.finished.score', { right, total: info.items, points: formatPoints(student.progress.score, lang.value) })}</p>
      )}
      <p class="muted">{t('homework.finished.review')}</p>
    </section>
  );
}

export function Work({
  connection,
  code,
  info,
  student,
  newCode,
  onCodeNoted,
  onChange,
  onInfo,
  onStop,
}: {
  connection: HomeworkConnection;
  code: string;
  info: HomeworkInfo;
  student: Student;
  newCode: boolean;
  onCodeNoted: () => void;
  onChange: (change: Partial<Pick<Student, 'progress' | 'view'>>) => void;
  onInfo: (info: HomeworkInfo) => void;
  onStop: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [error, setError] = useState<ClientError | null>(null);
  const [loading, setLoading] = useState<number | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const { progress, view } = student;
  const closed = progress.window === 'closed';

  const open = async (item: number) => {
    if (item === view.item) return;
    setLoading(item);
    setError(null);
    const result = await connection.requestWhenConnected('homework:item', { code, token: student.token, item });
    setLoading(null);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    onChange({ view: result.data });
    window.scrollTo(0, 0);
    // Start reading at the new question rather than at the button that opened it.
    requestAnimationFrame(() => heading.current?.focus({ preventScroll: true }));
  };

  // The deadline passed while the student was at it: the next refusal says so; the window is shown closed.
  const update = (next: { progress?: HomeworkProgress; view?: HomeworkItemView }) => {
    onChange(next);
    if (next.progress && next.progress.window !== info.window) onInfo({ ...info, window: next.progress.window });
  };

  useEffect(() => {
    if (newCode) document.getElementById(`${id}-code`)?.focus();
  }, [newCode]);

  return (
    <>
      <StudentBar student={student} info={info} />
      {newCode && (
        <section class="card homework-newcode" aria-labelledby={`${id}-code`} data-testid="new-code">
          <h2 id={`${id}-code`} tabIndex={-1}>
            {t('homework.code.newTitle')}
          </h2>
          <ResumeCode code={student.resumeCode} big />
          <p>{t('homework.code.newHint')}</p>
          <button type="button" class="button button--primary button--wide" onClick={onCodeNoted}>
            {t('homework.code.noted')}
          </button>
        </section>
      )}
      {closed && (
        <p class="homework-banner homework-banner--closed" role="status" data-testid="closed">
          {t('homework.closed')}
        </p>
      )}
      <ProgressStrip progress={progress} onScreen={view.item} onOpen={(item) => void open(item)} />
      <ErrorNote error={error} />
      {loading !== null && (
        <p class="play-connecting" role="status">
          {t('app.loading')}
        </p>
      )}
      {progress.finished && <FinishedCard student={student} info={info} />}
      <ItemScreen
        key={view.item}
        connection={connection}
        code={code}
        token={student.token}
        info={info}
        view={view}
        progress={progress}
        headingRef={heading}
        onUpdate={update}
        onNext={(item) => void open(item)}
      />
      <section class="card homework-stop" aria-labelledby={`${id}-stop`}>
        <h2 id={`${id}-stop`} class="visually-hidden">
          {t('homework.stop.heading')}
        </h2>
        <ResumeCode code={student.resumeCode} />
        <p class="muted">{t('homework.stop.hint')}</p>
        <button type="button" class="button button--wide" onClick={onStop}>
          {t('homework.stop.button')}
        </button>
      </section>
    </>
  );
}

/** Stopped for now: everything is kept; how to come back here and on another device. */
export function Paused({ info, student, onContinue, onSignOut }: { info: HomeworkInfo; student: Student; onContinue: () => void; onSignOut: () => void }) {
  const { t, lang } = useI18n();
  const id = useId();
  return (
    <section class="card homework-paused" aria-labelledby={`${id}-title`} data-testid="homework-paused">
      <h1 id={`${id}-title`}>{t('homework.paused.title')}</h1>
      <p>{t('homework.paused.saved', { when: dateTime(info.closesAt, lang.value) })}</p>
      <ResumeCode code={student.resumeCode} big />
      <ul class="homework-paused__ways">
        <li>{t('homework.paused.sameDevice')}</li>
        <li>{t('homework.paused.otherDevice')}</li>
      </ul>
      <button type="button" class="button button--primary button--wide" onClick={onContinue}>
        {t('homework.paused.continue')}
      </button>
      <button type="button" class="button button--quiet button--wide" onClick={onSignOut}>
        {t('homework.paused.signOut', { name: student.name })}
      </button>
    </section>
  );
}
