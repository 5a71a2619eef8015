/**
 * KaTeX and its stylesheet are fetched on first use, never in the first-load bundle: they
 * weigh more than the whole phone screen. One shared promise serves every formula.
 */
import type katexModule from 'katex';

export type Katex = typeof katexModule;

let loaded: Katex | null = null;
let pending: Promise<Katex> | null = null;

export function loadedKatex(): Katex | null {
  return loaded;
}

export function loadKatex(): Promise<Katex> {
  pending ??= Promise.all([import('katex'), import('katex/dist/katex-swap.min.css')]).then(
    ([module]) => (loaded = module.default),
    (error: unknown) => {
      pending = null; // a later formula may try again once the network is back
      throw error;
    },
  );
  return pending;
}
