/**
 * The pieces every report CSV is made of: UTF-8 with a BOM (so Excel reads Chinese names as
 * UTF-8), CRLF line ends, RFC 4180 quoting, headers in the room's language. A text cell
 * starting with = + - @, a tab or a carriage return gets a leading apostrophe (a spreadsheet
 * would run it as a formula) unless the whole cell is a plain number as PLAIN_NUMBER reads
 * it, so a typed answer like -0.027 or -2.35e-2 stays a number while -0,0235 is quoted.
 */
import { stringify } from 'csv-stringify/sync';
import { type Lang, roundSig } from '../../shared/engine/index.ts';
import { plainText } from '../../shared/engine/plain-text.ts';

export const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Guard one text cell against spreadsheet formula injection. */
export function guardCell(value: string): string {
  if (!/^[=+\-@\t\r]/.test(value) || PLAIN_NUMBER.test(value)) return value;
  return `'${value}`;
}

export type Cell = string | number | null;

/** An engine text (problem, diagnosis) for a spreadsheet: its `$…$` LaTeX written as Unicode, σ(z)(1 − σ(z)). */
export function textCell(text: string): string {
  return plainText(text);
}

/** A number inside a text cell (an answer in a list), with a real minus: text, so no formula guard applies. */
export function numberInText(text: string): string {
  return text.replace(/^-/, '−');
}

export function toCsv(rows: Cell[][]): string {
  return stringify(rows, {
    bom: true,
    record_delimiter: 'windows',
    // With a record delimiter set, fields holding a lone \n or \r are only quoted when asked.
    quote_record_delimiter: true,
    cast: { string: (value) => guardCell(value) },
  });
}

/** Headers and cells every report CSV uses, in the room's language. */
export const LABELS = {
  'zh-CN': {
    rank: '排名',
    player: '昵称',
    team: '队伍',
    answer: '答案',
    verdict: '结果',
    diagnosis: '错因',
    seconds: '用时（秒）',
    points: '得分',
    total: '总分',
    correct: '答对题数',
    asked: '计分题数',
    accuracy: '正确率（%）',
    note: '备注',
    left: '已离开',
    kicked: '被移出',
    question: '题号',
    set: '题集',
    origin: '来源',
    multiplier: '分值倍数',
    /** A set's item: its type and place in the set. */
    originOf: { generated: '自动生成（第 {n} 项）', numeric: '自编计算题（第 {n} 项）', choice: '自编选择题（第 {n} 项）' },
    kind: '题型',
    difficulty: '难度',
    problem: '题目',
    key: '正确答案',
    accepted: '可接受范围',
    rangeTo: '至',
    step: '步长',
    closedBy: '结束方式',
    players: '人数',
    answered: '作答人数',
    distribution: '答案分布',
    misconceptions: '常见错误',
    teamScore: '队伍得分',
    members: '成员',
    memberCount: '人数',
    void: '作废',
    status: { correct: '正确', close: '接近', wrong: '错误', invalid: '无效', partial: '部分正确', none: '未作答' },
    closed: { deadline: '时间到', 'all-answered': '全部作答', host: '老师结束' },
    list: '、',
    /** One answer of a distribution and how many gave it: Chinese brackets, no space before them. */
    tally: '{answer}（{status}）× {count}',
    yes: '是',
    no: '否',
  },
  en: {
    rank: 'Rank',
    player: 'Player',
    team: 'Team',
    answer: 'answer',
    verdict: 'verdict',
    diagnosis: 'diagnosis',
    seconds: 'seconds',
    points: 'points',
    total: 'Total',
    correct: 'Correct',
    asked: 'Scored questions',
    accuracy: 'Accuracy (%)',
    note: 'Note',
    left: 'left the room',
    kicked: 'removed by the host',
    question: 'Question',
    set: 'Question set',
    origin: 'Origin',
    multiplier: 'Points multiplier',
    originOf: { generated: 'generated, item {n}', numeric: 'authored numeric, item {n}', choice: 'authored multiple choice, item {n}' },
    kind: 'Kind',
    difficulty: 'Difficulty',
    problem: 'Problem',
    key: 'Answer',
    accepted: 'Accepted range',
    rangeTo: 'to',
    step: 'step',
    closedBy: 'Closed by',
    players: 'Players',
    answered: 'Answered',
    distribution: 'Answers given',
    misconceptions: 'Misconceptions',
    teamScore: 'Team score',
    members: 'Members',
    memberCount: 'Member count',
    void: 'void',
    status: { correct: 'correct', close: 'close', wrong: 'wrong', invalid: 'invalid', partial: 'partial', none: 'no answer' },
    closed: { deadline: 'time up', 'all-answered': 'all answered', host: 'host' },
    list: ', ',
    tally: '{answer} ({status}) × {count}',
    yes: 'yes',
    no: 'no',
  },
} satisfies Record<Lang, unknown>;

export function percent(ratio: number | null): number | null {
  return ratio === null ? null : Math.round(ratio * 1000) / 10;
}


export type CsvLabels = (typeof LABELS)[Lang];

/** "0.5 (correct) × 3" in the report's language (Chinese: "0.5（正确）× 3"). */
export function tally(l: CsvLabels, answer: string, status: string, count: number): string {
  return l.tally.replace('{answer}', answer).replace('{status}', status).replace('{count}', String(count));
}

/** Parameters and losses to 4 significant figures: what a spreadsheet needs to compare teams. */
export function four(value: number): number {
  return roundSig(value, 4);
}
