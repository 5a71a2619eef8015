/** The editor's check of a set as typed: each issue at its field, worded for what is wrong there. */
import { describe, expect, it } from 'vitest';
import { checkDraft } from '../../client/pages/editor/check.ts';
import { type DraftChoice, type DraftNumeric, type DraftSet, newItem } from '../../client/pages/editor/draft.ts';
import { issueText } from '../../client/pages/editor/issue-text.ts';
import { editorZhCN } from '../../client/i18n/editor-zh-CN.ts';
import { asciiMarksAgainstChinese } from './chinese-punctuation.ts';

/** The message key an issue is worded with (the words themselves are the dictionaries' business). */
const keyOf = (issue: Parameters<typeof issueText>[1]) => issueText((key) => key, issue);

function set(items: DraftSet['items'], title = 'Period 3'): DraftSet {
  return { title, lang: 'en', description: '', items };
}

describe('the editor check', () => {
  it('words an empty title, question or choice as missing, not as too long', () => {
    const choice = newItem('choice') as DraftChoice;
    choice.choices[0]!.text = 'It grows';
    const checked = checkDraft(set([choice], '  '));
    const title = checked.setIssues.filter((i) => i.field === 'title');
    expect(title.map(keyOf)).toEqual(['editor.issue.missing']);
    const fields = Object.fromEntries(checked.items[0]!.issues.map((i) => [i.field, keyOf(i)]));
    expect(fields).toEqual({ question: 'editor.issue.missing', 'choices.1.text': 'editor.issue.missing' });
    expect(checked.items[0]!.item).toBeNull();
  });

  it('says a number field holds no number once, at that field', () => {
    const numeric = newItem('numeric') as DraftNumeric;
    numeric.layers[0]!.w = '0,4,1';
    numeric.lr = '';
    const issues = checkDraft(set([numeric])).items[0]!.issues;
    expect(issues.map((i) => [i.field, i.code])).toEqual([
      ['network.layers.0.w', 'not_a_number'],
      ['network.lr', 'missing'],
    ]);
  });

  it('puts the engine\'s issue at the field it names: cross-entropy needs a sigmoid output', () => {
    const numeric = newItem('numeric') as DraftNumeric;
    numeric.loss = 'bce';
    numeric.layers[0]!.activation = 'tanh';
    const issues = checkDraft(set([numeric])).items[0]!.issues;
    expect(issues.map((i) => [i.field, keyOf(i)])).toEqual([['network.layers.0.activation', 'editor.issue.bce_needs_sigmoid']]);
  });
});

describe("the editor's Chinese strings", () => {
  it('use Chinese punctuation next to Chinese characters', () => {
    const wrong = Object.entries(editorZhCN).flatMap(([key, text]) => asciiMarksAgainstChinese(text.replace(/\{\w+\}/g, '文字')).map((hit) => `${key}: ${hit}`));
    expect(wrong).toEqual([]);
  });
});
