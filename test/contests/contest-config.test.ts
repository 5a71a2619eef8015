/** The contest API's limits from the environment (README, "Limits"), applied by a real server. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { DEFAULT_CONTEST_LIMITS } from '../../server/contests/contest-limits.ts';
import { TEST_CONFIG, startServer } from '../server/support.ts';
import { call, newKey, refusalOf } from './support.ts';

describe('the contest API’s limits from the environment', () => {
  it('reads CONTESTS_PER_KEY, CONTEST_WRITES_PER_MINUTE and CONTEST_READS_PER_MINUTE, with the defaults when unset', () => {
    expect(loadConfig({}).contestLimits).toEqual(DEFAULT_CONTEST_LIMITS);
    expect(loadConfig({ CONTESTS_PER_KEY: '3', CONTEST_WRITES_PER_MINUTE: '30', CONTEST_READS_PER_MINUTE: '300' }).contestLimits).toEqual({
      contestsPerKey: 3,
      writesPerMinute: 30,
      readsPerMinute: 300,
    });
    expect(() => loadConfig({ CONTESTS_PER_KEY: '0' })).toThrow(/CONTESTS_PER_KEY/);
    expect(() => loadConfig({ CONTEST_READS_PER_MINUTE: 'lots' })).toThrow(/CONTEST_READS_PER_MINUTE/);
  });

  it('applies them', async () => {
    const config = { ...TEST_CONFIG, contestLimits: loadConfig({ CONTESTS_PER_KEY: '1', CONTEST_READS_PER_MINUTE: '2' }).contestLimits };
    const server = await startServer({ config });
    try {
      const key = await newKey(server.url);
      const body = { title: 'T', setId: 'builtin:one-neuron:en', rooms: [{ label: 'A' }], ranking: 'players' };
      const created = await call(server.url, 'POST', '/api/contests', { key, json: body });
      expect(created.status).toBe(201);
      expect(refusalOf(await call(server.url, 'POST', '/api/contests', { key, json: body }))).toMatchObject({ status: 403, code: 'too_many_contests' });
      const code = (created.body as { data: { contest: { code: string } } }).data.contest.code;
      for (let i = 0; i < 2; i++) expect((await call(server.url, 'GET', `/api/contests/${code}/board`)).status).toBe(200);
      expect(refusalOf(await call(server.url, 'GET', `/api/contests/${code}/board`))).toMatchObject({ status: 429, code: 'rate_limited' });
    } finally {
      await server.close();
    }
  });
});
