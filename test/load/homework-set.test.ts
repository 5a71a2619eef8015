/**
 * The homework bench's premise: a student bot works out from the public problem alone an answer the
 * engine grades right (each step in order, the step's "earlier" being what the bot typed before), and
 * its wrong answers and typos are graded wrong and refused — for every item of the bench's set, with
 * the item's own numbers and with per-student ones. If a later engine or set change broke that, the
 * bench would count right answers graded wrong as server failures.
 */
import { describe, expect, it } from 'vitest';
import { deriveSeed, gradeAnswer, toPublicProblem } from '../../shared/engine/index.ts';
import { CreateAssignmentSchema } from '../../shared/protocol/homework.ts';
import { problemForItem, validateSet } from '../../shared/question-sets/index.ts';
import { CHOICE_ANSWERS, HOMEWORK_SET, assignmentSettings, studentAnswer } from './homework-set.ts';

const set = validateSet(HOMEWORK_SET);

describe('the homework bench set', () => {
  it('is a valid set with every kind of item a student meets', () => {
    expect(set.ok).toBe(true);
    if (!set.ok) return;
    const types = set.set.items.map((item) => item.type);
    expect(new Set(types)).toEqual(new Set(['generated', 'numeric', 'choice']));
    const steps = set.set.items.filter((item, i) => problemForItem(item, { seed: i }).steps);
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(CHOICE_ANSWERS)).toHaveLength(types.filter((t) => t === 'choice').length);
  });

  it('is assigned with settings the contract accepts', () => {
    const parsed = CreateAssignmentSchema.safeParse(assignmentSettings('set-id', Date.now(), 180_000));
    expect(parsed.success).toBe(true);
  });

  it("grades the bots' right answers right and their wrong answers and typos otherwise, for any student's numbers", () => {
    if (!set.ok) throw new Error('invalid set');
    let graded = 0;
    for (const [index, item] of set.set.items.entries()) {
      for (let s = 0; s < 40; s++) {
        const seed = deriveSeed(1000 + s, `item:${index}`);
        for (const variant of [null, `student-${s}`]) {
          const problem = problemForItem(item, { seed, variant });
          const view = toPublicProblem(problem);
          const right = CHOICE_ANSWERS[index];
          const where = `item ${index}, seed ${seed}, variant ${variant}`;
          if (view.steps) {
            const earlier: Record<string, number> = {};
            view.steps.forEach((step, k) => {
              const text = studentAnswer(view, step.asks, 'correct', right);
              expect(gradeAnswer(problem, text, { step: k, earlier }).status, `${where}, step ${k}`).toBe('correct');
              const wrong = studentAnswer(view, step.asks, 'wrong', right);
              expect(gradeAnswer(problem, wrong, { step: k, earlier }).status, `${where}, step ${k} wrong`).not.toBe('correct');
              earlier[step.asks] = Number(text);
              graded += 2;
            });
          } else {
            expect(gradeAnswer(problem, studentAnswer(view, view.asks, 'correct', right)).status, where).toBe('correct');
            expect(gradeAnswer(problem, studentAnswer(view, view.asks, 'wrong', right)).status, `${where} wrong`).not.toBe('correct');
            graded += 2;
          }
          if (view.format !== 'choice') expect(gradeAnswer(problem, '1..2', view.steps ? { step: 0 } : {}).status, `${where} typo`).toBe('invalid');
        }
      }
    }
    expect(graded).toBeGreaterThan(1000);
  });
});
