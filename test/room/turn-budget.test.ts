import { describe, expect, it } from 'vitest';
import { inTurnBudget } from '../../server/room/turn-budget.ts';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Spend at least `ms` of this turn. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('the frames budget of a turn of the event loop', () => {
  it('runs work at once while the turn has budget, later and in order once it is spent', async () => {
    await nextTurn();
    const ran: string[] = [];
    expect(inTurnBudget(() => ran.push('a'))).toBeNull();
    expect(ran).toEqual(['a']);
    busy(12);
    const b = inTurnBudget(() => ran.push('b'));
    const c = inTurnBudget(() => ran.push('c'));
    expect(b).toBeInstanceOf(Promise);
    expect(c).toBeInstanceOf(Promise);
    expect(ran).toEqual(['a']);
    await Promise.all([b, c]);
    expect(ran).toEqual(['a', 'b', 'c']);
    // A later turn has its budget again.
    await nextTurn();
    await nextTurn();
    expect(inTurnBudget(() => ran.push('d'))).toBeNull();
    expect(ran).toEqual(['a', 'b', 'c', 'd']);
  });

  it('rejects with what a deferred piece of work threw, and goes on with the rest', async () => {
    await nextTurn();
    inTurnBudget(() => undefined);
    busy(12);
    const ran: string[] = [];
    const failing = inTurnBudget(() => {
      throw new Error('boom');
    });
    const after = inTurnBudget(() => ran.push('after'));
    await expect(failing).rejects.toThrow('boom');
    await after;
    expect(ran).toEqual(['after']);
  });
});
