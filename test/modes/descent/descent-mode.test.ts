/**
 * Descent Race as a room mode: one hidden task per room, each team descends from its own
 * guess. Every iteration is a question phase: members propose w′ (b′), a second member (or the
 * captain) confirms, and at the close the submission is graded against the team's own
 * parameters and applied even when wrong. Lowest final loss wins.
 */
import { describe, expect, it } from 'vitest';
import { type DescentParams, generateDescentTask, deriveSeed, measure, toPublicDescentTask } from '../../../shared/engine/index.ts';
import { type HostSnapshot, type LobbyView, type PodiumView, type QuestionView, type RevealView, RoomConfigSchema, type RoomConfigInput } from '../../../shared/protocol/index.ts';
import { DESCENT_LABELS, descentStepsCsv } from '../../../server/modes/descent/report.ts';
import { DESCENT_SCORING, rankDescent } from '../../../server/modes/descent/rules.ts';
import { buildReport } from '../../../server/report/room-report.ts';
import { type RoomState, transition, transitionInPlace } from '../../../server/room/room-state.ts';
import { phaseViewFor, viewFor } from '../../../server/room/view.ts';
import { HOST, SYSTEM, accept, freshRoom, player, refuse } from '../../room/helpers.ts';
import { T0 } from '../../room/support.ts';

const DESCENT: RoomConfigInput = {
  mode: 'descent',
  questionCount: 2,
  difficulties: [2],
  timeLimitSec: 60,
  teams: { count: 2, assignment: 'self' },
  descent: { activation: 'sigmoid', lr: 'team', confirm: 'second-member' },
};

/** A room with `sizes[i]` members in team t{i+1}, players p1, p2, … in that order. */
function descentRoom(sizes: readonly number[], config: RoomConfigInput = DESCENT, seed = 42): RoomState {
  let s = freshRoom({ ...config, teams: { count: Math.max(2, sizes.length), assignment: 'self' } }, seed);
  let n = 0;
  sizes.forEach((size, t) => {
    for (let i = 0; i < size; i++) {
      n++;
      s = accept(s, { role: 'guest' }, { type: 'join', playerId: `p${n}`, tokenHash: `token-${n}`, nickname: `P${n}`, teamId: `t${t + 1}` }).state;
    }
  });
  return s;
}

const taskOf = (s: RoomState) => toPublicDescentTask(s.descent!.task);
const runOf = (s: RoomState, teamId: string) => s.descent!.runs[teamId]!;
const qid = (s: RoomState) => s.questions[s.questions.length - 1]!.id;
/** The right step from the team's current parameters, as a student would type it. */
function rightStep(s: RoomState, teamId: string): { w: string; b: string | null; next: DescentParams } {
  const run = runOf(s, teamId);
  const g = measure(taskOf(s), run.params).gradient;
  const next = { w: run.params.w - run.lr * g.w, b: run.params.b - run.lr * g.b };
  return { w: String(next.w), b: taskOf(s).trainBias ? String(next.b) : null, next };
}
/** A wrong step: the gradient added instead of subtracted. */
function wrongStep(s: RoomState, teamId: string): { w: string; b: string | null; next: DescentParams } {
  const run = runOf(s, teamId);
  const g = measure(taskOf(s), run.params).gradient;
  const next = { w: run.params.w + run.lr * g.w, b: run.params.b + run.lr * g.b };
  return { w: String(next.w), b: taskOf(s).trainBias ? String(next.b) : null, next };
}
/** A team proposes (first member) and confirms (second member) a step. */
function settle(s: RoomState, teamId: string, step: { w: string; b: string | null }, proposer: string, confirmer: string, now = T0 + 1000): RoomState {
  const proposed = accept(s, player(proposer), { type: 'descent:propose', questionId: qid(s), w: step.w, b: step.b }, now);
  if (proposed.reply.submitted) return proposed.state;
  return accept(proposed.state, player(confirmer), { type: 'descent:confirm', questionId: qid(s), proposalId: proposed.reply.proposalId }, now + 1).state;
}
const questionView = (s: RoomState, teamId: string | null) => phaseViewFor(s, teamId === null ? { role: 'host' } : { role: 'player', teamId }, T0) as QuestionView;

