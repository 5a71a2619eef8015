/**
 * The report as CSV files a teacher opens in Excel, WPS or LibreOffice: UTF-8 with a BOM
 * (so Excel reads Chinese names as UTF-8), CRLF line ends, RFC 4180 quoting, headers in the
 * room's language. Cells a spreadsheet would run as a formula (starting with = + - @, a tab
 * or a carriage return) get a leading apostrophe, unless they are plain numbers (a typed
 * answer like -0.027 stays a number).
 */
import { stringify } from 'csv-stringify/sync';
import type { Lang } from '../../shared/engine/index.ts';
import type { ResultStatus, RoomReport } from '../../shared/protocol.ts';

const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Guard one text cell against spreadsheet formula injection. */
export function guardCell(value: string): string {
  if (!/^[=+\-@\t\r]/.test(value) || PLAIN_NUMBER.test(value)) return value;
  return `'${value}`;
}

type Cell = string | number | null;

function toCsv(rows: Cell[][]): string {
  return stringify(rows, {
    bom: true,
    record_delimiter: 'windows',
    // With a record delimiter set, fields holding a lone \n or \r are only quoted when asked.
    quote_record_delimiter: true,
    cast: { string: (value) => guardCell(value) },
  });
}

const LABELS = {
  'zh-CN': {
    rank: '排名',
    player: '昵称',
    team: '队伍',
    answer: '答案',
    verdict: '结果',
    diagnosis: '错因',
    seconds: '用时(秒)',
    points: '得分',
    total: '总分',
    correct: '答对题数',
    asked: '计分题数',
    accuracy: '正确率(%)',
    note: '备注',
    left: '已离开',
    kicked: '被移出',
    question: '题号',
    kind: '题型',
    difficulty: '难度',
    problem: '题目',
    key: '正确答案',
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
    kind: 'Kind',
    difficulty: 'Difficulty',
    problem: 'Problem',
    key: 'Answer',
    closedBy: 'Closed by',
    players: 'Players',
    answered: 'Answered',
    distribution: 'Answers given',
    misconceptions: 'Misconceptions',
    teamScore: 'Team score',
    members: 'Members',
    memberCount: 'Members',
    void: 'void',
    status: { correct: 'correct', close: 'close', wrong: 'wrong', invalid: 'invalid', partial: 'partial', none: 'no answer' },
    closed: { deadline: 'time up', 'all-answered': 'all answered', host: 'host' },
    list: ', ',
  },
} satisfies Record<Lang, unknown>;

function percent(ratio: number | null): number | null {
  return ratio === null ? null : Math.round(ratio * 1000) / 10;
}

/** Per player: name, team, then per question the answer as typed, verdict, diagnosis, seconds and points; then totals. */
export function playersCsv(report: RoomReport): string {
  const l = LABELS[report.room.lang];
  const questionMessages = new Map(report.questions.flatMap((q) => q.misconceptions.map((m) => [m.key, m.text] as const)));
  const header: Cell[] = [l.rank, l.player, l.team];
  for (const q of report.questions) {
    const name = `Q${q.index + 1}`;
    header.push(`${name} ${l.answer}`, `${name} ${l.verdict}`, `${name} ${l.diagnosis}`, `${name} ${l.seconds}`, `${name} ${l.points}`);
  }
  header.push(l.total, l.correct, l.asked, l.accuracy, l.note);
  const rows: Cell[][] = [header];
  for (const p of report.players) {
    const row: Cell[] = [p.rank, p.name, p.team];
    p.answers.forEach((a, i) => {
      const question = report.questions[i]!;
      const verdict = question.void ? l.void : a.status === null ? null : l.status[a.status];
      const diagnosis = a.diagnoses.map((key) => questionMessages.get(key) ?? key).join(l.list);
      row.push(a.answer, verdict, diagnosis || null, a.seconds, a.points);
    });
    row.push(p.score, p.correct, p.asked, percent(p.accuracy), p.departed === null ? null : l[p.departed]);
    rows.push(row);
  }
  return toCsv(rows);
}

/** The answer as the reveal showed it; with per-team variants, each team's. */
function answerCell(question: RoomReport['questions'][number], report: RoomReport): string | null {
  if (!question.variantAnswers) return question.answer?.display ?? null;
  const names = new Map((report.room.teams ?? []).map((t) => [t.id, t.name]));
  return question.variantAnswers.map((v) => `${names.get(v.teamId) ?? v.teamId}: ${v.answer.display}`).join(LABELS[report.room.lang].list);
}

/** Per question: kind, the public problem as text, accuracy, answer distribution, count per misconception. */
export function questionsCsv(report: RoomReport): string {
  const l = LABELS[report.room.lang];
  const statuses: ResultStatus[] = ['correct', 'close', 'wrong', 'partial', 'none'];
  const rows: Cell[][] = [
    [
      l.question,
      l.kind,
      l.difficulty,
      l.problem,
      l.key,
      l.closedBy,
      l.players,
      l.answered,
      l.accuracy,
      ...statuses.map((s) => l.status[s]),
      l.distribution,
      l.misconceptions,
    ],
  ];
  for (const q of report.questions) {
    rows.push([
      `Q${q.index + 1}`,
      q.kind,
      q.difficulty,
      q.problemText,
      q.void ? l.void : answerCell(q, report),
      q.closedBy === null || q.void ? null : l.closed[q.closedBy],
      q.players,
      q.answered,
      percent(q.accuracy),
      ...statuses.map((s) => q.byStatus[s]),
      q.distribution.map((d) => `${d.answer} (${l.status[d.status]}) × ${d.count}`).join(l.list) || null,
      q.misconceptions.map((m) => `${m.text} × ${m.count}`).join(l.list) || null,
    ]);
  }
  return toCsv(rows);
}

/** Per team: rank, name, score, members with their scores. */
export function teamsCsv(report: RoomReport): string {
  const l = LABELS[report.room.lang];
  const rows: Cell[][] = [[l.rank, l.team, l.teamScore, l.memberCount, l.members]];
  for (const t of report.teams ?? []) {
    rows.push([t.rank, t.name, t.score, t.members.length, t.members.map((m) => `${m.name} (${m.score})`).join(l.list) || null]);
  }
  return toCsv(rows);
}
