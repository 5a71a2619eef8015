/**
 * The computation graph of a network, micrograd-style: x, w, b → × → + → z → σ → a … → y →
 * loss → L, each value in a box on its edge with the forward value above it and the gradient
 * dL/d· below it (another colour), updates w′ above the parameter, an activation's local
 * derivative under it. Scrolls sideways inside its own box on a phone; grows on a projector.
 *
 * Import it through `./lazy.tsx` (`LazyComputationGraph`, same props) on any page a phone
 * opens: the drawing and the engine's evaluation are fetched on first need.
 *
 * Props:
 * - `network` — the network as `PublicProblem.network` carries it (1–3 layers, any activation,
 *   mse or bce), or a network that branches as `PublicProblem.graph` carries it (graph.ts: several
 *   inputs, a hidden layer of two neurons, a skip connection). Its inputs x (x1, x2, …), the
 *   weights and biases and y_true are public and always drawn.
 * - `solved` — fill every other value from the engine (`graphValues`). Only where the answer is
 *   public: a reveal, practice after answering or with the solution open. Never on a question
 *   screen: the network alone regenerates the answer.
 * - `forward` — forward values by quantity key: `z1`, `a1`, `y` (or `a{n}`), `L`, and the
 *   products `w1*x`, `w2*a1` (see `productKey`). Drawn on top of `solved`'s values.
 * - `gradients` — backward values by key: `dL/dy` (or `dL/da{n}`), `dL/dz1`, `dL/da1`, `dL/dw1`,
 *   `dL/db1`, `dL/dL`; local derivatives `da1/dz1` (drawn under the activation); updates `w1'`,
 *   `b1'` (drawn above the parameter); for a network that branches, each path's share where a
 *   value feeds two places (`dL/da1:z2`, `dL/da1:y`: their sum is written beside the branch,
 *   dL/da₁ = 0.0656 + (−0.884)). Without `gradients` and `solved`, no gradient is drawn.
 *   A key that is absent leaves its place blank — unless it is `pending`.
 * - `pending` — keys whose place shows "?" until their value arrives (e.g. the relay links not
 *   sent yet: `links.map((l) => l.asks)`).
 * - `status` — by key (`dL/dz1`, `w1'`, …): `correct` | `wrong` | `carried` (right for the
 *   value received, wrong because the error came from upstream). Colours that value and puts a
 *   badge after it (tick, cross, arrow), so the colour is never the only signal.
 * - `highlight` — one key to emphasise: a value, a gradient or an update (its box), or a local
 *   derivative (its operation: `dz1/dw1` at ×, `dz1/db1` at +, `da1/dz1` at σ).
 * - `label` — the accessible name; the text alternative always lists every value shown.
 * - `size` — `large` on the projector (grows up to 1.9× its natural size, and no taller than the
 *   screen: a network that branches has a lane per product).
 *
 * The product w·a gets dL/dz as its gradient (the sum passes it on unchanged) but is not what
 * `dL/dz{k}` means: highlight and status of `dL/dz{k}` mark the z box only. x has no gradient
 * drawn: it is data, not something the network learns — unless it feeds two neurons, where its
 * gradient is the sum of the paths like any other value's (a question may ask dL/dx).
 */
import { useId, useMemo } from 'preact/hooks';
import { useI18n } from '../../app-context.ts';
import { type Slot, graphDescription, graphLabels } from './graph-labels.ts';
import { type AnyNetwork, BOX_HEIGHT, type GraphStatus, layoutGraph } from './graph-layout.ts';
import { type NamePart, NameParts } from './name-parts.tsx';
import { graphValues } from './graph-values.ts';
import './computation-graph.css';

export type { GraphStatus } from './graph-layout.ts';
export { graphLabels, graphValues, layoutGraph };

export interface ComputationGraphProps {
  network: AnyNetwork;
  solved?: boolean;
  forward?: Readonly<Record<string, number>>;
  gradients?: Readonly<Record<string, number>>;
  pending?: readonly string[];
  status?: Readonly<Record<string, GraphStatus>>;
  highlight?: string | null;
  label?: string;
  size?: 'normal' | 'large';
}

const VALUE_SIZE = 18;
const SMALL_SIZE = 16;

