/**
 * A set saved through the API and played by a room, then changed (and deleted) while the room plays
 * it: the room keeps the snapshot it was made with. Real server, real SQLite, real sockets; the
 * expected problems are the engine's for the set as it was when the room was made.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveSeed } from '../../shared/engine/index.ts';
import type { QuestionView, RevealView, RoomReport } from '../../shared/protocol/index.ts';
import type { SetResult, StoredSet } from '../../shared/protocol/sets.ts';
import { type SetContentInput, type SetSnapshotInput, problemForItem } from '../../shared/question-sets/index.ts';
import { RoomStore } from '../../server/store/room-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { FakeClock, silentLogger } from '../room/support.ts';
import { type TestServer, TestClient, startServer } from '../server/support.ts';
import { call, dataOf, newKey } from './set-http.ts';

const ROOM_SEED = 0x5e7_0001;

const AS_MADE: SetContentInput = {
  title: 'Period 3, as the room was made',
  lang: 'en',
  items: [
    { type: 'numeric', network: { x: 0.5, layers: [{ w: 0.4, b: 0.1, activation: 'sigmoid' }], loss: 'mse', target: 0.8, lr: 0.01 }, asks: ['dL/dw1'], note: 'p. 42' },
    { type: 'choice', question: 'Which way does $w$ move when $\\frac{dL}{dw} < 0$?', choices: [{ text: 'up', correct: true }, { text: 'down', correct: false }] },
  ],
};
const EDITED: SetContentInput = {
  title: 'Period 4, edited while period 3 plays',
  lang: 'en',
  items: [
    { type: 'numeric', network: { x: -1.5, layers: [{ w: 0.9, b: -0.3, activation: 'tanh' }], loss: 'mse', target: 0.2, lr: 0.1 }, asks: ['dL/db1'], note: 'changed' },
    { type: 'choice', question: 'Changed question?', choices: [{ text: 'no', correct: false }, { text: 'yes', correct: true }, { text: 'maybe', correct: false }] },
  ],
};

/** What host set-up sends: the stored set's content and id. */
function snapshotOf(set: StoredSet): SetSnapshotInput {
  return { id: set.id, title: set.title, lang: set.lang, description: set.description, items: set.items };
}

describe('a set changed while a room plays it', () => {
  let server: TestServer;
  let dataDir: string;
  const clients: TestClient[] = [];
  const clock = new FakeClock();

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-sets-live-'));
    server = await startServer({ clock, seedSource: () => ROOM_SEED, store: new RoomStore(new SqliteStore({ dataDir }), silentLogger) });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('plays the set as it was when the room was made, to the report', async () => {
    const key = await newKey(server.url);
    const stored = dataOf<SetResult>(await call(server.url, 'POST', '/api/sets', { key, json: AS_MADE })).set;
    const loaded = dataOf<SetResult>(await call(server.url, 'GET', `/api/sets/${stored.id}`, { key })).set;

    const host = await TestClient.connect(server.url);
    const player = await TestClient.connect(server.url);
    clients.push(host, player);
    const { code, hostToken } = await host.ok('room:create', { config: { title: 'Period 3', mode: 'quiz', timeLimitSec: 60, lang: 'en', set: snapshotOf(loaded) } });
    await player.ok('room:join', { code, nickname: 'Ada' });
    await host.ok('game:start', {});
    const q1 = (await player.waitFor('room:phase', (v) => v.phase === 'question' && v.questionId === 'q1')) as QuestionView;

    // Mid-game the teacher saves another version of the set, then deletes it.
    const edited = dataOf<SetResult>(await call(server.url, 'PUT', `/api/sets/${stored.id}`, { key, json: { set: EDITED, revision: loaded.revision } })).set;
    expect(edited).toMatchObject({ title: EDITED.title, revision: 2 });

    const asMade = [0, 1].map((i) => problemForItem(loaded.items[i]!, { seed: deriveSeed(ROOM_SEED, i) }));
    expect(q1.problem.network).toEqual(asMade[0]!.network);
    await player.ok('answer:submit', { questionId: 'q1', answer: String(asMade[0]!.answer) });
    // Everyone answered: the question closes by itself.
    const reveal1 = (await host.waitFor('room:phase', (v) => v.phase === 'reveal' && v.questionId === 'q1')) as RevealView;
    expect(reveal1.answer.value).toBe(asMade[0]!.answer);

    await call(server.url, 'DELETE', `/api/sets/${stored.id}`, { key });
    await host.ok('game:next', { from: 'reveal' });
    await host.ok('game:next', { from: 'leaderboard' });
    const q2 = (await player.waitFor('room:phase', (v) => v.phase === 'question' && v.questionId === 'q2')) as QuestionView;
    expect(q2.problem).toEqual(expect.objectContaining({ kind: 'multiple-choice', choices: asMade[1]!.choices }));
    expect(q2.problem.choices).toHaveLength(2);

    const report = await fetch(`${server.url}/api/rooms/${code}/report.json`, { headers: { Authorization: `Bearer ${hostToken}` } });
    const body = (await report.json()) as { ok: true; data: RoomReport };
    expect(body.data.room.set).toEqual({ id: stored.id, title: AS_MADE.title });
  });
});
