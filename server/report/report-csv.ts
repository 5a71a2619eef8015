/**
 * The report as CSV files a teacher opens in Excel, WPS or LibreOffice: UTF-8 with a BOM
 * (so Excel reads Chinese names as UTF-8), CRLF line ends, RFC 4180 quoting, headers in the
 * room's language. Cells a spreadsheet would run as a formula (starting with = + - @, a tab
 * or a carriage return) get a leading apostrophe, unless they are plain numbers (a typed
 * answer like -0.027 stays a number).
 */
import { stringify } from 'csv-stringify/sync';
import { type Lang, roundSig } from '../../shared/engine/index.ts';
import type { ResultStatus, RoomReport, VerdictView } from '../../shared/protocol/index.ts';

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
    yes: '是',
    no: '否',
    round: '轮次',
    teamRank: '本轮名次',
    winner: '本轮获胜',
    fullyCorrect: '全链正确',
    credit: '链得分率(%)',
    teamSeconds: '全队用时(秒)',
    link: '环节',
    quantity: '传递的量',
    holder: '负责人',
    received: '收到的上游值',
    sent: '发送的答案',
    consistent: '按收到的值正确',
    linkSeconds: '发送时刻(秒)',
    linkKey: '正确值',
    errorEntry: '错误从此进入',
    roundsWon: '获胜轮数',
    chainsCorrect: '全链正确轮数',
    meanCredit: '平均链得分率(%)',
    iteration: '迭代',
    w: 'w',
    b: 'b',
    loss: '损失',
    lr: '学习率 η',
    submittedW: "提交的 w'",
    submittedB: "提交的 b'",
    proposedBy: '提议人',
    confirmedBy: '确认人',
    verdictW: "w' 结果",
    verdictB: "b' 结果",
    stepCorrect: '本步正确',
    nextW: '新 w',
    nextB: '新 b',
    nextLoss: '新损失',
    lossRank: '按损失排名',
    finalLoss: '最终损失',
    correctSteps: '正确步数',
    finalW: '最终 w',
    finalB: '最终 b',
    hiddenW: '隐藏的 w*',
    hiddenB: '隐藏的 b*',
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
    yes: 'yes',
    no: 'no',
    round: 'Round',
    teamRank: 'Team rank in round',
    winner: 'Round winner',
    fullyCorrect: 'Whole chain correct',
    credit: 'Chain credit (%)',
    teamSeconds: 'Team seconds',
    link: 'Link',
    quantity: 'Quantity sent',
    holder: 'Holder',
    received: 'Received upstream',
    sent: 'Sent',
    consistent: 'Right for what was received',
    linkSeconds: 'Sent after (seconds)',
    linkKey: 'Correct value',
    errorEntry: 'Error entered here',
    roundsWon: 'Rounds won',
    chainsCorrect: 'Whole chains correct',
    meanCredit: 'Mean chain credit (%)',
    iteration: 'Iteration',
    w: 'w',
    b: 'b',
    loss: 'Loss',
    lr: 'Learning rate η',
    submittedW: "Submitted w'",
    submittedB: "Submitted b'",
    proposedBy: 'Proposed by',
    confirmedBy: 'Confirmed by',
    verdictW: "w' verdict",
    verdictB: "b' verdict",
    stepCorrect: 'Step correct',
    nextW: 'Next w',
    nextB: 'Next b',
    nextLoss: 'Next loss',
    lossRank: 'Rank by loss',
    finalLoss: 'Final loss',
    correctSteps: 'Correct steps',
    finalW: 'Final w',
    finalB: 'Final b',
    hiddenW: 'Hidden w*',
    hiddenB: 'Hidden b*',
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

/** Parameters and losses to 4 significant figures: what a spreadsheet needs to compare teams. */
function four(value: number): number {
  return roundSig(value, 4);
}

/** Relay rooms: one row per link of every team's chain in every round, with the team's result in that round. */
export function relayLinksCsv(report: RoomReport): string {
  const l = LABELS[report.room.lang];
  const yesNo = (v: boolean | null) => (v === null ? null : v ? l.yes : l.no);
  const rows: Cell[][] = [
    [
      l.round,
      l.team,
      l.teamRank,
      l.winner,
      l.fullyCorrect,
      l.credit,
      l.teamSeconds,
      l.link,
      l.quantity,
      l.holder,
      l.received,
      l.sent,
      l.verdict,
      l.consistent,
      l.diagnosis,
      l.linkSeconds,
      l.linkKey,
      l.errorEntry,
    ],
  ];
  for (const q of report.questions) {
    for (const team of q.relay ?? []) {
      for (const link of team.links) {
        rows.push([
          `R${q.index + 1}`,
          team.team,
          team.rank,
          yesNo(team.winner),
          yesNo(team.fullyCorrect),
          percent(team.credit),
          team.durationSeconds,
          link.index + 1,
          link.asks,
          link.holder,
          link.received,
          link.answer,
          l.status[link.status],
          yesNo(link.consistent),
          link.diagnosis === null ? null : (q.misconceptions.find((m) => m.key === link.diagnosis)?.text ?? link.diagnosis),
          link.seconds,
          link.correctDisplay,
          team.errorEntry === link.index ? l.yes : null,
        ]);
      }
    }
  }
  return toCsv(rows);
}

