/** The leaderboard's pace over real sockets: what the phones are sent between questions. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestServer, TestClient, startServer } from './support.ts';

describe('the leaderboard every n questions', () => {
  let server: TestServer;
  const clients: TestClient[] = [];

  async function client() {
    const c = await TestClient.connect(server.url);
    clients.push(c);
    return c;
  }

  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await server.close();
  });

  it('sends the next question straight after a reveal between leaderboards, and the leaderboard after every n-th and the last', async () => {
    const host = await client();
    const created = await host.ok('room:create', { config: { kinds: ['forward'], questionCount: 3, timeLimitSec: null, leaderboardEvery: 2 } });
    expect(created.snapshot.room.leaderboardEvery).toBe(2);
    const ada = await client();
    const joined = await ada.ok('room:join', { code: created.code, nickname: 'Ada' });
    expect(joined.snapshot.room.leaderboardEvery).toBe(2);
    await host.ok('game:start', {});

    const phases: string[] = [];
    for (let index = 0; index < 3; index++) {
      await ada.waitFor('room:phase', (p) => p.phase === 'question' && p.index === index);
      await host.ok('question:end', {});
      await ada.waitFor('room:phase', (p) => p.phase === 'reveal' && p.index === index);
      const after = ada.next('room:phase');
      await host.ok('game:next', { from: 'reveal' });
      const frame = await after;
      phases.push(frame.phase);
      if (frame.phase === 'leaderboard') {
        const onwards = ada.next('room:phase');
        await host.ok('game:next', { from: 'leaderboard' });
        phases.push((await onwards).phase);
      }
    }
    // Question 1's reveal → question 2; question 2's → leaderboard → question 3; the last's → leaderboard → podium.
    expect(phases).toEqual(['question', 'leaderboard', 'question', 'leaderboard', 'podium']);
  });
});
