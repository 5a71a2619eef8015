/**
 * Clock and summary statistics shared by the load benchmark's processes.
 *
 * Every process of a run (orchestrator, server under test, bot workers) lives on one machine, so
 * `performance.timeOrigin + performance.now()` gives each of them the same wall clock with
 * sub-millisecond resolution: a server send time and a bot receive time can be subtracted.
 */

/** Epoch milliseconds with sub-millisecond resolution, comparable across processes of one machine. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

export interface Summary {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
}

/** Nearest-rank percentile of sorted values (`q` in 0..100). */
export function percentileOfSorted(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((q / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { count: 0, p50: null, p95: null, p99: null, max: null, mean: null };
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const asArray = Array.from(sorted);
  return {
    count: sorted.length,
    p50: percentileOfSorted(asArray, 50),
    p95: percentileOfSorted(asArray, 95),
    p99: percentileOfSorted(asArray, 99),
    max: sorted[sorted.length - 1]!,
    mean: sum / sorted.length,
  };
}

/** Adds `n` to `counts[key]`. */
export function bump(counts: Record<string, number>, key: string, n = 1): void {
  counts[key] = (counts[key] ?? 0) + n;
}

export function mergeCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, n] of Object.entries(from)) bump(into, key, n);
}

/** Deterministic 32-bit hash of integers, so a bot's behaviour in a round is reproducible run to run. */
export function hashInts(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const v of values) {
    h ^= v & 0xffff;
    h = Math.imul(h, 0x01000193);
    h ^= v >>> 16;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

/** A number in [0, 1) from the same inputs as `hashInts`. */
export function unitHash(...values: number[]): number {
  return hashInts(...values) / 2 ** 32;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The start of a Socket.IO EVENT packet as it travels (`2["room:phase",{"phase":"reveal",…`): the
 * event's name, and a phase frame's phase.
 */
export const EVENT_PACKET = /^2\["([^"]+)",(?:\{"phase":"([a-z]+)")?/;