/** Descent Race rooms: one row per team per iteration, from the parameters it had to the ones it continued from. */
export function descentStepsCsv(report: RoomReport): string {
  const l = LABELS[report.room.lang];
  const verdict = (v: { status: VerdictView['status'] } | null | undefined) => (v ? l.status[v.status] : null);
  const rows: Cell[][] = [
    [
      l.iteration,
      l.team,
      l.w,
      l.b,
      l.loss,
      l.lr,
      l.submittedW,
      l.submittedB,
      l.proposedBy,
      l.confirmedBy,
      l.verdictW,
      l.verdictB,
      l.diagnosis,
      l.stepCorrect,
      l.nextW,
      l.nextB,
      l.nextLoss,
    ],
  ];
  for (const q of report.questions) {
    for (const row of q.descent ?? []) {
      rows.push([
        row.iteration + 1,
        row.team,
        four(row.params.w),
        four(row.params.b),
        four(row.loss),
        row.lr,
        row.submitted?.w ?? null,
        row.submitted?.b ?? null,
        row.proposedBy?.name ?? null,
        row.confirmedBy?.name ?? null,
        verdict(row.verdicts?.w),
        verdict(row.verdicts?.b),
        row.diagnosisText,
        row.correct ? l.yes : l.no,
        four(row.next.w),
        four(row.next.b),
        four(row.nextLoss),
      ]);
    }
  }
  return toCsv(rows);
}

/**
 * Per question: kind, the public problem as text, accuracy, answer distribution, count per
 * misconception. A relay room gets its chains link by link instead, a descent room each
 * team's steps (one "question" there is a round, or an iteration, played by teams).
 */
export function questionsCsv(report: RoomReport): string {
  if (report.room.mode === 'relay') return relayLinksCsv(report);
  if (report.room.mode === 'descent') return descentStepsCsv(report);
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

/**
 * Per team: rank, name, score, members with their scores. Relay rooms add rounds won, whole
 * chains correct and mean chain credit; descent rooms the final loss and parameters, the rank
 * by loss and, from the podium on, the hidden w*, b* to compare them with.
 */
export function teamsCsv(report: RoomReport): string {
  const l = LABELS[report.room.lang];
  const mode = report.room.mode;
  const header: Cell[] = [l.rank, l.team, l.teamScore, l.memberCount, l.members];
  if (mode === 'relay') header.push(l.roundsWon, l.chainsCorrect, l.meanCredit);
  if (mode === 'descent') header.push(l.lossRank, l.finalLoss, l.correctSteps, l.lr, l.finalW, l.finalB, l.hiddenW, l.hiddenB);
  const rows: Cell[][] = [header];
  for (const t of report.teams ?? []) {
    const row: Cell[] = [t.rank, t.name, t.score, t.members.length, t.members.map((m) => `${m.name} (${m.score})`).join(l.list) || null];
    if (mode === 'relay') {
      const rounds = report.questions.flatMap((q) => q.relay?.filter((r) => r.teamId === t.teamId) ?? []);
      const credit = rounds.length === 0 ? null : rounds.reduce((sum, r) => sum + r.credit, 0) / rounds.length;
      row.push(rounds.filter((r) => r.winner).length, rounds.filter((r) => r.fullyCorrect).length, percent(credit));
    }
    if (mode === 'descent') {
      const run = report.descent?.teams.find((d) => d.teamId === t.teamId);
      const hidden = report.descent?.hidden ?? null;
      row.push(
        run?.rank ?? null,
        run ? four(run.finalLoss) : null,
        run?.correctSteps ?? null,
        run?.lr ?? null,
        run ? four(run.params.w) : null,
        run ? four(run.params.b) : null,
        hidden?.w ?? null,
        hidden?.b ?? null,
      );
    }
    rows.push(row);
  }
  return toCsv(rows);
}
