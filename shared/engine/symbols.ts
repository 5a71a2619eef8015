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
