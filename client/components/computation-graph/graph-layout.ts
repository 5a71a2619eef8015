/**
 * The computation graph of a network as data: where each value, operation and edge goes,
 * and which quantity keys each one stands for. No drawing and no engine code here, so the
 * lazy wrapper can size a placeholder and the tests can check the graph without a DOM.
 *
 * Geometry (viewBox units): one column per element of the forward chain
 *   x → × → w·x → + → z → σ → a … → y → loss → L
 * on the main row; each layer's w and b, and y_true, sit on a top row above the element
 * before the operation they feed, joined to it by an elbow. Every value is a box on an edge:
 * its forward value is written above the box, its gradient dL/d· below, an update w′ above the
 * forward value, and an activation's local derivative under the activation.
 */
import type { Activation, Loss, Network } from '../../../shared/engine/network.ts';
import { BOX_HEIGHT, COLUMN, MARGIN_X, ROWS, graphSize } from './graph-size.ts';

export { BOX_HEIGHT, COLUMN, GRAPH_HEIGHT, MARGIN_X, ROWS, graphSize } from './graph-size.ts';

export type GraphStatus = 'correct' | 'wrong' | 'carried';

/** A piece of a name as drawn: `w` in italics with subscript `1`, or plain text such as `/d` or `′`. */
export interface NamePart {
  text: string;
  italic?: boolean;
  sub?: string;
}

export type ValueRole = 'input' | 'parameter' | 'product' | 'value' | 'target' | 'loss';

export interface ValueNode {
  /** Unique within the graph: `x`, `w1`, `b1`, `w1*x`, `z1`, `a1`, `y`, `t`, `L`. */
  id: string;
  role: ValueRole;
  row: 'top' | 'main';
  x: number;
  y: number;
  width: number;
  /** Plain name for the text alternative: `w`, `w1`, `w·x`, `y_true`. */
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
  x: number;
  y: number;
  width: number;
  /** Activations: the local derivative drawn under them (`da1/dz1`). */
  localKey: string | null;
  localSymbol: NamePart[] | null;
  localName: string | null;
  /** Local derivatives this operation stands for (dz/dw at ×, dz/db at +, da/dz at σ). */
  keys: string[];
}

export interface GraphEdge {
  from: string;
  to: string;
  /** A polyline; the last point is where the arrowhead ends. */
  points: [number, number][];
}

