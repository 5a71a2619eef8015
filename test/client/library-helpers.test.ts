/**
 * The library's pure helpers: its search (case- and accent-insensitive, Chinese as typed) and the
 * host set-up's "save these settings as a set", which must plan the very questions a room plays.
 */
import { describe, expect, it } from 'vitest';
import { matchesSearch } from '../../client/library/set-search.ts';
import { setFromSetup } from '../../client/pages/host/setup-config.ts';
import { defaultSetup, toRoomConfig } from '../../client/pages/host/setup-config.ts';
import { planQuestions } from '../../server/room/room-state.ts';
import { RoomConfigSchema } from '../../shared/protocol/index.ts';
import { SetContentSchema } from '../../shared/question-sets/schema.ts';

describe('the library search', () => {
  const set = { title: 'Réseaux profonds: Vanishing', description: '梯度消失与爆炸，第 42 页' };

  it('finds a set by title or description, whatever the case and accents', () => {
    expect(matchesSearch(set, 'reseaux')).toBe(true);
    expect(matchesSearch(set, 'VANISH')).toBe(true);
    expect(matchesSearch(set, '  profonds  ')).toBe(true);
    expect(matchesSearch(set, '梯度消失')).toBe(true);
    expect(matchesSearch(set, '第 42')).toBe(true);
    expect(matchesSearch(set, 'exploding')).toBe(false);
    expect(matchesSearch(set, '爆发')).toBe(false);
  });

  it('matches every set on an empty search, and full-width letters as their ASCII twins', () => {
    expect(matchesSearch(set, '')).toBe(true);
    expect(matchesSearch({ title: 'ＭＳＥ and BCE', description: '' }, 'mse')).toBe(true);
  });
});

describe('save these settings as a set', () => {
  const room = (state: ReturnType<typeof defaultSetup>) =>
    RoomConfigSchema.parse(toRoomConfig(state, { title: 'Backprop Arena', teamName: (i) => `Team ${i + 1}` }));

  it('makes one generated item per question, in the order the room would play them', () => {
    for (const [kinds, difficulties, count] of [
      [['forward', 'update'], [1, 2, 3], 7],
      [['forward', 'local-derivative', 'chain-gradient', 'update'], [2], 8],
      [['cross-entropy'], [1, 3], 5],
    ] as const) {
      const state = { ...defaultSetup('en'), kinds: [...kinds], difficulties: [...difficulties], questionCount: count };
      const set = setFromSetup(state, { title: 'Period 3' });
      expect(SetContentSchema.parse(set)).toEqual(set);
      expect(set.items.map((item) => item.type === 'generated' && { kind: item.kind, difficulty: item.difficulty })).toEqual(planQuestions(room(state)));
      expect(set).toMatchObject({ title: 'Period 3', lang: 'en' });
    }
  });

  it('keeps the chain-steps mode as chain-steps items', () => {
    const state = { ...defaultSetup('zh-CN'), mode: 'chain-steps' as const, difficulties: [1, 2] as (1 | 2)[], questionCount: 4 };
    const set = setFromSetup(state, { title: '第三节' });
    expect(set.items.map((item) => item.type === 'generated' && item.kind)).toEqual(['chain-steps', 'chain-steps', 'chain-steps', 'chain-steps']);
    expect(set.items.map((item) => item.type === 'generated' && item.difficulty)).toEqual(planQuestions(room(state)).map((q) => q.difficulty));
    expect(set.lang).toBe('zh-CN');
  });
});
