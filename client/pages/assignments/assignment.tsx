import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { AssignmentCsvPart, AssignmentReport, AssignmentTeacherView } from '../../../shared/protocol/homework.ts';
import { useI18n } from '../../app-context.ts';
import { ErrorNote } from '../../components/error-note/index.tsx';
import { QrCode } from '../../components/qr-code/index.tsx';
import { assignmentApi, downloadReport } from '../../homework/assignment-api.ts';
import type { ClientError } from '../../room/room-connection.ts';
import { useDocumentTitle } from '../../use-document-title.ts';
import { copyText, useReachableOrigin } from '../library/key-panel.tsx';
import { fromLocalInput, shortDateTime, toLocalInput } from './local-time.ts';
import { ItemTable, StudentTable } from './progress.tsx';
import { useTeacherKey } from './teacher-key.ts';

/** The protocol's CSV parts (its value would bring the schemas along). */
const CSV_PARTS: readonly AssignmentCsvPart[] = ['students', 'answers', 'items', 'mistakes'];

/** Live enough for a teacher watching the class start, light enough for a server of many classes. */
const POLL_MS = 3000;

/** /assignments/:code: the link and QR for students, who started and finished, each item, each student, the window, the reports. */
export function AssignmentPage({ code }: { code: string }) {
  const { t, lang } = useI18n();
  const id = useId();
  const teacher = useTeacherKey();
  const key = teacher && 'key' in teacher ? teacher.key : null;
  const [view, setView] = useState<AssignmentTeacherView | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const [report, setReport] = useState<AssignmentReport | null>(null);
  const [wantReport, setWantReport] = useState(false);
  useDocumentTitle(view ? t('assignments.pageTitle', { title: view.title }) : t('assignments.title'));

  // Polled while the tab is visible: a laptop left on the page in the background costs nothing.
  useEffect(() => {
    if (!key) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const poll = async () => {
      if (document.visibilityState !== 'hidden') {
        const result = await assignmentApi.get(key, code);
        if (!live) return;
        if (result.ok) {
          setView(result.data.assignment);
          setError(null);
        } else setError(result.error);
      }
      if (live) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [key, code]);

  // Each student's answers come with the report: fetched when a row is first opened, again as students go on.
  const answersSeen = view?.students.reduce((sum, s) => sum + s.lastSeenAt, 0) ?? 0;
  useEffect(() => {
    if (!key || !wantReport) return;
    let live = true;
    void assignmentApi.report(key, code).then((result) => {
      if (live && result.ok) setReport(result.data);
    });
    return () => {
      live = false;
    };
  }, [key, code, wantReport, answersSeen]);

  if (!view) {
    return (
      <div class="library assignments">
        <h1>{t('assignments.title')}</h1>
        {error ? (
          <div class="card">
            <ErrorNote error={error} />
            <a class="button" href="/assignments">
              {t('assignments.back')}
            </a>
          </div>
        ) : (
          <p class="muted" role="status">
            {t('homework.loading')}
          </p>
        )}
      </div>
    );
  }

  const l = lang.value;
  return (
    <div class="library assignments assignment">
      <div class="library__head">
        <div>
          <p class="library__kicker">
            <a href="/assignments">{t('assignments.title')}</a>
          </p>
          <h1>
            <bdi>{view.title}</bdi>
          </h1>
          <p class="muted" data-testid="assignment-meta">
            {[
              t(`assignments.window.${view.window}`),
              t('assignments.windowRange', { from: shortDateTime(view.settings.opensAt, l), to: shortDateTime(view.settings.closesAt, l) }),
              t('assignments.fromSet', { title: view.set.title }),
            ].join(' · ')}
          </p>
        </div>
      </div>

      <div class="assignment__top">
        <ShareCard path={view.path} />
        <section class="card assignment__summary" aria-labelledby={`${id}-summary`}>
          <h2 id={`${id}-summary`}>{t('assignments.summary')}</h2>
          <dl class="assignment__counts">
            <div>
              <dt>{t('assignments.started')}</dt>
              <dd data-testid="started-count">{view.started}</dd>
            </div>
            <div>
              <dt>{t('assignments.finished')}</dt>
              <dd data-testid="finished-count">{view.finished}</dd>
            </div>
            <div>
              <dt>{t('assignments.items')}</dt>
              <dd>{view.items}</dd>
            </div>
          </dl>
          <p class="muted">
            {[
              view.settings.attemptsPerItem === 1 ? t('assignments.rules.oneAttempt') : t('assignments.rules.attempts', { n: view.settings.attemptsPerItem }),
              t(view.settings.feedback === 'each-item' ? 'assignments.feedback.each' : 'assignments.feedback.later'),
              t(`assignments.number.${view.settings.studentNumber}`),
            ].join(' · ')}
          </p>
          <Downloads teacherKey={key!} code={code} />
        </section>
        <WindowForm teacherKey={key!} view={view} onSaved={setView} />
      </div>

      <section class="library-section" aria-labelledby={`${id}-items`}>
        <h2 id={`${id}-items`}>{t('assignments.perItem')}</h2>
        <ItemTable view={view} />
      </section>

      <section class="library-section" aria-labelledby={`${id}-students`}>
        <h2 id={`${id}-students`}>{t('assignments.students')}</h2>
        <StudentTable view={view} report={report} onWantAnswers={() => setWantReport(true)} />
      </section>
      <ErrorNote error={error} />
    </div>
  );
}

function ShareCard({ path }: { path: string }) {
  const { t } = useI18n();
  const id = useId();
  const [copied, setCopied] = useState<boolean | null>(null);
  const url = `${useReachableOrigin()}${path}`;
  return (
    <section class="card assignment__share" aria-labelledby={`${id}-share`}>
      <h2 id={`${id}-share`}>{t('assignments.share')}</h2>
      <div class="assignment__share-body">
        <div>
          <p>{t('assignments.shareHint')}</p>
          <p class="assignment__link">
            <a href={path} data-testid="student-link">
              {url}
            </a>
          </p>
          <button type="button" class="button" onClick={async () => setCopied(await copyText(url))}>
            {t('assignments.copyLink')}
          </button>
          <p class="field__note" role="status">
            {copied === true ? t('library.key.copied') : copied === false ? t('library.key.copyFailed') : ''}
          </p>
        </div>
        <QrCode value={url} label={t('assignments.qr')} />
      </div>
    </section>
  );
}

function WindowForm({ teacherKey, view, onSaved }: { teacherKey: string; view: AssignmentTeacherView; onSaved: (view: AssignmentTeacherView) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [opens, setOpens] = useState(() => toLocalInput(view.settings.opensAt));
  const [closes, setCloses] = useState(() => toLocalInput(view.settings.closesAt));
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);
  const touched = useRef(false);
  // Moved elsewhere (another tab): the fields follow until the teacher edits them here.
  useEffect(() => {
    if (touched.current) return;
    setOpens(toLocalInput(view.settings.opensAt));
    setCloses(toLocalInput(view.settings.closesAt));
  }, [view.settings.opensAt, view.settings.closesAt]);

  const save = async (closesAt: number | null = fromLocalInput(closes)) => {
    const opensAt = fromLocalInput(opens);
    if (opensAt === null || closesAt === null) return setProblem(t('assignments.create.badTime'));
    if (closesAt <= opensAt) return setProblem(t('assignments.create.order'));
    setProblem(null);
    setPending(true);
    setError(null);
    setSaved(false);
    const result = await assignmentApi.update(teacherKey, view.code, { opensAt, closesAt });
    setPending(false);
    if (!result.ok) return setError(result.error);
    touched.current = false;
    setSaved(true);
    onSaved(result.data.assignment);
  };

  return (
    <section class="card assignment__window" aria-labelledby={`${id}-window`}>
      <h2 id={`${id}-window`}>{t('assignments.window.title')}</h2>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <div class="field">
          <label class="field__label" for={`${id}-opens`}>
            {t('assignments.create.opens')}
          </label>
          <input
            id={`${id}-opens`}
            class="text-input"
            type="datetime-local"
            value={opens}
            onInput={(event) => {
              touched.current = true;
              setOpens(event.currentTarget.value);
            }}
          />
        </div>
        <div class="field">
          <label class="field__label" for={`${id}-closes`}>
            {t('assignments.create.closes')}
          </label>
          <input
            id={`${id}-closes`}
            class="text-input"
            type="datetime-local"
            value={closes}
            onInput={(event) => {
              touched.current = true;
              setCloses(event.currentTarget.value);
            }}
          />
        </div>
        {problem && (
          <p class="field__error" role="alert">
            {problem}
          </p>
        )}
        <ErrorNote error={error} />
        <div class="library-row">
          <button type="submit" class="button button--primary" disabled={pending}>
            {t('assignments.window.save')}
          </button>
          {view.window !== 'closed' && (
            <button type="button" class="button" disabled={pending} onClick={() => void save(Date.now())}>
              {t('assignments.window.closeNow')}
            </button>
          )}
        </div>
        <p class="field__note" role="status">
          {saved ? t('assignments.window.saved') : ''}
        </p>
      </form>
    </section>
  );
}

function Downloads({ teacherKey, code }: { teacherKey: string; code: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const formats: Array<'json' | AssignmentCsvPart> = ['json', ...CSV_PARTS];
  return (
    <div class="assignment__downloads">
      <h3>{t('assignments.downloads')}</h3>
      <div class="library-row">
        {formats.map((format) => (
          <button
            key={format}
            type="button"
            class="button"
            data-report={format}
            disabled={busy !== null}
            onClick={async () => {
              setBusy(format);
              setError(null);
              const done = await downloadReport(teacherKey, code, format);
              setBusy(null);
              if (!done.ok) setError(done.error);
            }}
          >
            {t(`assignments.download.${format}`)}
          </button>
        ))}
      </div>
      <ErrorNote error={error} />
    </div>
  );
}
