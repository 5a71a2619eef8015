/**
 * A contest's rooms in the room machine: a lockstep room is paced by its contest (system events),
 * holds a question where it would close it and shows nothing of its answer until released; its
 * host keeps the room (kick, lock, teams, close) but not the pace. An own-pace room is run by its
 * host, once. Every other room refuses the contest's events.
 */
import { describe, expect, it } from 'vitest';
import { type ContestPacing, type QuestionView, RoomConfigSchema, type RoomConfigInput } from '../../shared/protocol/index.ts';
import {
  type RoomContest,
  type RoomEvent,
  type RoomState,
  ContestEventSchema,
  createRoomState,
  nextAlarm,
  transition,
} from '../../server/room/room-state.ts';
import { contestRoomProgress, phaseViewFor, roomInfoView, selfView, viewFor } from '../../server/room/view.ts';
import { GUEST, HOST, SYSTEM, accept, effectTypes, freshRoom, joinPlayers, openQuestion, player, refuse, rightAnswer } from './helpers.ts';
import { T0 } from './support.ts';

const CONFIG: RoomConfigInput = { kinds: ['chain-gradient', 'update', 'forward'], questionCount: 3, timeLimitSec: 30, speedBonus: true };

function contestOf(pacing: ContestPacing): RoomContest {
  return { code: 'K7Q2ZX', slotId: 's1', label: 'Class 8-1', title: 'District final', pacing };
}

function contestRoom(pacing: ContestPacing, config: RoomConfigInput = CONFIG, seed = 7, code = 'ROOMAA'): RoomState {
  return createRoomState({ code, seed, config: RoomConfigSchema.parse(config), hostTokenHash: 'host-hash', now: T0, idleTtlMs: 3 * 3600_000, contest: contestOf(pacing) });
}

/** Ada and Bo answer question `index` right (in that order, at `now`). */
function bothAnswer(s: RoomState, now: number): RoomState {
  const { question } = openQuestion(s);
  for (const id of ['p1', 'p2']) {
    s = accept(s, player(id), { type: 'answer:submit', questionId: question.id, answer: rightAnswer(question.problem) }, now).state;
  }
  return s;
}

function questionView(s: RoomState, now: number, audience: Parameters<typeof phaseViewFor>[1] = { role: 'host' }): QuestionView {
  const view = phaseViewFor(s, audience, now);
  if (view.phase !== 'question') throw new Error(`a ${view.phase} view`);
  return view;
}

const DEADLINE = T0 + 20_000;

