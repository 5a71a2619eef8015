/**
 * A lockstep contest of three rooms driven by the organizer's control API, with EVERY frame every
 * socket receives (hosts and players) and every board answer logged in one order: no room's frames
 * and no board carry a question's answer (its note or explanation, any written form of its numbers)
 * before every room has closed that question; then the rooms reveal it together.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revealsSecret } from '../../shared/engine/index.ts';
import type { ContestBoard } from '../../shared/protocol/contests.ts';
import type { QuestionView, RevealView, RoomReport } from '../../shared/protocol/index.ts';
import { SetContentSchema, problemForItem } from '../../shared/question-sets/index.ts';
import { FakeClock } from '../room/support.ts';
import { type TestClient, decodeFrame } from '../server/support.ts';
import {
  type ContestRoom,
  type ContestServer,
  EXPLANATION,
  NOTE,
  RIGHT,
  WRONG,
  board,
  call,
  closeRoom,
  combinedRanking,
  contestSet,
  control,
  createContest,
  newKey,
  openRoom,
  refusalOf,
  removeDir,
  roomReport,
  startContestServer,
  storedSetId,
} from './support.ts';

const LIMIT_MS = 60_000;
const NAMES: Record<string, string[]> = { 'Class 8-1': ['Ada', 'Bo'], 'Class 8-2': ['Di', 'Ed'], 'Class 8-3': ['Fa', 'Gu', 'Hu'] };
/** The numeric item's problem: its numbers are the teacher's own, the same for every seed. */
const NUMERIC = problemForItem(SetContentSchema.parse(contestSet()).items[1]!, { seed: 0 });

interface Logged {
  who: string;
  raw: string;
}

