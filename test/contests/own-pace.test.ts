/**
 * A contest of three rooms at their own pace, played to the end by socket players: each teacher runs
 * their room as today; the board shows a question's statistics only once every room has passed it, and
 * its ranking of players, teams and rooms equals the three room reports put together.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContestBoard, ContestReport } from '../../shared/protocol/contests.ts';
import type { RoomReport } from '../../shared/protocol/index.ts';
import { FakeClock } from '../room/support.ts';
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
  createContest,
  dataOf,
  newKey,
  openRoom,
  removeDir,
  roomReport,
  startContestServer,
  storedSetId,
} from './support.ts';

/** Per room, per question, per player: right or not. */
const PLAN: Record<string, boolean[][]> = {
  'Class 8-1': [
    [true, false, true],
    [true, true, false],
    [true, false, false],
  ],
  'Class 8-2': [
    [false, true],
    [true, true],
    [true, true],
  ],
  'Class 8-3': [
    [true, true],
    [false, false],
    [true, false],
  ],
};
const NAMES: Record<string, string[]> = { 'Class 8-1': ['Ada', 'Bo', 'Cy'], 'Class 8-2': ['Di', 'Ed'], 'Class 8-3': ['Fa', 'Gu'] };

describe('a contest of three rooms at their own pace', () => {
  const clock = new FakeClock();
  let s: ContestServer;
  let key: string;
  let code = '';
  const rooms: ContestRoom[] = [];
  const boards: ContestBoard[] = [];

  const look = async () => {
    await s.turn();
    const b = await board(s.url, code);
    boards.push(b);
    return b;
  };

  async function playQuestion(room: ContestRoom, i: number): Promise<void> {
    const questionId = `q${i + 1}`;
    await Promise.all([room.host, ...room.players].map((c) => c.waitFor('room:phase', (v) => v.phase === 'question' && v.questionId === questionId)));
    for (const [k, right] of PLAN[room.label]![i]!.entries()) {
      // Each player a little later than the one before: speed bonuses differ.
      clock.advance(700 * (k + 1) + 300 * i);
      await room.players[k]!.ok('answer:submit', { questionId, answer: right ? RIGHT[i]! : WRONG[i]! });
    }
    await room.host.waitFor('room:phase', (v) => v.phase === 'reveal' && v.questionId === questionId);
  }
  async function next(room: ContestRoom, last: boolean): Promise<void> {
    await room.host.ok('game:next', { from: 'reveal' });
    await room.host.ok('game:next', { from: 'leaderboard' });
    if (last) await room.host.waitFor('room:standings', (st) => st.final);
  }

  beforeAll(async () => {
    s = await startContestServer({ clock });
    key = await newKey(s.url);
    const setId = await storedSetId(s.url, key);
    const contest = await createContest(s.url, key, {
      title: 'District final',
      setId,
      rooms: Object.keys(PLAN).map((label) => ({ label })),
      ranking: 'both',
      teams: { count: 2 },
      pacing: 'own-pace',
      lang: 'en',
    });
    code = contest.code;
    for (const slot of contest.rooms) rooms.push(await openRoom(s.url, slot.roomKey, slot.label, NAMES[slot.label]!));
  });
  afterAll(async () => {
    for (const r of rooms) closeRoom(r);
    await s.close();
    removeDir(s.dataDir);
  });

  it('shows a question\'s statistics only once every room has passed it', async () => {
    const [a, b, c] = rooms as [ContestRoom, ContestRoom, ContestRoom];
    let view = await look();
    expect(view.rooms.map((r) => [r.label, r.status, r.players])).toEqual([['Class 8-1', 'lobby', 3], ['Class 8-2', 'lobby', 2], ['Class 8-3', 'lobby', 2]]);
    expect(view.questions).toEqual([null, null, null]);
    expect(view.podium).toBeNull();

    // Class 8-1 plays on ahead: two questions closed there, none elsewhere.
    await a.host.ok('game:start', {});
    await playQuestion(a, 0);
    await next(a, false);
    await playQuestion(a, 1);
    view = await look();
    expect(view.rooms.map((r) => [r.status, r.questionIndex])).toEqual([['reveal', 1], ['lobby', null], ['lobby', null]]);
    expect(view.questions).toEqual([null, null, null]);
    // Scores are live all the same.
    expect(view.players.filter((p) => p.roomLabel === 'Class 8-1').every((p) => p.asked === 2)).toBe(true);

    await b.host.ok('game:start', {});
    await playQuestion(b, 0);
    view = await look();
    expect(view.questions).toEqual([null, null, null]);
    await c.host.ok('game:start', {});
    await playQuestion(c, 0);
    view = await look();
    // Every room has closed question 1 now: its figures, and nothing of question 2 (Class 8-1 alone has closed it).
    expect(view.questions[0]).toEqual({
      index: 0,
      answered: 7,
      correct: 5,
      correctByRoom: { s1: 0.667, s2: 0.5, s3: 1 },
      mistakes: expect.any(Array),
    });
    expect(view.questions.slice(1)).toEqual([null, null]);
  });

  it('plays every room to its podium; the board ranks as the room reports put together', async () => {
    const [a, b, c] = rooms as [ContestRoom, ContestRoom, ContestRoom];
    await next(a, false);
    await playQuestion(a, 2);
    await next(a, true);
    for (const room of [b, c]) {
      for (const i of [1, 2]) {
        await next(room, false);
        await playQuestion(room, i);
      }
      await next(room, true);
    }
    const view = await look();
    expect(view.rooms.map((r) => r.status)).toEqual(['podium', 'podium', 'podium']);
    expect(view.questions.every((q) => q !== null)).toBe(true);

    const reports: { label: string; report: RoomReport }[] = [];
    for (const room of rooms) reports.push({ label: room.label, report: await roomReport(s.url, room.code, room.hostToken) });
    const expected = combinedRanking(reports);
    expect(expected).toHaveLength(7);
    expect(new Set(expected.map((p) => p.score)).size).toBeGreaterThan(3);
    expect(view.totalPlayers).toBe(7);
    expect(view.players.map((p) => ({ name: p.name, roomLabel: p.roomLabel, score: p.score, rank: p.rank }))).toEqual(expected);
    // Correct and asked as each room counted them.
    const byName = new Map(reports.flatMap(({ report }) => report.players.map((p) => [p.name, p] as const)));
    for (const p of view.players) expect([p.correct, p.asked]).toEqual([byName.get(p.name)!.correct, byName.get(p.name)!.asked]);

    // Teams as `<slot>:<team>`, each with its room's score for it; rooms by the mean of their players.
    const teams = reports.flatMap(({ label, report }) => (report.teams ?? []).map((t) => ({ roomLabel: label, name: t.name, score: t.score })));
    expect(view.teams!.map((t) => ({ roomLabel: t.roomLabel, name: t.name, score: t.score })).sort((x, y) => y.score - x.score || (x.roomLabel < y.roomLabel ? -1 : 1))).toEqual(
      teams.sort((x, y) => y.score - x.score || (x.roomLabel < y.roomLabel ? -1 : 1)),
    );
    for (const room of view.rooms) {
      const report = reports.find((r) => r.label === room.label)!.report;
      const scores = report.players.map((p) => p.score);
      expect(room.meanScore).toBe(Math.round(scores.reduce((x, y) => x + y, 0) / scores.length));
    }
    const roomOrder = [...view.rooms].sort((x, y) => x.rank! - y.rank!).map((r) => r.meanScore);
    expect(roomOrder).toEqual([...roomOrder].sort((x, y) => y - x));

    // Every room finished: the podium of each category.
    expect(view.podium!.players.map((p) => p.name)).toEqual(expected.filter((p) => p.rank <= 3).map((p) => p.name));
    expect(view.podium!.rooms[0]!.rank).toBe(1);

    // Per question, the counts of the three reports.
    for (const [i, q] of view.questions.entries()) {
      const per = reports.map(({ report }) => report.questions.find((x) => x.index === i)!);
      expect(q).toMatchObject({ index: i, answered: per.reduce((n, x) => n + x.answered, 0), correct: per.reduce((n, x) => n + x.correct, 0) });
    }
  });

  it('carries no answer on any board, and the organizer\'s report agrees with the board', async () => {
    for (const b of boards) {
      const text = JSON.stringify(b);
      expect(text).not.toContain(NOTE);
      expect(text).not.toContain(EXPLANATION);
      expect(text).not.toContain('-0.027');
    }
    const report = dataOf<ContestReport>(await call(s.url, 'GET', `/api/contests/${code}/report`, { key }));
    const last = boards[boards.length - 1]!;
    expect(report.players).toEqual(last.players);
    expect(report.rooms.map((r) => r.roomCode)).toEqual(rooms.map((r) => r.code));
    expect(report.questions).toEqual(last.questions);
    const csv = await fetch(`${s.url}/api/contests/${code}/report?format=csv&part=players`, { headers: { Authorization: `Bearer ${key}` } });
    const rows = parse(Buffer.from(await csv.arrayBuffer()), { bom: true }) as string[][];
    expect(rows[0]).toEqual(['Rank', 'Player', 'Room', 'Team', 'Total', 'Correct', 'Scored questions', 'Accuracy (%)']);
    expect(rows.slice(1).map((r) => [r[1], r[2], Number(r[4])])).toEqual(report.players.map((p) => [p.name, p.roomLabel, p.score]));
    // Kept in the rooms' own file; the organizer's key only as its hash.
    const db = new Database(path.join(s.dataDir, 'backprop-arena.sqlite'), { readonly: true });
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['rooms', 'contests', 'contest_room_keys', 'contest_slot_rooms', 'contest_summaries']));
    const stored = JSON.stringify(db.prepare('SELECT * FROM contests').all());
    db.close();
    expect(stored).toContain(code);
    expect(stored).not.toContain(key.slice(3));
    for (const part of ['teams', 'rooms', 'questions', 'mistakes']) {
      const answer = await fetch(`${s.url}/api/contests/${code}/report?format=csv&part=${part}`, { headers: { Authorization: `Bearer ${key}` } });
      expect(answer.status, part).toBe(200);
      const table = parse(Buffer.from(await answer.arrayBuffer()), { bom: true }) as string[][];
      expect(table.length, part).toBeGreaterThan(1);
    }
  });
});
