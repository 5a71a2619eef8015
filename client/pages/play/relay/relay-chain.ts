/**
 * Reading a relay chain as the screens show it, shared by the phone and the projector:
 * each link's state (colour, shape and words), the values as sent, and the calculation a
 * link stands for. Only what the view carries: nothing here knows an answer before the reveal.
 */
import { formatNumber, latexFactor, latexNumber } from '../../../../shared/engine/format-number.ts';
import type { RelayChainView, RelayLinkView } from '../../../../shared/protocol/index.ts';
import type { PublicProblem } from '../../../../shared/engine/problem.ts';
import type { GraphStatus } from '../../../components/computation-graph/lazy.tsx';

/**
 * - `waiting`: its upstream has not arrived;
 * - `unsent`: the round closed before it was sent;
 * - `current`: its holder is working on it now;
 * - `correct`: right;
 * - `close`: near the truth, though not right for what it received (rounding, usually);
 * - `carried`: wrong, but right for the value it received: an earlier error passing through;
 * - `entry`: wrong for what it received, the first such link: where the error entered;
 * - `wrong`: wrong for what it received, after an earlier error (a second slip).
 */
export type LinkState = 'waiting' | 'current' | 'unsent' | 'correct' | 'close' | 'carried' | 'entry' | 'wrong';

/** Whether a link can be sent now (two at once while a network's branches run in parallel). */
export function isOpen(chain: RelayChainView, index: number): boolean {
  return chain.open.includes(index);
}

/** `closed`: the round is over (a reveal), so a link not sent will not be. */
export function linkState(chain: RelayChainView, link: RelayLinkView, closed = false): LinkState {
  const sent = link.sent;
  if (!sent) return closed ? 'unsent' : isOpen(chain, link.index) ? 'current' : 'waiting';
  if (sent.status === 'correct') return 'correct';
  if (sent.consistent) return 'carried';
  if (sent.status === 'close') return 'close';
  return chain.errorEntry === link.index ? 'entry' : 'wrong';
}

/** The icon shape of a state: the verdicts' own shapes, so colour is never the only signal. */
export function stateIcon(state: LinkState): 'correct' | 'close' | 'wrong' | null {
  switch (state) {
    case 'correct':
      return 'correct';
    case 'close':
      return 'close';
    case 'entry':
    case 'wrong':
      return 'wrong';
    default:
      return null;
  }
}

/** A number for reading aloud or on a small screen: the typographic minus, `sig` significant figures. */
export function showNumber(value: number, sig = 4): string {
  return formatNumber(value, sig).replace('-', '−');
}

/** A number as LaTeX, negative ones in parentheses when they are a factor. */
export function texNumber(value: number, sig = 4, factor = false): string {
  const text = formatNumber(value, sig);
  return factor ? latexFactor(text) : latexNumber(text);
}

/** The weight the update link changes, from its own symbol (`w'` → `w`, `w_{1}'` → `w_{1}`). */
function weightSymbol(link: RelayLinkView): string {
  return link.symbol.replace(/'$/, '');
}

/** The values a link has received so far, in its `from` order (`null` where one has not arrived). */
export function receivedValues(link: RelayLinkView): (number | null)[] {
  if (link.sent) return link.sent.receivedAll;
  return link.from.map((input) => input.value);
}

/**
 * The calculation a link stands for, in LaTeX, with the values it received when they are there:
 * `y − y_true` for the first link, `received · local` for the chain's products, the sum of two
 * such products where a network's branches meet, and `w − η · received` for the update.
 */
export function linkFormula(link: RelayLinkView, received: readonly (number | null)[]): string {
  if (link.upstream === null || link.upstreamSymbol === null) return 'y - y_{\\text{true}}';
  const shown = (i: number, symbol: string) => {
    const value = received[i];
    return value === null || value === undefined ? symbol : texNumber(value, 4, true);
  };
  if (link.local === 'lr') return `${weightSymbol(link)} - \\eta \\cdot ${shown(0, link.upstreamSymbol)}`;
  if (link.from.length > 1) return link.from.map((input, i) => `${shown(i, input.upstreamSymbol)} \\cdot ${input.localSymbol}`).join(' + ');
  return `${shown(0, link.upstreamSymbol)} \\cdot ${link.localSymbol ?? ''}`;
}

/** Links held by a player, by index. */
export function heldBy(chain: RelayChainView, playerId: string): RelayLinkView[] {
  return chain.links.filter((link) => link.holderId === playerId);
}

/** Seconds with one decimal, for times on the chain. */
export function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

export interface ChainGraphProps {
  gradients: Record<string, number>;
  pending: string[];
  status: Record<string, GraphStatus>;
}

/**
 * A chain as the computation graph draws it: each sent link's value under its box, with its
 * state as a badge; the links not sent yet as "?" while the round is open. A `close` link gets
 * no badge: neither right nor wrong.
 */
export function chainGraph(chain: RelayChainView, closed = false): ChainGraphProps {
  const gradients: Record<string, number> = {};
  const pending: string[] = [];
  const status: Record<string, GraphStatus> = {};
  for (const link of chain.links) {
    if (!link.sent) {
      if (!closed) pending.push(link.asks);
      continue;
    }
    gradients[link.asks] = link.sent.value;
    const state = linkState(chain, link, closed);
    if (state === 'correct' || state === 'carried') status[link.asks] = state;
    else if (state === 'entry' || state === 'wrong') status[link.asks] = 'wrong';
  }
  return { gradients, pending, status };
}

/** The forward values the problem gives (y, L), for the graph: everything else is the team's to work out. */
export function givenValues(problem: PublicProblem): Record<string, number> {
  return Object.fromEntries(problem.given.map((g) => [g.key, Number(g.display)]).filter(([, value]) => Number.isFinite(value)));
}