describe('a lockstep contest of three rooms', () => {
  const clock = new FakeClock();
  let s: ContestServer;
  let key: string;
  let code = '';
  const rooms: ContestRoom[] = [];
  /** Every frame of every socket and every board answer, in the order they arrived. */
  const log: Logged[] = [];
  const boards: ContestBoard[] = [];

  const tap = (who: string, client: TestClient) => {
    client.socket.io.engine.on('packet', (packet: { type: string; data?: unknown }) => {
      if (packet.type === 'message' && typeof packet.data === 'string') log.push({ who, raw: packet.data });
    });
  };
  const look = async () => {
    const b = await board(s.url, code);
    boards.push(b);
    log.push({ who: 'board', raw: JSON.stringify(b) });
    return b;
  };
  const phaseFrames = (filter: (v: QuestionView | RevealView) => boolean) =>
    log.flatMap((entry, at) => {
      if (entry.who === 'board') return [];
      const { kind, args } = decodeFrame(entry.raw);
      return kind === 'event' && args[0] === 'room:phase' && filter(args[1] as QuestionView | RevealView) ? [{ at, who: entry.who }] : [];
    });
  const answer = (room: ContestRoom, k: number, i: number, right: boolean) =>
    room.players[k]!.ok('answer:submit', { questionId: `q${i + 1}`, answer: right ? RIGHT[i]! : WRONG[i]! });
  const allOn = (i: number, predicate: (v: QuestionView | RevealView) => boolean) =>
    Promise.all(rooms.flatMap((r) => [r.host, ...r.players]).map((c) => c.waitFor('room:phase', (v) => (v as QuestionView).questionId === `q${i + 1}` && predicate(v as QuestionView))));

  beforeAll(async () => {
    s = await startContestServer({ clock });
    key = await newKey(s.url);
    const setId = await storedSetId(s.url, key);
    const contest = await createContest(s.url, key, { title: 'Live final', setId, rooms: Object.keys(NAMES).map((label) => ({ label })), ranking: 'players', pacing: 'lockstep', lang: 'en' });
    code = contest.code;
    for (const slot of contest.rooms) rooms.push(await openRoom(s.url, slot.roomKey, slot.label, NAMES[slot.label]!, tap));
  });
  afterAll(async () => {
    for (const r of rooms) closeRoom(r);
    await s.close();
    removeDir(s.dataDir);
  });

  it('is paced by the organizer: the hosts may not start it; every room opens question 1 with one deadline', async () => {
    for (const r of rooms) expect(await r.host.call('game:start', {})).toMatchObject({ ok: false, error: { code: 'contest_lockstep' } });
    await s.turn();
    expect((await look()).rooms.map((r) => r.status)).toEqual(['lobby', 'lobby', 'lobby']);
    const started = await control(s.url, key, code, 'start');
    expect(started.stage).toEqual({ stage: 'question', index: 0, deadline: clock.now() + LIMIT_MS });
    await s.turn();
    const views = (await allOn(0, (v) => v.phase === 'question')) as QuestionView[];
    for (const v of views) expect(v).toMatchObject({ phase: 'question', remainingMs: LIMIT_MS, timeLimitMs: LIMIT_MS });
    expect(views.every((v) => !v.held)).toBe(true);
  });

  it('holds question 1 where everyone answered, releases it only once the organizer closed it in the last room', async () => {
    const [a, b, c] = rooms as [ContestRoom, ContestRoom, ContestRoom];
    clock.advance(2000);
    await answer(a, 0, 0, true);
    await answer(a, 1, 0, false);
    clock.advance(1000);
    await answer(b, 0, 0, true);
    await answer(b, 1, 0, true);
    await answer(c, 0, 0, true);
    await a.host.waitFor('room:phase', (v) => v.phase === 'question' && v.held === true);
    await b.host.waitFor('room:phase', (v) => v.phase === 'question' && v.held === true);
    // A held question refuses a late answer.
    expect(await a.players[0]!.call('answer:submit', { questionId: 'q1', answer: 'c' })).toMatchObject({ ok: false, error: { code: 'round_closed' } });
    await s.turn();
    await s.turn();
    const view = await look();
    expect(view.rooms.map((r) => r.status)).toEqual(['held', 'held', 'question']);
    expect(view.questions).toEqual([null, null, null]);
    expect(phaseFrames((v) => v.phase === 'reveal')).toEqual([]);
    expect(refusalOf(await call(s.url, 'POST', `/api/contests/${code}/control`, { key, json: { action: 'next' } }))).toMatchObject({ status: 409, code: 'contest_wrong_state' });
    for (const r of rooms) expect(await r.host.call('question:end', {})).toMatchObject({ ok: false, error: { code: 'contest_lockstep' } });

    // The organizer closes it: the last room holds it too, then every room reveals it.
    clock.advance(1000);
    expect((await control(s.url, key, code, 'close')).stage).toEqual({ stage: 'question', index: 0, deadline: clock.now() });
    await s.turn();
    await c.host.waitFor('room:phase', (v) => v.phase === 'question' && v.held === true);
    await s.turn();
    await allOn(0, (v) => v.phase === 'reveal');
    // Why each room closed it: everyone had answered, or the organizer closed it (as a host's early close).
    const closedBy = [rooms[0]!, rooms[1]!, rooms[2]!].map((r) => (r.host.latest('room:phase') as RevealView).closedBy);
    expect(closedBy).toEqual(['all-answered', 'all-answered', 'host']);
    const after = await look();
    expect(after.stage).toEqual({ stage: 'reveal', index: 0 });
    expect(after.questions[0]).toMatchObject({ index: 0, answered: 5, correct: 4 });
  });

  it('holds question 2 at its deadline in every room and releases it together; question 3 once everyone answered', async () => {
    const [a, b, c] = rooms as [ContestRoom, ContestRoom, ContestRoom];
    await control(s.url, key, code, 'next');
    await s.turn();
    await allOn(1, (v) => v.phase === 'question');
    clock.advance(4000);
    await answer(a, 0, 1, true);
    await answer(b, 1, 1, false);
    await answer(c, 2, 1, true);
    await s.turn();
    expect((await look()).questions[1]).toBeNull();
    // The shared deadline: every room holds, one turn of the hub releases them all.
    clock.advance(LIMIT_MS);
    await allOn(1, (v) => v.phase === 'question' && v.held === true);
    await s.turn();
    await allOn(1, (v) => v.phase === 'reveal');
    expect((await look()).stage).toEqual({ stage: 'reveal', index: 1 });

    await control(s.url, key, code, 'next');
    await s.turn();
    await allOn(2, (v) => v.phase === 'question');
    for (const [r, room] of rooms.entries()) {
      for (const k of room.players.keys()) {
        clock.advance(500);
        await answer(room, k, 2, (r + k) % 2 === 0);
      }
    }
    await allOn(2, (v) => v.phase === 'question' && v.held === true);
    await s.turn();
    await allOn(2, (v) => v.phase === 'reveal');
  });

  it('ends after the last question: every room on its podium, the board\'s ranking equal to the room reports', async () => {
    const ended = await control(s.url, key, code, 'next');
    expect(ended.stage).toMatchObject({ stage: 'ended' });
    await s.turn();
    await Promise.all(rooms.map((r) => r.host.waitFor('room:standings', (st) => st.final)));
    await s.turn();
    const view = await look();
    expect(view.rooms.map((r) => r.status)).toEqual(['podium', 'podium', 'podium']);
    const reports: { label: string; report: RoomReport }[] = [];
    for (const room of rooms) reports.push({ label: room.label, report: await roomReport(s.url, room.code, room.hostToken) });
    expect(view.players.map((p) => ({ name: p.name, roomLabel: p.roomLabel, score: p.score, rank: p.rank }))).toEqual(combinedRanking(reports));
    expect(view.podium).not.toBeNull();
    // Every room scored the same three questions.
    for (const { report } of reports) expect(report.questions.map((q) => [q.index, q.void])).toEqual([[0, false], [1, false], [2, false]]);
  });

  it('sent no answer to any socket or board before every room had closed its question', () => {
    const secrets: ((text: string) => boolean)[] = [
      (t) => t.includes(EXPLANATION),
      (t) => t.includes(NOTE) || revealsSecret(NUMERIC, t),
      // The third item has no note: its reveal (the right choice named) is the secret.
      () => false,
    ];
    for (const i of [0, 1, 2]) {
      const questionId = `q${i + 1}`;
      // When each room closed it (held), and when the first frame of any room revealed it.
      const held = rooms.map((r) => phaseFrames((v) => v.phase === 'question' && v.questionId === questionId && v.held === true).find((f) => f.who === `${r.label} host`));
      expect(held.every((h) => h !== undefined), questionId).toBe(true);
      const lastHeld = Math.max(...held.map((h) => h!.at));
      const reveals = phaseFrames((v) => v.phase === 'reveal' && v.questionId === questionId);
      expect(reveals.length, questionId).toBe(rooms.reduce((n, r) => n + 1 + r.players.length, 0));
      expect(Math.min(...reveals.map((r) => r.at)), questionId).toBeGreaterThan(lastHeld);
      const leaks = log.slice(0, lastHeld + 1).filter((entry) => secrets[i]!(entry.raw));
      expect(leaks.map((l) => l.who), questionId).toEqual([]);
      // The secret does travel, with the reveals: the check above can fail.
      if (i < 2) expect(log.some((entry) => entry.who !== 'board' && secrets[i]!(entry.raw)), questionId).toBe(true);
    }
    for (const b of boards) {
      const text = JSON.stringify(b);
      expect(text).not.toContain(NOTE);
      expect(text).not.toContain(EXPLANATION);
      expect(revealsSecret(NUMERIC, text)).toBe(false);
    }
  });
});
