/**
 * More of the homework store's behaviour beside store-suite.ts, the same for every store: SQLite (test/homework/sqlite-store-more.test.ts)
 * and Redis (test/cluster/homework-store.test.ts). Each store opens empty.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CreateAssignmentSchema } from '../../shared/protocol/homework.ts';
import { builtInSet } from '../../shared/question-sets/index.ts';
import type { AnswerRecord, AssignmentRecord, HomeworkStore, StudentRecord } from '../../server/homework/homework-store.ts';
import { newAssignmentCode, newResumeCode, newStudentId, newStudentToken, resumeKey, sha256 } from '../../server/homework/homework-secrets.ts';

export function sampleAssignment(overrides: Partial<AssignmentRecord> = {}): AssignmentRecord {
  const settings = CreateAssignmentSchema.parse({ setId: 'builtin:one-neuron:en', opensAt: 1000, closesAt: 90_000, attemptsPerItem: 2, studentNumber: 'optional' });
  return {
    code: newAssignmentCode(),
    ownerHash: 'a'.repeat(64),
    title: 'One neuron at home',
    settings,
    set: structuredClone(builtInSet('builtin:one-neuron:en')!),
    seed: 4321,
    createdAt: 500,
    updatedAt: 500,
    ...overrides,
  };
}

export interface SampleStudent {
  record: StudentRecord;
  token: string;
  resumeCode: string;
}

export function sampleStudent(code: string, name: string, startedAt = 2000, studentNumber: string | null = null): SampleStudent {
  const resumeCode = newResumeCode();
  const token = newStudentToken(resumeCode);
  return {
    token,
    resumeCode,
    record: {
      id: newStudentId(),
      code,
      name,
      nameKey: name.toLowerCase(),
      studentNumber,
      tokenHash: sha256(token),
      resumeHash: sha256(resumeKey(resumeCode)),
      startedAt,
      lastSeenAt: startedAt,
      finishedAt: null,
    },
  };
}

export function sampleAnswer(studentId: string, item: number, attempt: number, at: number, overrides: Partial<AnswerRecord> = {}): AnswerRecord {
  return {
    studentId,
    item,
    attempt,
    step: null,
    answer: '0.6',
    status: 'wrong',
    value: 0.6,
    diagnosis: null,
    message: { key: 'authored.text', params: { text: 'not yet' } },
    consistent: null,
    at,
    ...overrides,
  };
}

export function homeworkStoreSuite(name: string, open: () => Promise<{ store: HomeworkStore; close(): Promise<void> }>): void {
  describe(name, () => {
    let store: HomeworkStore;
    let closeStore: () => Promise<void>;
    beforeEach(async () => {
      const opened = await open();
      store = opened.store;
      closeStore = opened.close;
    });
    afterEach(async () => closeStore());

    it('keeps an assignment as it was created and lists it with its head counts', async () => {
      const record = sampleAssignment();
      expect(await store.createAssignment(record, 10)).toEqual({ ok: true });
      expect(await store.getAssignment(record.code)).toEqual(record);
      expect(await store.getAssignment('ZZZZZZZZ')).toBeNull();
      expect(await store.listAssignments(record.ownerHash)).toEqual([{ record, started: 0, finished: 0 }]);
      expect(await store.listAssignments('b'.repeat(64))).toEqual([]);
    });

    it("refuses a code taken or an owner at the limit, keeping nothing of it", async () => {
      const first = sampleAssignment();
      await store.createAssignment(first, 2);
      expect(await store.createAssignment(sampleAssignment({ code: first.code, ownerHash: 'c'.repeat(64), title: 'Other' }), 2)).toEqual({ ok: false, reason: 'code_taken' });
      expect((await store.getAssignment(first.code))?.title).toBe(first.title);
      expect(await store.listAssignments('c'.repeat(64))).toEqual([]);
      await store.createAssignment(sampleAssignment(), 2);
      const third = sampleAssignment();
      expect(await store.createAssignment(third, 2)).toEqual({ ok: false, reason: 'too_many' });
      expect(await store.getAssignment(third.code)).toBeNull();
      expect(await store.listAssignments(first.ownerHash)).toHaveLength(2);
    });

    it('moves the window and keeps the rest of the settings', async () => {
      const record = sampleAssignment();
      await store.createAssignment(record, 10);
      const moved = await store.updateWindow(record.code, 3000, 200_000, 2500);
      const expected = { ...record, settings: { ...record.settings, opensAt: 3000, closesAt: 200_000 }, updatedAt: 2500 };
      expect(moved).toEqual(expected);
      expect(await store.getAssignment(record.code)).toEqual(expected);
      expect(await store.updateWindow('ZZZZZZZZ', 1, 2, 3)).toBeNull();
    });

    it('admits each name once, up to the cap, and finds a student by token, by another device\'s token and by resume code', async () => {
      const record = sampleAssignment();
      await store.createAssignment(record, 10);
      const ada = sampleStudent(record.code, 'Ada', 2000, 'S-01');
      const bob = sampleStudent(record.code, 'Bob', 2001);
      expect(await store.addStudent(ada.record, 2)).toEqual({ ok: true });
      expect(await store.addStudent({ ...sampleStudent(record.code, 'ADA').record, nameKey: 'ada' }, 2)).toEqual({ ok: false, reason: 'name_taken' });
      expect(await store.addStudent(bob.record, 2)).toEqual({ ok: true });
      const carl = sampleStudent(record.code, 'Carl', 2002);
      expect(await store.addStudent(carl.record, 2)).toEqual({ ok: false, reason: 'full' });
      expect(await store.studentByToken(record.code, carl.record.tokenHash)).toBeNull();

      expect(await store.studentByToken(record.code, ada.record.tokenHash)).toEqual(ada.record);
      expect(await store.studentByResume(record.code, bob.record.resumeHash)).toEqual(bob.record);
      // A token or a resume code opens its own assignment only.
      const other = sampleAssignment();
      await store.createAssignment(other, 10);
      expect(await store.studentByToken(other.code, ada.record.tokenHash)).toBeNull();
      expect(await store.studentByResume(other.code, ada.record.resumeHash)).toBeNull();
      // A second device resumed by code gets a token of its own; the first one still works.
      const second = sha256(newStudentToken(ada.resumeCode));
      await store.addToken(ada.record.id, second, 3000);
      expect((await store.studentByToken(record.code, second))?.id).toBe(ada.record.id);
      expect((await store.studentByToken(record.code, ada.record.tokenHash))?.id).toBe(ada.record.id);
      // A token for a student who does not exist opens nothing.
      const stray = sha256('stray');
      await store.addToken('no-such-student', stray, 3000);
      expect(await store.studentByToken(record.code, stray)).toBeNull();

      expect((await store.students(record.code)).map((s) => s.name)).toEqual(['Ada', 'Bob']);
      expect((await store.listAssignments(record.ownerHash)).find((a) => a.record.code === record.code)).toMatchObject({ started: 2, finished: 0 });
    });

    it('lists students in the order they started', async () => {
      const record = sampleAssignment();
      await store.createAssignment(record, 10);
      for (const [name, at] of [['Cy', 3000], ['Ann', 1000], ['Bea', 2000], ['Dan', 2000]] as const) await store.addStudent(sampleStudent(record.code, name, at).record, 10);
      expect((await store.students(record.code)).map((s) => s.name)).toEqual(['Ann', 'Bea', 'Dan', 'Cy']);
    });

    it('touches a student forward in time only', async () => {
      const record = sampleAssignment();
      await store.createAssignment(record, 10);
      const ada = sampleStudent(record.code, 'Ada', 2000);
      await store.addStudent(ada.record, 10);
      await store.touch(ada.record.id, 5000);
      await store.touch(ada.record.id, 4000);
      await store.touch('no-such-student', 9000);
      expect((await store.studentByToken(record.code, ada.record.tokenHash))?.lastSeenAt).toBe(5000);
    });

    it('appends answers on the count they were graded on only: of two devices at once, one wins', async () => {
      const record = sampleAssignment();
      await store.createAssignment(record, 10);
      const ada = sampleStudent(record.code, 'Ada', 2000);
      await store.addStudent(ada.record, 10);
      const first = sampleAnswer(ada.record.id, 0, 0, 3000);
      expect(await store.appendAnswers(ada.record.id, 0, [first], 3000, null)).toEqual({ ok: true, answers: [first] });
      // Two devices graded on one answer: exactly one of them is appended.
      const right = sampleAnswer(ada.record.id, 0, 1, 3100, { answer: '0.62', status: 'correct', value: 0.62, diagnosis: null });
      const wrong = sampleAnswer(ada.record.id, 0, 1, 3100, { answer: '9', value: 9, diagnosis: 'sign-flipped' });
      const both = await Promise.all([store.appendAnswers(ada.record.id, 1, [right], 3100, null), store.appendAnswers(ada.record.id, 1, [wrong], 3100, null)]);
      expect(both.filter((o) => o.ok)).toHaveLength(1);
      const loser = both.find((o) => !o.ok)!;
      const winner = both.find((o) => o.ok)!;
      expect(loser).toEqual({ ok: false, reason: 'stale', answers: winner.answers });
      expect(await store.answersOf(ada.record.id)).toEqual(winner.answers);
      expect(winner.answers).toHaveLength(2);
      // Several rows at once (a skip of the rest), the last of which finishes the homework.
      const skips = [1, 2].map((item) => sampleAnswer(ada.record.id, item, 0, 3200, { answer: '', status: 'skipped', value: null, message: null, step: null }));
      const done = await store.appendAnswers(ada.record.id, 2, skips, 3200, 3200);
      expect(done.ok && done.answers).toEqual([...winner.answers, ...skips]);
      const student = await store.studentByToken(record.code, ada.record.tokenHash);
      expect(student).toMatchObject({ finishedAt: 3200, lastSeenAt: 3200 });
      // Finished once: a later append does not move it.
      await store.appendAnswers(ada.record.id, 4, [sampleAnswer(ada.record.id, 2, 1, 3300)], 3300, 3300);
      expect((await store.studentByToken(record.code, ada.record.tokenHash))?.finishedAt).toBe(3200);
      expect((await store.listAssignments(record.ownerHash))[0]).toMatchObject({ started: 1, finished: 1 });
      expect(await store.appendAnswers('no-such-student', 0, [first], 3000, null)).toEqual({ ok: false, reason: 'missing', answers: [] });
    });

    it('keeps step answers with their values and consistency, and gives every answer of the assignment in time order', async () => {
      const record = sampleAssignment();
      await store.createAssignment(record, 10);
      const ada = sampleStudent(record.code, 'Ada', 2000);
      const bob = sampleStudent(record.code, 'Bob', 2001);
      await store.addStudent(ada.record, 10);
      await store.addStudent(bob.record, 10);
      const a0 = sampleAnswer(ada.record.id, 0, 0, 4000, { step: 0, consistent: true, status: 'correct', value: 0.5 });
      const a1 = sampleAnswer(ada.record.id, 0, 0, 6000, { step: 1, consistent: false, value: 'b' });
      const b0 = sampleAnswer(bob.record.id, 0, 0, 5000);
      await store.appendAnswers(ada.record.id, 0, [a0], 4000, null);
      await store.appendAnswers(bob.record.id, 0, [b0], 5000, null);
      await store.appendAnswers(ada.record.id, 1, [a1], 6000, null);
      expect(await store.answersOf(ada.record.id)).toEqual([a0, a1]);
      expect(await store.answersOfAssignment(record.code)).toEqual([a0, b0, a1]);
      expect(await store.answersOfAssignment('ZZZZZZZZ')).toEqual([]);
    });
    it('purges assignments closed before a time, by their deadline as last moved, with their students, tokens and answers', async () => {
      const old = sampleAssignment({ settings: { ...sampleAssignment().settings, opensAt: 1000, closesAt: 10_000 } });
      const moved = sampleAssignment({ settings: { ...sampleAssignment().settings, opensAt: 1000, closesAt: 10_000 } });
      const live = sampleAssignment({ settings: { ...sampleAssignment().settings, opensAt: 1000, closesAt: 50_000 } });
      for (const record of [old, moved, live]) await store.createAssignment(record, 10);
      // Its deadline moved on: it is kept.
      await store.updateWindow(moved.code, 1000, 60_000, 2000);
      const ada = sampleStudent(old.code, 'Ada', 2000);
      await store.addStudent(ada.record, 10);
      const second = sha256(newStudentToken(ada.resumeCode));
      await store.addToken(ada.record.id, second, 3000);
      await store.appendAnswers(ada.record.id, 0, [sampleAnswer(ada.record.id, 0, 0, 3000)], 3000, null);
      const bob = sampleStudent(live.code, 'Bob', 2000);
      await store.addStudent(bob.record, 10);
      expect(await store.purgeClosedBefore!(10_000)).toBe(0);
      expect(await store.purgeClosedBefore!(10_001)).toBe(1);
      expect(await store.getAssignment(old.code)).toBeNull();
      expect(await store.studentByToken(old.code, ada.record.tokenHash)).toBeNull();
      expect(await store.studentByToken(old.code, second)).toBeNull();
      expect(await store.studentByResume(old.code, ada.record.resumeHash)).toBeNull();
      expect(await store.students(old.code)).toEqual([]);
      expect(await store.answersOf(ada.record.id)).toEqual([]);
      expect((await store.listAssignments(old.ownerHash)).map((a) => a.record.code).sort()).toEqual([moved.code, live.code].sort());
      // The others are as they were.
      expect(await store.studentByToken(live.code, bob.record.tokenHash)).toEqual(bob.record);
      expect((await store.getAssignment(moved.code))?.settings.closesAt).toBe(60_000);
      expect(await store.purgeClosedBefore!(10_001)).toBe(0);
    });
  });
}
