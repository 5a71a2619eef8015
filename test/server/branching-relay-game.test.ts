/**
 * Backprop Relay on a network that branches, over real sockets: two teams of three play one round
 * on a hidden pair (x feeds two hidden neurons). After dL/dz₂ the two branches run in parallel,
 * the member holding x waits for both and adds the two shares. One team carries a branch's error
 * into the merge; the other's merging member follows one path only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { deriveSeed, evaluateGraph, formatNumber, generateRelayProblem } from '../../shared/engine/index.ts';
import type { QuestionView, RelayChainView, RevealView, RoomConfigInput, RoomReport } from '../../shared/protocol/index.ts';
import { FakeClock } from '../room/support.ts';
import { type TestServer, TestClient, startServer } from './support.ts';

const ROOM_SEED = 0x0bad_5eed;
const CONFIG = {
  mode: 'relay',
  kinds: ['branch-steps'],
  questionCount: 1,
  difficulties: [1],
  timeLimitSec: 120,
  teams: { count: 2, assignment: 'self' },
  lang: 'en',
} satisfies RoomConfigInput;

const chainOf = (view: { relay?: { chains: RelayChainView[] } | null }) => view.relay!.chains[0]!;

describe('a relay round on a network that branches, over real sockets', () => {
  let server: TestServer;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    server = await startServer({ clock: new FakeClock(), seedSource: () => ROOM_SEED });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server.close();
  });

  it('runs the two branches at once, holds the merge until both arrive, and grades the sum against what arrived', async () => {
    const host = await TestClient.connect(server.url);
    clients.push(host);
    const { code, hostToken } = await host.ok('room:create', { config: CONFIG });
    const phones = new Map<string, TestClient>();
    for (const [name, teamId] of [['Ada', 't1'], ['Bo', 't1'], ['Cy', 't1'], ['Di', 't2'], ['Ed', 't2'], ['Flo', 't2']] as const) {
      const phone = await TestClient.connect(server.url);
      clients.push(phone);
      phones.set((await phone.ok('room:join', { code, nickname: name, teamId })).playerId, phone);
    }
    const problems = {
      t1: generateRelayProblem({ seed: deriveSeed(ROOM_SEED, '0:t1'), difficulty: 1, kind: 'branch-steps' }),
      t2: generateRelayProblem({ seed: deriveSeed(ROOM_SEED, '0:t2'), difficulty: 1, kind: 'branch-steps' }),
    };
    await host.ok('game:start', {});
    const opened = (await host.waitFor('room:phase', (p) => p.phase === 'question')) as QuestionView;
    const questionId = opened.questionId;
    for (const teamId of ['t1', 't2'] as const) {
      const chain = opened.relay!.chains.find((c) => c.teamId === teamId)!;
      expect(chain.links.map((l) => l.asks)).toEqual(['dL/dy', 'dL/dz2', 'dL/da1_1', 'dL/dz1_1', 'dL/da1_2', 'dL/dz1_2', 'dL/dx']);
      expect(chain.links.map((l) => l.from.map((f) => f.link))).toEqual([[], [0], [1], [2], [1], [4], [3, 5]]);
      expect(chain.links[6]!.from.map((f) => f.local)).toEqual(['dz1_1/dx', 'dz1_2/dx']);
      expect(chain.open).toEqual([0]);
      expect(chain.problem!.graph!.shape).toBe('hidden-pair');
    }
    const frames = () => [host, ...phones.values()].flatMap((c) => c.frames).join('\n');
    for (const problem of Object.values(problems)) {
      for (const step of problem.steps!) expect(frames()).not.toContain(formatNumber(step.answer, 4));
    }

    const sentValues = { t1: [] as number[], t2: [] as number[] };
    const play = async (teamId: 't1' | 't2') => {
      const problem = problems[teamId];
      const q = evaluateGraph(problem.graph!);
      const links = opened.relay!.chains.find((c) => c.teamId === teamId)!.links;
      const phoneOf = (i: number) => phones.get(links[i]!.holderId)!;
      const send = async (i: number, value: number) => {
        await phoneOf(i).waitFor('room:phase', (p) => p.phase === 'question' && chainOf(p as QuestionView).open.includes(i));
        sentValues[teamId][i] = value;
        return phoneOf(i).ok('relay:submit', { questionId, link: i, answer: String(value) });
      };
      const truth = (i: number) => problem.steps![i]!.answer;
      await send(0, truth(0));
      const afterZ2 = await send(1, truth(1));
      // Both hidden neurons' branches open at once.
      expect(afterZ2.openLinks).toEqual([2, 4]);
      // The merge waits for both branches: refused, and nothing changes.
      const early = await phoneOf(6).call('relay:submit', { questionId, link: 6, answer: '0.01' });
      expect(early).toMatchObject({ ok: false, error: { code: 'invalid_step' } });
      // Sent at the same time by two members.
      const [a, b] = await Promise.all([send(2, truth(2)), send(4, truth(4))]);
      expect([a.link, b.link]).toEqual([2, 4]);
      // Team 1 carries an error down branch 1 (30 % too large); team 2 sends its branches right.
      const branch1 = teamId === 't1' ? Number((truth(3) * 1.3).toPrecision(4)) : truth(3);
      await Promise.all([send(3, branch1), send(5, truth(5))]);
      const merging = (await phoneOf(6).waitFor('room:phase', (p) => p.phase === 'question' && chainOf(p as QuestionView).open.includes(6))) as QuestionView;
      const merge = chainOf(merging).links[6]!;
      // The merging member sees both values that arrived, each with the local derivative to multiply it by.
      expect(merge.from.map((f) => f.value)).toEqual([branch1, truth(5)]);
      const shares = [branch1 * q['dz1_1/dx']!, truth(5) * q['dz1_2/dx']!];
      const last = await send(6, teamId === 't1' ? shares[0]! + shares[1]! : shares[0]!);
      expect(last).toMatchObject({ finished: true, nextLink: null, openLinks: [] });
    };
    await Promise.all([play('t1'), play('t2')]);

    const reveal = (await host.waitFor('room:phase', (p) => p.phase === 'reveal')) as RevealView;
    const t1 = reveal.relay!.chains.find((c) => c.teamId === 't1')!;
    const t2 = reveal.relay!.chains.find((c) => c.teamId === 't2')!;
    // Team 1: the error entered on branch 1; the merge added what arrived, right for what it received.
    expect(t1.errorEntry).toBe(3);
    expect(t1.links[6]!.sent).toMatchObject({ consistent: true, receivedAll: [sentValues.t1[3], sentValues.t1[5]] });
    expect(t1.links[6]!.sent!.status).not.toBe('correct');
    // Team 2: every link right but the merge, which took one path only.
    expect(t2.errorEntry).toBe(6);
    expect(t2.links.slice(0, 6).every((l) => l.sent?.status === 'correct')).toBe(true);
    expect(reveal.relay!.ranking!.some((r) => r.winner)).toBe(false);

    const report = ((await (await fetch(`${server.url}/api/rooms/${code}/report.json`, { headers: { Authorization: `Bearer ${hostToken}` } })).json()) as { data: RoomReport }).data;
    const reported = report.questions[0]!.relay!;
    expect(reported.find((t) => t.teamId === 't2')!.links[6]).toMatchObject({ diagnosis: 'one-path-only', from: [{ link: 3 }, { link: 5 }] });
    expect(reported.find((t) => t.teamId === 't1')!.links[6]!.receivedAll).toEqual([sentValues.t1[3], sentValues.t1[5]]);
    const csv = await (await fetch(`${server.url}/api/rooms/${code}/questions.csv`, { headers: { Authorization: `Bearer ${hostToken}` } })).text();
    const rows = parse(csv.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    const mergeRow = rows.find((r) => r.Team === reported.find((t) => t.teamId === 't1')!.team && r['Quantity sent'] === 'dL/dx')!;
    expect(mergeRow['Received upstream']).toBe(`${sentValues.t1[3]}; ${sentValues.t1[5]}`);
  });
});
