/**
 * The contest board and the report's figures: a pure function of the contest, its rooms' summaries
 * and the time, so every node that reads the same store shows the same board, and the report is the
 * board with everyone in it.
 *
 * - Players over every room, by score (ties share a rank, as in a room), then by room order and the
 *   room's own order: the ranking equals the room reports' players put together.
 * - Teams as `<slot>:<team>` by their rounded mean; rooms by the mean score of their players (rounded
 *   half up), so a big class does not win by size. An empty or unopened room is not ranked.
 * - Gating: a question's statistics appear only once every expected room has passed it (closed it, or
 *   ended) — a room not opened yet counts as behind — or once the contest has ended. Nothing here is
 *   ever an answer: names, scores and counts only.
 */
import type { MisconceptionKey } from '../../shared/engine/index.ts';
import {
  CONTEST_LIMITS,
  type ContestBoard,
  type ContestBoardPlayer,
  type ContestBoardQuestion,
  type ContestBoardRoom,
  type ContestBoardTeam,
  type ContestReport,
  type ContestView,
} from '../../shared/protocol/contests.ts';
import { competitionRanks, meanPoints } from '../room/scoring.ts';
import type { ContestRecord, RoomSummary, SlotRoom } from './contest-store.ts';

/** Mistakes a board question lists. */
const BOARD_MISTAKES = 5;

export function contestView(record: ContestRecord): ContestView {
  return {
    code: record.code,
    title: record.settings.title,
    settings: record.settings,
    set: { id: record.set.id ?? record.settings.setId, title: record.set.title, items: record.set.items.length },
    stage: record.stage,
    boardPath: `/contest/${record.code}`,
    createdAt: record.createdAt,
  };
}

const FINISHED = new Set<RoomSummary['status']>(['podium', 'ended']);

/** Whether this room has passed question `index` (closed it, or ended before it). */
export function passed(summary: RoomSummary | undefined, index: number): boolean {
  return summary !== undefined && (summary.closedCount > index || FINISHED.has(summary.status));
}

/** Whether question `index`'s statistics may be shown: every expected room passed it, or the contest ended. */
export function questionVisible(record: ContestRecord, bySlot: ReadonlyMap<string, RoomSummary>, index: number): boolean {
  if (record.stage.stage === 'ended') return true;
  return record.slots.every((slot) => passed(bySlot.get(slot.slotId), index));
}

function ranked<T extends { score: number }>(items: T[]): Array<T & { rank: number }> {
  const ranks = competitionRanks(items.map((i) => i.score));
  return items.map((item, i) => ({ ...item, rank: ranks[i]! }));
}

interface Figures {
  rooms: ContestBoardRoom[];
  players: ContestBoardPlayer[];
  teams: ContestBoardTeam[] | null;
  /** Per item: its statistics, or `null` while gated. */
  questions: (ContestBoardQuestion | null)[];
  /** Over the visible questions, per mistake: its count, and its count per slot. */
  mistakes: Map<MisconceptionKey, { count: number; rooms: Record<string, number> }>;
}

