/**
 * Networks that branch: a neuron with several inputs, a hidden layer of two neurons
 * feeding one output, and a skip connection (y = a₂ + a₁). Where a value feeds two
 * places its gradient is the sum over the paths, which is what these networks are for.
 *
 * Keys keep the chain's vocabulary and add an index where a layer or a neuron has more
 * than one of something (docs/engine.md, "Networks that branch"):
 * - inputs `x` (one) or `x1`, `x2`, `x3`;
 * - neuron `l` (alone in layer l) or `l_j`: `z1_2`, `a1_2`, `b1_2`; the output's activation is `y`
 *   (with a skip connection the output neuron's own activation is `a{l}` and y = a{l} + a{skip});
 * - the weight into neuron `l[_j]` from its i-th input: `w{l}` with `_` + j (when the layer has
 *   several neurons) + i (when the neuron has several inputs): `w1_2` (input 2 of the only neuron,
 *   or neuron 2's only weight), `w1_21` (neuron 2, input 1), `w2_1` (the output's weight on a1_1);
 * - where a value reaches two places, each path's share is `dL/da1:z2` (through z2) or `dL/da1:y`
 *   (along the skip), and `dL/da1` is their sum; `dL/dx` likewise when x feeds two neurons.
 */
import { Tape, type Node } from './autodiff.ts';
import { type Activation, type Loss, type Quantities, type QuantityKey, ACTIVATIONS, LOSSES, activate, lossNode } from './network.ts';

export const GRAPH_SHAPES = ['multi-input', 'hidden-pair', 'skip'] as const;
export type GraphShape = (typeof GRAPH_SHAPES)[number];

export interface GraphNeuron {
  /** Its layer, and in a layer of several neurons its place: `1`, `1_2`, `2` */
  id: string;
  /** What it reads, in order: `x`, `x2`, `a1_1`, … */
  inputs: string[];
  /** One weight per input */
  w: number[];
  b: number;
  activation: Activation;
}

export interface GraphNetwork {
  shape: GraphShape;
  /** The inputs' values: one (`x`) or several (`x1`, `x2`, …) */
  x: number[];
  /** In layer order; the last is the output neuron. */
  neurons: GraphNeuron[];
  /** A skip connection: y = the output neuron's activation + this neuron's. */
  skip?: string;
  loss: Loss;
  /** y_true */
  target: number;
  /** η */
  lr: number;
}

export const MAX_GRAPH_INPUTS = 3;
export const MAX_GRAPH_NEURONS = 4;

export function inputKey(graph: Pick<GraphNetwork, 'x'>, i: number): string {
  return graph.x.length === 1 ? 'x' : `x${i + 1}`;
}

export function layerOf(id: string): number {
  return Number(id.split('_')[0]);
}

function isOutput(graph: GraphNetwork, neuron: GraphNeuron): boolean {
  return graph.neurons[graph.neurons.length - 1] === neuron;
}

/** The key of a neuron's activation: `y` for the output (unless a skip connection is added to it). */
export function activationKey(graph: GraphNetwork, neuron: GraphNeuron): string {
  return isOutput(graph, neuron) && graph.skip === undefined ? 'y' : `a${neuron.id}`;
}

export function weightKey(neuron: GraphNeuron, i: number): string {
  const place = neuron.id.split('_')[1] ?? '';
  const suffix = place + (neuron.inputs.length > 1 ? String(i + 1) : '');
  return suffix ? `w${layerOf(neuron.id)}_${suffix}` : `w${layerOf(neuron.id)}`;
}

export function biasKey(neuron: GraphNeuron): string {
  return `b${neuron.id}`;
}

/** Where each value goes: the z keys of the neurons reading it, and `y` for a skip connection. */
export function consumersOf(graph: GraphNetwork, value: string): string[] {
  const out: string[] = [];
  for (const n of graph.neurons) if (n.inputs.includes(value)) out.push(`z${n.id}`);
  if (graph.skip !== undefined && value === `a${graph.skip}`) out.push('y');
  return out;
}

