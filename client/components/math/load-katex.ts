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

/** The faces a problem's first formula uses; fetching them ahead saves the round trip after the stylesheet. */
const FIRST_FACES = ['1em KaTeX_Main', 'italic 1em KaTeX_Main', 'bold 1em KaTeX_Main', 'italic 1em KaTeX_Math'];

/**
 * KaTeX, its stylesheet and the fonts of a first formula, fetched while nothing is on screen to
 * draw (a phone in the lobby waits for the teacher anyway): on a slow network the first question
 * then renders at once instead of a few round trips later. A failure is left to the first formula.
 */
export function prefetchMath(): void {
  loadKatex()
    .then(() => Promise.all(FIRST_FACES.map((face) => document.fonts.load(face))))
    .catch(() => undefined);
}
