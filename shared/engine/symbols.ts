import type { QuantityKey } from './network.ts';

/** Inputs that appear in formulas next to the vocabulary's quantities. */
export type InputKey = 'x' | 't' | 'lr' | `w${number}` | `b${number}`;

/** a{n} is y and dL/da{n} is dL/dy: one canonical key for each quantity. */
export function canonicalKey(key: string, layers: number): QuantityKey {
  if (key === `a${layers}`) return 'y';
  if (key === `dL/da${layers}`) return 'dL/dy';
  return key;
}

/**
 * LaTeX for a quantity or input. A one-layer network uses the source text's letters
 * without indices (z, y, w, b, dL/dw); deeper networks index by layer, and the last
 * activation is still called y.
 */
export function quantitySymbol(key: string, layers: number): string {
  if (key === 'x') return 'x';
  if (key === 't') return 'y_{\\text{true}}';
  if (key === 'lr') return '\\eta';
  const variable = (name: string): string => {
    const match = /^([a-zA-Z]+)(\d+)('?)$/.exec(name);
    if (!match) return name;
    const [, letter, index, prime] = match;
    if (letter === 'a' && Number(index) === layers) return `y${prime}`;
    if (layers === 1) return `${letter}${prime}`;
    return `${letter}_{${index}}${prime}`;
  };
  const ratio = /^d(.+)\/d(.+)$/.exec(key);
  if (ratio) return `\\frac{d${variable(ratio[1]!)}}{d${variable(ratio[2]!)}}`;
  return variable(key);
}

/**
 * LaTeX for a quantity of a network that branches (graph.ts): `w1_2` → w_{1,2}, `a1_1` → a_{1,1},
 * `x2` → x_2; a one-layer graph drops the layer (z, b, w_1, w_2, as in z = w₁x₁ + w₂x₂ + b). A
 * path's share `dL/da1:z2` is written as its product, dL/dz₂ · dz₂/da₁.
 */
export function graphSymbol(key: string, layers: number): string {
  if (key === 't') return 'y_{\\text{true}}';
  if (key === 'lr') return '\\eta';
  const variable = (name: string): string => {
    const match = /^([a-zA-Z]+)(\d*)(?:_(\d+))?('?)$/.exec(name);
    if (!match) return name;
    const [, letter, layer, place, prime] = match;
    if (letter === 'x') return layer ? `x_{${layer}}` : 'x';
    if (!layer) return `${letter}${prime}`;
    const index = layers === 1 ? place : place ? `${layer},${place}` : layer;
    return index ? `${letter}_{${index}}${prime}` : `${letter}${prime}`;
  };
  const path = /^dL\/d(.+):(.+)$/.exec(key);
  if (path) {
    const [, value, via] = path;
    return `\\frac{dL}{d${variable(via!)}} \\frac{d${variable(via!)}}{d${variable(value!)}}`;
  }
  const ratio = /^d(.+)\/d(.+)$/.exec(key);
  if (ratio) return `\\frac{d${variable(ratio[1]!)}}{d${variable(ratio[2]!)}}`;
  return variable(key);
}
