/**
 * The rooms of a contest play the same problems (`same`: the contest's seed in every room) or, with
 * `per-room`, problems of the same shape with their own numbers; a teacher's own numbers are the same
 * everywhere. Seen as the phones see them: the first question's public problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionView } from '../../shared/protocol/index.ts';
import type { SetContentInput } from '../../shared/question-sets/index.ts';
import { type ContestRoom, type ContestServer, closeRoom, createContest, newKey, openRoom, removeDir, startContestServer, storedSetId } from './support.ts';

describe('the problems of a contest\'s rooms', () => {
  let s: ContestServer;
  let key: string;
  const rooms: ContestRoom[] = [];
  beforeAll(async () => {
    s = await startContestServer();
    key = await newKey(s.url);
  });
  afterAll(async () => {
    for (const r of rooms) closeRoom(r);
    await s.close();
    removeDir(s.dataDir);
  });

  /** The problem each of three rooms shows for question `index` (0: generated, 1: the teacher's numbers). */
  async function problems(problemsMode: 'same' | 'per-room', index: number, setId = 'builtin:one-neuron:en'): Promise<string[]> {
    const contest = await createContest(s.url, key, {
      title: `Problems ${problemsMode}`,
      setId,
      rooms: [{ label: 'A' }, { label: 'B' }, { label: 'C' }],
      ranking: 'players',
      problems: problemsMode,
      lang: 'en',
    });
    const shown: string[] = [];
    for (const slot of contest.rooms) {
      const room = await openRoom(s.url, slot.roomKey, slot.label, ['Ada']);
      rooms.push(room);
      await room.host.ok('game:start', {});
      for (let i = 0; i < index; i++) {
        // Her answer closes the question (everyone answered).
        await room.players[0]!.ok('answer:submit', { questionId: `q${i + 1}`, answer: '0.5' });
        await room.host.waitFor('room:phase', (v) => v.phase === 'reveal' && v.index === i);
        await room.host.ok('game:next', { from: 'reveal' });
        await room.host.ok('game:next', { from: 'leaderboard' });
      }
      const view = (await room.players[0]!.waitFor('room:phase', (v) => v.phase === 'question' && v.index === index)) as QuestionView;
      shown.push(JSON.stringify(view.problem));
    }
    return shown;
  }

  it('same: every room the same numbers', async () => {
    const shown = await problems('same', 0);
    expect(new Set(shown).size).toBe(1);
  });

  it('per-room: each room its own numbers of the same kind; the teacher\'s own numbers alike in every room', async () => {
    const generated = await problems('per-room', 0);
    expect(new Set(generated).size).toBe(3);
    const kinds = generated.map((p) => (JSON.parse(p) as { kind: string; difficulty: number }));
    expect(new Set(kinds.map((k) => `${k.kind}/${k.difficulty}`)).size).toBe(1);
    const authored = await problems('per-room', 1);
    expect(new Set(authored).size).toBe(1);
  });

  it('per-room: an authored numeric item marked "each team its own numbers" gets each room\'s own numbers', async () => {
    const network = { x: 0.5, layers: [{ w: 0.4, b: 0.1, activation: 'sigmoid' as const }], loss: 'mse' as const, target: 0.8, lr: 0.1 };
    const set = {
      title: 'Variants',
      lang: 'en',
      items: [
        { type: 'numeric', network, asks: ['dL/dw1'], variants: true },
        { type: 'numeric', network, asks: ['dL/dw1'], variants: false },
      ],
    } satisfies SetContentInput;
    const setId = await storedSetId(s.url, key, set);
    const varied = (await problems('per-room', 0, setId)).map((p) => (JSON.parse(p) as { network: unknown }).network);
    expect(new Set(varied.map((n) => JSON.stringify(n))).size).toBe(3);
    for (const n of varied) expect(n).not.toEqual(network);
    expect(new Set(await problems('per-room', 1, setId)).size).toBe(1);
    // With the same numbers everywhere, the teacher's own.
    const same = (await problems('same', 0, setId)).map((p) => (JSON.parse(p) as { network: { x: number } }).network.x);
    expect(same).toEqual([0.5, 0.5, 0.5]);
  });
});
