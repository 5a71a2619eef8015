/**
 * The graph's geometry constants, its plan (which column and lane each neuron's pieces take)
 * and its overall size, apart from the layout so that a placeholder of the same size can hold
 * its place while the drawing code loads. Types only from the engine: this is in every page
 * that may show a graph.
 *
 * A chain network is planned as a graph whose neurons each read the one before, so the chain
 * and the networks that branch share one plan, one layout and one drawing.
 */
import type { GraphNeuron } from '../../../shared/engine/graph.ts';
import { type AnyNetwork, isGraphNetwork, layerOf, networkShape } from './network-shape.ts';

export { type AnyNetwork, isGraphNetwork, networkShape } from './network-shape.ts';

export const COLUMN = 88;
export const MARGIN_X = 72;
export const BOX_HEIGHT = 36;
/** Rows of the first lane; lane k is k lane pitches lower. */
export const ROWS = {
  update: 22,
  topValue: 48,
  top: 76,
  topGradient: 116,
  mainValue: 148,
  main: 176,
  mainGradient: 218,
  local: 254,
} as const;
export const GRAPH_HEIGHT = 272;
/**
 * From one lane to the next. Below a lane's main row come its gradients, the local derivatives
 * and, beside a trunk, the sum where paths meet; the next lane's weights and their updates sit above
 * its own main row, so a lane is its two rows and the room for what is written about them. One
 * layer without a trunk (several inputs into one neuron) has neither the sum nor a local derivative
 * above the next lane's weights: its lanes sit closer.
 */
export const LANE = 260;
export const CLOSE_LANE = 210;
/** A network that branches writes longer names (w₁,₂₁′ = …): a little more room on the left. */
export const GRAPH_MARGIN_LEFT = 92;
/** The skip connection runs under the lowest lane, with the sum of its paths written above it. */
export const SKIP_CHANNEL = 118;
export const SKIP_ROOM = 50;

export interface PlannedNeuron extends GraphNeuron {
  layer: number;
  /** The column of its layer's weights: × one to the right, then the product, +, z, the activation, a. */
  base: number;
  /** The lane of each of its products, one per input. */
  lanes: number[];
  /** The lane of its sum, z, activation and output: its first product's. */
  lane: number;
}

export interface GraphPlan {
  neurons: PlannedNeuron[];
  layers: number;
  lanes: number;
  /** Where each value that feeds a neuron lives (inputs x…, activations a…): column and lane. */
  homes: Map<string, { column: number; lane: number }>;
  /** Values that feed several products of one layer: they come down a trunk column before that layer's weights. */
  trunks: Map<string, number>;
  /** The skip connection's source (`a1`), its sum's column (⊕), or null. */
  skip: { from: string; column: number } | null;
  /** The column of y (t above it), then the loss and L. */
  yColumn: number;
  columns: number;
  /** From one lane to the next (LANE, or CLOSE_LANE). */
  lanePitch: number;
  /** The x of column 0. */
  left: number;
}

/**
 * Columns per layer as in the chain (weights and the value they multiply, ×, product and bias,
 * +, z, activation, a), and one lane (a row of products) per product that cannot run on the lane
 * of the value it multiplies: the first layer's products each get their own, a later layer's run on
 * its input's lane. A layer with a value feeding two of its products gets two more columns first:
 * the value, then the trunk that takes it down to the lanes it feeds.
 */
export function graphPlan(network: AnyNetwork): GraphPlan {
  const { neurons, skip } = networkShape(network);
  const homes = new Map<string, { column: number; lane: number }>();
  const trunks = new Map<string, number>();
  const planned: PlannedNeuron[] = [];
  const layers = [...new Set(neurons.map((n) => layerOf(n.id)))];
  let lanes = 0;
  let base = -6;
  for (const layer of layers) {
    const inLayer = neurons.filter((n) => layerOf(n.id) === layer);
    const uses = inLayer.flatMap((n) => n.inputs);
    const shared = [...new Set(uses.filter((value, i) => uses.indexOf(value) !== i))];
    base += 6 + (shared.length > 0 ? 2 : 0);
    shared.forEach((value) => trunks.set(value, base - 1));
    const taken = new Set<number>();
    for (const neuron of inLayer) {
      const productLanes = neuron.inputs.map((value) => {
        const home = homes.get(value);
        const lane = home && !taken.has(home.lane) ? home.lane : lanes++;
        taken.add(lane);
        if (!home) homes.set(value, { column: shared.includes(value) ? base - 2 : base, lane });
        return lane;
      });
      lanes = Math.max(lanes, ...productLanes.map((lane) => lane + 1));
      const node: PlannedNeuron = { ...neuron, layer, base, lanes: productLanes, lane: productLanes[0]! };
      planned.push(node);
      homes.set(`a${neuron.id}`, { column: base + 6, lane: node.lane });
    }
  }
  const outputColumn = base + 6;
  const skipPlan = skip === undefined ? null : { from: `a${skip}`, column: outputColumn + 1 };
  const yColumn = skipPlan ? outputColumn + 2 : outputColumn;
  return {
    neurons: planned,
    layers: layers.length,
    lanes,
    homes,
    trunks,
    skip: skipPlan,
    yColumn,
    columns: yColumn + 3,
    lanePitch: layers.length > 1 || trunks.size > 0 ? LANE : CLOSE_LANE,
    left: isGraphNetwork(network) ? GRAPH_MARGIN_LEFT : MARGIN_X,
  };
}

export function graphSize(network: AnyNetwork): { width: number; height: number } {
  const plan = graphPlan(network);
  return {
    width: plan.left + MARGIN_X + (plan.columns - 1) * COLUMN,
    height: GRAPH_HEIGHT + (plan.lanes - 1) * plan.lanePitch + (plan.skip ? SKIP_ROOM : 0),
  };
}
