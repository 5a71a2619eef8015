import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { formatNumber } from '../../../shared/engine/format-number.ts';
import type { Activation, GivenValue, Network } from '../../../shared/engine/index.ts';
import { useI18n } from '../../app-context.ts';
import { ACTIVATION_GAP, INPUT_GAP, LABEL_ROOM, LOSS_GAP, MARGIN, RADIUS, diagramSize, nodeY } from './diagram-size.ts';
import './network-diagram.css';

export interface NetworkDiagramProps {
  network: Network;
  /** Values already computed for the student (y ≈ 0.574), written above their node. */
  given?: readonly GivenValue[];
}

const ACTIVATION_LABEL: Record<Activation, string> = { sigmoid: 'σ', tanh: 'tanh', relu: 'ReLU', linear: 'id' };
const LOSS_LABEL: Record<Network['loss'], string> = { mse: 'MSE', bce: 'BCE' };

/** Inputs are exact decimals (at most two places), written as given. */
function num(value: number): string {
  return formatNumber(value, 6).replace('-', '−');
}

/** A variable in italics with an optional subscript, as in the formulas. */
function Variable({ name, index }: { name: string; index?: number | string | undefined }) {
  return (
    <>
      <tspan class="diagram__var">{name}</tspan>
      {index !== undefined && (
        <tspan class="diagram__sub" baseline-shift="sub">
          {index}
        </tspan>
      )}
    </>
  );
}

interface NodeSpec {
  key: string;
  x: number;
  label: ComponentChildren;
}

/**
 * The network as a small left-to-right graph: x (with each layer's w on the arrow and b
 * from below) → z → activation → … → y → L (with y_true from below). Only given values
 * are written, never a computed answer.
 */
export function NetworkDiagram({ network, given = [] }: NetworkDiagramProps) {
  const { t } = useI18n();
  const id = useId();
  const n = network.layers.length;
  const index = (k: number) => (n === 1 ? undefined : k);
  const NODE_Y = nodeY(given.length > 0);
  const BOX_Y = NODE_Y + 68;

  const nodes: NodeSpec[] = [];
  const edges: { from: number; to: number; label: ComponentChildren; kind: 'weight' | 'activation' | 'loss' }[] = [];
  const below: { x: number; label: ComponentChildren; key: string }[] = [];
  let x = MARGIN;
  const inputX = x;
  network.layers.forEach((layer, i) => {
    const k = i + 1;
    const from = nodes.length === 0 ? -1 : nodes.length - 1;
    x += INPUT_GAP;
    nodes.push({ key: `z${k}`, x, label: <Variable name="z" index={index(k)} /> });
    edges.push({
      from,
      to: nodes.length - 1,
      kind: 'weight',
      label: (
        <>
          <Variable name="w" index={index(k)} /> = {num(layer.w)}
        </>
      ),
    });
    below.push({
      key: `b${k}`,
      x,
      label: (
        <>
          <Variable name="b" index={index(k)} /> = {num(layer.b)}
        </>
      ),
    });
    x += ACTIVATION_GAP;
    const isOutput = k === n;
    nodes.push({ key: isOutput ? 'y' : `a${k}`, x, label: isOutput ? <Variable name="y" /> : <Variable name="a" index={k} /> });
    edges.push({ from: nodes.length - 2, to: nodes.length - 1, kind: 'activation', label: ACTIVATION_LABEL[layer.activation] });
  });
  x += LOSS_GAP;
  nodes.push({ key: 'L', x, label: <Variable name="L" /> });
  edges.push({ from: nodes.length - 2, to: nodes.length - 1, kind: 'loss', label: LOSS_LABEL[network.loss] });
  below.push({
    key: 't',
    x,
    label: (
      <>
        <Variable name="y" index="true" /> = {num(network.target)}
      </>
    ),
  });
  const { width, height } = diagramSize(network, given.length > 0);
  const xOf = (i: number) => (i < 0 ? inputX : nodes[i]!.x);
  const edgeStart = (i: number) => (i < 0 ? inputX + 48 : xOf(i) + RADIUS);
  const givenFor = (key: string) => given.find((g) => g.key === key || (key === 'y' && g.key === `a${n}`));

  const description = [
    `x = ${num(network.x)}`,
    ...network.layers.flatMap((layer, i) => [
      `w${n > 1 ? i + 1 : ''} = ${num(layer.w)}`,
      `b${n > 1 ? i + 1 : ''} = ${num(layer.b)}`,
      layer.activation,
    ]),
    LOSS_LABEL[network.loss],
    `y_true = ${num(network.target)}`,
  ].join(', ');

  return (
    // Deeper networks are wider than a phone: the figure scrolls sideways, so it takes focus for the keyboard.
    <figure class="diagram" tabIndex={n > 1 ? 0 : undefined} aria-label={n > 1 ? t('diagram.label') : undefined}>
      <svg
        class="diagram__svg"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        style={{ '--diagram-width': String(width) }}
      >
        <title id={`${id}-title`}>{t('diagram.label')}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <defs>
          <marker id={`${id}-arrow`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0 0 10 5 0 10z" class="diagram__arrowhead" />
          </marker>
        </defs>

        <rect x={inputX - 48} y={NODE_Y - 22} width="96" height="44" rx="10" class="diagram__input" />
        <text x={inputX} y={NODE_Y + 7} class="diagram__text">
          <Variable name="x" /> = {num(network.x)}
        </text>

        {edges.map((edge, i) => {
          const x1 = edgeStart(edge.from);
          const x2 = xOf(edge.to) - RADIUS - 2;
          return (
            <g key={i} class={`diagram__edge diagram__edge--${edge.kind}`}>
              <line x1={x1} y1={NODE_Y} x2={x2} y2={NODE_Y} marker-end={`url(#${id}-arrow)`} />
              <text x={(x1 + x2) / 2} y={edge.kind === 'weight' ? NODE_Y - 30 : NODE_Y - 12} class="diagram__edge-label">
                {edge.label}
              </text>
            </g>
          );
        })}

        {below.map((item) => (
          <g key={item.key} class="diagram__below">
            <line x1={item.x} y1={BOX_Y - 20} x2={item.x} y2={NODE_Y + RADIUS + 2} marker-end={`url(#${id}-arrow)`} />
            <rect x={item.x - 60} y={BOX_Y - 20} width="120" height="42" rx="10" class="diagram__input" />
            <text x={item.x} y={BOX_Y + 7} class="diagram__text diagram__text--small">
              {item.label}
            </text>
          </g>
        ))}

        {nodes.map((node) => {
          const value = givenFor(node.key);
          return (
            <g key={node.key} class={`diagram__node${node.key === 'L' ? ' diagram__node--loss' : ''}`}>
              <circle cx={node.x} cy={NODE_Y} r={RADIUS} />
              <text x={node.x} y={NODE_Y + 7} class="diagram__text diagram__text--node">
                {node.label}
              </text>
              {value && (
                <text x={node.x} y={NODE_Y - LABEL_ROOM + 4} class="diagram__text diagram__text--given">
                  ≈ {value.display.replace('-', '−')}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
