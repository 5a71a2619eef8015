import { formatInterval, formatStep, latexNumber } from '../../../shared/engine/format-number.ts';
import type { PublicProblem } from '../../../shared/engine/index.ts';
import type { AnswerKey } from '../../../shared/protocol/index.ts';
import { useI18n } from '../../app-context.ts';
import { MathTex, RichText } from '../math/index.tsx';
import './correct-answer.css';

/** The right answer as the worked solution writes it: dL/dw ≈ −0.0105, or the right choice. */
export function CorrectAnswer({ problem, answer }: { problem: PublicProblem; answer: AnswerKey }) {
  const { t } = useI18n();
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
