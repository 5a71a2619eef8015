import { useEffect, useId, useMemo, useRef } from 'preact/hooks';
import { DIFFICULTIES, PROBLEM_KINDS, type ProblemKind } from '../../../shared/engine/index.ts';
import { useOfflineSupport } from '../../offline-support.ts';
import { useI18n, useRouter } from '../../app-context.ts';
import { LazyComputationGraph } from '../../components/computation-graph/lazy.tsx';
import { Keypad } from '../../components/keypad/index.tsx';
import { formatEcho } from '../../components/keypad/edit-answer.ts';
import { ProblemView, type StepResult } from '../../components/problem-view/index.tsx';
import { SolutionView } from '../../components/solution-view/index.tsx';
import { VerdictView } from '../../components/verdict-view/index.tsx';
import { deviceStorage } from '../../device-storage.ts';
import type { PageProps } from '../../routes.tsx';
import { useDocumentTitle } from '../../use-document-title.ts';
import { type PracticeStore, createPracticeStore, specFromQuery, specQuery } from './practice-store.ts';
import './practice.css';

function ProgressBar({ store }: { store: PracticeStore }) {
  const { t } = useI18n();
  const stats = store.stats.value;
  const accuracy = store.accuracy.value;
  return (
    <section class="practice__progress" aria-label={t('practice.progress')}>
      <dl>
        <div>
          <dt>{t('practice.streak')}</dt>
          <dd data-testid="streak">{stats.streak}</dd>
        </div>
        <div>
          <dt>{t('practice.best')}</dt>
          <dd>{stats.best}</dd>
        </div>
        <div>
          <dt>{t('practice.accuracy')}</dt>
          <dd>
            {accuracy === null ? '–' : `${Math.round(accuracy * 100)}%`}
            <span class="practice__progress-detail">
              {t('practice.accuracyDetail', { correct: stats.correct, answered: stats.answered })}
            </span>
          </dd>
        </div>
      </dl>
    </section>
  );
}

function Settings({ store }: { store: PracticeStore }) {
  const { t } = useI18n();
  const offline = useOfflineSupport();
  const id = useId();
  const settings = store.settings.value;
  const level = store.level.value;
  const toggleKind = (kind: ProblemKind, on: boolean) =>
    store.setKinds(on ? [...settings.kinds, kind] : settings.kinds.filter((k) => k !== kind));
  const onlyOne = settings.kinds.length === 1;
  return (
    <details class="card practice__settings">
      <summary>
        <span class="practice__settings-title">{t('practice.settings')}</span>
        <span class="practice__settings-summary">
          {settings.adaptive ? `${t('practice.adaptive')} · ` : ''}
          {t(`difficulty.${level}`)} · {t('practice.kindsSummary', { count: settings.kinds.length })}
        </span>
      </summary>
      <div class="practice__settings-body">
        <fieldset class="practice__kinds" aria-describedby={onlyOne ? `${id}-one` : undefined}>
          <legend>{t('practice.kinds')}</legend>
          {PROBLEM_KINDS.map((kind) => {
            const checked = settings.kinds.includes(kind);
            return (
              <label key={kind} class="check">
                <input
                  type="checkbox"
                  checked={checked}
                  disabled={checked && onlyOne}
                  onChange={(event) => toggleKind(kind, event.currentTarget.checked)}
                />
                <span>{t(`kind.${kind}`)}</span>
              </label>
            );
          })}
          {onlyOne && (
            <p class="field__hint" id={`${id}-one`}>
              {t('practice.kindsNeedOne')}
            </p>
          )}
        </fieldset>
        <fieldset class="practice__difficulty">
          <legend>{t('practice.difficulty')}</legend>
          <div class="practice__levels">
            {DIFFICULTIES.map((d) => (
              <label key={d} class="check check--pill">
                <input
                  type="radio"
                  name={`${id}-difficulty`}
                  checked={level === d}
                  onChange={() => store.setDifficulty(d)}
                />
                <span>{t(`difficulty.${d}`)}</span>
              </label>
            ))}
          </div>
          <label class="check">
            <input type="checkbox" checked={settings.adaptive} onChange={(event) => store.setAdaptive(event.currentTarget.checked)} aria-describedby={`${id}-adaptive`} />
            <span>{t('practice.adaptive')}</span>
          </label>
          <p class="field__hint" id={`${id}-adaptive`}>
            {t('practice.adaptiveHint')}
          </p>
        </fieldset>
        <div class="practice__settings-footer">
          <button
            type="button"
            class="button button--quiet"
            onClick={() => {
              if (window.confirm(t('practice.resetConfirm'))) store.resetStats();
            }}
          >
            {t('practice.reset')}
          </button>
          <p class="field__hint" data-testid="offline-support" data-support={offline}>
            {t(`practice.offline.${offline}`)}
          </p>
        </div>
      </div>
    </details>
  );
}

