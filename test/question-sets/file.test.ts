import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROBLEM_KINDS, SEED_NETWORK } from '../../shared/engine/index.ts';
import {
  SET_FILE_FORMAT,
  SET_FILE_VERSION,
  type SetContent,
  parseSetFile,
  problemForItem,
  setFile,
  validateSet,
} from '../../shared/question-sets/index.ts';

const content = (): SetContent => {
  const result = validateSet({
    title: 'Period 3',
    lang: 'en',
    items: [
      { type: 'numeric', network: SEED_NETWORK, asks: ['dL/dw1'], note: 'p. 42', timeLimitSec: null, points: 2 },
      { type: 'generated', kind: 'update', difficulty: 1, seed: 5 },
    ],
  });
  if (!result.ok) throw new Error('fixture must be valid');
  return result.set;
};

describe('the export file', () => {
  it('wraps the set in the format name and version', () => {
    const set = content();
    expect(setFile(set)).toEqual({ format: SET_FILE_FORMAT, version: SET_FILE_VERSION, set });
  });

  it('reads back what it wrote', () => {
    const set = content();
    expect(parseSetFile(JSON.parse(JSON.stringify(setFile(set))))).toEqual({ ok: true, set });
  });

  it('refuses a file of another format or version with unknown_format, and nothing else', () => {
    const set = content();
    for (const file of [
      { format: 'kahoot', version: 1, set },
      { format: SET_FILE_FORMAT, version: 2, set },
      { set },
      [],
      'hello',
      null,
    ]) {
      const result = parseSetFile(file);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.issues).toEqual([expect.objectContaining({ item: null, code: 'unknown_format' })]);
    }
  });

  it("names the set's issues, with items numbered as in the file", () => {
    const result = parseSetFile({
      format: SET_FILE_FORMAT,
      version: SET_FILE_VERSION,
      set: { title: 'T', lang: 'en', items: [{ type: 'generated', kind: 'forward', difficulty: 1 }, { type: 'numeric', network: SEED_NETWORK, asks: ['dL/dw9'] }] },
    });
    expect(result).toEqual({ ok: false, issues: [expect.objectContaining({ item: 2, field: 'asks.0', code: 'unknown_quantity' })] });
    const missing = parseSetFile({ format: SET_FILE_FORMAT, version: SET_FILE_VERSION });
    expect(missing).toEqual({ ok: false, issues: [expect.objectContaining({ item: null, field: 'set', code: 'missing' })] });
  });
});

const text = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0).map((s) => s.trim());
const small = fc.integer({ min: -20, max: 20 }).map((i) => i / 10);
const settings = { timeLimitSec: fc.option(fc.integer({ min: 5, max: 3600 }), { nil: undefined }), points: fc.constantFrom(0, 1, 2) };
const item = fc.oneof(
  fc.record({ type: fc.constant('generated'), kind: fc.constantFrom(...PROBLEM_KINDS), difficulty: fc.constantFrom(1, 2, 3), seed: fc.option(fc.nat(), { nil: undefined }), ...settings }, { requiredKeys: ['type', 'kind', 'difficulty'] }),
  fc.record({
    type: fc.constant('numeric'),
    network: fc.record({
      x: small,
      layers: fc.array(fc.record({ w: small, b: small, activation: fc.constantFrom('sigmoid', 'tanh', 'relu', 'linear') }), { minLength: 1, maxLength: 3 }),
      loss: fc.constant('mse'),
      target: fc.integer({ min: 0, max: 10 }).map((i) => i / 10),
      lr: fc.constantFrom(0.01, 0.1),
    }),
    asks: fc.constantFrom(['dL/dw1'], ['y'], ["w1'"], ['L', 'dL/dy'], ['dL/db1', "b1'"]),
    note: fc.option(text, { nil: undefined }),
    variants: fc.boolean(),
    timeLimitSec: fc.option(fc.constantFrom(null, 30, 90), { nil: undefined }),
    points: fc.constantFrom(0, 1, 2),
  }, { requiredKeys: ['type', 'network', 'asks'] }),
  fc.record({
    type: fc.constant('choice'),
    question: text,
    choices: fc.uniqueArray(text, { minLength: 2, maxLength: 6, selector: (t) => t.toLowerCase() }).chain((texts) =>
      fc.array(fc.boolean(), { minLength: texts.length, maxLength: texts.length }).map((right) => texts.map((t, i) => ({ text: t, correct: right[i]! || i === 0 }))),
    ),
    explanation: fc.option(text, { nil: undefined }),
    ...settings,
  }, { requiredKeys: ['type', 'question', 'choices'] }),
);
const validSet = fc
  .record({ title: text, lang: fc.constantFrom('en', 'zh-CN'), description: fc.string({ maxLength: 40 }), items: fc.array(item, { minLength: 1, maxLength: 6 }) })
  .map((input) => validateSet(input))
  .filter((result): result is { ok: true; set: SetContent } => result.ok)
  .map((result) => result.set);

describe('export → JSON → import', () => {
  it('gives the identical set and identical problems for every item, seed and team', () => {
    fc.assert(
      fc.property(validSet, fc.nat(), (set, seed) => {
        const back = parseSetFile(JSON.parse(JSON.stringify(setFile(set))));
        expect(back).toEqual({ ok: true, set });
        if (!back.ok) return;
        set.items.forEach((item, i) => {
          expect(problemForItem(back.set.items[i]!, { seed })).toEqual(problemForItem(item, { seed }));
          expect(problemForItem(back.set.items[i]!, { seed, variant: 't1' })).toEqual(problemForItem(item, { seed, variant: 't1' }));
        });
      }),
      { numRuns: 100 },
    );
  });
});
