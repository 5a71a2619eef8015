import type { Ref } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { HomeworkInfo, HomeworkItemView, HomeworkProgress } from '../../../shared/protocol/homework.ts';
import type { VerdictView as Verdict } from '../../../shared/protocol/questions.ts';
import { useI18n } from '../../app-context.ts';
import { ErrorNote } from '../../components/error-note/index.tsx';
import { Keypad } from '../../components/keypad/index.tsx';
import { RichText } from '../../components/math/index.tsx';
import { ProblemView, type StepResult } from '../../components/problem-view/index.tsx';
import { StatusIcon } from '../../components/status-icon/index.tsx';
import { VerdictView } from '../../components/verdict-view/index.tsx';
import type { HomeworkConnection } from '../../homework/homework-connection.ts';
import { lazyModule, useLazyModule } from '../../lazy-module.ts';
import type { ClientError } from '../../room/room-connection.ts';
import { displayAnswer } from '../play/answer-display.ts';
import { dateTime } from './when.ts';
import { isDone } from './work.tsx';

// The answer and worked solution come only once an item is finished: their code is fetched then (and ahead, at once).
const feedback = lazyModule(() => import('./feedback.tsx'));
feedback.load().catch(() => undefined);

/** The student's attempts at a finished (or closed) item: each step's answer and its verdict, as at a live game's reveal. */
function Attempts({ view, completeOnly = false }: { view: HomeworkItemView; completeOnly?: boolean }) {
  const { t } = useI18n();
  const multi = view.stepCount !== null;
  const choiceLabel = (raw: string) => view.problem.choices?.find((c) => c.id === raw)?.label ?? null;
  if (view.attempts.length === 0) return <p class="muted">{t(view.status === 'skipped' ? 'homework.item.skippedNote' : 'play.reveal.noAnswer')}</p>;
  return (
    <ol class="homework-attempts" data-testid="attempts">
      {view.attempts.map((attempt, a) => (completeOnly && !attempt.complete ? null : (
        <li key={a}>
          {view.attempts.length > 1 && <p class="homework-attempts__n">{t('homework.item.attempt', { n: a + 1 })}</p>}
          <ol class={`play-verdicts${multi ? '' : ' play-verdicts--single'}`}>
            {attempt.verdicts.map((verdict, i) => {
              const label = verdict.answer !== null ? choiceLabel(verdict.answer) : null;
              const message = verdict.message && verdict.message.key !== 'verdict.correct' ? verdict.message : null;
              return (
                <li key={i} class={`play-verdict play-verdict--${verdict.status}`}>
                  <p class="play-verdict__head">
                    {verdict.status !== 'none' && <StatusIcon status={verdict.status} />}
                    <span>
                      {multi && <strong>{t('problem.step', { n: i + 1 })} · </strong>}
                      {verdict.answer === null ? (
                        t('play.reveal.noAnswer')
                      ) : (
                        <>
                          {t('play.reveal.youAnswered')} <strong>{label ? <RichText text={label} /> : displayAnswer(verdict.answer, view.problem.format)}</strong>
                          <span class="play-verdict__status"> — {verdict.status === 'none' ? t('homework.status.recorded') : t(`verdict.${verdict.status}`)}</span>
                        </>
                      )}
                    </span>
                  </p>
                  {message && (
                    <p class="play-verdict__message">
                      <RichText text={message} />
                    </p>
                  )}
                  {verdict.consistent && verdict.status !== 'correct' && <p class="play-verdict__note">{t('play.reveal.carried')}</p>}
                </li>
              );
            })}
          </ol>
        </li>
      )))}
    </ol>
  );
}

/**
 * One item of the homework: the problem (never its answer before the student has finished it), the
 * keypad or the choices while it is the current item, a verdict with its diagnosis after each answer
 * (or "recorded" when feedback waits for the deadline), then the answer and the worked solution.
 */
