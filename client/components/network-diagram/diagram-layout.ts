/**
 * The network diagram as data: inputs, neurons (z, then the activation), the sum of a skip
 * connection, the loss, the arrows with their weights and activations, the bias and y_true boxes.
 * Pure and without a DOM, so the tests can check that nothing of it overlaps. Only public numbers:
 * inputs, weights, biases, y_true and the given values, never a computed answer.
 */
import { formatNumber } from '../../../shared/engine/format-number.ts';
import type { GivenValue } from '../../../shared/engine/index.ts';
import type { Activation, Loss } from '../../../shared/engine/network.ts';
import { type NamePart, partsFor, plainName } from '../computation-graph/name-parts.tsx';
import { type AnyNetwork, isGraphNetwork, networkShape, parameterKeys } from '../computation-graph/network-shape.ts';
import { GRAPH_BOX_GAP, GRAPH_BOX_HEIGHT, BOX_GAP, LABEL_ROOM, RADIUS, SKIP_RISE, diagramGeometry } from './diagram-size.ts';

export const ACTIVATION_LABEL: Record<Activation, string> = { sigmoid: 'σ', tanh: 'tanh', relu: 'ReLU', linear: 'id' };
export const LOSS_LABEL: Record<Loss, string> = { mse: 'MSE', bce: 'BCE' };

/** Inputs are exact decimals (at most two places), written as given. */
export function diagramNumber(value: number): string {
  return formatNumber(value, 6).replace('-', '−');
}

/** A name and, for an input, a weight or a bias, its value: `w₁ = 0.3`. */
export interface Named {
  parts: NamePart[];
  value: string | null;
}

export interface DiagramBox {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
  label: Named;
}

export interface DiagramNode {
  key: string;
  kind: 'neuron' | 'activation' | 'sum' | 'loss';
  x: number;
  y: number;
  r: number;
  /** The name in the circle; a sum shows a +. */
  label: Named | null;
  /** A given value (y ≈ 0.574), written beside it. */
  given: { text: string; x: number; y: number } | null;
}

export interface DiagramEdge {
  key: string;
  kind: 'weight' | 'activation' | 'loss' | 'skip' | 'sum' | 'bias';
  /** A polyline; the last point is where the arrowhead ends. */
  points: [number, number][];
  /**
   * What is written on it: centred at (x, y). `onLine`: on the arrow itself over a halo (a slanted
   * arrow, whose label would otherwise drift off it); else above a level arrow, as a chain writes it.
   */
  label: { named: Named | null; text: string | null; x: number; y: number; onLine: boolean; width: number } | null;
}

export interface DiagramLayout {
  width: number;
  height: number;
  /** Data and parameters in boxes: inputs at the left, biases by their neuron, y_true under L. */
  inputs: DiagramBox[];
  boxes: DiagramBox[];
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  /** Each public number by name, for the text alternative: `x = 0.5`, `w = 0.4`, `sigmoid`, `MSE`, `y_true = 0.8`. */
  description: string[];
  graph: boolean;
  layers: number;
}

const INPUT_WIDTH = 96;
const BOX_WIDTH = 120;

/** A label's drawn width at the diagram's 20 px, roughly: italic letters, subscripts, ` = ` and the digits. */
export function namedWidth(named: Named): number {
  const name = named.parts.reduce((width, part) => width + (part.italic ? 11 : 10) * part.text.length + 8 * (part.sub?.length ?? 0), 0);
  return name + (named.value === null ? 0 : 18 + 10.5 * named.value.length);
}

/**
 * The diagram of `network`: a chain on one row (x → z → a … → y → L, each w on its arrow and each b
 * in a box under its z), or a network that branches on rows around the middle (graph-size's
 * geometry), its slanted arrows carrying their weights on the line.
 */
