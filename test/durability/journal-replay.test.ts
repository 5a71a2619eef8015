/**
 * The event log and checkpoints rebuild a room exactly: after every accepted event of a
 * game that uses every kind of event, the state loaded from the SQLite file (checkpoint
 * plus replayed log) deep-equals the live state. Between phase changes the log grows by
 * one row per event and the checkpoint is not rewritten; at a phase change the log is folded in.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RelayProblem, SEED_NETWORK } from '../../shared/engine/index.ts';
import { type RoomConfigInput, RoomConfigSchema } from '../../shared/protocol/index.ts';
import { RoomRegistry } from '../../server/room/room-registry.ts';
import type { QuestionState, RoomEvent } from '../../server/room/room-state.ts';
import { Room } from '../../server/room/room.ts';
import { RoomStore } from '../../server/store/room-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { closeAnswer, rightAnswer } from '../room/helpers.ts';
import { FakeClock, FakeTransport, checkpointTaken, silentLogger } from '../room/support.ts';

const CONFIG: RoomConfigInput = {
  kinds: ['chain-steps', 'chain-gradient', 'update', 'forward'],
  questionCount: 4,
  timeLimitSec: 30,
  allowAnswerChange: true,
  streakBonus: true,
  teams: { count: 2, assignment: 'self', variants: true },
  capacity: 10,
};

let dir: string;
let sqlite: SqliteStore;
let store: RoomStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-journal-'));
  sqlite = new SqliteStore({ dataDir: dir });
  store = new RoomStore(sqlite, silentLogger);
});
afterEach(() => {
  sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function rows(table: 'room_events' | 'room_questions'): number {
  const db = new Database(sqlite.file, { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** A room journaled to the test's SQLite store, on a fake clock, with the host seated. */
function journaledRoom(code: string, seed: number, config: RoomConfigInput) {
  const clock = new FakeClock();
  const transport = new FakeTransport();
  const { room } = Room.create({
    code,
    seed,
    config: RoomConfigSchema.parse(config),
    idleTtlMs: 3 * 3600_000,
    clock,
    transport,
    logger: silentLogger,
    presenceIntervalMs: 0,
    endedLingerMs: 60_000,
    journal: store.journalFor(code),
  });
  return { room, clock, transport };
}

/** Ada, Bo and Cy join team t1, Di and Eve t2; `same` checks the store after each join. Returns their ids. */
function joinTwoTeams(room: Room, transport: FakeTransport, same: () => void): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const [name, team] of [['Ada', 't1'], ['Bo', 't1'], ['Cy', 't1'], ['Di', 't2'], ['Eve', 't2']] as const) {
    transport.connection(name);
    const ack = room.join(name, name, team);
    if (!ack.ok) throw new Error(ack.error.code);
    ids[name] = ack.data.playerId;
    same();
  }
  return ids;
}

