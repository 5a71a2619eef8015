import { useEffect, useId, useState } from 'preact/hooks';
import type { AssignmentListResult, HomeworkFeedback, StudentNumberMode } from '../../../shared/protocol/homework.ts';
import type { SetSummary } from '../../../shared/protocol/sets.ts';
import type { SetSnapshot } from '../../../shared/question-sets/schema.ts';
import { useI18n, useRouter } from '../../app-context.ts';
import { ErrorNote } from '../../components/error-note/index.tsx';
import { assignmentApi } from '../../homework/assignment-api.ts';
import { loadBuiltInSets } from '../../library/built-in-sets.ts';
import { setApi } from '../../library/set-api.ts';
import type { ClientError } from '../../room/room-connection.ts';
import { useDocumentTitle } from '../../use-document-title.ts';
import { defaultDeadline, fromLocalInput, shortDateTime, toLocalInput } from './local-time.ts';
import { useTeacherKey } from './teacher-key.ts';

type Listed = AssignmentListResult['assignments'][number];
interface SetChoice {
  id: string;
  title: string;
  items: number;
}

/** /assignments: the key's assignments, newest first, and the form that makes one. */
export function AssignmentList({ preselect }: { preselect: string | null }) {
  const { t, lang } = useI18n();
  const id = useId();
  useDocumentTitle(t('assignments.title'));
  const teacher = useTeacherKey();
  const key = teacher && 'key' in teacher ? teacher.key : null;
  const [list, setList] = useState<Listed[] | null>(null);
  const [error, setError] = useState<ClientError | null>(null);

  useEffect(() => {
    if (!key) return;
    void assignmentApi.list(key).then((result) => {
      if (result.ok) setList([...result.data.assignments].sort((a, b) => b.createdAt - a.createdAt));
      else setError(result.error);
    });
  }, [key]);

  return (
    <div class="library assignments">
      <div class="library__head">
        <div>
          <h1>{t('assignments.title')}</h1>
          <p class="muted">{t('assignments.intro')}</p>
        </div>
        <a class="button" href="/library">
          {t('assignments.toLibrary')}
        </a>
      </div>
      {teacher && 'error' in teacher && <ErrorNote error={{ code: 'internal_error' }} />}
      {teacher && 'key' in teacher && teacher.created && <p class="library-notice__box">{t('assignments.keyMade')}</p>}

      {key && <CreateForm teacherKey={key} preselect={preselect} />}

      <section class="library-section" aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>{t('assignments.list')}</h2>
        <ErrorNote error={error} />
        {list === null && !error && <p class="muted">{t('homework.loading')}</p>}
        {list && list.length === 0 && <p class="muted">{t('assignments.none')}</p>}
        {list && list.length > 0 && (
          <ul class="library-list" data-testid="assignment-list">
            {list.map((a) => (
              <li key={a.code} class="card library-set" data-code={a.code}>
                <h3 class="library-set__title">
                  <a href={`/assignments/${a.code}`}>
                    <bdi>{a.title}</bdi>
                  </a>
                </h3>
                <p class="library-set__meta muted">
                  {[
                    t(`assignments.window.${a.window}`),
                    t('assignments.windowRange', { from: shortDateTime(a.opensAt, lang.value), to: shortDateTime(a.closesAt, lang.value) }),
                    t('assignments.counts', { started: a.started, finished: a.finished }),
                    t(a.items === 1 ? 'library.items.one' : 'library.items', { n: a.items }),
                  ].join(' · ')}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function CreateForm({ teacherKey, preselect }: { teacherKey: string; preselect: string | null }) {
  const { t } = useI18n();
  const router = useRouter();
  const id = useId();
  const [own, setOwn] = useState<SetChoice[]>([]);
  const [builtIn, setBuiltIn] = useState<SetChoice[]>([]);
  const [setId, setSetId] = useState(preselect ?? '');
  const [title, setTitle] = useState('');
  const [opens, setOpens] = useState(() => toLocalInput(Date.now()));
  const [closes, setCloses] = useState(() => toLocalInput(defaultDeadline()));
  const [attempts, setAttempts] = useState(1);
  const [feedback, setFeedback] = useState<HomeworkFeedback>('each-item');
  const [studentNumber, setStudentNumber] = useState<StudentNumberMode>('off');
  const [perStudent, setPerStudent] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    void setApi.list(teacherKey).then((result) => {
      if (result.ok) setOwn(result.data.sets.map((s: SetSummary) => ({ id: s.id, title: s.title, items: s.items })));
    });
    loadBuiltInSets().then(
      (sets: readonly SetSnapshot[]) => setBuiltIn(sets.map((s) => ({ id: s.id!, title: s.title, items: s.items.length }))),
      () => undefined,
    );
  }, [teacherKey]);
  // The set asked for by the library's "Assign as homework", or the first one once the lists are in.
  useEffect(() => {
    if (setId === '' && (own.length > 0 || builtIn.length > 0)) setSetId((own[0] ?? builtIn[0])!.id);
  }, [own, builtIn]);

  const chosen = [...own, ...builtIn].find((s) => s.id === setId) ?? null;

  const submit = async () => {
    const opensAt = fromLocalInput(opens);
    const closesAt = fromLocalInput(closes);
    if (!chosen) return setProblem(t('assignments.create.noSet'));
    if (opensAt === null || closesAt === null) return setProblem(t('assignments.create.badTime'));
    if (closesAt <= opensAt) return setProblem(t('assignments.create.order'));
    if (closesAt <= Date.now()) return setProblem(t('assignments.create.past'));
    setProblem(null);
    setPending(true);
    setError(null);
    const result = await assignmentApi.create(teacherKey, {
      setId: chosen.id,
      ...(title.trim() ? { title: title.trim() } : {}),
      opensAt,
      closesAt,
      attemptsPerItem: attempts,
      feedback,
      studentNumber,
      perStudentNumbers: perStudent,
    });
    setPending(false);
    if (result.ok) router.navigate(`/assignments/${result.data.assignment.code}`);
    else setError(result.error);
  };

  return (
    <section class="card assignments-create" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('assignments.create.title')}</h2>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div class="assignments-create__grid">
          <div class="field">
            <label class="field__label" for={`${id}-set`}>
              {t('assignments.create.set')}
            </label>
            {/* Drawn once the sets are in, so the one asked for is selected from the start. */}
            <select key={own.length + builtIn.length} id={`${id}-set`} class="text-input" value={setId} disabled={builtIn.length === 0} onChange={(event) => setSetId(event.currentTarget.value)}>
              {own.length > 0 && (
                <optgroup label={t('library.own')}>
                  {own.map((s) => (
                    <option key={s.id} value={s.id} selected={s.id === setId}>
                      {t('assignments.create.setOption', { title: s.title, items: t(s.items === 1 ? 'library.items.one' : 'library.items', { n: s.items }) })}
                    </option>
                  ))}
                </optgroup>
              )}
              <optgroup label={t('library.builtIn')}>
                {builtIn.map((s) => (
                  <option key={s.id} value={s.id} selected={s.id === setId}>
                    {t('assignments.create.setOption', { title: s.title, items: t(s.items === 1 ? 'library.items.one' : 'library.items', { n: s.items }) })}
                  </option>
                ))}
              </optgroup>
            </select>
          </div>
          <div class="field">
            <label class="field__label" for={`${id}-name`}>
              {t('assignments.create.name')}
            </label>
            <input id={`${id}-name`} class="text-input" type="text" maxLength={80} value={title} placeholder={chosen?.title ?? ''} onInput={(event) => setTitle(event.currentTarget.value)} aria-describedby={`${id}-name-hint`} />
            <span class="field__hint" id={`${id}-name-hint`}>
              {t('assignments.create.nameHint')}
            </span>
          </div>
          <div class="field">
            <label class="field__label" for={`${id}-opens`}>
              {t('assignments.create.opens')}
            </label>
            <input id={`${id}-opens`} class="text-input" type="datetime-local" value={opens} onInput={(event) => setOpens(event.currentTarget.value)} />
          </div>
          <div class="field">
            <label class="field__label" for={`${id}-closes`}>
              {t('assignments.create.closes')}
            </label>
            <input id={`${id}-closes`} class="text-input" type="datetime-local" value={closes} onInput={(event) => setCloses(event.currentTarget.value)} />
          </div>
          <div class="field">
            <label class="field__label" for={`${id}-attempts`}>
              {t('assignments.create.attempts')}
            </label>
            <select id={`${id}-attempts`} class="text-input" value={String(attempts)} onChange={(event) => setAttempts(Number(event.currentTarget.value))}>
              {[1, 2, 3, 4, 5].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
        </div>
        <fieldset class="assignments-create__choices">
          <legend>{t('assignments.create.feedback')}</legend>
          {(['each-item', 'after-deadline'] as const).map((value) => (
            <label key={value} class="check">
              <input type="radio" name={`${id}-feedback`} checked={feedback === value} onChange={() => setFeedback(value)} />
              <span>{t(value === 'each-item' ? 'assignments.feedback.each' : 'assignments.feedback.later')}</span>
            </label>
          ))}
        </fieldset>
        <fieldset class="assignments-create__choices">
          <legend>{t('assignments.create.studentNumber')}</legend>
          {(['off', 'optional', 'required'] as const).map((value) => (
            <label key={value} class="check">
              <input type="radio" name={`${id}-number`} checked={studentNumber === value} onChange={() => setStudentNumber(value)} />
              <span>{t(`assignments.number.${value}`)}</span>
            </label>
          ))}
        </fieldset>
        <label class="check">
          <input type="checkbox" checked={perStudent} onChange={(event) => setPerStudent(event.currentTarget.checked)} aria-describedby={`${id}-per-hint`} />
          <span>{t('assignments.create.perStudent')}</span>
        </label>
        <p class="field__hint" id={`${id}-per-hint`}>
          {t('assignments.create.perStudentHint')}
        </p>
        {problem && (
          <p class="field__error" role="alert">
            {problem}
          </p>
        )}
        <ErrorNote error={error} />
        <button type="submit" class="button button--primary" disabled={pending || !chosen}>
          {pending ? t('assignments.create.creating') : t('assignments.create.submit')}
        </button>
      </form>
    </section>
  );
}