/** Text width estimate (no layout pass in SVG): enough to put a badge just after a number. */
function textWidth(text: string, size: number): number {
  return text.length * size * 0.56;
}

/** A tick, a cross or an arrow on a disc: the status by shape as well as colour. */
function StatusBadge({ x, y, status }: { x: number; y: number; status: GraphStatus }) {
  return (
    <g class={`graph__badge graph__badge--${status}`} transform={`translate(${x - 9} ${y - 9}) scale(0.75)`} aria-hidden="true">
      <circle cx="12" cy="12" r="12" />
      <path
        d={status === 'correct' ? 'm6.5 12.4 3.6 3.6 7.4-7.8' : status === 'wrong' ? 'm7.5 7.5 9 9m0-9-9 9' : 'M6 12h11m-4-4.5 4.5 4.5-4.5 4.5'}
      />
    </g>
  );
}

/** A wide ring behind the emphasised element: it adds to a status outline rather than replacing it. */
function Halo({ x, y, width, round = false }: { x: number; y: number; width: number; round?: boolean }) {
  const pad = 5;
  const height = BOX_HEIGHT + 2 * pad;
  return <rect class="graph__halo" x={x - width / 2 - pad} y={y - height / 2} width={width + 2 * pad} height={height} rx={round ? height / 2 : 12} />;
}

/** A branch point: a dot, so a line that only crosses another never reads as one. */
function Junction({ x, y, r = 4.5 }: { x: number; y: number; r?: number }) {
  return <circle class="graph__junction" cx={x} cy={y} r={r} />;
}

function slotClass(kind: 'value' | 'gradient' | 'update' | 'local', slot: Slot): string {
  return ['graph__text', `graph__text--${kind}`, slot.pending ? 'graph__text--pending' : '', slot.status ? `graph__text--${slot.status}` : '']
    .filter(Boolean)
    .join(' ');
}

/** A number centred at (x, y), optionally after its name (`w′ = …`), with its status badge after it. */
function SlotText({ slot, x, y, kind, name }: { slot: Slot | null; x: number; y: number; kind: 'value' | 'gradient' | 'update' | 'local'; name?: { parts: readonly NamePart[]; plain: string } }) {
  if (!slot) return null;
  const written = name ? `${name.plain} = ${slot.text}` : slot.text;
  return (
    <>
      <text x={x} y={y} class={slotClass(kind, slot)}>
        {name && (
          <>
            <NameParts prefix="graph" parts={name.parts} />
            {' = '}
          </>
        )}
        {slot.text}
      </text>
      {slot.status && <StatusBadge x={x + textWidth(written, name ? SMALL_SIZE : VALUE_SIZE) / 2 + 13} y={y - 6} status={slot.status} />}
    </>
  );
}

