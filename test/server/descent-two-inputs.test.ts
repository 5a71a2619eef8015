/**
 * A Hard Descent Race with the two-input neuron over real sockets: a room with two inputs below
 * Hard is refused, a host and two teams of two play two iterations to the podium proposing w₁′,
 * w₂′ and b′; a proposal without a readable w₂′ is refused with its code and changes nothing; the
 * hidden w₁*, w₂*, b* reach nobody before the podium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveSeed, generateDescentTask, measure } from '../../shared/engine/index.ts';
import type { PodiumView, QuestionView, RevealView, RoomConfigInput } from '../../shared/protocol/index.ts';
import { FakeClock } from '../room/support.ts';
import { type TestServer, TestClient, startServer } from './support.ts';

const ROOM_SEED = 0x2_1bad;
const CONFIG = {
  mode: 'descent',
  questionCount: 2,
  difficulties: [3],
  timeLimitSec: 120,
  teams: { count: 2, assignment: 'self' },
  lang: 'en',
  descent: { activation: 'sigmoid', lr: 'team', confirm: 'second-member', inputs: 2 },
} satisfies RoomConfigInput;

describe('a two-input descent race over real sockets', () => {
  let server: TestServer;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    server = await startServer({ clock: new FakeClock(), seedSource: () => ROOM_SEED });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server.close();
  });

  it('refuses two inputs below Hard, plays w₁′, w₂′ and b′ to the podium, and refuses a bad w₂′ without changing anything', async () => {
    const host = await TestClient.connect(server.url);
    clients.push(host);
    const refused = await host.call('room:create', { config: { ...CONFIG, difficulties: [2] } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.stringContaining('difficulty 3') } });
    const { code } = await host.ok('room:create', { config: CONFIG });
    const task = generateDescentTask({ seed: deriveSeed(ROOM_SEED, 'descent'), difficulty: 3, activation: 'sigmoid', inputs: 2 });

    const phones: Record<string, TestClient> = {};
    for (const [name, teamId] of [['Ada', 't1'], ['Bo', 't1'], ['Cy', 't2'], ['Di', 't2']] as const) {
      const phone = await TestClient.connect(server.url);
      clients.push(phone);
      await phone.ok('room:join', { code, nickname: name, teamId });
      phones[name] = phone;
    }
    await host.ok('game:start', {});

    for (const index of [0, 1]) {
      const opened = (await host.waitFor('room:phase', (p) => p.phase === 'question' && p.index === index)) as QuestionView;
      expect(opened.descent!.task).toMatchObject({ inputs: 2 });
      expect(opened.descent!.task.points).toEqual(task.points);
      // The projector sees every team's w₁, w₂ and b (its maps), never a proposal.
      expect(opened.descent!.teams.every((t) => typeof t.params!.w2 === 'number' && t.proposals === null)).toBe(true);
      await Promise.all(
        ([['t1', 'Ada', 'Bo'], ['t2', 'Cy', 'Di']] as const).map(async ([teamId, proposer, confirmer]) => {
          const view = (await phones[proposer]!.waitFor('room:phase', (p) => p.phase === 'question' && p.index === index)) as QuestionView;
          const own = view.descent!.teams.find((t) => t.teamId === teamId)!;
          expect(own.forward!.every((p) => typeof p.x2 === 'number')).toBe(true);
          const g = measure(view.descent!.task, own.params!).gradient;
          const step = {
            w: String(own.params!.w - own.lr * g.w),
            w2: String(own.params!.w2! - own.lr * g.w2!),
            b: String(own.params!.b - own.lr * g.b),
          };
          if (index === 0 && teamId === 't1') {
            // w₂′ left out, or typed as something that is not a number: refused, the attempt not used up.
            expect(await phones[proposer]!.call('descent:propose', { questionId: view.questionId, w: step.w, b: step.b })).toMatchObject({
              ok: false,
              error: { code: 'invalid_answer', message: expect.stringContaining('w2') },
            });
            expect(await phones[proposer]!.call('descent:propose', { questionId: view.questionId, ...step, w2: 'w two' })).toMatchObject({
              ok: false,
              error: { code: 'invalid_answer', message: expect.stringContaining('w₂′') },
            });
            expect(await phones[proposer]!.call('descent:propose', { questionId: view.questionId, ...step, w2: 7 as unknown as string })).toMatchObject({
              ok: false,
              error: { code: 'invalid_payload' },
            });
          }
          const proposed = await phones[proposer]!.ok('descent:propose', { questionId: view.questionId, ...step });
          const seen = (await phones[confirmer]!.waitFor(
            'room:phase',
            (p) => p.phase === 'question' && p.index === index && (p.descent?.teams.find((t) => t.teamId === teamId)?.proposals?.length ?? 0) > 0,
          )) as QuestionView;
          // Nothing came of the refused attempts: the one proposal is the good one, with its w₂′.
          expect(seen.descent!.teams.find((t) => t.teamId === teamId)!.proposals).toEqual([
            { proposalId: proposed.proposalId, playerId: expect.any(String), name: proposer, w: step.w, w2: step.w2, b: step.b },
          ]);
          await phones[confirmer]!.ok('descent:confirm', { questionId: view.questionId, proposalId: proposed.proposalId });
        }),
      );
      const reveal = (await host.waitFor('room:phase', (p) => p.phase === 'reveal' && p.index === index)) as RevealView;
      expect(reveal.closedBy).toBe('all-answered');
      for (const team of reveal.descent!.teams) {
        expect(team.steps![index]).toMatchObject({ correct: true, verdicts: { w: { status: 'correct' }, w2: { status: 'correct' }, b: { status: 'correct' } } });
        expect(team.params!.w2).toBeCloseTo(Number(team.steps![index]!.submitted!.w2), 12);
      }
      await host.ok('game:next', { from: 'reveal' });
      await host.ok('game:next', { from: 'leaderboard' });
    }
    const standings = await host.waitFor('room:standings', (s) => s.final);
    expect(standings.teams!.map((t) => t.score).sort()).toEqual([3000, 3500]);
    const podium = (await phones.Cy!.waitFor('room:phase', (p) => p.phase === 'podium')) as PodiumView;
    expect(podium.descent!.hidden).toEqual(task.hidden);

    // Before the podium no frame carried w₁*, w₂*, b* together.
    const secret = `"w":${task.hidden.w},"w2":${task.hidden.w2},"b":${task.hidden.b}`;
    for (const client of [host, ...Object.values(phones)]) {
      await client.waitFor('room:phase', (p) => p.phase === 'podium');
      const cut = client.frames.findIndex((f) => f.includes('"phase":"podium"'));
      expect(cut).toBeGreaterThan(0);
      expect(client.frames[cut]).toContain(secret);
      for (const frame of client.frames.slice(0, cut)) expect(frame).not.toContain(secret);
    }
  });
});