export interface GraphLayout {
  layers: number;
  width: number;
  height: number;
  values: ValueNode[];
  ops: OpNode[];
  edges: GraphEdge[];
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

/** The public values of a network by key: x, t (y_true), w1, b1, w2, … */
export function networkInputs(network: Pick<Network, 'x' | 'target' | 'layers'>): Record<string, number> {
  const inputs: Record<string, number> = { x: network.x, t: network.target };
  network.layers.forEach((layer, i) => {
    inputs[`w${i + 1}`] = layer.w;
    inputs[`b${i + 1}`] = layer.b;
  });
  return inputs;
}

/** The key of the product w{k}·a{k−1} before the bias: not in the engine's vocabulary, so named here. */
export function productKey(k: number): string {
  return `w${k}*${k === 1 ? 'x' : `a${k - 1}`}`;
}

/** A variable of the vocabulary as drawn: a{n} is y, one layer drops the indices, `t` is y_true. */
export function variableParts(name: string, layers: number): NamePart[] {
  if (name === 't') return [{ text: 'y', italic: true, sub: 'true' }];
  const match = /^([a-zA-Z]+)(\d+)?('?)$/.exec(name);
  if (!match) return [{ text: name }];
  let letter = match[1]!;
  let index: string | undefined = match[2];
  if (letter === 'a' && Number(index) === layers) {
    letter = 'y';
    index = undefined;
  }
  if (layers === 1) index = undefined;
  const parts: NamePart[] = [index === undefined ? { text: letter, italic: true } : { text: letter, italic: true, sub: index }];
  if (match[3]) parts.push({ text: '′' });
  return parts;
}

/** `dL/dw1` as drawn: d L / d w₁ (with the same letter rules as `variableParts`). */
export function keyParts(key: string, layers: number): NamePart[] {
  const ratio = /^d(.+)\/d(.+)$/.exec(key);
  if (!ratio) return variableParts(key, layers);
  return [{ text: 'd' }, ...variableParts(ratio[1]!, layers), { text: '/d' }, ...variableParts(ratio[2]!, layers)];
}

/** Plain text of drawn parts: `w1′`, `dy/dz`, `y_true`. */
export function plainName(parts: readonly NamePart[]): string {
  return parts.map((p) => p.text + (p.sub === undefined ? '' : p.sub === 'true' ? '_true' : p.sub)).join('');
}

const boxWidth = (role: ValueRole, layers: number) => (role === 'product' ? (layers === 1 ? 56 : 68) : role === 'target' ? 62 : layers === 1 ? 44 : 50);
const opWidth = (op: OpKind) => (OP_LABEL[op].length > 1 ? 56 : 40);

/** The graph of `network`: positions, names and keys of every box, operation and edge. */
export function layoutGraph(network: Pick<Network, 'layers' | 'loss'>): GraphLayout {
  const n = network.layers.length;
  const values: ValueNode[] = [];
  const ops: OpNode[] = [];
  const edges: GraphEdge[] = [];
  const columnX = (column: number) => MARGIN_X + column * COLUMN;
  /** The main row in order, to join each element to the next. */
  const chain: { id: string; x: number; width: number }[] = [];

  const value = (spec: Omit<ValueNode, 'y' | 'width' | 'name' | 'gradientName' | 'updateSymbol' | 'updateName'>) => {
    const node: ValueNode = {
      ...spec,
      y: spec.row === 'top' ? ROWS.top : ROWS.main,
      width: boxWidth(spec.role, n),
      name: plainName(spec.symbol),
      gradientName: spec.gradientKeys.length > 0 ? `dL/d${spec.role === 'product' ? `(${plainName(spec.symbol)})` : plainName(spec.symbol)}` : null,
      updateSymbol: spec.updateKey ? variableParts(spec.updateKey, n) : null,
      updateName: spec.updateKey ? plainName(variableParts(spec.updateKey, n)) : null,
    };
    values.push(node);
    if (node.row === 'main') chain.push(node);
    return node;
  };
  const op = (id: string, kind: OpKind, column: number, keys: string[], localKey: string | null = null) => {
    const node: OpNode = {
      id,
      op: kind,
      label: OP_LABEL[kind],
      x: columnX(column),
      y: ROWS.main,
      width: opWidth(kind),
      localKey,
      localSymbol: localKey ? keyParts(localKey, n) : null,
      localName: localKey ? plainName(keyParts(localKey, n)) : null,
      keys,
    };
    ops.push(node);
    chain.push(node);
    return node;
  };
  /** A top-row box feeds the operation one column to its right: across, then down. */
  const elbow = (from: ValueNode, to: OpNode) =>
    edges.push({
      from: from.id,
      to: to.id,
      points: [
        [from.x + from.width / 2, from.y],
        [to.x, from.y],
        [to.x, to.y - BOX_HEIGHT / 2 - 2],
      ],
    });

  value({ id: 'x', role: 'input', row: 'main', x: columnX(0), symbol: [{ text: 'x', italic: true }], valueKeys: ['x'], gradientKeys: [], updateKey: null, keys: ['x'] });

  network.layers.forEach((layer, i) => {
    const k = i + 1;
    const base = 6 * i;
    const input = k === 1 ? 'x' : `a${k - 1}`;
    const w = value({
      id: `w${k}`,
      role: 'parameter',
      row: 'top',
      x: columnX(base),
      symbol: variableParts(`w${k}`, n),
      valueKeys: [`w${k}`],
      gradientKeys: [`dL/dw${k}`],
      updateKey: `w${k}'`,
      keys: [`w${k}`, `dL/dw${k}`, `w${k}'`],
    });
    const mul = op(`mul${k}`, 'mul', base + 1, [`dz${k}/dw${k}`, ...(k > 1 ? [`dz${k}/da${k - 1}`] : [])]);
    elbow(w, mul);
    const product = productKey(k);
    value({
      id: product,
      role: 'product',
      row: 'main',
      x: columnX(base + 2),
      symbol: [...variableParts(`w${k}`, n), { text: '·' }, ...variableParts(input, n)],
      valueKeys: [product],
      // z = w·a + b: the sum passes dL/dz unchanged to both of its inputs.
      gradientKeys: [`dL/dz${k}`],
      updateKey: null,
      keys: [product],
    });
    const b = value({
      id: `b${k}`,
      role: 'parameter',
      row: 'top',
      x: columnX(base + 2),
      symbol: variableParts(`b${k}`, n),
      valueKeys: [`b${k}`],
      gradientKeys: [`dL/db${k}`],
      updateKey: `b${k}'`,
      keys: [`b${k}`, `dL/db${k}`, `b${k}'`],
    });
    const add = op(`add${k}`, 'add', base + 3, [`dz${k}/db${k}`]);
    elbow(b, add);
    value({
      id: `z${k}`,
      role: 'value',
      row: 'main',
      x: columnX(base + 4),
      symbol: variableParts(`z${k}`, n),
      valueKeys: [`z${k}`],
      gradientKeys: [`dL/dz${k}`],
      updateKey: null,
      keys: [`z${k}`, `dL/dz${k}`],
    });
    op(`act${k}`, layer.activation, base + 5, [`da${k}/dz${k}`], `da${k}/dz${k}`);
    const output = k === n;
    value({
      id: output ? 'y' : `a${k}`,
      role: 'value',
      row: 'main',
      x: columnX(base + 6),
      symbol: variableParts(`a${k}`, n),
      valueKeys: output ? ['y', `a${k}`] : [`a${k}`],
      gradientKeys: output ? ['dL/dy', `dL/da${k}`] : [`dL/da${k}`],
      updateKey: null,
      keys: output ? ['y', `a${k}`, 'dL/dy', `dL/da${k}`] : [`a${k}`, `dL/da${k}`],
    });
  });

  const target = value({
    id: 't',
    role: 'target',
    row: 'top',
    x: columnX(6 * n),
    symbol: variableParts('t', n),
    valueKeys: ['t'],
    gradientKeys: [],
    updateKey: null,
    keys: ['t'],
  });
  const loss = op('loss', network.loss, 6 * n + 1, []);
  elbow(target, loss);
  value({
    id: 'L',
    role: 'loss',
    row: 'main',
    x: columnX(6 * n + 2),
    symbol: [{ text: 'L', italic: true }],
    valueKeys: ['L'],
    // The backward pass starts here: dL/dL = 1.
    gradientKeys: ['dL/dL'],
    updateKey: null,
    keys: ['L', 'dL/dL'],
  });

  for (let i = 0; i + 1 < chain.length; i++) {
    const from = chain[i]!;
    const to = chain[i + 1]!;
    edges.push({
      from: from.id,
      to: to.id,
      points: [
        [from.x + from.width / 2, ROWS.main],
        [to.x - to.width / 2 - 2, ROWS.main],
      ],
    });
  }

  const { width, height } = graphSize(network);
  return { layers: n, width, height, values, ops, edges };
}