describe('a lockstep contest room', () => {
  it('opens a question with the contest\'s deadline, from the lobby, balancing players without a team', () => {
    let s = contestRoom('lockstep', { ...CONFIG, teams: { count: 2, assignment: 'host' } });
    s = joinPlayers(s, ['Ada', 'Bo', 'Cy']);
    expect(s.contest).toEqual(contestOf('lockstep'));
    expect(Object.values(s.players).map((p) => p.teamId)).toEqual([null, null, null]);
    const opened = accept(s, SYSTEM, { type: 'contest:open', index: 0, deadline: DEADLINE }, T0 + 1000);
    s = opened.state;
    // The contest's absolute deadline, not the room's own limit from now (T0 + 31 s).
    expect(s.phase).toEqual({ phase: 'question', index: 0, deadline: DEADLINE, paused: false, pausedRemainingMs: null });
    expect(s.questions[0]!.limitMs).toBe(30_000);
    expect(Object.values(s.players).map((p) => p.teamId)).toEqual(['t1', 't2', 't1']);
    expect(effectTypes(opened.effects)).toEqual(['me', 'roster', 'phase']);
    const view = questionView(s, T0 + 5000);
    expect(view.remainingMs).toBe(15_000);
    expect(view.held).toBeUndefined();
    expect(nextAlarm(s)).toBe(DEADLINE);
    expect(contestRoomProgress(s)).toEqual({ status: 'question', questionIndex: 0 });
  });

  it('opens in an empty room too, and players may join during the question', () => {
    let s = contestRoom('lockstep');
    s = accept(s, SYSTEM, { type: 'contest:open', index: 0, deadline: DEADLINE }).state;
    expect(s.phase.phase).toBe('question');
    s = joinPlayers(s, ['Ada'], T0 + 2000);
    const { question } = openQuestion(s);
    accept(s, player('p1'), { type: 'answer:submit', questionId: question.id, answer: rightAnswer(question.problem) }, T0 + 3000);
  });

  it('holds a question everyone has answered: answers refused, nothing scored, nothing of the answer shown, no alarm', () => {
    let s = joinPlayers(contestRoom('lockstep'), ['Ada', 'Bo']);
    s = accept(s, SYSTEM, { type: 'contest:open', index: 0, deadline: DEADLINE }).state;
    const before = questionView(s, T0 + 4000);
    const { question } = openQuestion(s);
    s = accept(s, player('p1'), { type: 'answer:submit', questionId: question.id, answer: rightAnswer(question.problem) }, T0 + 4000).state;
    const last = accept(s, player('p2'), { type: 'answer:submit', questionId: question.id, answer: rightAnswer(question.problem) }, T0 + 5000);
    s = last.state;
    expect(s.phase).toEqual({ phase: 'question', index: 0, deadline: DEADLINE, paused: false, pausedRemainingMs: null, held: true, heldBy: 'all-answered' });
    expect(effectTypes(last.effects)).toContain('phase');
    const held = s.questions[0]!;
    expect(held.results).toBeNull();
    expect(held.closedAt).toBeNull();
    expect(held.closedBy).toBeNull();
    expect(Object.values(s.players).map((p) => [p.score, p.asked, p.rank])).toEqual([[0, 0, null], [0, 0, null]]);
    expect(s.scoredQuestions).toBe(0);

    // Answers (new or changed) are refused once held.
    refuse(s, player('p1'), { type: 'answer:submit', questionId: question.id, answer: '1' }, 'round_closed', T0 + 6000);
    // Its deadline is spent: the timer waits for the idle timeout only, and a tick at the deadline changes nothing.
    expect(nextAlarm(s)).toBe(s.lastActivityAt + s.idleTtlMs);
    const tick = transition(s, SYSTEM, { type: 'tick' }, DEADLINE + 1);
    expect(tick.ok && tick.state).toBe(s);

    // The same question view as while open, held, with no time left: no reveal, no result, no answer.
    for (const audience of [{ role: 'host' as const }, { role: 'player' as const, teamId: null }]) {
      const view = questionView(s, T0 + 6000, audience);
      expect(view).toEqual({ ...before, held: true, remainingMs: 0 });
      expect(Object.keys(view)).not.toContain('answer');
      expect(Object.keys(view)).not.toContain('solution');
    }
    expect(selfView(s, 'p1').result).toBeNull();
    const snapshot = viewFor(s, { role: 'player', playerId: 'p1' }, T0 + 6000);
    expect(snapshot.standings).toBeNull();
    expect(contestRoomProgress(s)).toEqual({ status: 'held', questionIndex: 0 });
  });

  it('holds at the deadline, and releases as a close by the deadline: scored (with speed), ranked, revealed', () => {
    let s = joinPlayers(contestRoom('lockstep'), ['Ada', 'Bo']);
    s = accept(s, SYSTEM, { type: 'contest:open', index: 0, deadline: DEADLINE }).state;
    const { question } = openQuestion(s);
    s = accept(s, player('p1'), { type: 'answer:submit', questionId: question.id, answer: rightAnswer(question.problem) }, T0 + 5000).state;
    expect(s.phase).toMatchObject({ phase: 'question' });
    expect((s.phase as { held?: boolean }).held).toBeUndefined();
    s = accept(s, SYSTEM, { type: 'tick' }, DEADLINE).state;
    expect(s.phase).toMatchObject({ phase: 'question', index: 0, held: true, heldBy: 'deadline' });
    refuse(s, player('p2'), { type: 'answer:submit', questionId: question.id, answer: rightAnswer(question.problem) }, 'round_closed', DEADLINE + 10);

    // A release of another question, or a second hold, changes nothing (the same state, so nothing is logged).
    expect(accept(s, SYSTEM, { type: 'contest:release', index: 1 }, DEADLINE + 500).state).toBe(s);
    expect(accept(s, SYSTEM, { type: 'contest:close', index: 0 }, DEADLINE + 500).state).toBe(s);

    const released = accept(s, SYSTEM, { type: 'contest:release', index: 0 }, DEADLINE + 1000);
    s = released.state;
    expect(s.phase).toEqual({ phase: 'reveal', index: 0 });
    expect(effectTypes(released.effects)).toEqual(['results', 'roster', 'phase']);
    expect(s.questions[0]).toMatchObject({ closedBy: 'deadline', closedAt: DEADLINE + 1000 });
    const ada = s.questions[0]!.results!['p1']!;
    expect(ada.correct).toBe(true);
    // Answered with 15 of the contest's 30 s left: half the speed bonus.
    expect(ada.breakdown.speed).toBeGreaterThan(0);
    expect(s.questions[0]!.results!['p2']!.status).toBe('none');
    expect(s.players['p1']).toMatchObject({ score: ada.points, asked: 1, correct: 1, rank: 1 });
    expect(s.players['p2']).toMatchObject({ score: 0, asked: 1, correct: 0, rank: 2 });
    expect(phaseViewFor(s, { role: 'host' }, DEADLINE + 1000)).toMatchObject({ phase: 'reveal', closedBy: 'deadline' });
    expect(contestRoomProgress(s)).toEqual({ status: 'reveal', questionIndex: 0 });
    // Released already: a second release changes nothing.
    expect(accept(s, SYSTEM, { type: 'contest:release', index: 0 }, DEADLINE + 2000).state).toBe(s);
  });

  it('holds on the organizer\'s close (an untimed question ends this way), released as closed by the host', () => {
    let s = joinPlayers(contestRoom('lockstep', { ...CONFIG, timeLimitSec: null }), ['Ada', 'Bo']);
    s = accept(s, SYSTEM, { type: 'contest:open', index: 0, deadline: null }).state;
    expect(s.phase).toMatchObject({ deadline: null });
    expect(questionView(s, T0 + 60_000).remainingMs).toBeNull();
    // Not open yet: closing a later question is refused; an earlier one is past.
    refuse(s, SYSTEM, { type: 'contest:close', index: 1 }, 'wrong_phase', T0 + 1000);
    s = accept(s, SYSTEM, { type: 'contest:close', index: 0 }, T0 + 90_000).state;
    expect(s.phase).toMatchObject({ held: true, heldBy: 'host', deadline: null });
    expect(questionView(s, T0 + 90_000).remainingMs).toBe(0);
    s = accept(s, SYSTEM, { type: 'contest:release', index: 0 }, T0 + 95_000).state;
    expect(s.questions[0]!.closedBy).toBe('host');
    expect(accept(s, SYSTEM, { type: 'contest:close', index: 0 }, T0 + 96_000).state).toBe(s);
  });

  it('opens the next question from the reveal or the leaderboard; a repeated or earlier open changes nothing', () => {
    let s = joinPlayers(contestRoom('lockstep'), ['Ada', 'Bo']);
    s = accept(s, SYSTEM, { type: 'contest:open', index: 0, deadline: DEADLINE }).state;
    expect(accept(s, SYSTEM, { type: 'contest:open', index: 0, deadline: DEADLINE + 5 }, T0 + 100).state).toBe(s);
    // The question still open: the next one waits for its release.
    refuse(s, SYSTEM, { type: 'contest:open', index: 1, deadline: DEADLINE + 40_000 }, 'wrong_phase', T0 + 100);
    s = bothAnswer(s, T0 + 3000);
    refuse(s, SYSTEM, { type: 'contest:open', index: 1, deadline: DEADLINE + 40_000 }, 'wrong_phase', T0 + 4000);
    s = accept(s, SYSTEM, { type: 'contest:release', index: 0 }, T0 + 5000).state;
    expect(accept(s, SYSTEM, { type: 'contest:open', index: 0, deadline: DEADLINE }, T0 + 6000).state).toBe(s);
    s = accept(s, SYSTEM, { type: 'contest:open', index: 1, deadline: T0 + 60_000 }, T0 + 30_000).state;
    expect(s.phase).toMatchObject({ phase: 'question', index: 1, deadline: T0 + 60_000 });
    expect(s.questions[1]!.id).toBe('q2');
    s = accept(s, SYSTEM, { type: 'tick' }, T0 + 60_000).state;
    s = accept(s, SYSTEM, { type: 'contest:release', index: 1 }, T0 + 61_000).state;
    // The leaderboard is the room's own screen between questions; the next open leaves it too.
    s = { ...s, phase: { phase: 'leaderboard', index: 1 } };
    s = accept(s, SYSTEM, { type: 'contest:open', index: 2, deadline: T0 + 100_000 }, T0 + 70_000).state;
    expect(s.phase).toMatchObject({ phase: 'question', index: 2 });
    refuse(s, SYSTEM, { type: 'contest:open', index: 3, deadline: null }, 'invalid_payload', T0 + 70_000);
    refuse(s, SYSTEM, { type: 'contest:open', index: 2, deadline: Number.NaN }, 'invalid_payload', T0 + 70_000);
  });

  it('opened late, voids the questions it never played', () => {
    let s = joinPlayers(contestRoom('lockstep'), ['Ada']);
    s = accept(s, SYSTEM, { type: 'contest:open', index: 2, deadline: DEADLINE }, T0 + 1000).state;
    expect(s.questions.map((q) => [q.id, q.voided, q.closedAt])).toEqual([
      ['q1', true, T0 + 1000],
      ['q2', true, T0 + 1000],
      ['q3', false, null],
    ]);
    expect(s.phase).toMatchObject({ phase: 'question', index: 2, deadline: DEADLINE });
    // The stores keep questions by index: none is missing.
    expect(JSON.parse(JSON.stringify(s.questions)).every((q: unknown) => q !== null)).toBe(true);
  });

  it('refuses the host\'s pacing (contest_lockstep), keeps kick, lock, teams and close the host\'s', () => {
    let s = joinPlayers(contestRoom('lockstep', { ...CONFIG, teams: { count: 2, assignment: 'host' } }), ['Ada', 'Bo', 'Cy']);
    const paced: RoomEvent[] = [
      { type: 'game:start' },
      { type: 'game:next', from: null },
      { type: 'question:end', questionId: null },
      { type: 'question:skip', questionId: null },
      { type: 'game:pause' },
      { type: 'game:resume' },
      { type: 'game:end' },
      { type: 'game:again' },
    ];
    for (const event of paced) refuse(s, HOST, event, 'contest_lockstep');
    s = accept(s, HOST, { type: 'team:assign', playerId: 'p1', teamId: 't2' }).state;
    s = accept(s, HOST, { type: 'room:lock', locked: true }).state;
    s = accept(s, HOST, { type: 'room:kick', playerId: 'p3' }).state;
    s = accept(s, SYSTEM, { type: 'contest:open', index: 0, deadline: DEADLINE }).state;
    for (const event of paced) refuse(s, HOST, event, 'contest_lockstep', T0 + 1000);
    // Only the system may send the contest's events.
    for (const actor of [HOST, GUEST, player('p1')]) {
      refuse(s, actor, { type: 'contest:close', index: 0 }, 'not_allowed', T0 + 1000);
      refuse(s, actor, { type: 'contest:end' }, 'not_allowed', T0 + 1000);
    }
    // A kick that leaves everyone answered holds the question, it does not close it.
    const { question } = openQuestion(s);
    s = accept(s, player('p1'), { type: 'answer:submit', questionId: question.id, answer: '0' }, T0 + 2000).state;
    s = accept(s, HOST, { type: 'room:kick', playerId: 'p2' }, T0 + 3000).state;
    expect(s.phase).toMatchObject({ phase: 'question', held: true, heldBy: 'all-answered' });
    expect(s.questions[0]!.results).toBeNull();
    s = accept(s, HOST, { type: 'room:close' }, T0 + 4000).state;
    expect(s.phase).toMatchObject({ phase: 'ended', reason: 'closed' });
    expect(s.questions[0]!.voided).toBe(true);
  });

  it('ends on the contest\'s end from any phase but the podium: an open or held question is voided', () => {
    const room = joinPlayers(contestRoom('lockstep'), ['Ada', 'Bo']);
    const fromLobby = accept(room, SYSTEM, { type: 'contest:end' }, T0 + 1000);
    expect(fromLobby.state.phase).toEqual({ phase: 'podium', endedEarly: true });
    expect(effectTypes(fromLobby.effects)).toEqual(['standings', 'phase']);
    expect(accept(fromLobby.state, SYSTEM, { type: 'contest:end' }, T0 + 2000).state).toBe(fromLobby.state);
    expect(accept(fromLobby.state, SYSTEM, { type: 'contest:open', index: 0, deadline: DEADLINE }, T0 + 2000).state).toBe(fromLobby.state);

    let s = accept(room, SYSTEM, { type: 'contest:open', index: 0, deadline: DEADLINE }).state;
    s = bothAnswer(s, T0 + 2000);
    const ended = accept(s, SYSTEM, { type: 'contest:end' }, T0 + 3000).state;
    expect(ended.phase).toEqual({ phase: 'podium', endedEarly: true });
    expect(ended.questions[0]).toMatchObject({ voided: true, results: null });
    expect(contestRoomProgress(ended)).toEqual({ status: 'podium', questionIndex: 0 });

    // After the last question's reveal: a full game.
    s = accept(s, SYSTEM, { type: 'contest:release', index: 0 }, T0 + 3000).state;
    for (const index of [1, 2]) {
      s = accept(s, SYSTEM, { type: 'contest:open', index, deadline: T0 + index * 100_000 }, T0 + index * 50_000).state;
      s = accept(s, SYSTEM, { type: 'contest:close', index }, T0 + index * 50_000 + 1).state;
      s = accept(s, SYSTEM, { type: 'contest:release', index }, T0 + index * 50_000 + 2).state;
    }
    expect(accept(s, SYSTEM, { type: 'contest:end' }, T0 + 200_000).state.phase).toEqual({ phase: 'podium', endedEarly: false });
  });

  it('shows the contest\'s name in its room info', () => {
    const s = contestRoom('lockstep');
    expect(roomInfoView(s).contest).toEqual({ code: 'K7Q2ZX', title: 'District final', label: 'Class 8-1', pacing: 'lockstep' });
    expect(roomInfoView(freshRoom(CONFIG)).contest).toBeUndefined();
    expect(Object.keys(roomInfoView(freshRoom(CONFIG)))).not.toContain('contest');
  });
});