export function ItemScreen({
  connection,
  code,
  token,
  info,
  view,
  progress,
  headingRef,
  onUpdate,
  onNext,
}: {
  connection: HomeworkConnection;
  code: string;
  token: string;
  info: HomeworkInfo;
  view: HomeworkItemView;
  progress: HomeworkProgress;
  headingRef: Ref<HTMLHeadingElement>;
  onUpdate: (next: { progress?: HomeworkProgress; view?: HomeworkItemView }) => void;
  onNext: (item: number) => void;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const { problem } = view;
  const multi = view.stepCount !== null;
  const stepCount = view.stepCount ?? 1;
  const last = view.attempts.at(-1) ?? null;
  const inAttempt = last !== null && !last.complete;
  const done = isDone(view.status);
  const open = progress.window === 'open';
  const answerable = open && !done && progress.current === view.item && (inAttempt || view.attemptsLeft > 0);
  // An attempt lists every step, unanswered ones with `answer: null`: the next step is the first of those.
  const activeStep = answerable ? (inAttempt ? Math.max(0, last.verdicts.findIndex((v) => v.answer === null)) : 0) : null;
  const [draft, setDraft] = useState('');
  const [choice, setChoice] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  /** The latest answer's verdict on this screen (null while feedback is withheld: then only "recorded"). */
  const [said, setSaid] = useState<{ step: number | null; verdict: Verdict | null } | null>(null);
  const [confirmSkip, setConfirmSkip] = useState(false);
  const next = useRef<HTMLButtonElement>(null);
  const Feedback = useLazyModule(feedback, view.answer !== null)?.ItemFeedback;

  // Finished here: "Next question" is one tap (or Enter) away.
  useEffect(() => {
    if (done && said) next.current?.focus({ preventScroll: true });
  }, [done]);

  const shownAttempt = inAttempt ? last : activeStep === 0 ? null : last;
  const stepResults: (StepResult | undefined)[] = Array.from({ length: stepCount }, (_, i) => {
    const verdict = shownAttempt?.verdicts[i];
    if (!verdict || verdict.answer === null) return undefined;
    return { display: displayAnswer(verdict.answer, problem.format), ...(verdict.status === 'none' ? {} : { status: verdict.status }) };
  });

  const send = async (answer: string) => {
    if (activeStep === null || pending) return;
    setPending(true);
    setError(null);
    // Sent once: a lost acknowledgement is not repeated, since a second copy would be graded as the next step or attempt.
    const result = await connection.request('homework:answer', { code, token, item: view.item, answer, ...(multi ? { step: activeStep } : {}) });
    setPending(false);
    if (!result.ok) {
      setError(result.error);
      // Someone else's answer (another device of the same student) moved the item on: show it as it stands.
      if (['item_finished', 'item_not_reached', 'invalid_step', 'deadline_passed'].includes(result.error.code)) {
        const fresh = await connection.request('homework:item', { code, token, item: view.item });
        if (fresh.ok) onUpdate({ view: fresh.data, ...(result.error.code === 'deadline_passed' ? { progress: { ...progress, window: 'closed' } } : {}) });
      }
      return;
    }
    setDraft('');
    setChoice(null);
    setSaid({ step: result.data.step, verdict: result.data.verdict });
    onUpdate({ progress: result.data.progress, view: result.data.view });
  };

  const skip = async () => {
    setConfirmSkip(false);
    setPending(true);
    setError(null);
    const skipped = await connection.request('homework:skip', { code, token, item: view.item });
    if (!skipped.ok) {
      setPending(false);
      setError(skipped.error);
      return;
    }
    const fresh = await connection.request('homework:item', { code, token, item: view.item });
    setPending(false);
    setSaid({ step: null, verdict: null });
    onUpdate({ progress: skipped.data, ...(fresh.ok ? { view: fresh.data } : {}) });
  };

  const step = multi && activeStep !== null ? problem.steps?.[activeStep] : undefined;
  const attemptsNote =
    answerable && info.attemptsPerItem > 1 && !inAttempt
      ? view.attemptsLeft === 1
        ? t('homework.item.lastAttempt')
        : t('homework.item.attemptsLeft', { n: view.attemptsLeft })
      : null;
  // A step-by-step attempt just completed, not all right, tries left: its last step's verdict alone would read as success.
  const retrying = multi && answerable && !inAttempt && said !== null && said.verdict !== null && view.attempts.some((a) => a.complete);
  const withheld = info.feedback === 'after-deadline' && progress.window !== 'closed';

  return (
    <div class="play-question homework-item" data-item={view.item} data-status={view.status}>
      <div class="play-question__top">
        <h1 class="play-question__title" ref={headingRef} tabIndex={-1}>
          {t('game.questionOf', { n: view.item + 1, total: view.total })}
        </h1>
        <span class={`homework-item__status homework-item__status--${view.status}`} data-testid="item-status">
          {t(`homework.status.${view.status}`)}
        </span>
      </div>

      <section class="card play-question__problem" aria-labelledby={`${id}-problem`}>
        <h2 class="visually-hidden" id={`${id}-problem`}>
          {t('game.problem')}
        </h2>
        <ProblemView
          problem={problem}
          activeStep={multi && activeStep !== null ? activeStep : undefined}
          stepResults={multi ? stepResults : []}
          choice={answerable ? choice : (last?.verdicts[0]?.answer ?? null)}
          onChoose={answerable ? setChoice : undefined}
          choicesDisabled={!answerable}
          collapsible
        />
      </section>

      <section class="card play-question__answer" aria-labelledby={`${id}-answer`}>
        <h2 class="visually-hidden" id={`${id}-answer`}>
          {t('play.question.answerHeading')}
        </h2>

        {retrying && (
          <p class="homework-retry" role="status" data-testid="try-again">
            {t('homework.item.tryAgain')}
          </p>
        )}
        <VerdictView
          id={`${id}-verdict`}
          verdict={said?.verdict && !retrying ? { status: said.verdict.status === 'none' ? 'invalid' : said.verdict.status, ...(said.verdict.message ? { message: said.verdict.message } : {}) } : null}
          context={said?.step !== null && said?.step !== undefined && multi ? t('problem.step', { n: said.step + 1 }) : undefined}
        />
        {said && !said.verdict && view.status !== 'skipped' && (
          <p class="homework-recorded" role="status" data-testid="recorded">
            {t('homework.item.recorded', { when: dateTime(info.closesAt, lang.value) })}
          </p>
        )}

        {/* Trying again a step-by-step item: what went wrong the time before stays in sight. */}
        {answerable && multi && !inAttempt && view.attempts.some((a) => a.complete) && <Attempts view={view} completeOnly />}
        {attemptsNote && <p class="homework-item__attempts">{attemptsNote}</p>}

        {activeStep !== null && problem.format !== 'choice' && (
          <Keypad
            key={`${view.item}/${view.attempts.length}/${activeStep}`}
            value={draft}
            onInput={(value) => {
              setDraft(value);
              if (error) setError(null);
            }}
            onSubmit={() => void send(draft)}
            format={problem.format === 'integer' ? 'integer' : 'number'}
            symbol={step ? step.symbol : problem.symbol}
            label={multi ? t('problem.step', { n: activeStep + 1 }) : undefined}
            submitLabel={multi && activeStep < stepCount - 1 ? t('play.question.sendStep', { n: activeStep + 1 }) : t('play.question.send')}
            disabled={pending}
            autoFocus
            describedBy={`${id}-error ${id}-verdict`}
          />
        )}
        {activeStep !== null && problem.format === 'choice' && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (choice) void send(choice);
            }}
          >
            <button type="submit" class="button button--primary button--wide play-question__send" disabled={!choice || pending}>
              {choice ? t('play.question.send') : t('play.question.pickFirst')}
            </button>
          </form>
        )}

        <ErrorNote error={error} id={`${id}-error`} />

        {answerable && !inAttempt && (
          <div class="homework-skip">
            {confirmSkip ? (
              <div class="homework-skip__confirm" role="group" aria-labelledby={`${id}-skip`}>
                <p id={`${id}-skip`}>{t('homework.skip.confirm')}</p>
                <button type="button" class="button" onClick={() => void skip()} disabled={pending}>
                  {t('homework.skip.yes')}
                </button>
                <button type="button" class="button button--quiet" onClick={() => setConfirmSkip(false)}>
                  {t('homework.skip.no')}
                </button>
              </div>
            ) : (
              <button type="button" class="button button--quiet button--wide" onClick={() => setConfirmSkip(true)}>
                {t('homework.skip.button')}
              </button>
            )}
          </div>
        )}

        {(done || !open) && <Attempts view={view} />}

        {done && withheld && view.answer === null && !(said && !said.verdict) && <p class="muted homework-withheld">{t('homework.item.withheld', { when: dateTime(info.closesAt, lang.value) })}</p>}

        {done && progress.current !== null && progress.current !== view.item && open && (
          <button ref={next} type="button" class="button button--primary button--wide homework-next" onClick={() => onNext(progress.current!)}>
            {t('homework.item.next')}
          </button>
        )}
      </section>

      {view.answer !== null && Feedback && <Feedback view={view} />}
    </div>
  );
}
