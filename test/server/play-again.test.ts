/**
 * "Play again" over real sockets: `game:again` takes a room on its podium back to its lobby
 * with the same code, teams and players (their seats and tokens still good, scores reset), a
 * new set of questions, the finished game's report still downloadable; refused anywhere else
 * and from anyone but the host; and a restart rebuilds the room in its second game.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlayerSnapshot, QuestionView, RoomConfigInput, RoomSnapshot } from '../../shared/protocol/index.ts';
import { RoomStore } from '../../server/store/room-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { FakeClock, silentLogger } from '../room/support.ts';
import { type TestServer, TestClient, startServer } from './support.ts';

const SEED = 77_001;

describe('play again', () => {
  let server: TestServer | null = null;
  let clock: FakeClock;
  const clients: TestClient[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-again-'));

  async function start() {
    server = await startServer({ clock, seedSource: () => SEED, store: new RoomStore(new SqliteStore({ dataDir }), silentLogger) });
    return server;
  }

  async function client(auth: Record<string, unknown> = {}) {
    const c = await TestClient.connect(server!.url, auth);
    clients.push(c);
    return c;
  }

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await server?.close();
    server = null;
  });

  async function playOneGame() {
    clock = new FakeClock();
    await start();
    const host = await client();
    const created = await host.ok('room:create', { config: { kinds: ['chain-gradient'], questionCount: 1, timeLimitSec: 30, teams: { count: 2 } } });
    const ada = await client();
    const adaJoin = await ada.ok('room:join', { code: created.code, nickname: 'Ada' });
    const bo = await client();
    const boJoin = await bo.ok('room:join', { code: created.code, nickname: 'Bo' });
    await host.ok('game:start', {});
    const first = (await ada.waitFor('room:phase', (p) => p.phase === 'question')) as QuestionView;
    await ada.ok('answer:submit', { questionId: first.questionId, answer: '1' });
    await bo.ok('answer:submit', { questionId: first.questionId, answer: '2' });
    await host.ok('game:next', { from: 'reveal' });
    if ((await host.waitFor('room:phase', (p) => p.phase === 'leaderboard' || p.phase === 'podium')).phase === 'leaderboard') {
      await host.ok('game:next', { from: 'leaderboard' });
    }
    await ada.waitFor('room:phase', (p) => p.phase === 'podium');
    return { host, created, ada, adaJoin, bo, boJoin, first };
  }

  it('takes a finished room back to its lobby: same code, teams and players, scores reset, new questions, the first report kept', async () => {
    const { host, created, ada, adaJoin, bo, boJoin, first } = await playOneGame();
    const before = (await host.ok('room:sync', {})) as RoomSnapshot;
    const teamsBefore = before.role === 'host' ? before.roster.map((r) => `${r.name}:${r.teamId}`).sort() : [];

    // Only the host, and only on the podium.
    expect(await ada.call('game:again', {})).toMatchObject({ ok: false, error: { code: 'not_host' } });
    const adaLobby = ada.next('room:phase', (p) => p.phase === 'lobby');
    const again = await host.ok('game:again', {});
    expect(again).toEqual({ game: 2 });
    expect(await host.call('game:again', {})).toMatchObject({ ok: false, error: { code: 'wrong_phase' } });
    await adaLobby;

    // The phones follow on the connection they have, seat and all: no re-join.
    const adaNow = (await ada.ok('room:sync', {})) as PlayerSnapshot;
    expect(adaNow.me).toMatchObject({ playerId: adaJoin.playerId, name: 'Ada', score: 0 });
    expect(adaNow.room.code).toBe(created.code);
    const hostNow = (await host.ok('room:sync', {})) as RoomSnapshot;
    if (hostNow.role !== 'host') throw new Error('host snapshot expected');
    expect(hostNow.roster.map((r) => `${r.name}:${r.teamId}`).sort()).toEqual(teamsBefore);
    expect(hostNow.roster.every((r) => r.connected)).toBe(true);
    // A token from the first game still resumes its seat.
    const boBack = await client({ token: boJoin.token });
    expect(((await boBack.waitFor('room:snapshot')) as PlayerSnapshot).me.playerId).toBe(boJoin.playerId);
    bo.close();

    // The second game: new questions (a fresh seed), under new ids.
    await host.ok('game:start', {});
    const second = (await ada.waitFor('room:phase', (p) => p.phase === 'question' && p.questionId !== first.questionId)) as QuestionView;
    expect(second.questionId).not.toBe(first.questionId);
    expect(second.problem).not.toEqual(first.problem);
    // An answer meant for the first game's question does not land in the second.
    expect(await ada.call('answer:submit', { questionId: first.questionId, answer: '1' })).toMatchObject({ ok: false });

    // Both reports: the first game's by ?game=1, the running one by default.
    const auth = { Authorization: `Bearer ${created.hostToken}` };
    const firstReport = (await (await fetch(`${server!.url}/api/rooms/${created.code}/report.json?game=1`, { headers: auth })).json()) as { ok: boolean; data: { questions: { questionId: string }[]; players: { name: string; score: number }[] } };
    expect(firstReport.ok).toBe(true);
    expect(firstReport.data.questions.map((q) => q.questionId)).toEqual([first.questionId]);
    expect(firstReport.data.players.map((p) => p.name).sort()).toEqual(['Ada', 'Bo']);
    const current = (await (await fetch(`${server!.url}/api/rooms/${created.code}/report.json`, { headers: auth })).json()) as { ok: boolean; data: { questions: { questionId: string }[]; players: { name: string; score: number }[] } };
    // The running game's report: its open question is left out until its reveal, and nobody has points yet.
    expect(current.data.questions).toEqual([]);
    expect(current.data.players.every((p) => p.score === 0)).toBe(true);
    const missing = await fetch(`${server!.url}/api/rooms/${created.code}/report.json?game=5`, { headers: auth });
    expect(missing.status).toBe(404);

    // A restart rebuilds the room in its second game, the first game's report still there.
    await server!.close();
    server = null;
    clients.splice(0);
    await start();
    const hostBack = await client({ token: created.hostToken });
    const resumed = (await hostBack.waitFor('room:snapshot')) as RoomSnapshot;
    expect(resumed.phase).toMatchObject({ phase: 'question', questionId: second.questionId });
    const afterRestart = (await (await fetch(`${server!.url}/api/rooms/${created.code}/report.json?game=1`, { headers: auth })).json()) as { ok: boolean; data: { questions: { questionId: string }[]; players: { name: string; score: number }[] } };
    expect(afterRestart.data.questions.map((q) => q.questionId)).toEqual([first.questionId]);
  });

  it('lists every game of the room in its info, and each finished game downloads its own report; bad game numbers are refused', async () => {
    const { host, created, ada, bo, first } = await playOneGame();
    const auth = { Authorization: `Bearer ${created.hostToken}` };
    const lobbyInfo = host.next('room:info');
    await host.ok('game:again', {});
    // The info the host keeps says which game is in the lobby and what came before it.
    const info = await lobbyInfo;
    expect(info.game).toBe(2);
    expect(info.pastGames).toEqual([{ game: 1, startedAt: expect.any(Number), endedAt: expect.any(Number), players: 2, scoredQuestions: 1 }]);

    // Game 2: other answers to other questions, so the two reports differ.
    await host.ok('game:start', {});
    const second = (await ada.waitFor('room:phase', (p) => p.phase === 'question' && p.questionId !== first.questionId)) as QuestionView;
    await ada.ok('answer:submit', { questionId: second.questionId, answer: '3' });
    await bo.ok('answer:submit', { questionId: second.questionId, answer: '4' });
    await host.ok('game:next', { from: 'reveal' });
    if ((await host.waitFor('room:phase', (p) => p.phase === 'leaderboard' || p.phase === 'podium')).phase === 'leaderboard') {
      await host.ok('game:next', { from: 'leaderboard' });
    }
    await bo.waitFor('room:phase', (p) => p.phase === 'podium');
    const thirdInfo = host.next('room:info');
    await host.ok('game:again', {});
    const third = await thirdInfo;
    expect(third.game).toBe(3);
    expect(third.pastGames.map((g) => [g.game, g.players, g.scoredQuestions])).toEqual([
      [1, 2, 1],
      [2, 2, 1],
    ]);
    expect(third.pastGames[0]!.endedAt).toBeLessThanOrEqual(third.pastGames[1]!.startedAt!);
    const synced = (await host.ok('room:sync', {})) as RoomSnapshot;
    expect(synced.room).toMatchObject({ game: 3, pastGames: third.pastGames });

    type Report = { ok: boolean; data: { questions: { questionId: string; distribution: { answer: string }[] }[]; players: { name: string; answered?: number }[] } };
    const json = async (query: string) => (await (await fetch(`${server!.url}/api/rooms/${created.code}/report.json${query}`, { headers: auth })).json()) as Report;
    const one = await json('?game=1');
    const two = await json('?game=2');
    expect(one.data.questions.map((q) => q.questionId)).toEqual([first.questionId]);
    expect(two.data.questions.map((q) => q.questionId)).toEqual([second.questionId]);
    expect(one.data.questions[0]!.distribution.map((d) => d.answer).sort()).toEqual(['1', '2']);
    expect(two.data.questions[0]!.distribution.map((d) => d.answer).sort()).toEqual(['3', '4']);
    const csv = async (query: string) => fetch(`${server!.url}/api/rooms/${created.code}/questions.csv${query}`, { headers: auth });
    const csvOne = await csv('?game=1');
    const csvTwo = await csv('?game=2');
    expect(csvOne.headers.get('content-disposition')).toContain(`-game1-`);
    expect(csvTwo.headers.get('content-disposition')).toContain(`-game2-`);
    const [bodyOne, bodyTwo] = [await csvOne.text(), await csvTwo.text()];
    // Each CSV lists its own game's answers.
    expect(bodyOne).toMatch(/\b1 ?[(（].*\b2 ?[(（]/);
    expect(bodyTwo).toMatch(/\b[34] ?[(（].*\b[34] ?[(（]/);
    expect(bodyOne).not.toEqual(bodyTwo);

    // A number the room has not played (yet): its own code; not a game number at all: invalid_payload.
    for (const query of ['?game=4', '?game=99']) {
      const response = await csv(query);
      expect(response.status, query).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code, query).toBe('game_not_found');
    }
    for (const query of ['?game=0', '?game=-1', '?game=1.5', '?game=abc', '?game=', '?game=1&game=2', '?game=00001']) {
      const response = await csv(query);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code, query).toBe('invalid_payload');
    }
    // The current game (3, in its lobby) answers with and without its number.
    expect((await json('?game=3')).data.questions).toEqual([]);
    expect((await json('')).data.questions).toEqual([]);
  });

  const configs: RoomConfigInput[] = [
    { mode: 'chain-steps', kinds: ['chain-steps'] },
    { mode: 'relay', teams: { count: 2 } },
    { mode: 'descent', teams: { count: 2 }, descent: { lr: 'team' } },
  ];
  for (const config of configs) {
    it(`plays again in mode ${config.mode ?? 'quiz'}: a game ended early, then the next one opens under new ids`, async () => {
      clock = new FakeClock();
      await start();
      const host = await client();
      const created = await host.ok('room:create', { config: { questionCount: 2, timeLimitSec: 30, ...config } });
      const ada = await client();
      await ada.ok('room:join', { code: created.code, nickname: 'Ada' });
      const bo = await client();
      await bo.ok('room:join', { code: created.code, nickname: 'Bo' });
      // In the lobby, not on the podium: refused, nothing changes.
      expect(await host.call('game:again', {})).toMatchObject({ ok: false, error: { code: 'wrong_phase' } });
      const first = await host.ok('game:start', {});
      await host.ok('game:end', {});
      await ada.waitFor('room:phase', (p) => p.phase === 'podium');
      expect(await host.ok('game:again', {})).toEqual({ game: 2 });
      await bo.waitFor('room:phase', (p) => p.phase === 'lobby');
      const second = await host.ok('game:start', {});
      expect(first.questionId).toBe('q1');
      expect(second.questionId).toBe('g2q1');
      await ada.waitFor('room:phase', (p) => p.phase === 'question' && p.questionId === 'g2q1');
      const me = (await ada.ok('room:sync', {})) as PlayerSnapshot;
      expect(me.me.score).toBe(0);
    });
  }
});
