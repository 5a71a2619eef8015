/**
 * The assignment of the homework scenario: a question set a teacher could have written, with every
 * kind of item a student meets (generated, authored numeric with the teacher's note and per-student
 * numbers, multiple choice, and two step-by-step items), and the settings it is assigned with.
 *
 * The bots work out numeric answers from the public problem alone (`evaluateNetwork`), as a good
 * student does by hand. A multiple-choice question cannot be worked out: the teacher who wrote it
 * knows the right choice, and so does the bench (`CHOICE_ANSWERS`), which authored it.
 */
import { evaluateNetwork, type PublicProblem } from '../../shared/engine/index.ts';
import type { CreateAssignmentPayload } from '../../shared/protocol/homework.ts';
import { CHOICE_IDS, type SetContentInput } from '../../shared/question-sets/index.ts';

/** The student's requests (`homework:<name>`), by the name their ack latencies are reported under. */
export const HOMEWORK_REQUESTS = ['open', 'start', 'resume', 'item', 'answer', 'skip'] as const;
export type HomeworkRequest = (typeof HOMEWORK_REQUESTS)[number];

export const HOMEWORK_SET: SetContentInput = {
  title: 'Backprop homework (load)',
  lang: 'en',
  description: 'The load benchmark’s evening assignment.',
  items: [
    { type: 'generated', kind: 'forward', difficulty: 1 },
    { type: 'generated', kind: 'local-derivative', difficulty: 2 },
    {
      type: 'numeric',
      network: { x: 0.5, layers: [{ w: 0.4, b: 0.1, activation: 'sigmoid' }], loss: 'mse', target: 0.8, lr: 0.1 },
      asks: ['dL/dw1'],
      note: 'the worked example of the lecture',
      variants: true,
    },
    { type: 'generated', kind: 'chain-gradient', difficulty: 2 },
    {
      type: 'choice',
      question: 'The gradient $\\frac{dL}{dw}$ is positive. Gradient descent makes $w$…',
      choices: [
        { text: 'larger', correct: false },
        { text: 'smaller', correct: true },
        { text: 'unchanged', correct: false },
      ],
      explanation: 'A step goes against the gradient.',
    },
    { type: 'generated', kind: 'chain-steps', difficulty: 1 },
    {
      type: 'numeric',
      network: {
        x: 1.5,
        layers: [
          { w: 0.8, b: -0.2, activation: 'tanh' },
          { w: -0.5, b: 0.3, activation: 'sigmoid' },
        ],
        loss: 'mse',
        target: 0.2,
        lr: 0.05,
      },
      asks: ['y', 'dL/dw2', "w1'"],
      variants: true,
    },
    { type: 'generated', kind: 'update', difficulty: 2 },
  ],
};

/** The right choice of each multiple-choice item, by item index. */
export const CHOICE_ANSWERS: Record<number, string> = Object.fromEntries(
  HOMEWORK_SET.items.flatMap((item, i) => (item.type === 'choice' ? [[i, CHOICE_IDS[item.choices.findIndex((c) => c.correct)]!]] : [])),
);

/** Two attempts an item and feedback after each one: the evening's busiest settings (every answer graded and shown). */
export function assignmentSettings(setId: string, now: number, durationMs: number): CreateAssignmentPayload {
  return {
    setId,
    title: 'Load: homework evening',
    // Open already, and the deadline well after the evening so no answer meets it.
    opensAt: now - 60_000,
    closesAt: now + durationMs + 24 * 60 * 60 * 1000,
    attemptsPerItem: 2,
    feedback: 'each-item',
    studentNumber: 'optional',
    perStudentNumbers: true,
  };
}

export type Intent = 'correct' | 'wrong';

/** The value a student who worked the network by hand gets for a quantity, or null. */
function computed(problem: PublicProblem, asks: string): number | null {
  if (!problem.network) return null;
  const value = (evaluateNetwork(problem.network) as Record<string, number | undefined>)[asks];
  return value !== undefined && Number.isFinite(value) ? value : null;
}

/** Six significant figures, as a phone keypad would send them. */
function typed(value: number): string {
  return String(Number(value.toPrecision(6)));
}

/**
 * What a student types for the quantity `asks` of a public problem (the problem's own, or one
 * step's): the value worked out by hand, or for a wrong answer one more than 200 % and at least 1 off
 * (so a zero or a tiny update step is wrong too). A multiple-choice answer is the choice the
 * bench knows right, or another one.
 */
export function studentAnswer(problem: PublicProblem, asks: string, intent: Intent, rightChoice: string | undefined): string {
  if (problem.format === 'choice') {
    const right = rightChoice ?? problem.choices?.[0]?.id ?? 'a';
    if (intent === 'correct') return right;
    return problem.choices?.find((c) => c.id !== right)?.id ?? right;
  }
  const value = computed(problem, asks);
  // Nothing to work out from (the bench's set has no such item): a number all the same.
  if (value === null) return '1';
  return typed(intent === 'correct' ? value : value + 1 + 2 * Math.abs(value));
}