describe('an own-pace contest room', () => {
  it('is run by its host as any room, ends on the contest\'s end, and plays once', () => {
    let s = joinPlayers(contestRoom('own-pace'), ['Ada', 'Bo']);
    refuse(s, SYSTEM, { type: 'contest:open', index: 0, deadline: DEADLINE }, 'not_allowed');
    s = accept(s, HOST, { type: 'game:start' }).state;
    expect(s.phase).toMatchObject({ phase: 'question', index: 0, deadline: T0 + 30_000 });
    refuse(s, SYSTEM, { type: 'contest:close', index: 0 }, 'not_allowed');
    s = accept(s, HOST, { type: 'game:pause' }, T0 + 1000).state;
    s = accept(s, HOST, { type: 'game:resume' }, T0 + 2000).state;
    // Everyone answered: closed at once, as in any room.
    s = bothAnswer(s, T0 + 3000);
    expect(s.phase).toEqual({ phase: 'reveal', index: 0 });
    expect(s.questions[0]!.closedBy).toBe('all-answered');
    s = accept(s, HOST, { type: 'game:next', from: 'reveal' }, T0 + 4000).state;
    s = accept(s, HOST, { type: 'game:next', from: 'leaderboard' }, T0 + 5000).state;
    expect(s.phase).toMatchObject({ phase: 'question', index: 1 });
    s = accept(s, SYSTEM, { type: 'contest:end' }, T0 + 6000).state;
    expect(s.phase).toEqual({ phase: 'podium', endedEarly: true });
    expect(s.questions[1]!.voided).toBe(true);
    refuse(s, HOST, { type: 'game:again' }, 'not_allowed', T0 + 7000);
    expect(roomInfoView(s).contest?.pacing).toBe('own-pace');
  });
});

