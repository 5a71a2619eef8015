/**
 * Reports: a game played over real sockets, with names and answers that break naive CSV
 * (commas, quotes, line breaks, Chinese, formula-looking text), downloaded as JSON and CSV by
 * its host only; the CSV parses back and agrees with the final standings; finished games are
 * listed for their host, survive a restart and go after the retention time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Problem, deriveSeed, generateProblem, gradeAnswer } from '../../shared/engine/index.ts';
import type { RoomListResult, RoomReport, StandingsView } from '../../shared/protocol/index.ts';
import { guardCell, questionsCsv, teamsCsv } from '../../server/report/report-csv.ts';
import { buildReport } from '../../server/report/room-report.ts';
import type { RoomState } from '../../server/room/room-state.ts';
import { answerKey } from '../../server/room/view.ts';
import { RoomStore } from '../../server/store/room-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { FakeClock, createTestRoom, silentLogger } from '../room/support.ts';
import { TEST_CONFIG, type TestServer, TestClient, startServer } from '../server/support.ts';

const SEED = 2024;
const DAY = 24 * 3600_000;
const NAMES = ['Lee, Jr.', 'Quote "Q"', '张三', '=HYPERLINK("x")'];
/** Answers the first question, then leaves. */
const LEAVER = 'Leaver';

/** A value the engine names as a classic mistake. */
function misconceptionAnswer(problem: Problem): string {
  for (const m of problem.misconceptions) {
    if (typeof m.value === 'number' && gradeAnswer(problem, String(m.value)).diagnosis === m.key) return String(m.value);
  }
  throw new Error('no diagnosable mistake');
}

function openStore(dir: string): RoomStore {
  return new RoomStore(new SqliteStore({ dataDir: dir }), silentLogger);
}

