/**
 * A game's report for its host: every player's answers, every question's statistics and
 * every team's score, from the room's state. Only closed questions appear: the open one
 * is left out until its reveal, so a report shown on the projector cannot leak an answer.
 * The room's mode gives each answer, its rows of a question (a relay's chains link by link,
 * a descent's team steps) and its room-wide part (a descent's task and ranking).
 */
import { renderText, toPublicProblem } from '../../shared/engine/index.ts';
import type { PlayerReport, QuestionReport, ReportMisconception, ResultStatus, RoomReport, TeamReport } from '../../shared/protocol/index.ts';
import { modeOf } from '../modes/registry.ts';
import { answerKey, finalValues } from '../room/answer-key.ts';
import { competitionRanks } from '../room/scoring.ts';
import { type QuestionState, type RoomState, multiplierOf, playerList, rankTeams } from '../room/state.ts';
import { roomInfoView } from '../room/view.ts';

export { STEP_SEPARATOR, problemText } from './report-parts.ts';

export interface ReportContext {
  /** Running on this server now. */
  live: boolean;
  finishedAt: number | null;
  now: number;
}

function emptyByStatus(): Record<ResultStatus, number> {
  return { correct: 0, close: 0, wrong: 0, invalid: 0, partial: 0, none: 0 };
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;
}

function questionReport(state: RoomState, question: QuestionState): QuestionReport {
  const lang = state.config.lang;
  const byStatus = emptyByStatus();
  let players = 0;
  let answered = 0;
  let correct = 0;
  // Everyone scored on the question when it closed, including players who have left since.
  const results = question.voided ? {} : (question.results ?? {});
  for (const result of Object.values(results)) {
    players++;
    byStatus[result.status]++;
    if (result.status !== 'none') answered++;
    if (result.correct) correct++;
  }
  const part = modeOf(state).report.question(state, question);
  const misconceptions = new Map<string, ReportMisconception>();
  for (const { key, message } of part.mistakes) {
    const entry = misconceptions.get(key);
    if (entry) entry.count++;
    else misconceptions.set(key, { key, message, text: renderText(message, lang), count: 1 });
  }
  const item = question.item === undefined ? null : state.config.set?.items[question.item];
  return {
    questionId: question.id,
    index: question.index,
    origin: item ? { type: item.type, item: question.item! + 1 } : null,
    points: multiplierOf(question),
    kind: question.kind,
    difficulty: question.difficulty,
    void: question.voided,
    closedBy: question.closedBy,
    problem: toPublicProblem(question.problem),
    problemText: part.problemText,
    answer: question.voided || !part.hasAnswer ? null : answerKey(question.problem, finalValues(question, question.problem)),
    variantAnswers:
      question.voided || !question.variants
        ? null
        : Object.entries(question.variants).map(([teamId, problem]) => ({ teamId, answer: answerKey(problem, finalValues(question, problem)) })),
    players,
    answered,
    correct,
    accuracy: question.voided ? null : ratio(correct, players),
    byStatus,
    distribution: part.distribution.sort((a, b) => b.count - a.count || (a.answer < b.answer ? -1 : 1)),
    misconceptions: [...misconceptions.values()].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1)),
    ...part.rows,
  };
}

export function buildReport(state: RoomState, context: ReportContext): RoomReport {
  const mode = modeOf(state);
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
    answers: closed.map((q) => mode.report.answer(state, q, p)),
  }));
  const teamRanks = rankTeams(state);
  const teams: TeamReport[] | null = state.config.teams
    ? state.teams
        .filter((t) => teamRanks.has(t.id))
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
      set: info.set,
    },
    generatedAt: context.now,
    questions: closed.map((q) => questionReport(state, q)),
    players: playerReports,
    teams,
    ...mode.report.room?.(state),
  };
}
