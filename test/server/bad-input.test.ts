/**
 * Malformed requests: wrong types, missing fields, huge strings, extra keys, non-objects,
 * extra arguments, no ack callback. Each gets an error (never an exception text), changes
 * nothing, and the server keeps serving everyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveSeed, generateProblem } from '../../shared/engine/index.ts';
import { CLIENT_EVENT_NAMES, type ClientEventName, type RoomSnapshot } from '../../shared/protocol/index.ts';
import { FakeClock } from '../room/support.ts';
import { type TestServer, TestClient, startServer } from './support.ts';

const SEED = 77;
/** Far beyond every field's limit, within the frame limit (bigger frames close the connection: see limits below). */
const HUGE = 'x'.repeat(10_000);
const NOT_OBJECTS: unknown[] = [null, 42, 'game', true, [], [{}]];

/** Payloads each event must refuse with invalid_payload (on top of NOT_OBJECTS). */
const MALFORMED: Record<ClientEventName, unknown[]> = {
  'session:hello': [{}, { protocolVersion: '1' }, { protocolVersion: 1.5 }, { protocolVersion: null }],
  'room:create': [
    { config: 'quiz' },
    { config: { questionCount: 0 } },
    { config: { questionCount: 1e9 } },
    { config: { questionCount: '5' } },
    { config: { title: HUGE } },
    { config: { title: '' } },
    { config: { kinds: ['nope'] } },
    { config: { kinds: [] } },
    { config: { difficulties: [4] } },
    { config: { timeLimitSec: -1 } },
    { config: { timeLimitSec: 'fast' } },
    { config: { teams: { count: 99 } } },
    { config: { teams: { count: 2, assignment: 'random' } } },
    { config: { teams: { count: 2, colours: ['red'] } } },
    { config: { lang: 'fr' } },
    { config: { capacity: 1e7 } },
    { config: { speedBonus: 'yes' } },
    { config: { leaderboardEvery: -1 } },
    { config: { leaderboardEvery: 2.5 } },
    { config: { leaderboardEvery: 51 } },
    { config: { mode: 'relay' } },
    { config: { mode: 'relay', teams: null } },
    { config: { mode: 'descent' } },
    { config: { mode: 'descent', teams: { count: 2 }, descent: { activation: 'relu' } } },
    { config: { mode: 'descent', teams: { count: 2 }, descent: { lr: -1 } } },
    { config: { mode: 'descent', teams: { count: 2 }, descent: { confirm: 'anyone' } } },
    { config: { mode: 'duel' } },
  ],
  'room:join': [
    {},
    { code: 5, nickname: 'Ada' },
    { nickname: 'Ada' },
    { code: 'ABCDEF', nickname: 'Ada', lang: 'fr' },
    { code: 'ABCDEF', nickname: 7 },
    { code: 'ABCDEF', nickname: HUGE },
    { code: HUGE, nickname: 'Ada' },
    { code: 'ABCDEF', nickname: { name: 'Ada' } },
    { code: 'ABCDEF', nickname: 'Ada', teamId: 7 },
  ],
  'room:peek': [{}, { code: 5 }, { code: '' }, { code: HUGE }],
  'room:sync': [],
  'room:leave': [],
  'room:kick': [{}, { playerId: 5 }, { playerId: '' }, { playerId: HUGE }],
  'room:lock': [{}, { locked: 'yes' }, { locked: 1 }],
  'room:close': [],
  'team:assign': [{}, { playerId: 'p' }, { teamId: 't1' }, { playerId: 'p', teamId: 3 }, { playerId: HUGE, teamId: 't1' }],
  'team:choose': [{}, { teamId: null }, { teamId: 1 }, { teamId: HUGE }],
  'name:reroll': [],
  'game:start': [],
  'game:pause': [],
  'game:resume': [],
  'game:next': [{ from: 'lobby' }, { from: 5 }, { from: HUGE }],
  'game:end': [],
  'game:again': [],
  'question:end': [{ questionId: 5 }, { questionId: '' }, { questionId: HUGE }],
  'question:skip': [{ questionId: 5 }, { questionId: '' }, { questionId: HUGE }],
  'answer:submit': [
    {},
    { questionId: 'q1' },
    { answer: '0.5' },
    { questionId: 'q1', answer: 0.5 },
    { questionId: 'q1', answer: null },
    { questionId: 'q1', answer: HUGE },
    { questionId: 'q1', answer: '0.5', step: -1 },
    { questionId: 'q1', answer: '0.5', step: 1.5 },
    { questionId: 'q1', answer: '0.5', step: '0' },
    { questionId: 'q1', answer: '0.5', step: 1e6 },
    { questionId: HUGE, answer: '0.5' },
  ],
  'relay:submit': [
    {},
    { questionId: 'q1', answer: '0.5' },
    { questionId: 'q1', link: 0 },
    { questionId: 'q1', link: -1, answer: '0.5' },
    { questionId: 'q1', link: 0.5, answer: '0.5' },
    { questionId: 'q1', link: '0', answer: '0.5' },
    { questionId: 'q1', link: 1e6, answer: '0.5' },
    { questionId: 'q1', link: 0, answer: HUGE },
    { questionId: HUGE, link: 0, answer: '0.5' },
  ],
  'descent:propose': [
    {},
    { questionId: 'q1' },
    { w: '0.5' },
    { questionId: 'q1', w: 0.5 },
    { questionId: 'q1', w: '0.5', b: 1 },
    { questionId: 'q1', w: HUGE },
    { questionId: HUGE, w: '0.5' },
  ],
  'descent:confirm': [{}, { questionId: 'q1' }, { proposalId: 'd1' }, { questionId: 'q1', proposalId: 5 }, { questionId: 'q1', proposalId: HUGE }],
  'descent:lr': [{}, { lr: '1' }, { lr: -1 }, { lr: 0 }, { lr: 1e9 }, { lr: null }],
  // Homework's own malformed payloads, with the effects checked too, are in test/homework/bad-input.test.ts.
  'homework:open': [{}, { code: 5 }, { code: '' }, { code: HUGE }],
  'homework:start': [{}, { code: 'ABCDEFGH' }, { code: 'ABCDEFGH', name: 5 }, { code: 'ABCDEFGH', name: HUGE }, { code: 'ABCDEFGH', name: 'Ada', studentNumber: HUGE }],
  'homework:resume': [{}, { code: 'ABCDEFGH' }, { code: 'ABCDEFGH', token: '' }, { code: 'ABCDEFGH', resumeCode: HUGE }, { code: 'ABCDEFGH', token: 5 }],
  'homework:item': [{}, { code: 'ABCDEFGH', token: 't' }, { code: 'ABCDEFGH', token: 't', item: -1 }, { code: 'ABCDEFGH', token: 't', item: 0.5 }, { code: 'ABCDEFGH', token: HUGE, item: 0 }],
  'homework:answer': [
    {},
    { code: 'ABCDEFGH', token: 't', item: 0 },
    { code: 'ABCDEFGH', token: 't', item: 0, answer: 0.5 },
    { code: 'ABCDEFGH', token: 't', item: 0, answer: HUGE },
    { code: 'ABCDEFGH', token: 't', item: 0, answer: '1', step: -1 },
    { code: 'ABCDEFGH', token: 't', item: '0', answer: '1' },
  ],
  'homework:skip': [{}, { code: 'ABCDEFGH', token: 't' }, { code: 'ABCDEFGH', token: 't', item: 1e9 }],
};

