import { useId, useMemo } from 'preact/hooks';
import type { GivenValue } from '../../../shared/engine/index.ts';
import { useI18n } from '../../app-context.ts';
import { NameParts } from '../computation-graph/name-parts.tsx';
import type { AnyNetwork } from '../computation-graph/network-shape.ts';
import { type Named, layoutDiagram } from './diagram-layout.ts';
import './network-diagram.css';

export interface NetworkDiagramProps {
  /** A chain (`PublicProblem.network`) or a network that branches (`PublicProblem.graph`). */
  network: AnyNetwork;
  /** Values already computed for the student (y ≈ 0.574), written above their node. */
  given?: readonly GivenValue[];
}

function NamedText({ named }: { named: Named }) {
  return (
    <>
      <NameParts prefix="diagram" parts={named.parts} />
      {named.value !== null && ` = ${named.value}`}
    </>
  );
}

/**
 * The network as a small left-to-right graph: x (with each layer's w on the arrow and b
 * from below) → z → activation → … → y → L (with y_true from below). A network that branches
 * stacks its inputs and neurons in rows, with each weight on its slanted arrow, a bias above or
 * under its neuron, and a skip connection arcing over the nodes into its own +. Only given values
 * are written, never a computed answer.
 */
export function NetworkDiagram({ network, given = [] }: NetworkDiagramProps) {
  const { t } = useI18n();
  const id = useId();
  const layout = useMemo(() => layoutDiagram(network, given), [network, given]);
  const scrolls = layout.graph || layout.layers > 1;
  const label = t(layout.graph ? 'diagram.graphLabel' : 'diagram.label');

  return (
    // Wider networks than one neuron are wider than a phone: the figure scrolls sideways, so it takes focus for the keyboard.
    <figure class={`diagram${layout.graph ? ' diagram--graph' : ''}`} tabIndex={scrolls ? 0 : undefined} aria-label={scrolls ? label : undefined}>
      <svg
        class="diagram__svg"
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        style={{ '--diagram-width': String(layout.width) }}
      >
        <title id={`${id}-title`}>{label}</title>
        <desc id={`${id}-desc`}>{layout.description.join(', ')}</desc>
        <defs>
          <marker id={`${id}-arrow`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0 0 10 5 0 10z" class="diagram__arrowhead" />
          </marker>
        </defs>

        {layout.inputs.map((box) => (
          <g key={box.key}>
            <rect x={box.x - box.width / 2} y={box.y - 22} width={box.width} height={box.height} rx="10" class="diagram__input" />
            <text x={box.x} y={box.y + 7} class="diagram__text">
              <NamedText named={box.label} />
            </text>
          </g>
        ))}

        {layout.edges.map((edge) => (
          <g key={edge.key} class={`diagram__edge diagram__edge--${edge.kind}`}>
            <polyline points={edge.points.map(([x, y]) => `${x},${y}`).join(' ')} marker-end={`url(#${id}-arrow)`} />
            {edge.label?.onLine && <rect x={edge.label.x - edge.label.width / 2} y={edge.label.y - 13} width={edge.label.width} height="26" rx="6" class="diagram__label-back" />}
            {edge.label && (
              <text x={edge.label.x} y={edge.label.onLine ? edge.label.y + 7 : edge.label.y} class={`diagram__edge-label${edge.label.onLine ? ' diagram__edge-label--on-line' : ''}`}>
                {edge.label.named ? <NamedText named={edge.label.named} /> : edge.kind === 'skip' ? t('diagram.skip') : edge.label.text}
              </text>
            )}
          </g>
        ))}

        {layout.boxes.map((box) => (
          <g key={box.key} class="diagram__below">
            <rect x={box.x - box.width / 2} y={box.y - box.height / 2} width={box.width} height={box.height} rx="10" class="diagram__input" />
            <text x={box.x} y={box.y + 7} class="diagram__text diagram__text--small">
              <NamedText named={box.label} />
            </text>
          </g>
        ))}

        {layout.nodes.map((node) => (
          <g key={node.key} class={`diagram__node diagram__node--${node.kind}`}>
            <circle cx={node.x} cy={node.y} r={node.r} />
            <text x={node.x} y={node.y + 7} class="diagram__text diagram__text--node">
              {node.label ? <NamedText named={node.label} /> : '+'}
            </text>
            {node.given && (
              <text x={node.given.x} y={node.given.y} class="diagram__text diagram__text--given">
                {node.given.text}
              </text>
            )}
          </g>
        ))}
      </svg>
    </figure>
  );
}
