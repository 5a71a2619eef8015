import { lazyModule, useLazyModule } from '../../lazy-module.ts';
import { graphSize } from './graph-size.ts';
import type { ComputationGraphProps } from './index.tsx';
import './computation-graph.css';

export type { ComputationGraphProps, GraphStatus } from './index.tsx';

const drawing = lazyModule(() => import('./index.tsx'));

/**
 * The computation graph (props: see index.tsx), its drawing and the engine's evaluation
 * fetched on first need so no page a phone opens carries them up front. An empty box of the
 * same size holds the place until it arrives, so nothing jumps; offline before it was ever
 * fetched, the worked solution beside it stands alone.
 */
export function LazyComputationGraph(props: ComputationGraphProps) {
  const Graph = useLazyModule(drawing)?.ComputationGraph;
  if (Graph) return <Graph {...props} />;
  const { width, height } = graphSize(props.network);
  return (
    <div class={`graph graph--${props.size ?? 'normal'}`} aria-hidden="true">
      <div class="graph__scroll">
        <svg class="graph__svg" viewBox={`0 0 ${width} ${height}`} style={{ '--graph-width': String(width), '--graph-height': String(height) }} />
      </div>
    </div>
  );
}