/** A value's share of dL/d{value} along the path through `consumer` (`dL/da1:z2`). */
export function pathKey(value: string, consumer: string): string {
  return `dL/d${value}:${consumer}`;
}

/** Every input slot of a graph's procedure, in order: inputs, y_true, η, then each neuron's weights and bias. */
export function graphInputKeys(graph: GraphNetwork): string[] {
  const keys = graph.x.map((_, i) => inputKey(graph, i));
  keys.push('t', 'lr');
  for (const neuron of graph.neurons) keys.push(...neuron.w.map((_, i) => weightKey(neuron, i)), biasKey(neuron));
  return keys;
}

export function graphInputValues(graph: GraphNetwork): number[] {
  const values = [...graph.x, graph.target, graph.lr];
  for (const neuron of graph.neurons) values.push(...neuron.w, neuron.b);
  return values;
}

/** The structure without the numbers: what the keys, the way each is read and the worked procedure depend on. */
export function graphShapeKey(graph: GraphNetwork): string {
  let neurons = '';
  for (const n of graph.neurons) neurons += `${neurons === '' ? '' : ';'}${n.id}<${n.inputs.join(',')}>${n.activation}`;
  return `graph:${graph.shape}:${graph.loss}:${graph.x.length}:${neurons}:${graph.skip ?? ''}`;
}

export function validateGraph(graph: GraphNetwork): string | null {
  if (!GRAPH_SHAPES.includes(graph.shape)) return 'unknown shape';
  if (graph.x.length < 1 || graph.x.length > MAX_GRAPH_INPUTS) return `a graph has 1 to ${MAX_GRAPH_INPUTS} inputs`;
  if (graph.neurons.length < 1 || graph.neurons.length > MAX_GRAPH_NEURONS) return `a graph has 1 to ${MAX_GRAPH_NEURONS} neurons`;
  if (!graphInputValues(graph).every(Number.isFinite)) return 'every input must be a finite number';
  if (!LOSSES.includes(graph.loss)) return 'unknown loss';
  const known = new Set<string>();
  for (let i = 0; i < graph.x.length; i++) known.add(inputKey(graph, i));
  const ids = new Set<string>();
  let layer = 1;
  for (const neuron of graph.neurons) {
    if (!/^[1-3](_[1-3])?$/.test(neuron.id) || ids.has(neuron.id)) return `bad neuron id ${neuron.id}`;
    if (layerOf(neuron.id) < layer) return 'neurons must come in layer order';
    layer = layerOf(neuron.id);
    if (!ACTIVATIONS.includes(neuron.activation)) return 'unknown activation';
    if (neuron.inputs.length < 1 || neuron.inputs.length !== neuron.w.length) return `neuron ${neuron.id} needs one weight per input`;
    if (new Set(neuron.inputs).size !== neuron.inputs.length) return `neuron ${neuron.id} reads an input twice`;
    for (const input of neuron.inputs) {
      if (!known.has(input)) return `neuron ${neuron.id} reads ${input}, which is not computed before it`;
      // Only the previous layer (or the inputs, for layer 1) feeds a neuron; a skip goes to y only.
      const from = input.startsWith('x') ? 0 : layerOf(input.slice(1));
      if (from !== layerOf(neuron.id) - 1) return `neuron ${neuron.id} must read the layer before it`;
    }
    ids.add(neuron.id);
    known.add(`a${neuron.id}`);
  }
  // Loops rather than callbacks: every generated draw is validated, and under tsx each callback made costs a property definition.
  for (const id of ids) {
    let layerSize = 0;
    for (const other of ids) if (layerOf(other) === layerOf(id)) layerSize++;
    if ((layerSize > 1) !== id.includes('_')) return `neuron ${id}: a layer of several neurons numbers them (1_1, 1_2)`;
  }
  const output = graph.neurons[graph.neurons.length - 1]!;
  for (const n of graph.neurons) if (n !== output && layerOf(n.id) === layerOf(output.id)) return 'the last layer has one neuron';
  for (const neuron of graph.neurons) {
    if (neuron !== output && consumersOf(graph, `a${neuron.id}`).length === 0) return `neuron ${neuron.id} feeds nothing`;
  }
  for (let i = 0; i < graph.x.length; i++) if (consumersOf(graph, inputKey(graph, i)).length === 0) return `${inputKey(graph, i)} feeds nothing`;
  if (graph.skip !== undefined) {
    if (!ids.has(graph.skip) || graph.skip === output.id) return 'a skip connection comes from an earlier neuron';
    if (graph.loss === 'bce') return 'cross-entropy needs y in (0, 1): no skip connection';
  }
  if (graph.loss === 'bce') {
    if (output.activation !== 'sigmoid') return 'cross-entropy needs a sigmoid output';
    if (graph.target < 0 || graph.target > 1) return 'cross-entropy needs a target in [0, 1]';
  }
  return null;
}

