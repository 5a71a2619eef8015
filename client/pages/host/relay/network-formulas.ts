/**
 * The relay problem's shape as formulas, without numbers: every team plays the same network
 * with its own numbers, so the projector writes the forward pass and the chain the links
 * build, and each team's values stay on its phones and in its row.
 */
import type { Activation, Network } from '../../../../shared/engine/index.ts';
import { quantitySymbol } from '../../../../shared/engine/symbols.ts';
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
  lines.push(
    network.loss === 'mse'
      ? 'L = \\tfrac{1}{2}(y - y_{\\text{true}})^2'
      : 'L = -[y_{\\text{true}} \\ln y + (1 - y_{\\text{true}}) \\ln(1 - y)]',
  );
  return lines;
}

/**
 * The chain the links build: dL/dw = dL/dy · dy/dz · dz/dw, then the update w′ = w − η · dL/dw.
 * Each factor is one link's local derivative, in the order the links are sent.
 */
export function backwardLatex(links: readonly RelayLinkView[]): string[] {
  const update = links.find((link) => link.local === 'lr') ?? null;
  const products = links.filter((link) => link !== update);
  const last = products[products.length - 1];
  if (!last) return [];
  const factors = products.map((link, i) => (i === 0 ? link.symbol : (link.localSymbol ?? link.symbol)));
  const lines = [products.length > 1 ? `${last.symbol} = ${factors.join(' \\cdot ')}` : `${last.symbol} = y - y_{\\text{true}}`];
  if (update) lines.push(`${update.symbol} = ${update.symbol.replace(/'$/, '')} - \\eta \\cdot ${last.symbol}`);
  return lines;
}
