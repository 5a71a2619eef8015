import { describe, expect, it } from 'vitest';
import { deriveSeed, generateProblem } from '../../shared/engine/index.ts';
import { type Actor, type RoomEvent, type RoomState, nextAlarm, remainingMs, transition, transitionInPlace } from '../../server/room/room-state.ts';
import { presenceView } from '../../server/room/view.ts';
import { RoomConfigSchema, leaderboardAfter } from '../../shared/protocol/index.ts';
import { HOST, GUEST, SYSTEM, accept, closeAnswer, effectTypes, freshRoom, joinPlayers, openQuestion, player, refuse, rightAnswer } from './helpers.ts';
import { T0 } from './support.ts';

const timed = { timeLimitSec: 30, speedBonus: false, kinds: ['chain-gradient' as const], questionCount: 3 };

describe('a game moves through its phases', () => {
  it('goes lobby → question → reveal → leaderboard → … → podium → ended, each step by the host', () => {
    let s = joinPlayers(freshRoom({ ...timed, questionCount: 2 }), ['Ada', 'Bo']);
    expect(s.phase).toEqual({ phase: 'lobby' });

    const started = accept(s, HOST, { type: 'game:start' });
    s = started.state;
    expect(started.reply).toEqual({ questionId: 'q1' });
    expect(s.phase).toMatchObject({ phase: 'question', index: 0, deadline: T0 + 30_000, paused: false });
    expect(effectTypes(started.effects)).toContain('phase');

    s = accept(s, HOST, { type: 'question:end', questionId: 'q1' }, T0 + 5000).state;
    expect(s.phase).toEqual({ phase: 'reveal', index: 0 });
    expect(s.questions[0]!.closedBy).toBe('host');

    const toBoard = accept(s, HOST, { type: 'game:next', from: 'reveal' }, T0 + 6000);
    s = toBoard.state;
    expect(s.phase).toEqual({ phase: 'leaderboard', index: 0 });
    expect(effectTypes(toBoard.effects)).toEqual(['standings', 'phase']);

    s = accept(s, HOST, { type: 'game:next', from: 'leaderboard' }, T0 + 7000).state;
    expect(s.phase).toMatchObject({ phase: 'question', index: 1, deadline: T0 + 37_000 });

    s = accept(s, HOST, { type: 'question:end', questionId: null }, T0 + 8000).state;
    s = accept(s, HOST, { type: 'game:next', from: null }, T0 + 9000).state;
    expect(s.phase).toEqual({ phase: 'leaderboard', index: 1 });
    s = accept(s, HOST, { type: 'game:next', from: null }, T0 + 10_000).state;
    expect(s.phase).toEqual({ phase: 'podium', endedEarly: false });

    const closed = accept(s, HOST, { type: 'room:close' }, T0 + 11_000);
    expect(closed.state.phase).toEqual({ phase: 'ended', reason: 'closed', endedAt: T0 + 11_000 });
    expect(effectTypes(closed.effects)).toContain('closed');
  });

  it('shows the leaderboard only after every n-th question, or only at the end, and always after the last', () => {
    /** The phases the host walks through from the start to the podium, ending each question at once. */
    function walk(leaderboardEvery: number, questionCount: number): string[] {
      let s = joinPlayers(freshRoom({ ...timed, questionCount, leaderboardEvery }), ['Ada']);
      s = accept(s, HOST, { type: 'game:start' }).state;
      const seen: string[] = [];
      while (s.phase.phase !== 'podium') {
        const phase = s.phase;
        if (phase.phase === 'question') {
          s = accept(s, HOST, { type: 'question:end', questionId: null }).state;
          seen.push(`reveal ${(s.phase as { index: number }).index + 1}`);
        } else {
          const next = accept(s, HOST, { type: 'game:next', from: phase.phase as 'reveal' | 'leaderboard' });
          s = next.state;
          if (s.phase.phase === 'leaderboard') {
            seen.push('leaderboard');
            expect(effectTypes(next.effects)).toEqual(['standings', 'phase']);
          }
        }
      }
      return seen;
    }
    expect(walk(1, 3)).toEqual(['reveal 1', 'leaderboard', 'reveal 2', 'leaderboard', 'reveal 3', 'leaderboard']);
    expect(walk(2, 5)).toEqual(['reveal 1', 'reveal 2', 'leaderboard', 'reveal 3', 'reveal 4', 'leaderboard', 'reveal 5', 'leaderboard']);
    expect(walk(0, 3)).toEqual(['reveal 1', 'reveal 2', 'reveal 3', 'leaderboard']);
    // From a reveal that skips the leaderboard, the next question opens with a fresh clock.
    let s = joinPlayers(freshRoom({ ...timed, leaderboardEvery: 0 }), ['Ada']);
    s = accept(s, HOST, { type: 'game:start' }).state;
    s = accept(s, HOST, { type: 'question:end', questionId: null }, T0 + 1000).state;
    refuse(s, HOST, { type: 'game:next', from: 'leaderboard' }, 'wrong_phase');
    s = accept(s, HOST, { type: 'game:next', from: 'reveal' }, T0 + 2000).state;
    expect(s.phase).toMatchObject({ phase: 'question', index: 1, deadline: T0 + 32_000 });
  });

  it('refuses a leaderboard interval it cannot use and reads a room created before the option as "after every question"', () => {
    for (const leaderboardEvery of [-1, 1.5, 51]) expect(RoomConfigSchema.safeParse({ leaderboardEvery }).success).toBe(false);
    expect(RoomConfigSchema.parse({}).leaderboardEvery).toBe(1);
    expect(leaderboardAfter({}, 0, 3)).toBe(true);
    expect(leaderboardAfter({ leaderboardEvery: 0 }, 1, 3)).toBe(false);
    expect(leaderboardAfter({ leaderboardEvery: 0 }, 2, 3)).toBe(true);
  });

  it('refuses every step out of turn with wrong_phase and leaves the state as it was', () => {
    const lobby = joinPlayers(freshRoom(timed), ['Ada']);
    refuse(lobby, HOST, { type: 'game:next', from: null }, 'wrong_phase');
    refuse(lobby, HOST, { type: 'game:pause' }, 'wrong_phase');
    refuse(lobby, HOST, { type: 'game:resume' }, 'wrong_phase');
    refuse(lobby, HOST, { type: 'question:end', questionId: null }, 'wrong_phase');
    refuse(lobby, HOST, { type: 'question:skip', questionId: null }, 'wrong_phase');
    refuse(lobby, HOST, { type: 'game:end' }, 'wrong_phase');
    refuse(lobby, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: '1', step: null }, 'wrong_phase');

    const question = accept(lobby, HOST, { type: 'game:start' }).state;
    refuse(question, HOST, { type: 'game:start' }, 'wrong_phase');
    refuse(question, HOST, { type: 'game:resume' }, 'wrong_phase');
    refuse(question, HOST, { type: 'game:next', from: null }, 'wrong_phase');

    const reveal = accept(question, HOST, { type: 'question:end', questionId: null }).state;
    refuse(reveal, HOST, { type: 'game:pause' }, 'wrong_phase');
    refuse(reveal, HOST, { type: 'game:next', from: 'leaderboard' }, 'wrong_phase');
    refuse(reveal, HOST, { type: 'question:end', questionId: null }, 'wrong_phase');
  });

  it('does not start an empty room', () => {
    refuse(freshRoom(timed), HOST, { type: 'game:start' }, 'no_players');
  });

  it('answers not_host to every host command from a player or a stranger', () => {
    const s = joinPlayers(freshRoom(timed), ['Ada', 'Bo']);
    const commands = [
      { type: 'room:kick', playerId: 'p2' },
      { type: 'room:lock', locked: true },
      { type: 'team:assign', playerId: 'p2', teamId: 't1' },
      { type: 'game:start' },
      { type: 'game:pause' },
      { type: 'game:resume' },
      { type: 'question:end', questionId: null },
      { type: 'question:skip', questionId: null },
      { type: 'game:next', from: null },
      { type: 'game:end' },
      { type: 'room:close' },
    ] as const;
    for (const command of commands) {
      refuse(s, player('p1'), command, 'not_host');
      refuse(s, GUEST, command, 'not_host');
    }
  });

  it('ends early to the podium; a question cut short is void and scores nobody', () => {
    let s = joinPlayers(freshRoom(timed), ['Ada']);
    s = accept(s, HOST, { type: 'game:start' }).state;
    const { question } = openQuestion(s);
    s = accept(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: rightAnswer(question.problem), step: null }, T0 + 1000).state;
    // Ada was the only one: the question closed on her answer. Play on and end during question 2.
    s = accept(s, HOST, { type: 'game:next', from: null }).state;
    s = accept(s, HOST, { type: 'game:next', from: null }).state;
    const q2 = openQuestion(s).question;
    s = accept(s, HOST, { type: 'game:end' }, T0 + 2000).state;
    expect(s.phase).toEqual({ phase: 'podium', endedEarly: true });
    expect(s.questions[1]!.voided).toBe(true);
    expect(s.questions[1]!.id).toBe(q2.id);
    expect(s.players.p1).toMatchObject({ score: 1000, asked: 1, correct: 1 });
  });

  it('skips a question: void, nobody scores, and the next one opens', () => {
    let s = joinPlayers(freshRoom(timed), ['Ada', 'Bo']);
    s = accept(s, HOST, { type: 'game:start' }).state;
    const { question } = openQuestion(s);
    s = accept(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: rightAnswer(question.problem), step: null }, T0 + 1000).state;
    refuse(s, HOST, { type: 'question:skip', questionId: 'q7' }, 'stale_question');
    s = accept(s, HOST, { type: 'question:skip', questionId: 'q1' }, T0 + 2000).state;
    expect(s.questions[0]!.voided).toBe(true);
    expect(s.phase).toMatchObject({ phase: 'question', index: 1, deadline: T0 + 2000 + 30_000 });
    expect(s.players.p1).toMatchObject({ score: 0, asked: 0 });
    expect(s.scoredQuestions).toBe(0);
    // Skipping the last question goes to the podium.
    s = accept(s, HOST, { type: 'question:skip', questionId: 'q2' }, T0 + 3000).state;
    s = accept(s, HOST, { type: 'question:skip', questionId: 'q3' }, T0 + 4000).state;
    expect(s.phase).toEqual({ phase: 'podium', endedEarly: false });
  });

  it('ends an untouched room after the idle timeout', () => {
    const s = joinPlayers(freshRoom(timed, 42, 60_000), ['Ada']);
    expect(nextAlarm(s)).toBe(T0 + 60_000);
    expect(accept(s, SYSTEM, { type: 'tick' }, T0 + 59_999).state).toBe(s);
    const ended = accept(s, SYSTEM, { type: 'tick' }, T0 + 60_000);
    expect(ended.state.phase).toMatchObject({ phase: 'ended', reason: 'idle' });
    expect(nextAlarm(ended.state)).toBeNull();
  });
});

