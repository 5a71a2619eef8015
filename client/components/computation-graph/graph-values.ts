/**
 * Every number of a network's computation graph, from the engine: what the graph shows once
 * the answer is public (a reveal, practice after answering). Never call it for a screen where
 * the question is still open: the network alone regenerates every answer.
 */
import { evaluateGraph } from '../../../shared/engine/graph.ts';
import { evaluateNetwork } from '../../../shared/engine/network.ts';
import { type AnyNetwork, graphProductKey, isGraphNetwork } from './graph-layout.ts';
import { networkShape, parameterKeys } from './network-shape.ts';

export interface GraphValues {
  /** z1, a1, y, L and the products w1*x, w2*a1 (keys as `productKey`, `graphProductKey`). */
  forward: Record<string, number>;
  /**
   * dL/d· of every value (dL/dL = 1 included), the local derivatives da1/dz1 …, the updates w1′ b1′;
   * for a network that branches also each path's share where a value feeds two places (dL/da1:z2).
   */
  gradients: Record<string, number>;
}

/** Backward-pass quantities: derivatives, path shares and updates (`dL/dw1`, `da1/dz1`, `dL/da1:y`, `w1'`). */
function isBackward(key: string): boolean {
  return key.includes('/') || key.endsWith("'");
}

export function graphValues(network: AnyNetwork): GraphValues {
  const quantities = isGraphNetwork(network) ? evaluateGraph(network) : evaluateNetwork(network);
  const forward: Record<string, number> = {};
  const gradients: Record<string, number> = { 'dL/dL': 1 };
  for (const [key, value] of Object.entries(quantities)) (isBackward(key) ? gradients : forward)[key] = value;
  const { inputs, x, neurons } = networkShape(network);
  const valueOf = (key: string) => (inputs.includes(key) ? x[inputs.indexOf(key)]! : quantities[key]!);
  for (const neuron of neurons) {
    const { weights } = parameterKeys(neuron);
    neuron.inputs.forEach((input, i) => (forward[graphProductKey(weights[i]!, input)] = neuron.w[i]! * valueOf(input)));
  }
  return { forward, gradients };
}
