/**
 * Random JSON at every client event, from the host, a player and a stranger, thousands of
 * times over real sockets: the server never fails (no `internal_error`, no dropped
 * connection, no missing ack), every refused request gets an error ack with a known code,
 * and a refused request leaves the room's state exactly as it was.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_EVENT_NAMES, type ClientEventName, ERROR_CODES } from '../../shared/protocol/index.ts';
import { FakeClock } from '../room/support.ts';
import { type TestServer, TestClient, startServer } from '../server/support.ts';

const KNOWN_CODES = new Set<string>(Object.values(ERROR_CODES));

/** Requests that would end or reshape the game when they happen to be valid: sent with non-object payloads only. */
const DISRUPTIVE: Record<'host' | 'player' | 'stranger', ReadonlySet<ClientEventName>> = {
  host: new Set(['room:close', 'game:end', 'game:next', 'question:end', 'question:skip', 'room:kick', 'room:lock', 'game:pause', 'game:start']),
  player: new Set(['room:leave']),
  stranger: new Set(),
};

/** Keys the schemas know, so random values reach the field checks and not only the "not an object" one. */
const KEYS = ['protocolVersion', 'config', 'code', 'nickname', 'teamId', 'playerId', 'locked', 'from', 'questionId', 'answer', 'step', 'title', 'extra'];

const value = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('q1', 'q2', 't1', 'reveal', 'leaderboard', '0.5', '-0.027', '', 'x'.repeat(300)),
  fc.integer({ min: -5, max: 40 }),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -0, 1e308, 0.5),
);
const payload = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 4 }),
  fc.record({ config: fc.dictionary(fc.constantFrom('title', 'kinds', 'questionCount', 'teams', 'capacity', 'lang', 'timeLimitSec'), value, { maxKeys: 3 }) }),
);
const request = fc.record({
  event: fc.constantFrom(...CLIENT_EVENT_NAMES),
  sender: fc.constantFrom('host' as const, 'player' as const, 'stranger' as const),
  args: fc.oneof({ weight: 8, arbitrary: payload.map((p) => [p]) }, { weight: 1, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.tuple(payload, payload) }),
});

describe('random requests', () => {
  let server: TestServer;
  const clock = new FakeClock();
  let sockets: Record<'host' | 'player' | 'stranger', TestClient>;
  let code: string;
  const disconnects: string[] = [];

  beforeAll(async () => {
    server = await startServer({ clock, seedSource: () => 31 });
    const host = await TestClient.connect(server.url);
    code = (await host.ok('room:create', { config: { kinds: ['chain-steps', 'update'], questionCount: 3, timeLimitSec: 60, allowAnswerChange: true } })).code;
    const player = await TestClient.connect(server.url);
    await player.ok('room:join', { code, nickname: 'Ada' });
    const other = await TestClient.connect(server.url);
    await other.ok('room:join', { code, nickname: 'Bo' });
    const stranger = await TestClient.connect(server.url);
    await host.ok('game:start', {});
    sockets = { host, player, stranger };
    for (const [name, s] of Object.entries(sockets)) s.socket.on('disconnect', (reason) => disconnects.push(`${name}: ${reason}`));
  });
  afterAll(async () => {
    for (const s of Object.values(sockets ?? {})) s.close();
    await server.close();
  });

  it('never fail, answer every refusal with a known code, and change nothing they refuse', async () => {
    const room = server.application.registry.get(code)!;
    let refused = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(request, async ({ event, sender, args: generated }) => {
        const args: unknown[] = [...generated];
        const sendable = DISRUPTIVE[sender].has(event) ? args.filter((a) => a === null || typeof a !== 'object' || Array.isArray(a)) : args;
        if (sendable.length !== args.length) return;
        const before = JSON.stringify(room.current);
        const response = (await sockets[sender].raw(event, args)) as { ok: boolean; error?: { code: string; message: string } };
        expect(typeof response.ok).toBe('boolean');
        if (response.ok) {
          accepted++;
          return;
        }
        refused++;
        expect(KNOWN_CODES.has(response.error!.code), response.error!.code).toBe(true);
        expect(response.error!.code).not.toBe('internal_error');
        expect(response.error!.message.length).toBeLessThanOrEqual(200);
        expect(JSON.stringify(room.current)).toBe(before);
      }),
      { numRuns: 3000, seed: 20_261_127 },
    );
    expect(refused).toBeGreaterThan(2000);
    expect(accepted).toBeGreaterThan(0);
    expect(disconnects).toEqual([]);
    expect(room.isDisposed).toBe(false);
    // Still serving: the player answers the open question.
    expect(await sockets.player.ok('room:sync', {})).toMatchObject({ role: 'player', me: { name: 'Ada' } });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
