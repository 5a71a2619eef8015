/**
 * The board's rules as pure functions of a contest and its room summaries (contest-board.ts), and the
 * hub's rule of what a lockstep room lacks (contest-hub.ts nextEvent): the cases a played game reaches
 * only by chance.
 */
import { describe, expect, it } from 'vitest';
import { CONTEST_LIMITS } from '../../shared/protocol/contests.ts';
import { buildBoard } from '../../server/contests/contest-board.ts';
import { nextEvent } from '../../server/contests/contest-hub.ts';
import type { ContestRecord, RoomSummary } from '../../server/contests/contest-store.ts';
import type { PhaseState, RoomState } from '../../server/room/state.ts';
import { sampleContest } from './contest-store-suite.ts';

function summary(slotId: string, overrides: Partial<RoomSummary> = {}): RoomSummary {
  return {
    slotId,
    roomCode: `R${slotId.toUpperCase()}AAA`.slice(0, 6),
    seq: 1,
    updatedAt: 0,
    status: 'question',
    questionIndex: 0,
    heldIndex: null,
    closedCount: 0,
    players: [],
    teams: null,
    questions: [],
    ...overrides,
  };
}
const player = (id: string, score: number, teamId: string | null = null) => ({ id, name: id, teamId, score, correct: 0, asked: 0 });
const figures = (index: number, answered: number, correct: number, mistakes = {}) => ({ index, answered, correct, mistakes });

describe('the board', () => {
  const contest = sampleContest({}, 3);

  it('ranks players over every room (ties share a rank), rooms by their mean, teams per room', () => {
    const board = buildBoard(
      contest,
      [
        summary('s1', { players: [player('a', 900, 't1'), player('b', 300, 't2')], teams: [{ id: 't1', name: 'Red', colour: '#f00', members: 1, score: 900 }, { id: 't2', name: 'Blue', colour: '#00f', members: 1, score: 300 }] }),
        summary('s2', { players: [player('c', 900, 't1'), player('d', 601, 't1'), player('e', 0, 't1')], teams: [{ id: 't1', name: 'Red', colour: '#f00', members: 3, score: 500 }] }),
      ],
      5,
    );
    expect(board.players.map((p) => [p.id, p.rank])).toEqual([['s1:a', 1], ['s2:c', 1], ['s2:d', 3], ['s1:b', 4], ['s2:e', 5]]);
    // Means: 600 and 500.33 → 500; the third room is not open and not ranked.
    expect(board.rooms.map((r) => [r.slotId, r.status, r.meanScore, r.rank])).toEqual([['s1', 'question', 600, 1], ['s2', 'question', 500, 2], ['s3', 'not-open', 0, null]]);
    expect(board.teams!.map((t) => [t.id, t.roomLabel, t.score, t.rank])).toEqual([['s1:t1', 'Class 1', 900, 1], ['s2:t1', 'Class 2', 500, 2], ['s1:t2', 'Class 1', 300, 3]]);
    expect(board.podium).toBeNull();
    expect(board.serverNow).toBe(5);
  });

  it('rounds a room\'s mean half up', () => {
    const board = buildBoard(contest, [summary('s1', { players: [player('a', 1), player('b', 2)] })], 0);
    expect(board.rooms[0]!.meanScore).toBe(2);
  });

  it('lists the top players only, and counts everyone', () => {
    const many = Array.from({ length: CONTEST_LIMITS.boardPlayers + 7 }, (_, i) => player(`p${i}`, i));
    const board = buildBoard(contest, [summary('s1', { players: many })], 0);
    expect(board.players).toHaveLength(CONTEST_LIMITS.boardPlayers);
    expect(board.totalPlayers).toBe(CONTEST_LIMITS.boardPlayers + 7);
    expect(board.players[0]!.score).toBe(CONTEST_LIMITS.boardPlayers + 6);
  });

  it('shows a question once every expected room passed it; a room not opened is behind; the end shows all', () => {
    const passedFirst = [
      summary('s1', { closedCount: 2, questions: [figures(0, 3, 2, { 'sign-error': 2 }), figures(1, 3, 1)] }),
      summary('s2', { closedCount: 1, questions: [figures(0, 2, 2, { 'sign-error': 1, 'forgot-chain': 1 })] }),
    ];
    expect(buildBoard(contest, passedFirst, 0).questions.every((q) => q === null)).toBe(true);
    const all = [...passedFirst, summary('s3', { status: 'podium', closedCount: 0 })];
    const board = buildBoard(contest, all, 0);
    expect(board.questions[0]).toEqual({
      index: 0,
      answered: 5,
      correct: 4,
      correctByRoom: { s1: 0.667, s2: 1 },
      mistakes: [{ key: 'sign-error', count: 3 }, { key: 'forgot-chain', count: 1 }],
    });
    expect(board.questions.slice(1).every((q) => q === null)).toBe(true);
    const ended: ContestRecord = { ...contest, stage: { stage: 'ended', endedAt: 1 } };
    const over = buildBoard(ended, passedFirst, 0);
    expect(over.questions[1]).toMatchObject({ index: 1, answered: 3, correct: 1 });
    expect(over.podium).not.toBeNull();
  });

  it('has no teams with players-only ranking, and a podium once every room finished', () => {
    const players = sampleContest({ settings: { ...contest.settings, ranking: 'players', teams: null } }, 2);
    const board = buildBoard(players, [summary('s1', { status: 'podium', players: [player('a', 5), player('b', 4), player('c', 4), player('d', 1)] }), summary('s2', { status: 'ended', players: [player('e', 3)] })], 0);
    expect(board.teams).toBeNull();
    expect(board.podium!.players.map((p) => [p.id, p.rank])).toEqual([['s1:a', 1], ['s1:b', 2], ['s1:c', 2]]);
    expect(board.podium!.teams).toBeNull();
    expect(board.podium!.rooms.map((r) => r.slotId)).toEqual(['s1', 's2']);
  });
});