function figures(record: ContestRecord, summaries: readonly RoomSummary[]): Figures {
  const bySlot = new Map(summaries.map((s) => [s.slotId, s]));
  const slotOrder = new Map(record.slots.map((s, i) => [s.slotId, i]));

  const roomRows = record.slots.map((slot) => {
    const summary = bySlot.get(slot.slotId);
    const total = summary?.players.reduce((sum, p) => sum + p.score, 0) ?? 0;
    const players = summary?.players.length ?? 0;
    return {
      slotId: slot.slotId,
      label: slot.label,
      status: summary?.status ?? 'not-open',
      questionIndex: summary?.questionIndex ?? null,
      players,
      meanScore: meanPoints(total, players),
    } satisfies Omit<ContestBoardRoom, 'rank'>;
  });
  const rankable = roomRows.filter((r) => r.players > 0).sort((a, b) => b.meanScore - a.meanScore || slotOrder.get(a.slotId)! - slotOrder.get(b.slotId)!);
  const roomRanks = new Map(ranked(rankable.map((r) => ({ slotId: r.slotId, score: r.meanScore }))).map((r) => [r.slotId, r.rank]));
  const rooms: ContestBoardRoom[] = roomRows.map((r) => ({ ...r, rank: roomRanks.get(r.slotId) ?? null }));

  // Each summary lists its players in the room's own order (score, then who joined first): a stable sort keeps it.
  const everyone = record.slots.flatMap((slot) => {
    const summary = bySlot.get(slot.slotId);
    if (!summary) return [];
    const teamNames = new Map((summary.teams ?? []).map((t) => [t.id, t.name]));
    return summary.players.map((p) => ({
      id: `${slot.slotId}:${p.id}`,
      name: p.name,
      roomLabel: slot.label,
      teamName: p.teamId === null ? null : (teamNames.get(p.teamId) ?? null),
      score: p.score,
      correct: p.correct,
      asked: p.asked,
    }));
  });
  const players = ranked(everyone.sort((a, b) => b.score - a.score));

  let teams: ContestBoardTeam[] | null = null;
  if (record.settings.ranking !== 'players' && record.settings.teams !== null) {
    const all = record.slots.flatMap((slot) =>
      (bySlot.get(slot.slotId)?.teams ?? [])
        .filter((t) => t.members > 0)
        .map((t) => ({ id: `${slot.slotId}:${t.id}`, name: t.name, colour: t.colour, roomLabel: slot.label, members: t.members, score: t.score })),
    );
    teams = ranked(all.sort((a, b) => b.score - a.score));
  }

  const mistakes: Figures['mistakes'] = new Map();
  const questions = record.set.items.map((_, index): ContestBoardQuestion | null => {
    if (!questionVisible(record, bySlot, index)) return null;
    let answered = 0;
    let correct = 0;
    const correctByRoom: Record<string, number> = {};
    const counts = new Map<MisconceptionKey, number>();
    for (const slot of record.slots) {
      const question = bySlot.get(slot.slotId)?.questions.find((q) => q.index === index);
      if (!question) continue;
      answered += question.answered;
      correct += question.correct;
      correctByRoom[slot.slotId] = question.answered === 0 ? 0 : Math.round((question.correct / question.answered) * 1000) / 1000;
      for (const [key, count] of Object.entries(question.mistakes) as [MisconceptionKey, number][]) {
        counts.set(key, (counts.get(key) ?? 0) + count);
        const entry = mistakes.get(key) ?? { count: 0, rooms: {} };
        entry.count += count;
        entry.rooms[slot.slotId] = (entry.rooms[slot.slotId] ?? 0) + count;
        mistakes.set(key, entry);
      }
    }
    const top = [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
    return { index, answered, correct, correctByRoom, mistakes: top.slice(0, BOARD_MISTAKES) };
  });
  return { rooms, players, teams, questions, mistakes };
}

/** Every expected room has finished (podium or ended). */
function allFinished(rooms: readonly ContestBoardRoom[]): boolean {
  return rooms.every((r) => r.status === 'podium' || r.status === 'ended');
}

const podiumOf = <T extends { rank: number | null }>(items: readonly T[]): T[] => items.filter((i) => i.rank !== null && i.rank <= 3);

export function buildBoard(record: ContestRecord, summaries: readonly RoomSummary[], now: number): ContestBoard {
  const f = figures(record, summaries);
  const over = record.stage.stage === 'ended' || allFinished(f.rooms);
  const rankedRooms = f.rooms.filter((r) => r.rank !== null).sort((a, b) => a.rank! - b.rank!);
  return {
    code: record.code,
    title: record.settings.title,
    pacing: record.settings.pacing,
    ranking: record.settings.ranking,
    stage: record.stage,
    total: record.set.items.length,
    rooms: f.rooms,
    players: f.players.slice(0, CONTEST_LIMITS.boardPlayers),
    totalPlayers: f.players.length,
    teams: f.teams,
    questions: f.questions,
    podium: over ? { players: podiumOf(f.players), teams: f.teams === null ? null : podiumOf(f.teams), rooms: podiumOf(rankedRooms) } : null,
    serverNow: now,
  };
}

/** The organizer's report: the board's figures with every player, and every visible question's. */
export function buildContestReport(record: ContestRecord, summaries: readonly RoomSummary[], slotRooms: readonly SlotRoom[]): ContestReport {
  const f = figures(record, summaries);
  const codes = new Map(slotRooms.map((r) => [r.slotId, r.roomCode]));
  const mistakes = [...f.mistakes]
    .map(([key, m]) => ({ key, count: m.count, rooms: m.rooms }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
  return {
    contest: contestView(record),
    rooms: f.rooms.map((r) => ({ ...r, roomCode: codes.get(r.slotId) ?? null })),
    players: f.players,
    teams: f.teams,
    questions: f.questions.filter((q): q is ContestBoardQuestion => q !== null),
    mistakes,
  };
}

/** Each mistake's message as the rooms wrote it (for the CSV), by key. */
export function mistakeTexts(summaries: readonly RoomSummary[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const summary of summaries) {
    for (const question of summary.questions) {
      for (const [key, text] of Object.entries(question.mistakeTexts ?? {})) if (text && !texts.has(key)) texts.set(key, text);
    }
  }
  return texts;
}