describe('reports', () => {
  let dir: string;
  let server: TestServer;
  const clock = new FakeClock();
  let code: string;
  let hostToken: string;
  let playerToken: string;
  let final: StandingsView;
  const typed = new Map<string, string>();

  const get = (url: string, token?: string) => fetch(`${server.url}${url}`, { headers: token === undefined ? {} : { Authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-reports-'));
    server = await startServer({ clock, seedSource: () => SEED, store: openStore(dir), endedLingerMs: 1000 });
    const host = await TestClient.connect(server.url);
    const created = await host.ok('room:create', {
      config: {
        title: '第三节课, "B"',
        kinds: ['chain-gradient', 'update'],
        questionCount: 2,
        timeLimitSec: 20,
        streakBonus: true,
        teams: { count: 2, assignment: 'self', names: ['红队, 一', 'Team "Blue"'] },
        lang: 'zh-CN',
      },
    });
    code = created.code;
    hostToken = created.hostToken;
    const players = [];
    for (const [k, nickname] of NAMES.entries()) {
      const client = await TestClient.connect(server.url);
      const joined = await client.ok('room:join', { code, nickname, teamId: k % 2 === 0 ? 't1' : 't2' });
      if (k === 0) playerToken = joined.token;
      players.push(client);
    }
    const leaver = await TestClient.connect(server.url);
    await leaver.ok('room:join', { code, nickname: LEAVER, teamId: 't2' });
    await host.ok('game:start', {});
    const q1 = generateProblem({ kind: 'chain-gradient', seed: deriveSeed(SEED, 0), difficulty: 1 });
    const q1Answers = [String(q1.answer), '0.5\n1', '-2.7×10⁻²', misconceptionAnswer(q1)];
    for (const [k, p] of players.entries()) {
      clock.advance(2000);
      await p.ok('answer:submit', { questionId: 'q1', answer: q1Answers[k]! });
      typed.set(`${NAMES[k]}|q1`, q1Answers[k]!);
    }
    await leaver.ok('answer:submit', { questionId: 'q1', answer: String(q1.answer) });
    typed.set(`${LEAVER}|q1`, String(q1.answer));
    await host.waitFor('room:phase', (p) => p.phase === 'reveal');
    await leaver.ok('room:leave', {});
    leaver.close();
    await host.ok('game:next', { from: 'reveal' });
    await host.ok('game:next', { from: 'leaderboard' });
    const q2 = generateProblem({ kind: 'update', seed: deriveSeed(SEED, 1), difficulty: 1 });
    clock.advance(5000);
    await players[0]!.ok('answer:submit', { questionId: 'q2', answer: String(q2.answer) });
    await players[2]!.ok('answer:submit', { questionId: 'q2', answer: String(q2.answer) });
    typed.set(`${NAMES[0]}|q2`, String(q2.answer));
    typed.set(`${NAMES[2]}|q2`, String(q2.answer));
    clock.advance(20_000);
    await host.waitFor('room:phase', (p) => p.phase === 'reveal' && p.questionId === 'q2');
    await host.ok('game:next', { from: 'reveal' });
    await host.ok('game:next', { from: 'leaderboard' });
    final = await host.waitFor('room:standings', (s) => s.final);
    for (const c of [host, ...players]) c.close();
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('are for the host only, with the token in the Authorization header', async () => {
    const none = await get(`/api/rooms/${code}/report.csv`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await none.json()).toMatchObject({ ok: false, error: { code: 'invalid_token' } });
    // A token in the URL is not a credential.
    expect((await get(`/api/rooms/${code}/report.csv?token=${encodeURIComponent(hostToken)}`)).status).toBe(401);
    for (const file of ['report.json', 'report.csv', 'questions.csv', 'teams.csv']) {
      const player = await get(`/api/rooms/${code}/${file}`, playerToken);
      expect(player.status, file).toBe(403);
      expect(await player.json()).toMatchObject({ ok: false, error: { code: 'not_host' } });
    }
    expect((await get(`/api/rooms/${code}/report.csv`, `${code}.${'A'.repeat(43)}`)).status).toBe(403);
    expect((await get('/api/rooms/ZZZZZZ/report.csv', hostToken)).status).toBe(404);
    expect((await get(`/api/rooms/${code}/secrets.csv`, hostToken)).status).toBe(404);
  });

  it('gives every player, question and team as JSON', async () => {
    const res = await get(`/api/rooms/${code}/report.json`, hostToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { data: report } = (await res.json()) as { data: RoomReport };
    expect(report.room).toMatchObject({ code, title: '第三节课, "B"', phase: 'podium', live: true, scoredQuestions: 2, lang: 'zh-CN' });
    expect(report.players.filter((p) => p.departed === null).map((p) => [p.name, p.score])).toEqual(final.players.map((p) => [p.name, p.score]));
    const lee = report.players.find((p) => p.name === 'Lee, Jr.')!;
    expect(lee).toMatchObject({ team: '红队, 一', correct: 2, asked: 2, accuracy: 1 });
    // 18 s of 20 left: 1000 + 450; then 15 s of 20 left and a streak of 2: 1000 + 375 + 100.
    expect(lee.answers.map((a) => [a.status, a.seconds, a.points])).toEqual([
      ['correct', 2, 1450],
      ['correct', 5, 1475],
    ]);
    const mistaken = report.players.find((p) => p.name === '=HYPERLINK("x")')!;
    expect(mistaken.answers[0]!.diagnoses.length).toBe(1);
    const [q1, q2] = report.questions;
    // Everyone scored when it closed, the player who left since included.
    expect(q1).toMatchObject({ kind: 'chain-gradient', players: 5, answered: 5, correct: 2, accuracy: 0.4, void: false, closedBy: 'all-answered' });
    const left = report.players.at(-1)!;
    expect(left).toMatchObject({ name: LEAVER, departed: 'left', rank: null, team: 'Team "Blue"', correct: 1, asked: 1 });
    expect(left.answers.map((a) => a.status)).toEqual(['correct', null]);
    expect(report.players.filter((p) => p.departed === null).map((p) => p.rank)).toEqual(final.players.map((p) => p.rank));
    expect(q1!.problemText).toContain('计算');
    expect(q1!.misconceptions).toEqual([expect.objectContaining({ key: mistaken.answers[0]!.diagnoses[0], count: 1 })]);
    expect(q1!.distribution.reduce((n, d) => n + d.count, 0)).toBe(5);
    expect(q2).toMatchObject({ kind: 'update', answered: 2, correct: 2, closedBy: 'deadline', byStatus: { none: 2, correct: 2 } });
    expect(report.teams!.map((t) => t.name).sort()).toEqual(['Team "Blue"', '红队, 一']);
  });

  it('gives a per-player CSV that Excel opens as UTF-8 and that parses back to the final scores', async () => {
    const res = await get(`/api/rooms/${code}/report.csv`, hostToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="backprop-arena-${code}-players.csv"`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    // Every record ends with CRLF; the one bare line break is inside a quoted answer.
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/"[^"]*(?:""[^"]*)*"/g, '').match(/\n/g)!.length).toBe(text.replace(/"[^"]*(?:""[^"]*)*"/g, '').match(/\r\n/g)!.length);
    const records = parse(text, { bom: true }) as string[][];
    const [header, ...rows] = records;
    expect(header!.slice(0, 3)).toEqual(['排名', '昵称', '队伍']);
    expect(header).toContain('Q1 答案');
    expect(header!.slice(-5)).toEqual(['总分', '答对题数', '计分题数', '正确率（%）', '备注']);
    expect(rows).toHaveLength(5);
    const byName = new Map(rows.map((r) => [r[1]!.replace(/^'/, ''), r]));
    expect([...byName.keys()].sort()).toEqual([...NAMES, LEAVER].sort());
    expect(byName.get(LEAVER)!.at(-1)).toBe('已离开');
    expect(byName.get(LEAVER)![0]).toBe('');
    // The formula-looking name is defused; the others are exactly as shown in the room.
    expect(rows.some((r) => r[1] === `'=HYPERLINK("x")`)).toBe(true);
    for (const p of final.players) expect(Number(byName.get(p.name)![header!.indexOf('总分')])).toBe(p.score);
    const answerColumn = header!.indexOf('Q1 答案');
    for (const name of [...NAMES, LEAVER]) {
      const cell = byName.get(name)![answerColumn]!;
      expect(cell).toBe(guardCell(typed.get(`${name}|q1`)!));
    }
    expect(byName.get('Quote "Q"')![answerColumn]).toBe('0.5\n1');
    expect(byName.get('张三')![answerColumn]).toBe("'-2.7×10⁻²");
    expect(byName.get('Lee, Jr.')![header!.indexOf('Q1 结果')]).toBe('正确');
    expect(byName.get('Quote "Q"')![header!.indexOf('Q2 结果')]).toBe('未作答');
    expect(byName.get('Lee, Jr.')![header!.indexOf('正确率（%）')]).toBe('100');
    expect(byName.get('=HYPERLINK("x")')![header!.indexOf('Q1 错因')]).not.toBe('');
  });

  it('gives per-question and per-team CSVs', async () => {
    const questions = parse(await (await get(`/api/rooms/${code}/questions.csv`, hostToken)).text(), { bom: true }) as string[][];
    expect(questions[0]!.slice(0, 5)).toEqual(['题号', '题型', '难度', '题目', '正确答案']);
    expect(questions.slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['Q1', 'chain-gradient'],
      ['Q2', 'update'],
    ]);
    expect(questions[1]![questions[0]!.indexOf('正确率（%）')]).toBe('40');
    expect(questions[1]![questions[0]!.indexOf('常见错误')]).toMatch(/× 1$/);
    const teams = parse(await (await get(`/api/rooms/${code}/teams.csv`, hostToken)).text(), { bom: true }) as string[][];
    expect(teams[0]).toEqual(['排名', '队伍', '队伍得分', '人数', '成员']);
    const red = teams.find((r) => r[1] === '红队, 一')!;
    const members = final.players.filter((p) => p.teamId === 't1');
    expect(Number(red[2])).toBe(Math.round(members.reduce((n, p) => n + p.score, 0) / members.length));
    expect(red[4]).toContain('Lee, Jr.');
  });

  it('writes the problem and the diagnoses as readable text, and guards only cells that need it', async () => {
    const questions = parse(await (await get(`/api/rooms/${code}/questions.csv`, hostToken)).text(), { bom: true }) as string[][];
    const column = (name: string) => questions[0]!.indexOf(name);
    for (const row of questions.slice(1)) {
      expect(row[column('题目')]).not.toMatch(/[\\$]/);
      expect(row[column('题目')]).toContain('·');
      // A distribution like "−0.0123 (正确) × 2" is no formula: it is written with a real minus, unguarded.
      expect(row[column('答案分布')]).not.toMatch(/^'/);
    }
    expect(questions[1]![column('常见错误')]).not.toMatch(/[\\$]/);
    // The update's accepted range as the reveal shows it: inside what the grader accepts, with its step.
    const update = generateProblem({ kind: 'update', seed: deriveSeed(SEED, 1), difficulty: 1 });
    if (update.grading.type !== 'numeric') throw new Error('numeric');
    const range = questions[2]![column('可接受范围')]!;
    const [lo, hi] = (range.replace(/−/g, '-').match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
    expect(lo!, range).toBeGreaterThanOrEqual(update.grading.lo);
    expect(hi!, range).toBeLessThanOrEqual(update.grading.hi);
    expect(range).toContain('步长');
    const players = parse(await (await get(`/api/rooms/${code}/report.csv`, hostToken)).text(), { bom: true }) as string[][];
    for (const row of players.slice(1)) for (const cell of row) expect(cell).not.toMatch(/\$.*\\/);
    const { data: report } = (await (await get(`/api/rooms/${code}/report.json`, hostToken)).json()) as { data: RoomReport };
    const english = parse(teamsCsv({ ...report, room: { ...report.room, lang: 'en' } }), { bom: true }) as string[][];
    expect(new Set(english[0]).size, english[0]!.join(' | ')).toBe(english[0]!.length);
  });

  it('lists the host’s rooms, and keeps a finished game’s report across a restart until the retention time', async () => {
    const host = await TestClient.connect(server.url, { token: hostToken });
    await host.waitFor('room:snapshot');
    await host.ok('room:close', {});
    host.close();
    clock.advance(2000);
    expect(server.application.registry.get(code)).toBeUndefined();

    const list = await get('/api/rooms', hostToken);
    const rooms = ((await list.json()) as { data: RoomListResult }).data.rooms;
    expect(rooms).toEqual([expect.objectContaining({ code, phase: 'ended', live: false, players: 4, finishedAt: clock.now() - 2000 })]);
    expect(rooms[0]!.reports.players).toBe(`/api/rooms/${code}/report.csv`);
    expect((await get('/api/rooms', playerToken)).status).toBe(200);
    expect(((await (await get('/api/rooms', playerToken)).json()) as { data: RoomListResult }).data.rooms).toEqual([]);
    expect((await get('/api/rooms')).status).toBe(401);
    const lookup = await fetch(`${server.url}/api/rooms/lookup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ hostTokens: [hostToken, 'not-a-token', playerToken] }),
    });
    expect(((await lookup.json()) as { data: RoomListResult }).data.rooms.map((r) => r.code)).toEqual([code]);
    for (const body of ['{"hostTokens":[]}', '{not json', JSON.stringify({ hostTokens: ['x'.repeat(40_000)] })]) {
      const refused = await fetch(`${server.url}/api/rooms/lookup`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      expect(refused.status, body.slice(0, 20)).toBe(400);
      expect(await refused.json()).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }

    // From the store now, also on the next server.
    const stored = await get(`/api/rooms/${code}/report.json`, hostToken);
    expect(((await stored.json()) as { data: RoomReport }).data.room).toMatchObject({ phase: 'ended', live: false });
    await server.close();
    server = await startServer({ clock, seedSource: () => SEED, store: openStore(dir) });
    const again = parse(await (await get(`/api/rooms/${code}/report.csv`, hostToken)).text(), { bom: true }) as string[][];
    expect(again.slice(1, 5).map((r) => Number(r.at(-5)))).toEqual(final.players.map((p) => p.score));

    // 91 days later a restarted server purges it.
    await server.close();
    clock.advance(91 * DAY);
    server = await startServer({ clock, seedSource: () => SEED, store: openStore(dir) });
    expect((await get(`/api/rooms/${code}/report.csv`, hostToken)).status).toBe(404);
  });
});

describe('the HTTP API', () => {
  it('limits requests per address, with a Retry-After', async () => {
    const server = await startServer({ config: { ...TEST_CONFIG, reportsPerMinute: 3 } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(`${server.url}/api/rooms/ABCDEF/report.csv`, { headers: { Authorization: 'Bearer x' } })).status);
      expect(statuses).toEqual([404, 404, 404, 429, 429]);
      const limited = await fetch(`${server.url}/api/rooms`);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await limited.json()).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    } finally {
      await server.close();
    }
  });
});

describe('a game with per-team variants', () => {
  it('shows each team its own answer key', () => {
    const { room, host, join } = createTestRoom({ kinds: ['update'], questionCount: 1, timeLimitSec: null, teams: { count: 2, variants: true }, lang: 'en' });
    join('Ada');
    join('Bo');
    host.send({ type: 'game:start' });
    host.send({ type: 'question:end', questionId: 'q1' });
    const report = buildReport(room.current as RoomState, { live: true, finishedAt: null, now: 0 });
    const variants = room.current.questions[0]!.variants!;
    expect(report.questions[0]!.variantAnswers).toEqual([
      { teamId: 't1', answer: answerKey(variants.t1!) },
      { teamId: 't2', answer: answerKey(variants.t2!) },
    ]);
    const rows = parse(questionsCsv(report), { bom: true }) as string[][];
    expect(rows[1]![rows[0]!.indexOf('Answer')]).toBe(`Red: ${answerKey(variants.t1!).display}, Blue: ${answerKey(variants.t2!).display}`);
    room.dispose();
  });
});

describe('a game of networks that branch', () => {
  it('writes each question, its answer and the mistakes made in plain text, the path shares named as products', () => {
    const { room, host, join } = createTestRoom({ mode: 'chain-steps', kinds: ['branch-steps'], questionCount: 1, timeLimitSec: null, lang: 'en' });
    const ada = join('Ada');
    host.send({ type: 'game:start' });
    const problem = room.current.questions[0]!.problem;
    const steps = problem.steps!;
    // Ada multiplies the two shares where the paths meet.
    steps.forEach((step, i) => {
      const last = i === steps.length - 1;
      const value = last ? steps[i - 2]!.answer * steps[i - 1]!.answer : step.answer;
      ada.send({ type: 'answer:submit', questionId: 'q1', answer: String(value), step: i });
    });
    const report = buildReport(room.current as RoomState, { live: true, finishedAt: null, now: 0 });
    const rows = parse(questionsCsv(report), { bom: true }) as string[][];
    const header = rows[0]!;
    const row = rows[1]!;
    expect(row[header.indexOf('Kind')]).toBe('branch-steps');
    // The network's set-up in Unicode, the skip connection included; no LaTeX left.
    const text = row.join(' ');
    expect(text).toContain('y = a₂ + a₁');
    expect(text).not.toMatch(/\\frac|\\cdot|\$/);
    expect(report.questions[0]!.misconceptions.map((m) => m.key)).toContain('multiplied-paths');
    room.dispose();
  });
});

describe('formula guard', () => {
  it('defuses cells a spreadsheet would run, and leaves plain numbers alone', () => {
    expect(guardCell('=1+2')).toBe("'=1+2");
    expect(guardCell('+cmd')).toBe("'+cmd");
    expect(guardCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(guardCell('\tx')).toBe("'\tx");
    expect(guardCell('-0.027')).toBe('-0.027');
    expect(guardCell('-2.7e-2')).toBe('-2.7e-2');
    expect(guardCell('+5')).toBe('+5');
    expect(guardCell('−0.027')).toBe('−0.027');
    expect(guardCell('-1+2')).toBe("'-1+2");
    expect(guardCell('张三')).toBe('张三');
  });
});