export function ComputationGraph({
  network,
  solved = false,
  forward,
  gradients,
  pending = [],
  status = {},
  highlight = null,
  label,
  size = 'normal',
}: ComputationGraphProps) {
  const { t } = useI18n();
  const id = useId();
  const layout = useMemo(() => layoutGraph(network), [network]);
  const computed = useMemo(() => (solved ? graphValues(network) : null), [network, solved]);
  const labels = graphLabels(layout, {
    network,
    forward: { ...computed?.forward, ...forward },
    gradients: computed || gradients ? { ...computed?.gradients, ...gradients } : null,
    pending,
    status,
  });
  const isHighlighted = (keys: readonly string[]) => highlight !== null && keys.includes(highlight);

  const description = graphDescription(layout, labels, t);
  const shownStatuses = (['correct', 'wrong', 'carried'] as const).filter((s) => Object.values(status).includes(s));
  const anyGradient = [...labels.boxes.values()].some((box) => box.gradient !== null);
  const anyMerge = labels.merges.size > 0;
  const name = label ?? t('graph.label');

  return (
    <div class={`graph graph--${size}`}>
      {/* Wider than a phone: the box scrolls sideways, so it takes focus for the keyboard. */}
      <div class="graph__scroll" tabIndex={0} role="group" aria-label={name}>
        <svg
          class="graph__svg"
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          style={{ '--graph-width': String(layout.width), '--graph-height': String(layout.height) }}
        >
          <title id={`${id}-title`}>{name}</title>
          <desc id={`${id}-desc`}>{description}</desc>
          <defs>
            <marker id={`${id}-arrow`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
              <path d="M0 0 10 5 0 10z" class="graph__arrowhead" />
            </marker>
          </defs>

          {layout.edges.map((edge) => (
            <polyline
              key={`${edge.from}-${edge.to}`}
              class="graph__edge"
              points={edge.points.map(([x, y]) => `${x},${y}`).join(' ')}
              marker-end={`url(#${id}-arrow)`}
            />
          ))}
          {layout.junctions.map(([x, y]) => (
            <Junction key={`${x},${y}`} x={x} y={y} />
          ))}

          {layout.ops.map((op) => (
            <g key={op.id} class={`graph__op graph__op--${op.op}${isHighlighted(op.keys) ? ' graph__op--highlight' : ''}`}>
              {isHighlighted(op.keys) && <Halo x={op.x} y={op.y} width={op.width} round />}
              <rect x={op.x - op.width / 2} y={op.y - BOX_HEIGHT / 2} width={op.width} height={BOX_HEIGHT} rx={BOX_HEIGHT / 2} />
              <text x={op.x} y={op.y + 6} class="graph__op-label">
                {op.label}
              </text>
              {op.localSymbol && (
                <SlotText slot={labels.locals.get(op.id) ?? null} x={op.x} y={op.localY} kind="local" name={{ parts: op.localSymbol, plain: op.localName! }} />
              )}
            </g>
          ))}

          {layout.values.map((node) => {
            const box = labels.boxes.get(node.id)!;
            const classes = ['graph__box', `graph__box--${node.role}`];
            if (isHighlighted(node.keys)) classes.push('graph__box--highlight');
            const boxStatus = box.gradient?.status ?? box.update?.status ?? null;
            if (boxStatus) classes.push(`graph__box--${boxStatus}`);
            return (
              <g key={node.id} class={classes.join(' ')}>
                {isHighlighted(node.keys) && <Halo x={node.x} y={node.y} width={node.width} />}
                <rect x={node.x - node.width / 2} y={node.y - BOX_HEIGHT / 2} width={node.width} height={BOX_HEIGHT} rx="7" />
                <text x={node.x} y={node.y + 7} class="graph__name">
                  <NameParts prefix="graph" parts={node.symbol} />
                </text>
                <SlotText slot={box.value} x={node.x} y={node.valueY} kind="value" />
                <SlotText slot={box.gradient} x={node.x} y={node.gradientY} kind="gradient" />
                {node.updateSymbol && (
                  <SlotText slot={box.update} x={node.x} y={node.updateY} kind="update" name={{ parts: node.updateSymbol, plain: node.updateName! }} />
                )}
              </g>
            );
          })}

          {layout.merges.map((merge) => {
            const sum = labels.merges.get(merge.id);
            if (!sum) return null;
            const emphasised = isHighlighted([merge.key, ...merge.shareKeys]);
            return (
              <text key={merge.id} x={merge.x} y={merge.y} class={`graph__text graph__text--merge${emphasised ? ' graph__text--emphasis' : ''}`}>
                <NameParts prefix="graph" parts={merge.symbol} />
                {' = '}
                {sum.text}
              </text>
            );
          })}
        </svg>
      </div>
      <p class="graph__legend">
        <span class="graph__legend-item">
          <span class="graph__swatch graph__swatch--value" aria-hidden="true" />
          {t('graph.legend.value')}
        </span>
        {anyGradient && (
          <span class="graph__legend-item">
            <span class="graph__swatch graph__swatch--gradient" aria-hidden="true" />
            {t('graph.legend.gradient')}
          </span>
        )}
        {anyMerge && (
          <span class="graph__legend-item">
            <svg class="graph__legend-badge" viewBox="0 0 18 18" aria-hidden="true" focusable="false">
              <Junction x={9} y={9} r={6} />
            </svg>
            {t('graph.legend.merge')}
          </span>
        )}
        {shownStatuses.map((s) => (
            <span key={s} class="graph__legend-item">
              <svg class="graph__legend-badge" viewBox="0 0 18 18" aria-hidden="true" focusable="false">
                <StatusBadge x={9} y={9} status={s} />
              </svg>
            {t(`graph.status.${s}`)}
          </span>
        ))}
      </p>
    </div>
  );
}
