/**
 * A game's report for its host: every player's answers, every question's statistics and
 * every team's score, from the room's state. Only closed questions appear: the open one
 * is left out until its reveal, so a report shown on the projector cannot leak an answer.
 * Relay rounds add every team's chain link by link; Descent Race iterations add every
 * team's step, and the room its ranking and (from the podium on) the hidden w*, b*.
 */
import {
  type Lang,
  type MisconceptionKey,
  type Problem,
  type PublicDescentTask,
  type Text,
  formatNumber,
  measure,
  renderText,
  toPublicDescentTask,
  toPublicProblem,
} from '../../shared/engine/index.ts';
import type {
  DescentIterationReport,
  DescentReport,
  DistributionEntry,
  PlayerReport,
  QuestionReport,
  RelayTeamReport,
  ReportAnswer,
  ReportMisconception,
  ReportPerson,
  ResultStatus,
  RoomReport,
  TeamReport,
} from '../../shared/protocol/index.ts';
import { type DescentIteration, rankDescent } from '../modes/descent-rules.ts';
import { type RelayTeamRun, errorEntry, rankRuns } from '../modes/relay-rules.ts';
import { type QuestionState, type RoomState, isComplete, isRelayProblem, playerList, problemFor, rankTeams } from '../room/room-state.ts';
import { competitionRanks } from '../room/scoring.ts';
import { answerKey, roomInfoView } from '../room/view.ts';

export interface ReportContext {
  /** Running on this server now. */
  live: boolean;
  finishedAt: number | null;
  now: number;
}

/** Separates the steps of a multi-step answer in one cell. */
export const STEP_SEPARATOR = ' ; ';

function emptyByStatus(): Record<ResultStatus, number> {
  return { correct: 0, close: 0, wrong: 0, invalid: 0, partial: 0, none: 0 };
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;
}

/** The public problem as plain text: setup, given values, prompt, steps, choices (`$…$` is LaTeX). */
export function problemText(problem: Problem, lang: Lang): string {
  const parts: string[] = [];
  const render = (text: Text) => renderText(text, lang);
  if (problem.setup) parts.push(render(problem.setup));
  if (problem.given.length > 0) parts.push(problem.given.map((g) => `$${g.symbol} \\approx ${g.display}$`).join(lang === 'zh-CN' ? ',' : ', '));
  parts.push(render(problem.prompt));
  problem.steps?.forEach((step, i) => parts.push(`${i + 1}. ${render(step.prompt)}`));
  if (problem.choices) parts.push(problem.choices.map((c) => `[${c.id}] ${render(c.label)}`).join(' '));
  return parts.join(' ');
}

/** How an answer is grouped in a distribution: 3 significant figures, or the choice id (as on the reveal). */
function bucketOf(value: number | string): string {
  return typeof value === 'number' ? formatNumber(value, 3) : value;
}

/** Seconds from the opening to the counted answer; on a timed question, paused time is left out. */
function secondsToAnswer(question: QuestionState, playerId: string): number | null {
  const steps = question.submissions[playerId]?.steps.filter((s) => s !== null) ?? [];
  if (steps.length === 0) return null;
  const last = steps.reduce((a, s) => (s.at >= a.at ? s : a));
  const ms = question.limitMs !== null && last.remainingMs !== null ? question.limitMs - last.remainingMs : last.at - question.openedAt;
  return Math.round(Math.max(0, ms) / 100) / 10;
}

function seconds(ms: number): number {
  return Math.round(Math.max(0, ms) / 100) / 10;
}

/** The mistakes named in a verdict pair, in the room's language. */
function diagnosisText(keys: readonly (MisconceptionKey | null | undefined)[], lang: Lang): string | null {
  const named = [...new Set(keys.filter((k): k is MisconceptionKey => !!k))];
  return named.length === 0 ? null : named.map((key) => renderText({ key: `diagnosis.${key}` }, lang)).join(' ');
}

