/**
 * `room:create` naming its set by id: the server takes the snapshot from the library (or the built-in
 * sets), so a set far larger than one Socket.IO message plays; a stored set needs its owner's key.
 * Real server, real SQLite file, real sockets.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveSeed } from '../../shared/engine/index.ts';
import { ERROR_CODES, type QuestionView, type RevealView } from '../../shared/protocol/index.ts';
import type { SetResult } from '../../shared/protocol/sets.ts';
import { BUILT_IN_SETS, SET_LIMITS, type SetContentInput, problemForItem } from '../../shared/question-sets/index.ts';
import { MAX_MESSAGE_BYTES_LIMIT } from '../../server/config.ts';
import { RoomStore } from '../../server/store/room-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { silentLogger } from '../room/support.ts';
import { type TestServer, TestClient, startServer } from '../server/support.ts';
import { call, dataOf, newKey } from './set-http.ts';

const ROOM_SEED = 0x5e7_0002;

/** 50 choice items with long Chinese texts: a few hundred KB, far over one message. */
function largeSet(): SetContentInput {
  const long = (n: number) => `第 ${n} 题：${'为什么梯度的符号告诉我们 $w$ 应该变大还是变小？'.repeat(12)}`.slice(0, SET_LIMITS.questionLength);
  return {
    title: '很长的题组',
    lang: 'zh-CN',
    items: Array.from({ length: SET_LIMITS.items }, (_, i) => ({
      type: 'choice' as const,
      question: long(i + 1),
      choices: Array.from({ length: SET_LIMITS.maxChoices }, (_, c) => ({ text: `选项 ${c + 1}：${'梯度下降'.repeat(45)}`.slice(0, SET_LIMITS.choiceLength), correct: c === 0 })),
      explanation: '梯度为负时，损失随 $w$ 增大而减小，所以 $w$ 要变大。'.repeat(10).slice(0, SET_LIMITS.noteLength),
    })),
  };
}

describe('room:create with a set named by id', () => {
  let server: TestServer;
  let dataDir: string;
  const clients: TestClient[] = [];
  const connect = async () => {
    const client = await TestClient.connect(server.url);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-sets-by-id-'));
    server = await startServer({ seedSource: () => ROOM_SEED, store: new RoomStore(new SqliteStore({ dataDir }), silentLogger) });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('plays a stored set too large for one message, its snapshot taken at creation', async () => {
    const key = await newKey(server.url);
    const content = largeSet();
    expect(Buffer.byteLength(JSON.stringify(content))).toBeGreaterThan(10 * MAX_MESSAGE_BYTES_LIMIT);
    const stored = dataOf<SetResult>(await call(server.url, 'POST', '/api/sets', { key, json: content })).set;

    const host = await connect();
    const player = await connect();
    const created = await host.ok('room:create', { config: { mode: 'quiz', lang: 'zh-CN' }, setId: stored.id, teacherKey: key });
    expect(created.snapshot.room.set).toEqual({ id: stored.id, title: content.title });
    expect(created.snapshot.room.questionCount).toBe(SET_LIMITS.items);
    await player.ok('room:join', { code: created.code, nickname: 'Ada' });
    await host.ok('game:start', {});
    const q1 = (await player.waitFor('room:phase', (v) => v.phase === 'question' && v.questionId === 'q1')) as QuestionView;
    expect(q1.problem.kind).toBe('multiple-choice');

    // Deleted from the library mid-game: the room plays on from its snapshot.
    dataOf<SetResult>(await call(server.url, 'DELETE', `/api/sets/${stored.id}`, { key }));
    const problem = problemForItem(stored.items[0]!, { seed: deriveSeed(ROOM_SEED, 0) });
    await player.ok('answer:submit', { questionId: 'q1', answer: String(problem.answer) });
    const reveal = (await player.waitFor('room:phase', (v) => v.phase === 'reveal')) as RevealView;
    expect(reveal.answer.display).toBe('a');
    expect(reveal.answer.note).not.toBeNull();
  });

  it('plays a built-in set without a key', async () => {
    const builtIn = BUILT_IN_SETS.find((s) => s.lang === 'en')!;
    const host = await connect();
    const created = await host.ok('room:create', { config: { mode: 'quiz', lang: 'en' }, setId: builtIn.id! });
    expect(created.snapshot.room.set).toEqual({ id: builtIn.id, title: builtIn.title });
    expect(created.snapshot.room.questionCount).toBe(builtIn.items.length);
  });

  it('refuses a stored set without its key, with another key, deleted, in another mode, or sent twice — and makes no room', async () => {
    const key = await newKey(server.url);
    const other = await newKey(server.url);
    const stored = dataOf<SetResult>(await call(server.url, 'POST', '/api/sets', { key, json: { title: 'Mine', lang: 'en', items: [{ type: 'generated', kind: 'forward', difficulty: 1 }] } })).set;
    const gone = dataOf<SetResult>(await call(server.url, 'POST', '/api/sets', { key, json: { title: 'Gone', lang: 'en', items: [{ type: 'generated', kind: 'forward', difficulty: 1 }] } })).set;
    dataOf<SetResult>(await call(server.url, 'DELETE', `/api/sets/${gone.id}`, { key }));
    const host = await connect();
    const refusals: [object, string][] = [
      [{ setId: stored.id }, ERROR_CODES.UNKNOWN_KEY],
      [{ setId: stored.id, teacherKey: `tk_${'x'.repeat(43)}` }, ERROR_CODES.UNKNOWN_KEY],
      [{ setId: stored.id, teacherKey: other }, ERROR_CODES.SET_NOT_FOUND],
      [{ setId: gone.id, teacherKey: key }, ERROR_CODES.SET_NOT_FOUND],
      [{ setId: 'no-such-set', teacherKey: key }, ERROR_CODES.SET_NOT_FOUND],
      [{ setId: 'builtin:no-such:en' }, ERROR_CODES.UNKNOWN_KEY],
    ];
    for (const [extra, code] of refusals) {
      const answer = await host.call('room:create', { config: { mode: 'quiz' }, ...extra });
      expect(answer.ok ? null : answer.error.code, JSON.stringify(extra)).toBe(code);
    }
    const wrongMode = await host.call('room:create', { config: { mode: 'chain-steps' }, setId: stored.id, teacherKey: key });
    expect(wrongMode.ok ? null : wrongMode.error).toMatchObject({ code: ERROR_CODES.INVALID_PAYLOAD, message: expect.stringContaining('set') });
    const both = await host.call('room:create', { config: { mode: 'quiz', set: { ...stored, id: stored.id } }, setId: stored.id, teacherKey: key });
    expect(both.ok ? null : both.error.code).toBe(ERROR_CODES.INVALID_PAYLOAD);
    // None of these seated the host: it can still make a room.
    const fine = await host.ok('room:create', { config: { mode: 'quiz' }, setId: stored.id, teacherKey: key });
    expect(fine.snapshot.room.set).toEqual({ id: stored.id, title: 'Mine' });
  });
});
