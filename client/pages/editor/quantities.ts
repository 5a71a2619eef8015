/** The quantities an authored item may ask, as the teacher picks them: the vocabulary of that depth. */
import { quantityKeys, quantitySymbol } from '../../../shared/engine/index.ts';
import { texToPlain } from '../../../shared/engine/plain-text.ts';
import { canonicalKey } from '../../../shared/engine/symbols.ts';

/** Every key of an n-layer network once (y for a{n}, dL/dy for dL/da{n}), in the order a solution computes them. */
export function askOptions(layers: number): string[] {
  return quantityKeys(layers).filter((key) => canonicalKey(key, layers) === key);
}

/** A key written with its symbols, in plain text (a <select> option cannot hold math): dL/dw, dy/dz₂, w₁′. */
export function askLabel(key: string, layers: number): string {
  return texToPlain(quantitySymbol(key, layers));
}

/**
 * "The whole procedure": the source text's steps (dL/dy → dy/dz → dz/dw → dL/dw → w′), carried back
 * through every layer. Three layers leave out the dL/dz links so the item stays within SET_LIMITS.maxAsks.
 */
export function wholeProcedure(layers: number): string[] {
  const keys = ['dL/dy'];
  for (let k = layers; k >= 1; k--) {
    keys.push(`da${k}/dz${k}`);
    if (layers === 2) keys.push(`dL/dz${k}`);
    if (k > 1) keys.push(`dz${k}/da${k - 1}`, `dL/da${k - 1}`);
  }
  keys.push('dz1/dw1', 'dL/dw1', "w1'");
  return keys;
}

/** The keys still valid after the network's depth changed (the default dL/dw when none is). */
export function keepAsks(asks: readonly string[], layers: number): string[] {
  const valid = new Set(askOptions(layers));
  const kept = asks.filter((key) => valid.has(key));
  return kept.length > 0 ? kept : ['dL/dw1'];
}
