/**
 * A short Descent Race over real sockets: a host and two teams of two play two iterations to
 * the podium. Each team reads its parameters from its own view, one member proposes the step
 * and a teammate confirms it; the hidden w*, b* reach nobody before the podium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveSeed, generateDescentTask, measure } from '../../shared/engine/index.ts';
import type { PodiumView, QuestionView, RevealView, RoomConfigInput } from '../../shared/protocol/index.ts';
import { FakeClock } from '../room/support.ts';
import { type TestServer, TestClient, startServer } from './support.ts';

const ROOM_SEED = 0x0de5_cea5;
const CONFIG = {
  mode: 'descent',
  questionCount: 2,
  difficulties: [2],
  timeLimitSec: 120,
  teams: { count: 2, assignment: 'self' },
  lang: 'en',
  descent: { activation: 'sigmoid', lr: 'team', confirm: 'second-member' },
} satisfies RoomConfigInput;

/** Every object in a frame that carries both a `w` and a `b` number, and every `hidden` field. */
function paramsIn(frame: string): { pairs: { w: number; b: number }[]; hidden: unknown[] } {
  const pairs: { w: number; b: number }[] = [];
  const hidden: unknown[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.w === 'number' && typeof o.b === 'number') pairs.push({ w: o.w, b: o.b });
      if ('hidden' in o) hidden.push(o.hidden);
      Object.values(o).forEach(walk);
    }
  };
  const json = frame.replace(/^\d+/, '');
  if (json.startsWith('[') || json.startsWith('{')) walk(JSON.parse(json));
  return { pairs, hidden };
}

describe('a descent race over real sockets', () => {
  let server: TestServer;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    server = await startServer({ clock: new FakeClock(), seedSource: () => ROOM_SEED });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server.close();
  });

  it('plays two iterations to the podium; w* and b* appear in no frame before it', async () => {
    const host = await TestClient.connect(server.url);
    clients.push(host);
    const { code } = await host.ok('room:create', { config: CONFIG });
    const refused = await host.call('room:create', { config: { mode: 'descent' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.stringContaining('teams') } });
    const task = generateDescentTask({ seed: deriveSeed(ROOM_SEED, 'descent'), difficulty: 2, activation: 'sigmoid' });

    const phones: Record<string, TestClient> = {};
    for (const [name, teamId] of [['Ada', 't1'], ['Bo', 't1'], ['Cy', 't2'], ['Di', 't2']] as const) {
      const phone = await TestClient.connect(server.url);
      clients.push(phone);
      await phone.ok('room:join', { code, nickname: name, teamId });
      phones[name] = phone;
    }
    // Team 2 picks the largest η before the start.
    const lr = task.lrChoices[task.lrChoices.length - 1]!;
    expect(await phones.Cy!.ok('descent:lr', { lr })).toEqual({ lr });
    expect(await phones.Di!.call('descent:lr', { lr: 0.123 })).toMatchObject({ ok: false, error: { code: 'invalid_answer' } });
    await host.ok('game:start', {});

    for (const index of [0, 1]) {
      const opened = (await host.waitFor('room:phase', (p) => p.phase === 'question' && p.index === index)) as QuestionView;
      expect(opened.descent!.teams.map((t) => t.teamId)).toEqual(['t1', 't2']);
      await Promise.all(
        ([['t1', 'Ada', 'Bo'], ['t2', 'Cy', 'Di']] as const).map(async ([teamId, proposer, confirmer]) => {
          const view = (await phones[proposer]!.waitFor('room:phase', (p) => p.phase === 'question' && p.index === index)) as QuestionView;
          const own = view.descent!.teams.find((t) => t.teamId === teamId)!;
          const other = view.descent!.teams.find((t) => t.teamId !== teamId)!;
          expect(other.params).toBeNull();
          const g = measure(view.descent!.task, own.params!).gradient;
          const step = { w: String(own.params!.w - own.lr * g.w), b: String(own.params!.b - own.lr * g.b) };
          const proposed = await phones[proposer]!.ok('descent:propose', { questionId: view.questionId, ...step });
          expect(proposed.submitted).toBe(false);
          expect(await phones[proposer]!.call('descent:confirm', { questionId: view.questionId, proposalId: proposed.proposalId })).toMatchObject({
            ok: false,
            error: { code: 'not_allowed' },
          });
          // The teammate sees the proposal, then confirms it.
          const seen = (await phones[confirmer]!.waitFor(
            'room:phase',
            (p) => p.phase === 'question' && p.index === index && (p.descent?.teams.find((t) => t.teamId === teamId)?.proposals?.length ?? 0) > 0,
          )) as QuestionView;
          expect(seen.descent!.teams.find((t) => t.teamId === teamId)!.proposals![0]).toMatchObject({ proposalId: proposed.proposalId, name: proposer });
          await phones[confirmer]!.ok('descent:confirm', { questionId: view.questionId, proposalId: proposed.proposalId });
        }),
      );
      const reveal = (await host.waitFor('room:phase', (p) => p.phase === 'reveal' && p.index === index)) as RevealView;
      expect(reveal.closedBy).toBe('all-answered');
      expect(reveal.descent!.teams.every((t) => t.steps![index]!.correct)).toBe(true);
      expect(reveal.descent!.teams.every((t) => t.curve.length === index + 2)).toBe(true);
      expect(reveal.descent!.ranking === null).toBe(index === 0);
      await host.ok('game:next', { from: 'reveal' });
      await host.ok('game:next', { from: 'leaderboard' });
    }
    const standings = await host.waitFor('room:standings', (s) => s.final);
    // Two correct steps each (2 × 1000) and the rank bonus (1500 and 1000).
    expect(standings.teams!.map((t) => t.score).sort()).toEqual([3000, 3500]);
    const podium = (await phones.Ada!.waitFor('room:phase', (p) => p.phase === 'podium')) as PodiumView;
    expect(podium.descent!.hidden).toEqual(task.hidden);
    expect(podium.descent!.ranking).toHaveLength(2);

    // Before the podium, no frame on any device carried w*, b* (nor a filled `hidden` field).
    for (const client of [host, ...Object.values(phones)]) {
      await client.waitFor('room:phase', (p) => p.phase === 'podium');
      const cut = client.frames.findIndex((f) => f.includes('"phase":"podium"'));
      expect(cut).toBeGreaterThan(0);
      // The check sees them where they are: in the podium frame.
      expect(paramsIn(client.frames[cut]!).hidden).toContainEqual(task.hidden);
      for (const frame of client.frames.slice(0, cut)) {
        const { pairs, hidden } = paramsIn(frame);
        expect(hidden.every((h) => h === null)).toBe(true);
        expect(pairs.filter((p) => p.w === task.hidden.w && p.b === task.hidden.b)).toEqual([]);
        expect(frame).not.toContain(`"w":${task.hidden.w},"b":${task.hidden.b}`);
      }
    }
  });
});
