/**
 * Progress is derived from the answers alone (server/homework/homework-progress.ts). Its step counts are
 * made once per assignment: that holds only if every student's numbers of an item have the same steps,
 * which is checked here for every built-in set and many students.
 */
import { describe, expect, it } from 'vitest';
import { BUILT_IN_SETS } from '../../shared/question-sets/index.ts';
import { CreateAssignmentSchema } from '../../shared/protocol/homework.ts';
import { ProblemCache, itemProblem, progressOf, scoreOf, statusOf } from '../../server/homework/homework-progress.ts';
import type { AnswerRecord, AssignmentRecord } from '../../server/homework/homework-store.ts';

function assignment(setId: string, extra: Record<string, unknown> = {}): AssignmentRecord {
  const setIndex = BUILT_IN_SETS.findIndex((s) => s.id === setId);
  const set = BUILT_IN_SETS[setIndex]!;
  return { code: `CODE00${String(setIndex).padStart(2, '0')}`, ownerHash: 'o', title: 't', settings: CreateAssignmentSchema.parse({ setId: set.id, opensAt: 0, closesAt: 10, ...extra }), set, seed: 99 + setIndex, createdAt: 0, updatedAt: 0 };
}

function row(item: number, attempt: number, status: AnswerRecord['status'], step: number | null = null): AnswerRecord {
  return { studentId: 's', item, attempt, step, answer: '1', status, value: status === 'skipped' ? null : 1, diagnosis: null, message: null, consistent: null, at: item * 10 + attempt };
}

describe('homework progress', () => {
  it("has the same step count for an item whoever's numbers they are", () => {
    const cache = new ProblemCache();
    BUILT_IN_SETS.forEach((set) => {
      const a = assignment(set.id!);
      const counts = cache.stepCounts(a);
      for (let s = 0; s < 12; s++) {
        a.set.items.forEach((_, item) => expect(itemProblem(a, `s_${s}`, item).steps?.length ?? 1, `${a.set.id} item ${item}`).toBe(counts[item]));
      }
    });
  });

  it('finishes an item when right, out of attempts or skipped; scores the best complete attempt', () => {
    const a = assignment('builtin:one-neuron:en', { attemptsPerItem: 3 }); // every item one step
    const counts = new ProblemCache().stepCounts(a);
    expect(counts.every((c) => c === 1)).toBe(true);
    const answers = [row(0, 0, 'wrong'), row(0, 1, 'correct'), row(1, 0, 'close'), row(1, 1, 'wrong'), row(1, 2, 'wrong'), row(2, 0, 'wrong'), row(2, 1, 'skipped')];
    const p = progressOf(a, answers, counts);
    expect(p.current).toBe(3);
    expect(p.items.slice(0, 4).map((s) => statusOf(s, p.current, true))).toEqual(['right', 'close', 'skipped', 'current']);
    expect(p.items.slice(0, 3).map((s) => s.points)).toEqual([1000, 500, 0]);
    expect(scoreOf(p, true)).toBe(1500);
    expect(scoreOf(p, false)).toBe(0);
    expect(p.items.slice(0, 3).map((s) => statusOf(s, p.current, false))).toEqual(['recorded', 'recorded', 'skipped']);
  });

  it('gives one attempt per item when feedback waits for the deadline', () => {
    const a = assignment('builtin:one-neuron:en', { attemptsPerItem: 3, feedback: 'after-deadline' });
    const p = progressOf(a, [row(0, 0, 'wrong')], new ProblemCache().stepCounts(a));
    expect(p.items[0]!.finished).toBe(true);
    expect(p.current).toBe(1);
  });

  it('completes a step-by-step attempt only once every step is answered', () => {
    const a = assignment('builtin:worked-example:en'); // item 0 has steps
    const counts = new ProblemCache().stepCounts(a);
    expect(counts[0]).toBeGreaterThan(1);
    const partial = progressOf(a, [row(0, 0, 'correct', 0)], counts);
    expect(partial.items[0]).toMatchObject({ finished: false, completeAttempts: 0 });
    const all = Array.from({ length: counts[0]! }, (_, step) => row(0, 0, 'correct', step));
    expect(progressOf(a, all, counts).items[0]).toMatchObject({ finished: true, right: true, points: 1000 });
  });
});
