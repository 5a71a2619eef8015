import { describe, expect, it } from 'vitest';
import { SEED_NETWORK, evaluateNetwork, generateRelayProblem, makeRelayProblem } from '../../../shared/engine/index.ts';
import {
  currentLink,
  dealLinks,
  errorEntry,
  rankRuns,
  redealOpenLinks,
  relayPoints,
  startRun,
  submitLink,
  upstreamValue,
} from '../../../server/modes/relay/rules.ts';

const members = (n: number) => Array.from({ length: n }, (_, i) => `p${i + 1}`);

describe('dealing the links', () => {
  it.each([1, 2, 3, 4, 5, 6])('%i members: every link has a holder, shares differ by at most one', (m) => {
    for (const links of [4, 6, 8]) {
      for (let round = 0; round < 5; round++) {
        const holders = dealLinks(links, members(m), round);
        expect(holders).toHaveLength(links);
        const counts = members(m).map((p) => holders.filter((h) => h === p).length);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        if (m <= links) expect(counts.every((c) => c >= 1)).toBe(true);
      }
    }
  });

  it('with more members than links, links rotate between rounds so everyone plays', () => {
    const team = members(6);
    const held = new Set<string>();
    for (let round = 0; round < 3; round++) dealLinks(4, team, round).forEach((p) => held.add(p));
    expect(held.size).toBe(6);
  });
});

describe('a relay round', () => {
  const problem = makeRelayProblem(SEED_NETWORK);
  const q = evaluateNetwork(SEED_NETWORK);

  it('hands the upstream gradient on only when the previous link is sent', () => {
    let run = startRun(problem, 'red', ['ana', 'bo'], 0, 1000);
    expect(run.holders).toEqual(['ana', 'bo', 'ana', 'bo']);
    expect(currentLink(problem, run)).toBe(0);
    expect(submitLink(problem, run, 'bo', 0, '-0.226', 1100)).toMatchObject({ ok: false, code: 'not_your_turn' });
    const first = submitLink(problem, run, 'ana', 0, '-0.226', 1200);
    if (!first.ok) throw new Error('first link refused');
    run = first.run;
    expect(upstreamValue(problem, run, 1)).toBe(-0.226);
    expect(currentLink(problem, run)).toBe(1);
  });

  it('grades each link against what its holder received, so the projector can show where the error entered', () => {
    let run = startRun(problem, 'blue', ['a', 'b', 'c', 'd'], 0, 0);
    const send = (player: string, raw: string, at: number) => {
      const outcome = submitLink(problem, run, player, currentLink(problem, run)!, raw, at);
      if (!outcome.ok) throw new Error(`${player} refused: ${outcome.code}`);
      run = outcome.run;
      return outcome.result;
    };
    send('a', '-0.226', 10);
    // b forgets σ′: sends −0.226 instead of −0.226 · 0.244.
    const wrong = send('b', '-0.226', 20);
    expect(wrong.status).toBe('wrong');
    expect(wrong.consistent).toBe(false);
    // c multiplies what it received correctly by x = 0.5: consistent, but wrong overall.
    const carried = send('c', String(-0.226 * 0.5), 30);
    expect(carried).toMatchObject({ consistent: true, received: -0.226 });
    expect(carried.status).not.toBe('correct');
    const last = send('d', String(0.4 - 0.01 * -0.113), 40);
    expect(last.consistent).toBe(true);
    expect(run.finishedAt).toBe(40);
    expect(errorEntry(run)).toBe(1);
    expect(submitLink(problem, run, 'a', 0, '1', 50)).toMatchObject({ ok: false, code: 'already_sent' });
  });

  it('an unreadable value is refused without using up the link', () => {
    const run = startRun(problem, 'red', ['a'], 0, 0);
    const outcome = submitLink(problem, run, 'a', 0, 'abc', 1);
    expect(outcome).toMatchObject({ ok: false, code: 'invalid_answer' });
    expect(currentLink(problem, run)).toBe(0);
  });

  it('the fastest fully correct team wins; partial credit otherwise', () => {
    const finish = (teamId: string, team: string[], raws: string[], times: number[]) => {
      let run = startRun(problem, teamId, team, 0, 0);
      raws.forEach((raw, i) => {
        const outcome = submitLink(problem, run, run.holders[i]!, i, raw, times[i]!);
        if (!outcome.ok) throw new Error('refused');
        run = outcome.run;
      });
      return run;
    };
    const exact = ['dL/dy', 'dL/dz1', 'dL/dw1', "w1'"].map((k) => String(q[k]));
    const slow = finish('slow', ['a', 'b'], exact, [10, 20, 30, 400]);
    const fast = finish('fast', ['c', 'd'], exact, [10, 20, 30, 40]);
    const sloppy = finish('sloppy', ['e'], ['-0.226', '-0.226', '-0.113', '0.40113'], [1, 2, 3, 4]);
    const ranking = rankRuns([slow, sloppy, fast]);
    expect(ranking.map((r) => r.teamId)).toEqual(['fast', 'slow', 'sloppy']);
    expect(ranking[2]!.credit).toBeGreaterThan(0);
    expect(ranking[2]!.credit).toBeLessThan(1);
    expect(relayPoints(fast, true, ['c', 'd'])).toEqual({ c: 2500, d: 2500 });
  });

  it('a member who holds the current link and leaves hands it to a teammate', () => {
    let run = startRun(problem, 'red', ['a', 'b', 'c'], 0, 0);
    run = redealOpenLinks(run, ['a', 'c']);
    expect(run.holders.every((h) => h === 'a' || h === 'c')).toBe(true);
  });

  it('works for deeper chains too', () => {
    for (const difficulty of [2, 3] as const) {
      const deep = generateRelayProblem({ seed: 11, difficulty });
      const truth = evaluateNetwork(deep.network!);
      let run = startRun(deep, 't', members(3), 1, 0);
      deep.links.forEach((link, i) => {
        const outcome = submitLink(deep, run, run.holders[i]!, i, String(truth[link.asks]), i + 1);
        if (!outcome.ok) throw new Error('refused');
        expect(outcome.result.status).toBe('correct');
        run = outcome.run;
      });
      expect(rankRuns([run])[0]!.fullyCorrect).toBe(true);
    }
  });
});

describe('a link graded on what its holder received', () => {
  it('the update from a received gradient, rounded once, is close with no upstream link’s diagnosis, and earns points', () => {
    // A one-layer chain where the truth's catalogue for w′ holds "forgot the bias" right next to it.
    const problem = generateRelayProblem({ seed: 15, difficulty: 1 });
    const q = evaluateNetwork(problem.network!);
    const last = problem.links.length - 1;
    let run = startRun(problem, 't1', members(1), 0, 0);
    for (let link = 0; link < last; link++) {
      const outcome = submitLink(problem, run, 'p1', link, q[problem.links[link]!.asks]!.toPrecision(3), link + 1);
      if (!outcome.ok) throw new Error(outcome.code);
      run = outcome.run;
    }
    const received = upstreamValue(problem, run, last)!;
    const { w } = problem.network!.layers[0]!;
    const sent = (Math.round((w - problem.network!.lr * received) * 1e4) / 1e4).toString();
    const outcome = submitLink(problem, run, 'p1', last, sent, 10);
    if (!outcome.ok) throw new Error(outcome.code);
    expect(outcome.result.diagnosis).toBeNull();
    expect(outcome.result.status).toBe('close');
    expect(outcome.result.message.key).toBe('verdict.close-step');
    expect(relayPoints(outcome.run, false, members(1)).p1).toBeGreaterThan(3000);
  });
});
