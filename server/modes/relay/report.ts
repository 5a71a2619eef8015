/** The relay's part of the report: each member's links, every team's chain link by link, the links CSV. */
import { type Lang, relayInputs } from '../../../shared/engine/index.ts';
import type { RelayTeamReport, ReportAnswer, RoomReport } from '../../../shared/protocol/index.ts';
import { answerKey } from '../../room/answer-key.ts';
import { type Cell, LABELS, percent, textCell } from '../../report/csv.ts';
import { STEP_SEPARATOR, nameOf, problemText, seconds } from '../../report/report-parts.ts';
import { type QuestionState, type RoomState, problemFor } from '../../room/state.ts';
import type { QuestionReportPart } from '../mode.ts';
import { isRelayProblem } from './round.ts';
import { type RelayTeamRun, errorEntry, roundWinner } from './rules.ts';

/** Headers and cells of the relay CSVs, in the room's language. */
export const RELAY_LABELS = {
  'zh-CN': {
    round: '轮次',
    teamRank: '本轮名次',
    winner: '本轮获胜',
    fullyCorrect: '全链正确',
    credit: '链得分率（%）',
    teamSeconds: '全队用时（秒）',
    link: '环节',
    quantity: '传递的量',
    holder: '负责人',
    received: '收到的上游值',
    sent: '发送的答案',
    consistent: '按收到的值正确',
    linkSeconds: '发送时刻（秒）',
    linkKey: '正确值',
    errorEntry: '错误从此进入',
    roundsWon: '获胜轮数',
    chainsCorrect: '全链正确轮数',
    meanCredit: '平均链得分率（%）',
  },
  en: {
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
  },
} satisfies Record<Lang, unknown>;

/** A relay player's answer: the links they held, as sent (the team's chain is in the question's `relay`). */
export function relayAnswer(_state: RoomState, question: QuestionState, player: { id: string; teamId: string | null }): ReportAnswer {
  const run = player.teamId === null ? undefined : question.relay?.[player.teamId];
  const problem = run ? problemFor(question, run.teamId) : null;
  const held = run && problem && isRelayProblem(problem) ? run.holders.flatMap((holder, i) => (holder === player.id ? [i] : [])) : [];
  const sent = held.map((i) => run!.results[i] ?? null);
  const result = question.voided ? undefined : question.results?.[player.id];
  const labels = held.map((i) => (problem && isRelayProblem(problem) ? problem.links[i]!.asks : String(i)));
  const last = sent.reduce<number | null>((at, r) => (r && (at === null || r.at > at) ? r.at : at), null);
  return {
    questionId: question.id,
    answer: sent.every((r) => r === null) ? null : sent.map((r, i) => `${labels[i]}: ${r?.raw ?? ''}`).join(STEP_SEPARATOR),
    steps: sent.map((r) => r?.raw ?? null),
    status: result ? result.status : null,
    diagnoses: sent.flatMap((r) => (r?.diagnosis ? [r.diagnosis] : [])),
    seconds: result && last !== null ? seconds(last - run!.startedAt) : null,
    points: result ? result.points : null,
  };
}

/** Every team's chain in a closed round, ranked as on the reveal (fastest fully correct first). */
export function relayRound(state: RoomState, question: QuestionState, runs: Record<string, RelayTeamRun>): RelayTeamReport[] {
  const { ranked, winner } = roundWinner(runs);
  const teamName = (id: string) => state.teams.find((t) => t.id === id)?.name ?? id;
  return ranked.map((score, i): RelayTeamReport => {
    const run = runs[score.teamId]!;
    const problem = problemFor(question, run.teamId);
    if (!isRelayProblem(problem)) throw new Error('relay round without a relay problem');
    return {
      teamId: run.teamId,
      team: teamName(run.teamId),
      rank: i + 1,
      winner: run.teamId === winner,
      fullyCorrect: score.fullyCorrect,
      credit: Math.round(score.credit * 1000) / 1000,
      durationSeconds: score.durationMs === null ? null : seconds(score.durationMs),
      errorEntry: errorEntry(run),
      links: problem.links.map((link, index) => {
        const sent = run.results[index] ?? null;
        const step = problem.steps![index]!;
        const holderId = sent?.playerId ?? run.holders[index]!;
        return {
          index,
          asks: link.asks,
          symbol: step.symbol,
          upstream: link.upstream,
          local: link.local,
          holderId,
          holder: nameOf(state, holderId),
          received: sent?.received ?? null,
          from: relayInputs(link, index).map((input) => ({ ...input })),
          // Runs before receivedAll was kept had a single upstream value.
          receivedAll: sent ? (sent.receivedAll ?? (sent.received === null ? [] : [sent.received])) : null,
          answer: sent?.raw ?? null,
          value: sent?.value ?? null,
          status: sent?.status ?? 'none',
          consistent: sent?.consistent ?? null,
          diagnosis: sent?.diagnosis ?? null,
          seconds: sent ? seconds(sent.at - run.startedAt) : null,
          correctValue: step.answer,
          correctDisplay: answerKey(problem).steps![index]!.display,
        };
      }),
    };
  });
}


/** Mistakes are counted per link (every member carries the team's chain as verdicts). */
export function relayQuestion(state: RoomState, question: QuestionState): QuestionReportPart {
  const relay = question.voided ? null : relayRound(state, question, question.relay ?? {});
  return {
    problemText: problemText(question.problem, state.config.lang),
    hasAnswer: true,
    mistakes: (relay ?? []).flatMap((team) => team.links.flatMap((link) => (link.diagnosis ? [{ key: link.diagnosis, message: { key: `diagnosis.${link.diagnosis}` } }] : []))),
    distribution: [],
    rows: { relay },
  };
}

/** Relay rooms: one row per link of every team's chain in every round, with the team's result in that round. */
export function relayLinksCsv(report: RoomReport): Cell[][] {
  const l = { ...LABELS[report.room.lang], ...RELAY_LABELS[report.room.lang] };
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
          // Where branches meet, both values received: "0.0412; −0.0173".
          link.receivedAll && link.receivedAll.length > 1 ? link.receivedAll.join('; ') : link.received,
          link.answer,
          l.status[link.status],
          yesNo(link.consistent),
          link.diagnosis === null ? null : textCell(q.misconceptions.find((m) => m.key === link.diagnosis)?.text ?? link.diagnosis),
          link.seconds,
          link.correctDisplay,
          team.errorEntry === link.index ? l.yes : null,
        ]);
      }
    }
  }
  return rows;
}

/** The teams CSV's relay columns: rounds won, whole chains correct, mean chain credit. */
export const relayTeamColumns = {
  header(report: RoomReport): Cell[] {
    const l = RELAY_LABELS[report.room.lang];
    return [l.roundsWon, l.chainsCorrect, l.meanCredit];
  },
  row(report: RoomReport, teamId: string): Cell[] {
    const rounds = report.questions.flatMap((q) => q.relay?.filter((r) => r.teamId === teamId) ?? []);
    const credit = rounds.length === 0 ? null : rounds.reduce((sum, r) => sum + r.credit, 0) / rounds.length;
    return [rounds.filter((r) => r.winner).length, rounds.filter((r) => r.fullyCorrect).length, percent(credit)];
  },
};
