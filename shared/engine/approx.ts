/**
 * Midpoint-radius arithmetic for grading tolerance: `v` is the exact value, `e` a
 * bound on how far an honest student's value may be from it after rounding the
 * intermediate results of the worked procedure (first-order interval arithmetic).
 */
export interface Approx {
  readonly v: number;
  readonly e: number;
}

export const exact = (v: number): Approx => ({ v, e: 0 });

export const add = (a: Approx, b: Approx): Approx => ({ v: a.v + b.v, e: a.e + b.e });

export const sub = (a: Approx, b: Approx): Approx => ({ v: a.v - b.v, e: a.e + b.e });

export const mul = (a: Approx, b: Approx): Approx => ({
  v: a.v * b.v,
  e: Math.abs(a.v) * b.e + Math.abs(b.v) * a.e + a.e * b.e,
});

export const scale = (a: Approx, k: number): Approx => ({ v: a.v * k, e: a.e * Math.abs(k) });

export function div(a: Approx, b: Approx): Approx {
  const denominator = Math.abs(b.v);
  if (denominator <= b.e) return { v: a.v / b.v, e: Infinity };
  return { v: a.v / b.v, e: (Math.abs(a.v) * b.e + denominator * a.e) / (denominator * (denominator - b.e)) };
}

/** A monotone function: the error bound is the larger move of f across [v − e, v + e]. */
export function monotone(a: Approx, f: (x: number) => number): Approx {
  const v = f(a.v);
  if (a.e === 0) return { v, e: 0 };
  const e = Math.max(Math.abs(f(a.v + a.e) - v), Math.abs(f(a.v - a.e) - v));
  return { v, e: Number.isNaN(e) ? Infinity : e };
}

/** The student writes the intermediate down with 3 significant figures, as the source text does. */
export const INTERMEDIATE_SIG = 3;
/** The final answer is accepted with 2 significant figures (the text rounds dL/dw to −0.027). */
export const FINAL_SIG = 2;