describe('what a lockstep room lacks (the hub\'s rule)', () => {
  const lockstep = sampleContest({ settings: { ...sampleContest().settings, pacing: 'lockstep' } }, 2);
  const at = (stage: ContestRecord['stage']): ContestRecord => ({ ...lockstep, stage });
  const room = (phase: PhaseState) => ({ phase }) as unknown as RoomState;
  const question = (index: number, held = false): PhaseState => ({ phase: 'question', index, deadline: 1000, paused: false, pausedRemainingMs: null, ...(held ? { held: true } : {}) });
  const none = new Map<string, RoomSummary>();

  it('opens the stage\'s question, holds it past its deadline, releases it at the reveal', () => {
    const q1 = at({ stage: 'question', index: 1, deadline: 1000 });
    expect(nextEvent(q1, room({ phase: 'lobby' }), 0, none)).toEqual({ type: 'contest:open', index: 1, deadline: 1000 });
    expect(nextEvent(q1, room({ phase: 'reveal', index: 0 }), 0, none)).toEqual({ type: 'contest:open', index: 1, deadline: 1000 });
    expect(nextEvent(q1, room(question(1)), 999, none)).toBeNull();
    expect(nextEvent(q1, room(question(1)), 1000, none)).toEqual({ type: 'contest:close', index: 1 });
    expect(nextEvent(q1, room(question(1, true)), 2000, none)).toBeNull();
    // Still answering an earlier question: its own deadline holds it; held there: released (the stage moved on).
    expect(nextEvent(q1, room(question(0)), 2000, none)).toBeNull();
    expect(nextEvent(q1, room(question(0, true)), 2000, none)).toEqual({ type: 'contest:release', index: 0 });
    const r1 = at({ stage: 'reveal', index: 1 });
    expect(nextEvent(r1, room(question(1, true)), 0, none)).toEqual({ type: 'contest:release', index: 1 });
    expect(nextEvent(r1, room({ phase: 'reveal', index: 1 }), 0, none)).toBeNull();
    expect(nextEvent(at({ stage: 'lobby' }), room({ phase: 'lobby' }), 0, none)).toBeNull();
  });

  it('at the end, releases a question only if every room closed it; else it is void everywhere', () => {
    const ended = at({ stage: 'ended', endedAt: 5 });
    const heldEverywhere = new Map([['s1', summary('s1', { heldIndex: 2 })], ['s2', summary('s2', { heldIndex: 2 })]]);
    expect(nextEvent(ended, room(question(2, true)), 0, heldEverywhere)).toEqual({ type: 'contest:release', index: 2 });
    const oneAnswering = new Map([['s1', summary('s1', { heldIndex: 2 })], ['s2', summary('s2', { heldIndex: null })]]);
    expect(nextEvent(ended, room(question(2, true)), 0, oneAnswering)).toEqual({ type: 'contest:end' });
    // One room already void (ended before the others): nobody scores it.
    const oneVoid = new Map([['s1', summary('s1', { heldIndex: 2 })], ['s2', summary('s2', { status: 'podium', closedCount: 3 })]]);
    expect(nextEvent(ended, room(question(2, true)), 0, oneVoid)).toEqual({ type: 'contest:end' });
    expect(nextEvent(ended, room({ phase: 'podium', endedEarly: true }), 0, none)).toBeNull();
  });
});
