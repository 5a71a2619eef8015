/**
 * A finished item's answer, the teacher's note and the worked solution (and, on request, the
 * computation graph): its own chunk, like the live game's reveal explanation, so the student page
 * loads only what answering needs.
 */
import { useId } from 'preact/hooks';
import type { HomeworkItemView } from '../../../shared/protocol/homework.ts';
import { useI18n } from '../../app-context.ts';
import { GraphDisclosure } from '../../components/computation-graph/graph-disclosure.tsx';
import { AcceptedRange, AnswerNote, CorrectAnswer } from '../../components/correct-answer/index.tsx';
import { SolutionView } from '../../components/solution-view/index.tsx';

export function ItemFeedback({ view }: { view: HomeworkItemView }) {
  const { t } = useI18n();
  const id = useId();
  if (!view.answer) return null;
  const network = view.problem.network ?? view.problem.graph;
  return (
    <>
      <section class="card play-reveal__answer" aria-labelledby={`${id}-answer`}>
        <h2 id={`${id}-answer`}>{t('game.correctAnswer')}</h2>
        <div class="play-reveal__answer-value" data-testid="correct-answer">
          <CorrectAnswer problem={view.problem} answer={view.answer} />
        </div>
        <AcceptedRange answer={view.answer} class="play-reveal__accepted" />
        {/* The note rides in the answer key; an older server sent it beside it only. */}
        <AnswerNote answer={view.note && !view.answer.note ? { ...view.answer, note: { key: 'authored.text', params: { text: view.note } } } : view.answer} />
      </section>
      {view.solution && (
        <section class="card play-reveal__solution" data-testid="worked-solution">
          <SolutionView steps={view.solution} highlight={view.problem.asks} />
        </section>
      )}
      {network && <GraphDisclosure class="card" network={network} solved highlight={view.problem.asks} />}
    </>
  );
}