/** A relay player's answer: the links they held, as sent (the team's chain is in the question's `relay`). */
function relayAnswerOf(question: QuestionState, player: { id: string; teamId: string | null }): ReportAnswer {
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

/** A descent player's answer: the team's submission (each member is scored on it). */
function descentAnswerOf(question: QuestionState, player: { id: string }): ReportAnswer {
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

function answerOf(state: RoomState, question: QuestionState, player: { id: string; teamId: string | null }): ReportAnswer {
  if (question.relay) return relayAnswerOf(question, player);
  if (state.descent) return descentAnswerOf(question, player);
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

function questionReport(state: RoomState, question: QuestionState): QuestionReport {
  const lang = state.config.lang;
  const byStatus = emptyByStatus();
  const distribution = new Map<string, DistributionEntry>();
  const misconceptions = new Map<string, ReportMisconception>();
  let players = 0;
  let answered = 0;
  let correct = 0;
  // Everyone scored on the question when it closed, including players who have left since.
  const results = question.voided ? {} : (question.results ?? {});
  // In the team modes every member carries the team's verdicts: mistakes are counted per link or per team instead.
  const teamMode = question.relay !== undefined || state.descent !== undefined;
  const count = (key: MisconceptionKey, message: Text) => {
    const entry = misconceptions.get(key);
    if (entry) entry.count++;
    else misconceptions.set(key, { key, message, text: renderText(message, lang), count: 1 });
  };
  for (const [playerId, result] of Object.entries(results)) {
    players++;
    byStatus[result.status]++;
    if (result.status !== 'none') answered++;
    if (result.correct) correct++;
    if (teamMode) continue;
    for (const v of result.verdicts) {
      if (v.diagnosis === null || v.message === null) continue;
      count(v.diagnosis, v.message);
    }
    const submission = question.submissions[playerId];
    // Multi-step answers are compared by their last step, the one the problem finally asks.
    const step = submission && isComplete(question, submission) ? submission.steps[submission.steps.length - 1] : null;
    if (!step) continue;
    const answer = bucketOf(step.value);
    const key = `${step.status}|${answer}`;
    const entry = distribution.get(key);
    if (entry) entry.count++;
    else distribution.set(key, { answer, status: step.status, count: 1 });
  }
  const relay = question.relay && !question.voided ? relayRound(state, question, question.relay) : null;
  const descent = state.descent && !question.voided ? descentRows(state, question) : null;
  for (const link of relay?.flatMap((team) => team.links) ?? []) {
    if (link.diagnosis) count(link.diagnosis, { key: `diagnosis.${link.diagnosis}` });
  }
  for (const row of descent ?? []) {
    for (const key of new Set([row.verdicts?.w.diagnosis, row.verdicts?.b?.diagnosis])) if (key) count(key, { key: `diagnosis.${key}` });
  }
  return {
    questionId: question.id,
    index: question.index,
    kind: question.kind,
    difficulty: question.difficulty,
    void: question.voided,
    closedBy: question.closedBy,
    problem: toPublicProblem(question.problem),
    problemText: state.descent ? descentIterationText(state, question) : problemText(question.problem, lang),
    // A descent iteration's problem is a placeholder: each team's step is graded from its own parameters.
    answer: question.voided || state.descent ? null : answerKey(question.problem),
    variantAnswers:
      question.voided || !question.variants
        ? null
        : Object.entries(question.variants).map(([teamId, problem]) => ({ teamId, answer: answerKey(problem) })),
    players,
    answered,
    correct,
    accuracy: question.voided ? null : ratio(correct, players),
    byStatus,
    distribution: [...distribution.values()].sort((a, b) => b.count - a.count || (a.answer < b.answer ? -1 : 1)),
    misconceptions: [...misconceptions.values()].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1)),
    ...(question.relay ? { relay } : {}),
    ...(state.descent ? { descent } : {}),
  };
}

// ─── Backprop Relay ─────────────────────────────────────────────────────────────────

/** Every team's chain in a closed round, ranked as on the reveal (fastest fully correct first). */
function relayRound(state: RoomState, question: QuestionState, runs: Record<string, RelayTeamRun>): RelayTeamReport[] {
  const ranked = rankRuns(Object.values(runs));
  const winner = ranked[0]?.fullyCorrect ? ranked[0].teamId : null;
  const teamName = (id: string) => state.teams.find((t) => t.id === id)?.name ?? id;
  const nameOf = (id: string) => state.players[id]?.name ?? state.departed?.[id]?.name ?? null;
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
          holder: nameOf(holderId),
          received: sent?.received ?? null,
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

// ─── Descent Race ───────────────────────────────────────────────────────────────────

const DESCENT_TEXT: Record<Lang, (n: number, total: number, task: PublicDescentTask) => string> = {
  en: (n, total, task) =>
    `Descent Race, iteration ${n} of ${total}: each team takes one gradient-descent step on ${task.trainBias ? 'w and b' : 'w'} from its own parameters (${task.activation} neuron, ${task.points.length} data points).`,
  'zh-CN': (n, total, task) =>
    `梯度下降竞赛 第 ${n}/${total} 次迭代：各队从自己的参数出发，对 ${task.trainBias ? 'w 和 b' : 'w'} 做一步梯度下降（${task.activation === 'sigmoid' ? 'sigmoid' : '线性'}神经元，${task.points.length} 个数据点）。`,
};

function descentIterationText(state: RoomState, question: QuestionState): string {
  return DESCENT_TEXT[state.config.lang](question.index + 1, state.plan.length, toPublicDescentTask(state.descent!.task));
}

/**
 * Which entry of each team's history a question closed: iterations are appended when a
 * question closes and not when it is skipped, so the n-th scored question closed entry n.
 */
function iterationOf(state: RoomState, question: QuestionState): number | null {
  if (question.voided || question.closedAt === null) return null;
  return state.questions.filter((q) => q.index < question.index && q.closedAt !== null && !q.voided).length;
}

function person(state: RoomState, playerId: string | null | undefined): ReportPerson | null {
  if (!playerId) return null;
  return { playerId, name: state.players[playerId]?.name ?? state.departed?.[playerId]?.name ?? null };
}

function descentRows(state: RoomState, question: QuestionState): DescentIterationReport[] {
  const descent = state.descent!;
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
        submitted: step.submitted && { w: step.submitted.w, b: step.submitted.b },
        proposedBy: person(state, step.submitted?.proposedBy),
        confirmedBy: person(state, step.submitted?.confirmedBy),
        verdicts: step.verdicts && { w: { ...step.verdicts.w }, b: step.verdicts.b && { ...step.verdicts.b } },
        diagnosisText: diagnosisText([step.verdicts?.w.diagnosis, step.verdicts?.b?.diagnosis], state.config.lang),
        correct: step.correct,
        next: { ...step.next },
        nextLoss: measure(task, step.next).loss,
      },
    ];
  });
}