describe('descent configuration', () => {
  it('needs teams, and takes its options with defaults', () => {
    expect(RoomConfigSchema.safeParse({ mode: 'descent' }).success).toBe(false);
    const parsed = RoomConfigSchema.parse({ mode: 'descent', teams: { count: 2 } });
    const s = freshRoom(parsed);
    expect(s.config.descent).toEqual({ activation: 'sigmoid', lr: 'team', confirm: 'second-member' });
    expect(s.descent!.task.activation).toBe('sigmoid');
    expect(Object.keys(s.descent!.runs)).toEqual(['t1', 't2']);
  });

  it('makes one hidden task per room from the room seed, at the first difficulty, one iteration per question', () => {
    const s = freshRoom({ ...DESCENT, difficulties: [3, 1], questionCount: 4, descent: { activation: 'linear' } }, 7);
    expect(s.descent!.task).toEqual(generateDescentTask({ seed: deriveSeed(7, 'descent'), difficulty: 3, activation: 'linear' }));
    expect(s.plan).toHaveLength(4);
    // Each team starts from its own guess, with the task's default η until it chooses.
    expect(runOf(s, 't1').params).not.toEqual(runOf(s, 't2').params);
    expect(runOf(s, 't1').lr).toBe(s.descent!.task.defaultLr);
  });

  it('never starts two teams from the same guess, whatever the room seed', () => {
    // With w alone trained (difficulty 1) the guesses come from a grid of a few dozen values,
    // so independent draws per team would collide in a few rooms out of a hundred.
    const rooms: string[] = [];
    for (let seed = 1; seed <= 300; seed++) {
      const s = freshRoom({ ...DESCENT, difficulties: [1], teams: { count: 4, assignment: 'self' } }, seed);
      const starts = ['t1', 't2', 't3', 't4'].map((t) => JSON.stringify(runOf(s, t).params));
      if (new Set(starts).size < starts.length) rooms.push(`seed ${seed}: ${starts.join(' ')}`);
    }
    expect(rooms).toEqual([]);
  });

  it('lets a team choose η from the task list before the first iteration only; a fixed η cannot be changed', () => {
    let s = descentRoom([2, 2]);
    const choice = taskOf(s).lrChoices[2]!;
    refuse(s, player('p1'), { type: 'descent:lr', lr: 0.123 }, 'invalid_answer');
    const chosen = accept(s, player('p2'), { type: 'descent:lr', lr: choice });
    s = chosen.state;
    expect(chosen.reply).toEqual({ lr: choice });
    expect(runOf(s, 't1').lr).toBe(choice);
    expect(((phaseViewFor(s, { role: 'player', teamId: 't2' }, T0) as LobbyView).descent!.teams[0]!.lr)).toBe(choice);
    refuse(s, HOST, { type: 'descent:lr', lr: choice }, 'not_in_room');
    s = accept(s, HOST, { type: 'game:start' }).state;
    refuse(s, player('p1'), { type: 'descent:lr', lr: choice }, 'wrong_phase');
    const fixed = descentRoom([1, 1], { ...DESCENT, descent: { lr: 0.7 } });
    expect(runOf(fixed, 't2').lr).toBe(0.7);
    refuse(fixed, player('p1'), { type: 'descent:lr', lr: taskOf(fixed).lrChoices[0]! }, 'not_allowed');
    // Under the captain rule the captain (first member) chooses.
    const captains = descentRoom([2, 1], { ...DESCENT, descent: { confirm: 'captain' } });
    refuse(captains, player('p2'), { type: 'descent:lr', lr: choice }, 'not_allowed');
    accept(captains, player('p1'), { type: 'descent:lr', lr: choice });
  });
});

