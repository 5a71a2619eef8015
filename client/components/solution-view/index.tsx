import { useId } from 'preact/hooks';
import type { SolutionStep } from '../../../shared/engine/index.ts';
import { useI18n } from '../../app-context.ts';
import { MathTex, RichText } from '../math/index.tsx';
import { solutionLatex } from './solution-latex.ts';
import './solution-view.css';

export { solutionLatex };

export interface SolutionViewProps {
  steps: readonly SolutionStep[];
  /** Lines (by key) shown as formula only, e.g. a hint that must not give the answer away. */
  hideValues?: readonly string[];
  /** The line of the quantity asked, emphasised. */
  highlight?: string;
  /** Heading text; defaults to "Worked solution". */
  heading?: string;
  headingLevel?: 2 | 3;
}

/** The worked solution, one line per quantity, each with the reason it holds. */
export function SolutionView({ steps, hideValues = [], highlight, heading, headingLevel = 2 }: SolutionViewProps) {
  const { t } = useI18n();
  const id = useId();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section class="solution" aria-labelledby={id}>
      <Heading class="solution__heading" id={id}>
        {heading ?? t('solution.heading')}
      </Heading>
      <ol class="solution__steps">
        {steps.map((step) => (
          <li key={step.key} class={`solution__step${step.key === highlight ? ' solution__step--asked' : ''}`}>
            <MathTex tex={solutionLatex(step, hideValues.includes(step.key))} class="solution__math" />
            {step.why && (
              <p class="solution__why">
                <RichText text={step.why} />
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
