/** The descent's part of the report: each team's step per iteration, the task and the ranking, the steps CSV. */
import { type Lang, type PublicDescentTask, hasTwoInputs, measure, toPublicDescentTask } from '../../../shared/engine/index.ts';
import type { DescentIterationReport, DescentReport, ReportAnswer, RoomReport, VerdictView } from '../../../shared/protocol/index.ts';
import { type Cell, LABELS, four } from '../../report/csv.ts';
import { STEP_SEPARATOR, diagnosisText, person } from '../../report/report-parts.ts';
import { type QuestionState, type RoomState, playerList } from '../../room/state.ts';
import type { QuestionReportPart } from '../mode.ts';
import { descentOf } from './round.ts';
import { type DescentIteration, rankDescent, withW2 } from './rules.ts';

/** Headers and cells of the descent CSVs, in the room's language. */
export const DESCENT_LABELS = {
  'zh-CN': {
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
    // Two-input rooms: w is w1, and w2 has columns of its own.
    w1: 'w1',
    w2: 'w2',
    submittedW1: "提交的 w1'",
    submittedW2: "提交的 w2'",
    verdictW1: "w1' 结果",
    verdictW2: "w2' 结果",
    nextW1: '新 w1',
    nextW2: '新 w2',
    finalW1: '最终 w1',
    finalW2: '最终 w2',
    hiddenW1: '隐藏的 w1*',
    hiddenW2: '隐藏的 w2*',
    waiting: '等待确认的提议',
    proposals: (n: number) => `共 ${n} 个提议`,
  },
  en: {
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
    w1: 'w1',
    w2: 'w2',
    submittedW1: "Submitted w1'",
    submittedW2: "Submitted w2'",
    verdictW1: "w1' verdict",
    verdictW2: "w2' verdict",
    nextW1: 'Next w1',
    nextW2: 'Next w2',
    finalW1: 'Final w1',
    finalW2: 'Final w2',
    hiddenW1: 'Hidden w1*',
    hiddenW2: 'Hidden w2*',
    waiting: 'Waiting for a confirmation',
    proposals: (n: number) => `${n} proposals`,
  },
} satisfies Record<Lang, unknown>;

/** A descent player's answer: the team's submission (each member is scored on it). */
export function descentAnswer(_state: RoomState, question: QuestionState, player: { id: string }): ReportAnswer {
  const result = question.voided ? undefined : question.results?.[player.id];
  const steps = result ? result.verdicts.map((v) => v.answer) : [];
  return {
    questionId: question.id,
    answer: steps.every((v) => v === null) ? null : steps.map((v) => v ?? '').join(STEP_SEPARATOR),
    steps,
    status: result ? result.status : null,
    diagnoses: result ? result.verdicts.flatMap((v) => (v.diagnosis === null ? [] : [v.diagnosis])) : [],
    seconds: null,
    points: result ? result.points : null,
  };
}

const DESCENT_TEXT: Record<Lang, (n: number, total: number, task: PublicDescentTask) => string> = {
  en: (n, total, task) =>
    hasTwoInputs(task)
      ? `Descent Race, iteration ${n} of ${total}: each team takes one gradient-descent step on ${task.trainBias ? 'w1, w2 and b' : 'w1 and w2'} from its own parameters (${task.activation} neuron with two inputs, z = w1·x1 + w2·x2 + b, ${task.points.length} data points).`
      : `Descent Race, iteration ${n} of ${total}: each team takes one gradient-descent step on ${task.trainBias ? 'w and b' : 'w'} from its own parameters (${task.activation} neuron, ${task.points.length} data points).`,
  'zh-CN': (n, total, task) =>
    hasTwoInputs(task)
      ? `梯度下降竞赛 第 ${n}/${total} 次迭代：各队从自己的参数出发，对 ${task.trainBias ? 'w1、w2 和 b' : 'w1 和 w2'} 做一步梯度下降（两个输入的${task.activation === 'sigmoid' ? ' sigmoid ' : '线性'}神经元，z = w1·x1 + w2·x2 + b，${task.points.length} 个数据点）。`
      : `梯度下降竞赛 第 ${n}/${total} 次迭代：各队从自己的参数出发，对 ${task.trainBias ? 'w 和 b' : 'w'} 做一步梯度下降（${task.activation === 'sigmoid' ? 'sigmoid' : '线性'}神经元，${task.points.length} 个数据点）。`,
};

function descentIterationText(state: RoomState, question: QuestionState): string {
  return DESCENT_TEXT[state.config.lang](question.index + 1, state.plan.length, toPublicDescentTask(descentOf(state).task));
}