describe('problems come from the room seed', () => {
  it('uses deriveSeed(roomSeed, i) for question i and deriveSeed(roomSeed, "i:team") for a team variant', () => {
    const seed = 987_654_321;
    const config = { kinds: ['update', 'chain-steps'] as const, difficulties: [1, 2] as const, questionCount: 4, teams: { count: 2, variants: true } };
    let s = joinPlayers(freshRoom({ ...config, kinds: [...config.kinds], difficulties: [...config.difficulties] }, seed), ['Ada', 'Bo']);
    s = accept(s, HOST, { type: 'game:start' }).state;
    expect(s.plan).toEqual([
      { kind: 'update', difficulty: 1 },
      { kind: 'chain-steps', difficulty: 1 },
      { kind: 'update', difficulty: 2 },
      { kind: 'chain-steps', difficulty: 2 },
    ]);
    const q = openQuestion(s).question;
    expect(q.problem).toEqual(generateProblem({ kind: 'update', seed: deriveSeed(seed, 0), difficulty: 1 }));
    expect(q.variants!.t2).toEqual(generateProblem({ kind: 'update', seed: deriveSeed(seed, '0:t2'), difficulty: 1 }));
    expect(q.variants!.t1!.network).not.toEqual(q.variants!.t2!.network);
  });

  it('asks only chain-steps problems in chain-steps mode', () => {
    const s = freshRoom({ mode: 'chain-steps', kinds: ['forward'], questionCount: 2 });
    expect(s.plan.map((p) => p.kind)).toEqual(['chain-steps', 'chain-steps']);
  });
});

