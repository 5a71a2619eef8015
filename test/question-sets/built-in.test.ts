import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { LANGS, SEED_NETWORK, gradeAnswer, renderText } from '../../shared/engine/index.ts';
import { BUILT_IN_SETS, type SetItem, SetSnapshotSchema, problemForItem, validateSet } from '../../shared/question-sets/index.ts';
import { asciiMarksAgainstChinese } from '../client/chinese-punctuation.ts';

const NAMES = ['worked-example', 'one-neuron', 'deeper-chains', 'vanishing-exploding'];

/** An item without its words: what must be the same in both languages. */
function shape(item: SetItem): unknown {
  switch (item.type) {
    case 'choice':
      return { ...item, question: null, explanation: item.explanation !== undefined, choices: item.choices.map((c) => c.correct) };
    case 'numeric':
      return { ...item, note: item.note !== undefined };
    default:
      return item;
  }
}

function texts(item: SetItem): string[] {
  if (item.type === 'choice') return [item.question, ...item.choices.map((c) => c.text), item.explanation ?? ''];
  if (item.type === 'numeric') return [item.note ?? ''];
  return [];
}

describe('the built-in sets', () => {
  it('are the four sets, each in zh-CN and en, with ids builtin:<name>:<lang>', () => {
    expect(BUILT_IN_SETS.map((s) => s.id)).toEqual(NAMES.flatMap((name) => LANGS.map((lang) => `builtin:${name}:${lang}`)));
    for (const set of BUILT_IN_SETS) {
      expect(set.id!.endsWith(`:${set.lang}`)).toBe(true);
      expect(SetSnapshotSchema.parse(set)).toEqual(set);
    }
  });

  it('validate, and every item makes a problem for any seed and team', () => {
    for (const { id, ...content } of BUILT_IN_SETS) {
      const result = validateSet(content);
      expect(result, id!).toEqual({ ok: true, set: content });
      content.items.forEach((item, i) => {
        for (const seed of [0, 1, 2026]) {
          expect(() => problemForItem(item, { seed }), `${id} item ${i + 1}`).not.toThrow();
          expect(() => problemForItem(item, { seed, variant: 'team-2' }), `${id} item ${i + 1}`).not.toThrow();
        }
      });
    }
  });

  it('have the same items in both languages, only the words differ', () => {
    for (const name of NAMES) {
      const [zh, en] = LANGS.map((lang) => BUILT_IN_SETS.find((s) => s.id === `builtin:${name}:${lang}`)!);
      expect(zh!.items.map(shape), name).toEqual(en!.items.map(shape));
      expect(zh!.title).not.toBe(en!.title);
      zh!.items.forEach((item, i) => {
        const zhTexts = texts(item);
        const enTexts = texts(en!.items[i]!);
        zhTexts.forEach((t, j) => {
          if (t !== '') expect(t, `${name} item ${i + 1}`).not.toBe(enTexts[j]);
        });
      });
    }
  });

  it('write Chinese with Chinese punctuation', () => {
    const wrong: string[] = [];
    for (const set of BUILT_IN_SETS.filter((s) => s.lang === 'zh-CN')) {
      for (const text of [set.title, set.description, ...set.items.flatMap(texts)]) {
        for (const hit of asciiMarksAgainstChinese(text)) wrong.push(`${set.id}: ${hit}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("write LaTeX that KaTeX renders, in every text and every problem's worked solution", () => {
    const failures: string[] = [];
    const render = (tex: string, where: string) => {
      try {
        katex.renderToString(tex, { throwOnError: true });
      } catch (error) {
        failures.push(`${where}: ${tex}: ${(error as Error).message}`);
      }
    };
    for (const set of BUILT_IN_SETS) {
      set.items.forEach((item, i) => {
        for (const text of texts(item)) for (const [, tex] of text.matchAll(/\$([^$]*)\$/g)) render(tex!, `${set.id} item ${i + 1}`);
        const problem = problemForItem(item, { seed: 1 });
        for (const line of problem.solution) render(line.symbol, `${set.id} item ${i + 1} solution`);
      });
    }
    expect(failures).toEqual([]);
  });

  it('start with the source example: forward, the chain to dL/dw, w′ (−0.027 and 0.40027 right) and b′', () => {
    const set = BUILT_IN_SETS.find((s) => s.id === 'builtin:worked-example:en')!;
    const numeric = set.items.filter((i) => i.type === 'numeric');
    for (const item of numeric) expect(item.network).toEqual(SEED_NETWORK);
    expect(numeric.map((i) => i.asks)).toEqual([['z1', 'y', 'L'], ['dL/dy', 'da1/dz1', 'dz1/dw1', 'dL/dw1'], ["w1'"], ["b1'"]]);
    const chain = problemForItem(numeric[1]!, { seed: 1 });
    expect(gradeAnswer(chain, '-0.027', { step: 3 }).status).toBe('correct');
    expect(gradeAnswer(problemForItem(numeric[2]!, { seed: 1 }), '0.40027').status).toBe('correct');
    expect(renderText(problemForItem(numeric[2]!, { seed: 1 }).note!, 'en')).toContain('0.40027');
  });

  it('mix generated and authored items, and ask the qualitative questions as multiple choice', () => {
    const types = (name: string) => new Set(BUILT_IN_SETS.find((s) => s.id === `builtin:${name}:en`)!.items.map((i) => i.type));
    expect(types('one-neuron')).toEqual(new Set(['generated', 'numeric']));
    expect(types('deeper-chains')).toEqual(new Set(['generated', 'numeric']));
    expect(types('vanishing-exploding')).toEqual(new Set(['generated', 'choice']));
    const vanishing = BUILT_IN_SETS.find((s) => s.id === 'builtin:vanishing-exploding:en')!;
    expect(vanishing.items.filter((i) => i.type === 'generated').every((i) => i.kind === 'vanishing' || i.kind === 'direction')).toBe(true);
    const deeper = BUILT_IN_SETS.find((s) => s.id === 'builtin:deeper-chains:en')!;
    for (const item of deeper.items) if (item.type === 'numeric') expect(item.network.layers.length).toBeGreaterThanOrEqual(2);
    const one = BUILT_IN_SETS.find((s) => s.id === 'builtin:one-neuron:en')!;
    for (const item of one.items) {
      if (item.type === 'numeric') expect(item.network.layers).toHaveLength(1);
      if (item.type === 'generated') expect(item.difficulty).toBe(1);
    }
  });
});
