/** The quiz's part of the report: each player's own answer, the answers given, one CSV row per question. */
import type { AnswerKey, DistributionEntry, ReportAnswer, ResultStatus, RoomReport } from '../../../shared/protocol/index.ts';
import { formatInterval, formatStep } from '../../../shared/engine/format-number.ts';
import { renderText } from '../../../shared/engine/index.ts';
import { type Cell, type CsvLabels, LABELS, numberInText, percent, tally, textCell } from '../../report/csv.ts';
import { STEP_SEPARATOR, bucketFigures, bucketOf, finalValues, problemText } from '../../report/report-parts.ts';
import { type QuestionState, type RoomState, isComplete, problemFor } from '../../room/state.ts';
import type { QuestionReportPart } from '../mode.ts';

/** Seconds from the opening to the counted answer; on a timed question, paused time is left out. */
function secondsToAnswer(question: QuestionState, playerId: string): number | null {
  const steps = question.submissions[playerId]?.steps.filter((s) => s !== null) ?? [];
  if (steps.length === 0) return null;
  const last = steps.reduce((a, s) => (s.at >= a.at ? s : a));
  const ms = question.limitMs !== null && last.remainingMs !== null ? question.limitMs - last.remainingMs : last.at - question.openedAt;
  return Math.round(Math.max(0, ms) / 100) / 10;
}

export function quizAnswer(_state: RoomState, question: QuestionState, player: { id: string; teamId: string | null }): ReportAnswer {
  const submission = question.submissions[player.id];
  const count = problemFor(question, submission?.variant ?? player.teamId).steps?.length ?? 1;
  const steps = Array.from({ length: count }, (_, i) => submission?.steps[i]?.raw ?? null);
  const result = question.voided ? undefined : question.results?.[player.id];
  return {
    questionId: question.id,
    answer: steps.every((s) => s === null) ? null : steps.map((s) => s ?? '').join(STEP_SEPARATOR),
    steps,
    status: result ? result.status : null,
    diagnoses: result ? result.verdicts.flatMap((v) => (v.diagnosis === null ? [] : [v.diagnosis])) : [],
    seconds: result ? secondsToAnswer(question, player.id) : null,
    points: result ? result.points : null,
  };
}

/** Mistakes as each player's verdicts name them; complete answers grouped by their last step. */
export function quizQuestion(state: RoomState, question: QuestionState): QuestionReportPart {
  const results = question.voided ? {} : (question.results ?? {});
  const mistakes: QuestionReportPart['mistakes'] = [];
  const distribution = new Map<string, DistributionEntry>();
  // The figures the reveal showed the interval and these answers with.
  const sig = bucketFigures(question.problem, finalValues(question, question.problem));
  for (const [playerId, result] of Object.entries(results)) {
    for (const v of result.verdicts) if (v.diagnosis !== null && v.message !== null) mistakes.push({ key: v.diagnosis, message: v.message });
    const submission = question.submissions[playerId];
    // Multi-step answers are compared by their last step, the one the problem finally asks.
    const step = submission && isComplete(question, submission) ? submission.steps[submission.steps.length - 1] : null;
    if (!step) continue;
    const answer = bucketOf(step.value, sig);
    const key = `${step.status}|${answer}`;
    const entry = distribution.get(key);
    if (entry) entry.count++;
    else distribution.set(key, { answer, status: step.status, count: 1 });
  }
  return { problemText: problemText(question.problem, state.config.lang), hasAnswer: true, mistakes, distribution: [...distribution.values()], rows: {} };
}

/** The answer as the reveal showed it; with per-team variants, each team's. */
function answerCell(question: RoomReport['questions'][number], report: RoomReport): string | null {
  // A teacher's multiple-choice question: every right choice, as the problem column lists them.
  const right = question.kind === 'multiple-choice' ? question.answer?.choices : null;
  if (right) return right.map((c) => textCell(`[${c.id}] ${renderText(c.label, report.room.lang)}`)).join(LABELS[report.room.lang].list);
  if (!question.variantAnswers) return question.answer?.display ?? null;
  const names = new Map((report.room.teams ?? []).map((t) => [t.id, t.name]));
  return question.variantAnswers.map((v) => `${names.get(v.teamId) ?? v.teamId}: ${v.answer.display}`).join(LABELS[report.room.lang].list);
}

/** The accepted range as the reveal showed it (formatInterval, with the same figures), an update's step too. */
function rangeText(answer: AnswerKey | null, l: CsvLabels): string | null {
  const accepted = answer?.accepted;
  if (!accepted || answer.steps || typeof answer.value !== 'number') return null;
  const shown = formatInterval(accepted.lo, accepted.hi, [], accepted.sig);
  const range = `${numberInText(shown.lo)} ${l.rangeTo} ${numberInText(shown.hi)}`;
  if (accepted.base === null) return range;
  const { step, tolerance } = formatStep(accepted.base, answer.value, accepted.lo, accepted.hi);
  return `${range}${l.list}${l.step} ${numberInText(step)} ± ${tolerance}`;
}

function rangeCell(question: RoomReport['questions'][number], report: RoomReport): string | null {
  const l = LABELS[report.room.lang];
  if (!question.variantAnswers) return rangeText(question.answer, l);
  const names = new Map((report.room.teams ?? []).map((t) => [t.id, t.name]));
  const ranges = question.variantAnswers.flatMap((v) => {
    const text = rangeText(v.answer, l);
    return text === null ? [] : [`${names.get(v.teamId) ?? v.teamId}: ${text}`];
  });
  return ranges.length === 0 ? null : ranges.join(' | ');
}

/** Per question: kind, the public problem as text, accuracy, answer distribution, count per misconception. */
export function quizQuestionsCsv(report: RoomReport): Cell[][] {
  const l = LABELS[report.room.lang];
  const statuses: ResultStatus[] = ['correct', 'close', 'wrong', 'partial', 'none'];
  const rows: Cell[][] = [
    [
      l.question,
      l.kind,
      l.difficulty,
      l.problem,
      l.key,
      l.accepted,
      l.closedBy,
      l.players,
      l.answered,
      l.accuracy,
      ...statuses.map((s) => l.status[s]),
      l.distribution,
      l.misconceptions,
      // Last, so the columns before them stay where spreadsheets already read them.
      l.set,
      l.origin,
      l.multiplier,
    ],
  ];
  for (const q of report.questions) {
    rows.push([
      `Q${q.index + 1}`,
      q.kind,
      q.difficulty,
      textCell(q.problemText),
      q.void ? l.void : answerCell(q, report),
      q.void ? null : rangeCell(q, report),
      q.closedBy === null || q.void ? null : l.closed[q.closedBy],
      q.players,
      q.answered,
      percent(q.accuracy),
      ...statuses.map((s) => q.byStatus[s]),
      q.distribution.map((d) => tally(l, numberInText(d.answer), l.status[d.status], d.count)).join(l.list) || null,
      q.misconceptions.map((m) => `${textCell(m.text)} × ${m.count}`).join(l.list) || null,
      report.room.set?.title ?? null,
      q.origin ? l.originOf[q.origin.type].replace('{n}', String(q.origin.item)) : null,
      // Only a set's questions have one of their own; every other question is ×1.
      q.origin ? `×${q.points}` : null,
    ]);
  }
  return rows;
}
