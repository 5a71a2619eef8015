/**
 * A classroom prankster with a script: guessing room codes, filling a room, flooding answers,
 * sending huge frames, connecting from another site. Each limit answers its error code and
 * spoils nothing for the real players.
 */
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AckError, ConnectErrorData, QuestionView } from '../../shared/protocol/index.ts';
import { evaluateNetwork } from '../../shared/engine/index.ts';
import type { ApplicationOptions } from '../../server/app.ts';
import { TEST_CONFIG, type TestServer, TestClient, startServer } from '../server/support.ts';

let server: TestServer;
const clients: TestClient[] = [];

afterEach(async () => {
  vi.useRealTimers();
  for (const c of clients.splice(0)) c.close();
  await server?.close();
});

async function start(options: Partial<ApplicationOptions> = {}): Promise<TestServer> {
  server = await startServer(options);
  return server;
}

/** A client whose connections appear to come from `address` (the server trusts one proxy hop). */
async function client(headers: Record<string, string> = {}, auth: Record<string, unknown> = {}): Promise<TestClient> {
  const c = new TestClient(server.url, auth);
  (c.socket.io.opts as { extraHeaders?: Record<string, string> }).extraHeaders = headers;
  const refused = await c.open();
  if (refused) throw new Error(`refused: ${refused.code}`);
  clients.push(c);
  return c;
}

const from = (address: string) => ({ 'x-forwarded-for': address });

async function hostRoom(config: Record<string, unknown> = {}) {
  const host = await client(from('10.0.0.1'));
  const created = await host.ok('room:create', { config });
  return { host, code: created.code, hostToken: created.hostToken };
}

function codesOf(responses: { ok: boolean; error?: AckError }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of responses) {
    const key = r.ok ? 'ok' : r.error!.code;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('guessing room codes', () => {
  it('throttles a burst of 1,000 wrong codes from one address, blocks it with a doubling backoff, and leaves other addresses alone', async () => {
    await start({ config: { ...TEST_CONFIG, trustProxy: 1 }, limits: { joinMissesPerMinute: 20, joinBlockSeconds: 4, strikesBeforeDisconnect: 10_000 } });
    const { code } = await hostRoom();
    const guesser = await client(from('203.0.113.9'));
    const sameNetwork = await client(from('203.0.113.9'));
    const student = await client(from('198.51.100.7'));
    // The limiter keeps time with Date and expires a block with a timer: both fake from here, so the block
    // lasts exactly as long as the test says, however slow the machine (the clients' own timers stay real).
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const burst = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => guesser.call('room:join', { code: `ZZ${String(i).padStart(4, '0')}`, nickname: 'x' })),
    );
    expect(codesOf(burst)).toEqual({ room_not_found: 20, too_many_attempts: 980 });
    const refusal = burst.find((r) => !r.ok && r.error.code === 'too_many_attempts') as { error: AckError };
    expect(refusal.error.retryAfterMs).toBe(4000);

    // While blocked, even the right code is refused from that address (a block must not reveal a hit) …
    expect(await sameNetwork.call('room:join', { code, nickname: 'Sneaky' })).toMatchObject({ ok: false, error: { code: 'too_many_attempts' } });
    // … while a class on another address joins, typos and all.
    expect(await student.call('room:join', { code: 'ABCDEF', nickname: 'Typo' })).toMatchObject({ ok: false, error: { code: 'room_not_found' } });
    expect(await student.call('room:join', { code, nickname: 'Mei' })).toMatchObject({ ok: true });

    // The block holds to its last millisecond …
    vi.advanceTimersByTime(3999);
    expect(await sameNetwork.call('room:join', { code, nickname: 'Back' })).toMatchObject({ ok: false, error: { code: 'too_many_attempts', retryAfterMs: 1 } });
    // … and after it, the address joins; a second round of guessing is blocked twice as long.
    vi.advanceTimersByTime(1);
    expect(await sameNetwork.call('room:join', { code, nickname: 'Back' })).toMatchObject({ ok: true });
    const again = await Promise.all(Array.from({ length: 21 }, (_, i) => guesser.call('room:join', { code: `YY${String(i).padStart(4, '0')}`, nickname: 'x' })));
    expect(codesOf(again)).toEqual({ room_not_found: 20, too_many_attempts: 1 });
    expect((again.at(-1) as { error: AckError }).error.retryAfterMs).toBe(8000);
  });

  it('keeps joins to a known code generous: a whole class behind one address joins at once', async () => {
    await start({ config: { ...TEST_CONFIG, trustProxy: 1 }, limits: { joinMissesPerMinute: 5, roomJoinsPerSecond: 200 } });
    const { code, host } = await hostRoom();
    const students = await Promise.all(Array.from({ length: 120 }, () => client(from('192.0.2.50'))));
    const joins = await Promise.all(students.map((s, i) => s.call('room:join', { code, nickname: `学生${i}` })));
    expect(codesOf(joins)).toEqual({ ok: 120 });
    expect((await host.ok('room:sync', {})).presence.players).toBe(120);
  });
});