describe('a room outside any contest', () => {
  it('refuses the contest\'s events and plays again as before', () => {
    let s = joinPlayers(freshRoom(CONFIG), ['Ada']);
    for (const event of [
      { type: 'contest:open', index: 0, deadline: DEADLINE },
      { type: 'contest:close', index: 0 },
      { type: 'contest:release', index: 0 },
      { type: 'contest:end' },
    ] as const) {
      refuse(s, SYSTEM, event, 'not_allowed');
    }
    expect(s.contest).toBeUndefined();
    expect(Object.keys(s)).not.toContain('contest');
    s = accept(s, HOST, { type: 'game:start' }).state;
    s = accept(s, HOST, { type: 'game:end' }, T0 + 1000).state;
    expect(accept(s, HOST, { type: 'game:again' }, T0 + 2000).state.game).toBe(2);
  });
});

describe('the rooms of a contest', () => {
  it('play the same problems when they share a seed and a config, whatever their code, and others do not', () => {
    const open = (s: RoomState) => accept(s, SYSTEM, { type: 'contest:open', index: 2, deadline: DEADLINE }).state.questions;
    const config = { ...CONFIG, teams: { count: 2, assignment: 'auto' as const, variants: true } };
    const a = open(contestRoom('lockstep', config, 99, 'ROOMAA'));
    const b = open(contestRoom('lockstep', config, 99, 'ROOMBB'));
    const other = open(contestRoom('lockstep', config, 100, 'ROOMCC'));
    expect(a.map((q) => [q.problem, q.variants])).toEqual(b.map((q) => [q.problem, q.variants]));
    expect(a.map((q) => q.problem)).not.toEqual(other.map((q) => q.problem));
  });

  it('take contest events that crossed a process boundary only in their shape', () => {
    expect(ContestEventSchema.parse({ type: 'contest:open', index: 1, deadline: DEADLINE })).toEqual({ type: 'contest:open', index: 1, deadline: DEADLINE });
    expect(ContestEventSchema.parse({ type: 'contest:end' })).toEqual({ type: 'contest:end' });
    for (const bad of [{ type: 'contest:open', index: 1 }, { type: 'contest:close', index: -1 }, { type: 'contest:release', index: 0.5 }, { type: 'game:start' }]) {
      expect(ContestEventSchema.safeParse(bad).success).toBe(false);
    }
  });
});
