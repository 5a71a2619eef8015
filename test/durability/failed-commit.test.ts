/**
 * A commit that fails, over real sockets and a real SQLite file: a room's writes of one turn are
 * committed together (SqliteStore.later), so a failure refuses every request of that turn. The
 * refused answer is not acknowledged, the room runs on from what its store holds (every
 * acknowledged answer, none of the refused), every connection gets a full snapshot, and the
 * answer sent again counts once. The failure is SQLite's own: a trigger aborts the insert, as a
 * full disk would.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlayerSnapshot, QuestionView, RoomReport } from '../../shared/protocol/index.ts';
import { RoomStore } from '../../server/store/room-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { FakeClock, silentLogger } from '../room/support.ts';
import { type TestServer, TestClient, startServer } from '../server/support.ts';

describe('a commit that fails', () => {
  let server: TestServer | null = null;
  const clients: TestClient[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-failed-commit-'));

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await server?.close();
    server = null;
  });

  async function client() {
    const c = await TestClient.connect(server!.url);
    clients.push(c);
    return c;
  }

  it('refuses the answers it could not save; the room runs on from its store, and the answer sent again counts once', async () => {
    const sqlite = new SqliteStore({ dataDir });
    server = await startServer({ clock: new FakeClock(), seedSource: () => 4242, store: new RoomStore(sqlite, silentLogger) });
    const host = await client();
    const created = await host.ok('room:create', { config: { kinds: ['chain-gradient'], questionCount: 1, timeLimitSec: 60 } });
    const [ada, bo, cy] = [await client(), await client(), await client()];
    for (const [phone, nickname] of [
      [ada, 'Ada'],
      [bo, 'Bo'],
      [cy, 'Cy'],
    ] as const) {
      await phone!.ok('room:join', { code: created.code, nickname });
    }
    await host.ok('game:start', {});
    const question = (await ada!.waitFor('room:phase', (p) => p.phase === 'question')) as QuestionView;
    await ada!.ok('answer:submit', { questionId: question.questionId, answer: '1' });

    sqlite.database.exec(`CREATE TRIGGER refuse BEFORE INSERT ON room_events BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const boResync = bo!.next('room:snapshot');
    const hostResync = host.next('room:snapshot');
    expect(await bo!.call('answer:submit', { questionId: question.questionId, answer: '2' })).toMatchObject({ ok: false, error: { code: 'server_restarting' } });
    sqlite.database.exec('DROP TRIGGER refuse');

    // Every connection is handed the room as the store holds it: Ada's answer in, Bo's not.
    const boSnapshot = (await boResync) as PlayerSnapshot;
    await hostResync;
    expect(boSnapshot.phase).toMatchObject({ phase: 'question', questionId: question.questionId });
    expect(boSnapshot.me.answer).toBeNull();
    const adaNow = (await ada!.ok('room:sync', {})) as PlayerSnapshot;
    expect(adaNow.me.answer).toMatchObject({ questionId: question.questionId, steps: ['1'], complete: true });

    await bo!.ok('answer:submit', { questionId: question.questionId, answer: '2' });
    expect(await ada!.call('answer:submit', { questionId: question.questionId, answer: '3' })).toMatchObject({ ok: false, error: { code: 'already_answered' } });
    await cy!.ok('answer:submit', { questionId: question.questionId, answer: '4' });
    await host.waitFor('room:phase', (p) => p.phase === 'reveal');

    const response = await fetch(`${server.url}/api/rooms/${created.code}/report.json`, { headers: { Authorization: `Bearer ${created.hostToken}` } });
    const { data: report } = (await response.json()) as { data: RoomReport };
    expect(report.players.map((p) => [p.name, p.answers.map((a) => a.answer)]).sort()).toEqual([
      ['Ada', ['1']],
      ['Bo', ['2']],
      ['Cy', ['4']],
    ]);
    // And the file, read by another process, holds the same.
    await server.close();
    server = null;
    const reopened = new RoomStore(new SqliteStore({ dataDir }), silentLogger);
    const saved = reopened.load(created.code)!;
    expect(Object.values(saved.questions[0]!.submissions).map((s) => s.steps[0]!.raw).sort()).toEqual(['1', '2', '4']);
    reopened.close();
  });
});
