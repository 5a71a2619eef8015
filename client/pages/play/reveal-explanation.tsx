/**
 * The explanation under a phone's reveal: the worked solution and, on request, the
 * computation graph. Fetched apart from the reveal screen (and ahead of it, see reveal.tsx),
 * so the screens a phone loads up front stay within the phone budget.
 */
import type { RevealView } from '../../../shared/protocol/index.ts';
import { GraphDisclosure } from '../../components/computation-graph/graph-disclosure.tsx';
import { SolutionView } from '../../components/solution-view/index.tsx';

export function RevealExplanation({ view }: { view: RevealView }) {
  const network = view.problem.network ?? view.problem.graph;
  return (
    <>
      <section class="card play-reveal__solution">
        <SolutionView steps={view.solution} highlight={view.problem.asks} />
      </section>

      {/* The answer is public now; relay and descent rounds draw their own screens. */}
      {network && !view.relay && !view.descent && <GraphDisclosure class="card" network={network} solved highlight={view.problem.asks} />}
    </>
  );
}
