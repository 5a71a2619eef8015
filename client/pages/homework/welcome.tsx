import { useId, useRef, useState } from 'preact/hooks';
import type { HomeworkInfo, HomeworkSession } from '../../../shared/protocol/homework.ts';
import { useI18n } from '../../app-context.ts';
import { ErrorNote } from '../../components/error-note/index.tsx';
import type { HomeworkConnection } from '../../homework/homework-connection.ts';
import { normaliseResumeCode } from '../../homework/homework-storage.ts';
import { limitNickname } from '../../room/nickname-input.ts';
import type { ClientError } from '../../room/room-connection.ts';
import { Rules } from './rules.tsx';
import { dateTime } from './when.ts';

/** A resume code as the protocol shows it (4 + 4, the dash optional). */
const RESUME_CODE = /^[A-Z0-9]{4}-?[A-Z0-9]{4}$/;

/**
 * Before the student has a place: the assignment, then a name (and the student number when asked)
 * to start, or a resume code to come back from another device. A name someone has already started
 * with gets a plain choice: it was me (resume with my code), or I am someone else (another name).
 */
export function Welcome({
  connection,
  info,
  error: resumeError,
  onSession,
}: {
  connection: HomeworkConnection;
  info: HomeworkInfo;
  error: ClientError | null;
  onSession: (session: HomeworkSession, resumeCode: string, started: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const [name, setName] = useState('');
  const [nameCut, setNameCut] = useState(false);
  const [number, setNumber] = useState('');
  const [missing, setMissing] = useState<'name' | 'number' | null>(null);
  const [startError, setStartError] = useState<ClientError | null>(null);
  const [resumeCode, setResumeCode] = useState('');
  const [codeError, setCodeError] = useState<ClientError | 'shape' | null>(null);
  const [pending, setPending] = useState<'start' | 'resume' | null>(null);
  const nameField = useRef<HTMLInputElement>(null);
  const numberField = useRef<HTMLInputElement>(null);
  const codeField = useRef<HTMLInputElement>(null);
  const resumeSection = useRef<HTMLDetailsElement>(null);
  const online = connection.status.value === 'online';
  const asksNumber = info.studentNumber !== 'off';
  const closed = info.window === 'closed';
  const notOpen = info.window === 'not-open';

  const start = async (wanted: string) => {
    const cleaned = wanted.trim();
    if (cleaned === '') {
      setMissing('name');
      nameField.current?.focus();
      return;
    }
    if (info.studentNumber === 'required' && number.trim() === '') {
      setMissing('number');
      numberField.current?.focus();
      return;
    }
    setMissing(null);
    setPending('start');
    setStartError(null);
    const result = await connection.request('homework:start', { code: info.code, name: cleaned, ...(asksNumber && number.trim() ? { studentNumber: number.trim() } : {}) });
    setPending(null);
    if (result.ok) onSession(result.data, result.data.resumeCode, true);
    else setStartError(result.error);
  };

  const resume = async () => {
    const typed = normaliseResumeCode(resumeCode);
    if (!RESUME_CODE.test(typed)) {
      setCodeError('shape');
      codeField.current?.focus();
      return;
    }
    setPending('resume');
    setCodeError(null);
    const result = await connection.request('homework:resume', { code: info.code, resumeCode: typed });
    setPending(null);
    if (result.ok) onSession(result.data, typed, false);
    else setCodeError(result.error);
  };

  const openResume = () => {
    if (resumeSection.current) resumeSection.current.open = true;
    requestAnimationFrame(() => codeField.current?.focus());
  };

  const taken = startError?.code === 'name_taken';
  return (
    <>
      <section class="card homework-welcome" aria-labelledby={`${id}-title`}>
        <p class="homework-welcome__kicker">{t('homework.kicker')}</p>
        <h1 id={`${id}-title`}>
          <bdi>{info.title}</bdi>
        </h1>
        <Rules info={info} />
        {notOpen && (
          <p class="homework-banner homework-banner--wait" role="status" data-testid="not-open">
            {t('homework.notOpen', { when: dateTime(info.opensAt, lang.value) })}
          </p>
        )}
        {closed && (
          <p class="homework-banner homework-banner--closed" role="status" data-testid="closed">
            {t('homework.closedWelcome')}
          </p>
        )}
        <ErrorNote error={resumeError} />
      </section>

      {!closed && (
        <section class="card homework-start" aria-labelledby={`${id}-start`}>
          <h2 id={`${id}-start`}>{t('homework.start.title')}</h2>
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void start(name);
            }}
          >
            <div class="field">
              <label class="field__label" for={`${id}-name`}>
                {t('homework.start.name')}
              </label>
              <input
                ref={nameField}
                id={`${id}-name`}
                class="text-input"
                type="text"
                name="name"
                value={name}
                autoComplete="name"
                aria-invalid={missing === 'name' || taken || startError?.code === 'invalid_name'}
                aria-describedby={`${id}-name-hint ${id}-error`}
                onInput={(event) => {
                  const { value, cut } = limitNickname(event.currentTarget.value);
                  if (cut) event.currentTarget.value = value;
                  setName(value);
                  setNameCut(cut);
                  if (missing === 'name') setMissing(null);
                  if (taken) setStartError(null);
                }}
              />
              <span class="field__hint" id={`${id}-name-hint`}>
                {t('homework.start.nameHint')}
              </span>
              {nameCut && (
                <span class="field__note" role="status">
                  {t('home.join.nameCut')}
                </span>
              )}
              {missing === 'name' && <span class="field__error">{t('home.join.nameMissing')}</span>}
            </div>
            {asksNumber && (
              <div class="field">
                <label class="field__label" for={`${id}-number`}>
                  {info.studentNumber === 'required' ? t('homework.start.number') : t('homework.start.numberOptional')}
                </label>
                <input
                  ref={numberField}
                  id={`${id}-number`}
                  class="text-input"
                  type="text"
                  name="student-number"
                  value={number}
                  maxLength={32}
                  autoComplete="off"
                  required={info.studentNumber === 'required'}
                  aria-invalid={missing === 'number' || startError?.code === 'student_number_required'}
                  onInput={(event) => {
                    setNumber(event.currentTarget.value);
                    if (missing === 'number') setMissing(null);
                  }}
                />
                {missing === 'number' && <span class="field__error">{t('error.student_number_required')}</span>}
              </div>
            )}
            <ErrorNote error={taken ? null : startError} id={`${id}-error`} />
            {taken && (
              <div class="homework-taken" role="alert" data-testid="name-taken">
                <p>{t('homework.taken.body', { name: name.trim() })}</p>
                <div class="homework-taken__choices">
                  <button type="button" class="button button--primary" onClick={openResume}>
                    {t('homework.taken.resume')}
                  </button>
                  {startError.suggestion ? (
                    <button
                      type="button"
                      class="button"
                      onClick={() => {
                        setName(startError.suggestion!);
                        void start(startError.suggestion!);
                      }}
                    >
                      {t('homework.taken.useSuggestion', { name: startError.suggestion })}
                    </button>
                  ) : null}
                  <button
                    type="button"
                    class="button"
                    onClick={() => {
                      setStartError(null);
                      nameField.current?.select();
                    }}
                  >
                    {t('homework.taken.other')}
                  </button>
                </div>
              </div>
            )}
            <button type="submit" class="button button--primary button--wide homework-start__submit" disabled={pending !== null || !online || notOpen}>
              {!online ? t('play.join.connecting') : pending === 'start' ? t('homework.start.starting') : t('homework.start.submit')}
            </button>
          </form>
        </section>
      )}

      <details ref={resumeSection} class="card homework-resume" open={closed || codeError !== null || undefined}>
        <summary>{t(closed ? 'homework.resume.titleReview' : 'homework.resume.title')}</summary>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void resume();
          }}
        >
          <div class="field">
            <label class="field__label" for={`${id}-code`}>
              {t('homework.resume.label')}
            </label>
            <input
              ref={codeField}
              id={`${id}-code`}
              class="text-input homework-resume__input"
              type="text"
              name="resume-code"
              value={resumeCode}
              autoComplete="off"
              autoCapitalize="characters"
              spellcheck={false}
              placeholder="K7Q2-M9PD"
              aria-invalid={codeError !== null}
              aria-describedby={`${id}-code-hint ${id}-code-error`}
              onInput={(event) => {
                setResumeCode(event.currentTarget.value);
                setCodeError(null);
              }}
            />
            <span class="field__hint" id={`${id}-code-hint`}>
              {t('homework.resume.hint')}
            </span>
          </div>
          <div id={`${id}-code-error`}>
            {codeError === 'shape' ? (
              <p class="field__error" role="alert">
                {t('homework.resume.shape')}
              </p>
            ) : (
              <ErrorNote error={codeError} />
            )}
          </div>
          <button type="submit" class="button button--wide" disabled={pending !== null || !online}>
            {pending === 'resume' ? t('homework.resume.resuming') : t('homework.resume.submit')}
          </button>
        </form>
      </details>
    </>
  );
}
