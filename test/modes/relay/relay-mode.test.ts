/**
 * Backprop Relay as a room mode: the team is the chain. Links are dealt from the loss
 * backwards, only the holder of the current link may send it, the upstream value goes to
 * the next holder, each link is graded against what its holder received, and the round
 * closes when every chain is complete, at the deadline or by the host.
 */
import { describe, expect, it } from 'vitest';
import { type RelayProblem, formatNumber, numberTokens } from '../../../shared/engine/index.ts';
import { type QuestionView, type RelayChainView, type RevealView, RoomConfigSchema, type RoomConfigInput } from '../../../shared/protocol/index.ts';
import { RELAY_SCORING, dealLinks } from '../../../server/modes/relay/rules.ts';
import { type RoomState, transition, transitionInPlace } from '../../../server/room/room-state.ts';
import { phaseViewFor, viewFor } from '../../../server/room/view.ts';
import { HOST, SYSTEM, accept, freshRoom, player, refuse } from '../../room/helpers.ts';
import { T0, createTestRoom, newConnectionId } from '../../room/support.ts';

const RELAY: RoomConfigInput = {
  mode: 'relay',
  questionCount: 2,
  difficulties: [1],
  timeLimitSec: 60,
  teams: { count: 2, assignment: 'self' },
};

/** A room with `sizes[i]` members in team t{i+1}, players p1, p2, … in that order. */
function relayRoom(sizes: readonly number[], config: RoomConfigInput = RELAY): RoomState {
  let s = freshRoom({ ...config, teams: { count: Math.max(2, sizes.length), assignment: 'self' } });
  let n = 0;
  sizes.forEach((size, t) => {
    for (let i = 0; i < size; i++) {
      n++;
      s = accept(s, { role: 'guest' }, { type: 'join', playerId: `p${n}`, tokenHash: `token-${n}`, nickname: `P${n}`, teamId: `t${t + 1}` }).state;
    }
  });
  return s;
}

function roundOf(s: RoomState) {
  if (s.phase.phase !== 'question') throw new Error(`not in a round but in ${s.phase.phase}`);
  return s.questions[s.phase.index]!;
}
const problemOf = (s: RoomState, teamId: string) => roundOf(s).variants![teamId] as RelayProblem;
const runOf = (s: RoomState, teamId: string) => roundOf(s).relay![teamId]!;
const right = (problem: RelayProblem, link: number) => String(problem.steps![link]!.answer);

/** Send the whole chain of a team correctly, each link by its holder. */
function sendChain(s: RoomState, teamId: string, now = T0 + 1000): RoomState {
  const problem = problemOf(s, teamId);
  for (let link = 0; link < problem.links.length; link++) {
    const holder = runOf(s, teamId).holders[link]!;
    s = accept(s, player(holder), { type: 'relay:submit', questionId: roundOf(s).id, link, answer: right(problem, link) }, now + link).state;
    if (s.phase.phase !== 'question') break;
  }
  return s;
}

describe('relay configuration', () => {
  it('refuses a relay room without teams, with a message that says so', () => {
    const parsed = RoomConfigSchema.safeParse({ mode: 'relay' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['teams'], message: expect.stringContaining('teams') });
    expect(RoomConfigSchema.safeParse({ mode: 'relay', teams: { count: 2 } }).success).toBe(true);
  });

  it('always gives each team its own numbers, one relay problem per round with the configured depth', () => {
    let s = relayRoom([2, 2], { ...RELAY, questionCount: 3, difficulties: [1, 2, 3] });
    expect(s.config.teams?.variants).toBe(true);
    s = accept(s, HOST, { type: 'game:start' }).state;
    for (const depth of [1, 2, 3]) {
      const round = roundOf(s);
      expect(round.problem.network?.layers).toHaveLength(depth);
      expect(problemOf(s, 't1').links).toHaveLength(2 + 2 * depth);
      expect(problemOf(s, 't1').network).not.toEqual(problemOf(s, 't2').network);
      s = accept(s, HOST, { type: 'question:skip', questionId: null }).state;
    }
    expect(s.phase.phase).toBe('podium');
  });
});

