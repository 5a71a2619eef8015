import { formatInterval, formatStep, latexNumber } from '../../../shared/engine/format-number.ts';
import type { PublicProblem } from '../../../shared/engine/index.ts';
import type { AnswerKey } from '../../../shared/protocol/index.ts';
import { useI18n } from '../../app-context.ts';
import { MathTex, RichText } from '../math/index.tsx';
import './correct-answer.css';

/** The right answer as the worked solution writes it: dL/dw ≈ −0.0105, or the right choice. */
export function CorrectAnswer({ problem, answer }: { problem: PublicProblem; answer: AnswerKey }) {
  const { t } = useI18n();
  // Several right choices: every one of them, since a student who picked any of them was right.
  if (answer.choices && answer.choices.length > 1) {
    return (
      <>
        <ul class="correct-choices">
          {answer.choices.map((choice) => (
            <li key={choice.id}>
              <RichText text={choice.label} />
            </li>
          ))}
        </ul>
        <p class="correct-choices__any">{t('game.answer.anyOf')}</p>
      </>
    );
  }
  if (answer.choice) return <RichText text={answer.choice.label} />;
  if (answer.steps) {
    return (
      <ol class="correct-steps">
        {answer.steps.map((step, i) => (
          <li key={step.asks}>
            <span class="correct-steps__n">{t('problem.step', { n: i + 1 })}</span>{' '}
            <MathTex tex={`${step.symbol} ${Number(step.display) === step.value ? '=' : '\\approx'} ${latexNumber(step.display)}`} />
          </li>
        ))}
      </ol>
    );
  }
  const exact = typeof answer.value === 'number' && Number(answer.display) === answer.value;
  return <MathTex tex={`${problem.symbol} ${exact ? '=' : '\\approx'} ${latexNumber(answer.display)}`} />;
}

const minus = (text: string) => text.replace(/^-/, '−');

/**
 * The accepted interval, as the grader uses it: lo rounded up and hi down (formatInterval), with the
 * figures the answer key chose so that the room's answers read apart; for an update, the step as well.
 */
export function AcceptedRange({ answer, class: className }: { answer: AnswerKey; class?: string }) {
  const { t } = useI18n();
  const accepted = answer.accepted;
  if (!accepted || answer.steps || typeof answer.value !== 'number') return null;
  const shown = formatInterval(accepted.lo, accepted.hi, [], accepted.sig);
  const step = accepted.base === null ? null : formatStep(accepted.base, answer.value, accepted.lo, accepted.hi);
  return (
    <p class={className ?? 'accepted-range'} data-testid="accepted-range">
      {t('game.accepted', { lo: minus(shown.lo), hi: minus(shown.hi) })}
      {step && (
        <>
          <br />
          {t('game.acceptedStep', { step: minus(step.step), tolerance: step.tolerance })}
        </>
      )}
    </p>
  );
}

/** A set item's note or explanation, under the answer at the reveal (the teacher's text; `$…$` is LaTeX). */
export function AnswerNote({ answer, class: className }: { answer: AnswerKey; class?: string }) {
  const { t } = useI18n();
  if (!answer.note) return null;
  return (
    <div class={`answer-note${className ? ` ${className}` : ''}`} data-testid="answer-note">
      <p class="answer-note__label">{t('game.answer.note')}</p>
      <p class="answer-note__text">
        <RichText text={answer.note} />
      </p>
    </div>
  );
}
