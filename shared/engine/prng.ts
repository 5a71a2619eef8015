/**
 * Seeded pseudo-random numbers (mulberry32). The engine never calls Math.random:
 * the same seed gives the same problem in Node and in every browser.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  /** A value lo + i·step for a random i, i.e. a number with as many decimals as `step`. */
  grid(lo: number, hi: number, step: number): number;
}

export function createRng(seed: number): Rng {
  return new Mulberry32(seed);
}

// A class rather than an object of closures: a problem makes a generator per draw, and under tsx
// (which names every closure it creates) each closure costs a property definition.
class Mulberry32 implements Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  grid(lo: number, hi: number, step: number): number {
    const steps = Math.round((hi - lo) / step);
    // Rounding to 2 decimals removes float noise such as 0.30000000000000004.
    return Math.round((lo + this.int(0, steps) * step) * 100) / 100;
  }
}

/** Mix a parent seed with a label into a child seed (FNV-1a over the label, then a murmur finaliser). */
export function deriveSeed(seed: number, label: string | number): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  const text = String(label);
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Tries a seed, then the next seeds of a fixed sequence, should the engine find no acceptable
 * numbers for one. Rooms and sets both use it, so a set's generated item and a room's generated
 * question with the same seed are the same problem.
 */
export function withFallbackSeeds<T>(seed: number, make: (seed: number) => T): T {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return make(attempt === 0 ? seed : deriveSeed(seed, `retry:${attempt}`));
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