export default function PracticePage({ query }: PageProps) {
  const { t } = useI18n();
  const router = useRouter();
  const id = useId();
  useDocumentTitle(t('practice.title'));
  const store = useMemo(() => createPracticeStore({ storage: deviceStorage(), first: specFromQuery(query) }), []);

  // The address names the problem on screen: a reload (even offline) comes back to it, and it can be shared.
  const specText = specQuery(store.spec.value);
  useEffect(() => {
    router.navigate(`/practice?${specText}`, { replace: true });
  }, [specText]);
  const nextButton = useRef<HTMLButtonElement>(null);
  const problemHeading = useRef<HTMLHeadingElement>(null);
  const hintSection = useRef<HTMLDivElement>(null);
  const solutionSection = useRef<HTMLDivElement>(null);

  const problem = store.problem.value;
  const view = store.publicProblem.value;
  const phase = store.phase.value;
  const verdict = store.verdict.value;
  const verdictStep = store.verdictStep.value;
  const stepIndex = store.stepIndex.value;
  const stepAnswers = store.stepAnswers.value;
  const hint = store.hint.value;
  const solutionShown = store.solutionShown.value;
  const levelChange = store.levelChange.value;
  const isChoice = problem.format === 'choice';
  const step = problem.steps?.[stepIndex];

  // Finished: the next problem is one Enter away.
  useEffect(() => {
    if (phase === 'done') nextButton.current?.focus({ preventScroll: true });
  }, [phase, problem]);

  const stepResults: StepResult[] = stepAnswers.map((answer) => ({
    display: formatEcho(answer.raw, answer.value),
    status: answer.verdict.status,
  }));
  const correctSteps = stepAnswers.filter((a) => a.verdict.status === 'correct').length;

  const goToNext = () => {
    store.next();
    window.scrollTo(0, 0);
    // The keypad takes focus on a desktop; otherwise start reading at the new problem rather
    // than leave focus on "Next", where a second Enter would skip the problem unseen.
    requestAnimationFrame(() => {
      if (document.activeElement === nextButton.current || document.activeElement === document.body) {
        problemHeading.current?.focus({ preventScroll: true });
      }
    });
  };

  const reveal = (section: { current: HTMLElement | null }) =>
    requestAnimationFrame(() => {
      section.current?.focus({ preventScroll: true });
      section.current?.scrollIntoView({ block: 'nearest', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    });

  return (
    <div class="practice">
      <div class="practice__top">
        <h1 class="practice__title">{t('practice.title')}</h1>
        <ProgressBar store={store} />
      </div>

      <Settings store={store} />

      <div class="practice__notice" role="status">
        {levelChange &&
          t(levelChange.direction === 'up' ? 'practice.levelUp' : 'practice.levelDown', {
            level: t(`difficulty.${levelChange.level}`),
          })}
      </div>

      <div class="practice__layout">
        <section class="card practice__problem" aria-labelledby={`${id}-problem`}>
          <h2 class="visually-hidden" id={`${id}-problem`} ref={problemHeading} tabIndex={-1}>
            {t('practice.problem')}
          </h2>
          <ProblemView
            problem={view}
            activeStep={phase === 'done' ? undefined : stepIndex}
            stepResults={stepResults}
            choice={store.choice.value}
            onChoose={store.choose}
            choicesDisabled={phase === 'done'}
          />
        </section>

        <section class="card practice__answer" aria-labelledby={`${id}-answer`}>
          <h2 class="visually-hidden" id={`${id}-answer`}>
            {t('practice.answer')}
          </h2>
          {phase === 'answering' &&
            (isChoice ? (
              <form
                class="practice__choice-form"
                onSubmit={(event) => {
                  event.preventDefault();
                  store.submit();
                }}
              >
                <button type="submit" class="button button--primary button--wide practice__check">
                  {t('practice.check')}
                </button>
              </form>
            ) : (
              <Keypad
                key={`${specText}/${stepIndex}`}
                value={store.input.value}
                onInput={store.setInput}
                onSubmit={store.submit}
                format={problem.format === 'integer' ? 'integer' : 'number'}
                symbol={step ? step.symbol : problem.symbol}
                label={step ? t('problem.step', { n: stepIndex + 1 }) : undefined}
                submitLabel={step ? t('practice.checkStep', { n: stepIndex + 1 }) : t('practice.check')}
                autoFocus
                describedBy={`${id}-verdict`}
              />
            ))}

          <VerdictView
            id={`${id}-verdict`}
            verdict={verdict}
            context={verdictStep !== null && problem.steps ? t('problem.step', { n: verdictStep + 1 }) : undefined}
          >
            {store.retrying.value && phase === 'answering' && <p class="practice__note">{t('practice.retryNotCounted')}</p>}
          </VerdictView>

          {phase === 'done' && problem.steps && (
            <p class="practice__summary">{t('practice.chainDone', { correct: correctSteps, total: problem.steps.length })}</p>
          )}

          <div class="practice__actions">
            {store.canHint.value && (
              <button
                type="button"
                class="button"
                onClick={() => {
                  store.showHint();
                  reveal(hintSection);
                }}
              >
                {store.hintsUsed.value === 0 ? t('practice.hint') : t('practice.nextHint')}
              </button>
            )}
            {!solutionShown && (
              <button
                type="button"
                class="button"
                onClick={() => {
                  store.showSolution();
                  reveal(solutionSection);
                }}
              >
                {t('practice.showSolution')}
              </button>
            )}
            <button
              ref={nextButton}
              type="button"
              class={`button ${phase === 'done' ? 'button--primary' : 'button--quiet'} practice__next`}
              onClick={goToNext}
            >
              {t('practice.next')}
            </button>
          </div>
        </section>

        {hint && !solutionShown && (
          <div class="card practice__hint" ref={hintSection} tabIndex={-1}>
            <SolutionView steps={hint.lines} hideValues={hint.hideValues} heading={t('solution.hint')} />
          </div>
        )}

        {solutionShown && (
          <div class="card practice__solution" ref={solutionSection} tabIndex={-1}>
            <SolutionView steps={problem.solution} highlight={step?.asks ?? problem.asks} />
          </div>
        )}

        {/* Every value of the graph gives the answer away: only once answered or the solution is open. */}
        {(phase === 'done' || solutionShown) && (problem.network ?? problem.graph) && (
          <section class="card practice__graph" aria-labelledby={`${id}-graph`}>
            <h2 class="practice__graph-heading" id={`${id}-graph`}>
              {t('graph.heading')}
            </h2>
            <LazyComputationGraph network={(problem.network ?? problem.graph)!} solved highlight={step?.asks ?? problem.asks} />
          </section>
        )}
      </div>
    </div>
  );
}
