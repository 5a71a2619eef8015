/**
 * A frame to one phone goes over a WebSocket as a finished WebSocket frame (the reveal's shared
 * view copied from bytes made once) and over long-polling as packet text: a phone gets the same
 * reveal and its own verdict either way.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveSeed, generateProblem } from '../../shared/engine/index.ts';
import { FakeClock } from '../room/support.ts';
import { type TestServer, TestClient, startServer } from './support.ts';

const SEED = 77_001;

describe('a reveal to phones on WebSocket and on long-polling', () => {
  let server: TestServer;
  let clock: FakeClock;
  const clients: TestClient[] = [];

  beforeEach(async () => {
    clock = new FakeClock();
    server = await startServer({ clock, seedSource: () => SEED });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await server.close();
  });

  it('carries the same shared view and each phone its own result', async () => {
    const connect = async (transports: string[]) => {
      const c = await TestClient.connect(server.url, {}, { transports });
      clients.push(c);
      return c;
    };
    const host = await connect(['websocket']);
    const { code } = await host.ok('room:create', { config: { kinds: ['chain-gradient'], questionCount: 1, timeLimitSec: 30, speedBonus: false } });
    // Three phones: two on WebSocket (the second gets the reveal's view as serialised bytes), one polling only.
    const phones = [await connect(['websocket']), await connect(['websocket']), await connect(['polling'])];
    expect(phones.map((p) => p.socket.io.engine.transport.name)).toEqual(['websocket', 'websocket', 'polling']);
    const joins = [];
    for (const [i, phone] of phones.entries()) joins.push(await phone.ok('room:join', { code, nickname: `P${i}` }));
    await host.ok('game:start', {});
    const problem = generateProblem({ kind: 'chain-gradient', seed: deriveSeed(SEED, 0), difficulty: 1 });
    clock.advance(2000);
    // The first and the polling phone answer right; the second answers wrong.
    const answers = [String(problem.answer), String(Number(problem.answer) + 7), String(problem.answer)];
    for (const [i, phone] of phones.entries()) await phone.ok('answer:submit', { questionId: 'q1', answer: answers[i]! });

    const reveals = await Promise.all(phones.map((p) => p.waitFor('room:phase', (v) => v.phase === 'reveal')));
    expect(reveals[1]).toEqual(reveals[0]);
    expect(reveals[2]).toEqual(reveals[0]);
    const mine = await Promise.all(phones.map((p) => p.waitFor('room:me', (m) => m.result?.questionId === 'q1')));
    expect(mine.map((m) => m.playerId)).toEqual(joins.map((j) => j.playerId));
    expect(mine.map((m) => m.result!.status)).toEqual(['correct', 'wrong', 'correct']);
    expect(mine[0]!.score).toBeGreaterThan(0);
    expect(mine[1]!.score).toBe(0);
  });
});
