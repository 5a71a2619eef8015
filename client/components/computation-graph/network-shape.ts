/**
 * What the drawings read of a network, a chain (`Network`) or one that branches (`GraphNetwork`):
 * its inputs and its neurons. A chain's layer k is neuron `k` reading `a{k−1}` (x for the first),
 * so the network diagram and the computation graph each draw both with one layout. Types only
 * from the engine: the placeholders that hold a drawing's place import this.
 */
import type { GraphNetwork, GraphNeuron } from '../../../shared/engine/graph.ts';
import type { Network } from '../../../shared/engine/network.ts';

export type AnyNetwork = Network | GraphNetwork;

export function isGraphNetwork(network: AnyNetwork): network is GraphNetwork {
  return 'neurons' in network;
}

export const layerOf = (id: string) => Number(id.split('_')[0]);

/**
 * The keys of a neuron's weights and bias as graph.ts names them (`weightKey`, `biasKey`: w1_21 is
 * neuron 1_2's weight on its first input, b1_2 its bias; a chain's are w1, b1). Written out here so
 * the diagram, fetched on a phone's question screen, does not bring the engine along; the tests
 * check it against the engine's.
 */
export function parameterKeys(neuron: Pick<GraphNeuron, 'id' | 'inputs'>): { weights: string[]; bias: string } {
  const [layer, place = ''] = neuron.id.split('_');
  const weights = neuron.inputs.map((_, i) => {
    const suffix = place + (neuron.inputs.length > 1 ? String(i + 1) : '');
    return suffix ? `w${layer}_${suffix}` : `w${layer}`;
  });
  return { weights, bias: `b${neuron.id}` };
}

export interface NetworkShape {
  /** Input keys: `x`, or `x1`, `x2`, … */
  inputs: string[];
  x: number[];
  neurons: GraphNeuron[];
  /** The neuron a skip connection adds to y, if any. */
  skip: string | undefined;
  /** The neurons by layer, in order. */
  layers: GraphNeuron[][];
}

export function networkShape(network: Pick<Network, 'x' | 'layers'> | Pick<GraphNetwork, 'x' | 'neurons' | 'skip'>): NetworkShape {
  const graph = 'neurons' in network;
  const neurons: GraphNeuron[] = graph
    ? network.neurons
    : network.layers.map((layer, i) => ({ id: String(i + 1), inputs: [i === 0 ? 'x' : `a${i}`], w: [layer.w], b: layer.b, activation: layer.activation }));
  const x = graph ? network.x : [network.x];
  const numbers = [...new Set(neurons.map((n) => layerOf(n.id)))];
  return {
    inputs: x.map((_, i) => (x.length === 1 ? 'x' : `x${i + 1}`)),
    x,
    neurons,
    skip: graph ? network.skip : undefined,
    layers: numbers.map((layer) => neurons.filter((n) => layerOf(n.id) === layer)),
  };
}
