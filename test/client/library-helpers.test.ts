/**
 * The library's pure helpers: its search (case- and accent-insensitive, Chinese as typed) and the
 * host set-up's "save these settings as a set", which must plan the very questions a room plays.
 */
import { describe, expect, it } from 'vitest';
import { libraryEn } from '../../client/i18n/library-en.ts';
import { libraryZhCN } from '../../client/i18n/library-zh-CN.ts';
import type { MessageKey, MessageParams } from '../../client/i18n/index.ts';
import { issueWhat, issueWhere, setErrorText } from '../../client/library/issue-text.ts';
import { SET_ERROR_CODES } from '../../shared/protocol/sets.ts';
import { SET_ISSUE_CODES, type SetIssue } from '../../shared/question-sets/schema.ts';
import { asciiMarksAgainstChinese } from './chinese-punctuation.ts';
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

  it('asks the chain-steps mode’s chosen step kinds in turn: a chain, a network that branches, or both', () => {
    const both = { ...defaultSetup('en'), mode: 'chain-steps' as const, stepKinds: ['branch-steps', 'chain-steps'] as ('chain-steps' | 'branch-steps')[], questionCount: 4 };
    expect(room(both).kinds).toEqual(['chain-steps', 'branch-steps']);
    expect(setFromSetup(both, { title: 'Paths' }).items.map((item) => item.type === 'generated' && item.kind)).toEqual(['chain-steps', 'branch-steps', 'chain-steps', 'branch-steps']);
    expect(room({ ...both, stepKinds: ['branch-steps'] }).kinds).toEqual(['branch-steps']);
    // The quiz's kinds never carry over into the chain-steps mode.
    expect(room({ ...both, kinds: ['forward'], stepKinds: ['chain-steps'] }).kinds).toEqual(['chain-steps']);
  });
});

describe('a refused set in the teacher\'s words', () => {
  // The library's own tables, as the page has them once its part is loaded.
  const from = (table: Record<string, string>) => (key: MessageKey, params: MessageParams = {}) =>
    (table[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  const t = from(libraryZhCN);
  const en = from(libraryEn);

  it('names the CSV row, or the item, and the field as the form and the CSV columns name it', () => {
    const issue = (over: Partial<SetIssue>): SetIssue => ({ item: 2, field: 'network.layers.1.w', code: 'not_a_number', message: 'not a number', ...over });
    expect(issueWhere(en, issue({ row: 3, field: 'w1' }))).toBe('Row 3 · w1');
    expect(issueWhere(t, issue({ row: 3, field: 'w1' }))).toBe('第 3 行 · w1');
    expect(issueWhere(en, issue({}))).toBe('Item 2 · w2');
    expect(issueWhere(en, issue({ field: 'items.1.network.target' }))).toBe('Item 2 · y_true');
    expect(issueWhere(t, issue({ field: 'choices.0.text' }))).toBe('第 2 题 · 选项 1');
    expect(issueWhere(en, issue({ item: null, field: 'title' }))).toBe('The set · title');
  });

  it('words every issue code in both languages, and falls back to the server\'s message for a code it does not know', () => {
    for (const code of SET_ISSUE_CODES) {
      const issue: SetIssue = { item: 1, field: 'x', code, message: 'server words' };
      expect(issueWhat(en, issue), code).not.toMatch(/^library\.|server words/);
      expect(issueWhat(t, issue), code).not.toMatch(/^library\.|server words/);
      expect(asciiMarksAgainstChinese(issueWhat(t, issue)), code).toEqual([]);
    }
    expect(issueWhat(en, { item: 1, field: 'x', code: 'from_a_newer_server' as SetIssue['code'], message: 'server words' })).toBe('server words');
  });

  it('words every refusal of the set API, and the library in Chinese uses Chinese punctuation', () => {
    for (const code of Object.values(SET_ERROR_CODES)) expect(setErrorText(t, { code, message: 'x' }), code).not.toMatch(/^library\./);
    expect(Object.entries(libraryZhCN).flatMap(([key, text]) => asciiMarksAgainstChinese(text).map((mark) => `${key}: ${mark}`))).toEqual([]);
  });
});
