import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Text } from '../../../shared/engine/index.ts';
import type { PublicProblem, VerdictStatus } from '../../../shared/engine/index.ts';
// The phone's game screen imports this: only the module it needs, not the whole engine.
import { latexNumber } from '../../../shared/engine/format-number.ts';
import { useI18n } from '../../app-context.ts';
import { MathTex, RichText } from '../math/index.tsx';
import { LazyNetworkDiagram } from '../network-diagram/lazy.tsx';
import { StatusIcon } from '../status-icon/index.tsx';
import './problem-view.css';

export interface StepResult {
  /** What the student typed, as the echo showed it. */
  display: string;
  /** The grade, once known; a live game grades only at the reveal, so until then the answer is just "sent". */
  status?: VerdictStatus;
}

export interface ProblemViewProps {
  problem: PublicProblem;
  /** Multi-step problems: the step being answered now. */
  activeStep?: number;
  /** Multi-step problems: the student's graded answers so far, by step. */
  stepResults?: readonly (StepResult | undefined)[];
  /** Multiple choice: the selected choice id. */
  choice?: string | null;
  /** Multiple choice: without it the choices are listed read-only (e.g. on the projector). */
  onChoose?: (id: string) => void;
  choicesDisabled?: boolean;
  /** Draw the network diagram (default true when the problem has a network, a chain or one that branches). */
  showDiagram?: boolean;
  /** A long setup text shows its first lines, with a button for the rest (a phone's question screen). */
  collapsible?: boolean;
  /** What the problem is called, when a game mode names it its own way (a relay round is no "step by step" problem). */
  kindLabel?: string;
  /** A set's points multiplier for this question: ×2 and ×0 get a badge (×1 is the norm). */
  points?: number;
}

/**
 * The problem's setup text, cut to its first lines while it is longer than that: on a phone the
 * keypad and Send must stay in reach, and the student opens the rest when they need it.
 */
function SetupText({ text, collapsible }: { text: Text; collapsible: boolean }) {
  const { t } = useI18n();
  const id = useId();
  const ref = useRef<HTMLParagraphElement>(null);
  const [open, setOpen] = useState(false);
  const [long, setLong] = useState(false);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!collapsible || !el || typeof ResizeObserver === 'undefined') return;
    // Measured again as the math typesets (it changes the text's height).
    const measure = () => setLong((was) => (open ? was : el.scrollHeight > el.clientHeight + 2));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [collapsible, open]);
  return (
    <>
      <p ref={ref} id={`${id}-setup`} class={`problem__setup${collapsible && !open ? ' problem__setup--collapsed' : ''}`}>
        <RichText text={text} />
      </p>
      {collapsible && (long || open) && (
        <button type="button" class="button button--quiet problem__setup-toggle" aria-expanded={open} aria-controls={`${id}-setup`} onClick={() => setOpen(!open)}>
          {open ? t('problem.setupLess') : t('problem.setupMore')}
        </button>
      )}
    </>
  );
}

/** An answer sent but not graded yet: a paper plane, distinct from every verdict's shape. */
function SentIcon() {
  return (
    <svg class="problem__sent-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <path d="M3 11.5 21 3l-5.5 18-3.8-7.2Z" />
      <path d="m11.7 13.8 4.2-5" />
    </svg>
  );
}

/**
 * A problem as a device may see it before the reveal: setup, given values, prompt, the
 * steps of a chain, the choices. Takes only the public part, so it cannot show an answer.
 */
export function ProblemView({
  problem,
  activeStep,
  stepResults = [],
  choice = null,
  onChoose,
  choicesDisabled = false,
  showDiagram = true,
  collapsible = false,
  kindLabel,
  points = 1,
}: ProblemViewProps) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div class="problem">
      <p class="problem__meta">
        <span class="problem__kind">{kindLabel ?? t(`kind.${problem.kind}`)}</span>
        <span class="problem__difficulty">{t(`difficulty.${problem.difficulty}`)}</span>
        {points !== 1 && (
          <span class={`problem__points problem__points--x${points}`} data-testid="points-badge">
            {t(points === 0 ? 'game.points.practice' : 'game.points.double')}
          </span>
        )}
      </p>

      {showDiagram && (problem.network ?? problem.graph) && <LazyNetworkDiagram network={(problem.network ?? problem.graph)!} given={problem.given} />}

      {problem.setup && <SetupText text={problem.setup} collapsible={collapsible} />}

      {problem.given.length > 0 && (
        <div class="problem__given">
          <span class="problem__given-label">{t('problem.given')}</span>
          <ul>
            {problem.given.map((g) => (
              <li key={g.key}>
                <MathTex tex={`${g.symbol} \\approx ${latexNumber(g.display)}`} />
              </li>
            ))}
          </ul>
        </div>
      )}

      <p class="problem__prompt" id={`${id}-prompt`}>
        <RichText text={problem.prompt} />
      </p>

      {problem.steps && (
        <ol class="problem__steps" aria-label={t('problem.steps')}>
          {problem.steps.map((step, i) => {
            const result = stepResults[i];
            const current = i === activeStep;
            return (
              <li
                key={step.asks}
                class={`problem__step${current ? ' problem__step--current' : ''}${result ? ' problem__step--done' : ''}`}
                aria-current={current ? 'step' : undefined}
              >
                <span class="problem__step-number">{t('problem.step', { n: i + 1 })}</span>
                <span class="problem__step-prompt">
                  <RichText text={step.prompt} />
                </span>
                {result && (
                  <span class="problem__step-result">
                    {result.status ? <StatusIcon status={result.status} /> : <SentIcon />}
                    <span>
                      {t('problem.yourAnswer', { value: result.display })}
                      <span class="visually-hidden"> ({result.status ? t(`verdict.${result.status}`) : t('problem.sent')})</span>
                    </span>
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      )}

      {problem.choices && (
        <fieldset class="problem__choices" disabled={choicesDisabled || !onChoose} aria-describedby={`${id}-prompt`}>
          <legend class="problem__choices-legend">{t('problem.choices')}</legend>
          {problem.choices.map((c) => (
            <label key={c.id} class={`problem__choice${choice === c.id ? ' problem__choice--selected' : ''}`}>
              <input
                type="radio"
                name={`${id}-choice`}
                value={c.id}
                checked={choice === c.id}
                onChange={() => onChoose?.(c.id)}
              />
              <span>
                <RichText text={c.label} />
              </span>
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
