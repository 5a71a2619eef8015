/**
 * The quantities an authored numeric item may ask, spelt as teachers write them. The engine's
 * vocabulary indexes every layer (`dL/dw1`, `w1'`); for a one-layer network the source text writes no
 * indices (`dL/dw`, `w'`, `dy/dz`), and spreadsheets turn ' into ’ or ′: all of these are accepted.
 */
import { quantityKeys } from '../engine/network.ts';
import { canonicalKey } from '../engine/symbols.ts';

/** The vocabulary's key for what a teacher typed, or null when no quantity of that depth is meant. */
export function askKey(raw: string, layers: number): string | null {
  let key = raw.normalize('NFKC').replace(/\s+/g, '').replace(/[’′‘`´]/g, "'");
  if (layers === 1) {
    // z, a, w, b without an index are layer 1's (y, the output, has none anyway).
    key = key.replace(/(^|d)([zawb])(?=$|'|\/)/g, '$1$21');
  }
  // dy/dz{n} is the output activation's derivative, da{n}/dz{n} in the vocabulary.
  key = key.replace(new RegExp(`^dy/dz${layers}$`), `da${layers}/dz${layers}`);
  key = canonicalKey(key, layers);
  return validKeys(layers).has(key) ? key : null;
}

const VALID = new Map<number, Set<string>>();
function validKeys(layers: number): Set<string> {
  let keys = VALID.get(layers);
  if (!keys) {
    keys = new Set(quantityKeys(layers).map((k) => canonicalKey(k, layers)));
    VALID.set(layers, keys);
  }
  return keys;
}