describe('pause and resume stop the clock', () => {
  it('keeps the remaining time across a pause of any length', () => {
    let s = joinPlayers(freshRoom(timed), ['Ada', 'Bo']);
    s = accept(s, HOST, { type: 'game:start' }).state;
    expect(remainingMs(s, T0 + 10_000)).toBe(20_000);

    s = accept(s, HOST, { type: 'game:pause' }, T0 + 10_000).state;
    expect(s.phase).toMatchObject({ paused: true, pausedRemainingMs: 20_000, deadline: null });
    // Time passes while paused: nothing closes, the remaining time is frozen.
    expect(remainingMs(s, T0 + 500_000)).toBe(20_000);
    expect(accept(s, SYSTEM, { type: 'tick' }, T0 + 500_000).state.phase.phase).toBe('question');
    refuse(s, HOST, { type: 'game:pause' }, 'wrong_phase', T0 + 20_000);

    s = accept(s, HOST, { type: 'game:resume' }, T0 + 100_000).state;
    expect(s.phase).toMatchObject({ paused: false, deadline: T0 + 120_000, pausedRemainingMs: null });
    expect(remainingMs(s, T0 + 110_000)).toBe(10_000);
    expect(nextAlarm(s)).toBe(T0 + 120_000);

    // Pause twice more: the arithmetic adds up.
    s = accept(s, HOST, { type: 'game:pause' }, T0 + 115_000).state;
    s = accept(s, HOST, { type: 'game:resume' }, T0 + 200_000).state;
    expect(remainingMs(s, T0 + 200_000)).toBe(5000);
    expect(accept(s, SYSTEM, { type: 'tick' }, T0 + 204_999).state.phase.phase).toBe('question');
    const closed = accept(s, SYSTEM, { type: 'tick' }, T0 + 205_000).state;
    expect(closed.phase).toEqual({ phase: 'reveal', index: 0 });
    expect(closed.questions[0]!.closedBy).toBe('deadline');
  });

  it('refuses answers while paused', () => {
    let s = joinPlayers(freshRoom(timed), ['Ada']);
    s = accept(s, HOST, { type: 'game:start' }).state;
    s = accept(s, HOST, { type: 'game:pause' }, T0 + 1000).state;
    refuse(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: '0.1', step: null }, 'paused', T0 + 2000);
  });

  it('pauses an untimed question too (no deadline before or after)', () => {
    let s = joinPlayers(freshRoom({ ...timed, timeLimitSec: null }), ['Ada']);
    s = accept(s, HOST, { type: 'game:start' }).state;
    expect(s.phase).toMatchObject({ deadline: null });
    s = accept(s, HOST, { type: 'game:pause' }, T0 + 1000).state;
    s = accept(s, HOST, { type: 'game:resume' }, T0 + 9000).state;
    expect(s.phase).toMatchObject({ deadline: null, paused: false });
    expect(remainingMs(s, T0 + 9000)).toBeNull();
  });
});