/**
 * Which entry of each team's history a question closed: iterations are appended when a
 * question closes and not when it is skipped, so the n-th scored question closed entry n.
 */
function iterationOf(state: RoomState, question: QuestionState): number | null {
  if (question.voided || question.closedAt === null) return null;
  return state.questions.filter((q) => q.index < question.index && q.closedAt !== null && !q.voided).length;
}

function descentRows(state: RoomState, question: QuestionState): DescentIterationReport[] {
  const descent = descentOf(state);
  const task = toPublicDescentTask(descent.task);
  const iteration = iterationOf(state, question);
  if (iteration === null) return [];
  return state.teams.flatMap((team): DescentIterationReport[] => {
    const step: DescentIteration | undefined = descent.runs[team.id]?.history[iteration];
    if (!step) return [];
    return [
      {
        iteration: step.iteration,
        teamId: team.id,
        team: team.name,
        params: { ...step.params },
        loss: step.loss,
        lr: step.lr,
        submitted: step.submitted && { w: step.submitted.w, ...withW2(step.submitted.w2), b: step.submitted.b },
        proposedBy: person(state, step.submitted?.proposedBy),
        confirmedBy: person(state, step.submitted?.confirmedBy),
        verdicts: step.verdicts && { w: { ...step.verdicts.w }, ...(step.verdicts.w2 ? { w2: { ...step.verdicts.w2 } } : {}), b: step.verdicts.b && { ...step.verdicts.b } },
        diagnosisText: diagnosisText(
          step.verdicts?.w2 ? [step.verdicts.w.diagnosis, step.verdicts.w2.diagnosis, step.verdicts.b?.diagnosis] : [step.verdicts?.w.diagnosis, step.verdicts?.b?.diagnosis],
          state.config.lang,
        ),
        correct: step.correct,
        next: { ...step.next },
        nextLoss: measure(task, step.next).loss,
        waiting: step.waiting
          ? {
              count: step.waiting.count,
              latest: { w: step.waiting.latest.w, ...withW2(step.waiting.latest.w2), b: step.waiting.latest.b, proposedBy: person(state, step.waiting.latest.proposedBy) },
            }
          : null,
      },
    ];
  });
}

/** The task, every team's run, and — as on the projector — the ranking after the last iteration and w*, b* from the podium on. */
export function descentReport(state: RoomState): DescentReport {
  const descent = descentOf(state);
  const task = toPublicDescentTask(descent.task);
  const options = state.config.descent!;
  const phase = state.phase;
  const over = phase.phase === 'podium' || phase.phase === 'ended';
  const lastClosed = (phase.phase === 'reveal' || phase.phase === 'leaderboard') && phase.index + 1 >= state.plan.length;
  const withMembers = Object.values(descent.runs).filter((run) => playerList(state).some((p) => p.teamId === run.teamId));
  const ranking = over || lastClosed ? rankDescent(task, withMembers).map((r, i) => ({ teamId: r.teamId, rank: i + 1, loss: r.loss, correctSteps: r.correctSteps })) : null;
  return {
    task,
    lrMode: options.lr,
    confirm: options.confirm,
    iterations: state.plan.length,
    teams: state.teams.flatMap((team) => {
      const run = descent.runs[team.id];
      if (!run) return [];
      const finalLoss = measure(task, run.params).loss;
      return [
        {
          teamId: team.id,
          team: team.name,
          lr: run.lr,
          rank: ranking?.find((r) => r.teamId === team.id)?.rank ?? null,
          params: { ...run.params },
          finalLoss,
          correctSteps: run.history.filter((h) => h.correct).length,
          curve: [...run.history.map((h) => h.loss), finalLoss],
        },
      ];
    }),
    ranking,
    hidden: over ? { ...descent.task.hidden } : null,
  };
}


/** Mistakes are counted per team step (every member carries the team's verdicts); the problem is the iteration's description. */
export function descentQuestion(state: RoomState, question: QuestionState): QuestionReportPart {
  const descent = question.voided ? null : descentRows(state, question);
  const mistakes: QuestionReportPart['mistakes'] = [];
  for (const row of descent ?? []) {
    for (const key of new Set([row.verdicts?.w.diagnosis, row.verdicts?.w2?.diagnosis, row.verdicts?.b?.diagnosis])) if (key) mistakes.push({ key, message: { key: `diagnosis.${key}` } });
  }
  return { problemText: descentIterationText(state, question), hasAnswer: false, mistakes, distribution: [], rows: { descent } };
}

