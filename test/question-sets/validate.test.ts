import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROBLEM_KINDS, SEED_NETWORK, type Network } from '../../shared/engine/index.ts';
import { type SetContentInput, type SetItemInput, SET_ISSUE_CODES, SetItemSchema, itemIssues, problemForItem, validateSet } from '../../shared/question-sets/index.ts';

const numeric = (network: Network, asks: string[]): SetItemInput => ({ type: 'numeric', network, asks });
const set = (items: unknown[]): unknown => ({ title: 'Period 3', lang: 'en', items });
const issuesOf = (input: unknown) => {
  const result = validateSet(input);
  if (result.ok) throw new Error('expected the set to be refused');
  return result.issues;
};
const sigmoid = (w: number, b: number) => ({ w, b, activation: 'sigmoid' as const });

describe('validateSet', () => {
  it('accepts a good set and returns it parsed (defaults filled in)', () => {
    const input: SetContentInput = {
      title: 'Worked example',
      lang: 'zh-CN',
      items: [numeric(SEED_NETWORK, ['dL/dw1']), { type: 'generated', kind: 'update', difficulty: 1 }],
    };
    const result = validateSet(input);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.set.description).toBe('');
      expect(result.set.items[0]).toMatchObject({ points: 1, variants: false });
    }
  });

  it('names the item (1-based) and the field path of a format issue, and tells missing from invalid', () => {
    const issues = issuesOf(
      set([
        { type: 'generated', kind: 'forward', difficulty: 1 },
        { type: 'numeric', network: { ...SEED_NETWORK, layers: [{ w: 'x', b: 0.1, activation: 'sigmoid' }] }, asks: ['dL/dw1'] },
        { type: 'numeric', network: { x: 0.5, layers: [sigmoid(0.4, 0.1)], loss: 'mse', lr: 0.01 }, asks: ['y'] },
      ]),
    );
    expect(issues).toContainEqual(expect.objectContaining({ item: 2, field: 'network.layers.0.w', code: 'invalid_value' }));
    expect(issues).toContainEqual(expect.objectContaining({ item: 3, field: 'network.target', code: 'missing' }));
    expect(issues).toHaveLength(2);
  });

  it('refuses a set-level problem with item null, and too many items', () => {
    const items = Array.from({ length: 51 }, () => ({ type: 'generated', kind: 'forward', difficulty: 1 }));
    const issues = issuesOf({ title: '', lang: 'fr', items });
    expect(issues).toContainEqual(expect.objectContaining({ item: null, field: 'title', code: 'invalid_value' }));
    expect(issues).toContainEqual(expect.objectContaining({ item: null, field: 'lang', code: 'invalid_value' }));
    expect(issues).toContainEqual(expect.objectContaining({ item: null, field: 'items', code: 'too_many_items' }));
  });

  it('reports every issue of every item, format and semantics together', () => {
    const issues = issuesOf(
      set([
        numeric(SEED_NETWORK, ['dL/dw2', 'dL/dw1', 'banana']),
        numeric({ ...SEED_NETWORK, loss: 'bce', layers: [{ w: 0.4, b: 0.1, activation: 'tanh' }], target: 1.5 }, ['L']),
        { type: 'choice', question: 'Sign?', choices: [{ text: 'up', correct: false }, { text: 'down', correct: false }] },
        numeric({ ...SEED_NETWORK, layers: [sigmoid(30, 0.1)] }, ['dL/dw1']),
        { type: 'nope' },
      ]),
    );
    const codes = issues.map((i) => [i.item, i.field, i.code]);
    expect(codes).toEqual(
      expect.arrayContaining([
        [1, 'asks.0', 'unknown_quantity'],
        [1, 'asks.2', 'unknown_quantity'],
        [2, 'network.layers.0.activation', 'bce_needs_sigmoid'],
        [2, 'network.target', 'bce_target_range'],
        [3, 'choices', 'no_right_choice'],
        [4, 'network.layers.0', 'saturated'],
        [5, 'type', 'invalid_value'],
      ]),
    );
    expect(issues).toHaveLength(7);
    for (const issue of issues) expect(SET_ISSUE_CODES).toContain(issue.code);
  });

  it('accepts the vocabulary spellings of a quantity for the depth, and refuses one the depth lacks', () => {
    const deep: Network = { ...SEED_NETWORK, layers: [sigmoid(0.4, 0.1), sigmoid(-0.6, 0.2)] };
    expect(validateSet(set([numeric(deep, ['dL/da2', 'a2', 'dz2/da1', "w1'", 'dL/dw1'])])).ok).toBe(true);
    expect(validateSet(set([numeric(SEED_NETWORK, ['dL/da1', 'a1', 'w’', 'dy/dz'])])).ok).toBe(true);
    expect(issuesOf(set([numeric(SEED_NETWORK, ['dz2/da1'])]))).toEqual([expect.objectContaining({ item: 1, field: 'asks.0', code: 'unknown_quantity' })]);
    expect(issuesOf(set([numeric(deep, ['dL/dw'])]))).toEqual([expect.objectContaining({ item: 1, field: 'asks.0', code: 'unknown_quantity' })]);
  });

  it('refuses a quantity asked twice, however it is spelt', () => {
    expect(issuesOf(set([numeric(SEED_NETWORK, ['dL/dw', 'dL/dy', 'dL/dw1'])]))).toEqual([
      expect.objectContaining({ item: 1, field: 'asks.2', code: 'invalid_value' }),
    ]);
    // and the network's own issues are still found
    const saturated = { ...SEED_NETWORK, layers: [sigmoid(30, 0.1)] };
    expect(issuesOf(set([numeric(saturated, ["w'", "w1'"])])).map((i) => i.code)).toEqual(['invalid_value', 'saturated']);
  });

  it('finds a saturated layer deep in the network', () => {
    const deep: Network = { ...SEED_NETWORK, layers: [sigmoid(0.4, 0.1), { w: 3, b: 11, activation: 'tanh' }, sigmoid(0.5, 0)] };
    expect(issuesOf(set([numeric(deep, ['dL/dw1'])]))).toEqual([expect.objectContaining({ item: 1, field: 'network.layers.1', code: 'saturated' })]);
  });

  it('refuses an undefined problem: cross-entropy with y = 0, or a y that rounds to 1', () => {
    // z = −800: y is 0 in floating point, ln y is −∞.
    const zero = issuesOf(set([numeric({ ...SEED_NETWORK, loss: 'bce', target: 1, x: 1, layers: [sigmoid(-800, 0)] }, ['dL/dw1'])]));
    expect(zero.map((i) => i.code)).toEqual(expect.arrayContaining(['saturated', 'undefined_value']));
    // z = 9: y ≈ 0.99988, written 1.00 with 3 figures: 1/(y(1 − y)) has no bound.
    const rounded = issuesOf(set([numeric({ ...SEED_NETWORK, loss: 'bce', target: 0, x: 1, layers: [sigmoid(4, 5)] }, ['dL/dy'])]));
    expect(rounded).toEqual([expect.objectContaining({ item: 1, field: 'asks.0', code: 'undefined_value' })]);
  });

  it('refuses two choices that say the same', () => {
    const issues = issuesOf(
      set([{ type: 'choice', question: 'Which?', choices: [{ text: 'It grows', correct: true }, { text: 'It shrinks', correct: false }, { text: ' it  GROWS ', correct: false }] }]),
    );
    expect(issues).toEqual([expect.objectContaining({ item: 1, field: 'choices.2.text', code: 'duplicate_choice' })]);
  });

  it('refuses input that is not a set at all', () => {
    for (const input of [null, 5, 'set', [], {}]) expect(validateSet(input).ok).toBe(false);
    expect(issuesOf(undefined)).toEqual([expect.objectContaining({ item: null, field: '', code: 'missing' })]);
  });
});

