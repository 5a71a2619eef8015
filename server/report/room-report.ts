/**
 * A game's report for its host: every player's answers, every question's statistics and
 * every team's score, from the room's state. Only closed questions appear: the open one
 * is left out until its reveal, so a report shown on the projector cannot leak an answer.
 */
import { type Lang, type Problem, type Text, formatNumber, renderText, toPublicProblem } from '../../shared/engine/index.ts';
import type {
  DistributionEntry,
  PlayerReport,
  QuestionReport,
  ReportAnswer,
  ReportMisconception,
  ResultStatus,
  RoomReport,
  TeamReport,
} from '../../shared/protocol.ts';
import { type QuestionState, type RoomState, isComplete, playerList, problemFor, rankTeams } from '../room/room-state.ts';
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

function answerOf(question: QuestionState, player: { id: string; teamId: string | null }): ReportAnswer {
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
  for (const [playerId, result] of Object.entries(results)) {
    players++;
    byStatus[result.status]++;
    if (result.status !== 'none') answered++;
    if (result.correct) correct++;
    for (const v of result.verdicts) {
      if (v.diagnosis === null || v.message === null) continue;
      const entry = misconceptions.get(v.diagnosis);
      if (entry) entry.count++;
      else misconceptions.set(v.diagnosis, { key: v.diagnosis, message: v.message, text: renderText(v.message, lang), count: 1 });
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
  return {
    questionId: question.id,
    index: question.index,
    kind: question.kind,
    difficulty: question.difficulty,
    void: question.voided,
    closedBy: question.closedBy,
    problem: toPublicProblem(question.problem),
    problemText: problemText(question.problem, lang),
    answer: question.voided ? null : answerKey(question.problem),
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
    answers: closed.map((q) => answerOf(q, p)),
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
  };
}
