import { Tape, type Node } from './autodiff.ts';

export const ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const LOSSES = ['mse', 'bce'] as const;
export type Loss = (typeof LOSSES)[number];

export interface Layer {
  w: number;
  b: number;
  activation: Activation;
}

/** A chain of scalar layers: z{k} = w{k}·a{k−1} + b{k}, a{k} = act{k}(z{k}), a0 = x, y = a{n}. */
export interface Network {
  x: number;
  layers: Layer[];
  loss: Loss;
  /** y_true */
  target: number;
  /** η, the learning rate */
  lr: number;
}

/** A quantity of the vocabulary: `z1`, `a1`, `y`, `L`, `dL/dy`, `da1/dz1`, `dL/dw1`, `w1'`, … */
export type QuantityKey = string;
export type Quantities = Record<QuantityKey, number>;

export const MAX_LAYERS = 3;

/** Every quantity key of an n-layer network, in the order a solution would compute them. */
export function quantityKeys(n: number): QuantityKey[] {
  const keys: QuantityKey[] = [];
  for (let k = 1; k <= n; k++) keys.push(`z${k}`, `a${k}`);
  keys.push('y', 'L', 'dL/dy');
  for (let k = n; k >= 1; k--) {
    keys.push(`dL/da${k}`, `da${k}/dz${k}`, `dL/dz${k}`, `dz${k}/dw${k}`, `dz${k}/db${k}`, `dL/dw${k}`, `dL/db${k}`);
    if (k > 1) keys.push(`dz${k}/da${k - 1}`);
  }
  for (let k = 1; k <= n; k++) keys.push(`w${k}'`, `b${k}'`);
  return keys;
}

export function validateNetwork(network: Network): string | null {
  const n = network.layers.length;
  if (n < 1 || n > MAX_LAYERS) return `a network has 1 to ${MAX_LAYERS} layers`;
  let finite = Number.isFinite(network.x) && Number.isFinite(network.target) && Number.isFinite(network.lr);
  for (const l of network.layers) finite &&= Number.isFinite(l.w) && Number.isFinite(l.b);
  if (!finite) return 'every input must be a finite number';
  for (const l of network.layers) if (!ACTIVATIONS.includes(l.activation)) return 'unknown activation';
  if (!LOSSES.includes(network.loss)) return 'unknown loss';
  if (network.loss === 'bce') {
    if (network.layers[n - 1]!.activation !== 'sigmoid') return 'cross-entropy needs a sigmoid output';
    if (network.target < 0 || network.target > 1) return 'cross-entropy needs a target in [0, 1]';
  }
  return null;
}

export function activate(tape: Tape, z: Node, activation: Activation): Node {
  switch (activation) {
    case 'sigmoid':
      return tape.sigmoid(z);
    case 'tanh':
      return tape.tanh(z);
    case 'relu':
      return tape.relu(z);
    case 'linear':
      return z;
    default:
      return assertNever(activation);
  }
}

/** L on the tape: ½(y − t)², or −[t·ln y + (1−t)·ln(1−y)]. */
export function lossNode(tape: Tape, y: Node, loss: Loss, target: number): Node {
  const t = tape.leaf(target);
  if (loss === 'mse') return tape.scale(tape.square(tape.sub(y, t)), 0.5);
  const one = tape.leaf(1);
  const first = tape.mul(t, tape.log(y));
  const second = tape.mul(tape.sub(one, t), tape.log(tape.sub(one, y)));
  return tape.scale(tape.add(first, second), -1);
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}

/**
 * Every quantity of the vocabulary for `network`, forward and backward, from one
 * autodiff tape. Local derivatives are gradients too: da1/dz1 is d(a1)/d(z1) read
 * off a sweep from a1, so no derivative is written by hand here.
 */
export function evaluateNetwork(network: Network): Quantities {
  const problem = validateNetwork(network);
  if (problem) throw new Error(`invalid network: ${problem}`);
  const n = network.layers.length;
  const tape = new Tape();
  const a: Node[] = [tape.leaf(network.x)];
  const w: Node[] = [];
  const b: Node[] = [];
  const z: Node[] = [];
  for (let k = 1; k <= n; k++) {
    const layer = network.layers[k - 1]!;
    w[k] = tape.leaf(layer.w);
    b[k] = tape.leaf(layer.b);
    z[k] = tape.add(tape.mul(w[k]!, a[k - 1]!), b[k]!);
    // A linear layer's output is a node of its own so that a{k} and z{k} stay distinct on the tape.
    a[k] = layer.activation === 'linear' ? tape.scale(z[k]!, 1) : activate(tape, z[k]!, layer.activation);
  }
  const y = a[n]!;
  const L = lossNode(tape, y, network.loss, network.target);

  const q: Quantities = {};
  for (let k = 1; k <= n; k++) {
    const key = LAYER_KEYS[k]!;
    q[key.z] = z[k]!.value;
    q[key.a] = a[k]!.value;
  }
  q.y = y.value;
  q.L = L.value;

  const fromLoss = tape.gradients(L);
  q['dL/dy'] = fromLoss[y.id] ?? 0;
  for (let k = 1; k <= n; k++) {
    const key = LAYER_KEYS[k]!;
    const dLdw = fromLoss[w[k]!.id] ?? 0;
    const dLdb = fromLoss[b[k]!.id] ?? 0;
    q[key.dLda] = fromLoss[a[k]!.id] ?? 0;
    q[key.dLdz] = fromLoss[z[k]!.id] ?? 0;
    q[key.dLdw] = dLdw;
    q[key.dLdb] = dLdb;
    q[key.wNext] = network.layers[k - 1]!.w - network.lr * dLdw;
    q[key.bNext] = network.layers[k - 1]!.b - network.lr * dLdb;

    const fromA = tape.gradients(a[k]!);
    q[key.dadz] = fromA[z[k]!.id] ?? 0;
    const fromZ = tape.gradients(z[k]!);
    q[key.dzdw] = fromZ[w[k]!.id] ?? 0;
    q[key.dzdb] = fromZ[b[k]!.id] ?? 0;
    if (k > 1) q[key.dzda] = fromZ[a[k - 1]!.id] ?? 0;
  }
  return q;
}

/** Each layer's quantity keys, spelt once rather than per evaluation. */
const LAYER_KEYS = Array.from({ length: MAX_LAYERS + 1 }, (_, k) => ({
  z: `z${k}`,
  a: `a${k}`,
  dLda: `dL/da${k}`,
  dLdz: `dL/dz${k}`,
  dLdw: `dL/dw${k}`,
  dLdb: `dL/db${k}`,
  wNext: `w${k}'`,
  bNext: `b${k}'`,
  dadz: `da${k}/dz${k}`,
  dzdw: `dz${k}/dw${k}`,
  dzdb: `dz${k}/db${k}`,
  dzda: `dz${k}/da${k - 1}`,
}));