/** What a snapshot says about the room, minus the clock reading. */
function comparable(snapshot: RoomSnapshot) {
  const { serverNow: _now, ...rest } = snapshot;
  return rest;
}

describe('malformed requests change nothing', () => {
  let server: TestServer;
  const clock = new FakeClock();
  let host: TestClient;
  let ada: TestClient;
  let bo: TestClient;
  let stranger: TestClient;
  let code: string;

  beforeAll(async () => {
    server = await startServer({ clock, seedSource: () => SEED });
    host = await TestClient.connect(server.url);
    code = (await host.ok('room:create', { config: { kinds: ['chain-gradient'], questionCount: 2, timeLimitSec: 30 } })).code;
    ada = await TestClient.connect(server.url);
    await ada.ok('room:join', { code, nickname: 'Ada' });
    bo = await TestClient.connect(server.url);
    await bo.ok('room:join', { code, nickname: 'Bo' });
    stranger = await TestClient.connect(server.url);
    await host.ok('game:start', {});
    await ada.waitFor('room:phase', (p) => p.phase === 'question');
  });
  afterAll(async () => {
    for (const c of [host, ada, bo, stranger]) c?.close();
    await server.close();
  });

  it('answers invalid_payload to every malformed payload of every event, from host, player and stranger alike', async () => {
    const before = comparable(await host.ok('room:sync', {}));
    const roomsBefore = server.application.registry.size;
    let refused = 0;
    for (const event of CLIENT_EVENT_NAMES) {
      for (const payload of [...NOT_OBJECTS, ...MALFORMED[event]]) {
        for (const client of [host, ada, stranger]) {
          const response = await client.raw(event, [payload]);
          expect(response, `${event} ${JSON.stringify(payload)?.slice(0, 60)}`).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
          const message = (response as { error: { message: string } }).error.message;
          // A field and a reason, never a stack or the input echoed back.
          expect(message.length).toBeLessThanOrEqual(200);
          expect(message).not.toMatch(/at .*\.ts|Error:/);
          refused++;
        }
      }
      // No payload at all, and two payloads.
      expect(await host.raw(event, [])).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      expect(await host.raw(event, [{}, {}])).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    expect(refused).toBeGreaterThan(300);
    expect(comparable(await host.ok('room:sync', {}))).toEqual(before);
    expect(server.application.registry.size).toBe(roomsBefore);
  });

  it('answers session:error to a request without an ack callback, and does nothing', async () => {
    const before = comparable(await host.ok('room:sync', {}));
    host.raw('game:end', [{}], false);
    expect(await host.waitFor('session:error', (e) => e.event === 'game:end')).toMatchObject({ error: { code: 'invalid_payload' } });
    ada.raw('answer:submit', [{ questionId: 'q1', answer: '0.5' }], false);
    expect(await ada.waitFor('session:error', (e) => e.event === 'answer:submit')).toMatchObject({ error: { code: 'invalid_payload' } });
    stranger.raw('room:create', [{ config: {} }], false);
    // Each session:error is the server's whole answer to its request: nothing of them is left to happen.
    await stranger.waitFor('session:error', (e) => e.event === 'room:create');
    expect(comparable(await host.ok('room:sync', {}))).toEqual(before);
    expect(server.application.registry.size).toBe(1);
  });

  it('answers unknown_event to an event it does not know', async () => {
    expect(await host.raw('game:win', [{}])).toMatchObject({ ok: false, error: { code: 'unknown_event' } });
    host.raw('admin:reset', [{}], false);
    expect(await host.waitFor('session:error', (e) => e.event === 'admin:reset')).toMatchObject({ error: { code: 'unknown_event' } });
  });

  it('drops unknown keys: a client cannot claim correctness, points or time', async () => {
    const problem = generateProblem({ kind: 'chain-gradient', seed: deriveSeed(SEED, 0), difficulty: 1 });
    const cheat = { questionId: 'q1', answer: String(-(problem.answer as number) * 5), correct: true, points: 99_999, score: 99_999, remainingMs: 30_000, step: undefined, __proto__: { isHost: true } };
    expect(await bo.raw('answer:submit', [cheat])).toEqual({
      ok: true,
      data: { questionId: 'q1', step: null, nextStep: null, final: true, answer: { questionId: 'q1', steps: [cheat.answer], complete: true } },
    });
    // Extra keys on a host command from a player do not make it a host command.
    expect(await bo.raw('game:end', [{ role: 'host', isHost: true }])).toMatchObject({ ok: false, error: { code: 'not_host' } });
  });

  it('keeps serving everyone: the game goes on and scores by the engine', async () => {
    const problem = generateProblem({ kind: 'chain-gradient', seed: deriveSeed(SEED, 0), difficulty: 1 });
    expect(await ada.ok('answer:submit', { questionId: 'q1', answer: String(problem.answer) })).toMatchObject({ questionId: 'q1' });
    const adaResult = await ada.waitFor('room:me', (m) => m.result?.questionId === 'q1');
    const boResult = await bo.waitFor('room:me', (m) => m.result?.questionId === 'q1');
    expect(adaResult.result).toMatchObject({ status: 'correct' });
    expect(boResult.result).toMatchObject({ status: 'wrong', points: 0 });
    expect(boResult.score).toBe(0);
    await host.ok('game:next', { from: 'reveal' });
    // A newcomer can still join and the stranger can still create a room.
    const late = await TestClient.connect(server.url);
    expect(await late.ok('room:join', { code, nickname: 'Cy' })).toMatchObject({ snapshot: { phase: { phase: 'leaderboard' } } });
    expect(await stranger.ok('room:create', { config: { title: '  Period 4 ', extra: 'ignored' } as never })).toMatchObject({ snapshot: { room: { title: 'Period 4' } } });
    late.close();
  });
});

describe('double clicks', () => {
  it('seats a connection in one room only, however fast it asks to create', async () => {
    const server = await startServer();
    try {
      const host = await TestClient.connect(server.url);
      const responses = await Promise.all([1, 2, 3].map(() => host.call('room:create', { config: {} })));
      expect(responses.filter((r) => r.ok)).toHaveLength(1);
      expect(responses.filter((r) => !r.ok && r.error.code === 'already_in_room')).toHaveLength(2);
      expect(server.application.registry.size).toBe(1);
      host.close();
    } finally {
      await server.close();
    }
  });
});

describe('limits', () => {
  it('rate-limits a flood of requests from one connection and serves the others', async () => {
    const server = await startServer({ requestsPerSecond: 5 });
    try {
      const flood = await TestClient.connect(server.url);
      const calm = await TestClient.connect(server.url);
      const responses = await Promise.all(Array.from({ length: 12 }, () => flood.call('session:hello', { protocolVersion: 2 })));
      expect(responses.filter((r) => r.ok)).toHaveLength(5);
      expect(responses.filter((r) => !r.ok && r.error.code === 'rate_limited')).toHaveLength(7);
      expect(await calm.ok('session:hello', { protocolVersion: 2 })).toMatchObject({ protocolVersion: 2 });
      flood.close();
      calm.close();
    } finally {
      await server.close();
    }
  });

  it('refuses an older or newer protocol version', async () => {
    const server = await startServer();
    try {
      const old = await TestClient.connect(server.url);
      expect(await old.call('session:hello', { protocolVersion: 0 })).toMatchObject({ ok: false, error: { code: 'version_mismatch' } });
      old.close();
    } finally {
      await server.close();
    }
  });

  it('closes a connection that sends a frame beyond the size limit, and keeps the others', async () => {
    const server = await startServer();
    try {
      const big = await TestClient.connect(server.url);
      const other = await TestClient.connect(server.url);
      const closed = new Promise<string>((resolve) => big.socket.on('disconnect', (reason) => resolve(reason)));
      void big.raw('room:join', [{ code: 'ABCDEF', nickname: 'y'.repeat(20_000) }], true, 500).catch(() => undefined);
      expect(await closed).toBe('transport close');
      expect(await other.ok('session:hello', { protocolVersion: 2 })).toMatchObject({ protocolVersion: 2 });
      other.close();
    } finally {
      await server.close();
    }
  });
});
