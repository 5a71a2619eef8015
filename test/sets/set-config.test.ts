/** The set API's limits from the environment (README, "Limits"), applied by a real server. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { DEFAULT_SET_LIMITS } from '../../server/sets/set-router.ts';
import { TEST_CONFIG, startServer } from '../server/support.ts';
import { call, newKey, refusalOf, sampleSet } from './set-http.ts';

describe('the set API’s limits from the environment', () => {
  it('reads SET_KEYS_PER_HOUR, SET_WRITES_PER_MINUTE and SET_READS_PER_MINUTE, with the defaults when unset', () => {
    expect(loadConfig({}).setLimits).toEqual({ keysPerHour: DEFAULT_SET_LIMITS.keysPerHour, writesPerMinute: DEFAULT_SET_LIMITS.writesPerMinute, readsPerMinute: DEFAULT_SET_LIMITS.readsPerMinute });
    expect(loadConfig({ SET_KEYS_PER_HOUR: '5', SET_WRITES_PER_MINUTE: '60', SET_READS_PER_MINUTE: '600' }).setLimits).toEqual({ keysPerHour: 5, writesPerMinute: 60, readsPerMinute: 600 });
    expect(() => loadConfig({ SET_WRITES_PER_MINUTE: '0' })).toThrow(/SET_WRITES_PER_MINUTE/);
    expect(() => loadConfig({ SET_KEYS_PER_HOUR: 'many' })).toThrow(/SET_KEYS_PER_HOUR/);
  });

  it('applies them', async () => {
    const config = { ...TEST_CONFIG, setLimits: loadConfig({ SET_KEYS_PER_HOUR: '1', SET_READS_PER_MINUTE: '2' }).setLimits };
    const server = await startServer({ config });
    try {
      const key = await newKey(server.url);
      expect(refusalOf(await call(server.url, 'POST', '/api/teacher-keys'))).toMatchObject({ status: 429, code: 'rate_limited' });
      expect((await call(server.url, 'POST', '/api/sets', { key, json: sampleSet() })).status).toBe(201);
      for (let i = 0; i < 2; i++) expect((await call(server.url, 'GET', '/api/sets', { key })).status).toBe(200);
      expect(refusalOf(await call(server.url, 'GET', '/api/sets', { key }))).toMatchObject({ status: 429, code: 'rate_limited' });
    } finally {
      await server.close();
    }
  });
});
