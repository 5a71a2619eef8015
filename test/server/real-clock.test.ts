/** The production clock and logger, end to end: a 1-second question closes on its own, and the logs stay clean. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveSeed, generateProblem } from '../../shared/engine/index.ts';
import type { QuestionView, RevealView } from '../../shared/protocol/index.ts';
import { createLogger } from '../../server/log.ts';
import { type TestServer, TestClient, startServer } from './support.ts';

describe('with the system clock and real logs', () => {
  let server: TestServer;
  const lines: string[] = [];

  beforeAll(async () => {
    const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
    server = await startServer({ logger, seedSource: () => 99 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('closes a timed question at its deadline, and no log line carries a token or an answer', async () => {
    const host = await TestClient.connect(server.url);
    const created = await host.ok('room:create', { config: { kinds: ['update'], questionCount: 1, timeLimitSec: 1 } });
    const ada = await TestClient.connect(server.url);
    const joined = await ada.ok('room:join', { code: created.code, nickname: 'Ada' });
    const bo = await TestClient.connect(server.url);
    await bo.ok('room:join', { code: created.code, nickname: 'Bo' });

    const started = Date.now();
    await host.ok('game:start', {});
    const question = (await ada.waitFor('room:phase', (p) => p.phase === 'question')) as QuestionView;
    expect(question.remainingMs).toBeGreaterThan(900);
    expect(question.remainingMs).toBeLessThanOrEqual(1000);
    const answer = String(generateProblem({ kind: 'update', seed: deriveSeed(99, 0), difficulty: 1 }).answer);
    await ada.ok('answer:submit', { questionId: question.questionId, answer });
    const reveal = (await ada.waitFor('room:phase', (p) => p.phase === 'reveal', 3000)) as RevealView;
    expect(reveal.closedBy).toBe('deadline');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect((await ada.waitFor('room:me', (m) => m.result !== null)).result!.status).toBe('correct');

    for (const c of [host, ada, bo]) c.close();
    const log = lines.join('');
    expect(log).toContain('room created');
    expect(log).toContain('player joined');
    expect(log).not.toContain(created.hostToken);
    expect(log).not.toContain(joined.token);
    expect(log).not.toContain(created.hostToken.split('.')[1]);
    expect(log).not.toContain(answer);
  });
});
