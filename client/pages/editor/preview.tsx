/**
 * The live preview of the item being edited: its problem (problemForItem, as a room will make it)
 * drawn by the phone's own components in a phone-wide frame, in the set's language or the other;
 * and, marked as the teacher's only, what the reveal will show: the answer, the accepted interval,
 * the worked solution and the mistakes it names.
 */
import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { type Lang, type Misconception, type Problem, formatNumber, toPublicProblem, untestedMistakes } from '../../../shared/engine/index.ts';
import { problemForItem } from '../../../shared/question-sets/index.ts';
import type { SetItem } from '../../../shared/question-sets/schema.ts';
import { AppContext, useI18n, useRouter } from '../../app-context.ts';
import { AcceptedRange, CorrectAnswer } from '../../components/correct-answer/index.tsx';
import { Keypad } from '../../components/keypad/index.tsx';
import { MathTex, RichText } from '../../components/math/index.tsx';
import { ProblemView } from '../../components/problem-view/index.tsx';
import { SolutionView } from '../../components/solution-view/index.tsx';
import { LANG_NAMES, UI_LANGS, createI18n } from '../../i18n/index.ts';
import { rightChoices, stepAnswerKeys, teacherAnswerKey } from './teacher-answer.ts';

/** The parts the phone's question and reveal screens draw with, plus the frame's own strings. */
const PREVIEW_PARTS = ['problem', 'game', 'editor'] as const;

export interface PreviewProps {
  item: SetItem | null;
  /** The numbers shown for a generated item without pinned numbers (a room uses its own seed). */
  seed: number;
  /** Whether an item is chosen at all (null `item` with one chosen: it has issues). */
  chosen: boolean;
  index: number;
  total: number;
  /** The set's language: the preview starts in it. */
  language: Lang;
}

/** The item's problem, or null when the engine cannot make one (it says why in the item's issues). */
export function previewProblem(item: SetItem, seed: number): Problem | null {
  try {
    return problemForItem(item, { seed, variant: null });
  } catch {
    return null;
  }
}

function minus(text: string): string {
  return text.replace(/^-/, '−');
}

function PhoneScreen({ problem, index, total }: { problem: Problem; index: number; total: number }) {
  const { t } = useI18n();
  const view = useMemo(() => toPublicProblem(problem), [problem]);
  const multi = view.steps !== undefined;
  return (
    <div class="editor-phone__screen">
      <p class="editor-phone__title">{t('editor.preview.questionOf', { n: index + 1, total })}</p>
      <section class="card editor-phone__card" data-testid="phone-problem">
        <ProblemView problem={view} activeStep={multi ? 0 : undefined} collapsible />
      </section>
      <section class="card editor-phone__card">
        {view.format === 'choice' ? (
          <button type="button" class="button button--primary button--wide" disabled>
            {t('editor.preview.pickFirst')}
          </button>
        ) : (
          <Keypad
            value=""
            onInput={() => undefined}
            onSubmit={() => undefined}
            format={view.format === 'integer' ? 'integer' : 'number'}
            symbol={multi ? view.steps![0]!.symbol : view.symbol}
            label={multi ? t('problem.step', { n: 1 }) : undefined}
            submitLabel={multi ? t('editor.preview.sendStep', { n: 1 }) : t('editor.preview.send')}
            disabled
          />
        )}
      </section>
    </div>
  );
}