describe('dealing links to teams of 1 to 6', () => {
  it.each([1, 2, 3, 4, 5, 6])('a team of %i gets every link dealt in join order, rotating by round', (size) => {
    let s = accept(relayRoom([size, 1]), HOST, { type: 'game:start' }).state;
    const members = Array.from({ length: size }, (_, i) => `p${i + 1}`);
    for (const round of [0, 1]) {
      const run = runOf(s, 't1');
      expect(run.holders).toEqual(dealLinks(problemOf(s, 't1').links.length, members, round));
      expect(new Set(run.holders).size).toBe(Math.min(size, run.holders.length));
      s = sendChain(s, 't1');
      s = sendChain(s, 't2');
      expect(s.phase.phase).toBe('reveal');
      s = accept(s, HOST, { type: 'game:next', from: null }).state;
      if (round === 0) s = accept(s, HOST, { type: 'game:next', from: null }).state;
    }
  });
});

/** Every way a link's answer could be written (full precision, 3 and 4 significant figures). */
function formsOf(value: number): string[] {
  return [String(value), formatNumber(value, 3), formatNumber(value, 4)].map((f) => f.replace('\u2212', '-'));
}
function leaks(json: string, problem: RelayProblem, links: number[]): string[] {
  const tokens = numberTokens(json.replace(/\u2212/g, '-'));
  return links.flatMap((i) => formsOf(problem.steps![i]!.answer).filter((f) => tokens.has(f)).map((f) => `link ${i}: ${f}`));
}

