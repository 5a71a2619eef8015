/**
 * The contest API refuses what it must, with its code, and a refusal changes nothing: wrong or
 * missing organizer keys, another key's contest or set, unknown codes and room keys, invalid payloads,
 * actions out of turn, a room key's second live room, a room of an ended contest, the limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContestListResult, ContestResult, ContestRoomKeyResult, CreateContestPayload } from '../../shared/protocol/contests.ts';
import { TestClient } from '../server/support.ts';
import { type ContestServer, call, closeRoom, control, createContest, dataOf, newKey, openRoom, refusalOf, removeDir, startContestServer, storedSetId } from './support.ts';

describe('the contest API', () => {
  let s: ContestServer;
  let key: string;
  let otherKey: string;
  let setId: string;
  let otherSetId: string;
  const clients: TestClient[] = [];

  const payload = (overrides: Partial<CreateContestPayload> = {}): CreateContestPayload => ({
    title: 'District final',
    setId,
    rooms: [{ label: 'Class 8-1' }, { label: 'Class 8-2' }],
    ranking: 'players',
    lang: 'en',
    ...overrides,
  });
  const list = async (k: string) => dataOf<ContestListResult>(await call(s.url, 'GET', '/api/contests', { key: k })).contests;

  beforeAll(async () => {
    s = await startContestServer({ contestLimits: { contestsPerKey: 12 } });
    key = await newKey(s.url);
    otherKey = await newKey(s.url);
    setId = await storedSetId(s.url, key);
    otherSetId = await storedSetId(s.url, otherKey);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await s.close();
    removeDir(s.dataDir);
  });

  it('refuses a create without a key, with a key it never made, with an invalid payload or a set it cannot play; makes nothing', async () => {
    const none = await call(s.url, 'POST', '/api/contests', { json: payload() });
    expect(refusalOf(none)).toMatchObject({ status: 401, code: 'key_required' });
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(refusalOf(await call(s.url, 'POST', '/api/contests', { key: `tk_${'A'.repeat(43)}`, json: payload() }))).toMatchObject({ status: 401, code: 'unknown_key' });
    expect(refusalOf(await call(s.url, 'POST', '/api/contests', { key: 'not-a-key', json: payload() }))).toMatchObject({ status: 401, code: 'unknown_key' });

    const invalid: unknown[] = [
      { ...payload(), title: '' },
      { ...payload(), title: 'x'.repeat(81) },
      { ...payload(), rooms: [] },
      { ...payload(), rooms: [{ label: 'A' }, { label: 'A' }] },
      { ...payload(), rooms: Array.from({ length: 41 }, (_, i) => ({ label: `R${i}` })) },
      { ...payload(), ranking: 'teams' },
      { ...payload(), pacing: 'sometimes' },
      { ...payload(), teams: { count: 1 } },
      { ...payload(), timeLimitSec: 0 },
      { title: 'No set', rooms: [{ label: 'A' }] },
      [],
      'text',
    ];
    for (const body of invalid) {
      expect(refusalOf(await call(s.url, 'POST', '/api/contests', { key, json: body })), JSON.stringify(body).slice(0, 80)).toMatchObject({ status: 400, code: 'invalid_payload' });
    }
    expect(refusalOf(await call(s.url, 'POST', '/api/contests', { key, body: 'title=x', type: 'application/x-www-form-urlencoded' }))).toMatchObject({ status: 400, code: 'invalid_payload' });
    expect(refusalOf(await call(s.url, 'POST', '/api/contests', { key, body: '{"title":', type: 'application/json' }))).toMatchObject({ status: 400, code: 'invalid_payload' });
    // Another key's set reads as missing, as does one that never was.
    expect(refusalOf(await call(s.url, 'POST', '/api/contests', { key, json: payload({ setId: otherSetId }) }))).toMatchObject({ status: 400, code: 'set_not_found' });
    expect(refusalOf(await call(s.url, 'POST', '/api/contests', { key, json: payload({ setId: 'nosuchset' }) }))).toMatchObject({ status: 400, code: 'set_not_found' });
    expect(await list(key)).toEqual([]);
  });

  it('makes a contest of a stored or built-in set, with a room key per room, and shows it only to its key', async () => {
    const contest = await createContest(s.url, key, payload({ pacing: 'lockstep' }));
    expect(contest.code).toMatch(/^[A-Z0-9]{6}$/);
    expect(contest.stage).toEqual({ stage: 'lobby' });
    expect(contest.set).toMatchObject({ id: setId, items: 3 });
    expect(contest.rooms.map((r) => [r.slotId, r.label, r.room])).toEqual([['s1', 'Class 8-1', null], ['s2', 'Class 8-2', null]]);
    for (const r of contest.rooms) {
      expect(r.roomKey).toMatch(/^rk_[A-Za-z0-9_-]{32}$/);
      expect(r.hostPath).toBe(`/host?contest=${r.roomKey}`);
    }
    const builtIn = await createContest(s.url, key, payload({ setId: 'builtin:one-neuron:en' }));
    expect(builtIn.set.id).toBe('builtin:one-neuron:en');
    expect((await list(key)).map((c) => c.code).sort()).toEqual([contest.code, builtIn.code].sort());
    expect(await list(otherKey)).toEqual([]);

    expect(refusalOf(await call(s.url, 'GET', `/api/contests/${contest.code}`, { key: otherKey }))).toMatchObject({ status: 403, code: 'not_owner' });
    expect(refusalOf(await call(s.url, 'GET', `/api/contests/${contest.code}`))).toMatchObject({ status: 401, code: 'key_required' });
    expect(refusalOf(await call(s.url, 'GET', '/api/contests/ZZZZZZ', { key }))).toMatchObject({ status: 404, code: 'contest_not_found' });
    expect(refusalOf(await call(s.url, 'GET', '/api/contests/..%2F..', { key }))).toMatchObject({ status: 404, code: 'contest_not_found' });
    expect(dataOf<ContestResult>(await call(s.url, 'GET', `/api/contests/${contest.code.toLowerCase()}`, { key })).contest.code).toBe(contest.code);

    // The board is public, and carries no room key.
    const board = await call(s.url, 'GET', `/api/contests/${contest.code}/board`);
    expect(board.status).toBe(200);
    for (const r of contest.rooms) expect(board.text).not.toContain(r.roomKey);
    expect(refusalOf(await call(s.url, 'GET', '/api/contests/ZZZZZZ/board'))).toMatchObject({ status: 404, code: 'contest_not_found' });

    // What a room key opens, to anyone holding it; nothing for a key never made.
    const lookup = dataOf<ContestRoomKeyResult>(await call(s.url, 'GET', `/api/contest-rooms/${contest.rooms[1]!.roomKey}`));
    expect(lookup).toEqual({
      contest: { code: contest.code, title: 'District final', pacing: 'lockstep', lang: 'en', items: 3 },
      slot: { slotId: 's2', label: 'Class 8-2' },
      openRoom: null,
    });
    expect(refusalOf(await call(s.url, 'GET', `/api/contest-rooms/rk_${'x'.repeat(32)}`))).toMatchObject({ status: 404, code: 'unknown_room_key' });
    expect(refusalOf(await call(s.url, 'GET', '/api/contest-rooms/nonsense'))).toMatchObject({ status: 404, code: 'unknown_room_key' });

    // Reports are the organizer's.
    expect(refusalOf(await call(s.url, 'GET', `/api/contests/${contest.code}/report`, { key: otherKey }))).toMatchObject({ status: 403, code: 'not_owner' });
    expect(refusalOf(await call(s.url, 'GET', `/api/contests/${contest.code}/report?format=csv&part=answers`, { key }))).toMatchObject({ status: 400, code: 'invalid_payload' });
    expect(refusalOf(await call(s.url, 'GET', `/api/contests/${contest.code}/report?format=xml`, { key }))).toMatchObject({ status: 400, code: 'invalid_payload' });
    const csv = await fetch(`${s.url}/api/contests/${contest.code}/report?format=csv&part=players`, { headers: { Authorization: `Bearer ${key}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    // UTF-8 with a BOM, so Excel reads Chinese names as UTF-8.
    expect([...new Uint8Array(await csv.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('refuses actions out of turn and of another key; a refusal moves nothing', async () => {
    const lockstep = await createContest(s.url, key, payload({ pacing: 'lockstep' }));
    const own = await createContest(s.url, key, payload({ pacing: 'own-pace' }));
    const stageOf = async (code: string) => dataOf<ContestResult>(await call(s.url, 'GET', `/api/contests/${code}`, { key })).contest.stage;
    const act = (code: string, body: unknown, k: string | null = key) => call(s.url, 'POST', `/api/contests/${code}/control`, { key: k, json: body });

    expect(refusalOf(await act(lockstep.code, { action: 'start' }, otherKey))).toMatchObject({ status: 403, code: 'not_owner' });
    expect(refusalOf(await act(lockstep.code, { action: 'start' }, null))).toMatchObject({ status: 401, code: 'key_required' });
    for (const body of [{ action: 'restart' }, {}, { action: 1 }, 'start']) {
      expect(refusalOf(await act(lockstep.code, body))).toMatchObject({ status: 400, code: 'invalid_payload' });
    }
    expect(refusalOf(await act(lockstep.code, { action: 'next' }))).toMatchObject({ status: 409, code: 'contest_wrong_state' });
    expect(refusalOf(await act(lockstep.code, { action: 'close' }))).toMatchObject({ status: 409, code: 'contest_wrong_state' });
    expect(await stageOf(lockstep.code)).toEqual({ stage: 'lobby' });
    const started = await control(s.url, key, lockstep.code, 'start');
    expect(started.stage).toMatchObject({ stage: 'question', index: 0 });
    expect(refusalOf(await act(lockstep.code, { action: 'start' }))).toMatchObject({ status: 409, code: 'contest_wrong_state' });
    // Every room must close the question before the next: here none has even opened.
    expect(refusalOf(await act(lockstep.code, { action: 'next' }))).toMatchObject({ status: 409, code: 'contest_wrong_state' });
    expect(await stageOf(lockstep.code)).toEqual(started.stage);

    // Own pace: the organizer only ends it.
    for (const action of ['start', 'close', 'next']) {
      expect(refusalOf(await act(own.code, { action }))).toMatchObject({ status: 409, code: 'contest_wrong_state' });
    }
    expect(await stageOf(own.code)).toEqual({ stage: 'lobby' });
    expect((await control(s.url, key, own.code, 'end')).stage).toMatchObject({ stage: 'ended' });
    expect(refusalOf(await act(own.code, { action: 'end' }))).toMatchObject({ status: 409, code: 'contest_ended' });
    expect(refusalOf(await act('ZZZZZZ', { action: 'end' }))).toMatchObject({ status: 404, code: 'contest_not_found' });
  });

  it('opens one live room per room key, in its own contest only; refuses unknown keys and ended contests', async () => {
    const a = await createContest(s.url, key, payload({ title: 'Contest A' }));
    const teacher = await TestClient.connect(s.url);
    clients.push(teacher);
    const refusal = async (body: unknown) => {
      const answer = (await teacher.raw('room:create', [body])) as { ok: boolean; error?: { code: string; message: string } };
      expect(answer.ok).toBe(false);
      return answer.error!;
    };
    expect(await refusal({ config: {}, contest: { roomKey: `rk_${'x'.repeat(32)}` } })).toMatchObject({ code: 'unknown_room_key' });
    expect(await refusal({ config: {}, contest: { roomKey: 'nonsense' } })).toMatchObject({ code: 'unknown_room_key' });
    expect(await refusal({ config: {}, contest: {} })).toMatchObject({ code: 'invalid_payload' });
    expect(await refusal({ config: {}, contest: { roomKey: a.rooms[0]!.roomKey }, setId: 'builtin:one-neuron:en' })).toMatchObject({ code: 'invalid_payload' });

    // The room plays the contest's set and settings, whatever the teacher's screen sent; only the capacity is the teacher's.
    const host = await TestClient.connect(s.url);
    clients.push(host);
    const created = await host.ok('room:create', { config: { title: 'Mine', timeLimitSec: 5, capacity: 30, questionCount: 2 }, contest: { roomKey: a.rooms[0]!.roomKey } });
    expect(created.snapshot.room).toMatchObject({ title: 'Contest A', questionCount: 3, timeLimitMs: 60_000, capacity: 30, set: { id: setId } });
    expect(created.snapshot.room.contest).toEqual({ code: a.code, title: 'Contest A', label: 'Class 8-1', pacing: 'own-pace' });

    const again = await refusal({ config: {}, contest: { roomKey: a.rooms[0]!.roomKey } });
    expect(again.code).toBe('contest_room_open');
    expect(again.message).toContain(created.code);
    expect(dataOf<ContestRoomKeyResult>(await call(s.url, 'GET', `/api/contest-rooms/${a.rooms[0]!.roomKey}`)).openRoom).toBe(created.code);
    const view = dataOf<ContestResult>(await call(s.url, 'GET', `/api/contests/${a.code}`, { key })).contest;
    expect(view.rooms[0]!.room).toMatchObject({ code: created.code });

    // The other slot's key opens its own room of the same contest; an ended contest opens none.
    const second = await openRoom(s.url, a.rooms[1]!.roomKey, 'Class 8-2', []);
    expect((await second.host.ok('room:sync', {})).room.contest).toMatchObject({ code: a.code, label: 'Class 8-2' });
    closeRoom(second);
    const b = await createContest(s.url, otherKey, { ...payload({ title: 'Contest B' }), setId: otherSetId });
    await control(s.url, otherKey, b.code, 'end');
    expect(await refusal({ config: {}, contest: { roomKey: b.rooms[0]!.roomKey } })).toMatchObject({ code: 'contest_ended' });
    expect(dataOf<ContestResult>(await call(s.url, 'GET', `/api/contests/${b.code}`, { key: otherKey })).contest.rooms[0]!.room).toBeNull();
  });

  it('gives two teachers opening one room key at once one room: the other is refused and its room closed', async () => {
    const contest = await createContest(s.url, key, payload({ title: 'Race' }));
    const teachers = [await TestClient.connect(s.url), await TestClient.connect(s.url)];
    clients.push(...teachers);
    const answers = (await Promise.all(teachers.map((t) => t.raw('room:create', [{ config: {}, contest: { roomKey: contest.rooms[0]!.roomKey } }])))) as {
      ok: boolean;
      data?: { code: string };
      error?: { code: string; message: string };
    }[];
    const won = answers.filter((a) => a.ok);
    expect(won).toHaveLength(1);
    const lost = answers.find((a) => !a.ok)!;
    expect(lost.error!.code).toBe('contest_room_open');
    expect(lost.error!.message).toContain(won[0]!.data!.code);
    const live = s.server.application.registry
      .all()
      .filter((room) => room.current.contest?.code === contest.code && room.current.phase.phase !== 'ended')
      .map((room) => room.code);
    expect(live).toEqual([won[0]!.data!.code]);
    expect(dataOf<ContestRoomKeyResult>(await call(s.url, 'GET', `/api/contest-rooms/${contest.rooms[0]!.roomKey}`)).openRoom).toBe(won[0]!.data!.code);
  });

  it('frees the slot of a room gone without its end being seen: the key opens again, a lockstep question is not held up', async () => {
    const contest = await createContest(s.url, key, payload({ title: 'Gone', pacing: 'lockstep', timeLimitSec: null }));
    const [a, b] = [await openRoom(s.url, contest.rooms[0]!.roomKey, 'Class 8-1', ['Ada']), await openRoom(s.url, contest.rooms[1]!.roomKey, 'Class 8-2', ['Bo'])];
    await control(s.url, key, contest.code, 'start');
    await s.turn();
    await a.players[0]!.waitFor('room:phase', (v) => v.phase === 'question');
    // Room b's process is gone (as if it died after the room ended): nothing of it runs any more.
    s.server.application.registry.get(b.code)!.dispose();
    await a.players[0]!.ok('answer:submit', { questionId: 'q1', answer: 'a' });
    await a.host.waitFor('room:phase', (v) => v.phase === 'question' && v.held === true);
    await s.turn();
    await s.turn();
    await a.host.waitFor('room:phase', (v) => v.phase === 'reveal' && v.questionId === 'q1');
    const view = dataOf<ContestResult>(await call(s.url, 'GET', `/api/contests/${contest.code}`, { key })).contest;
    expect(view.stage).toEqual({ stage: 'reveal', index: 0 });
    expect(dataOf<ContestRoomKeyResult>(await call(s.url, 'GET', `/api/contest-rooms/${contest.rooms[1]!.roomKey}`)).openRoom).toBeNull();
    const again = await openRoom(s.url, contest.rooms[1]!.roomKey, 'Class 8-2', []);
    expect(again.code).not.toBe(b.code);
    for (const r of [a, b, again]) closeRoom(r);
  });

  it('holds a key to its contest limit', async () => {
    const k = await newKey(s.url);
    const own = await storedSetId(s.url, k);
    for (let i = 0; i < 12; i++) await createContest(s.url, k, { ...payload(), setId: own });
    expect(refusalOf(await call(s.url, 'POST', '/api/contests', { key: k, json: { ...payload(), setId: own } }))).toMatchObject({ status: 403, code: 'too_many_contests' });
    expect(await list(k)).toHaveLength(12);
  });
});

describe('the contest API rate limits', () => {
  it('refuses an address past its writes per minute, with Retry-After', async () => {
    const s = await startContestServer({ contestLimits: { writesPerMinute: 2 } });
    try {
      const key = await newKey(s.url);
      const body = { title: 'T', setId: 'builtin:one-neuron:en', rooms: [{ label: 'A' }], ranking: 'players' as const };
      await createContest(s.url, key, body);
      await createContest(s.url, key, body);
      const limited = await call(s.url, 'POST', '/api/contests', { key, json: body });
      expect(refusalOf(limited)).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await dataOf<ContestListResult>(await call(s.url, 'GET', '/api/contests', { key })).contests).toHaveLength(2);
    } finally {
      await s.close();
      removeDir(s.dataDir);
    }
  });
});
