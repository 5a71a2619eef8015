/**
 * What every HomeworkStore must do (server/homework/homework-store.ts), run against each one: SQLite
 * here (sqlite-store.test.ts), Redis in the cluster's tests. The atomic refusals are raced with
 * Promise.all, so a store that checks and writes in two steps fails them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInSet } from '../../shared/question-sets/index.ts';
import { CreateAssignmentSchema } from '../../shared/protocol/homework.ts';
import type { AnswerRecord, AssignmentRecord, HomeworkStore, StudentRecord } from '../../server/homework/homework-store.ts';

const T0 = 1_800_000_000_000;

export function assignmentRecord(code: string, ownerHash = 'owner-a', at = T0): AssignmentRecord {
  const set = builtInSet('builtin:worked-example:en')!;
  return {
    code,
    ownerHash,
    title: 'Homework 1',
    settings: CreateAssignmentSchema.parse({ setId: set.id, opensAt: at, closesAt: at + 3600_000 }),
    set,
    seed: 1234,
    createdAt: at,
    updatedAt: at,
  };
}

export function studentRecord(code: string, name: string, at = T0): StudentRecord {
  return {
    id: `s_${code}_${name}`,
    code,
    name,
    nameKey: name.toLowerCase(),
    studentNumber: null,
    tokenHash: `token-${code}-${name}`,
    resumeHash: `resume-${code}-${name}`,
    startedAt: at,
    lastSeenAt: at,
    finishedAt: null,
  };
}

function answer(studentId: string, item: number, at: number, extra: Partial<AnswerRecord> = {}): AnswerRecord {
  return { studentId, item, attempt: 0, step: null, answer: '0.5', status: 'correct', value: 0.5, diagnosis: null, message: { key: 'verdict.correct' }, consistent: null, at, ...extra };
}

export function homeworkStoreSuite(name: string, make: () => Promise<HomeworkStore>, dispose: (store: HomeworkStore) => Promise<void> = async (s) => s.close()): void {
  describe(name, () => {
    let store: HomeworkStore;
    beforeEach(async () => {
      store = await make();
    });
    afterEach(async () => {
      await dispose(store);
    });

    it('keeps an assignment whole, refuses a used code and an owner over the limit', async () => {
      const a = assignmentRecord('AAAAAAAA');
      expect(await store.createAssignment(a, 2)).toEqual({ ok: true });
      expect(await store.getAssignment('AAAAAAAA')).toEqual(a);
      expect(await store.createAssignment({ ...assignmentRecord('AAAAAAAA', 'owner-b'), title: 'other' }, 2)).toEqual({ ok: false, reason: 'code_taken' });
      expect((await store.getAssignment('AAAAAAAA'))!.title).toBe('Homework 1');
      const raced = await Promise.all(['BBBBBBBB', 'CCCCCCCC', 'DDDDDDDD'].map((code) => store.createAssignment(assignmentRecord(code), 2)));
      expect(raced.filter((r) => r.ok)).toHaveLength(1);
      expect(raced.filter((r) => !r.ok && r.reason === 'too_many')).toHaveLength(2);
      expect(await store.getAssignment('ZZZZZZZZ')).toBeNull();
    });

    it('lists an owner\'s assignments with head counts and moves a window', async () => {
      await store.createAssignment(assignmentRecord('AAAAAAAA'), 10);
      await store.createAssignment(assignmentRecord('BBBBBBBB'), 10);
      await store.createAssignment(assignmentRecord('CCCCCCCC', 'owner-b'), 10);
      await store.addStudent(studentRecord('AAAAAAAA', 'ada'), 10);
      await store.addStudent(studentRecord('AAAAAAAA', 'bo'), 10);
      await store.appendAnswers('s_AAAAAAAA_bo', 0, [answer('s_AAAAAAAA_bo', 0, T0 + 5)], T0 + 5, T0 + 5);
      const listed = (await store.listAssignments('owner-a')).sort((x, y) => (x.record.code < y.record.code ? -1 : 1));
      expect(listed.map((l) => [l.record.code, l.started, l.finished])).toEqual([
        ['AAAAAAAA', 2, 1],
        ['BBBBBBBB', 0, 0],
      ]);
      const moved = await store.updateWindow('AAAAAAAA', T0 + 10, T0 + 20, T0 + 1);
      expect(moved?.settings).toMatchObject({ opensAt: T0 + 10, closesAt: T0 + 20, attemptsPerItem: 1 });
      expect((await store.getAssignment('AAAAAAAA'))!).toEqual(moved);
      expect(await store.updateWindow('ZZZZZZZZ', 1, 2, 3)).toBeNull();
    });

    it('admits students up to the cap, one per name, atomically', async () => {
      await store.createAssignment(assignmentRecord('AAAAAAAA'), 10);
      await store.createAssignment(assignmentRecord('BBBBBBBB'), 10);
      const raced = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((n) => store.addStudent(studentRecord('AAAAAAAA', n), 3)));
      expect(raced.filter((r) => r.ok)).toHaveLength(3);
      expect(raced.filter((r) => !r.ok && r.reason === 'full')).toHaveLength(2);
      const sameName = await Promise.all([0, 1, 2].map((i) => store.addStudent({ ...studentRecord('BBBBBBBB', 'ada'), id: `s_${i}`, tokenHash: `t${i}`, resumeHash: `r${i}` }, 10)));
      expect(sameName.filter((r) => r.ok)).toHaveLength(1);
      expect(sameName.filter((r) => !r.ok && r.reason === 'name_taken')).toHaveLength(2);
      // The same name in another assignment is another student.
      expect((await store.students('AAAAAAAA')).length).toBe(3);
      expect((await store.students('BBBBBBBB')).length).toBe(1);
    });

    it('finds a student by any of their tokens and by resume code, in their own assignment only', async () => {
      await store.createAssignment(assignmentRecord('AAAAAAAA'), 10);
      const s = studentRecord('AAAAAAAA', 'ada');
      await store.addStudent(s, 10);
      expect(await store.studentByToken('AAAAAAAA', s.tokenHash)).toEqual(s);
      expect(await store.studentByToken('BBBBBBBB', s.tokenHash)).toBeNull();
      expect(await store.studentByToken('AAAAAAAA', 'other')).toBeNull();
      await store.addToken(s.id, 'second-device', T0 + 1);
      expect((await store.studentByToken('AAAAAAAA', 'second-device'))?.id).toBe(s.id);
      expect((await store.studentByToken('AAAAAAAA', s.tokenHash))?.id).toBe(s.id);
      expect((await store.studentByResume('AAAAAAAA', s.resumeHash))?.id).toBe(s.id);
      expect(await store.studentByResume('AAAAAAAA', 'nope')).toBeNull();
      await store.touch(s.id, T0 + 50);
      await store.touch(s.id, T0 + 20);
      expect((await store.studentByToken('AAAAAAAA', s.tokenHash))?.lastSeenAt).toBe(T0 + 50);
    });

    it('appends answers only on the count they were graded on; one of two racing appends wins', async () => {
      await store.createAssignment(assignmentRecord('AAAAAAAA'), 10);
      const s = studentRecord('AAAAAAAA', 'ada');
      await store.addStudent(s, 10);
      const first = answer(s.id, 0, T0 + 1, { step: 0, message: null, consistent: true, value: 'b', diagnosis: 'forgot-activation-derivative' as AnswerRecord['diagnosis'], status: 'wrong' });
      expect(await store.appendAnswers(s.id, 0, [first], T0 + 1, null)).toEqual({ ok: true, answers: [first] });
      const stale = await store.appendAnswers(s.id, 0, [answer(s.id, 0, T0 + 2)], T0 + 2, null);
      expect(stale).toEqual({ ok: false, reason: 'stale', answers: [first] });
      const raced = await Promise.all([answer(s.id, 1, T0 + 3), answer(s.id, 1, T0 + 3, { answer: '0.6' })].map((row) => store.appendAnswers(s.id, 1, [row], T0 + 3, null)));
      expect(raced.filter((r) => r.ok)).toHaveLength(1);
      const rows = await store.answersOf(s.id);
      expect(rows).toHaveLength(2);
      expect(rows[0]).toEqual(first);
      expect(await store.appendAnswers('s_missing', 0, [answer('s_missing', 0, T0)], T0, null)).toMatchObject({ ok: false, reason: 'missing' });
      // finishedAt is kept from the first time it is given.
      await store.appendAnswers(s.id, 2, [answer(s.id, 2, T0 + 4, { status: 'skipped', value: null, answer: '', message: null })], T0 + 4, T0 + 4);
      await store.appendAnswers(s.id, 3, [answer(s.id, 3, T0 + 5)], T0 + 5, T0 + 5);
      const after = (await store.studentByToken('AAAAAAAA', s.tokenHash))!;
      expect(after).toMatchObject({ finishedAt: T0 + 4, lastSeenAt: T0 + 5 });
      const other = studentRecord('AAAAAAAA', 'bo');
      await store.addStudent(other, 10);
      await store.appendAnswers(other.id, 0, [answer(other.id, 0, T0 + 2)], T0 + 2, null);
      expect((await store.answersOfAssignment('AAAAAAAA')).map((r) => [r.studentId, r.at])).toEqual([
        [s.id, T0 + 1],
        [other.id, T0 + 2],
        [s.id, T0 + 3],
        [s.id, T0 + 4],
        [s.id, T0 + 5],
      ]);
    });
  });
}
