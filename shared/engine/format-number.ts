/** Number formatting shared by solutions, prompts and the answer echo on phones. */

/** Half a unit in the last place of `v` written with `sig` significant figures. */
export function halfUnit(v: number, sig: number): number {
  if (v === 0 || !Number.isFinite(v)) return 0;
  return 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(v))) - sig + 1);
}

/** `v` rounded to `sig` significant figures (half away from zero), by arithmetic rather than string parsing. */
export function roundSig(v: number, sig: number): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  const abs = Math.abs(v);
  const shift = sig - 1 - Math.floor(Math.log10(abs));
  // Dividing two exact integers gives the correctly rounded double, the same as parsing the decimal.
  const rounded = shift >= 0 ? Math.round(abs * 10 ** shift) / 10 ** shift : Math.round(abs / 10 ** -shift) * 10 ** -shift;
  return v < 0 ? -rounded : rounded;
}

/** Decimals needed to show `v` with `sig` significant figures (0 for large values). */
export function decimalsFor(v: number, sig: number): number {
  if (v === 0 || !Number.isFinite(v)) return 0;
  return Math.max(0, sig - 1 - Math.floor(Math.log10(Math.abs(roundSig(v, sig)))));
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** Plain text: 0.574, -0.0276, 57.7, 9.54e-7. */
export function formatNumber(v: number, sig = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const abs = Math.abs(v);
  // roundSig returns the double nearest the rounded decimal, which String() prints without trailing zeros.
  if (abs >= 1e-4 && abs < 1e6) return String(roundSig(v, sig));
  const [mantissa, exponent] = v.toExponential(sig - 1).split('e');
  return `${trimZeros(mantissa!)}e${Number(exponent)}`;
}

/** A number with a fixed count of decimals, trailing zeros removed (used for w′ = w − step). */
export function formatFixed(v: number, decimals: number): string {
  const text = trimZeros(v.toFixed(Math.min(20, Math.max(0, decimals))));
  return text === '-0' ? '0' : text;
}

/** LaTeX: 9.54e-7 becomes 9.54 \times 10^{-7}. */
export function latexNumber(text: string): string {
  if (!text.includes('e')) return text;
  const match = /^(-?[\d.]+)e([+-]?\d+)$/.exec(text);
  return match ? `${match[1]} \\times 10^{${Number(match[2])}}` : text;
}

/** LaTeX for a factor in a product: negative numbers get parentheses. */
export function latexFactor(text: string): string {
  const latex = latexNumber(text);
  return text.startsWith('-') ? `(${latex})` : latex;
}

/** The fewest figures tried for an interval and the answers graded against it, and the most. */
const INTERVAL_MIN_SIG = 3;
const INTERVAL_MAX_SIG = 12;

/** `v` rounded to `sig` significant figures towards +∞ (`up`) or −∞: never outside what `v` bounds. */
export function roundSigDirected(v: number, sig: number, up: boolean): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  const shift = sig - 1 - Math.floor(Math.log10(Math.abs(v)));
  // Beyond the doubles' decimal range (subnormals) the scaling overflows: the value is its own bound.
  if (Math.abs(shift) > 300) return v;
  const scaled = shift >= 0 ? v * 10 ** shift : v / 10 ** -shift;
  const whole = up ? Math.ceil(scaled) : Math.floor(scaled);
  let rounded = shift >= 0 ? whole / 10 ** shift : whole * 10 ** -shift;
  // The scaling itself rounds: step once more inward if the result landed on the wrong side.
  if (up && rounded < v) rounded = shift >= 0 ? (whole + 1) / 10 ** shift : (whole + 1) * 10 ** -shift;
  if (!up && rounded > v) rounded = shift >= 0 ? (whole - 1) / 10 ** shift : (whole - 1) * 10 ** -shift;
  return rounded;
}

/**
 * How many significant figures an accepted interval [lo, hi] and the answers graded against it are
 * shown with: the fewest (at least 3) at which the interval, rounded inwards (lo up, hi down, so it never
 * admits a value the grader rejects), is not empty and every answer's shown value falls inside the shown
 * interval exactly when the answer itself is accepted — so a right 0.4997 and a wrong 0.5003 never both
 * read "0.5" beside "from 0.5 to 0.5".
 */
export function intervalFigures(lo: number, hi: number, values: readonly number[] = []): number {
  for (let sig = INTERVAL_MIN_SIG; sig < INTERVAL_MAX_SIG; sig++) {
    const shownLo = roundSigDirected(lo, sig, true);
    const shownHi = roundSigDirected(hi, sig, false);
    if (!(shownLo < shownHi) && !(lo === hi)) continue;
    const agree = values.every((v) => {
      const shown = roundSig(v, sig);
      return (v >= lo && v <= hi) === (shown >= shownLo && shown <= shownHi);
    });
    if (agree) return sig;
  }
  return INTERVAL_MAX_SIG;
}

export interface ShownInterval {
  lo: string;
  hi: string;
  /** The figures used: show the answers graded against the interval with `formatNumber(v, sig)`. */
  sig: number;
}

/** An accepted interval as text, by `intervalFigures` (pass `sig` to reuse figures chosen with more answers). */
export function formatInterval(lo: number, hi: number, values: readonly number[] = [], sig = intervalFigures(lo, hi, values)): ShownInterval {
  return { lo: formatNumber(roundSigDirected(lo, sig, true), sig), hi: formatNumber(roundSigDirected(hi, sig, false), sig), sig };
}

/**
 * An update's step η·dL/dw = w − w′ as "step ± tolerance", from the interval on w′: the tolerance is cut
 * so that step ± tolerance stays inside the accepted steps [base − hi, base − lo].
 */
export function formatStep(base: number, value: number, lo: number, hi: number): { step: string; tolerance: string } {
  const step = base - value;
  const shown = roundSig(step, INTERVAL_MIN_SIG);
  const room = Math.min(shown - (base - hi), base - lo - shown);
  const tolerance = room > 0 ? roundSigDirected(room, 1, false) : 0;
  // Plain decimals (0.00008, not 8e-5): the step is read beside w and w′, which are written that way.
  return { step: formatFixed(shown, decimalsFor(shown, INTERVAL_MIN_SIG)), tolerance: formatFixed(tolerance, decimalsFor(tolerance, 1)) };
}