/** Every quantity key of a graph, in the order a solution would compute them. */
export function graphQuantityKeys(graph: GraphNetwork): QuantityKey[] {
  return layoutOf(graph).readings.map((r) => r.key);
}

function quantityKeysOf(graph: GraphNetwork): QuantityKey[] {
  const keys: QuantityKey[] = [];
  for (const neuron of graph.neurons) keys.push(`z${neuron.id}`, activationKey(graph, neuron));
  if (graph.skip !== undefined) keys.push('y');
  keys.push('L', 'dL/dy');
  for (const neuron of backwardOrder(graph)) {
    const a = activationKey(graph, neuron);
    const z = `z${neuron.id}`;
    if (a !== 'y') keys.push(...gradientOfValueKeys(graph, a));
    keys.push(`d${a}/d${z}`, `dL/d${z}`);
    neuron.inputs.forEach((input, i) => {
      const w = weightKey(neuron, i);
      keys.push(`d${z}/d${w}`, `dL/d${w}`);
      if (!input.startsWith('x') || consumersOf(graph, input).length > 1) keys.push(`d${z}/d${input}`);
    });
    keys.push(`d${z}/d${biasKey(neuron)}`, `dL/d${biasKey(neuron)}`);
  }
  for (let i = 0; i < graph.x.length; i++) {
    const x = inputKey(graph, i);
    if (consumersOf(graph, x).length > 1) keys.push(...gradientOfValueKeys(graph, x));
  }
  for (const neuron of graph.neurons) keys.push(...neuron.w.map((_, i) => `${weightKey(neuron, i)}'`), `${biasKey(neuron)}'`);
  return keys;
}

/** The backward pass: the last layer first, and within a layer its neurons in order. */
export function backwardOrder(graph: GraphNetwork): GraphNeuron[] {
  return [...graph.neurons].sort((p, q) => layerOf(q.id) - layerOf(p.id));
}

/** dL/d{value}, preceded by each path's share where the value goes to several places. */
function gradientOfValueKeys(graph: GraphNetwork, value: string): string[] {
  const consumers = consumersOf(graph, value);
  return [...(consumers.length > 1 ? consumers.map((c) => pathKey(value, c)) : []), `dL/d${value}`];
}

/**
 * Every quantity of a graph, forward and backward, from one autodiff tape: the ground
 * truth. A path's share is the upstream gradient times the local derivative read off the
 * tape; dL/d{value} itself is what the tape accumulates, so the sum is the tape's, not ours.
 */