describe('a descent iteration', () => {
  it('takes a proposal sent again (its acknowledgement lost, the phone resends it on reconnect) as the same proposal', () => {
    let s = accept(descentRoom([2, 2]), HOST, { type: 'game:start' }).state;
    const right = rightStep(s, 't1');
    s = accept(s, player('p1'), { type: 'descent:propose', questionId: 'q1', w: right.w, b: right.b }, T0 + 1000).state;
    const again = accept(s, player('p1'), { type: 'descent:propose', questionId: 'q1', w: right.w, b: right.b }, T0 + 2000);
    expect(again.reply).toEqual({ questionId: 'q1', proposalId: 'd1', submitted: false });
    expect(again.state).toBe(s);
    expect(runOf(again.state, 't1').proposals).toHaveLength(1);
    // A different step is a new proposal; another member's same step too.
    const other = accept(s, player('p1'), { type: 'descent:propose', questionId: 'q1', w: '0.5', b: right.b }, T0 + 3000);
    expect(other.reply.proposalId).toBe('d2');
    expect(accept(s, player('p2'), { type: 'descent:propose', questionId: 'q1', w: right.w, b: right.b }, T0 + 3000).reply.proposalId).toBe('d2');

    // Under the captain rule the captain's proposal is the team's step at once: sent again, the same reply.
    let c = accept(descentRoom([2, 2], { ...DESCENT, descent: { ...DESCENT.descent, confirm: 'captain' } }), HOST, { type: 'game:start' }).state;
    c = accept(c, player('p1'), { type: 'descent:propose', questionId: 'q1', w: right.w, b: right.b }, T0 + 1000).state;
    const resent = accept(c, player('p1'), { type: 'descent:propose', questionId: 'q1', w: right.w, b: right.b }, T0 + 2000);
    expect(resent.reply).toEqual({ questionId: 'q1', proposalId: 'd1', submitted: true });
    expect(resent.state).toBe(c);
    refuse(c, player('p1'), { type: 'descent:propose', questionId: 'q1', w: '0.5', b: right.b }, 'already_answered');
  });

  it('needs a second member to confirm; proposals stay in the team; the wrong step is applied; losses and points follow', () => {
    let s = accept(descentRoom([2, 2]), HOST, { type: 'game:start' }).state;
    expect(s.phase).toMatchObject({ phase: 'question', index: 0 });
    const t1Start = runOf(s, 't1').params;
    const t2Start = runOf(s, 't2').params;
    const right = rightStep(s, 't1');
    const wrong = wrongStep(s, 't2');

    refuse(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: '1', step: null }, 'not_allowed');
    refuse(s, player('p1'), { type: 'descent:propose', questionId: 'q7', w: right.w, b: right.b }, 'stale_question');
    refuse(s, player('p1'), { type: 'descent:propose', questionId: 'q1', w: 'abc', b: right.b }, 'invalid_answer');
    refuse(s, player('p1'), { type: 'descent:propose', questionId: 'q1', w: right.w, b: null }, 'invalid_answer');
    refuse(s, HOST, { type: 'descent:propose', questionId: 'q1', w: right.w, b: right.b }, 'not_in_room');

    const proposed = accept(s, player('p1'), { type: 'descent:propose', questionId: 'q1', w: right.w, b: right.b }, T0 + 1000);
    s = proposed.state;
    expect(proposed.reply).toEqual({ questionId: 'q1', proposalId: 'd1', submitted: false });
    expect(proposed.effects).toContainEqual({ type: 'team-phase', teamId: 't1' });
    // The projector learns that p1 has proposed (its roster row), not what.
    expect(proposed.effects).toContainEqual({ type: 'roster', playerIds: ['p1'] });
    const hostRoster = (viewFor(s, { role: 'host' }, T0) as HostSnapshot).roster;
    expect(hostRoster.find((row) => row.playerId === 'p1')).toMatchObject({ stepsAnswered: 1, answered: false });
    // The own team sees the proposal and who made it, its parameters, forward values and loss.
    const own = questionView(s, 't1').descent!.teams.find((t) => t.teamId === 't1')!;
    expect(own.proposals).toEqual([{ proposalId: 'd1', playerId: 'p1', name: 'P1', w: right.w, b: right.b }]);
    expect(own.params).toEqual(t1Start);
    expect(own.forward).toEqual(measure(taskOf(s), t1Start).points);
    expect(own.curve).toEqual([measure(taskOf(s), t1Start).loss]);
    // The other team and the projector never see it; the other team sees the curve only.
    const other = questionView(s, 't2').descent!.teams.find((t) => t.teamId === 't1')!;
    expect(other).toMatchObject({ proposals: null, params: null, forward: null, submission: null });
    expect(other.curve).toEqual(own.curve);
    expect(JSON.stringify(questionView(s, 't2'))).not.toContain(right.w);
    expect(JSON.stringify(questionView(s, null))).not.toContain(right.w);
    expect(questionView(s, null).descent!.teams.every((t) => t.proposals === null)).toBe(true);

    refuse(s, player('p1'), { type: 'descent:confirm', questionId: 'q1', proposalId: 'd1' }, 'not_allowed');
    refuse(s, player('p3'), { type: 'descent:confirm', questionId: 'q1', proposalId: 'd1' }, 'invalid_step');
    const confirmed = accept(s, player('p2'), { type: 'descent:confirm', questionId: 'q1', proposalId: 'd1' }, T0 + 2000);
    s = confirmed.state;
    expect(confirmed.reply).toEqual({ questionId: 'q1', proposalId: 'd1' });
    expect(s.phase.phase).toBe('question');
    refuse(s, player('p2'), { type: 'descent:propose', questionId: 'q1', w: '1', b: '1' }, 'already_answered');
    refuse(s, player('p1'), { type: 'descent:confirm', questionId: 'q1', proposalId: 'd1' }, 'already_answered');

    // Team 2 settles on a wrong step: the iteration closes once every team has submitted.
    s = settle(s, 't2', wrong, 'p4', 'p3', T0 + 3000);
    expect(s.phase).toEqual({ phase: 'reveal', index: 0 });
    expect(s.questions[0]!.closedBy).toBe('all-answered');
    const [h1] = runOf(s, 't1').history;
    const [h2] = runOf(s, 't2').history;
    expect(h1).toMatchObject({ correct: true, params: t1Start, loss: measure(taskOf(s), t1Start).loss, submitted: { proposedBy: 'p1', confirmedBy: 'p2' } });
    expect(h2).toMatchObject({ correct: false, params: t2Start, submitted: { proposedBy: 'p4', confirmedBy: 'p3' } });
    expect(h2!.verdicts!.w.status).not.toBe('correct');
    // The wrong step is applied all the same.
    expect(runOf(s, 't2').params.w).toBeCloseTo(wrong.next.w, 9);
    expect(runOf(s, 't2').params.b).toBeCloseTo(wrong.next.b, 9);
    expect(runOf(s, 't1').params.w).toBeCloseTo(right.next.w, 9);
    expect(s.players.p1!.score).toBe(DESCENT_SCORING.correctStep);
    expect(s.players.p2!.score).toBe(DESCENT_SCORING.correctStep);
    expect(s.players.p3!.score).toBe(0);
    expect(s.questions[0]!.results!.p3).toMatchObject({ correct: false, points: 0 });

    // At the reveal everyone sees each team's graded step and losses; no ranking before the last iteration.
    const reveal = (phaseViewFor(s, { role: 'player', teamId: 't2' }, T0) as RevealView).descent!;
    const t1 = reveal.teams.find((t) => t.teamId === 't1')!;
    expect(t1.steps![0]).toMatchObject({ correct: true, submitted: { w: right.w } });
    expect(t1.curve).toEqual([h1!.loss, measure(taskOf(s), runOf(s, 't1').params).loss]);
    expect(reveal.ranking).toBeNull();
    expect(reveal.hidden).toBeNull();
  });

  it('under the captain rule takes the captain\u2019s proposal at once and only the captain confirms', () => {
    let s = accept(descentRoom([2, 2], { ...DESCENT, descent: { confirm: 'captain' } }), HOST, { type: 'game:start' }).state;
    expect(questionView(s, 't1').descent!.teams.map((t) => t.captainId)).toEqual(['p1', 'p3']);
    const step = rightStep(s, 't2');
    const captain = accept(s, player('p3'), { type: 'descent:propose', questionId: 'q1', w: step.w, b: step.b });
    expect(captain.reply.submitted).toBe(true);
    s = captain.state;
    refuse(s, player('p4'), { type: 'descent:confirm', questionId: 'q1', proposalId: captain.reply.proposalId }, 'already_answered');
    const member = accept(s, player('p2'), { type: 'descent:propose', questionId: 'q1', w: '0.5', b: '0.1' });
    expect(member.reply.submitted).toBe(false);
    s = member.state;
    refuse(s, player('p2'), { type: 'descent:confirm', questionId: 'q1', proposalId: member.reply.proposalId }, 'not_allowed');
    // The captain may settle on a member's proposal (it is applied, though wrong).
    s = accept(s, player('p1'), { type: 'descent:confirm', questionId: 'q1', proposalId: member.reply.proposalId }).state;
    expect(s.phase.phase).toBe('reveal');
    expect(runOf(s, 't1').params).toEqual({ w: 0.5, b: 0.1 });
    expect(runOf(s, 't2').history[0]!.correct).toBe(true);
  });

  it('closes at the deadline (a team without a submission keeps its parameters) and by the host', () => {
    let s = accept(descentRoom([2, 2]), HOST, { type: 'game:start' }).state;
    const t2Start = runOf(s, 't2').params;
    s = settle(s, 't1', rightStep(s, 't1'), 'p1', 'p2');
    expect(s.phase.phase).toBe('question');
    refuse(s, player('p3'), { type: 'descent:propose', questionId: 'q1', w: '1', b: '1' }, 'round_closed', T0 + 60_000);
    s = accept(s, SYSTEM, { type: 'tick' }, T0 + 60_000).state;
    expect(s.questions[0]!.closedBy).toBe('deadline');
    expect(runOf(s, 't2').history[0]).toMatchObject({ submitted: null, correct: false, next: t2Start });
    expect(runOf(s, 't2').params).toEqual(t2Start);
    s = accept(s, HOST, { type: 'game:next', from: 'reveal' }, T0 + 61_000).state;
    s = accept(s, HOST, { type: 'game:next', from: 'leaderboard' }, T0 + 62_000).state;
    expect(s.phase).toMatchObject({ phase: 'question', index: 1 });
    refuse(s, player('p1'), { type: 'descent:propose', questionId: 'q1', w: '1', b: '1' }, 'round_closed', T0 + 63_000);
    s = accept(s, HOST, { type: 'question:end', questionId: 'q2' }, T0 + 63_000).state;
    expect(s.questions[1]!.closedBy).toBe('host');
    expect(runOf(s, 't1').history).toHaveLength(2);
  });

  it('keeps a proposal still waiting for a confirmation at the close: the reveal and the report say so', () => {
    let s = accept(descentRoom([2, 2]), HOST, { type: 'game:start' }).state;
    const start = runOf(s, 't2').params;
    s = settle(s, 't1', rightStep(s, 't1'), 'p1', 'p2');
    const waiting = rightStep(s, 't2');
    s = accept(s, player('p3'), { type: 'descent:propose', questionId: 'q1', w: waiting.w, b: waiting.b }, T0 + 2000).state;
    s = accept(s, HOST, { type: 'question:end', questionId: 'q1' }, T0 + 3000).state;
    // Nothing was submitted, so the parameters stayed: but the team did propose.
    expect(runOf(s, 't2').params).toEqual(start);
    const expected = { count: 1, latest: { w: waiting.w, b: waiting.b, proposedBy: 'p3' } };
    const stepOf = (view: { phase: unknown }) => (view.phase as RevealView).descent!.teams.find((t) => t.teamId === 't2')!.steps![0]!;
    expect(stepOf(viewFor(s, { role: 'host' }, T0 + 3000)).waiting).toEqual(expected);
    expect(stepOf(viewFor(s, { role: 'player', playerId: 'p4' }, T0 + 3000)).waiting).toEqual(expected);
    // The team that settled on a step had nothing waiting.
    expect((viewFor(s, { role: 'host' }, T0 + 3000).phase as RevealView).descent!.teams.find((t) => t.teamId === 't1')!.steps![0]!.waiting).toBeNull();
    const report = buildReport(s, { live: true, finishedAt: null, now: T0 + 3000 });
    const row = report.questions[0]!.descent!.find((r) => r.teamId === 't2')!;
    expect(row).toMatchObject({ submitted: null, waiting: { count: 1, latest: { w: waiting.w, b: waiting.b, proposedBy: { playerId: 'p3', name: 'P3' } } } });
    const csv = descentStepsCsv(report);
    const column = csv[0]!.indexOf(DESCENT_LABELS[report.room.lang].waiting);
    expect(column).toBeGreaterThan(0);
    expect(csv.find((r) => r[1] === 'Team 2' || r[1] === s.teams[1]!.name)![column]).toContain(waiting.w);
  });

  it('does not wait for a team without a connected member', () => {
    let s = accept(descentRoom([2, 1]), HOST, { type: 'game:start' }).state;
    s = accept(s, player('p3'), { type: 'drop' }).state;
    s = settle(s, 't1', rightStep(s, 't1'), 'p2', 'p1');
    expect(s.questions[0]!.closedBy).toBe('all-answered');
  });

  it('writes in place and undoes a refused or rolled-back event', () => {
    const s = accept(descentRoom([2, 2]), HOST, { type: 'game:start' }).state;
    const before = JSON.stringify(s);
    const step = rightStep(s, 't1');
    const { result, undo } = transitionInPlace(s, player('p1'), { type: 'descent:propose', questionId: 'q1', w: step.w, b: step.b }, T0 + 10);
    expect(result.ok).toBe(true);
    undo();
    expect(JSON.stringify(s)).toBe(before);
    // In place and copying agree.
    const copied = transition(JSON.parse(before) as RoomState, player('p1'), { type: 'descent:propose', questionId: 'q1', w: step.w, b: step.b }, T0 + 10);
    const again = transitionInPlace(JSON.parse(before) as RoomState, player('p1'), { type: 'descent:propose', questionId: 'q1', w: step.w, b: step.b }, T0 + 10);
    expect(again.result.ok && copied.ok && JSON.stringify(again.result.state)).toBe(copied.ok && JSON.stringify(copied.state));
  });
});