describe('a relay round', () => {
  it('hands the upstream value on once sent, grades each link against what it received, and scores the chains', () => {
    let s = accept(relayRoom([3, 2]), HOST, { type: 'game:start' }).state;
    const problem = problemOf(s, 't1');
    const holders = runOf(s, 't1').holders;
    expect(holders).toEqual(['p1', 'p2', 'p3', 'p1']);
    const teamView = (teamId: string) => (phaseViewFor(s, { role: 'player', teamId }, T0) as QuestionView).relay!.chains;
    expect(teamView('t1')).toHaveLength(1);
    expect(teamView('t1')[0]).toMatchObject({ teamId: 't1', current: 0, upstreamValue: null, errorEntry: null, finished: false });
    // Nobody — the projector included — sees a link's answer before it is sent.
    for (const viewer of [{ role: 'host' as const }, { role: 'player' as const, playerId: 'p1' }, { role: 'player' as const, playerId: 'p4' }]) {
      expect(leaks(JSON.stringify(viewFor(s, viewer, T0)), problem, [0, 1, 2, 3])).toEqual([]);
    }

    // Out of turn, a teammate's link, the wrong event, a wrong question id.
    refuse(s, player('p2'), { type: 'relay:submit', questionId: 'q1', link: 1, answer: '0.1' }, 'invalid_step');
    refuse(s, player('p2'), { type: 'relay:submit', questionId: 'q1', link: 0, answer: '0.1' }, 'not_allowed');
    refuse(s, player('p1'), { type: 'relay:submit', questionId: 'q1', link: 9, answer: '0.1' }, 'invalid_step');
    refuse(s, player('p1'), { type: 'relay:submit', questionId: 'q7', link: 0, answer: '0.1' }, 'stale_question');
    refuse(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: '0.1', step: 0 }, 'not_allowed');
    refuse(s, player('p1'), { type: 'relay:submit', questionId: 'q1', link: 0, answer: 'abc' }, 'invalid_answer');

    // Link 0 goes wrong: it turns red live, and its value is what the next holder works from.
    const wrong0 = -3 * problem.steps![0]!.answer;
    const sent0 = accept(s, player('p1'), { type: 'relay:submit', questionId: 'q1', link: 0, answer: String(wrong0) }, T0 + 2000);
    s = sent0.state;
    expect(sent0.reply).toEqual({ questionId: 'q1', link: 0, nextLink: 1, openLinks: [1], finished: false });
    expect(sent0.effects).toContainEqual({ type: 'team-phase', teamId: 't1' });
    refuse(s, player('p1'), { type: 'relay:submit', questionId: 'q1', link: 0, answer: '1' }, 'already_answered');
    let chain = teamView('t1')[0]!;
    expect(chain).toMatchObject({ current: 1, upstreamValue: wrong0, errorEntry: 0 });
    expect(chain.links[0]!.sent).toMatchObject({ value: wrong0, received: null, status: 'wrong', consistent: false, afterMs: 2000 });
    expect(chain.links[1]).toMatchObject({ holderId: 'p2', holderName: 'P2', upstream: 'dL/dy', local: 'da1/dz1', sent: null });
    // The upstream value stays in team t1 (and on the projector).
    expect(JSON.stringify(phaseViewFor(s, { role: 'player', teamId: 't2' }, T0))).not.toContain(String(wrong0));
    expect(leaks(JSON.stringify(viewFor(s, { role: 'host' }, T0)), problem, [1, 2, 3])).toEqual([]);

    // Links 1 and 2 multiply what they received correctly: wrong, but consistent (error carried forward).
    let received = wrong0;
    for (const link of [1, 2]) {
      const local = problem.steps![link]!.answer / problem.steps![link - 1]!.answer;
      received *= local;
      s = accept(s, player(holders[link]!), { type: 'relay:submit', questionId: 'q1', link, answer: String(received) }, T0 + 3000 + link).state;
      expect(teamView('t1')[0]!.links[link]!.sent).toMatchObject({ status: 'wrong', consistent: true });
    }
    const last = accept(s, player('p1'), { type: 'relay:submit', questionId: 'q1', link: 3, answer: right(problem, 3) }, T0 + 5000);
    s = last.state;
    expect(last.reply).toMatchObject({ nextLink: null, openLinks: [], finished: true });
    chain = teamView('t1')[0]!;
    expect(chain).toMatchObject({ finished: true, current: null, durationMs: 5000, errorEntry: 0 });
    // One finished chain does not close the round while another team is still sending.
    expect(s.phase.phase).toBe('question');

    s = sendChain(s, 't2', T0 + 8000);
    expect(s.phase).toEqual({ phase: 'reveal', index: 0 });
    const round = s.questions[0]!;
    expect(round.closedBy).toBe('all-answered');
    // Team t2 sent a fully correct chain: every link 1000, plus the winner's bonus to each member.
    expect(round.results!.p4).toMatchObject({ correct: true, points: 2 * 1000 + RELAY_SCORING.winnerBonus, breakdown: { speed: RELAY_SCORING.winnerBonus } });
    expect(round.results!.p5!.points).toBe(2 * 1000 + RELAY_SCORING.winnerBonus);
    // Team t1: p2 and p3 each carried the error forward (0.75), p1 sent the wrong first link.
    expect(round.results!.p2).toMatchObject({ correct: false, points: 750, status: 'partial' });
    expect(round.results!.p3!.points).toBe(750);
    expect(round.results!.p1!.verdicts.map((v) => v.status)).toEqual(['wrong', 'wrong', 'wrong', expect.any(String)]);
    expect(s.players.p4!.score).toBe(2500);
    expect(s.players.p2!.asked).toBe(1);

    const reveal = phaseViewFor(s, { role: 'host' }, T0) as RevealView;
    expect(reveal.relay!.chains.map((c) => c.teamId)).toEqual(['t1', 't2']);
    expect(reveal.relay!.ranking).toMatchObject([
      { teamId: 't2', rank: 1, fullyCorrect: true, winner: true },
      { teamId: 't1', rank: 2, fullyCorrect: false, winner: false },
    ]);
  });

  it('closes at the deadline and by the host, refusing late links', () => {
    let s = accept(relayRoom([2, 2]), HOST, { type: 'game:start' }).state;
    refuse(s, player('p1'), { type: 'relay:submit', questionId: 'q1', link: 0, answer: '0.1' }, 'round_closed', T0 + 60_000);
    s = accept(s, SYSTEM, { type: 'tick' }, T0 + 60_000).state;
    expect(s.questions[0]!.closedBy).toBe('deadline');
    expect(s.questions[0]!.results!.p1).toMatchObject({ status: 'none', points: 0 });
    refuse(s, player('p1'), { type: 'relay:submit', questionId: 'q1', link: 0, answer: '0.1' }, 'round_closed');
    s = accept(accept(s, HOST, { type: 'game:next', from: null }).state, HOST, { type: 'game:next', from: null }).state;
    s = accept(s, HOST, { type: 'question:end', questionId: 'q2' }).state;
    expect(s.questions[1]!.closedBy).toBe('host');
  });

  it('refuses relay links in a quiz room', () => {
    const quiz = accept(freshRoom({ kinds: ['chain-steps'], teams: { count: 2 } }, 1), { role: 'guest' }, { type: 'join', playerId: 'p1', tokenHash: 'h', nickname: 'A', teamId: null }).state;
    refuse(accept(quiz, HOST, { type: 'game:start' }).state, player('p1'), { type: 'relay:submit', questionId: 'q1', link: 0, answer: '1' }, 'not_allowed');
  });

  it('gives the same result in place, and an undo restores the state byte for byte', () => {
    const s = accept(relayRoom([2, 2]), HOST, { type: 'game:start' }).state;
    const event = { type: 'relay:submit' as const, questionId: 'q1', link: 0, answer: right(problemOf(s, 't1'), 0) };
    const copied = transition(s, player('p1'), event, T0 + 10);
    const live = structuredClone(s);
    const before = JSON.stringify(live);
    const applied = transitionInPlace(live, player('p1'), event, T0 + 10);
    expect(applied.result.ok && copied.ok && JSON.stringify(applied.result.state)).toBe(copied.ok && JSON.stringify(copied.state));
    applied.undo();
    expect(JSON.stringify(live)).toBe(before);
  });
});

