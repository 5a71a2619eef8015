/**
 * The computation graph of a network as data: where each value, operation and edge goes,
 * and which quantity keys each one stands for. No drawing and no evaluation here, so the tests
 * can check the graph without a DOM.
 *
 * Geometry (viewBox units): one column per element of the forward chain
 *   x → × → w·x → + → z → σ → a … → y → loss → L
 * on a lane's main row; each weight and bias, and y_true, sit on the top row above the element
 * before the operation they feed, joined to it by an elbow. Every value is a box on an edge:
 * its forward value is written above the box, its gradient dL/d· below, an update w′ above the
 * forward value, and an activation's local derivative under the activation.
 *
 * A network that branches (graph.ts) is the same columns on several lanes (graph-size.ts plans
 * them): a neuron with several inputs has one lane per product, and the products below join its
 * sum from underneath; a value that feeds two products of a layer comes down a trunk to the lanes
 * it feeds; a skip connection runs under the lowest lane to its own + before y. Where a value feeds
 * two places, the sum of the paths' shares is written beside the branch (`merges`).
 */
import { type GraphNetwork, pathKey } from '../../../shared/engine/graph.ts';
import type { Activation, Loss, Network } from '../../../shared/engine/network.ts';
import { type NamePart, partsFor, plainName, ratioParts, variableParts } from './name-parts.tsx';
import {
  type AnyNetwork,
  BOX_HEIGHT,
  COLUMN,
  type PlannedNeuron,
  ROWS,
  SKIP_CHANNEL,
  graphPlan,
  graphSize,
  isGraphNetwork,
  networkShape,
} from './graph-size.ts';
import { parameterKeys } from './network-shape.ts';

export { BOX_HEIGHT, COLUMN, GRAPH_HEIGHT, LANE, MARGIN_X, ROWS, graphSize, isGraphNetwork } from './graph-size.ts';
export type { AnyNetwork } from './graph-size.ts';
export { type NamePart, graphVariableParts, plainName, variableParts } from './name-parts.tsx';

export type GraphStatus = 'correct' | 'wrong' | 'carried';

export type ValueRole = 'input' | 'parameter' | 'product' | 'value' | 'target' | 'loss';

export interface ValueNode {
  /** Unique within the graph: `x`, `w1`, `b1`, `w1*x`, `z1`, `a1`, `y`, `t`, `L`; `x2`, `w1_21`, `w1_21*x1`, `a1_2`. */
  id: string;
  role: ValueRole;
  row: 'top' | 'main';
  /** Its lane: 0 for a chain. */
  lane: number;
  x: number;
  y: number;
  width: number;
  /** Baselines of what is written about it: forward value above, gradient below, update above the value. */
  valueY: number;
  gradientY: number;
  updateY: number;
  /** Plain name for the text alternative: `w`, `w1`, `w·x`, `y_true`, `w1,21`. */
  name: string;
  symbol: NamePart[];
  /**
   * Keys its forward value is looked up under, first the canonical one (`y` before `a2`).
   * Inputs, parameters and the target (roles `input`, `parameter`, `target`) are public and
   * always drawn from the network (`networkInputs`).
   */
  valueKeys: string[];
  /** Keys its gradient is looked up under (`dL/dy` before `dL/da2`); empty: no gradient drawn. */
  gradientKeys: string[];
  gradientName: string | null;
  /** Parameters: the key of the updated value (`w1'`). */
  updateKey: string | null;
  updateSymbol: NamePart[] | null;
  updateName: string | null;
  /** The keys that mean this box (highlight and status match these). */
  keys: string[];
}

export type OpKind = 'mul' | 'add' | Activation | Loss;

export interface OpNode {
  id: string;
  op: OpKind;
  label: string;
  lane: number;
  x: number;
  y: number;
  width: number;
  /** Activations: the local derivative drawn under them (`da1/dz1`), at `localY`. */
  localKey: string | null;
  localSymbol: NamePart[] | null;
  localName: string | null;
  localY: number;
  /** Local derivatives this operation stands for (dz/dw at ×, dz/db at +, da/dz at σ). */
  keys: string[];
}

export interface GraphEdge {
  from: string;
  to: string;
  /** A polyline; the last point is where the arrowhead ends. */
  points: [number, number][];
}