describe('the event log and checkpoints', () => {
  it('rebuild the exact state after every event of a whole game', async () => {
    const { room, clock, transport } = journaledRoom('JRNL23', 99, CONFIG);
    let checks = 0;
    const same = () => {
      expect(store.load('JRNL23')).toEqual(room.current);
      checks++;
    };
    same();
    transport.connection('host');
    room.attachHost('host');
    same();

    const players: { connection: string; id: string }[] = [];
    let n = 0;
    const join = (name: string, teamId: string | null) => {
      const connection = `c${++n}`;
      transport.connection(connection);
      const ack = room.join(connection, name, teamId);
      if (!ack.ok) throw new Error(ack.error.code);
      players.push({ connection, id: ack.data.playerId });
      same();
      return players[players.length - 1]!;
    };
    const host = (event: RoomEvent) => {
      const result = room.request('host', event);
      same();
      return result;
    };
    const as = (p: { connection: string }, event: RoomEvent) => {
      const result = room.request(p.connection, event);
      same();
      return result;
    };

    const ada = join('Ada', 't1');
    const bo = join('Bo', 't2');
    const cy = join('小明, "Cy"', null);
    const di = join('Di', null);
    const eve = join('Eve', 't1');
    expect(as(cy, { type: 'team:choose', teamId: 't2' }).ok).toBe(true);
    expect(host({ type: 'team:assign', playerId: di.id, teamId: 't1' }).ok).toBe(true);
    expect(host({ type: 'room:lock', locked: true }).ok).toBe(true);
    expect(host({ type: 'room:lock', locked: false }).ok).toBe(true);
    expect(host({ type: 'room:kick', playerId: eve.id }).ok).toBe(true);
    // Refused events change nothing and are not logged.
    expect(as(ada, { type: 'game:start' }).ok).toBe(false);
    const logged = rows('room_events');
    expect(logged).toBeGreaterThan(5);

    expect(host({ type: 'game:start' }).ok).toBe(true);
    // A phase change is logged, then folded into a checkpoint a turn later.
    expect(rows('room_events')).toBe(logged + 1);
    await checkpointTaken(room);
    expect(rows('room_events')).toBe(0);
    const q = () => room.current.questions[room.current.questions.length - 1] as QuestionState;
    const problemOf = (p: { id: string }) => {
      const question = q();
      const teamId = room.current.players[p.id]!.teamId!;
      return question.variants?.[teamId] ?? question.problem;
    };

    // Chain steps: answers, a changed earlier step, a pause, a drop and a reconnect.
    clock.advance(2000);
    expect(as(ada, { type: 'answer:submit', questionId: 'q1', answer: rightAnswer(problemOf(ada), 0), step: 0 }).ok).toBe(true);
    expect(as(ada, { type: 'answer:submit', questionId: 'q1', answer: '0.3', step: 1 }).ok).toBe(true);
    clock.advance(1000);
    expect(as(ada, { type: 'answer:submit', questionId: 'q1', answer: '9', step: 0 }).ok).toBe(true);
    expect(as(bo, { type: 'answer:submit', questionId: 'q1', answer: rightAnswer(problemOf(bo), 0), step: 0 }).ok).toBe(true);
    expect(host({ type: 'game:pause' }).ok).toBe(true);
    clock.advance(60_000);
    expect(host({ type: 'game:resume' }).ok).toBe(true);
    room.drop(cy.connection);
    same();
    expect(as(di, { type: 'answer:submit', questionId: 'q1', answer: 'nonsense', step: 0 }).ok).toBe(false);
    expect(rows('room_events')).toBe(7);
    expect(room.reconnect('c-back', { role: 'player', playerId: cy.id }, false)).toBe(true);
    cy.connection = 'c-back';
    same();
    // The deadline closes it (a timer-driven event).
    clock.advance(30_000);
    same();
    expect(room.current.phase.phase).toBe('reveal');
    expect(host({ type: 'game:next', from: 'reveal' }).ok).toBe(true);
    expect(as(bo, { type: 'room:leave' }).ok).toBe(true);
    expect(host({ type: 'game:next', from: 'leaderboard' }).ok).toBe(true);

    // q2: everyone connected answers: it closes on the last answer.
    for (const p of [ada, cy, di]) {
      clock.advance(700);
      expect(as(p, { type: 'answer:submit', questionId: 'q2', answer: p === di ? closeAnswer(problemOf(p)) : rightAnswer(problemOf(p)), step: null }).ok).toBe(true);
    }
    expect(room.current.phase.phase).toBe('reveal');
    expect(host({ type: 'game:next', from: 'reveal' }).ok).toBe(true);
    expect(host({ type: 'game:next', from: 'leaderboard' }).ok).toBe(true);
    // q3 is skipped, q4 ended by the host, then the game ends and the room closes.
    expect(as(ada, { type: 'answer:submit', questionId: 'q3', answer: rightAnswer(problemOf(ada)), step: null }).ok).toBe(true);
    expect(host({ type: 'question:skip', questionId: 'q3' }).ok).toBe(true);
    expect(as(cy, { type: 'answer:submit', questionId: 'q4', answer: rightAnswer(problemOf(cy)), step: null }).ok).toBe(true);
    expect(host({ type: 'question:end', questionId: 'q4' }).ok).toBe(true);
    expect(host({ type: 'game:next', from: 'reveal' }).ok).toBe(true);
    expect(host({ type: 'game:next', from: 'leaderboard' }).ok).toBe(true);
    expect(room.current.phase.phase).toBe('podium');
    await checkpointTaken(room);
    // Play again: the same room, its players and teams in the lobby, the first game kept for its report.
    expect(host({ type: 'game:again' }).ok).toBe(true);
    same();
    expect(room.current.pastGames?.map((g) => g.state.questions.length)).toEqual([4]);
    expect(store.load('JRNL23')!.questions).toEqual([]);
    expect(host({ type: 'game:start' }).ok).toBe(true);
    same();
    expect(as(ada, { type: 'answer:submit', questionId: 'g2q1', answer: '1', step: problemOf(ada).steps ? 0 : null }).ok).toBe(true);
    same();
    expect(host({ type: 'room:close' }).ok).toBe(true);
    await checkpointTaken(room);
    same();
    expect(checks).toBeGreaterThan(35);
    // Every question index is on disk once (the second game's first question took the first row); the finished room leaves the list of rooms to resume.
    expect(rows('room_questions')).toBe(4);
    expect(sqlite.loadUnfinished()).toEqual([]);
    expect(sqlite.loadRoom('JRNL23')!.finishedAt).toBe(clock.now());
    room.dispose();
  });

  it('rebuild the exact state after every event of a game that plays a question set, variants, ×2, untimed and a replay included', () => {
    const items = [
      { type: 'numeric', network: SEED_NETWORK, asks: ['dL/dw'], note: 'p. 42', variants: true },
      { type: 'generated', kind: 'update', difficulty: 1, timeLimitSec: 15, points: 2 },
      { type: 'choice', question: 'Which are right?', choices: [{ text: 'one', correct: true }, { text: 'two', correct: false }, { text: 'three', correct: true }], explanation: 'Why.' },
      { type: 'numeric', network: SEED_NETWORK, asks: ['dL/dz', "w'"], timeLimitSec: null, points: 0 },
    ] as const;
    const { room, clock, transport } = journaledRoom('SETS23', 17, {
      timeLimitSec: 30,
      teams: { count: 2, assignment: 'self', variants: true },
      set: { id: 'set_1', title: 'Period 4', lang: 'en', items: structuredClone(items) as never },
    });
    const same = () => expect(store.load('SETS23')).toEqual(room.current);
    transport.connection('host');
    room.attachHost('host');
    joinTwoTeams(room, transport, same);
    expect(room.request('host', { type: 'game:start' }).ok).toBe(true);
    same();
    const question = () => room.current.questions[room.current.questions.length - 1] as QuestionState;
    const problemOf = (name: string) => {
      const teamId = room.current.players[Object.values(room.current.players).find((p) => p.name === name)!.id]!.teamId!;
      return question().variants?.[teamId] ?? question().problem;
    };
    const answer = (name: string, text: string, step?: number) => {
      clock.advance(400);
      const result = room.request(name, { type: 'answer:submit', questionId: question().id, answer: text, ...(step === undefined ? {} : { step }) });
      same();
      return result;
    };
    const next = () => {
      expect(room.request('host', { type: 'game:next', from: 'reveal' }).ok).toBe(true);
      expect(room.request('host', { type: 'game:next', from: 'leaderboard' }).ok).toBe(true);
      same();
    };
    // The teacher's example with each team's own numbers: right, wrong, a pause, the deadline.
    expect(question().variants!.t1).not.toEqual(question().variants!.t2);
    expect(answer('Ada', rightAnswer(problemOf('Ada'))).ok).toBe(true);
    expect(answer('Di', '0.5').ok).toBe(true);
    expect(room.request('host', { type: 'game:pause' }).ok).toBe(true);
    clock.advance(10_000);
    expect(room.request('host', { type: 'game:resume' }).ok).toBe(true);
    clock.advance(30_000);
    same();
    expect(room.current.questions[0]!.closedBy).toBe('deadline');
    next();
    // ×2 with its own 15 s, generated per team.
    expect(answer('Bo', rightAnswer(problemOf('Bo'))).ok).toBe(true);
    clock.advance(15_000);
    same();
    expect(room.current.questions[1]).toMatchObject({ limitMs: 15_000, points: 2, closedBy: 'deadline' });
    next();
    // Two right choices; everyone answers, so it closes.
    for (const [name, choice] of [['Ada', 'a'], ['Bo', 'c'], ['Cy', 'b'], ['Di', 'a'], ['Eve', 'c']] as const) expect(answer(name, choice).ok).toBe(true);
    expect(room.current.phase.phase).toBe('reveal');
    next();
    // Untimed, ×0, two steps; the host ends it.
    expect(answer('Cy', rightAnswer(problemOf('Cy'), 0), 0).ok).toBe(true);
    expect(answer('Cy', rightAnswer(problemOf('Cy'), 1), 1).ok).toBe(true);
    clock.advance(5 * 60_000);
    same();
    expect(room.current.phase.phase).toBe('question');
    expect(room.request('host', { type: 'question:end', questionId: null }).ok).toBe(true);
    next();
    expect(room.current.phase.phase).toBe('podium');
    // Play again: the same items from the snapshot, into a second game.
    expect(room.request('host', { type: 'game:again' }).ok).toBe(true);
    expect(room.request('host', { type: 'game:start' }).ok).toBe(true);
    same();
    expect(answer('Eve', rightAnswer(problemOf('Eve'))).ok).toBe(true);
    expect(room.current.config.set!.items.map((i) => i.type)).toEqual(items.map((i) => i.type));
    room.dispose();
  });

  it('rebuild the exact state after every event of a relay game: links, a drop and rejoin, a redeal, the deadline', () => {
    const { room, clock, transport } = journaledRoom('RELAY2', 5, { mode: 'relay', questionCount: 2, difficulties: [1, 2], timeLimitSec: 30, teams: { count: 2, assignment: 'self' } });
    const same = () => expect(store.load('RELAY2')).toEqual(room.current);
    transport.connection('host');
    room.attachHost('host');
    const ids = joinTwoTeams(room, transport, same);
    const nameOf = (id: string) => Object.keys(ids).find((n) => ids[n] === id)!;
    expect(room.request('host', { type: 'game:start' }).ok).toBe(true);
    same();
    const send = (teamId: string, link: number, answer?: string) => {
      const round = room.current.questions[room.current.questions.length - 1]!;
      const problem = round.variants![teamId] as RelayProblem;
      const holder = nameOf(round.relay![teamId]!.holders[link]!);
      clock.advance(500);
      const result = room.request(holder, { type: 'relay:submit', questionId: round.id, link, answer: answer ?? String(problem.steps![link]!.answer) });
      same();
      return result;
    };
    // Round 1: t1 sends a wrong first link, a holder drops and comes back, t2 finishes, t1 too.
    expect(send('t1', 0, '12345').ok).toBe(true);
    expect(send('t1', 1).ok).toBe(true);
    room.drop('Cy');
    same();
    expect(room.reconnect('Cy-back', { role: 'player', playerId: ids.Cy! }, false)).toBe(true);
    same();
    transport.connection('Cy-back');
    for (const link of [0, 1, 2, 3]) expect(send('t2', link).ok).toBe(true);
    expect(room.request('Cy-back', { type: 'relay:submit', questionId: 'q1', link: 2, answer: 'not a number' }).ok).toBe(false);
    expect(room.request('Cy-back', { type: 'relay:submit', questionId: 'q1', link: 2, answer: '0.01' }).ok).toBe(true);
    same();
    expect(send('t1', 3).ok).toBe(true);
    expect(room.current.phase.phase).toBe('reveal');
    expect(room.request('host', { type: 'game:next', from: 'reveal' }).ok).toBe(true);
    expect(room.request('host', { type: 'game:next', from: 'leaderboard' }).ok).toBe(true);
    same();
    // Round 2: a member leaves holding links (they are redealt), then the deadline closes the round.
    expect(send('t1', 0).ok).toBe(true);
    const leaver = nameOf(room.current.questions[1]!.relay!.t1!.holders[1]!);
    expect(room.request(leaver, { type: 'room:leave' }).ok).toBe(true);
    same();
    expect(send('t1', 1).ok).toBe(true);
    clock.advance(30_000);
    same();
    expect(room.current.questions[1]!.closedBy).toBe('deadline');
    room.dispose();
  });

  it('rebuild the exact state after every event of a descent race: η, proposals, confirmations, a drop and rejoin, a leave, the deadline', () => {
    const { room, clock, transport } = journaledRoom('DESC23', 9, { mode: 'descent', questionCount: 3, difficulties: [2], timeLimitSec: 30, teams: { count: 2, assignment: 'self' } });
    const same = () => expect(store.load('DESC23')).toEqual(room.current);
    transport.connection('host');
    room.attachHost('host');
    const ids = joinTwoTeams(room, transport, same);
    const lr = room.current.descent!.task.lrChoices[2]!;
    expect(room.request('Di', { type: 'descent:lr', lr }).ok).toBe(true);
    same();
    expect(room.request('host', { type: 'game:start' }).ok).toBe(true);
    same();
    const qid = () => room.current.questions[room.current.questions.length - 1]!.id;
    const propose = (who: string, w: string, b: string) => {
      clock.advance(500);
      const result = room.request(who, { type: 'descent:propose', questionId: qid(), w, b });
      same();
      if (!result.ok) throw new Error(result.error.code);
      return result.reply.proposalId;
    };
    const confirm = (who: string, proposalId: string) => {
      clock.advance(500);
      const result = room.request(who, { type: 'descent:confirm', questionId: qid(), proposalId });
      same();
      return result;
    };
    // Iteration 1: two proposals in t1, a refused confirmation of one's own, a drop and rejoin, both teams settle.
    const first = propose('Ada', '0.5', '0.2');
    propose('Bo', '0.6', '0.1');
    expect(confirm('Ada', first).ok).toBe(false);
    room.drop('Cy');
    same();
    expect(room.reconnect('Cy-back', { role: 'player', playerId: ids.Cy! }, false)).toBe(true);
    same();
    transport.connection('Cy-back');
    expect(confirm('Cy-back', first).ok).toBe(true);
    expect(confirm('Eve', propose('Di', '-1', '0')).ok).toBe(true);
    expect(room.current.phase.phase).toBe('reveal');
    expect(room.request('host', { type: 'game:next', from: 'reveal' }).ok).toBe(true);
    expect(room.request('host', { type: 'game:next', from: 'leaderboard' }).ok).toBe(true);
    same();
    // Iteration 2: a member leaves, the deadline closes it with t2 unsettled.
    expect(confirm('Bo', propose('Ada', '0.7', '0.3')).ok).toBe(true);
    expect(room.request('Eve', { type: 'room:leave' }).ok).toBe(true);
    same();
    propose('Di', '1', '1');
    clock.advance(30_000);
    same();
    expect(room.current.questions[1]!.closedBy).toBe('deadline');
    expect(room.current.descent!.runs.t2!.history.map((h) => h.submitted)).toEqual([expect.objectContaining({ w: '-1' }), null]);
    expect(room.request('host', { type: 'game:next', from: 'reveal' }).ok).toBe(true);
    expect(room.request('host', { type: 'game:next', from: 'leaderboard' }).ok).toBe(true);
    // Iteration 3 ends at the host's word, then the podium.
    propose('Bo', '0.1', '0.1');
    expect(room.request('host', { type: 'question:end', questionId: null }).ok).toBe(true);
    expect(room.request('host', { type: 'game:next', from: 'reveal' }).ok).toBe(true);
    expect(room.request('host', { type: 'game:next', from: 'leaderboard' }).ok).toBe(true);
    same();
    expect(room.current.phase.phase).toBe('podium');
    room.dispose();
  });

  it('checkpoints a lobby a second after its last event, and then opens the first question without one', async () => {
    const { room, clock, transport } = journaledRoom('QUIETL', 7, { kinds: ['chain-gradient'], questionCount: 2, timeLimitSec: null });
    transport.connection('host');
    room.attachHost('host');
    for (const name of ['Ada', 'Bo', 'Cy']) {
      transport.connection(name);
      expect(room.join(name, name, null).ok).toBe(true);
      clock.advance(600);
    }
    sqlite.flush();
    // Each join restarted the wait: nothing checkpointed 600 ms after the last one.
    expect(rows('room_events')).toBeGreaterThanOrEqual(3);
    clock.advance(400);
    await checkpointTaken(room);
    expect(rows('room_events')).toBe(0);
    expect(store.load('QUIETL')).toEqual(room.current);
    // The first question opens: one row, and no checkpoint of the whole room.
    expect(room.request('host', { type: 'game:start' }).ok).toBe(true);
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    sqlite.flush();
    expect(rows('room_events')).toBe(1);
    expect(store.load('QUIETL')).toEqual(room.current);
  });

  it('checkpoints once a reveal\'s verdicts are out and where the room rests, never while a question is open', async () => {
    const config = { kinds: ['chain-gradient' as const], questionCount: 4, timeLimitSec: null, leaderboardEvery: 2 };
    const { room, transport } = journaledRoom('CHKPNT', 7, config);
    transport.connection('host');
    room.attachHost('host');
    transport.connection('Ada');
    const ada = room.join('Ada', 'Ada', null);
    if (!ada.ok) throw new Error(ada.error.code);
    const host = (event: RoomEvent) => room.request('host', event);
    // Turns of the event loop for a checkpoint to be taken if one were due, then what is queued committed.
    const turns = async () => {
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      sqlite.flush();
    };
    const answer = () => {
      const q = room.current.questions[room.current.questions.length - 1]!;
      expect(room.request('Ada', { type: 'answer:submit', questionId: q.id, answer: rightAnswer(q.problem), step: null }).ok).toBe(true);
    };
    // The first question folds the lobby into a checkpoint.
    expect(host({ type: 'game:start' }).ok).toBe(true);
    await checkpointTaken(room);
    expect(rows('room_events')).toBe(0);
    // Ada's answer closes it; once her verdict is out, the reveal is checkpointed.
    answer();
    expect(room.current.phase.phase).toBe('reveal');
    await checkpointTaken(room);
    expect(rows('room_events')).toBe(0);
    // No leaderboard after question 1 (every 2): question 2 opens with a checkpoint since question 1, so none.
    expect(host({ type: 'game:next', from: 'reveal' }).ok).toBe(true);
    await turns();
    expect(room.current.phase.phase).toBe('question');
    expect(rows('room_events')).toBe(1);
    // An answer while the question is open: a row, no checkpoint.
    answer();
    expect(room.current.phase.phase).toBe('reveal');
    await checkpointTaken(room);
    expect(rows('room_events')).toBe(0);
    // The leaderboard after a checkpointed reveal changes only the phase: one row, no checkpoint.
    expect(host({ type: 'game:next', from: 'reveal' }).ok).toBe(true);
    expect(room.current.phase.phase).toBe('leaderboard');
    await turns();
    expect(rows('room_events')).toBe(1);
    // Replayed from the reveal's checkpoint, the room is the same.
    expect(store.load('CHKPNT')).toEqual(room.current);
  });

  it('resumes unfinished rooms with everyone away, and closes at once a question whose deadline passed meanwhile', async () => {
    const clock = new FakeClock();
    const options = (transport: FakeTransport) => ({
      clock,
      logger: silentLogger,
      transportFor: () => transport,
      seedSource: () => 7,
      maxRooms: 10,
      idleTtlMs: 3 * 3600_000,
      endedLingerMs: 60_000,
      presenceIntervalMs: 0,
      store,
    });
    const before = new RoomRegistry(options(new FakeTransport()));
    const created = before.create(RoomConfigSchema.parse({ kinds: ['update'], questionCount: 2, timeLimitSec: 20 }));
    if ('error' in created) throw new Error(created.error.code);
    const room = created.room;
    room.attachHost('h');
    const ada = room.join('a', 'Ada', null);
    const bo = room.join('b', 'Bo', null);
    if (!ada.ok || !bo.ok) throw new Error('join');
    room.request('h', { type: 'game:start' });
    clock.advance(5000);
    const problem = room.current.questions[0]!.problem;
    expect(room.request('a', { type: 'answer:submit', questionId: 'q1', answer: rightAnswer(problem), step: null }).ok).toBe(true);
    const atCrash = structuredClone(room.current);
    // The process dies here: nothing more is written. The next one starts 30 s later.
    clock.advance(0);
    const transport = new FakeTransport();
    const clockAfter = clock;
    (clockAfter as unknown as { time: number }).time = atCrash.lastActivityAt + 30_000;
    const after = new RoomRegistry({ ...options(transport), clock: clockAfter });
    expect(after.restore()).toBe(1);
    const resumed = after.get(room.code)!;
    expect(resumed.current.players[ada.data.playerId]).toMatchObject({ name: 'Ada', connected: false });
    expect(resumed.current.host.connected).toBe(false);
    expect(resumed.current.questions[0]!.submissions[ada.data.playerId]!.steps[0]!.raw).toBe(rightAnswer(problem));
    // The deadline passed during the outage: the question closes on the first timer tick.
    expect(resumed.current.phase.phase).toBe('question');
    clockAfter.advance(0);
    expect(resumed.current.phase).toEqual({ phase: 'reveal', index: 0 });
    expect(resumed.current.questions[0]!.closedBy).toBe('deadline');
    // 1000 + speed bonus for 15 s of 20 left.
    expect(resumed.current.questions[0]!.results![ada.data.playerId]).toMatchObject({ status: 'correct', points: 1375 });
    // Tokens still open their seats.
    expect(after.resolve(ada.data.token)).toMatchObject({ seat: { role: 'player', playerId: ada.data.playerId } });
    expect(after.resolve(created.hostToken)).toMatchObject({ seat: { role: 'host' } });
    // The reveal was checkpointed: a third server sees it without replaying.
    await checkpointTaken(resumed);
    expect(sqlite.loadRoom(room.code)!.events).toEqual([]);
    before.disposeAll();
    after.disposeAll();
  });

  it('resumes the readable rooms when one stored room cannot be read', () => {
    const registryOptions = {
      clock: new FakeClock(),
      logger: silentLogger,
      transportFor: () => new FakeTransport(),
      seedSource: () => 3,
      maxRooms: 10,
      idleTtlMs: 3 * 3600_000,
      endedLingerMs: 60_000,
      presenceIntervalMs: 0,
      store,
    };
    const before = new RoomRegistry(registryOptions);
    const created = before.create(RoomConfigSchema.parse({}));
    if ('error' in created) throw new Error(created.error.code);
    sqlite.saveRoom('BROKEN', { state: { version: 99 }, questions: [], info: { hostTokenHash: 'h', title: 'x', phase: 'lobby', players: 0, finished: false } }, 1);
    const after = new RoomRegistry(registryOptions);
    expect(after.restore()).toBe(1);
    expect(after.get(created.room.code)).toBeDefined();
    expect(after.get('BROKEN')).toBeUndefined();
    before.disposeAll();
    after.disposeAll();
  });

  it('refuses an event it cannot save, and leaves the state as it was', () => {
    const clock = new FakeClock();
    const transport = new FakeTransport();
    let failing = false;
    const journal = store.journalFor('FAIL23');
    const { room } = Room.create({
      code: 'FAIL23',
      seed: 5,
      config: RoomConfigSchema.parse({}),
      idleTtlMs: 3600_000,
      clock,
      transport,
      logger: silentLogger,
      presenceIntervalMs: 0,
      endedLingerMs: 1000,
      journal: {
        append: (entry) => {
          if (failing) throw new Error('disk full');
          journal.append(entry);
        },
        checkpoint: (state, now) => journal.checkpoint(state, now),
      },
    });
    room.attachHost('h');
    const before = structuredClone(room.current);
    failing = true;
    expect(room.join('x', 'Ada', null)).toMatchObject({ ok: false, error: { code: 'internal_error' } });
    expect(room.current).toEqual(before);
    failing = false;
    expect(room.join('x', 'Ada', null).ok).toBe(true);
    room.dispose();
  });
});
