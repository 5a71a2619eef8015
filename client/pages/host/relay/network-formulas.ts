/**
 * The relay problem's shape as formulas, without numbers: every team plays the same network
 * with its own numbers, so the projector writes the forward pass and the chain the links
 * build, and each team's values stay on its phones and in its row.
 */
import type { Activation, Network } from '../../../../shared/engine/index.ts';
import { type GraphNetwork, activationKey, biasKey, graphInputKeys, graphInputValues, layerOf, weightKey } from '../../../../shared/engine/graph.ts';
import { graphSymbol, quantitySymbol } from '../../../../shared/engine/symbols.ts';
import { latexNumber } from '../../../../shared/engine/format-number.ts';
import type { RelayLinkView } from '../../../../shared/protocol/index.ts';

const ACTIVATION_TEX: Record<Activation, string | null> = {
  sigmoid: '\\sigma',
  tanh: '\\tanh',
  relu: '\\operatorname{ReLU}',
  linear: null,
};

/** One LaTeX line per layer, then the loss: z = w·x + b, y = σ(z), L = ½(y − y_true)². */
export function forwardLatex(network: Network): string[] {
  const n = network.layers.length;
  const q = (key: string) => quantitySymbol(key, n);
  const lines = network.layers.map((layer, i) => {
    const k = i + 1;
    const input = k === 1 ? 'x' : q(`a${k - 1}`);
    const act = ACTIVATION_TEX[layer.activation];
    const output = `${q(`a${k}`)} = ${act ? `${act}(${q(`z${k}`)})` : q(`z${k}`)}`;
    return `${q(`z${k}`)} = ${q(`w${k}`)} \\cdot ${input} + ${q(`b${k}`)},\\; ${output}`;
  });
  lines.push(lossLatex(network));
  return lines;
}

const lossLatex = (network: Pick<Network, 'loss'>) =>
  network.loss === 'mse' ? 'L = \\tfrac{1}{2}(y - y_{\\text{true}})^2' : 'L = -[y_{\\text{true}} \\ln y + (1 - y_{\\text{true}}) \\ln(1 - y)]';

/** A network that branches, neuron by neuron: z₁₁ = w₁₁·x + b₁₁, a₁₁ = σ(z₁₁), …, then the loss. */
export function graphForwardLatex(graph: GraphNetwork): string[] {
  const layers = layerOf(graph.neurons[graph.neurons.length - 1]!.id);
  const S = (key: string) => graphSymbol(key, layers);
  const lines = graph.neurons.map((neuron) => {
    const z = `z${neuron.id}`;
    const sum = neuron.inputs.map((input, i) => `${S(weightKey(neuron, i))} \\cdot ${S(input)}`).join(' + ');
    const act = ACTIVATION_TEX[neuron.activation];
    const a = activationKey(graph, neuron);
    return `${S(z)} = ${sum} + ${S(biasKey(neuron))},\\; ${S(a)} = ${act ? `${act}(${S(z)})` : S(z)}`;
  });
  if (graph.skip !== undefined) lines.push(`y = ${S(activationKey(graph, graph.neurons[graph.neurons.length - 1]!))} + ${S(`a${graph.skip}`)}`);
  lines.push(lossLatex(graph));
  return lines;
}

/** A network that branches' own numbers: x (x₁, x₂), every weight and bias, y_true and η. */
export function graphNumbersLatex(graph: GraphNetwork): string[] {
  const layers = layerOf(graph.neurons[graph.neurons.length - 1]!.id);
  const values = graphInputValues(graph);
  return graphInputKeys(graph).map((key, i) => `${graphSymbol(key, layers)} = ${latexNumber(String(values[i]))}`);
}

/** Whether the links make a tree (a network that branches): some link does not receive from the one before it. */
export function isTree(links: readonly RelayLinkView[]): boolean {
  return links.some((link) => link.from.length > 1 || link.from.some((input) => input.link !== link.index - 1));
}

/**
 * A tree's links as its branches: each run of single links written as one product from where it
 * starts, and where branches meet the sum of the products —
 * dL/dz₁₁ = dL/dz₂ · dz₂/da₁₁ · da₁₁/dz₁₁, …, dL/dx = dL/dz₁₁ · dz₁₁/dx + dL/dz₁₂ · dz₁₂/dx.
 */
function treeLatex(links: readonly RelayLinkView[]): string[] {
  const consumers = links.map((link) => links.filter((other) => other.from.some((input) => input.link === link.index)));
  const ends = links.filter((link, i) => consumers[i]!.length !== 1 || consumers[i]![0]!.from.length > 1);
  return ends.flatMap((end) => {
    if (end.from.length === 0) return [];
    if (end.from.length > 1) return [`${end.symbol} = ${end.from.map((input) => `${input.upstreamSymbol} \\cdot ${input.localSymbol}`).join(' + ')}`];
    const factors: string[] = [];
    let link = end;
    // Walk back along single links until the branch's start (a link several others read, a merge, or the first).
    while (link.from.length === 1) {
      const input = link.from[0]!;
      factors.unshift(input.localSymbol);
      const before = links[input.link]!;
      if (consumers[before.index]!.length !== 1 || before.from.length !== 1) {
        factors.unshift(input.upstreamSymbol);
        break;
      }
      link = before;
    }
    return [`${end.symbol} = ${factors.join(' \\cdot ')}`];
  });
}

/**
 * The chain the links build: dL/dw = dL/dy · dy/dz · dz/dw, then the update w′ = w − η · dL/dw.
 * Each factor is one link's local derivative, in the order the links are sent. On a network that
 * branches, the tree's branches and where they meet (treeLatex).
 */
export function backwardLatex(links: readonly RelayLinkView[]): string[] {
  if (isTree(links)) return treeLatex(links);
  const update = links.find((link) => link.local === 'lr') ?? null;
  const products = links.filter((link) => link !== update);
  const last = products[products.length - 1];
  if (!last) return [];
  const factors = products.map((link, i) => (i === 0 ? link.symbol : (link.localSymbol ?? link.symbol)));
  const lines = [products.length > 1 ? `${last.symbol} = ${factors.join(' \\cdot ')}` : `${last.symbol} = y - y_{\\text{true}}`];
  if (update) lines.push(`${update.symbol} = ${update.symbol.replace(/'$/, '')} - \\eta \\cdot ${last.symbol}`);
  return lines;
}