describe('joining', () => {
  it('normalises nicknames and keeps them unique, suggesting another', () => {
    let s = joinPlayers(freshRoom(), ['小明']);
    const taken = refuse(s, GUEST, { type: 'join', playerId: 'p9', tokenHash: 'x', nickname: ' 小明 ', teamId: null }, 'name_taken');
    expect(taken.suggestion).toBe('小明2');
    refuse(s, GUEST, { type: 'join', playerId: 'p9', tokenHash: 'x', nickname: '\u0000\u200b ', teamId: null }, 'invalid_name');
    refuse(s, GUEST, { type: 'join', playerId: 'p9', tokenHash: 'x', nickname: 'x'.repeat(21), teamId: null }, 'invalid_name');
    s = accept(s, GUEST, { type: 'join', playerId: 'p2', tokenHash: 'y', nickname: 'Ｔｏｍ\u0007', teamId: null }).state;
    expect(s.players.p2!.name).toBe('Tom');
    refuse(s, GUEST, { type: 'join', playerId: 'p3', tokenHash: 'z', nickname: 'tom', teamId: null }, 'name_taken');
  });

  it('honours the lock and the capacity', () => {
    let s = joinPlayers(freshRoom({ capacity: 2 }), ['Ada']);
    s = accept(s, HOST, { type: 'room:lock', locked: true }).state;
    refuse(s, GUEST, { type: 'join', playerId: 'p2', tokenHash: 'b', nickname: 'Bo', teamId: null }, 'room_locked');
    s = accept(s, HOST, { type: 'room:lock', locked: false }).state;
    s = accept(s, GUEST, { type: 'join', playerId: 'p2', tokenHash: 'b', nickname: 'Bo', teamId: null }).state;
    refuse(s, GUEST, { type: 'join', playerId: 'p3', tokenHash: 'c', nickname: 'Cy', teamId: null }, 'room_full');
  });

  it('balances auto teams, lets players choose self-chosen teams in the lobby, and balances latecomers', () => {
    const auto = joinPlayers(freshRoom({ teams: { count: 3 } }), ['A', 'B', 'C', 'D', 'E']);
    expect(Object.values(auto.players).map((p) => p.teamId)).toEqual(['t1', 't2', 't3', 't1', 't2']);

    let self = joinPlayers(freshRoom({ teams: { count: 2, assignment: 'self' }, questionCount: 2 }), ['A', 'B', 'C'], T0, ['t2', 't2', null]);
    refuse(self, GUEST, { type: 'join', playerId: 'p9', tokenHash: 'z', nickname: 'Z', teamId: 't7' }, 'invalid_team');
    expect(self.players.p3!.teamId).toBeNull();
    self = accept(self, player('p3'), { type: 'team:choose', teamId: 't2' }).state;
    refuse(self, player('p3'), { type: 'team:choose', teamId: 't9' }, 'invalid_team');
    self = accept(self, HOST, { type: 'game:start' }).state;
    refuse(self, player('p3'), { type: 'team:choose', teamId: 't1' }, 'wrong_phase');
    self = accept(self, GUEST, { type: 'join', playerId: 'p4', tokenHash: 'd', nickname: 'D', teamId: null }).state;
    expect(self.players.p4!.teamId).toBe('t1');
  });

  it('lets the host assign teams and balances whoever is left unassigned at the start', () => {
    let s = joinPlayers(freshRoom({ teams: { count: 2, assignment: 'host' } }), ['A', 'B', 'C']);
    expect(Object.values(s.players).every((p) => p.teamId === null)).toBe(true);
    refuse(s, player('p1'), { type: 'team:choose', teamId: 't1' }, 'not_allowed');
    s = accept(s, HOST, { type: 'team:assign', playerId: 'p1', teamId: 't2' }).state;
    refuse(s, HOST, { type: 'team:assign', playerId: 'nobody', teamId: 't2' }, 'unknown_player');
    refuse(s, HOST, { type: 'team:assign', playerId: 'p1', teamId: 't3' }, 'invalid_team');
    const started = accept(s, HOST, { type: 'game:start' });
    expect(Object.values(started.state.players).map((p) => p.teamId)).toEqual(['t2', 't1', 't1']);
    expect(started.effects).toContainEqual({ type: 'me', playerIds: ['p2', 'p3'] });
    refuse(started.state, HOST, { type: 'team:assign', playerId: 'p1', teamId: 't1' }, 'wrong_phase');
  });

  it('refuses to join a finished game', () => {
    const s = accept(joinPlayers(freshRoom(), ['A']), HOST, { type: 'room:close' }).state;
    refuse(s, GUEST, { type: 'join', playerId: 'p2', tokenHash: 'b', nickname: 'B', teamId: null }, 'room_closed');
  });
});

