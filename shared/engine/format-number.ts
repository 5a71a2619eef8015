/** Number formatting shared by solutions, prompts and the answer echo on phones. */

const POWERS_OF_TEN: number[] = [];
for (let k = -340; k <= 340; k++) POWERS_OF_TEN.push(10 ** k);

/** 10 ** k for an integer k, read from a table of the very same values (the power is computed for every figure written). */
export function pow10(k: number): number {
  return POWERS_OF_TEN[k + 340] ?? 10 ** k;
}

/** Half a unit in the last place of `v` written with `sig` significant figures. */
export function halfUnit(v: number, sig: number): number {
  if (v === 0 || !Number.isFinite(v)) return 0;
  return 0.5 * pow10(Math.floor(Math.log10(Math.abs(v))) - sig + 1);
}

/** `v` rounded to `sig` significant figures (half away from zero), by arithmetic rather than string parsing. */
export function roundSig(v: number, sig: number): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  const abs = Math.abs(v);
  const shift = sig - 1 - Math.floor(Math.log10(abs));
  // Dividing two exact integers gives the correctly rounded double, the same as parsing the decimal.
  const rounded = shift >= 0 ? Math.round(abs * pow10(shift)) / pow10(shift) : Math.round(abs / pow10(-shift)) * pow10(-shift);
  return v < 0 ? -rounded : rounded;
}

/** Decimals needed to show `v` with `sig` significant figures (0 for large values). */
export function decimalsFor(v: number, sig: number): number {
  if (v === 0 || !Number.isFinite(v)) return 0;
  return Math.max(0, sig - 1 - Math.floor(Math.log10(Math.abs(roundSig(v, sig)))));
}

function trimZeros(text: string): string {
  if (!text.includes('.')) return text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (text.charCodeAt(end - 1) === 46 /* . */) end--;
  return text.slice(0, end);
}

/** Plain text: 0.574, -0.0276, 57.7, 9.54e-7. */
export function formatNumber(v: number, sig = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e-4 && abs < 1e6) {
    // What String(roundSig(v, sig)) prints (the double nearest the rounded decimal prints as that decimal),
    // written from the rounded integer's digits: printing an integer is much cheaper than a fraction.
    const shift = sig - 1 - Math.floor(Math.log10(abs));
    if (shift <= 0 || sig > 15) return String(roundSig(v, sig));
    const digits = String(Math.round(abs * pow10(shift)));
    const whole = digits.length - shift;
    let end = digits.length;
    while (end > Math.max(whole, 0) && digits.charCodeAt(end - 1) === 48 /* 0 */) end--;
    let text: string;
    if (whole <= 0) text = `0.${'0'.repeat(-whole)}${digits.slice(0, end)}`;
    else text = end > whole ? `${digits.slice(0, whole)}.${digits.slice(whole, end)}` : digits.slice(0, whole);
    return v < 0 ? `-${text}` : text;
  }
  const text = v.toExponential(sig - 1);
  const e = text.indexOf('e');
  // The exponent without its plus sign: 9.54e-7, 1.2e6.
  return `${trimZeros(text.slice(0, e))}e${text.charCodeAt(e + 1) === 43 /* + */ ? text.slice(e + 2) : text.slice(e + 1)}`;
}

/** A number with a fixed count of decimals, trailing zeros removed (used for w′ = w − step). */
export function formatFixed(v: number, decimals: number): string {
  const text = trimZeros(v.toFixed(Math.min(20, Math.max(0, decimals))));
  return text === '-0' ? '0' : text;
}

/** LaTeX: 9.54e-7 becomes 9.54 \times 10^{-7}. */
export function latexNumber(text: string): string {
  const e = text.indexOf('e');
  if (e === -1) return text;
  // What /^(-?[\d.]+)e([+-]?\d+)$/ matches, read character by character (every answer shown is written so).
  const start = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  if (e <= start) return text;
  for (let i = start; i < e; i++) if (!isDigit(text.charCodeAt(i)) && text.charCodeAt(i) !== 46 /* . */) return text;
  const sign = text.charCodeAt(e + 1);
  const digits = sign === 43 /* + */ || sign === 45 /* - */ ? e + 2 : e + 1;
  if (digits >= text.length) return text;
  for (let i = digits; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return text;
  return `${text.slice(0, e)} \\times 10^{${Number(text.slice(e + 1))}}`;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
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
  const scaled = shift >= 0 ? v * pow10(shift) : v / pow10(-shift);
  const whole = up ? Math.ceil(scaled) : Math.floor(scaled);
  let rounded = shift >= 0 ? whole / pow10(shift) : whole * pow10(-shift);
  // The scaling itself rounds: step once more inward if the result landed on the wrong side.
  if (up && rounded < v) rounded = shift >= 0 ? (whole + 1) / pow10(shift) : (whole + 1) * pow10(-shift);
  if (!up && rounded > v) rounded = shift >= 0 ? (whole - 1) / pow10(shift) : (whole - 1) * pow10(-shift);
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
