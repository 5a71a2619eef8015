import { useId, useState } from 'preact/hooks';
import type { PlayerSnapshot, QuestionView } from '../../../shared/protocol/index.ts';
import { useI18n } from '../../app-context.ts';
import { Countdown } from '../../components/countdown/index.tsx';
import { ErrorNote } from '../../components/error-note/index.tsx';
import { Keypad } from '../../components/keypad/index.tsx';
import { RichText } from '../../components/math/index.tsx';
import { ProblemView, type StepResult } from '../../components/problem-view/index.tsx';
import { submitAnswer } from '../../room/player-actions.ts';
import type { RoomStore } from '../../room/room-connection.ts';
import { useRequest } from '../../room/use-request.ts';
import { displayAnswer } from './answer-display.ts';
import { PlayerBar } from './player-bar.tsx';

/**
 * The open question on the phone: the problem itself (a student must not depend on the
 * projector), then the keypad, the choices, or the chain's steps in order. Nothing here can
 * show the answer: the phone only has the public problem until the reveal.
 */
export function PlayerQuestion({ store, snapshot, view }: { store: RoomStore; snapshot: PlayerSnapshot; view: QuestionView }) {
  const { t } = useI18n();
  const id = useId();
  const { problem } = view;
  const multi = view.stepCount !== null;
  const stepCount = view.stepCount ?? 1;
  const mine = snapshot.me.answer?.questionId === view.questionId ? snapshot.me.answer : null;
  const steps = mine?.steps ?? Array.from({ length: stepCount }, () => null);
  const firstOpen = steps.findIndex((step) => step === null);
  const [editing, setEditing] = useState<number | null>(null);
  const activeStep = editing ?? (firstOpen === -1 ? null : firstOpen);
  const [draft, setDraft] = useState('');
  const [choice, setChoice] = useState<string | null>(problem.format === 'choice' ? (steps[0] ?? null) : null);
  const submit = useRequest(store);
  /** The answer waiting for the connection, as shown ("will be sent when connected"). */
  const [queued, setQueued] = useState<string | null>(null);

  const remaining = store.remainingMs.value;
  // A held question (a lockstep contest room waiting for the others) takes no more answers, timed or not.
  const timeUp = view.held === true || (remaining !== null && remaining <= 0);
  const canAnswer = activeStep !== null && !view.paused && !timeUp;
  const canChange = snapshot.room.allowAnswerChange && !view.paused && !timeUp;

  const send = async (answer: string) => {
    if (activeStep === null) return;
    const shown = displayAnswer(answer, problem.format);
    const result = await submit.run(() =>
      submitAnswer(store, { questionId: view.questionId, step: multi ? activeStep : null }, answer, { shown, onQueued: () => setQueued(shown) }),
    );
    setQueued(null);
    if (result?.ok) {
      setDraft('');
      setEditing(null);
    }
  };

  const change = (step: number) => {
    setEditing(step);
    const previous = steps[step] ?? '';
    if (problem.format === 'choice') setChoice(previous || null);
    else setDraft(previous);
    submit.setError(null);
  };

  const stepResults: (StepResult | undefined)[] = steps.map((raw) => (raw === null ? undefined : { display: displayAnswer(raw, problem.format) }));
  const chosenLabel = problem.choices?.find((c) => c.id === steps[0])?.label ?? null;
  const step = multi && activeStep !== null ? problem.steps?.[activeStep] : undefined;

  return (
    <>
      <PlayerBar snapshot={snapshot} />
      <div class="play-question">
        <div class="play-question__top">
          <h1 class="play-question__title">{t('game.questionOf', { n: view.index + 1, total: view.total })}</h1>
          {!view.held && (view.timeLimitMs !== null || snapshot.room.timeLimitMs === null) && (
            <Countdown remainingMs={remaining} limitMs={view.timeLimitMs} paused={view.paused} size="small" />
          )}
        </div>

        {view.held && (
          <p class="play-held" role="status" data-testid="held">
            {t('game.contest.held')}
          </p>
        )}

        {view.paused && (
          <p class="play-paused" role="status">
            {t('play.question.paused')}
          </p>
        )}

        <section class="card play-question__problem" aria-labelledby={`${id}-problem`}>
          <h2 class="visually-hidden" id={`${id}-problem`}>
            {t('game.problem')}
          </h2>
          <ProblemView
            problem={problem}
            activeStep={multi && activeStep !== null ? activeStep : undefined}
            stepResults={multi ? stepResults : []}
            choice={choice}
            onChoose={canAnswer ? setChoice : undefined}
            choicesDisabled={!canAnswer}
            collapsible
            points={view.points}
          />
        </section>

        <section class="card play-question__answer" aria-labelledby={`${id}-answer`}>
          <h2 class="visually-hidden" id={`${id}-answer`}>
            {t('play.question.answerHeading')}
          </h2>

          {activeStep !== null && !timeUp && problem.format !== 'choice' && (
            <Keypad
              key={`${view.questionId}/${activeStep}`}
              value={draft}
              onInput={(value) => {
                setDraft(value);
                if (submit.error) submit.setError(null);
              }}
              onSubmit={() => void send(draft)}
              format={problem.format === 'integer' ? 'integer' : 'number'}
              symbol={step ? step.symbol : problem.symbol}
              label={multi ? t('problem.step', { n: activeStep + 1 }) : undefined}
              submitLabel={multi && activeStep < stepCount - 1 ? t('play.question.sendStep', { n: activeStep + 1 }) : t('play.question.send')}
              disabled={!canAnswer || submit.pending}
              autoFocus
              describedBy={`${id}-error`}
            />
          )}

          {activeStep !== null && !timeUp && problem.format === 'choice' && (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                if (choice) void send(choice);
              }}
            >
              <button type="submit" class="button button--primary button--wide play-question__send" disabled={!canAnswer || !choice || submit.pending}>
                {choice ? t('play.question.send') : t('play.question.pickFirst')}
              </button>
            </form>
          )}

          {queued !== null && submit.pending && (
            <p class="play-queued" role="status" data-testid="answer-queued">
              {t('play.question.queued', { answer: queued })}
            </p>
          )}

          <ErrorNote error={submit.error} id={`${id}-error`} />

          {activeStep === null && (
            <div class="play-sent" data-testid="answer-sent">
              <p class="play-sent__title">
                <svg class="play-sent__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                  <path d="M3 11.5 21 3l-5.5 18-3.8-7.2Z" />
                  <path d="m11.7 13.8 4.2-5" />
                </svg>
                {t('play.question.sent')}
              </p>
              {!multi && steps[0] !== null && (
                <p class="play-sent__answer">
                  {t('play.question.yourAnswer')}{' '}
                  <strong data-testid="sent-answer">
                    {chosenLabel ? <RichText text={chosenLabel} /> : displayAnswer(steps[0]!, problem.format)}
                  </strong>
                </p>
              )}
              <p class="muted">{t('play.question.waitReveal')}</p>
              {canChange &&
                (multi ? (
                  <div class="play-sent__changes">
                    {steps.map((_, i) => (
                      <button key={i} type="button" class="button" onClick={() => change(i)}>
                        {t('play.question.changeStep', { n: i + 1 })}
                      </button>
                    ))}
                  </div>
                ) : (
                  <button type="button" class="button button--wide" onClick={() => change(0)}>
                    {t('play.question.change')}
                  </button>
                ))}
            </div>
          )}

          {activeStep !== null && editing !== null && (
            <button type="button" class="button button--quiet button--wide" onClick={() => setEditing(null)}>
              {t('play.question.keep')}
            </button>
          )}

          {timeUp && !view.held && activeStep !== null && (
            <p class="play-timeup" role="status">
              {t('play.question.timeUp')}
            </p>
          )}
        </section>
      </div>
    </>
  );
}