describe('a descent race to the podium', () => {
  it('ranks by lowest final loss, then correct steps; rank bonus to every member; w*, b* only at the podium', () => {
    let s = accept(descentRoom([2, 2, 1], { ...DESCENT, questionCount: 3 }), HOST, { type: 'game:start' }).state;
    const hidden = s.descent!.task.hidden;
    const seen: string[] = [];
    const look = () => {
      for (const viewer of [{ role: 'host' as const }, { role: 'player' as const, playerId: 'p1' }, { role: 'player' as const, playerId: 'p5' }]) {
        seen.push(JSON.stringify(viewFor(s, viewer, T0)));
      }
    };
    for (let i = 0; i < 3; i++) {
      look();
      s = settle(s, 't1', rightStep(s, 't1'), 'p1', 'p2');
      look();
      s = settle(s, 't2', i === 1 ? wrongStep(s, 't2') : rightStep(s, 't2'), 'p3', 'p4');
      s = accept(s, player('p5'), { type: 'descent:propose', questionId: qid(s), w: '0', b: '0' }).state;
      // A team of one cannot confirm its own proposal: it closes at the host's word.
      if (s.phase.phase === 'question') s = accept(s, HOST, { type: 'question:end', questionId: null }).state;
      look();
      s = accept(s, HOST, { type: 'game:next', from: 'reveal' }).state;
      look();
      if (i < 2) s = accept(s, HOST, { type: 'game:next', from: 'leaderboard' }).state;
    }
    // The last reveal carries the ranking.
    s = accept(s, HOST, { type: 'game:next', from: 'leaderboard' }).state;
    expect(s.phase.phase).toBe('podium');
    for (const frame of seen) expect(frame).not.toContain('"hidden":{');
    const expected = rankDescent(taskOf(s), Object.values(s.descent!.runs));
    const podium = (phaseViewFor(s, { role: 'player', teamId: 't3' }, T0) as PodiumView).descent!;
    expect(podium.hidden).toEqual(hidden);
    expect(podium.ranking!.map((r) => r.teamId)).toEqual(expected.map((r) => r.teamId));
    expect(podium.ranking![0]).toMatchObject({ rank: 1, loss: expected[0]!.loss, correctSteps: expected[0]!.correctSteps });
    expect(runOf(s, 't1').history.map((h) => h.correct)).toEqual([true, true, true]);
    expect(runOf(s, 't2').history.map((h) => h.correct)).toEqual([true, false, true]);
    const bonus = (teamId: string) => DESCENT_SCORING.rankBonus[expected.findIndex((r) => r.teamId === teamId)] ?? 0;
    expect(s.players.p1!.score).toBe(3 * DESCENT_SCORING.correctStep + bonus('t1'));
    expect(s.players.p2!.score).toBe(s.players.p1!.score);
    expect(s.players.p4!.score).toBe(2 * DESCENT_SCORING.correctStep + bonus('t2'));
    expect(s.players.p5!.score).toBe(bonus('t3'));
  });
});