describe('creating rooms', () => {
  it('limits rooms per address per minute, caps capacity at the server maximum and cleans the texts shown on the projector', async () => {
    await start({ config: { ...TEST_CONFIG, trustProxy: 1, maxRoomCapacity: 2 }, roomsPerMinute: 2 });
    const creators = await Promise.all([1, 2, 3].map(() => client(from('192.0.2.9'))));
    const created = [];
    for (const c of creators) created.push(await c.call('room:create', { config: { capacity: 5000, title: 'Period\n3 \u202e', teams: { count: 2, names: ['\u200b', 'Blue\tTeam'] } } }));
    expect(codesOf(created)).toEqual({ ok: 2, rate_limited: 1 });
    expect((created[2] as { error: AckError }).error.retryAfterMs).toBeGreaterThan(50_000);
    expect(await (await client(from('192.0.2.10'))).call('room:create', { config: {} })).toMatchObject({ ok: true });
    const first = created[0] as { ok: true; data: { code: string; snapshot: { room: { capacity: number; title: string; teams: { name: string }[] } } } };
    expect(first.data.snapshot.room).toMatchObject({ capacity: 2, title: 'Period 3', teams: [{ name: '红队' }, { name: 'Blue Team' }] });
    const joins = [];
    for (let i = 0; i < 3; i++) joins.push(await (await client()).call('room:join', { code: first.data.code, nickname: `P${i}` }));
    expect(codesOf(joins)).toEqual({ ok: 2, room_full: 1 });
  });
});

describe('filling a room', () => {
  it('lets exactly `capacity` players in, however many try at once', async () => {
    await start({ config: { ...TEST_CONFIG, trustProxy: 1 } });
    const { code, host } = await hostRoom({ capacity: 200 });
    const bots = await Promise.all(Array.from({ length: 300 }, (_, i) => client(from(`10.1.${i >> 8}.${i & 255}`))));
    const joins = await Promise.all(bots.map((b, i) => b.call('room:join', { code, nickname: `bot${i}` })));
    expect(codesOf(joins)).toEqual({ ok: 200, room_full: 100 });
    expect(server.application.registry.get(code)!.current.players).toSatisfy((players: object) => Object.keys(players).length === 200);
    expect((await host.ok('room:sync', {})).presence.players).toBe(200);
  });

  it('queues joins past the room’s rate and seats them in turn; past the queue, a time to retry', async () => {
    await start({ limits: { roomJoinsPerSecond: 30, joinQueueSeconds: 1 } });
    const { code } = await hostRoom();
    const bots = await Promise.all(Array.from({ length: 80 }, () => client()));
    // The bucket is kept with Date and timers: fake ones, so the burst falls in one second however slow the
    // machine, and the waiting is a step of the test.
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const seated = () => Object.keys(server.application.registry.get(code)!.current.players).length;
    const settled: (boolean | null)[] = bots.map(() => null);
    const calls = bots.map((b, i) => b.call('room:join', { code, nickname: `bot${i}` }).then((r) => ((settled[i] = r.ok), r)));
    // A second's worth is seated at once; the next second's wait in the queue; the rest are told when to come back.
    await expect.poll(() => settled.filter((s) => s === false).length + seated(), { interval: 5, timeout: 10_000 }).toBe(50);
    expect(seated()).toBe(30);
    expect(server.application.limits.joinsWaiting(code)).toBe(30);
    await vi.advanceTimersByTimeAsync(1000);
    const joins = await Promise.all(calls);
    expect(codesOf(joins)).toEqual({ ok: 60, rate_limited: 20 });
    expect(seated()).toBe(60);
    const refused = joins.filter((j) => !j.ok) as { ok: false; error: AckError }[];
    // Told to come back once their turn is within the queue again.
    expect(Math.min(...refused.map((r) => r.error.retryAfterMs!))).toBeGreaterThan(0);
    expect(Math.max(...refused.map((r) => r.error.retryAfterMs!))).toBeLessThanOrEqual(1000);
    const waiting = bots.filter((_, i) => !joins[i]!.ok);
    vi.advanceTimersByTime(Math.max(...refused.map((r) => r.error.retryAfterMs!)));
    const again = waiting.map((b) => b.call('room:join', { code, nickname: `late${bots.indexOf(b)}` }));
    await expect.poll(() => seated() + server.application.limits.joinsWaiting(code), { interval: 5, timeout: 10_000 }).toBe(80);
    await vi.advanceTimersByTimeAsync(1000);
    expect(codesOf(await Promise.all(again))).toEqual({ ok: 20 });
    expect(seated()).toBe(80);
  });

  it('refuses newcomers to a locked room and kicked tokens, while seated players come back', async () => {
    await start();
    const { code, host } = await hostRoom();
    const ada = await client();
    const adaJoin = await ada.ok('room:join', { code, nickname: 'Ada' });
    const bo = await client();
    const boJoin = await bo.ok('room:join', { code, nickname: 'Bo' });
    await host.ok('room:lock', { locked: true });
    const late = await client();
    expect(await late.call('room:join', { code, nickname: 'Late' })).toMatchObject({ ok: false, error: { code: 'room_locked' } });
    await host.ok('room:kick', { playerId: boJoin.playerId });
    const kicked = new TestClient(server.url, { token: boJoin.token });
    clients.push(kicked);
    expect(await kicked.open()).toEqual({ code: 'kicked' });
    ada.close();
    const back = new TestClient(server.url, { token: adaJoin.token });
    clients.push(back);
    expect(await back.open()).toBeNull();
    expect(await back.waitFor('room:snapshot')).toMatchObject({ role: 'player', me: { name: 'Ada' } });
  });

  it('refuses nicknames built to break layouts', async () => {
    await start();
    const { code } = await hostRoom();
    const c = await client();
    for (const nickname of ['\u202e\u2066\u200b', 'ᄀ'.repeat(40), `👩${'\u200d👩'.repeat(12)}`, 'x'.repeat(21), '\u3164\u3164']) {
      expect(await c.call('room:join', { code, nickname }), JSON.stringify(nickname)).toMatchObject({ ok: false, error: { code: 'invalid_name' } });
    }
    const joined = await c.ok('room:join', { code, nickname: '\u202eAda\u202c\u200b\u200b Z\u0301\u0302\u0303\u0304' });
    expect(joined.snapshot.me.name).toBe('Ada Ź̂');
  });
});