describe('itemIssues', () => {
  it("checks one parsed item as the editor has it, numbered from the item's index", () => {
    const parsed = SetItemSchema.parse(numeric({ ...SEED_NETWORK, loss: 'bce' }, ['dL/dw1']));
    expect(itemIssues(parsed, 0)).toEqual([]);
    const bad = SetItemSchema.parse(numeric({ ...SEED_NETWORK, loss: 'bce', layers: [{ w: 0.4, b: 0.1, activation: 'relu' }] }, ['dL/dw3']));
    expect(itemIssues(bad, 4).map((i) => [i.item, i.code])).toEqual([
      [5, 'unknown_quantity'],
      [5, 'bce_needs_sigmoid'],
    ]);
  });
});

// Inputs near the real shape, so the property reaches the engine's checks and not only zod's.
const number = fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -3, max: 3 }), fc.constantFrom(0, 0.5, -0.4, 0.1, 1e308, 40));
const layer = fc.record({ w: number, b: number, activation: fc.constantFrom('sigmoid', 'tanh', 'relu', 'linear', 'softmax') }, { requiredKeys: [] });
const network = fc.record(
  { x: number, layers: fc.array(layer, { maxLength: 4 }), loss: fc.constantFrom('mse', 'bce', 'l1'), target: number, lr: number },
  { requiredKeys: [] },
);
const keys = fc.constantFrom('z1', 'y', 'L', 'dL/dy', 'dL/dw1', 'dL/db2', "w1'", "b3'", 'dz2/da1', 'dL/dw', 'da1/dz1', 'nope');
const anyItem = fc.oneof(
  fc.record({ type: fc.constant('numeric'), network, asks: fc.array(keys, { maxLength: 4 }), note: fc.string(), variants: fc.boolean() }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('generated'), kind: fc.constantFrom('forward', 'vanishing', 'direction', 'bogus'), difficulty: fc.integer({ min: 0, max: 4 }), seed: fc.integer() }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('choice'), question: fc.string(), choices: fc.array(fc.record({ text: fc.string(), correct: fc.boolean() }), { maxLength: 7 }) }, { requiredKeys: ['type'] }),
  fc.jsonValue(),
);
// And items that are mostly right, so that many sets pass and their problems get made.
const small = fc.integer({ min: -30, max: 30 }).map((i) => i / 10);
const nearItem = fc.oneof(
  fc.record({
    type: fc.constant('numeric'),
    network: fc.record({
      x: small,
      layers: fc.array(fc.record({ w: small, b: small, activation: fc.constantFrom('sigmoid', 'tanh', 'relu', 'linear') }), { minLength: 1, maxLength: 3 }),
      loss: fc.constantFrom('mse', 'mse', 'bce'),
      target: fc.integer({ min: 0, max: 10 }).map((i) => i / 10),
      lr: fc.constantFrom(0.01, 0.1, 0.5),
    }),
    asks: fc.array(keys, { minLength: 1, maxLength: 4 }),
    variants: fc.boolean(),
  }),
  fc.record({ type: fc.constant('generated'), kind: fc.constantFrom(...PROBLEM_KINDS), difficulty: fc.constantFrom(1, 2, 3), seed: fc.option(fc.nat(), { nil: undefined }) }, { requiredKeys: ['type', 'kind', 'difficulty'] }),
  fc.record({
    type: fc.constant('choice'),
    question: fc.string({ minLength: 1 }),
    choices: fc.array(fc.record({ text: fc.string({ minLength: 1, maxLength: 20 }), correct: fc.boolean() }), { minLength: 2, maxLength: 6 }),
  }),
);
const anySet = fc.oneof(
  fc.jsonValue(),
  fc.record({ title: fc.string(), lang: fc.constantFrom('en', 'zh-CN', 'de'), items: fc.array(anyItem, { maxLength: 5 }) }, { requiredKeys: [] }),
  fc.record({ title: fc.constant('Period 4'), lang: fc.constantFrom('en', 'zh-CN'), items: fc.array(nearItem, { minLength: 1, maxLength: 4 }) }),
);

describe('validateSet on arbitrary input', () => {
  it('never throws, and a valid set makes a problem of every item, for every team', () => {
    let valid = 0;
    fc.assert(
      fc.property(anySet, fc.integer({ min: 0, max: 0xffffffff }), (input, seed) => {
        const result = validateSet(input);
        if (!result.ok) {
          expect(result.issues.length).toBeGreaterThan(0);
          return;
        }
        valid++;
        for (const item of result.set.items) {
          problemForItem(item, { seed });
          problemForItem(item, { seed, variant: 'team-2' });
        }
      }),
      { numRuns: 400 },
    );
    expect(valid).toBeGreaterThan(20);
  });
});
