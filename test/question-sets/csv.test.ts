import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEED_NETWORK, gradeAnswer } from '../../shared/engine/index.ts';
import { parseSetCsv } from '../../shared/question-sets/csv.ts';
import { type SetContent, problemForItem } from '../../shared/question-sets/index.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const meta = { title: 'From a spreadsheet', lang: 'en' } as const;

function parsed(text: string, m: { title: string; lang: 'en' | 'zh-CN' } = meta): SetContent {
  const result = parseSetCsv(text, m);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.issues)}`);
  return result.set;
}
function refused(text: string) {
  const result = parseSetCsv(text, meta);
  if (result.ok) throw new Error('expected the CSV to be refused');
  return result.issues;
}

describe('CSV files as spreadsheets write them', () => {
  it('reads Excel’s “CSV UTF-8” (BOM, comma, CRLF, quoted cells), one item per row', () => {
    const text = fixture('excel-comma.csv');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('\r\n');
    const set = parsed(text);
    expect(set).toMatchObject({ title: 'From a spreadsheet', lang: 'en', description: '' });
    expect(set.items).toEqual([
      { type: 'numeric', network: SEED_NETWORK, asks: ['dL/dw1'], note: 'The worked example, p. 42', variants: false, timeLimitSec: 60, points: 2 },
      { type: 'numeric', network: SEED_NETWORK, asks: ['dL/dy', 'dy/dz', 'dz/dw', 'dL/dw', "w'"], variants: true, timeLimitSec: null, points: 1 },
      { type: 'generated', kind: 'update', difficulty: 2, seed: 2026, points: 0 },
      {
        type: 'choice',
        question: "Why does the gradient's sign tell $w$ to grow?",
        choices: [
          { text: '$\\frac{dL}{dw} < 0$: the loss falls as $w$ grows', correct: true },
          { text: 'The learning rate is positive', correct: false },
          { text: 'It says "grow" by convention', correct: false },
        ],
        explanation: 'Gradient descent moves against the gradient.',
        timeLimitSec: 30,
        points: 1,
      },
    ]);
    const problem = problemForItem(set.items[0]!, { seed: 1 });
    expect(gradeAnswer(problem, '-0.027').status).toBe('correct');
    expect(problemForItem(set.items[1]!, { seed: 1 }).steps).toHaveLength(5);
  });

  it('reads Excel’s semicolon CSV with decimal commas (German, French locales) and the η column', () => {
    const set = parsed(fixture('excel-semicolon.csv'));
    expect(set.items).toEqual([
      { type: 'numeric', network: SEED_NETWORK, asks: ["w'"], note: 'Beispiel; Seite 42', variants: false, points: 1 },
      {
        type: 'numeric',
        network: {
          x: -0.4,
          layers: [
            { w: 0.3, b: 0.2, activation: 'tanh' },
            { w: -0.7, b: 0.1, activation: 'sigmoid' },
          ],
          loss: 'bce',
          target: 1,
          lr: 0.1,
        },
        asks: ['dL/dw1'],
        variants: false,
        timeLimitSec: 45,
        points: 2,
      },
    ]);
    expect(gradeAnswer(problemForItem(set.items[0]!, { seed: 1 }), '0.40027').status).toBe('correct');
  });

  it('reads a WPS file (no BOM, comma, CRLF) with Chinese text, 不限时 and two right choices', () => {
    const set = parsed(fixture('wps-comma.csv'), { title: '第三节课', lang: 'zh-CN' });
    expect(set.items[0]).toMatchObject({ type: 'numeric', network: SEED_NETWORK, note: '课本第 42 页的例题。', timeLimitSec: null });
    expect(set.items[1]).toMatchObject({
      type: 'choice',
      question: '为什么大脑不做反向传播？',
      choices: [{ correct: true }, { correct: true }, { correct: false }, { correct: false }],
    });
    const problem = problemForItem(set.items[1]!, { seed: 1 });
    expect(gradeAnswer(problem, 'b').status).toBe('correct');
  });

  it('refuses a file with one bad row, naming the row as the spreadsheet numbers it and the column', () => {
    expect(refused(fixture('one-bad-row.csv'))).toEqual([{ item: 2, row: 3, field: 'b1', code: 'not_a_number', message: expect.any(String) }]);
  });
});

const header = 'type,x,w1,b1,activation1,loss,y_true,lr,asks';
const good = 'numeric,0.5,0.4,0.1,sigmoid,mse,0.8,0.01,dL/dw1';

describe('CSV issues', () => {
  it('names a missing column for the row’s type, and every bad row, not just the first', () => {
    const issues = refused(
      [
        'type,x,w1,activation1,loss,y_true,asks,question,choice1,choice2,correct,kind',
        'numeric,0.5,0.4,sigmoid,mse,0.8,dL/dw1,,,,,',
        ',,,,,,,,,,,',
        'choice,,,,,,,Which?,up,down,,',
        'generated,,,,,,,,,,,forward',
      ].join('\r\n'),
    );
    expect(issues.map((i) => [i.row, i.item, i.field, i.code])).toEqual([
      [2, 1, 'b1', 'missing'],
      [2, 1, 'lr', 'missing'],
      [4, 2, 'correct', 'missing'],
      [5, 3, 'difficulty', 'missing'],
    ]);
  });

  it('maps an engine issue to its row and column', () => {
    const issues = refused([header, good, 'numeric,0.5,0.4,0.1,relu,bce,1.5,0.01,dL/dw1 | dL/dw2'].join('\n'));
    expect(issues.map((i) => [i.row, i.item, i.field, i.code])).toEqual([
      [3, 2, 'asks', 'unknown_quantity'],
      [3, 2, 'activation1', 'bce_needs_sigmoid'],
      [3, 2, 'y_true', 'bce_target_range'],
    ]);
  });

  it('refuses bad cells: a number, a type, a time, points, the right choices', () => {
    const issues = refused(
      [
        'type,x,w1,b1,activation1,loss,y_true,lr,asks,time,points,question,choice1,choice2,correct',
        'numeric,"0,5",0.4,0.1,sigmoid,mse,0.8,0.01,dL/dw1,soon,3,,,,',
        'quiz,,,,,,,,,,,,,,',
        'choice,,,,,,,,,,,Which?,up,down,3',
      ].join('\n'),
    );
    expect(issues.map((i) => [i.row, i.field, i.code])).toEqual([
      [2, 'x', 'not_a_number'],
      [2, 'time', 'not_a_number'],
      [2, 'points', 'invalid_value'],
      [3, 'type', 'invalid_value'],
      [4, 'correct', 'invalid_value'],
    ]);
  });

  it('refuses an unknown or doubled column, a broken quote, too many rows and an empty file', () => {
    expect(refused(`${header},colour\n${good},red`)).toEqual([expect.objectContaining({ row: 1, field: 'colour', code: 'invalid_value' })]);
    expect(refused(`${header},X\n${good},0.5`)).toEqual([expect.objectContaining({ row: 1, field: 'X', code: 'invalid_value' })]);
    expect(refused(`${header}\n${good}\nnumeric,"0.5,0.4`)).toEqual([expect.objectContaining({ item: null, code: 'invalid_value' })]);
    expect(refused([header, ...Array.from({ length: 51 }, () => good)].join('\n'))).toEqual([expect.objectContaining({ item: null, code: 'too_many_items' })]);
    expect(refused('')).toEqual([expect.objectContaining({ item: null, code: 'missing' })]);
    expect(refused(header)).toEqual([expect.objectContaining({ item: null, field: 'items', code: 'missing' })]);
  });

  it('checks the title and language it is given', () => {
    const result = parseSetCsv(`${header}\n${good}`, { title: ' ', lang: 'en' });
    expect(result).toEqual({ ok: false, issues: [expect.objectContaining({ item: null, field: 'title', code: 'invalid_value' })] });
  });

  it('takes header names in any case and order, `η` or `eta` for lr, asks split by spaces or |', () => {
    const set = parsed('ASKS;Eta;Y_TRUE;Loss;B1;W1;X\n"dL/dw1 w1\'";0,01;0,8;mse;0,1;0,4;0,5');
    expect(set.items).toEqual([{ type: 'numeric', network: SEED_NETWORK, asks: ['dL/dw1', "w1'"], variants: false, points: 1 }]);
  });

  it('reads the scientific notation Excel uses for small numbers, with a decimal comma too', () => {
    const comma = parsed(`${header}\nnumeric,0.5,0.4,0.1,sigmoid,mse,0.8,1.00E-02,dL/dw1`);
    expect(comma.items[0]).toMatchObject({ network: { lr: 0.01 } });
    const semicolon = parsed(`${header.replaceAll(',', ';')}\nnumeric;0,5;0,4;0,1;sigmoid;mse;0,8;1,00E-02;dL/dw1`);
    expect(semicolon.items[0]).toMatchObject({ network: SEED_NETWORK });
  });

  it('never throws on arbitrary text', () => {
    const cell = fc.oneof(fc.string(), fc.constantFrom('numeric', 'choice', 'generated', '0,5', '0.5', '"', 'dL/dw1', 'sigmoid', '1|3'));
    const line = fc.array(cell, { maxLength: 8 }).chain((cells) => fc.constantFrom(',', ';').map((d) => cells.join(d)));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(line, { maxLength: 6 }).map((lines) => [header, ...lines].join('\r\n'))), (text) => {
        const result = parseSetCsv(text, meta);
        if (!result.ok) expect(result.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
