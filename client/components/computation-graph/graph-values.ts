/**
 * Every number of a network's computation graph, from the engine: what the graph shows once
 * the answer is public (a reveal, practice after answering). Never call it for a screen where
 * the question is still open: the network alone regenerates every answer.
 */
import { type Network, evaluateNetwork } from '../../../shared/engine/network.ts';
import { productKey } from './graph-layout.ts';

export interface GraphValues {
  /** z1, a1, y, L and the products w1*x, w2*a1 (keys as `productKey`). */
  forward: Record<string, number>;
  /** dL/d· of every value (dL/dL = 1 included), the local derivatives da1/dz1 …, the updates w1′ b1′. */
  gradients: Record<string, number>;
}

/** Backward-pass quantities: derivatives and updates (`dL/dw1`, `da1/dz1`, `w1'`). */
function isBackward(key: string): boolean {
  return key.includes('/') || key.endsWith("'");
}

export function graphValues(network: Network): GraphValues {
  const quantities = evaluateNetwork(network);
  const forward: Record<string, number> = {};
  const gradients: Record<string, number> = { 'dL/dL': 1 };
  for (const [key, value] of Object.entries(quantities)) (isBackward(key) ? gradients : forward)[key] = value;
  network.layers.forEach((layer, i) => {
    const input = i === 0 ? network.x : quantities[`a${i}`]!;
    forward[productKey(i + 1)] = layer.w * input;
  });
  return { forward, gradients };
}
