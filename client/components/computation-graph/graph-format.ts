/** How the graph writes its numbers: as the worked solutions do, with a typographic minus. */
import { decimalsFor, formatFixed, formatNumber } from '../../../shared/engine/format-number.ts';

/** Typographic minus, as in the formulas. */
const minus = (text: string) => text.replace('-', '−');

/** Computed values with 3 significant figures, as the worked solutions write them. */
export function showValue(value: number): string {
  return minus(formatNumber(value, 3));
}

/** Inputs are exact decimals (at most two places), written as given. */
export function showInput(value: number): string {
  return minus(formatNumber(value, 6));
}

/** An update w′ = w − η·dL/dw with enough decimals to show the step (0.400276 in the source text, not 0.4). */
export function showUpdate(value: number, old: number): string {
  return minus(formatFixed(value, decimalsFor(value - old, 3)));
}