/** Each mistake the grader names: the value a student making it gets, and what they are told. */
function MistakeList({ mistakes, choiceLabel }: { mistakes: readonly Misconception[]; choiceLabel: (id: string) => Problem['prompt'] | null }) {
  return (
    <ul class="editor-teacher__mistakes">
      {mistakes.map((m, i) => {
        const label = typeof m.value === 'string' ? choiceLabel(m.value) : null;
        return (
          <li key={`${m.key}-${i}`}>
            <span class="editor-teacher__mistake-value">{typeof m.value === 'number' ? minus(formatNumber(m.value, 3)) : label ? <RichText text={label} /> : m.value}</span>
            <span class="editor-teacher__mistake-message">
              <RichText text={m.message} />
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** The network's numbers in one line, as the diagram writes them: x = 0.55, w = 0.44, b = 0.12, y_true = 0.7. */
function networkLine(problem: Problem): string {
  const network = problem.network!;
  const n = network.layers.length;
  const num = (v: number) => minus(String(v));
  return [
    `x = ${num(network.x)}`,
    ...network.layers.flatMap((l, k) => [`w${n > 1 ? k + 1 : ''} = ${num(l.w)}`, `b${n > 1 ? k + 1 : ''} = ${num(l.b)}`]),
    `y_true = ${num(network.target)}`,
  ].join(', ');
}

function TeacherPanel({ problem, variant }: { problem: Problem; variant: Problem | null }) {
  const { t } = useI18n();
  const id = useId();
  const view = useMemo(() => toPublicProblem(problem), [problem]);
  const answer = useMemo(() => teacherAnswerKey(problem), [problem]);
  const untested = useMemo(() => untestedMistakes(problem), [problem]);
  const right = rightChoices(problem);
  const choiceLabel = (choiceId: string) => problem.choices?.find((c) => c.id === choiceId)?.label ?? null;
  return (
    <section class="editor-teacher" aria-labelledby={`${id}-heading`} data-testid="teacher-panel">
      <h3 class="editor-teacher__heading" id={`${id}-heading`}>
        <svg class="editor-teacher__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <rect x="5" y="10.5" width="14" height="10" rx="2" />
          <path d="M8 10.5V7.5a4 4 0 0 1 8 0v3" />
        </svg>
        {t('editor.teacher.heading')}
      </h3>
      <p class="editor-teacher__hint">{t('editor.teacher.hint')}</p>

      <h4 class="editor-teacher__subheading">{t('editor.teacher.answer')}</h4>
      <div class="editor-teacher__answer" data-testid="teacher-answer">
        {right.length > 1 ? (
          <ul class="editor-teacher__choices">
            {right.map((choice) => (
              <li key={choice.id}>
                <RichText text={choice.label} />
              </li>
            ))}
          </ul>
        ) : (
          <CorrectAnswer problem={view} answer={answer} />
        )}
      </div>
      <AcceptedRange answer={answer} class="editor-teacher__accepted" />
      {problem.steps && (
        <ol class="editor-teacher__step-ranges" data-testid="step-ranges">
          {stepAnswerKeys(problem).map((key, i) => (
            <li key={i}>
              <strong>{t('problem.step', { n: i + 1 })}</strong> <AcceptedRange answer={key} class="editor-teacher__accepted" />
            </li>
          ))}
        </ol>
      )}

      {untested.length > 0 && (
        // A generated question is drawn again until it tells these apart; a teacher's numbers are kept, so say so.
        <div class="editor-teacher__untested" role="note" data-testid="untested-mistakes">
          <p class="editor-teacher__untested-lead">{t('editor.teacher.untested')}</p>
          <ul class="editor-teacher__mistakes">
            {untested.flatMap((step) =>
              step.mistakes.map((key) => (
                <li key={`${step.asks}-${key}`}>
                  <span class="editor-teacher__mistake-value">
                    <MathTex tex={step.symbol} />
                  </span>
                  <span class="editor-teacher__mistake-message">
                    <RichText text={{ key: `diagnosis.${key}` }} />
                  </span>
                </li>
              )),
            )}
          </ul>
          <p class="editor-teacher__hint">{t('editor.teacher.untestedFix')}</p>
        </div>
      )}

      {variant?.network && (
        <p class="editor-teacher__variant" data-testid="teacher-variant">
          {t('editor.teacher.variant', { values: networkLine(variant) })}{' '}
          <CorrectAnswer problem={toPublicProblem(variant)} answer={teacherAnswerKey(variant)} />
        </p>
      )}

      {problem.note && (
        <p class="editor-teacher__note">
          <strong>{t('editor.teacher.note')}</strong> <RichText text={problem.note} />
        </p>
      )}

      {problem.solution.length > 0 && <SolutionView steps={problem.solution} highlight={problem.asks} headingLevel={3} />}

      {/* A teacher's own multiple choice has no catalogue of mistakes; a generated one (which way w moves) has. */}
      {problem.kind !== 'multiple-choice' && (
        <>
          <h4 class="editor-teacher__subheading">{t('editor.teacher.mistakes')}</h4>
          {problem.steps ? (
            // A chain names mistakes at every step: one step at a time, so the list stays readable.
            <div data-testid="teacher-mistakes">
              {problem.steps.map((step, i) => (
                <details key={step.asks} class="editor-teacher__step-mistakes">
                  <summary>
                    {t('problem.step', { n: i + 1 })} · <MathTex tex={step.symbol} /> ({step.misconceptions.length})
                  </summary>
                  <MistakeList mistakes={step.misconceptions} choiceLabel={choiceLabel} />
                </details>
              ))}
            </div>
          ) : problem.misconceptions.length === 0 ? (
            <p class="editor-teacher__hint">{t('editor.teacher.noMistakes')}</p>
          ) : (
            <div data-testid="teacher-mistakes">
              <MistakeList mistakes={problem.misconceptions} choiceLabel={choiceLabel} />
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** The preview column: the language switch, the phone, and the teacher's panel below it. */
export function ItemPreview({ item, chosen, seed, index, total, language }: PreviewProps) {
  const page = useI18n();
  const router = useRouter();
  const id = useId();
  const [lang, setLang] = useState<Lang>(language);
  // A change of the set's language shows the preview in it again.
  useEffect(() => setLang(language), [language]);
  const i18n = useMemo(() => createI18n({ languages: [lang] }), [lang]);
  useEffect(() => {
    void i18n.load(PREVIEW_PARTS).catch(() => undefined);
    return () => i18n.dispose();
  }, [i18n]);
  const ready = i18n.ready(PREVIEW_PARTS);
  const problem = useMemo(() => (item ? previewProblem(item, seed) : null), [item, seed]);
  // "Each team its own numbers": one team's numbers, to show the teacher what the rule makes.
  const variant = useMemo(() => {
    if (item?.type !== 'numeric' || !item.variants) return null;
    try {
      return problemForItem(item, { seed, variant: 'example-team' });
    } catch {
      return null;
    }
  }, [item, seed]);
  const services = useMemo(() => ({ i18n, router }), [i18n, router]);

  return (
    <div class="editor-preview">
      <div class="editor-preview__top">
        <h2 class="editor-preview__heading" id={`${id}-heading`}>
          {page.t('editor.preview.heading')}
        </h2>
        <div class="editor-preview__langs" role="group" aria-label={page.t('editor.preview.lang')}>
          {UI_LANGS.map((option) => (
            <button key={option} type="button" lang={option} class="editor-preview__lang" aria-pressed={option === lang} onClick={() => setLang(option)}>
              {LANG_NAMES[option]}
            </button>
          ))}
        </div>
      </div>
      <p class="editor-preview__hint">{page.t('editor.preview.hint')}</p>
      {!item || !problem ? (
        <p class="editor-preview__empty" data-testid="preview-empty">
          {page.t(!chosen ? 'editor.preview.none' : item ? 'editor.preview.cannot' : 'editor.preview.invalid')}
        </p>
      ) : !ready ? (
        <p class="editor-preview__empty">{page.t('editor.loading')}</p>
      ) : (
        <AppContext.Provider value={services}>
          <div lang={lang} class="editor-preview__body" data-testid="preview" data-lang={lang}>
            <div class="editor-phone" role="group" aria-label={i18n.t('editor.preview.phone')}>
              <PhoneScreen problem={problem} index={index} total={total} />
            </div>
            <TeacherPanel problem={problem} variant={variant} />
          </div>
        </AppContext.Provider>
      )}
    </div>
  );
}
