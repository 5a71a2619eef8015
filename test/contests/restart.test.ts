/**
 * A server killed (SIGKILL) in the middle of a lockstep contest loses nothing: the contest, its stage,
 * its room keys, the rooms with every acknowledged answer, and the board's summaries are in the SQLite
 * file; the next process's hub carries on where the stage says (level-triggered), so the question is
 * released once the last room closes it, and the final board equals the room reports.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContestResult } from '../../shared/protocol/contests.ts';
import type { HostSnapshot, PlayerSnapshot, QuestionView, RoomReport } from '../../shared/protocol/index.ts';
import { type ChildServer, startChildServer } from '../durability/child-server.ts';
import { TestClient } from '../server/support.ts';
import { RIGHT, WRONG, board, call, combinedRanking, control, createContest, dataOf, newKey, roomReport, storedSetId } from './support.ts';

let dataDir: string;
const servers: ChildServer[] = [];
const clients: TestClient[] = [];

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-contest-restart-'));
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.stop('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<ChildServer> {
  const server = await startChildServer(dataDir);
  servers.push(server);
  return server;
}
async function connect(url: string, token?: string): Promise<TestClient> {
  const client = await TestClient.connect(url, token === undefined ? {} : { token });
  clients.push(client);
  return client;
}

describe('a server killed in the middle of a lockstep contest', () => {
  it('comes back with the contest, its rooms and every acknowledged answer; the hub carries on', async () => {
    const first = await start();
    const key = await newKey(first.url);
    const setId = await storedSetId(first.url, key);
    // Untimed: nothing here depends on how long the restart takes.
    const contest = await createContest(first.url, key, {
      title: '区赛 final',
      setId,
      rooms: [{ label: 'Class 8-1' }, { label: 'Class 8-2' }],
      ranking: 'players',
      pacing: 'lockstep',
      timeLimitSec: null,
      speedBonus: false,
      lang: 'en',
    });
    const rooms = [];
    for (const [r, slot] of contest.rooms.entries()) {
      const host = await connect(first.url);
      const created = await host.ok('room:create', { config: {}, contest: { roomKey: slot.roomKey } });
      const players = [];
      for (const name of r === 0 ? ['Ada', 'Bo'] : ['Di', '小明']) {
        const client = await connect(first.url);
        const joined = await client.ok('room:join', { code: created.code, nickname: name });
        players.push({ name, client, token: joined.token });
      }
      rooms.push({ code: created.code, hostToken: created.hostToken, host, players, label: slot.label });
    }
    await control(first.url, key, contest.code, 'start');
    for (const room of rooms) await room.players[0]!.client.waitFor('room:phase', (v) => v.phase === 'question', 5000);
    // Class 8-1: both answer (it holds); Class 8-2: one acknowledged answer; then the process dies.
    await rooms[0]!.players[0]!.client.ok('answer:submit', { questionId: 'q1', answer: RIGHT[0] });
    await rooms[0]!.players[1]!.client.ok('answer:submit', { questionId: 'q1', answer: WRONG[0] });
    await rooms[0]!.host.waitFor('room:phase', (v) => v.phase === 'question' && v.held === true);
    expect(await rooms[1]!.players[1]!.client.ok('answer:submit', { questionId: 'q1', answer: RIGHT[0] })).toMatchObject({ final: true });
    // The board has seen it (the hub writes twice a second).
    await expect.poll(async () => (await board(first.url, contest.code)).rooms.map((r) => r.status), { timeout: 5000 }).toEqual(['held', 'question']);
    expect(await first.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    for (const c of clients.splice(0)) c.close();

    const second = await start();
    // The contest, its stage and its rooms, as they were.
    const view = dataOf<ContestResult>(await call(second.url, 'GET', `/api/contests/${contest.code}`, { key })).contest;
    expect(view.stage).toMatchObject({ stage: 'question', index: 0, deadline: null });
    expect(view.rooms.map((r) => r.room?.code)).toEqual(rooms.map((r) => r.code));
    expect((await board(second.url, contest.code)).rooms.map((r) => r.status)).toEqual(['held', 'question']);

    // Everyone back with their tokens; every acknowledged answer is there.
    const hosts = [];
    for (const room of rooms) {
      const host = await connect(second.url, room.hostToken);
      const snapshot = (await host.waitFor('room:snapshot')) as HostSnapshot;
      expect(snapshot.room.contest).toMatchObject({ code: contest.code, label: room.label, pacing: 'lockstep' });
      hosts.push({ host, snapshot });
    }
    expect(hosts[0]!.snapshot.phase).toMatchObject({ phase: 'question', questionId: 'q1', held: true });
    expect(hosts[1]!.snapshot.phase).toMatchObject({ phase: 'question', questionId: 'q1' });
    expect((hosts[1]!.snapshot.phase as QuestionView).held).toBeFalsy();
    const back: TestClient[][] = [];
    for (const room of rooms) {
      const list: TestClient[] = [];
      // The one who has not answered first, so the room still waits for them.
      for (const p of room === rooms[1] ? [room.players[0]!, room.players[1]!] : room.players) {
        const client = await connect(second.url, p.token);
        const snapshot = (await client.waitFor('room:snapshot')) as PlayerSnapshot;
        list.push(client);
        if (p.name === '小明' || p.name === 'Ada' || p.name === 'Bo') expect(snapshot.me.answer?.complete).toBe(true);
        else expect(snapshot.me.answer).toBeNull();
      }
      back.push(list);
    }
    expect(await back[1]![1]!.call('answer:submit', { questionId: 'q1', answer: WRONG[0] })).toMatchObject({ ok: false, error: { code: 'already_answered' } });

    // The last answer: Class 8-2 holds too, and the new process's hub releases the question in both rooms.
    await back[1]![0]!.ok('answer:submit', { questionId: 'q1', answer: WRONG[0] });
    for (const list of back) await list[0]!.waitFor('room:phase', (v) => v.phase === 'reveal' && v.questionId === 'q1', 5000);
    await expect.poll(async () => (await board(second.url, contest.code)).questions[0], { timeout: 5000 }).toMatchObject({ index: 0, answered: 4, correct: 2 });

    await control(second.url, key, contest.code, 'end');
    for (const h of hosts) await h.host.waitFor('room:standings', (st) => st.final, 5000);
    const reports: { label: string; report: RoomReport }[] = [];
    for (const room of rooms) reports.push({ label: room.label, report: await roomReport(second.url, room.code, room.hostToken) });
    const expected = combinedRanking(reports);
    expect(expected.map((p) => [p.name, p.score])).toEqual([['Ada', 1000], ['小明', 1000], ['Bo', 0], ['Di', 0]]);
    await expect
      .poll(async () => (await board(second.url, contest.code)).players.map((p) => ({ name: p.name, roomLabel: p.roomLabel, score: p.score, rank: p.rank })), { timeout: 5000 })
      .toEqual(expected);
  }, 60_000);
});