describe('leaving and kicking', () => {
  it('frees the seat; a kicked token is remembered as refused', () => {
    let s = joinPlayers(freshRoom({ teams: { count: 2 } }), ['A', 'B', 'C']);
    const kicked = accept(s, HOST, { type: 'room:kick', playerId: 'p2' });
    expect(kicked.effects).toEqual([
      { type: 'unseat', playerId: 'p2', reason: 'kicked' },
      { type: 'roster-remove', playerId: 'p2' },
    ]);
    s = kicked.state;
    expect(s.players.p2).toBeUndefined();
    expect(s.refusedTokenHashes).toEqual(['token-B']);
    refuse(s, HOST, { type: 'room:kick', playerId: 'p2' }, 'unknown_player');
    // The name is free again.
    s = accept(s, GUEST, { type: 'join', playerId: 'p4', tokenHash: 'new', nickname: 'B', teamId: null }).state;
    const left = accept(s, player('p1'), { type: 'room:leave' });
    expect(left.effects[0]).toEqual({ type: 'unseat', playerId: 'p1', reason: 'left' });
    expect(left.state.refusedTokenHashes).toEqual(['token-B']);
    refuse(s, HOST, { type: 'room:leave' }, 'not_allowed');
  });
});

describe('scores, ranks and teams after a question', () => {
  it('adds speed and streak bonuses, ranks players, and scores teams by their mean', () => {
    let s = joinPlayers(
      freshRoom({ kinds: ['chain-gradient'], questionCount: 2, timeLimitSec: 20, speedBonus: true, streakBonus: true, teams: { count: 2, assignment: 'self' } }),
      ['A', 'B', 'C'],
      T0,
      ['t1', 't1', 't2'],
    );
    s = accept(s, HOST, { type: 'game:start' }).state;
    let problem = openQuestion(s).question.problem;
    s = accept(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: rightAnswer(problem), step: null }, T0 + 0).state;
    s = accept(s, player('p2'), { type: 'answer:submit', questionId: 'q1', answer: closeAnswer(problem), step: null }, T0 + 10_000).state;
    s = accept(s, HOST, { type: 'question:end', questionId: null }, T0 + 15_000).state;
    expect([s.players.p1!.score, s.players.p2!.score, s.players.p3!.score]).toEqual([1500, 625, 0]);
    expect([s.players.p1!.rank, s.players.p2!.rank, s.players.p3!.rank]).toEqual([1, 2, 3]);
    expect(s.players.p1!.previousRank).toBeNull();

    s = accept(s, HOST, { type: 'game:next', from: null }, T0 + 16_000).state;
    s = accept(s, HOST, { type: 'game:next', from: null }, T0 + 20_000).state;
    problem = openQuestion(s).question.problem;
    // A correct again, half the time left: 1000 + 250 speed + 100 streak. C correct at once: 1500.
    s = accept(s, player('p1'), { type: 'answer:submit', questionId: 'q2', answer: rightAnswer(problem), step: null }, T0 + 30_000).state;
    s = accept(s, player('p3'), { type: 'answer:submit', questionId: 'q2', answer: rightAnswer(problem), step: null }, T0 + 20_000).state;
    s = accept(s, SYSTEM, { type: 'tick' }, T0 + 40_000).state;
    expect(s.questions[1]!.results!.p1).toMatchObject({ points: 1350, breakdown: { base: 1000, speed: 250, streak: 100 }, streak: 2 });
    expect([s.players.p1!.score, s.players.p2!.score, s.players.p3!.score]).toEqual([2850, 625, 1500]);
    expect([s.players.p1!.rank, s.players.p3!.rank, s.players.p2!.rank]).toEqual([1, 2, 3]);
    expect(s.players.p3!.previousRank).toBe(3);
    expect(s.players.p2).toMatchObject({ correct: 0, asked: 2, streak: 0 });
    expect(s.players.p1).toMatchObject({ correct: 2, asked: 2, streak: 2 });
    // Teams: t1 = mean(2850, 625) = 1737.5; t2 = 1500.
    expect(s.teamPreviousRanks).toEqual({ t1: 1, t2: 2 });
  });
});

