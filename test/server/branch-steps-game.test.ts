/**
 * A chain-steps room asking `branch-steps`: step by step through a network that branches, real
 * sockets. At the step where the paths meet, a student who adds their own (wrong) shares is right
 * from what they had (consistent), one who multiplies the shares is told so, one who keeps one
 * path only is told so; the reveal and the host's statistics say the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Problem, deriveSeed, generateProblem, toPublicProblem } from '../../shared/engine/index.ts';
import type { QuestionView, RevealView, RoomConfigInput } from '../../shared/protocol/index.ts';
import { FakeClock } from '../room/support.ts';
import { type TestServer, TestClient, startServer } from './support.ts';

const ROOM_SEED = 20_261_207;
const CONFIG = {
  mode: 'chain-steps',
  kinds: ['branch-steps'],
  difficulties: [1, 2],
  questionCount: 2,
  timeLimitSec: 60,
} satisfies RoomConfigInput;

/** Where the paths meet: the step whose answer is the sum of the two steps before it. */
function sumStep(problem: Problem): number {
  return problem.steps!.findIndex((s) => s.asks === 'dL/da1' || s.asks === 'dL/dx');
}

describe('a chain-steps room through networks that branch', () => {
  let server: TestServer;
  const clock = new FakeClock();
  const clients: TestClient[] = [];

  beforeAll(async () => {
    server = await startServer({ clock, seedSource: () => ROOM_SEED });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server.close();
  });

  it('grades the sum where the paths meet against each student’s own shares, and names one path only and the product', async () => {
    const host = await TestClient.connect(server.url);
    clients.push(host);
    const created = await host.ok('room:create', { config: CONFIG });
    expect(created.snapshot.room).toMatchObject({ mode: 'chain-steps', kinds: ['branch-steps'] });
    const names = ['Ada', 'Bo', 'Cy', 'Di'];
    const players: TestClient[] = [];
    for (const nickname of names) {
      const p = await TestClient.connect(server.url);
      clients.push(p);
      await p.ok('room:join', { code: created.code, nickname });
      players.push(p);
    }
    await host.ok('game:start', {});

    for (let i = 0; i < CONFIG.questionCount; i++) {
      const questionId = `q${i + 1}`;
      const problem = generateProblem({ kind: 'branch-steps', seed: deriveSeed(ROOM_SEED, i), difficulty: CONFIG.difficulties[i]! });
      const views = (await Promise.all(players.map((p) => p.waitFor('room:phase', (v) => v.phase === 'question' && v.questionId === questionId)))) as QuestionView[];
      for (const view of views) {
        expect(view.problem).toEqual(toPublicProblem(problem));
        expect(view.problem.graph?.shape).toBe(i === 0 ? 'skip' : 'hidden-pair');
        expect(view.stepCount).toBe(problem.steps!.length);
      }
      const at = sumStep(problem);
      const steps = problem.steps!;
      const [first, second] = [steps[at - 2]!.answer, steps[at - 1]!.answer];
      // Ada: every step right. Bo: the first share doubled, then the sum of Bo's own shares.
      // Cy: the shares right, then multiplied. Di: the shares right, then the first one only.
      const plans: Record<string, (step: number) => number> = {
        Ada: (s) => steps[s]!.answer,
        Bo: (s) => (s === at - 2 ? 2 * first : s === at ? 2 * first + second : steps[s]!.answer),
        Cy: (s) => (s === at ? first * second : steps[s]!.answer),
        Di: (s) => (s === at ? first : steps[s]!.answer),
      };
      for (const [k, p] of players.entries()) {
        for (let s = 0; s <= at; s++) {
          clock.advance(200);
          const ack = await p.ok('answer:submit', { questionId, answer: plans[names[k]!]!(s).toPrecision(10), step: s });
          expect(ack.nextStep).toBe(s + 1 < steps.length ? s + 1 : null);
        }
      }
      // The sum is the last step: once everyone has sent it, the question closes by itself.
      const reveals = (await Promise.all(players.map((p) => p.waitFor('room:phase', (v) => v.phase === 'reveal' && v.questionId === questionId)))) as RevealView[];
      for (const reveal of reveals) expect(reveal.answer.steps!.map((s) => s.value)).toEqual(steps.map((s) => s.answer));
      const mine = await Promise.all(players.map((p) => p.waitFor('room:me', (m) => m.result?.questionId === questionId)));
      const atSum = mine.map((m) => m.result!.verdicts[at]!);
      expect(atSum[0]).toMatchObject({ status: 'correct', consistent: true });
      // Bo's sum is not the truth, but it is right from Bo's own shares: credit, and no diagnosis blaming the sum.
      expect(atSum[1]!.status).not.toBe('correct');
      expect(atSum[1]).toMatchObject({ consistent: true, diagnosis: null });
      expect(mine[1]!.result!.verdicts[at - 2]!.status).not.toBe('correct');
      expect(atSum[2]).toMatchObject({ status: 'wrong', consistent: false, diagnosis: 'multiplied-paths' });
      expect(atSum[3]).toMatchObject({ status: 'wrong', consistent: false, diagnosis: 'one-path-only' });
      const hostReveal = (await host.waitFor('room:phase', (v) => v.phase === 'reveal' && v.questionId === questionId)) as RevealView;
      expect(hostReveal.stats!.misconceptions.map((m) => m.key)).toEqual(expect.arrayContaining(['multiplied-paths', 'one-path-only']));
      await host.ok('game:next', { from: 'reveal' });
      if (i + 1 < CONFIG.questionCount) await host.ok('game:next', { from: 'leaderboard' });
    }
  });

  it('asks the chain when a chain-steps room is given no step kind, as before', async () => {
    const [one, two] = [await TestClient.connect(server.url), await TestClient.connect(server.url)];
    clients.push(one, two);
    const created = await one.ok('room:create', { config: { mode: 'chain-steps', kinds: ['forward', 'update'] } });
    expect(created.snapshot.room.kinds).toEqual(['chain-steps']);
    const both = await two.ok('room:create', { config: { mode: 'chain-steps', kinds: ['chain-steps', 'branch-steps', 'forward'] } });
    expect(both.snapshot.room.kinds).toEqual(['chain-steps', 'branch-steps']);
  });
});
