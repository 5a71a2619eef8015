/**
 * The homework store on a real redis-server: the same suites as SQLite's (test/homework/store-suite.ts and
 * homework-store-suite.ts),
 * each test on keys of its own prefix, plus what only several writers at once can show: of many nodes appending
 * on one count, or admitting one name, exactly one wins, and the cap holds under a rush.
 */
import { describe, expect, it } from 'vitest';
import { RedisHomeworkStore } from '../../server/homework/redis-homework-store.ts';
import { homeworkStoreSuite as moreOfTheContract, sampleAnswer, sampleAssignment, sampleStudent } from '../homework/homework-store-suite.ts';
import { homeworkStoreSuite } from '../homework/store-suite.ts';
import { redisAvailable, redisForSuite } from './redis-harness.ts';

const enabled = redisAvailable();

describe.skipIf(!enabled)('homework in Redis', () => {
  const { connect, prefix: nextPrefix } = redisForSuite();

  homeworkStoreSuite('the homework store in Redis', async () => new RedisHomeworkStore(await connect(), { prefix: nextPrefix() }));

  moreOfTheContract('the homework store in Redis, more of its contract', async () => {
    const store = new RedisHomeworkStore(await connect(), { prefix: nextPrefix() });
    return { store, close: async () => store.close() };
  });

  it('lets one of six nodes append on one count, admit one name, and never passes the cap', async () => {
    const prefix = nextPrefix('race');
    // One connection per node: the scripts, not one client's ordering, must decide.
    const stores = await Promise.all(Array.from({ length: 6 }, async () => new RedisHomeworkStore(await connect(), { prefix })));
    const record = sampleAssignment();
    await stores[0]!.createAssignment(record, 10);
    const ada = sampleStudent(record.code, 'Ada');
    const names = await Promise.all(stores.map((store, i) => store.addStudent(i === 0 ? ada.record : { ...sampleStudent(record.code, 'Ada').record }, 100)));
    expect(names.filter((o) => o.ok)).toHaveLength(1);
    const admitted = (await stores[1]!.students(record.code))[0]!;
    const appends = await Promise.all(stores.map((store, i) => store.appendAnswers(admitted.id, 0, [sampleAnswer(admitted.id, 0, 0, 3000 + i, { answer: String(i) })], 3000 + i, null)));
    expect(appends.filter((o) => o.ok)).toHaveLength(1);
    expect(await stores[2]!.answersOf(admitted.id)).toHaveLength(1);
    // Twenty names at once against a cap of eight (one seat taken): seven more get in.
    const rush = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 6]!.addStudent(sampleStudent(record.code, `Student ${i}`).record, 8)));
    expect(rush.filter((o) => o.ok)).toHaveLength(7);
    expect(rush.filter((o) => !o.ok).every((o) => !o.ok && o.reason === 'full')).toBe(true);
    expect(await stores[3]!.students(record.code)).toHaveLength(8);
  });

  it('keeps only hashes of the tokens and resume codes', async () => {
    const client = await connect();
    const prefix = nextPrefix('secrets');
    const store = new RedisHomeworkStore(client, { prefix });
    const record = sampleAssignment();
    await store.createAssignment(record, 10);
    const ada = sampleStudent(record.code, 'Ada');
    await store.addStudent(ada.record, 10);
    const dump: string[] = [];
    for (const key of await client.keys(`${prefix}*`)) {
      const type = await client.type(key);
      dump.push(key, type === 'hash' ? JSON.stringify(await client.hGetAll(key)) : type === 'string' ? String(await client.get(key)) : type === 'set' ? JSON.stringify(await client.sMembers(key)) : type === 'zset' ? JSON.stringify(await client.zRange(key, 0, -1)) : JSON.stringify(await client.lRange(key, 0, -1)));
    }
    const text = dump.join('\n');
    expect(text).toContain(ada.record.tokenHash);
    expect(text).not.toContain(ada.token);
    expect(text).not.toContain(ada.resumeCode.replace('-', ''));
  });
});
