/**
 * Chinese text uses Chinese punctuation: an ASCII ! ? , . : ; ( ) written against a Chinese
 * character ("你已加入!", "不对. +0 分") reads as a typo to a Chinese reader. Checked over every
 * zh-CN string of the client, every zh-CN template of the engine and the Chinese headings of the
 * report CSVs; LaTeX ($…$) and code (`…`) are left out, and a mark between digits or Latin
 * letters (0.5, Wi-Fi, CSV) is not against a Chinese character, so it stands.
 */
import { describe, expect, it } from 'vitest';
import { contestZhCN } from '../../client/i18n/contest-zh-CN.ts';
import { descentZhCN } from '../../client/i18n/descent-zh-CN.ts';
import { gameZhCN } from '../../client/i18n/game-zh-CN.ts';
import { homeworkZhCN } from '../../client/i18n/homework-zh-CN.ts';
import { hostZhCN } from '../../client/i18n/host-zh-CN.ts';
import { practiceZhCN } from '../../client/i18n/practice-zh-CN.ts';
import { problemZhCN } from '../../client/i18n/problem-zh-CN.ts';
import { relayZhCN } from '../../client/i18n/relay-zh-CN.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import { RELAY_LABELS } from '../../server/modes/relay/report.ts';
import { LABELS } from '../../server/report/csv.ts';
import { TEXT_KEYS, renderText } from '../../shared/engine/text.ts';
import { asciiMarksAgainstChinese } from './chinese-punctuation.ts';

/**
 * A template as a Chinese reader sees it: its placeholders filled with Chinese words (a Chinese
 * name, another translated message), so "{first}. {second}" shows as the "不对. +0 分" it becomes.
 */
function filled(template: string): string {
  return template.replace(/\{\w+\}/g, '文字');
}

const CLIENT_PARTS: Record<string, Record<string, string>> = {
  'zh-CN.ts': zhCN,
  'game-zh-CN.ts': gameZhCN,
  'host-zh-CN.ts': hostZhCN,
  'homework-zh-CN.ts': homeworkZhCN,
  'problem-zh-CN.ts': problemZhCN,
  'practice-zh-CN.ts': practiceZhCN,
  'relay-zh-CN.ts': relayZhCN,
  'descent-zh-CN.ts': descentZhCN,
  'contest-zh-CN.ts': contestZhCN,
};

describe('Chinese punctuation', () => {
  it('flags what it should and nothing else', () => {
    expect(asciiMarksAgainstChinese('你已加入!')).toHaveLength(1);
    expect(asciiMarksAgainstChinese('不对. +0 分')).toHaveLength(1);
    expect(asciiMarksAgainstChinese('损失(L)很小')).toHaveLength(2);
    expect(asciiMarksAgainstChinese('所以 L(w)，最低点')).toEqual([]);
    expect(asciiMarksAgainstChinese('请检查 Wi-Fi，学习率 0.01。')).toEqual([]);
    expect(asciiMarksAgainstChinese('因为 $\\sigma(z)(1 - \\sigma(z))$。')).toEqual([]);
    expect(asciiMarksAgainstChinese('在 `a.b` 中')).toEqual([]);
    expect(asciiMarksAgainstChinese(filled('{first}. {second}'))).toHaveLength(1);
  });

  it('every zh-CN string of the client uses Chinese punctuation next to Chinese characters', () => {
    const wrong: string[] = [];
    for (const [file, messages] of Object.entries(CLIENT_PARTS)) {
      for (const [key, text] of Object.entries(messages)) {
        for (const hit of asciiMarksAgainstChinese(filled(text))) wrong.push(`${file} ${key}: ${hit}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("every zh-CN template of the engine's problem texts uses Chinese punctuation next to Chinese characters", () => {
    const wrong: string[] = [];
    for (const key of TEXT_KEYS) {
      for (const hit of asciiMarksAgainstChinese(filled(renderText({ key }, 'zh-CN')))) wrong.push(`${key}: ${hit}`);
    }
    expect(wrong).toEqual([]);
  });

  it('the Chinese headings and words of the report CSVs use Chinese punctuation next to Chinese characters', () => {
    const wrong: string[] = [];
    const check = (where: string, value: unknown): void => {
      if (typeof value === 'string') for (const hit of asciiMarksAgainstChinese(value)) wrong.push(`${where}: ${hit}`);
      else if (value && typeof value === 'object') for (const [key, inner] of Object.entries(value)) check(`${where}.${key}`, inner);
    };
    check('LABELS', LABELS['zh-CN']);
    check('RELAY_LABELS', RELAY_LABELS['zh-CN']);
    expect(wrong).toEqual([]);
  });
});
