/**
 * A restarted server loses no acknowledged answer. The server runs as `npm start` runs it
 * (the bundled server/main.ts in a child process, a SQLite file in a temporary DATA_DIR); half a game is
 * played over real sockets; the process is killed (SIGKILL: no graceful step at all) or
 * stopped (SIGTERM); a new process on the same DATA_DIR resumes the room; everyone comes
 * back with their tokens and finishes the game. Expected scores are computed here from the
 * scoring rules of docs/protocol.md (speed bonus off, streak bonus on).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluateNetwork } from '../../shared/engine/index.ts';
import type { HostSnapshot, PlayerSnapshot, QuestionView, RoomConfigInput, RoomSnapshot } from '../../shared/protocol/index.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { TestClient } from '../server/support.ts';
import { type ChildServer, startChildServer } from './child-server.ts';

let dataDir: string;
const servers: ChildServer[] = [];
const clients: TestClient[] = [];

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-restart-'));
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.stop('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(clockShiftMs = 0): Promise<ChildServer> {
  const server = await startChildServer(dataDir, {}, { clockShiftMs });
  servers.push(server);
  return server;
}

async function connect(url: string, token?: string): Promise<TestClient> {
  const client = await TestClient.connect(url, token === undefined ? {} : { token });
  clients.push(client);
  return client;
}

async function resume(url: string, token: string): Promise<{ client: TestClient; snapshot: RoomSnapshot }> {
  const client = await connect(url, token);
  return { client, snapshot: await client.waitFor('room:snapshot') };
}

/** The right answer, computed from the public problem alone (the network it shows). */
function rightAnswer(view: QuestionView): string {
  return String(evaluateNetwork(view.problem.network!)[view.problem.asks as keyof ReturnType<typeof evaluateNetwork>]);
}
const WRONG = '12345';

/** Scores as docs/protocol.md states them, with the speed bonus off and the streak bonus on. */
class Scorebook {
  readonly totals = new Map<string, number>();
  private readonly streaks = new Map<string, number>();
  record(name: string, correct: boolean): void {
    const streak = correct ? (this.streaks.get(name) ?? 0) + 1 : 0;
    this.streaks.set(name, streak);
    const points = correct ? 1000 + Math.min(500, 100 * (streak - 1)) : 0;
    this.totals.set(name, (this.totals.get(name) ?? 0) + points);
  }
}

const CONFIG = {
  title: '第三节课, "restart"',
  kinds: ['chain-gradient', 'update', 'local-derivative'],
  questionCount: 3,
  timeLimitSec: 600,
  speedBonus: false,
  streakBonus: true,
  teams: { count: 2 },
} satisfies RoomConfigInput;