/**
 * Where a value feeds two places: dL/d{value} is the sum of each path's share, written beside
 * the branch as `dL/da₁ = 0.0656 + (−0.884)` (start-anchored at x, baseline y).
 */
export interface MergeLabel {
  /** The box of the value (`a1`, `x`). */
  id: string;
  /** `dL/da1`: the sum. */
  key: string;
  /** Each path's share, in the engine's order (`dL/da1:z2`, `dL/da1:y`). */
  shareKeys: string[];
  /** Where each path goes (`z2`, `y`), for the text alternative. */
  via: NamePart[][];
  symbol: NamePart[];
  name: string;
  x: number;
  y: number;
}

export interface GraphLayout {
  layers: number;
  width: number;
  height: number;
  values: ValueNode[];
  ops: OpNode[];
  edges: GraphEdge[];
  merges: MergeLabel[];
  /** Branch points of a value that goes to several places: a dot, so a crossing never reads as one. */
  junctions: [number, number][];
}

const OP_LABEL: Record<OpKind, string> = {
  mul: '×',
  add: '+',
  sigmoid: 'σ',
  tanh: 'tanh',
  relu: 'ReLU',
  linear: 'id',
  mse: 'MSE',
  bce: 'BCE',
};

/** The public values of a network by key: x (x1, x2, …), t (y_true), w1, b1, w2, … (w1_21, b1_2, … for a graph). */
export function networkInputs(network: Pick<Network, 'x' | 'target' | 'layers'> | Pick<GraphNetwork, 'x' | 'target' | 'neurons' | 'skip'>): Record<string, number> {
  const inputs: Record<string, number> = { t: network.target };
  const { inputs: names, x, neurons } = networkShape(network);
  x.forEach((value, i) => (inputs[names[i]!] = value));
  for (const neuron of neurons) {
    const keys = parameterKeys(neuron);
    neuron.w.forEach((w, i) => (inputs[keys.weights[i]!] = w));
    inputs[keys.bias] = neuron.b;
  }
  return inputs;
}

/** The key of the product w{k}·a{k−1} before the bias: not in the engine's vocabulary, so named here. */
export function productKey(k: number): string {
  return `w${k}*${k === 1 ? 'x' : `a${k - 1}`}`;
}

/** The product of a weight and the value it multiplies: `w1*x` (= `productKey(1)`), `w1_21*x1`, `w2_1*a1_1`. */
export function graphProductKey(weight: string, input: string): string {
  return `${weight}*${input}`;
}

/** `dL/dw1` as drawn: d L / d w₁ (with the same letter rules as `variableParts`). */
export function keyParts(key: string, layers: number): NamePart[] {
  return ratioParts(key, (name) => variableParts(name, layers));
}

const boxWidth = (role: ValueRole, layers: number) => (role === 'product' ? (layers === 1 ? 56 : 68) : role === 'target' ? 62 : layers === 1 ? 44 : 50);
/** A name's drawn width, roughly: a letter, a subscript's characters, the dot of a product. */
const nameWidth = (parts: readonly NamePart[]) =>
  parts.reduce((width, part) => width + (part.italic ? 11 * part.text.length : 7 * part.text.length) + 7 * (part.sub?.length ?? 0), 0);
const opWidth = (op: OpKind) => (OP_LABEL[op].length > 1 ? 56 : 40);

/** The top row's baselines, and the main row's: what is written above and below a box. */
const TEXT_ROWS = {
  top: { at: ROWS.top, value: ROWS.topValue, gradient: ROWS.topGradient },
  main: { at: ROWS.main, value: ROWS.mainValue, gradient: ROWS.mainGradient },
} as const;
/** The sum of a trunk's paths: under its value's gradient, clear of the next lane's weights. */
const TRUNK_MERGE_BELOW = 72;
/** The sum along a skip connection: just above its channel. */
const SKIP_MERGE_ABOVE = 14;
/** Room between the lines that join one sum from several lanes, or leave one trunk. */
const ENTRY_SPREAD = 12;
const TRUNK_SPREAD = 16;

