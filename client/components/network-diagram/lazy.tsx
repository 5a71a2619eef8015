import { lazyModule, useLazyModule } from '../../lazy-module.ts';
import { diagramSize } from './diagram-size.ts';
import type { NetworkDiagramProps } from './index.tsx';
import './network-diagram.css';

const drawing = lazyModule(() => import('./index.tsx'));

/**
 * The network diagram, fetched after the problem's text: the setup sentence already gives
 * every value, so the first screen of a phone does not wait for the drawing code (offline
 * before it was ever fetched, the text stands alone). An empty figure of the same size holds
 * its place, so nothing jumps when it arrives.
 */
export function LazyNetworkDiagram(props: NetworkDiagramProps) {
  const Diagram = useLazyModule(drawing)?.NetworkDiagram;
  if (Diagram) return <Diagram {...props} />;
  const { width, height } = diagramSize(props.network, (props.given?.length ?? 0) > 0);
  return (
    <figure class="diagram" aria-hidden="true">
      <svg class="diagram__svg" viewBox={`0 0 ${width} ${height}`} style={{ '--diagram-width': String(width) }} />
    </figure>
  );
}
