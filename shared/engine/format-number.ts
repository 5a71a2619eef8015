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
