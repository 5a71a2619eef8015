/**
 * A Chinese room's report CSVs, downloaded over HTTP after a game played over real sockets,
 * write Chinese punctuation wherever their words meet an ASCII mark: "1（错误）× 1", not
 * "1 (错误) × 1". Every cell of every file is checked (the players' own names aside: a
 * student may type anything).
 */
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { QuestionView } from '../../shared/protocol/index.ts';
import { asciiMarksAgainstChinese } from '../client/chinese-punctuation.ts';
import { FakeClock } from '../room/support.ts';
import { type TestServer, TestClient, startServer } from './support.ts';

describe('Chinese report CSVs', () => {
  let server: TestServer | null = null;
  const clients: TestClient[] = [];

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

  it('use Chinese punctuation next to Chinese words in every file', async () => {
    server = await startServer({ clock: new FakeClock(), seedSource: () => 31_415 });
    const host = await client();
    const created = await host.ok('room:create', { config: { lang: 'zh-CN', kinds: ['chain-gradient'], questionCount: 1, timeLimitSec: 30, teams: { count: 2 } } });
    const players = [await client(), await client()];
    await players[0]!.ok('room:join', { code: created.code, nickname: '小明' });
    await players[1]!.ok('room:join', { code: created.code, nickname: '小红' });
    await host.ok('game:start', {});
    const question = (await players[0]!.waitFor('room:phase', (p) => p.phase === 'question')) as QuestionView;
    await players[0]!.ok('answer:submit', { questionId: question.questionId, answer: '1' });
    await players[1]!.ok('answer:submit', { questionId: question.questionId, answer: '2' });
    await host.waitFor('room:phase', (p) => p.phase === 'reveal');

    const wrong: string[] = [];
    for (const file of ['report.csv', 'questions.csv', 'teams.csv']) {
      const response = await fetch(`${server.url}/api/rooms/${created.code}/${file}`, { headers: { Authorization: `Bearer ${created.hostToken}` } });
      expect(response.status).toBe(200);
      const rows = parse(await response.text(), { bom: true }) as string[][];
      expect(rows.length, file).toBeGreaterThan(1);
      for (const row of rows) {
        for (const cell of row) {
          const words = cell.replace(/小明|小红/g, 'name');
          for (const hit of asciiMarksAgainstChinese(words)) wrong.push(`${file}: ${hit}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