describe('flooding', () => {
  it('limits an answer flood from one connection, then closes it, while every other player is answered', async () => {
    await start({ limits: { answersPerSecond: 3, strikesBeforeDisconnect: 20 } });
    const { code, host } = await hostRoom({ kinds: ['update'], questionCount: 1, timeLimitSec: 600, allowAnswerChange: true });
    const flooder = await client();
    const flooderJoin = await flooder.ok('room:join', { code, nickname: 'Flood' });
    const players = await Promise.all(Array.from({ length: 20 }, () => client()));
    for (const [i, p] of players.entries()) await p.ok('room:join', { code, nickname: `P${i}` });
    // Someone still thinking keeps the question open.
    await (await client()).ok('room:join', { code, nickname: 'Thinking' });
    await host.ok('game:start', {});
    const question = (await flooder.waitFor('room:phase', (p) => p.phase === 'question')) as QuestionView;
    const answer = String(evaluateNetwork(question.problem.network!)[question.problem.asks as 'w1\'']);

    // A connection's budgets are kept with Date: a fake, still one, so the whole flood falls in one window.
    vi.useFakeTimers({ toFake: ['Date'] });
    const closed = new Promise<string>((resolve) => flooder.socket.once('disconnect', (reason) => resolve(reason)));
    const flood = Promise.all(
      Array.from({ length: 200 }, () => flooder.call('answer:submit', { questionId: question.questionId, answer: '0.1' }).catch(() => null)),
    );
    const honest = await Promise.all(players.map((p) => p.call('answer:submit', { questionId: question.questionId, answer })));
    expect(codesOf(honest)).toEqual({ ok: 20 });
    const flooded = (await flood).filter((r) => r !== null);
    expect(flooded.filter((r) => r.ok).length).toBe(3);
    expect(flooded.filter((r) => !r.ok && r.error.code === 'rate_limited').length).toBeGreaterThanOrEqual(20);
    expect(await flooder.waitFor('session:error')).toMatchObject({ error: { code: 'rate_limited' } });
    expect(await closed).toBe('io server disconnect');

    // The room goes on: the flooder keeps a seat (away) and can come back with the token.
    await host.waitFor('room:roster', (d) => d.upsert.some((r) => r.playerId === flooderJoin.playerId && !r.connected));
    const state = server.application.registry.get(code)!.current;
    expect(state.players[flooderJoin.playerId]).toMatchObject({ connected: false });
    expect(state.phase.phase).toBe('question');
    await host.ok('question:end', { questionId: question.questionId });
    const results = await Promise.all(players.map((p) => p.waitFor('room:me', (m) => m.result !== null)));
    expect(results.every((m) => m.result!.status === 'correct')).toBe(true);
    const back = new TestClient(server.url, { token: flooderJoin.token });
    clients.push(back);
    expect(await back.open()).toBeNull();
    expect(await back.waitFor('room:snapshot')).toMatchObject({ me: { name: 'Flood' } });
  });

  it('counts unknown events and requests without an ack against the budget, and stops answering them', async () => {
    await start({ requestsPerSecond: 10, limits: { strikesBeforeDisconnect: 15 } });
    const spammer = await client();
    // The budget is kept with Date: a fake, still one, so the whole burst falls in one window.
    vi.useFakeTimers({ toFake: ['Date'] });
    const closed = new Promise<string>((resolve) => spammer.socket.once('disconnect', (reason) => resolve(reason)));
    for (let i = 0; i < 100; i++) void spammer.raw(i % 2 ? 'admin:reset' : 'game:start', [{}], false);
    expect(await closed).toBe('io server disconnect');
    const errors = spammer.events.filter((e) => e.event === 'session:error');
    // Ten answered within the budget, then silence, then the closing notice.
    const answered = errors.filter((e) => (e.payload as { error: AckError }).error.code !== 'rate_limited').length;
    expect(answered).toBe(10);
    expect(errors.at(-1)!.payload).toMatchObject({ error: { code: 'rate_limited' } });
    expect(errors.length).toBe(answered + 1);
    const other = await client();
    expect(await other.ok('session:hello', { protocolVersion: 2 })).toMatchObject({ protocolVersion: 2 });
  });

  it('refuses a 1 MB payload by closing that connection, without crashing or touching its room', async () => {
    await start();
    const { code, host } = await hostRoom();
    const sender = await client();
    const senderJoin = await sender.ok('room:join', { code, nickname: 'Big' });
    const other = await client();
    await other.ok('room:join', { code, nickname: 'Other' });
    // Within the frame limit, an oversized field is a schema error.
    expect(await sender.raw('answer:submit', [{ questionId: 'q1', answer: 'x'.repeat(12_000) }])).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const closed = new Promise<string>((resolve) => sender.socket.once('disconnect', (reason) => resolve(reason)));
    void sender.raw('answer:submit', [{ questionId: 'q1', answer: 'x'.repeat(1024 * 1024) }], true, 1000).catch(() => undefined);
    expect(await closed).toBe('transport close');
    expect(await other.ok('room:sync', {})).toMatchObject({ me: { name: 'Other' } });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // The server closes the connection on its side too (the client saw its end first): the host sees the sender away.
    await host.waitFor('room:roster', (d) => d.upsert.some((r) => r.playerId === senderJoin.playerId && !r.connected));
    expect(server.application.registry.get(code)!.current.players[senderJoin.playerId]).toMatchObject({ name: 'Big', connected: false });
    expect((await host.ok('room:sync', {})).presence).toMatchObject({ players: 2, connected: 1 });
  });
});

describe('the Origin allow-list', () => {
  it('refuses a handshake from a page of another site, and accepts the listed, the same-origin and non-browser clients', async () => {
    await start({ config: { ...TEST_CONFIG, allowedOrigins: ['https://school.example.edu'] } });
    const attempt = (headers: Record<string, string>) =>
      new Promise<string>((resolve) => {
        const socket = connect(server.url, { transports: ['websocket'], extraHeaders: headers, reconnection: false, forceNew: true });
        socket.once('connect', () => {
          socket.close();
          resolve('connected');
        });
        socket.once('connect_error', (err: Error & { data?: ConnectErrorData }) => {
          socket.close();
          resolve(`refused: ${err.message}`);
        });
      });
    expect(await attempt({ origin: 'https://evil.example.com' })).toMatch(/^refused/);
    expect(await attempt({ origin: 'https://school.example.edu' })).toBe('connected');
    expect(await attempt({ origin: server.url })).toBe('connected');
    expect(await attempt({})).toBe('connected');
    // Over HTTP long-polling the refusal carries its code.
    const polling = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://evil.example.com' } });
    expect(polling.status).toBe(403);
    expect(await polling.json()).toMatchObject({ message: 'origin_not_allowed' });
  });
});