export function evaluateGraph(graph: GraphNetwork): Quantities {
  const problem = validateGraph(graph);
  if (problem) throw new Error(`invalid graph: ${problem}`);
  const layout = layoutOf(graph);
  const tape = new Tape();
  const node = new Map<string, Node>();
  for (let i = 0; i < graph.x.length; i++) node.set(layout.inputs[i]!, tape.leaf(graph.x[i]!));
  for (let n = 0; n < graph.neurons.length; n++) {
    const neuron = graph.neurons[n]!;
    const keys = layout.neurons[n]!;
    let z = tape.leaf(neuron.b);
    node.set(keys.bias, z);
    for (let i = 0; i < neuron.inputs.length; i++) {
      const w = tape.leaf(neuron.w[i]!);
      node.set(keys.weights[i]!, w);
      z = tape.add(z, tape.mul(w, node.get(neuron.inputs[i]!)!));
    }
    node.set(keys.z, z);
    // A linear neuron's output is a node of its own, so that a and z stay distinct on the tape.
    node.set(keys.a, neuron.activation === 'linear' ? tape.scale(z, 1) : activate(tape, z, neuron.activation));
  }
  const output = graph.neurons[graph.neurons.length - 1]!;
  const aOut = node.get(`a${output.id}`)!;
  const y = graph.skip === undefined ? aOut : tape.add(aOut, node.get(`a${graph.skip}`)!);
  node.set('y', y);
  const L = lossNode(tape, y, graph.loss, graph.target);

  const fromLoss = tape.gradients(L);
  const dL = (key: string) => fromLoss[node.get(key)!.id] ?? 0;
  // One sweep per value whose local derivatives are read (dz2/dw2_1 and dz2/da1_1 share z2's).
  const sweeps = new Map<string, number[]>();
  const local = (of: string, wrt: string) => {
    let sweep = sweeps.get(of);
    if (!sweep) sweeps.set(of, (sweep = tape.gradients(node.get(of)!)));
    return sweep[node.get(wrt)!.id] ?? 0;
  };
  const q: Quantities = {};
  for (const { key, how, of, wrt } of layout.readings) {
    switch (how) {
      case 'loss':
        q.L = L.value;
        break;
      case 'update':
        q[key] = node.get(of)!.value - graph.lr * dL(of);
        break;
      case 'share':
        // Along a skip the share is through the sum's own edge (∂y/∂a = 1), not y's total derivative.
        q[key] = dL(of) * (of === 'y' ? 1 : local(of, wrt));
        break;
      case 'gradient':
        q[key] = dL(wrt);
        break;
      case 'local':
        q[key] = local(of, wrt);
        break;
      case 'value':
        q[key] = node.get(key)!.value;
    }
  }
  return q;
}

/**
 * How a quantity is read off the tape: the loss, an update (`of` the parameter), a path's share
 * (dL/d`of` · d`of`/d`wrt`), a gradient dL/d`wrt`, a local derivative d`of`/d`wrt`, or a node's value.
 */
interface Reading {
  key: QuantityKey;
  how: 'loss' | 'update' | 'share' | 'gradient' | 'local' | 'value';
  of: string;
  wrt: string;
}

/** A graph's keys and how each is read, spelt and parsed once per shape rather than per evaluation. */
interface Layout {
  inputs: string[];
  neurons: { bias: string; weights: string[]; z: string; a: string }[];
  readings: Reading[];
}

const LAYOUTS = new Map<string, Layout>();

function layoutOf(graph: GraphNetwork): Layout {
  const shape = graphShapeKey(graph);
  let layout = LAYOUTS.get(shape);
  if (!layout) {
    layout = {
      inputs: graph.x.map((_, i) => inputKey(graph, i)),
      neurons: graph.neurons.map((n) => ({ bias: biasKey(n), weights: n.w.map((_, i) => weightKey(n, i)), z: `z${n.id}`, a: `a${n.id}` })),
      readings: quantityKeysOf(graph).map(readingOf),
    };
    LAYOUTS.set(shape, layout);
  }
  return layout;
}

function readingOf(key: QuantityKey): Reading {
  if (key === 'L') return { key, how: 'loss', of: '', wrt: '' };
  if (key.endsWith("'")) return { key, how: 'update', of: key.slice(0, -1), wrt: '' };
  if (key.includes(':')) {
    const [, value, consumer] = /^dL\/d(.+):(.+)$/.exec(key)!;
    return { key, how: 'share', of: consumer!, wrt: value! };
  }
  if (key.startsWith('dL/d')) return { key, how: 'gradient', of: 'L', wrt: key.slice(4) };
  if (key.includes('/')) {
    const [, of, wrt] = /^d(.+)\/d(.+)$/.exec(key)!;
    return { key, how: 'local', of: of!, wrt: wrt! };
  }
  return { key, how: 'value', of: key, wrt: '' };
}
