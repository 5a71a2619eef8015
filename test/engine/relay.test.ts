import { describe, expect, it } from 'vitest';
import {
  DIFFICULTIES,
  SEED_NETWORK,
  evaluateGraph,
  evaluateNetwork,
  generateRelayProblem,
  gradeAnswer,
  makeRelayProblem,
  numberTokens,
  roundSig,
  secretForms,
  toPublicProblem,
} from '../../shared/engine/index.ts';

describe('Backprop Relay links', () => {
  it('deals the source text example as dL/dy → dL/dz → dL/dw → w′', () => {
    const relay = makeRelayProblem(SEED_NETWORK);
    expect(relay.links.map((l) => l.asks)).toEqual(['dL/dy', 'dL/dz1', 'dL/dw1', "w1'"]);
    expect(relay.links.map((l) => l.local)).toEqual([null, 'da1/dz1', 'dz1/dw1', 'lr']);
    // The second member received −0.2 instead of −0.226 and multiplied correctly by 0.244.
    const carried = gradeAnswer(relay, '-0.0488', { step: 1, earlier: { 'dL/dy': -0.2 } });
    expect(carried).toMatchObject({ consistent: true });
    expect(carried.status).not.toBe('correct');
    expect(gradeAnswer(relay, '-0.0551', { step: 1, earlier: { 'dL/dy': -0.226 } })).toMatchObject({
      status: 'correct',
      consistent: true,
    });
  });

  it.each(DIFFICULTIES)('difficulty %i: every link hands on to the next and is graded against what it received', (difficulty) => {
    for (let seed = 1; seed <= 100; seed++) {
      const relay = generateRelayProblem({ seed, difficulty });
      const context = `d${difficulty} seed ${seed}`;
      expect(generateRelayProblem({ seed, difficulty }), context).toEqual(relay);
      expect(relay.network!.layers).toHaveLength(difficulty);
      const q = evaluateNetwork(relay.network!);
      relay.links.forEach((link, i) => {
        expect(link.upstream, context).toBe(i === 0 ? null : relay.links[i - 1]!.asks);
        const step = relay.steps![i]!;
        expect(step.asks).toBe(link.asks);
        expect(step.answer, context).toBe(q[link.asks]);
        const upstream = link.upstream ? { [link.upstream]: q[link.upstream]! } : {};
        expect(gradeAnswer(relay, String(step.answer), { step: i, earlier: upstream }).status, context).toBe('correct');
        if (link.upstream && link.local !== 'lr') {
          // A wrong upstream value times the right local derivative is consistent, and not correct.
          const received = q[link.upstream]! * 1.3;
          const forwarded = received * q[link.local!]!;
          const verdict = gradeAnswer(relay, String(forwarded), { step: i, earlier: { [link.upstream]: received } });
          expect(verdict.consistent, context).toBe(true);
          expect(verdict.status, context).not.toBe('correct');
        }
      });
      const tokens = numberTokens(JSON.stringify(toPublicProblem(relay)));
      for (const form of secretForms(relay)) expect(tokens.has(form), `${context}: ${form}`).toBe(false);
    }
  });

  it.each(DIFFICULTIES)('difficulty %i: a link is diagnosed only with a mistake it made on what it received', (difficulty) => {
    for (let seed = 1; seed <= 150; seed++) {
      const relay = generateRelayProblem({ seed, difficulty });
      const context = `d${difficulty} seed ${seed}`;
      const q = evaluateNetwork(relay.network!);
      const last = relay.links.length - 1;
      const received = roundSig(q['dL/dw1']!, 3);
      const { w } = relay.network!.layers[0]!;
      const { lr } = relay.network!;
      // The update from what was received, written with 4 decimals: a rounding slip at most, never an upstream mistake.
      const rounded = Math.round((w - lr * received) * 1e4) / 1e4;
      const verdict = gradeAnswer(relay, String(rounded), { step: last, earlier: { 'dL/dw1': received } });
      expect(verdict.diagnosis, `${context}: ${rounded}`).toBeUndefined();
      // Adding the step to what was received is this link's own mistake, and named as such.
      const added = w + lr * received;
      expect(gradeAnswer(relay, String(added), { step: last, earlier: { 'dL/dw1': received } }).diagnosis, context).toBe('added-step');
    }
  });


  it.each(DIFFICULTIES)('difficulty %i on a network that branches: the links make a tree, and the member where the branches meet adds them', (difficulty) => {
    for (let seed = 1; seed <= 100; seed++) {
      const relay = generateRelayProblem({ seed, difficulty, kind: 'branch-steps' });
      const context = `d${difficulty} seed ${seed}`;
      expect(generateRelayProblem({ seed, difficulty, kind: 'branch-steps' }), context).toEqual(relay);
      expect(relay.kind).toBe('branch-steps');
      expect(relay.graph?.shape).toBe('hidden-pair');
      expect(relay.graph!.x).toHaveLength(difficulty === 3 ? 2 : 1);
      const q = evaluateGraph(relay.graph!);
      const merges = relay.links.filter((link) => link.from.length === 2);
      expect(merges.map((l) => l.asks)).toEqual(difficulty === 3 ? ['dL/dx1', 'dL/dx2'] : ['dL/dx']);
      // The two hidden branches both start from dL/dz2: they can run at the same time.
      expect(relay.links[2]!.from[0]!.link).toBe(1);
      expect(relay.links[4]!.from[0]!.link).toBe(1);
      relay.links.forEach((link, i) => {
        expect(link.from.every((input) => input.link < i && relay.links[input.link]!.asks === input.upstream), context).toBe(true);
        expect(link.upstream).toBe(link.from[0]?.upstream ?? null);
        const step = relay.steps![i]!;
        expect(step.answer, context).toBe(q[link.asks]);
        const truth = Object.fromEntries(link.from.map((input) => [input.upstream, q[input.upstream]!]));
        expect(gradeAnswer(relay, String(step.answer), { step: i, earlier: truth }).status, `${context} ${link.asks}`).toBe('correct');
        if (link.from.length === 0) return;
        // Wrong values received (30 % too large), each times its local derivative and added: consistent, not correct.
        const received = Object.fromEntries(link.from.map((input) => [input.upstream, q[input.upstream]! * 1.3]));
        const own = link.from.reduce((sum, input) => sum + received[input.upstream]! * q[input.local]!, 0);
        const verdict = gradeAnswer(relay, String(own), { step: i, earlier: received });
        expect(verdict.consistent, `${context} ${link.asks}`).toBe(true);
        expect(verdict.status, `${context} ${link.asks}`).not.toBe('correct');
      });
      for (const merge of merges) {
        const i = relay.links.indexOf(merge);
        const truth = Object.fromEntries(merge.from.map((input) => [input.upstream, q[input.upstream]!]));
        const [first, second] = merge.from.map((input) => q[input.upstream]! * q[input.local]!) as [number, number];
        expect(gradeAnswer(relay, String(first), { step: i, earlier: truth }), `${context} one path`).toMatchObject({ status: 'wrong', diagnosis: 'one-path-only' });
        expect(gradeAnswer(relay, String(first * second), { step: i, earlier: truth }), `${context} product`).toMatchObject({ status: 'wrong', diagnosis: 'multiplied-paths' });
      }
      const tokens = numberTokens(JSON.stringify(toPublicProblem(relay)));
      for (const form of secretForms(relay)) expect(tokens.has(form), `${context}: ${form}`).toBe(false);
    }
  });
});