/**
 * The graph of `network`, a chain (`Network`) or a network that branches (`GraphNetwork`):
 * positions, names and keys of every box, operation and edge.
 */
export function layoutGraph(network: AnyNetwork): GraphLayout {
  const chain = !isGraphNetwork(network);
  const plan = graphPlan(network);
  const { inputs, skip } = networkShape(network);
  const n = plan.layers;
  const parts = partsFor(!chain, n);
  const output = plan.neurons[plan.neurons.length - 1]!;
  /** y for the output of a chain or of a graph without a skip connection; a{id} otherwise. */
  const activationOf = (neuron: PlannedNeuron) => (neuron === output && skip === undefined ? 'y' : `a${neuron.id}`);
  /** Where each value goes: the z keys of the neurons reading it, and y along a skip connection (graph.ts `consumersOf`). */
  const consumers = (value: string) => [
    ...plan.neurons.filter((neuron) => neuron.inputs.includes(value)).map((neuron) => `z${neuron.id}`),
    ...(plan.skip?.from === value ? ['y'] : []),
  ];
  const merged = (value: string) => !chain && consumers(value).length > 1;

  const values: ValueNode[] = [];
  const ops: OpNode[] = [];
  const feeds: GraphEdge[] = [];
  const flows: GraphEdge[] = [];
  const merges: MergeLabel[] = [];
  const junctions: [number, number][] = [];
  const columnX = (column: number) => plan.left + column * COLUMN;
  const laneOffset = (lane: number) => lane * plan.lanePitch;
  const byId = new Map<string, ValueNode | OpNode>();

  const value = (
    spec: Omit<ValueNode, 'x' | 'y' | 'width' | 'valueY' | 'gradientY' | 'updateY' | 'name' | 'gradientName' | 'updateSymbol' | 'updateName'> & { column: number },
  ) => {
    const { column, ...rest } = spec;
    const rows = TEXT_ROWS[spec.row];
    const offset = laneOffset(spec.lane);
    const node: ValueNode = {
      ...rest,
      x: columnX(column),
      y: rows.at + offset,
      width: Math.max(boxWidth(spec.role, n), nameWidth(spec.symbol) + 16),
      valueY: rows.value + offset,
      gradientY: rows.gradient + offset,
      updateY: ROWS.update + offset,
      name: plainName(spec.symbol),
      gradientName: spec.gradientKeys.length > 0 ? `dL/d${spec.role === 'product' ? `(${plainName(spec.symbol)})` : plainName(spec.symbol)}` : null,
      updateSymbol: spec.updateKey ? parts(spec.updateKey) : null,
      updateName: spec.updateKey ? plainName(parts(spec.updateKey)) : null,
    };
    values.push(node);
    byId.set(node.id, node);
    return node;
  };
  const op = (id: string, kind: OpKind, column: number, lane: number, keys: string[], localKey: string | null = null) => {
    const localSymbol = localKey ? ratioParts(localKey, parts) : null;
    const node: OpNode = {
      id,
      op: kind,
      label: OP_LABEL[kind],
      lane,
      x: columnX(column),
      y: ROWS.main + laneOffset(lane),
      width: opWidth(kind),
      localKey,
      localSymbol,
      localName: localSymbol ? plainName(localSymbol) : null,
      localY: ROWS.local + laneOffset(lane),
      keys,
    };
    ops.push(node);
    byId.set(id, node);
    return node;
  };
  const rightOf = (node: ValueNode | OpNode) => node.x + node.width / 2;
  const leftOf = (node: ValueNode | OpNode) => node.x - node.width / 2 - 2;
  /** Along a main row, to the next element. */
  const flow = (from: ValueNode | OpNode, to: ValueNode | OpNode) =>
    flows.push({ from: from.id, to: to.id, points: [[rightOf(from), from.y], [leftOf(to), to.y]] });
  /** A top-row box feeds the operation one column to its right: across, then down. */
  const elbow = (from: ValueNode, to: OpNode) =>
    feeds.push({ from: from.id, to: to.id, points: [[rightOf(from), from.y], [to.x, from.y], [to.x, to.y - BOX_HEIGHT / 2 - 2]] });
  /** A product on another lane joins its neuron's sum from below (or above): across, then up (down) into it. */
  const join = (from: ValueNode, to: OpNode, dx: number) => {
    const end = from.y > to.y ? to.y + BOX_HEIGHT / 2 + 2 : to.y - BOX_HEIGHT / 2 - 2;
    flows.push({ from: from.id, to: to.id, points: [[rightOf(from), from.y], [to.x + dx, from.y], [to.x + dx, end]] });
  };

  const trunkSpread = new Map<number, string[]>();
  for (const [shared, column] of plan.trunks) trunkSpread.set(column, [...(trunkSpread.get(column) ?? []), shared]);
  const trunkX = (shared: string) => {
    const column = plan.trunks.get(shared)!;
    const group = trunkSpread.get(column)!;
    return columnX(column) + (group.indexOf(shared) - (group.length - 1) / 2) * TRUNK_SPREAD;
  };
  const mergeLabel = (node: ValueNode, x: number, y: number) => {
    const name = node.id;
    const via = consumers(name);
    const symbol = ratioParts(`dL/d${name}`, parts);
    merges.push({ id: node.id, key: `dL/d${name}`, shareKeys: via.map((c) => pathKey(name, c)), via: via.map(parts), symbol, name: plainName(symbol), x, y });
  };

  // Inputs: x (or x1, x2, …), each on the lane of the first product it feeds; data, so no gradient unless it feeds two places.
  for (const input of inputs) {
    const home = plan.homes.get(input)!;
    const sums = merged(input);
    value({
      id: input,
      role: 'input',
      row: 'main',
      lane: home.lane,
      column: home.column,
      symbol: parts(input),
      valueKeys: [input],
      gradientKeys: sums ? [`dL/d${input}`] : [],
      updateKey: null,
      keys: sums ? [input, `dL/d${input}`] : [input],
    });
  }

  for (const neuron of plan.neurons) {
    const { id, base, lane } = neuron;
    const z = `z${id}`;
    const keys = parameterKeys(neuron);
    const products = neuron.inputs.map((input, i) => {
      const productLane = neuron.lanes[i]!;
      const w = keys.weights[i]!;
      const weight = value({
        id: w,
        role: 'parameter',
        row: 'top',
        lane: productLane,
        column: base,
        symbol: parts(w),
        valueKeys: [w],
        gradientKeys: [`dL/d${w}`],
        updateKey: `${w}'`,
        keys: [w, `dL/d${w}`, `${w}'`],
      });
      const local = input.startsWith('x') && !merged(input) ? [] : [`d${z}/d${input}`];
      const mul = op(`mul${neuron.inputs.length > 1 ? w.slice(1) : id}`, 'mul', base + 1, productLane, [`d${z}/d${w}`, ...local]);
      elbow(weight, mul);
      const source = byId.get(input) as ValueNode;
      if (source.lane === productLane) flow(source, mul);
      else {
        // Down (or up) the trunk beside the value, then along the product's lane.
        const x = trunkX(input);
        flows.push({ from: input, to: mul.id, points: [[x, source.y], [x, mul.y], [leftOf(mul), mul.y]] });
        junctions.push([x, source.y]);
      }
      const product = graphProductKey(w, input);
      const productNode = value({
        id: product,
        role: 'product',
        row: 'main',
        lane: productLane,
        column: base + 2,
        symbol: [...parts(w), { text: '·' }, ...parts(input)],
        valueKeys: [product],
        // z = Σ w·a + b: the sum passes dL/dz unchanged to each of its inputs.
        gradientKeys: [`dL/d${z}`],
        updateKey: null,
        keys: [product],
      });
      flow(mul, productNode);
      return productNode;
    });
    const b = keys.bias;
    const bias = value({
      id: b,
      role: 'parameter',
      row: 'top',
      lane,
      column: base + 2,
      symbol: parts(b),
      valueKeys: [b],
      gradientKeys: [`dL/d${b}`],
      updateKey: `${b}'`,
      keys: [b, `dL/d${b}`, `${b}'`],
    });
    const add = op(`add${id}`, 'add', base + 3, lane, [`d${z}/d${b}`]);
    elbow(bias, add);
    const joining = products.filter((p) => p.lane !== lane);
    products.forEach((product) => {
      if (product.lane === lane) flow(product, add);
      else join(product, add, (joining.indexOf(product) - (joining.length - 1) / 2) * ENTRY_SPREAD);
    });
    const zNode = value({
      id: z,
      role: 'value',
      row: 'main',
      lane,
      column: base + 4,
      symbol: parts(z),
      valueKeys: [z],
      gradientKeys: [`dL/d${z}`],
      updateKey: null,
      keys: [z, `dL/d${z}`],
    });
    flow(add, zNode);
    const a = activationOf(neuron);
    // A chain names the output's local derivative da{n}/dz{n}, as its vocabulary does (drawn dy/dz).
    const act = op(`act${id}`, neuron.activation, base + 5, lane, [], chain ? `da${id}/d${z}` : `d${a}/d${z}`);
    act.keys.push(act.localKey!);
    flow(zNode, act);
    // The chain's output is found under y and a{n} alike (dL/dy and dL/da{n}).
    const aliases = chain && a === 'y' ? [`a${id}`] : [];
    const gradientKeys = [`dL/d${a}`, ...aliases.map((alias) => `dL/d${alias}`)];
    const aNode = value({
      id: a,
      role: 'value',
      row: 'main',
      lane,
      column: base + 6,
      symbol: parts(a),
      valueKeys: [a, ...aliases],
      gradientKeys,
      updateKey: null,
      keys: [a, ...aliases, ...gradientKeys],
    });
    flow(act, aNode);
  }

  // Trunks: where a value feeds several products of a layer, the sum of its paths beside its trunk.
  for (const shared of plan.trunks.keys()) {
    const node = byId.get(shared) as ValueNode;
    mergeLabel(node, trunkX(shared) + 8, node.y + TRUNK_MERGE_BELOW);
  }

  const outputNode = byId.get(activationOf(output)) as ValueNode;
  let yNode = outputNode;
  if (plan.skip) {
    // y = a{out} + a{skip}: its own +, fed along the main row and by a channel under the lowest lane.
    const sum = op('skip', 'add', plan.skip.column, output.lane, []);
    flow(outputNode, sum);
    yNode = value({
      id: 'y',
      role: 'value',
      row: 'main',
      lane: output.lane,
      column: plan.yColumn,
      symbol: parts('y'),
      valueKeys: ['y'],
      gradientKeys: ['dL/dy'],
      updateKey: null,
      keys: ['y', 'dL/dy'],
    });
    flow(sum, yNode);
    const from = byId.get(plan.skip.from) as ValueNode;
    const next = ops.find((o) => o.lane === from.lane && o.x > from.x && o.x - from.x <= COLUMN);
    const x = next ? (rightOf(from) + leftOf(next)) / 2 : rightOf(from) + COLUMN / 4;
    const channel = ROWS.main + laneOffset(plan.lanes - 1) + SKIP_CHANNEL;
    flows.push({ from: from.id, to: sum.id, points: [[x, from.y], [x, channel], [sum.x, channel], [sum.x, sum.y + BOX_HEIGHT / 2 + 2]] });
    junctions.push([x, from.y]);
    if (!plan.trunks.has(plan.skip.from)) mergeLabel(from, x + 8, channel - SKIP_MERGE_ABOVE);
  }

  const target = value({
    id: 't',
    role: 'target',
    row: 'top',
    lane: output.lane,
    column: plan.yColumn,
    symbol: parts('t'),
    valueKeys: ['t'],
    gradientKeys: [],
    updateKey: null,
    keys: ['t'],
  });
  const loss = op('loss', network.loss, plan.yColumn + 1, output.lane, []);
  elbow(target, loss);
  flow(yNode, loss);
  const L = value({
    id: 'L',
    role: 'loss',
    row: 'main',
    lane: output.lane,
    column: plan.yColumn + 2,
    symbol: [{ text: 'L', italic: true }],
    valueKeys: ['L'],
    // The backward pass starts here: dL/dL = 1.
    gradientKeys: ['dL/dL'],
    updateKey: null,
    keys: ['L', 'dL/dL'],
  });
  flow(loss, L);

  const { width, height } = graphSize(network);
  return { layers: n, width, height, values, ops, edges: [...feeds, ...flows], merges, junctions };
}
