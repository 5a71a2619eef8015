/** How a descent reveal writes the loss before and after a step, and what it says about it. */
import { describe, expect, it } from 'vitest';
import { lossChange } from '../../client/pages/play/descent/descent-format.ts';

describe('the loss change on a descent reveal', () => {
  it('says unchanged when the loss did not change (a team that submitted nothing)', () => {
    expect(lossChange(0.021187, 0.021187)).toEqual({ direction: 'same', before: '0.02119', after: '0.02119' });
  });

  it('never shows two equal numbers beside "went down" or "went up": it writes more digits until they differ', () => {
    const down = lossChange(0.0211904, 0.0211871);
    expect(down.direction).toBe('down');
    expect(down.before).not.toBe(down.after);
    expect(Number(down.after.replace('−', '-'))).toBeLessThan(Number(down.before.replace('−', '-')));
    const up = lossChange(0.30001, 0.3002);
    expect(up).toEqual({ direction: 'up', before: '0.3', after: '0.3002' });
  });

  it('calls a change below any shown digit unchanged', () => {
    expect(lossChange(0.5, 0.5 * (1 + 1e-13)).direction).toBe('same');
  });

  it('keeps four figures when they already tell the two apart', () => {
    expect(lossChange(0.1234, 0.05)).toEqual({ direction: 'down', before: '0.1234', after: '0.05' });
  });
});
