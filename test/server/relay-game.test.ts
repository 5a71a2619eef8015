/**
 * A short Backprop Relay over real sockets: a host and two teams of two play one round to the
 * podium. Each phone sends its link only when its team's view says the upstream value has
 * arrived; the right answers are computed here from the engine, as a bot would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveSeed, formatNumber, generateRelayProblem } from '../../shared/engine/index.ts';
import type { QuestionView, RevealView, RoomConfigInput } from '../../shared/protocol/index.ts';
import { FakeClock } from '../room/support.ts';
import { type TestServer, TestClient, startServer } from './support.ts';

const ROOM_SEED = 0x0bad_5eed;
const CONFIG = {
  mode: 'relay',
  questionCount: 1,
  difficulties: [1],
  timeLimitSec: 120,
  teams: { count: 2, assignment: 'self' },
  lang: 'en',
} satisfies RoomConfigInput;

describe('a relay game over real sockets', () => {
  let server: TestServer;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    server = await startServer({ clock: new FakeClock(), seedSource: () => ROOM_SEED });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server.close();
  });

  it('plays one round to the podium; no link answer is sent before its holder sends it', async () => {
    const host = await TestClient.connect(server.url);
    clients.push(host);
    const { code } = await host.ok('room:create', { config: CONFIG });
    // Without teams the mode is refused with a clear message.
    const refused = await host.call('room:create', { config: { mode: 'relay' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.stringContaining('teams') } });

    const phones = new Map<string, TestClient>();
    for (const [name, teamId] of [['Ada', 't1'], ['Bo', 't1'], ['Cy', 't2'], ['Di', 't2']] as const) {
      const phone = await TestClient.connect(server.url);
      clients.push(phone);
      const { playerId } = await phone.ok('room:join', { code, nickname: name, teamId });
      phones.set(playerId, phone);
    }
    const problems = {
      t1: generateRelayProblem({ seed: deriveSeed(ROOM_SEED, '0:t1'), difficulty: 1 }),
      t2: generateRelayProblem({ seed: deriveSeed(ROOM_SEED, '0:t2'), difficulty: 1 }),
    };
    await host.ok('game:start', {});
    const opened = (await host.waitFor('room:phase', (p) => p.phase === 'question')) as QuestionView;
    expect(opened.relay!.chains.map((c) => c.teamId)).toEqual(['t1', 't2']);
    const hostFrames = host.frames.join('\n');
    for (const problem of Object.values(problems)) {
      for (const step of problem.steps!) expect(hostFrames).not.toContain(formatNumber(step.answer, 4));
    }

    // Both teams relay at once; each holder waits for the upstream value on its own phone.
    await Promise.all(
      (['t1', 't2'] as const).map(async (teamId) => {
        const chain = opened.relay!.chains.find((c) => c.teamId === teamId)!;
        for (const link of chain.links) {
          const phone = phones.get(link.holderId)!;
          await phone.waitFor('room:phase', (p) => p.phase === 'question' && p.relay?.chains[0]?.current === link.index);
          const ack = await phone.ok('relay:submit', { questionId: opened.questionId, link: link.index, answer: String(problems[teamId].steps![link.index]!.answer) });
          expect(ack.link).toBe(link.index);
        }
      }),
    );
    const reveal = (await host.waitFor('room:phase', (p) => p.phase === 'reveal')) as RevealView;
    expect(reveal.closedBy).toBe('all-answered');
    expect(reveal.relay!.ranking!.filter((r) => r.winner)).toHaveLength(1);
    expect(reveal.relay!.chains.every((c) => c.finished && c.errorEntry === null)).toBe(true);
    await host.ok('game:next', { from: 'reveal' });
    await host.ok('game:next', { from: 'leaderboard' });
    const standings = await host.waitFor('room:standings', (s) => s.final);
    // Every link right: 2 links × 1000 each, and the winners' bonus of 500.
    expect(standings.teams!.map((t) => t.score).sort()).toEqual([2000, 2500]);
    await host.waitFor('room:phase', (p) => p.phase === 'podium');
  });
});
