import { latexNumber } from '../../../shared/engine/format-number.ts';
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
