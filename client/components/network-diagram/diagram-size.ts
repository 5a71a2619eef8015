/**
 * The diagram's layout constants, where its columns and rows go, and its overall size, kept apart
 * from the drawing so a placeholder of the same size can hold its place while the drawing code loads.
 */
import { type AnyNetwork, isGraphNetwork, networkShape } from '../computation-graph/network-shape.ts';

export const RADIUS = 24;
/** Room above the nodes for the weight labels, and above that for given values when there are any. */
export const LABEL_ROOM = 52;
export const GIVEN_ROOM = 34;
export const INPUT_GAP = 140;
export const ACTIVATION_GAP = 96;
export const LOSS_GAP = 120;
export const MARGIN = 62;
/** A chain's bias boxes (and y_true's) hang this far under their node. */
export const BOX_GAP = 68;

// A network that branches: arrows that fan out or in run on a slant, with the weight written on them.
export const FAN_GAP = 230;
/** Where the arrows of a layer cross (every input to every neuron), a little longer, so each weight has room. */
export const CROSSING_GAP = 280;
export const ROW_GAP = 116;
/** Inputs of one neuron, stacked closer than neurons. */
export const INPUT_ROW_GAP = 60;
/** A bias box above or under its neuron, and y_true's under L. */
export const GRAPH_BOX_GAP = 58;
export const GRAPH_BOX_HEIGHT = 38;
/** The + of a skip connection and the skip's arc above the nodes. */
export const SUM_GAP = 70;
export const SKIP_RISE = 64;

export function nodeY(hasGiven: boolean): number {
  return LABEL_ROOM + (hasGiven ? GIVEN_ROOM : 0);
}

export interface DiagramGeometry {
  width: number;
  height: number;
  inputX: number;
  /** The y of each input. */
  inputYs: number[];
  /** Per layer: the x of its z and activation nodes, the y of each of its neurons. */
  layers: { zX: number; aX: number; ys: number[]; crossing: boolean }[];
  /** The skip connection's +, if any. */
  sumX: number | null;
  /** The y node (a chain's last activation) and the loss. */
  yX: number;
  lossX: number;
  center: number;
  graph: boolean;
}

/** Offsets of `count` rows `gap` apart, centred on 0. */
const rows = (count: number, gap: number) => Array.from({ length: count }, (_, i) => (i - (count - 1) / 2) * gap);

/**
 * A chain is one row: x, then each layer's z and a, then L. A network that branches stacks a layer's
 * neurons (and a neuron's inputs) in rows around the middle; a layer whose arrows fan out or in gets
 * a longer gap, and one whose arrows cross (every input to every neuron) longer still.
 */
export function diagramGeometry(network: AnyNetwork, hasGiven: boolean): DiagramGeometry {
  const graph = isGraphNetwork(network);
  const shape = networkShape(network);
  const firstCount = shape.layers[0]!.length;
  const inputRows = shape.inputs.length > 1 && shape.inputs.length === firstCount ? rows(firstCount, ROW_GAP) : rows(shape.inputs.length, INPUT_ROW_GAP);
  let above = LABEL_ROOM;
  let below = graph ? GRAPH_BOX_GAP + GRAPH_BOX_HEIGHT / 2 + 8 : BOX_GAP + 26;
  const reach = (offsets: number[], extra: number) => {
    above = Math.max(above, -Math.min(...offsets) + extra);
    below = Math.max(below, Math.max(...offsets) + extra);
  };
  reach(inputRows, 30);
  let x = MARGIN;
  let before = shape.inputs.length;
  const layers = shape.layers.map((neurons) => {
    const ys = rows(neurons.length, ROW_GAP);
    if (neurons.length > 1) reach(ys, GRAPH_BOX_GAP + GRAPH_BOX_HEIGHT / 2 + 8);
    const crossing = before > 1 && neurons.length > 1 && neurons.every((n) => n.inputs.length === before);
    x += !graph || (before === 1 && neurons.length === 1) ? INPUT_GAP : crossing ? CROSSING_GAP : FAN_GAP;
    const zX = x;
    x += ACTIVATION_GAP;
    before = neurons.length;
    return { zX, aX: x, ys, crossing };
  });
  if (shape.skip !== undefined) above = Math.max(above, SKIP_RISE + 22);
  const sumX = shape.skip === undefined ? null : x + SUM_GAP;
  const yX = sumX === null ? x : sumX + SUM_GAP;
  const lossX = yX + LOSS_GAP;
  const center = above + (hasGiven ? GIVEN_ROOM : 0);
  return { width: lossX + MARGIN, height: center + below, inputX: MARGIN, inputYs: inputRows.map((y) => center + y), layers: layers.map((l) => ({ ...l, ys: l.ys.map((y) => center + y) })), sumX, yX, lossX, center, graph };
}

export function diagramSize(network: AnyNetwork, hasGiven: boolean): { width: number; height: number } {
  const { width, height } = diagramGeometry(network, hasGiven);
  return { width, height };
}
