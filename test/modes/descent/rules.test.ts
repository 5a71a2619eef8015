import { describe, expect, it } from 'vitest';
import { generateDescentTask, measure } from '../../../shared/engine/index.ts';
import {
  chooseLearningRate,
  closeIteration,
  confirm,
  propose,
  rankDescent,
  startDescentRun,
} from '../../../server/modes/descent/rules.ts';

const task = generateDescentTask({ seed: 7, difficulty: 2, activation: 'sigmoid' });

function rightStep(run: ReturnType<typeof startDescentRun>) {
  const { gradient } = measure(task, run.params);
  return { w: String(run.params.w - run.lr * gradient.w), b: String(run.params.b - run.lr * gradient.b) };
}

describe('the proposal and confirmation rule', () => {
  it('needs a second member to confirm; a member cannot confirm their own proposal', () => {
    let run = startDescentRun(task, 'red', task.defaultLr);
    const proposed = propose(run, { id: 'p1', playerId: 'ana', ...rightStep(run), at: 1 }, 'second-member', null);
    if (!proposed.ok) throw new Error('refused');
    run = proposed.run;
    expect(run.submission).toBeNull();
    expect(confirm(run, 'p1', 'ana', 'second-member', null, 2)).toEqual({ ok: false, code: 'own_proposal' });
    expect(confirm(run, 'nope', 'bo', 'second-member', null, 2)).toEqual({ ok: false, code: 'unknown_proposal' });
    const confirmed = confirm(run, 'p1', 'bo', 'second-member', null, 3);
    if (!confirmed.ok) throw new Error('refused');
    expect(confirmed.run.submission).toEqual({ proposalId: 'p1', confirmedBy: 'bo', at: 3 });
    // The first confirmed proposal is final for the iteration.
    expect(propose(confirmed.run, { id: 'p2', playerId: 'cy', w: '0', b: '0', at: 4 }, 'second-member', null)).toEqual({
      ok: false,
      code: 'already_submitted',
    });
  });

  it('with captains, the captain proposal is the submission and only the captain confirms', () => {
    const run = startDescentRun(task, 'red', task.defaultLr);
    const byMember = propose(run, { id: 'p1', playerId: 'bo', w: '1', b: '0', at: 1 }, 'captain', 'ana');
    if (!byMember.ok) throw new Error('refused');
    expect(byMember.run.submission).toBeNull();
    expect(confirm(byMember.run, 'p1', 'cy', 'captain', 'ana', 2)).toEqual({ ok: false, code: 'captain_only' });
    const byCaptain = propose(run, { id: 'p2', playerId: 'ana', w: '1', b: '0', at: 1 }, 'captain', 'ana');
    if (!byCaptain.ok) throw new Error('refused');
    expect(byCaptain.run.submission?.proposalId).toBe('p2');
  });

  it('a team may pick its learning rate from the offered list before its first step only', () => {
    const run = startDescentRun(task, 'red', task.defaultLr);
    expect(chooseLearningRate(task, run, 0.123)).toEqual({ ok: false, code: 'invalid_lr' });
    const chosen = chooseLearningRate(task, run, task.lrChoices[3]!);
    expect(chosen.ok && chosen.run.lr).toBe(task.lrChoices[3]);
  });
});

describe('iterations', () => {
  it('a wrong step is graded wrong and still applied, so the loss shows the consequence', () => {
    let run = startDescentRun(task, 'red', task.defaultLr);
    const { gradient } = measure(task, run.params);
    // Added instead of subtracted: the loss goes up.
    const wrong = { w: String(run.params.w + run.lr * gradient.w), b: String(run.params.b + run.lr * gradient.b) };
    const proposed = propose(run, { id: 'p1', playerId: 'a', ...wrong, at: 1 }, 'second-member', null);
    if (!proposed.ok) throw new Error('refused');
    const confirmed = confirm(proposed.run, 'p1', 'b', 'second-member', null, 2);
    if (!confirmed.ok) throw new Error('refused');
    run = closeIteration(task, confirmed.run);
    const [entry] = run.history;
    expect(entry!.correct).toBe(false);
    expect(entry!.verdicts!.w.status).toBe('wrong');
    expect(run.params.w).toBe(Number(wrong.w));
    expect(measure(task, run.params).loss).toBeGreaterThan(entry!.loss);
  });

  it('no submission keeps the parameters; correct steps lower the loss; ranking by final loss then correct steps', () => {
    let idle = startDescentRun(task, 'idle', task.defaultLr);
    let good = startDescentRun(task, 'good', task.defaultLr);
    for (let i = 0; i < 4; i++) {
      idle = closeIteration(task, idle);
      const proposed = propose(good, { id: `g${i}`, playerId: 'a', ...rightStep(good), at: i }, 'second-member', null);
      if (!proposed.ok) throw new Error('refused');
      const confirmed = confirm(proposed.run, `g${i}`, 'b', 'second-member', null, i);
      if (!confirmed.ok) throw new Error('refused');
      good = closeIteration(task, confirmed.run);
    }
    expect(idle.history.every((h) => h.submitted === null && !h.correct)).toBe(true);
    expect(idle.params).toEqual(idle.history[0]!.params);
    expect(good.history.every((h) => h.correct)).toBe(true);
    const standings = rankDescent(task, [idle, good]);
    const goodStanding = standings.find((s) => s.teamId === 'good')!;
    expect(goodStanding.correctSteps).toBe(4);
    expect(goodStanding.curve).toHaveLength(5);
    expect(goodStanding.curve[4]).toBeLessThan(goodStanding.curve[0]!);
    const idleStanding = standings.find((s) => s.teamId === 'idle')!;
    expect(standings.indexOf(goodStanding) < standings.indexOf(idleStanding)).toBe(goodStanding.loss <= idleStanding.loss);
  });
});