describe('the state is plain data', () => {
  it('survives a JSON round trip at every phase of a whole game', () => {
    let s = joinPlayers(freshRoom({ mode: 'chain-steps', questionCount: 2, teams: { count: 2, variants: true } }), ['A', 'B']);
    const seen = [s];
    s = accept(s, HOST, { type: 'game:start' }).state;
    seen.push(s);
    const q = openQuestion(s).question;
    s = accept(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: rightAnswer(q.variants!.t1!, 0), step: 0 }, T0 + 100).state;
    seen.push(s);
    s = accept(s, HOST, { type: 'game:pause' }, T0 + 200).state;
    seen.push(s);
    s = accept(s, HOST, { type: 'game:resume' }, T0 + 300).state;
    s = accept(s, HOST, { type: 'question:end', questionId: null }, T0 + 400).state;
    seen.push(s);
    s = accept(s, HOST, { type: 'game:next', from: null }).state;
    s = accept(s, HOST, { type: 'game:next', from: null }).state;
    s = accept(s, HOST, { type: 'game:end' }).state;
    seen.push(s);
    s = accept(s, HOST, { type: 'room:close' }).state;
    seen.push(s);
    for (const state of seen) expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe('a live room writes in place', () => {
  /** The in-place transition of a copy gives what the pure one gives, and undo restores the copy byte for byte. */
  function sameAsPure(s: RoomState, actor: Actor, event: RoomEvent, now: number) {
    const pure = transition(s, actor, event, now);
    const owned = structuredClone(s);
    const before = JSON.stringify(owned);
    const applied = transitionInPlace(owned, actor, event, now);
    expect(applied.result).toEqual(pure);
    applied.undo();
    expect(JSON.stringify(owned)).toBe(before);
    return pure;
  }

  it('joins, drops, answers, closes and leaves like the pure transition, and undoes each', () => {
    let s = joinPlayers(freshRoom(timed), ['Ada', 'Bo', 'Cy']);
    sameAsPure(s, GUEST, { type: 'join', playerId: 'p9', tokenHash: 't9', nickname: 'Di', teamId: null }, T0);
    // A taken name is still refused once the counts are kept beside the record.
    const owned = structuredClone(s);
    const taken = transitionInPlace(owned, GUEST, { type: 'join', playerId: 'p9', tokenHash: 't9', nickname: 'ada', teamId: null }, T0);
    expect(taken.result).toMatchObject({ ok: false, error: { code: 'name_taken' } });
    s = accept(s, HOST, { type: 'game:start' }).state;
    const { question } = openQuestion(s);
    const answer: RoomEvent = { type: 'answer:submit', questionId: 'q1', answer: rightAnswer(question.problem), step: null };
    sameAsPure(s, player('p1'), { type: 'drop' }, T0 + 500);
    sameAsPure(s, player('p1'), answer, T0 + 1000);
    s = accept(s, player('p1'), answer, T0 + 1000).state;
    s = accept(s, player('p2'), answer, T0 + 1100).state;
    // The last connected player's answer closes the question.
    const closing = sameAsPure(s, player('p3'), answer, T0 + 1200);
    expect(closing.ok && closing.state.phase.phase).toBe('reveal');
    sameAsPure(s, player('p2'), { type: 'room:leave' }, T0 + 1300);
    // Head counts come from counts kept beside the records: a player who answered and left is not counted.
    const left = accept(s, player('p2'), { type: 'room:leave' }, T0 + 1300).state;
    expect(presenceView(left)).toMatchObject({ players: 2, connected: 2, answered: 1 });
    expect(presenceView(s)).toMatchObject({ players: 3, connected: 3, answered: 2 });
  });
});
