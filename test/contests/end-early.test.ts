/**
 * The organizer ends an own-pace contest while its rooms are on different questions: every room goes to
 * its podium at once (an open question void there), a key opens no new room, and the board shows every
 * question played and the podium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../server/support.ts';
import { type ContestRoom, type ContestServer, RIGHT, board, closeRoom, control, createContest, newKey, openRoom, removeDir, roomReport, startContestServer, storedSetId } from './support.ts';

describe('an own-pace contest ended by its organizer mid-game', () => {
  let s: ContestServer;
  let key: string;
  const rooms: ContestRoom[] = [];
  const clients: TestClient[] = [];
  beforeAll(async () => {
    s = await startContestServer();
    key = await newKey(s.url);
  });
  afterAll(async () => {
    for (const r of rooms) closeRoom(r);
    for (const c of clients) c.close();
    await s.close();
    removeDir(s.dataDir);
  });

  it('sends every room to its podium, voids what was open, and shows the podium', async () => {
    const setId = await storedSetId(s.url, key);
    const contest = await createContest(s.url, key, { title: 'Cut short', setId, rooms: [{ label: 'A' }, { label: 'B' }], ranking: 'players', lang: 'en' });
    for (const slot of contest.rooms) rooms.push(await openRoom(s.url, slot.roomKey, slot.label, ['Ada', 'Bo']));
    const [a, b] = rooms as [ContestRoom, ContestRoom];
    // A closes question 1 and is on its reveal; B has question 1 open with one answer in.
    await a.host.ok('game:start', {});
    for (const p of a.players) await p.ok('answer:submit', { questionId: 'q1', answer: RIGHT[0] });
    await a.host.waitFor('room:phase', (v) => v.phase === 'reveal');
    await b.host.ok('game:start', {});
    await b.players[0]!.ok('answer:submit', { questionId: 'q1', answer: RIGHT[0] });
    await s.turn();
    expect((await board(s.url, contest.code)).questions[0]).toBeNull();

    await control(s.url, key, contest.code, 'end');
    await s.turn();
    for (const room of rooms) await room.host.waitFor('room:standings', (st) => st.final);
    await s.turn();
    const view = await board(s.url, contest.code);
    expect(view.stage).toMatchObject({ stage: 'ended' });
    expect(view.rooms.map((r) => r.status)).toEqual(['podium', 'podium']);
    // Question 1 counts where it was closed (A) and is void where it was open (B).
    expect(view.questions[0]).toMatchObject({ index: 0, answered: 2, correct: 2, correctByRoom: { s1: 1 } });
    expect(view.podium).not.toBeNull();
    expect(view.players.map((p) => [p.roomLabel, p.score > 0])).toEqual([['A', true], ['A', true], ['B', false], ['B', false]]);
    const bReport = await roomReport(s.url, b.code, b.hostToken);
    expect(bReport.questions.map((q) => q.void)).toEqual([true]);

    const teacher = await TestClient.connect(s.url);
    clients.push(teacher);
    expect(await teacher.call('room:create', { config: {}, contest: { roomKey: contest.rooms[0]!.roomKey } })).toMatchObject({ ok: false, error: { code: 'contest_ended' } });
  });
});
