import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanDisplayText, graphemeCount, normaliseNickname, suggestNickname } from '../../server/room/nickname.ts';

describe('nicknames', () => {
  it('welcomes Chinese, emoji and accents, counting what a reader sees as one character', () => {
    expect(normaliseNickname('反向传播小能手')).toMatchObject({ ok: true, name: '反向传播小能手' });
    expect(normaliseNickname('Zoë 🚀')).toMatchObject({ ok: true, name: 'Zoë 🚀' });
    expect(normaliseNickname('一二三四五六七八九十一二三四五六七八九十')).toMatchObject({ ok: true });
    expect(normaliseNickname('一二三四五六七八九十一二三四五六七八九十一')).toEqual({ ok: false, reason: 'too-long' });
    expect(graphemeCount('👩‍🔬x')).toBe(2);
    expect(normaliseNickname('👩‍🔬 Lab')).toMatchObject({ ok: true, name: '👩‍🔬 Lab' });
    expect(normaliseNickname('A\u200dB')).toMatchObject({ ok: true, name: 'AB' });
  });

  it('applies NFKC: full-width letters and digits become plain ones', () => {
    expect(normaliseNickname('Ｌｉ　Ｌｅｉ１')).toMatchObject({ ok: true, name: 'Li Lei1' });
  });

  it('removes control and invisible characters and collapses spaces', () => {
    expect(normaliseNickname('  Ada\u0000\u0007\u200b\u202e  Lovelace\n')).toMatchObject({ ok: true, name: 'Ada Lovelace' });
    expect(normaliseNickname('\u200b\u200d\t')).toEqual({ ok: false, reason: 'empty' });
    expect(normaliseNickname('')).toEqual({ ok: false, reason: 'empty' });
  });

  it('removes stacked combining marks beyond two on one letter', () => {
    const zalgo = 'Z\u0301\u0302\u0303\u0304\u0305\u0306a\u0307';
    const result = normaliseNickname(zalgo);
    expect(result.ok).toBe(true);
    if (result.ok) expect([...result.name.normalize('NFD')].filter((c) => /\p{M}/u.test(c)).length).toBe(3);
    expect(normaliseNickname('\u0301\u0301')).toEqual({ ok: false, reason: 'empty' });
  });

  it('refuses or cleans what tries to break a layout: direction controls, invisible letters, endless clusters, giant glyphs', () => {
    // Bidi overrides, embeddings and isolates are removed, so a name cannot flip the roster around it.
    expect(normaliseNickname('\u202eAda\u202c \u2067Bo\u2069 \u200fCy\u200e')).toMatchObject({ ok: true, name: 'Ada Bo Cy' });
    // Runs of zero-width characters and "blank" letters (Hangul fillers, braille blank) draw nothing.
    expect(normaliseNickname('\u200b\u200c\u2060\ufeff'.repeat(10))).toEqual({ ok: false, reason: 'empty' });
    expect(normaliseNickname('\u3164\u115f\u1160\u2800')).toEqual({ ok: false, reason: 'empty' });
    expect(normaliseNickname('\u3164Ada\u2800')).toMatchObject({ ok: true, name: 'Ada' });
    // One "character" built from dozens of code points (a jamo run, a chain of joined emoji) is refused.
    expect(normaliseNickname('ᄀ'.repeat(40))).toEqual({ ok: false, reason: 'too-complex' });
    expect(normaliseNickname(`👩${'\u200d👩'.repeat(12)}`)).toEqual({ ok: false, reason: 'too-complex' });
    expect(normaliseNickname('\ufdfd')).toEqual({ ok: false, reason: 'too-complex' });
    // Real emoji sequences and conjuncts stay.
    expect(normaliseNickname('👩🏻‍❤️‍💋‍👨🏼 🧑🏻‍🤝‍🧑🏼')).toMatchObject({ ok: true, name: '👩🏻‍❤️‍💋‍👨🏼 🧑🏻‍🤝‍🧑🏼' });
    expect(normaliseNickname('क्षत्रिय')).toMatchObject({ ok: true });
    expect(normaliseNickname('❤️ Ada')).toMatchObject({ ok: true, name: '❤️ Ada' });
  });

  it('cleans titles and team names the same way, keeping their punctuation', () => {
    expect(cleanDisplayText('  Period\n3,\t"B" \u202e ')).toBe('Period 3, "B"');
    expect(cleanDisplayText('\u200b\u3164')).toBe('');
  });

  it('treats names differing only by case or spacing as the same, and suggests a free one', () => {
    const a = normaliseNickname('Tom Li');
    const b = normaliseNickname('tomli');
    expect(a.ok && b.ok && a.key === b.key).toBe(true);
    const taken = new Set(['小明', '小明2']);
    expect(suggestNickname('小明', (k) => taken.has(k))).toBe('小明3');
    const long = 'x'.repeat(20);
    expect(suggestNickname(long, (k) => k === long)).toBe(`${'x'.repeat(19)}2`);
  });
});

describe('nicknames of plain ASCII (the short way)', () => {
  it('cleans and counts them as the full rules would: NFKC, spaces folded, one grapheme per character', () => {
    const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });
    const ascii = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 30 });
    fc.assert(
      fc.property(ascii, (raw) => {
        expect(cleanDisplayText(raw)).toBe(raw.normalize('NFKC').replace(/[\s\p{Z}]+/gu, ' ').trim());
        expect(graphemeCount(raw)).toBe([...segmenter.segment(raw)].length);
        // A zero-width space (removed by the full rules) sends the same text down the full path: same result.
        expect(cleanDisplayText(`${raw}\u200b`)).toBe(cleanDisplayText(raw));
        expect(normaliseNickname(`\u200b${raw}`)).toEqual(normaliseNickname(raw));
      }),
      { numRuns: 2000 },
    );
  });
});
