/**
 * A lockstep contest where one room opens late: the contest does not wait for a room never opened, the
 * board keeps that question's figures back while the room is missing, and the late room joins at the
 * current question (the ones it missed are void for it) — with teams, ranked per room.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomReport } from '../../shared/protocol/index.ts';
import { FakeClock } from '../room/support.ts';
import {
  type ContestRoom,
  type ContestServer,
  RIGHT,
  WRONG,
  board,
  closeRoom,
  combinedRanking,
  control,
  createContest,
  newKey,
  openRoom,
  removeDir,
  roomReport,
  startContestServer,
  storedSetId,
} from './support.ts';

describe('a lockstep contest with a room that opens late', () => {
  const clock = new FakeClock();
  let s: ContestServer;
  let key: string;
  let code = '';
  let keys: string[] = [];
  const rooms: ContestRoom[] = [];

  beforeAll(async () => {
    s = await startContestServer({ clock });
    key = await newKey(s.url);
    const setId = await storedSetId(s.url, key);
    const contest = await createContest(s.url, key, {
      title: 'Late',
      setId,
      rooms: [{ label: 'Early' }, { label: 'Late' }],
      ranking: 'both',
      teams: { count: 2 },
      pacing: 'lockstep',
      timeLimitSec: null,
      lang: 'en',
    });
    code = contest.code;
    keys = contest.rooms.map((r) => r.roomKey);
  });
  afterAll(async () => {
    for (const r of rooms) closeRoom(r);
    await s.close();
    removeDir(s.dataDir);
  });

  it('releases question 1 in the one open room, and keeps its figures off the board while a room is missing', async () => {
    const early = await openRoom(s.url, keys[0]!, 'Early', ['Ada', 'Bo']);
    rooms.push(early);
    await control(s.url, key, code, 'start');
    await s.turn();
    for (const [k, p] of early.players.entries()) {
      await p.waitFor('room:phase', (v) => v.phase === 'question' && v.questionId === 'q1');
      clock.advance(1000);
      await p.ok('answer:submit', { questionId: 'q1', answer: k === 0 ? RIGHT[0] : WRONG[0] });
    }
    await s.turn();
    await early.host.waitFor('room:phase', (v) => v.phase === 'reveal' && v.questionId === 'q1');
    const view = await board(s.url, code);
    expect(view.stage).toEqual({ stage: 'reveal', index: 0 });
    expect(view.rooms.map((r) => r.status)).toEqual(['reveal', 'not-open']);
    expect(view.questions).toEqual([null, null, null]);
  });

  it('opens the late room at the current question; the question it missed is void there, and the board then shows it', async () => {
    await control(s.url, key, code, 'next');
    const late = await openRoom(s.url, keys[1]!, 'Late', ['Di', 'Ed', 'Fa']);
    rooms.push(late);
    await s.turn();
    for (const room of rooms) {
      for (const [k, p] of room.players.entries()) {
        await p.waitFor('room:phase', (v) => v.phase === 'question' && v.questionId === 'q2');
        clock.advance(500);
        await p.ok('answer:submit', { questionId: 'q2', answer: k % 2 === 0 ? RIGHT[1] : WRONG[1] });
      }
    }
    await s.turn();
    for (const room of rooms) await room.host.waitFor('room:phase', (v) => v.phase === 'reveal' && v.questionId === 'q2');
    let view = await board(s.url, code);
    // Both rooms are past question 1 now (the late one never played it): its figures are the early room's.
    expect(view.questions[0]).toMatchObject({ index: 0, answered: 2, correct: 1, correctByRoom: { s1: 0.5 } });
    expect(view.questions[1]).toMatchObject({ index: 1, answered: 5, correct: 3 });

    await control(s.url, key, code, 'end');
    await s.turn();
    for (const room of rooms) await room.host.waitFor('room:standings', (st) => st.final);
    await s.turn();
    view = await board(s.url, code);
    const reports: { label: string; report: RoomReport }[] = [];
    for (const room of rooms) reports.push({ label: room.label, report: await roomReport(s.url, room.code, room.hostToken) });
    expect(reports[1]!.report.questions.map((q) => [q.index, q.void])).toEqual([[0, true], [1, false]]);
    expect(view.players.map((p) => ({ name: p.name, roomLabel: p.roomLabel, score: p.score, rank: p.rank }))).toEqual(combinedRanking(reports));
    // Teams per room: two rooms of two teams each, each team with its room's score.
    const teams = reports.flatMap(({ label, report }) => (report.teams ?? []).map((t) => `${label}/${t.name}/${t.score}`)).sort();
    expect(view.teams!.map((t) => `${t.roomLabel}/${t.name}/${t.score}`).sort()).toEqual(teams);
    expect(view.teams).toHaveLength(4);
    expect(view.podium).not.toBeNull();
  });
});
