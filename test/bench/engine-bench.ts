/**
 * npm run bench:engine — problems generated and graded per second on one core.
 * Each iteration generates a problem from a fresh seed and grades one answer to it
 * (cycling through the right answer, a misconception and an unparseable string).
 */
import os from 'node:os';
import { DIFFICULTIES, PROBLEM_KINDS, type Problem, type ProblemKind, generateProblem, gradeAnswer } from '../../shared/engine/index.ts';

const SECONDS_PER_KIND = Number(process.env.BENCH_SECONDS ?? 1);

function answerFor(problem: Problem, i: number): { raw: string; step?: number } {
  const step = problem.steps ? problem.steps.length - 1 : undefined;
  const misconceptions = problem.steps ? problem.steps[step!]!.misconceptions : problem.misconceptions;
  switch (i % 3) {
    case 0:
      return { raw: String(problem.answer), step };
    case 1:
      return { raw: String(misconceptions[0]?.value ?? problem.answer), step };
    default:
      return { raw: 'not a number', step };
  }
}

function run(kind: ProblemKind, seconds: number, startSeed: number): { count: number; ms: number } {
  let count = 0;
  const started = performance.now();
  let now = started;
  while (now - started < seconds * 1000) {
    for (let j = 0; j < 50; j++, count++) {
      const problem = generateProblem({ kind, seed: startSeed + count, difficulty: DIFFICULTIES[count % 3]! });
      const { raw, step } = answerFor(problem, count);
      gradeAnswer(problem, raw, step === undefined ? {} : { step });
    }
    now = performance.now();
  }
  return { count, ms: now - started };
}

// Warm up the JIT on every kind before measuring.
for (const kind of PROBLEM_KINDS) run(kind, 0.2, 1_000_000);

console.log(`engine benchmark — ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log('kind'.padEnd(18), 'problems/s'.padStart(12));
let total = 0;
let totalMs = 0;
for (const kind of PROBLEM_KINDS) {
  const { count, ms } = run(kind, SECONDS_PER_KIND, 1);
  total += count;
  totalMs += ms;
  console.log(kind.padEnd(18), Math.round((count / ms) * 1000).toLocaleString('en').padStart(12));
}
console.log('all kinds (equal time each)'.padEnd(18), Math.round((total / totalMs) * 1000).toLocaleString('en').padStart(12));