/** Descent Race rooms: one row per team per iteration, from the parameters it had to the ones it continued from. */
export function descentStepsCsv(report: RoomReport): Cell[][] {
  const l = { ...LABELS[report.room.lang], ...DESCENT_LABELS[report.room.lang] };
  const verdict = (v: { status: VerdictView['status'] } | null | undefined) => (v ? l.status[v.status] : null);
  // A two-input room gets w2's columns beside w's (named w1); a one-input room's CSV is as it always was.
  const two = report.descent ? hasTwoInputs(report.descent.task) : false;
  const pair = <T>(w: T, w2: T): T[] => (two ? [w, w2] : [w]);
  const rows: Cell[][] = [
    [
      l.iteration,
      l.team,
      ...pair(two ? l.w1 : l.w, l.w2),
      l.b,
      l.loss,
      l.lr,
      ...pair(two ? l.submittedW1 : l.submittedW, l.submittedW2),
      l.submittedB,
      l.proposedBy,
      l.confirmedBy,
      ...pair(two ? l.verdictW1 : l.verdictW, l.verdictW2),
      l.verdictB,
      l.diagnosis,
      l.stepCorrect,
      ...pair(two ? l.nextW1 : l.nextW, l.nextW2),
      l.nextB,
      l.nextLoss,
      l.waiting,
    ],
  ];
  // A proposal nobody confirmed before the close: what it was and who made it (and how many there were).
  const waiting = (w: DescentIterationReport['waiting']): Cell => {
    if (!w) return null;
    const values = two
      ? `w1' = ${w.latest.w}, w2' = ${w.latest.w2 ?? ''}${w.latest.b === null ? '' : `, b' = ${w.latest.b}`}`
      : `w' = ${w.latest.w}${w.latest.b === null ? '' : `, b' = ${w.latest.b}`}`;
    const who = w.latest.proposedBy?.name ? ` (${w.latest.proposedBy.name})` : '';
    return `${values}${who}${w.count > 1 ? ` · ${l.proposals(w.count)}` : ''}`;
  };
  const optional = (v: number | undefined): Cell => (v === undefined ? null : four(v));
  for (const q of report.questions) {
    for (const row of q.descent ?? []) {
      rows.push([
        row.iteration + 1,
        row.team,
        ...pair<Cell>(four(row.params.w), optional(row.params.w2)),
        four(row.params.b),
        four(row.loss),
        row.lr,
        ...pair<Cell>(row.submitted?.w ?? null, row.submitted?.w2 ?? null),
        row.submitted?.b ?? null,
        row.proposedBy?.name ?? null,
        row.confirmedBy?.name ?? null,
        ...pair<Cell>(verdict(row.verdicts?.w), verdict(row.verdicts?.w2)),
        verdict(row.verdicts?.b),
        row.diagnosisText,
        row.correct ? l.yes : l.no,
        ...pair<Cell>(four(row.next.w), optional(row.next.w2)),
        four(row.next.b),
        four(row.nextLoss),
        waiting(row.waiting),
      ]);
    }
  }
  return rows;
}

/** The teams CSV's descent columns: rank by loss, final loss and parameters, and (from the podium on) the hidden w*, b* (w1*, w2*, b*). */
export const descentTeamColumns = {
  header(report: RoomReport): Cell[] {
    const l = DESCENT_LABELS[report.room.lang];
    if (report.descent && hasTwoInputs(report.descent.task)) {
      return [l.lossRank, l.finalLoss, l.correctSteps, l.lr, l.finalW1, l.finalW2, l.finalB, l.hiddenW1, l.hiddenW2, l.hiddenB];
    }
    return [l.lossRank, l.finalLoss, l.correctSteps, l.lr, l.finalW, l.finalB, l.hiddenW, l.hiddenB];
  },
  row(report: RoomReport, teamId: string): Cell[] {
    const run = report.descent?.teams.find((d) => d.teamId === teamId);
    const hidden = report.descent?.hidden ?? null;
    const two = report.descent ? hasTwoInputs(report.descent.task) : false;
    return [
      run?.rank ?? null,
      run ? four(run.finalLoss) : null,
      run?.correctSteps ?? null,
      run?.lr ?? null,
      run ? four(run.params.w) : null,
      ...(two ? [run?.params.w2 === undefined ? null : four(run.params.w2)] : []),
      run ? four(run.params.b) : null,
      hidden?.w ?? null,
      ...(two ? [hidden?.w2 ?? null] : []),
      hidden?.b ?? null,
    ];
  },
};
