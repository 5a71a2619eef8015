import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { diagramSize } from './diagram-size.ts';
import type { NetworkDiagramProps } from './index.tsx';
import './network-diagram.css';

type Diagram = (props: NetworkDiagramProps) => JSX.Element;
let loaded: Diagram | null = null;
let pending: Promise<Diagram> | null = null;

function loadDiagram(): Promise<Diagram> {
  pending ??= import('./index.tsx').then(
    (module) => (loaded = module.NetworkDiagram),
    (error: unknown) => {
      pending = null;
      throw error;
    },
  );
  return pending;
}

/**
 * The network diagram, fetched after the problem's text: the setup sentence already gives
 * every value, so the first screen of a phone does not wait for the drawing code. An empty
 * figure of the same size holds its place, so nothing jumps when it arrives.
 */
export function LazyNetworkDiagram(props: NetworkDiagramProps) {
  const [Component, setComponent] = useState<Diagram | null>(() => loaded);
  useEffect(() => {
    if (Component) return;
    let live = true;
    loadDiagram().then(
      (diagram) => live && setComponent(() => diagram),
      () => undefined, // offline before it was ever fetched: the setup text stands alone
    );
    return () => {
      live = false;
    };
  }, [Component]);
  if (Component) return <Component {...props} />;
  const { width, height } = diagramSize(props.network, (props.given?.length ?? 0) > 0);
  return (
    <figure class="diagram" aria-hidden="true">
      <svg class="diagram__svg" viewBox={`0 0 ${width} ${height}`} style={{ '--diagram-width': String(width) }} />
    </figure>
  );
}
