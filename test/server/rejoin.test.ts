/**
 * Dropped phones and projectors come back: a token in the Socket.IO `auth` resumes the same
 * seat with a full snapshot, in every phase.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveSeed, generateProblem } from '../../shared/engine/index.ts';
import type { HostSnapshot, PlayerSnapshot, QuestionView, RevealView, RoomSnapshot } from '../../shared/protocol/index.ts';
import { FakeClock } from '../room/support.ts';
import { type TestServer, TestClient, startServer } from './support.ts';

const SEED = 424_242;

describe('rejoining with a token', () => {
  let server: TestServer;
  let clock: FakeClock;
  const clients: TestClient[] = [];

  async function client(auth: Record<string, unknown> = {}) {
    const c = await TestClient.connect(server.url, auth);
    clients.push(c);
    return c;
  }

  async function resume(token: string): Promise<{ client: TestClient; snapshot: RoomSnapshot }> {
    const c = await client({ token });
    return { client: c, snapshot: await c.waitFor('room:snapshot') };
  }

  /** Close a player's connection and wait until the host's roster shows the player away. */
  async function drop(host: TestClient, device: TestClient, playerId: string): Promise<void> {
    const away = host.next('room:roster', (d) => d.upsert.some((r) => r.playerId === playerId && !r.connected));
    device.close();
    await away;
  }

  async function setup() {
    const host = await client();
    const created = await host.ok('room:create', {
      config: { kinds: ['chain-gradient'], questionCount: 2, timeLimitSec: 30, teams: { count: 2 }, speedBonus: false },
    });
    const ada = await client();
    const adaJoin = await ada.ok('room:join', { code: created.code, nickname: 'Ada' });
    const bo = await client();
    const boJoin = await bo.ok('room:join', { code: created.code, nickname: 'Bo' });
    return { host, created, ada, adaJoin, bo, boJoin };
  }

  beforeEach(async () => {
    clock = new FakeClock();
    server = await startServer({ clock, seedSource: () => SEED, endedLingerMs: 5000 });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await server.close();
  });

  it('brings a player back mid-question with the same name, team, score and answer, and consistent time', async () => {
    const { host, ada, adaJoin } = await setup();
    await host.ok('game:start', {});
    const problem = generateProblem({ kind: 'chain-gradient', seed: deriveSeed(SEED, 0), difficulty: 1 });
    clock.advance(3000);
    await ada.ok('answer:submit', { questionId: 'q1', answer: String(problem.answer) });

    ada.close();
    const away = await host.waitFor('room:roster', (d) => d.upsert.some((r) => r.playerId === adaJoin.playerId && !r.connected));
    expect(away.upsert.find((r) => r.playerId === adaJoin.playerId)).toMatchObject({ connected: false, answered: true });
    clock.advance(4000);

    const { client: back, snapshot } = await resume(adaJoin.token);
    expect(snapshot.role).toBe('player');
    const me = (snapshot as PlayerSnapshot).me;
    expect(me).toMatchObject({
      playerId: adaJoin.playerId,
      name: 'Ada',
      teamId: adaJoin.snapshot.me.teamId,
      score: 0,
      answer: { questionId: 'q1', steps: [String(problem.answer)], complete: true },
    });
    expect(snapshot.phase).toMatchObject({ phase: 'question', questionId: 'q1', remainingMs: 30_000 - 7000, paused: false });
    await host.waitFor('room:roster', (d) => d.upsert.some((r) => r.playerId === adaJoin.playerId && r.connected));
    // The answer still counts once.
    expect(await back.call('answer:submit', { questionId: 'q1', answer: '1' })).toMatchObject({ ok: false, error: { code: 'already_answered' } });
    await host.ok('question:end', {});
    const result = await back.waitFor('room:me', (m) => m.result !== null);
    expect(result).toMatchObject({ score: 1000, result: { status: 'correct', points: 1000 } });
  });

  it('brings players back in the lobby, at the reveal, on the leaderboard and on the podium', async () => {
    const { host, ada, adaJoin, bo, boJoin } = await setup();
    await drop(host, ada, adaJoin.playerId);
    let again = await resume(adaJoin.token);
    expect(again.snapshot).toMatchObject({ role: 'player', phase: { phase: 'lobby' }, me: { name: 'Ada' } });

    await host.ok('game:start', {});
    await bo.ok('answer:submit', { questionId: 'q1', answer: '0.5' });
    clock.advance(30_000);
    await again.client.waitFor('room:phase', (p) => p.phase === 'reveal');
    const boResult = await bo.waitFor('room:me', (m) => m.result !== null);
    await drop(host, bo, boJoin.playerId);
    const boBack = await resume(boJoin.token);
    const reveal = boBack.snapshot.phase as RevealView;
    expect(reveal).toMatchObject({ phase: 'reveal', questionId: 'q1', closedBy: 'deadline', stats: null });
    expect((boBack.snapshot as PlayerSnapshot).me.result).toEqual(boResult.result);

    await host.ok('game:next', { from: 'reveal' });
    await again.client.waitFor('room:phase', (p) => p.phase === 'leaderboard');
    await drop(host, again.client, adaJoin.playerId);
    again = await resume(adaJoin.token);
    expect(again.snapshot).toMatchObject({ phase: { phase: 'leaderboard', index: 0 }, standings: { scoredQuestions: 1 } });

    await host.ok('game:end', {});
    await again.client.waitFor('room:phase', (p) => p.phase === 'podium');
    await drop(host, again.client, adaJoin.playerId);
    again = await resume(adaJoin.token);
    expect(again.snapshot).toMatchObject({ phase: { phase: 'podium', endedEarly: true }, standings: { final: true } });
  });

  it('brings the host back with control of the game; players see the host away meanwhile', async () => {
    const { host, created, ada } = await setup();
    await host.ok('game:start', {});
    host.close();
    await ada.waitFor('room:presence', (p) => !p.hostConnected);
    clock.advance(10_000);

    const { client: projector, snapshot } = await resume(created.hostToken);
    expect(snapshot.role).toBe('host');
    const hostSnapshot = snapshot as HostSnapshot;
    expect(hostSnapshot.roster.map((r) => r.name)).toEqual(['Ada', 'Bo']);
    expect(hostSnapshot.phase).toMatchObject({ phase: 'question', remainingMs: 20_000 });
    await ada.waitFor('room:presence', (p) => p.hostConnected);

    await projector.ok('game:pause', {});
    const paused = (await ada.waitFor('room:phase', (p) => p.phase === 'question' && p.paused)) as QuestionView;
    expect(paused.remainingMs).toBe(20_000);
    clock.advance(60_000);
    await projector.ok('game:resume', {});
    const resumed = (await ada.waitFor('room:phase', (p) => p.phase === 'question' && !p.paused && p.remainingMs === 20_000)) as QuestionView;
    expect(resumed.questionId).toBe('q1');
    // A player's token gives no host rights.
    expect(await ada.call('game:pause', {})).toMatchObject({ ok: false, error: { code: 'not_host' } });
  });

  it('lets the newest connection win when the same token connects twice', async () => {
    const { adaJoin, ada } = await setup();
    const second = await resume(adaJoin.token);
    expect(await ada.waitFor('session:ended')).toEqual({ reason: 'replaced' });
    expect((second.snapshot as PlayerSnapshot).me.name).toBe('Ada');
    expect(await second.client.ok('room:sync', {})).toMatchObject({ role: 'player', me: { name: 'Ada' } });
  });

  it('refuses kicked, unknown and malformed tokens, and tokens of closed rooms', async () => {
    const { host, adaJoin, boJoin, created } = await setup();
    await host.ok('room:kick', { playerId: adaJoin.playerId });
    const kicked = new TestClient(server.url, { token: adaJoin.token });
    clients.push(kicked);
    expect(await kicked.open()).toEqual({ code: 'kicked' });

    const forged = new TestClient(server.url, { token: `${created.code}.${'A'.repeat(43)}` });
    clients.push(forged);
    expect(await forged.open()).toEqual({ code: 'invalid_token' });

    const malformed = new TestClient(server.url, { token: 12345 });
    clients.push(malformed);
    expect(await malformed.open()).toEqual({ code: 'invalid_token' });

    await host.ok('room:close', {});
    // Past the ended room's linger: it is disposed, and tells its connections so.
    const disposed = host.next('session:ended', (e) => e.reason === 'room_closed');
    clock.advance(5000);
    await disposed;
    const late = new TestClient(server.url, { token: boJoin.token });
    clients.push(late);
    expect(await late.open()).toEqual({ code: 'room_closed' });
  });

  it('lets a player leave for good: the seat and the token are gone', async () => {
    const { host, ada, adaJoin } = await setup();
    expect(await ada.ok('room:leave', {})).toEqual({});
    expect(await ada.waitFor('session:ended')).toEqual({ reason: 'left' });
    await host.waitFor('room:roster', (d) => d.remove.includes(adaJoin.playerId));
    expect(await ada.call('room:sync', {})).toMatchObject({ ok: false, error: { code: 'not_in_room' } });
    const back = new TestClient(server.url, { token: adaJoin.token });
    clients.push(back);
    expect(await back.open()).toEqual({ code: 'invalid_token' });
  });
});
