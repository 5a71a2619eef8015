/**
 * A contest room's summary (contest-store.ts RoomSummary) from its state: what the board and the hub
 * need, never an answer. Players in the room report's order (score, then who joined first), so the
 * board's ranking is the room reports' put together.
 */
import { renderText } from '../../shared/engine/index.ts';
import type { MisconceptionKey } from '../../shared/engine/index.ts';
import { modeOf } from '../modes/registry.ts';
import { type QuestionState, type RoomState, playerList, rankTeams } from '../room/state.ts';
import type { RoomSummary, SummaryQuestion } from './contest-store.ts';

/** A closed question never changes again: its figures are worked out once. */
const closedFigures = new WeakMap<QuestionState, SummaryQuestion>();

function questionFigures(state: Readonly<RoomState>, question: QuestionState): SummaryQuestion {
  const cached = closedFigures.get(question);
  if (cached) return cached;
  let answered = 0;
  let correct = 0;
  for (const result of Object.values(question.results ?? {})) {
    if (result.status !== 'none') answered++;
    if (result.correct) correct++;
  }
  const mistakes: Partial<Record<MisconceptionKey, number>> = {};
  const mistakeTexts: Partial<Record<MisconceptionKey, string>> = {};
  for (const { key, message } of modeOf(state as RoomState).report.question(state as RoomState, question).mistakes) {
    mistakes[key] = (mistakes[key] ?? 0) + 1;
    mistakeTexts[key] ??= renderText(message, state.config.lang);
  }
  const figures: SummaryQuestion = { index: question.index, answered, correct, mistakes, mistakeTexts };
  closedFigures.set(question, figures);
  return figures;
}

/** The summary without its `seq` and time (the hub adds them when it writes). */
export type SummaryBody = Omit<RoomSummary, 'seq' | 'updatedAt'>;

export function summaryOf(state: Readonly<RoomState>): SummaryBody | null {
  const contest = state.contest;
  if (!contest) return null;
  const phase = state.phase;
  const status: RoomSummary['status'] = phase.phase === 'question' && phase.held ? 'held' : phase.phase;
  const closed = state.questions.filter((q) => q.closedAt !== null);
  const questionIndex =
    phase.phase === 'question' || phase.phase === 'reveal' || phase.phase === 'leaderboard' ? phase.index : closed.length > 0 ? closed[closed.length - 1]!.index : null;
  const players = playerList(state as RoomState)
    .sort((a, b) => b.score - a.score || a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : 1))
    .map((p) => ({ id: p.id, name: p.name, teamId: p.teamId, score: p.score, correct: p.correct, asked: p.asked }));
  let teams: RoomSummary['teams'] = null;
  if (state.config.teams) {
    const ranks = rankTeams(state as RoomState);
    teams = state.teams.filter((t) => ranks.has(t.id)).map((t) => ({ id: t.id, name: t.name, colour: t.colour, members: ranks.get(t.id)!.members, score: ranks.get(t.id)!.score }));
  }
  return {
    slotId: contest.slotId,
    roomCode: state.code,
    status,
    questionIndex,
    heldIndex: phase.phase === 'question' && phase.held ? phase.index : null,
    closedCount: closed.length,
    players,
    teams,
    // A voided question (skipped, or ended while open) has no figures: it counts as passed, not as played.
    questions: closed.filter((q) => !q.voided).map((q) => questionFigures(state, q)),
  };
}
