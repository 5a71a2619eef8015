/**
 * Axes for the loss charts, pure: a linear scale from 0 when the losses are of one order of
 * magnitude, a log scale when they span decades (a diverging team next to a converging one).
 */
export interface Scale {
  kind: 'linear' | 'log';
  /** Tick values, lowest first. */
  ticks: number[];
  /** Where a value sits, 0 (bottom) to 1 (top); values outside the domain are clamped. */
  at(value: number): number;
}

/** Above this ratio of largest to smallest loss, the chart switches to a log scale. */
export const LOG_RATIO = 100;

/** 1, 2 or 5 × 10^k: the smallest such step giving at most `count` intervals up to `max`. */
function niceStep(max: number, count: number): number {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

export function lossScale(values: readonly number[], { allowLog = true, count = 4 }: { allowLog?: boolean; count?: number } = {}): Scale {
  const finite = values.filter((v) => Number.isFinite(v) && v >= 0);
  const max = finite.length > 0 ? Math.max(...finite) : 0;
  const positive = finite.filter((v) => v > 0);
  const min = positive.length > 0 ? Math.min(...positive) : 0;
  if (allowLog && min > 0 && max / min > LOG_RATIO) {
    const lo = Math.floor(Math.log10(min));
    const hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
    const every = Math.ceil((hi - lo) / 6);
    const ticks: number[] = [];
    for (let k = lo; k <= hi; k += every) ticks.push(10 ** k);
    return {
      kind: 'log',
      ticks,
      at: (v) => clamp01((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)),
    };
  }
  const top = max > 0 ? max : 1;
  const step = niceStep(top, count);
  const last = Math.ceil(top / step - 1e-9) * step;
  const ticks = Array.from({ length: Math.round(last / step) + 1 }, (_, i) => roundTick(i * step));
  return { kind: 'linear', ticks, at: (v) => clamp01(v / last) };
}

/** A linear scale over [from, to] for the parameter axis, with ticks at 1, 2 or 5 × 10^k. */
export function paramTicks(from: number, to: number, count = 6): number[] {
  const step = niceStep(to - from, count);
  const ticks: number[] = [];
  for (let v = Math.ceil(from / step) * step; v <= to + 1e-9; v += step) ticks.push(roundTick(v));
  return ticks;
}

function roundTick(v: number): number {
  return Number(v.toPrecision(12));
}

function clamp01(v: number): number {
  return Number.isNaN(v) ? 1 : Math.min(1, Math.max(0, v));
}