export function layoutDiagram(network: AnyNetwork, given: readonly GivenValue[] = []): DiagramLayout {
  const graph = isGraphNetwork(network);
  const shape = networkShape(network);
  const geometry = diagramGeometry(network, given.length > 0);
  const parts = partsFor(graph, shape.layers.length);
  const named = (name: string, value: number | null = null): Named => ({ parts: parts(name), value: value === null ? null : diagramNumber(value) });
  const description: string[] = [];
  const say = (name: string, value: number) => description.push(`${plainName(parts(name))} = ${diagramNumber(value)}`);

  const inputs: DiagramBox[] = shape.inputs.map((key, i) => {
    say(key, shape.x[i]!);
    const label = named(key, shape.x[i]!);
    return { key, x: geometry.inputX, y: geometry.inputYs[i]!, width: Math.max(INPUT_WIDTH, namedWidth(label) + 26), height: 44, label };
  });
  const boxes: DiagramBox[] = [];
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const at = new Map<string, { x: number; y: number; r: number }>();
  inputs.forEach((box) => at.set(box.key, { x: box.x, y: box.y, r: box.width / 2 }));
  const givenFor = (key: string) => given.find((g) => g.key === key);

  /** From the edge of one node to the edge of another, along the line between their centres. */
  type Point = [number, number];
  const arrow = (from: { x: number; y: number; r: number }, to: { x: number; y: number; r: number }, fromBox = false): [Point, Point] => {
    const dx = to.x - from.x;
    const dy = to.y - from.y;
    const length = Math.hypot(dx, dy);
    // A box is left from its right side; a circle from its rim.
    const start: Point = fromBox ? [from.x + from.r, from.y] : [from.x + (from.r * dx) / length, from.y + (from.r * dy) / length];
    const restX = to.x - start[0];
    const restY = to.y - start[1];
    const rest = Math.hypot(restX, restY);
    return [start, [to.x - ((to.r + 2) * restX) / rest, to.y - ((to.r + 2) * restY) / rest]];
  };
  const node = (spec: Omit<DiagramNode, 'given'>, givenKeys: string[], biasAbove: boolean) => {
    const value = givenKeys.map(givenFor).find((g) => g !== undefined);
    const givenY = graph ? (biasAbove ? spec.y + spec.r + 22 : spec.y - spec.r - 10) : spec.y - LABEL_ROOM + 4;
    const full: DiagramNode = { ...spec, given: value ? { text: `≈ ${value.display.replace('-', '−')}`, x: spec.x, y: givenY } : null };
    nodes.push(full);
    at.set(spec.key, { x: spec.x, y: spec.y, r: spec.r });
    return full;
  };

  const output = shape.neurons[shape.neurons.length - 1]!;
  const yKey = shape.skip === undefined ? 'y' : `a${output.id}`;
  shape.layers.forEach((neurons, l) => {
    const { zX, aX, ys, crossing } = geometry.layers[l]!;
    neurons.forEach((neuron, j) => {
      const y = ys[j]!;
      const biasAbove = graph && neurons.length > 1 && j === 0;
      const keys = parameterKeys(neuron);
      const z = node({ key: `z${neuron.id}`, kind: 'neuron', x: zX, y, r: RADIUS, label: named(`z${neuron.id}`) }, [`z${neuron.id}`], biasAbove);
      neuron.inputs.forEach((input, i) => {
        const from = at.get(input)!;
        const points = arrow(from, z, shape.inputs.includes(input));
        const [[x1, y1], [x2, y2]] = points;
        // A lone level arrow has its weight above it, as in a chain; arrows that fan out or in carry it on the line,
        // where they cross near its own input, elsewhere near the middle.
        const above = Math.abs(y2 - y1) < 1 && neuron.inputs.length === 1;
        const level = Math.abs(y2 - y1) < 1;
        const t = above ? 0.5 : crossing ? (level ? 0.64 : 0.3) : neuron.inputs.length > 1 && neurons.length === 1 ? 0.45 : 0.5;
        const w = keys.weights[i]!;
        say(w, neuron.w[i]!);
        const label = named(w, neuron.w[i]!);
        edges.push({
          key: `${input}-${z.key}`,
          kind: 'weight',
          points,
          label: { named: label, text: null, x: x1 + t * (x2 - x1), y: above ? y1 - 30 : y1 + t * (y2 - y1), onLine: !above, width: namedWidth(label) + 8 },
        });
      });
      const b = keys.bias;
      say(b, neuron.b);
      const gap = graph ? GRAPH_BOX_GAP : BOX_GAP;
      const height = graph ? GRAPH_BOX_HEIGHT : 42;
      const boxY = biasAbove ? y - gap : y + gap;
      boxes.push({ key: b, x: zX, y: boxY, width: BOX_WIDTH, height, label: named(b, neuron.b) });
      edges.push({
        key: `${b}-${z.key}`,
        kind: 'bias',
        points: biasAbove ? [[zX, boxY + height / 2], [zX, y - RADIUS - 2]] : [[zX, boxY - height / 2 + 1], [zX, y + RADIUS + 2]],
        label: null,
      });
      description.push(neuron.activation);
      const aKey = neuron === output ? yKey : `a${neuron.id}`;
      const a = node({ key: aKey, kind: 'activation', x: aX, y, r: RADIUS, label: named(aKey) }, aKey === 'y' ? ['y', `a${neuron.id}`] : [aKey], false);
      const points = arrow(z, a);
      edges.push({ key: `${z.key}-${a.key}`, kind: 'activation', points, label: { named: null, text: ACTIVATION_LABEL[neuron.activation], x: (points[0][0] + points[1][0]) / 2, y: y - 12, onLine: false, width: 0 } });
    });
  });

  let yNode = at.get(yKey)!;
  if (geometry.sumX !== null && shape.skip !== undefined) {
    // y = a{out} + a{skip}: the skip connection arcs over the nodes into its own +.
    const center = yNode.y;
    const sum = node({ key: 'sum', kind: 'sum', x: geometry.sumX, y: center, r: 14, label: null }, [], false);
    edges.push({ key: `${yKey}-sum`, kind: 'sum', points: arrow(yNode, sum), label: null });
    const from = at.get(`a${shape.skip}`)!;
    const top = center - SKIP_RISE;
    edges.push({
      key: 'skip',
      kind: 'skip',
      points: [[from.x, from.y - from.r], [from.x, top], [sum.x, top], [sum.x, center - sum.r - 2]],
      label: { named: null, text: null, x: (from.x + sum.x) / 2, y: top, onLine: true, width: 64 },
    });
    description.push(`y = ${plainName(parts(yKey))} + ${plainName(parts(`a${shape.skip}`))}`);
    const y = node({ key: 'y', kind: 'activation', x: geometry.yX, y: center, r: RADIUS, label: named('y') }, ['y'], false);
    edges.push({ key: 'sum-y', kind: 'sum', points: arrow(sum, y), label: null });
    yNode = y;
  }

  const L = node({ key: 'L', kind: 'loss', x: geometry.lossX, y: yNode.y, r: RADIUS, label: { parts: [{ text: 'L', italic: true }], value: null } }, ['L'], false);
  const lossPoints = arrow(yNode, L);
  edges.push({ key: 'y-L', kind: 'loss', points: lossPoints, label: { named: null, text: LOSS_LABEL[network.loss], x: (lossPoints[0][0] + lossPoints[1][0]) / 2, y: L.y - 12, onLine: false, width: 0 } });
  description.push(LOSS_LABEL[network.loss]);
  const gap = graph ? GRAPH_BOX_GAP : BOX_GAP;
  const height = graph ? GRAPH_BOX_HEIGHT : 42;
  boxes.push({ key: 't', x: L.x, y: L.y + gap, width: BOX_WIDTH, height, label: named('t', network.target) });
  edges.push({ key: 't-L', kind: 'bias', points: [[L.x, L.y + gap - height / 2 + 1], [L.x, L.y + RADIUS + 2]], label: null });
  say('t', network.target);

  return { width: geometry.width, height: geometry.height, inputs, boxes, nodes, edges, description, graph, layers: shape.layers.length };
}
