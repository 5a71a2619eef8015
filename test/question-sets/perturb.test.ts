import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEED_NETWORK, type Network, makeProblem } from '../../shared/engine/index.ts';
import { isGradable, isReasonable } from '../../shared/engine/generate-problem.ts';
import { contextFor } from '../../shared/engine/quantity-problem.ts';
import { type NumericItem, SetItemSchema, itemAsks, itemIssues, perturbNetwork, problemForItem } from '../../shared/question-sets/index.ts';

const values = (n: Network) => [n.x, n.target, ...n.layers.flatMap((l) => [l.w, l.b])];

/** The teacher's values, moved as the rule says: same sign, 10–30 % (a little more or less after rounding). */
function expectMovedByRule(original: Network, variant: Network) {
  expect(variant.layers.map((l) => l.activation)).toEqual(original.layers.map((l) => l.activation));
  expect([variant.loss, variant.lr]).toEqual([original.loss, original.lr]);
  const before = values(original);
  const after = values(variant);
  after.forEach((v, i) => {
    const o = before[i]!;
    if (o === 0) return expect(v).toBe(0);
    expect(Math.sign(v)).toBe(Math.sign(o));
    if (v === o) return; // a cross-entropy label (0 or 1) stays
    const ratio = Math.abs(v / o - 1);
    expect(ratio).toBeGreaterThanOrEqual(0.05);
    expect(ratio).toBeLessThanOrEqual(0.35);
  });
}

describe('team variants of the source example', () => {
  const asks = ['dL/dw1'];

  it('moves every value within its sign and keeps the problem reasonable and gradable', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 200; seed++) {
      const variant = perturbNetwork(SEED_NETWORK, seed, asks);
      expectMovedByRule(SEED_NETWORK, variant);
      expect(values(variant).every((v, i) => v !== values(SEED_NETWORK)[i])).toBe(true);
      expect(isReasonable(contextFor(variant))).toBe(true);
      const problem = makeProblem({ network: variant, asks: 'dL/dw1' });
      expect(problem.grading.type === 'numeric' && isGradable(problem.grading)).toBe(true);
      seen.add(JSON.stringify(variant));
    }
    expect(seen.size).toBeGreaterThan(150);
  });

  it('rounds to the decimals the teacher used, or two significant figures', () => {
    const variant = perturbNetwork({ ...SEED_NETWORK, x: 2, layers: [{ w: 0.25, b: -1.5, activation: 'sigmoid' }] }, 11, asks);
    for (const v of values(variant)) expect(Math.round(v * 100) / 100).toBe(v);
    expect(Math.round(variant.x * 10) / 10).toBe(variant.x);
  });

  it('is deterministic', () => {
    expect(perturbNetwork(SEED_NETWORK, 123, asks)).toEqual(perturbNetwork(SEED_NETWORK, 123, asks));
    expect(perturbNetwork(SEED_NETWORK, 123, asks)).not.toEqual(perturbNetwork(SEED_NETWORK, 124, asks));
  });

  it("keeps cross-entropy's class label", () => {
    const bce: Network = { ...SEED_NETWORK, loss: 'bce', target: 1 };
    for (let seed = 0; seed < 20; seed++) expect(perturbNetwork(bce, seed, asks).target).toBe(1);
  });

  it('ends for any finite value, however small or large', () => {
    for (const v of [5e-324, 1e-320, 1e-200, 1e200, Number.MAX_VALUE]) {
      const variant = perturbNetwork({ ...SEED_NETWORK, x: v }, 3, asks);
      expect(Number.isFinite(variant.x)).toBe(true);
      expect(Math.sign(variant.x)).toBe(1);
    }
  });

  it('keeps a zero at zero', () => {
    const variant = perturbNetwork({ ...SEED_NETWORK, layers: [{ w: 0.4, b: 0, activation: 'sigmoid' }] }, 1, asks);
    expect(variant.layers[0]!.b).toBe(0);
    expect(variant.x).not.toBe(SEED_NETWORK.x);
  });

  it("falls back to the teacher's own numbers when no draw is as playable as they are", () => {
    // At z = 4 the source's limit for a reasonable sigmoid is just met; x·w at its largest is pushed
    // past it by most draws, yet some draws stay below: the result must be reasonable either way.
    const edge: Network = { ...SEED_NETWORK, x: 1, layers: [{ w: 3.9, b: 0.1, activation: 'sigmoid' }], target: 0.5 };
    for (let seed = 0; seed < 20; seed++) expect(isReasonable(contextFor(perturbNetwork(edge, seed, asks)))).toBe(true);
    // A network that cannot be played at all is returned as it is.
    const saturated: Network = { ...SEED_NETWORK, layers: [{ w: 40, b: 0, activation: 'sigmoid' }] };
    expect(perturbNetwork(saturated, 1, asks)).toEqual(saturated);
  });
});

const small = fc.integer({ min: -25, max: 25 }).map((i) => i / 10);
const candidate = fc.record({
  type: fc.constant('numeric' as const),
  network: fc.record({
    x: small,
    layers: fc.array(fc.record({ w: small, b: small, activation: fc.constantFrom('sigmoid', 'tanh', 'relu', 'linear') }), { minLength: 1, maxLength: 3 }),
    loss: fc.constantFrom('mse', 'bce'),
    target: fc.integer({ min: 0, max: 10 }).map((i) => i / 10),
    lr: fc.constantFrom(0.01, 0.1),
  }),
  asks: fc.constantFrom(['dL/dw1'], ['y'], ["w1'"], ['L', 'dL/dy'], ['dL/dy', 'da1/dz1', 'dz1/dw1', 'dL/dw1', "w1'"], ['dL/db1']),
  variants: fc.constant(true),
});
const playable = candidate
  .map((input) => SetItemSchema.parse(input) as NumericItem)
  .filter((item) => itemIssues(item, 0).length === 0);

describe('team variants of any playable network', () => {
  it('keep kind, asks, shape and format; move the values; stay playable; are deterministic', () => {
    fc.assert(
      fc.property(playable, fc.nat(), fc.string({ minLength: 1, maxLength: 8 }), (item, seed, team) => {
        const own = problemForItem(item, { seed });
        const variant = problemForItem(item, { seed, variant: team });
        expect(problemForItem(item, { seed, variant: team })).toEqual(variant);
        expect(variant.kind).toBe(own.kind);
        expect(variant.asks).toBe(own.asks);
        expect(variant.format).toBe(own.format);
        expect(variant.steps?.map((s) => s.asks)).toEqual(own.steps?.map((s) => s.asks));
        expect(variant.network!.layers.length).toBe(item.network.layers.length);
        expectMovedByRule(item.network, variant.network!);
        const moved = values(variant.network!).some((v, i) => v !== values(item.network)[i]);
        const movable = values(item.network).some((v) => v !== 0);
        // Only the fallback (no playable draw in 100) keeps every value; a network with only zeros cannot move.
        if (movable && !moved) expect(variant.network).toEqual(item.network);
        const asVariant = { ...item, network: variant.network!, asks: itemAsks(item) };
        expect(itemIssues(asVariant, 0)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