/** The task, every team's run, and — as on the projector — the ranking after the last iteration and w*, b* from the podium on. */
function descentReport(state: RoomState): DescentReport {
  const descent = state.descent!;
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

export function buildReport(state: RoomState, context: ReportContext): RoomReport {
  const closed = state.questions.filter((q) => q.closedAt !== null);
  const teamNames = new Map(state.teams.map((t) => [t.id, t.name]));
  const players = playerList(state).sort((a, b) => b.score - a.score || a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : 1));
  const ranks = competitionRanks(players.map((p) => p.score));
  const departed = Object.values(state.departed ?? {})
    .filter((d) => !state.players[d.id])
    .sort((a, b) => a.at - b.at);
  const playerReports: PlayerReport[] = [
    ...players.map((p, i) => ({ player: p, rank: ranks[i]!, departed: null })),
    ...departed.map((d) => ({ player: d, rank: null, departed: d.reason })),
  ].map(({ player: p, rank, departed: why }) => ({
    playerId: p.id,
    name: p.name,
    teamId: p.teamId,
    team: p.teamId === null ? null : (teamNames.get(p.teamId) ?? null),
    rank,
    departed: why === 'left' ? 'left' : why === 'kicked' ? 'kicked' : null,
    score: p.score,
    correct: p.correct,
    asked: p.asked,
    accuracy: ratio(p.correct, p.asked),
    answers: closed.map((q) => answerOf(state, q, p)),
  }));
  const teamRanks = rankTeams(state);
  const teams: TeamReport[] | null = state.config.teams
    ? state.teams
        .map((t) => {
          const ranked = teamRanks.get(t.id)!;
          return {
            teamId: t.id,
            name: t.name,
            colour: t.colour,
            rank: ranked.rank,
            score: ranked.score,
            members: players.filter((p) => p.teamId === t.id).map((p) => ({ playerId: p.id, name: p.name, score: p.score })),
          };
        })
        .sort((a, b) => a.rank - b.rank || (a.teamId < b.teamId ? -1 : 1))
    : null;
  const info = roomInfoView(state);
  return {
    room: {
      code: state.code,
      title: info.title,
      mode: info.mode,
      lang: info.lang,
      phase: state.phase.phase,
      live: context.live,
      createdAt: state.createdAt,
      finishedAt: context.finishedAt,
      questionCount: info.questionCount,
      scoredQuestions: state.scoredQuestions,
      timeLimitMs: info.timeLimitMs,
      teams: info.teams,
    },
    generatedAt: context.now,
    questions: closed.map((q) => questionReport(state, q)),
    players: playerReports,
    teams,
    ...(state.descent ? { descent: descentReport(state) } : {}),
  };
}
