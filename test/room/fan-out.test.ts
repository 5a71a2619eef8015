import { describe, expect, it } from 'vitest';
import { FanOut } from '../../server/room/fan-out.ts';

const turn = () => new Promise((resolve) => setImmediate(resolve));


function setup(slice: number, connected: Record<string, string>) {
  const sent: { job: string; connectionIds: string[] }[] = [];
  const fanOut = new FanOut({ slice, connectionOf: (id) => connected[id] });
  const job = (name: string, live = false) => ({ live, deliver: (connectionIds: string[]) => sent.push({ job: name, connectionIds }) });
  return { sent, fanOut, job };
}

describe('fan-out of frames to many players', () => {
  it('sends the first slice at once and one slice per turn after, jobs in the order they came', async () => {
    const { sent, fanOut, job } = setup(2, { a: 'ca', b: 'cb', c: 'cc' });
    fanOut.send(['a', 'b', 'c'], job('phase'));
    fanOut.send(['a', 'b'], job('standings'));
    expect(sent).toEqual([{ job: 'phase', connectionIds: ['ca', 'cb'] }]);
    await turn();
    // A slice counts recipients, not jobs: the rest of one job and the start of the next.
    expect(sent.slice(1)).toEqual([
      { job: 'phase', connectionIds: ['cc'] },
      { job: 'standings', connectionIds: ['ca'] },
    ]);
    expect(fanOut.pending).toBe(true);
    await turn();
    expect(sent.slice(3)).toEqual([{ job: 'standings', connectionIds: ['cb'] }]);
    expect(fanOut.pending).toBe(false);
  });

  it('skips players with no connection when their slice goes, and those sent a snapshot since the job was queued', async () => {
    const connected: Record<string, string> = { a: 'ca', b: 'cb', c: 'cc' };
    const { sent, fanOut, job } = setup(1, connected);
    fanOut.send(['a', 'b', 'c'], job('phase'));
    delete connected.b;
    fanOut.freshen('c');
    fanOut.send(['a', 'c'], job('pause'));
    for (let i = 0; i < 6; i++) await turn();
    expect(sent).toEqual([
      { job: 'phase', connectionIds: ['ca'] },
      { job: 'pause', connectionIds: ['ca'] },
      { job: 'pause', connectionIds: ['cc'] },
    ]);
  });

  it('sends a live job still queued before anything queued after it, and drops everything when cleared', async () => {
    const { sent, fanOut, job } = setup(1, { a: 'ca', b: 'cb' });
    fanOut.send(['a', 'b'], job('verdicts', true));
    fanOut.send(['a', 'b'], job('leaderboard'));
    // The rest of the verdicts goes at once, before the leaderboard's first slice.
    expect(sent.map((s) => s.job)).toEqual(['verdicts', 'verdicts', 'leaderboard']);
    await turn();
    expect(sent.map((s) => s.job)).toEqual(['verdicts', 'verdicts', 'leaderboard', 'leaderboard']);
    fanOut.send(['a', 'b'], job('podium'));
    fanOut.clear();
    for (let i = 0; i < 3; i++) await turn();
    expect(sent.map((s) => s.job)).toEqual(['verdicts', 'verdicts', 'leaderboard', 'leaderboard', 'podium']);
    expect(fanOut.pending).toBe(false);
  });
});

describe('fan-out with a time limit per turn', () => {
  it('sends at least 250 a turn, even with no time at all, in pieces of 25, and gets through everything', async () => {
    const connected = Object.fromEntries(Array.from({ length: 560 }, (_, i) => [`p${i}`, `c${i}`]));
    const sent: string[][] = [];
    const fanOut = new FanOut({ slice: 1000, sliceMs: 0, connectionOf: (id) => connected[id] });
    fanOut.send(Object.keys(connected), { deliver: (ids) => sent.push(ids) });
    expect(sent.flat()).toHaveLength(250);
    expect(sent.every((ids) => ids.length === 25)).toBe(true);
    await turn();
    expect(sent.flat()).toHaveLength(500);
    await turn();
    expect(sent.flat()).toHaveLength(560);
    expect(fanOut.pending).toBe(false);
    expect(new Set(sent.flat()).size).toBe(560);
  });

  it('sends a room of a hundred in one go, whatever the time limit', () => {
    const connected = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`p${i}`, `c${i}`]));
    const sent: string[][] = [];
    const fanOut = new FanOut({ slice: 1000, sliceMs: 0, connectionOf: (id) => connected[id] });
    fanOut.send(Object.keys(connected), { deliver: (ids) => sent.push(ids) });
    expect(sent.flat()).toHaveLength(100);
    expect(fanOut.pending).toBe(false);
  });
});
