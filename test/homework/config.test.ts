/** Homework's settings from the environment (README, "Configuration"), and the server honouring them. */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { HOMEWORK_LIMITS } from '../../shared/protocol/homework.ts';
import { FakeClock, T0 } from '../room/support.ts';
import { TEST_CONFIG } from '../server/support.ts';
import { type HomeworkServer, TestClient, createAssignment, newTeacherKey, startHomeworkServer } from './support.ts';

let hw: HomeworkServer | null = null;
afterEach(async () => {
  await hw?.close();
  hw = null;
});

describe('homework configuration', () => {
  it('reads the limits from the environment, with documented defaults', () => {
    expect(loadConfig({}).homework).toEqual({ maxStudents: HOMEWORK_LIMITS.maxStudents, startsPerMinute: 120, readsPerMinute: 600, writesPerMinute: 60 });
    expect(loadConfig({ HOMEWORK_MAX_STUDENTS: '40', HOMEWORK_STARTS_PER_MINUTE: '7', HOMEWORK_API_READS_PER_MINUTE: '10', HOMEWORK_API_WRITES_PER_MINUTE: '2' }).homework).toEqual({
      maxStudents: 40,
      startsPerMinute: 7,
      readsPerMinute: 10,
      writesPerMinute: 2,
    });
    for (const bad of ['0', '-1', 'many', '1.5']) expect(() => loadConfig({ HOMEWORK_MAX_STUDENTS: bad })).toThrow(/HOMEWORK_MAX_STUDENTS/);
  });

  it('admits as many students as HOMEWORK_MAX_STUDENTS says', async () => {
    hw = await startHomeworkServer({ clock: new FakeClock(T0), config: { ...TEST_CONFIG, homework: { ...TEST_CONFIG.homework, maxStudents: 1 } } });
    const key = await newTeacherKey(hw.url);
    const a = await createAssignment(hw.url, key, { setId: 'builtin:one-neuron:en', opensAt: T0, closesAt: T0 + 1000 });
    const client = await TestClient.connect(hw.url);
    try {
      await client.ok('homework:start', { code: a.code, name: 'A' });
      expect(await client.call('homework:start', { code: a.code, name: 'B' })).toMatchObject({ ok: false, error: { code: 'assignment_full' } });
    } finally {
      client.close();
    }
  });
});