describe('a server killed without warning (SIGKILL)', () => {
  it('comes back with every acknowledged answer and score; players reconnect with their tokens and finish the game', async () => {
    const first = await start();
    const host = await connect(first.url);
    const created = await host.ok('room:create', { config: CONFIG });
    const names = ['Ada', '小明', 'Bo, "the 2nd"'];
    const players = await Promise.all(names.map(async (nickname) => {
      const client = await connect(first.url);
      const joined = await client.ok('room:join', { code: created.code, nickname });
      return { name: nickname, client, token: joined.token, playerId: joined.playerId };
    }));
    const book = new Scorebook();

    // Question 1: everyone answers, so it closes at once.
    await host.ok('game:start', {});
    const q1 = (await players[0]!.client.waitFor('room:phase', (p) => p.phase === 'question')) as QuestionView;
    const q1Correct = [true, false, true];
    for (const [k, p] of players.entries()) {
      await p.client.ok('answer:submit', { questionId: q1.questionId, answer: q1Correct[k] ? rightAnswer(q1) : WRONG });
      book.record(p.name, q1Correct[k]!);
    }
    await host.waitFor('room:phase', (p) => p.phase === 'reveal');
    await host.ok('game:next', { from: 'reveal' });
    await host.ok('game:next', { from: 'leaderboard' });

    // Question 2: two of three answer (acknowledged), then the server dies.
    const q2 = (await players[0]!.client.waitFor('room:phase', (p) => p.phase === 'question' && p.index === 1)) as QuestionView;
    expect(await players[0]!.client.ok('answer:submit', { questionId: q2.questionId, answer: rightAnswer(q2) })).toMatchObject({ final: true });
    expect(await players[1]!.client.ok('answer:submit', { questionId: q2.questionId, answer: WRONG })).toMatchObject({ final: true });
    expect(await first.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    for (const c of clients.splice(0)) c.close();

    const second = await start();
    // Replayed from the reveal's checkpoint: the leaderboard, the question's opening and the two answers.
    expect(second.logs.some((line) => line.includes('"msg":"room resumed"') && line.includes('"replayed":4'))).toBe(true);
    const hostBack = await resume(second.url, created.hostToken);
    const hostSnapshot = hostBack.snapshot as HostSnapshot;
    expect(hostSnapshot.phase).toMatchObject({ phase: 'question', questionId: q2.questionId, paused: false });
    expect(hostSnapshot.room.title).toBe(CONFIG.title);
    const rows = new Map(hostSnapshot.roster.map((r) => [r.name, r]));
    expect(rows.get('Ada')).toMatchObject({ answered: true, score: book.totals.get('Ada'), connected: false });
    expect(rows.get('小明')).toMatchObject({ answered: true, score: book.totals.get('小明') });
    expect(rows.get('Bo, "the 2nd"')).toMatchObject({ answered: false, score: book.totals.get('Bo, "the 2nd"') });

    const back = [];
    for (const p of players) {
      const { client, snapshot } = await resume(second.url, p.token);
      const me = (snapshot as PlayerSnapshot).me;
      expect(me).toMatchObject({ playerId: p.playerId, name: p.name, score: book.totals.get(p.name), asked: 1 });
      back.push({ ...p, client, snapshot: snapshot as PlayerSnapshot });
    }
    // Each acknowledged answer is there, as typed; an answered question stays answered.
    expect(back[0]!.snapshot.me.answer).toEqual({ questionId: q2.questionId, steps: [rightAnswer(q2)], complete: true });
    expect(back[1]!.snapshot.me.answer).toEqual({ questionId: q2.questionId, steps: [WRONG], complete: true });
    expect(back[2]!.snapshot.me.answer).toBeNull();
    expect(await back[0]!.client.call('answer:submit', { questionId: q2.questionId, answer: WRONG })).toMatchObject({ ok: false, error: { code: 'already_answered' } });
    const remaining = (back[2]!.snapshot.phase as QuestionView).remainingMs!;
    expect(remaining).toBeLessThanOrEqual(600_000);
    expect(remaining).toBeGreaterThan(500_000);

    // The last player answers: everyone has, so question 2 closes; then question 3 and the podium.
    await back[2]!.client.ok('answer:submit', { questionId: q2.questionId, answer: rightAnswer(q2) });
    book.record('Ada', true);
    book.record('小明', false);
    book.record('Bo, "the 2nd"', true);
    const result = await back[0]!.client.waitFor('room:me', (m) => m.result?.questionId === q2.questionId);
    expect(result.result).toMatchObject({ status: 'correct', points: 1100 });
    await hostBack.client.ok('game:next', { from: 'reveal' });
    await hostBack.client.ok('game:next', { from: 'leaderboard' });
    const q3 = (await back[0]!.client.waitFor('room:phase', (p) => p.phase === 'question' && p.index === 2)) as QuestionView;
    for (const p of back) {
      await p.client.ok('answer:submit', { questionId: q3.questionId, answer: rightAnswer(q3) });
      book.record(p.name, true);
    }
    await hostBack.client.waitFor('room:phase', (p) => p.phase === 'reveal' && p.questionId === q3.questionId);
    await hostBack.client.ok('game:next', { from: 'reveal' });
    await hostBack.client.ok('game:next', { from: 'leaderboard' });
    const final = await hostBack.client.waitFor('room:standings', (s) => s.final);
    expect(Object.fromEntries(final.players.map((p) => [p.name, p.score]))).toEqual(Object.fromEntries(book.totals));
    expect(book.totals.get('Ada')).toBe(1000 + 1100 + 1200);

    // The report agrees, and survives the room's end.
    await hostBack.client.ok('room:close', {});
    const csv = await fetch(`${second.url}/api/rooms/${created.code}/report.csv`, { headers: { Authorization: `Bearer ${created.hostToken}` } });
    expect(csv.status).toBe(200);
    const records = parse(await csv.text(), { bom: true }) as string[][];
    const totalColumn = records[0]!.indexOf('总分');
    expect(Object.fromEntries(records.slice(1).map((r) => [r[1], Number(r[totalColumn])]))).toEqual(Object.fromEntries(book.totals));
    expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 90_000);
});

describe('a server stopped gracefully (SIGTERM)', () => {
  it('tells every connection it is restarting, saves the room, and the next server reveals a question whose time ran out meanwhile', async () => {
    const first = await start();
    const host = await connect(first.url);
    // A minute: far longer than the first server takes to stop, so the question is still open when it does.
    const created = await host.ok('room:create', { config: { kinds: ['update'], questionCount: 2, timeLimitSec: 60, speedBonus: false, lang: 'en' } });
    const ada = await connect(first.url);
    const adaJoin = await ada.ok('room:join', { code: created.code, nickname: 'Ada' });
    const bo = await connect(first.url);
    const boJoin = await bo.ok('room:join', { code: created.code, nickname: 'Bo' });
    await host.ok('game:start', {});
    const q1 = (await ada.waitFor('room:phase', (p) => p.phase === 'question')) as QuestionView;
    await ada.ok('answer:submit', { questionId: q1.questionId, answer: rightAnswer(q1) });

    const closed = [host, ada, bo].map((c) => new Promise<string>((resolve) => c.socket.once('disconnect', (reason) => resolve(reason))));
    const stopped = first.stop('SIGTERM');
    for (const c of [host, ada, bo]) expect(await c.waitFor('server:restarting')).toEqual({ retryAfterMs: 2000 });
    // A transport close, not a server-side disconnect: Socket.IO clients reconnect on their own.
    expect(await Promise.all(closed)).toEqual(['transport close', 'transport close', 'transport close']);
    expect(await stopped).toEqual({ code: 0, signal: null });
    expect(first.logs.some((line) => line.includes('"msg":"room suspended"'))).toBe(true);
    // The stop checkpointed the room: nothing is left to replay.
    const sqlite = new SqliteStore({ dataDir });
    const saved = sqlite.loadRoom(created.code)!;
    sqlite.close();
    expect(saved.events).toEqual([]);
    expect(saved.state).toMatchObject({ phase: { phase: 'question', index: 0 } });
    for (const c of clients.splice(0)) c.close();

    // The question's minute runs out while no server runs: the next one starts with its clock a minute on.
    const second = await start(60_000);
    const hostBack = await resume(second.url, created.hostToken);
    const phase = hostBack.snapshot.phase.phase === 'reveal' ? hostBack.snapshot.phase : await hostBack.client.waitFor('room:phase', (p) => p.phase === 'reveal');
    expect(phase).toMatchObject({ phase: 'reveal', questionId: q1.questionId, closedBy: 'deadline' });
    const adaBack = await resume(second.url, adaJoin.token);
    expect((adaBack.snapshot as PlayerSnapshot).me).toMatchObject({ name: 'Ada', score: 1000, result: { status: 'correct', points: 1000 } });
    const boBack = await resume(second.url, boJoin.token);
    expect((boBack.snapshot as PlayerSnapshot).me).toMatchObject({ name: 'Bo', score: 0, result: { status: 'none' } });

    // And the game goes on to its end.
    await hostBack.client.ok('game:next', { from: 'reveal' });
    await hostBack.client.ok('game:next', { from: 'leaderboard' });
    const q2 = (await adaBack.client.waitFor('room:phase', (p) => p.phase === 'question' && p.index === 1)) as QuestionView;
    await adaBack.client.ok('answer:submit', { questionId: q2.questionId, answer: WRONG });
    await boBack.client.ok('answer:submit', { questionId: q2.questionId, answer: rightAnswer(q2) });
    await hostBack.client.waitFor('room:phase', (p) => p.phase === 'reveal' && p.questionId === q2.questionId);
    await hostBack.client.ok('game:end', {});
    const final = await boBack.client.waitFor('room:standings', (s) => s.final);
    expect(final.players.map((p) => [p.name, p.score])).toEqual([
      ['Ada', 1000],
      ['Bo', 1000],
    ]);
    // A token from before the stop still cannot do what its seat may not.
    expect(await adaBack.client.call('game:pause', {})).toMatchObject({ ok: false, error: { code: 'not_host' } });
  }, 90_000);
});