describe('members coming and going', () => {
  it('a member who holds the current link rejoins and gets it back; a leaving member\'s open links are redealt', () => {
    const { room, host, join, transport } = createTestRoom({ ...RELAY, questionCount: 1 });
    const [a, b, c] = ['A', 'B', 'C'].map((n) => join(n, 't1'));
    const d = join('D', 't2');
    expect(host.send({ type: 'game:start' }).ok).toBe(true);
    const problem = room.current.questions[0]!.variants!.t1 as RelayProblem;
    expect(room.current.questions[0]!.relay!.t1!.holders).toEqual([a!.playerId, b!.playerId, c!.playerId, a!.playerId]);
    expect(a!.send({ type: 'relay:submit', questionId: 'q1', link: 0, answer: right(problem, 0) }).ok).toBe(true);

    // B holds link 1 now; the phone drops and comes back on a new connection.
    room.drop(b!.connectionId);
    const again = newConnectionId(transport);
    expect(room.reconnect(again, { role: 'player', playerId: b!.playerId! })).toBe(true);
    const snapshot = transport.connection(again).frames.find((f) => f.event === 'room:snapshot')!.payload as { phase: QuestionView };
    const chain: RelayChainView = snapshot.phase.relay!.chains[0]!;
    expect(chain).toMatchObject({ current: 1, upstreamValue: problem.steps![0]!.answer });
    expect(chain.links[1]!.holderId).toBe(b!.playerId);
    expect(room.request(again, { type: 'relay:submit', questionId: 'q1', link: 1, answer: right(problem, 1) }).ok).toBe(true);

    // C leaves holding link 2: it goes to a teammate who stays; team t2's phones hear nothing of it.
    const dFrames = d!.framesOf('room:phase').length;
    expect(c!.send({ type: 'room:leave' }).ok).toBe(true);
    const redealt = room.current.questions[0]!.relay!.t1!;
    expect(redealt.holders[2]).toBe(a!.playerId);
    expect((host.last('room:phase') as QuestionView).relay!.chains[0]!.links[2]!.holderId).toBe(a!.playerId);
    expect(a!.last('room:phase')).toMatchObject({ relay: { chains: [{ current: 2 }] } });
    expect(d!.framesOf('room:phase')).toHaveLength(dFrames);
    expect(a!.send({ type: 'relay:submit', questionId: 'q1', link: 2, answer: right(problem, 2) }).ok).toBe(true);
    expect(a!.send({ type: 'relay:submit', questionId: 'q1', link: 3, answer: right(problem, 3) }).ok).toBe(true);
  });
});
