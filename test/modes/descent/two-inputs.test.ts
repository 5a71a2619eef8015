/**
 * Descent Race with the two-input neuron z = w₁x₁ + w₂x₂ + b, the Hard task's option
 * (`descent.inputs: 2`): refused below difficulty 3, w₂′ proposed beside w₁′ and b′, each graded
 * against the team's own parameters and applied even when wrong, w₂ in the views and reports. A
 * room without the option plays the one-input task it always did.
 */
import { describe, expect, it } from 'vitest';
import { type DescentParams, deriveSeed, generateDescentTask, measure, toPublicDescentTask } from '../../../shared/engine/index.ts';
import { type PodiumView, type QuestionView, type RevealView, RoomConfigSchema, type RoomConfigInput } from '../../../shared/protocol/index.ts';
import { DESCENT_LABELS, descentStepsCsv, descentTeamColumns } from '../../../server/modes/descent/report.ts';
import { buildReport } from '../../../server/report/room-report.ts';
import { type RoomState } from '../../../server/room/room-state.ts';
import { phaseViewFor } from '../../../server/room/view.ts';
import { HOST, accept, freshRoom, player, refuse } from '../../room/helpers.ts';
import { T0 } from '../../room/support.ts';

const TWO: RoomConfigInput = {
  mode: 'descent',
  questionCount: 2,
  difficulties: [3],
  timeLimitSec: 60,
  teams: { count: 2, assignment: 'self' },
  lang: 'en',
  descent: { activation: 'sigmoid', lr: 'team', confirm: 'second-member', inputs: 2 },
};

/** Two teams of two: p1, p2 in t1; p3, p4 in t2. */
function room(config: RoomConfigInput = TWO, seed = 42): RoomState {
  let s = freshRoom(config, seed);
  for (let n = 1; n <= 4; n++) {
    s = accept(s, { role: 'guest' }, { type: 'join', playerId: `p${n}`, tokenHash: `token-${n}`, nickname: `P${n}`, teamId: n <= 2 ? 't1' : 't2' }).state;
  }
  return s;
}

const taskOf = (s: RoomState) => toPublicDescentTask(s.descent!.task);
const runOf = (s: RoomState, teamId: string) => s.descent!.runs[teamId]!;
const qid = (s: RoomState) => s.questions[s.questions.length - 1]!.id;

/** The right step from the team's parameters, as typed; `wrongW2` adds w₂'s step instead of subtracting it. */
function step(s: RoomState, teamId: string, { wrongW2 = false } = {}): { w: string; w2: string; b: string; next: Required<DescentParams> } {
  const run = runOf(s, teamId);
  const g = measure(taskOf(s), run.params).gradient;
  const next = { w: run.params.w - run.lr * g.w, w2: run.params.w2! + (wrongW2 ? 1 : -1) * run.lr * g.w2!, b: run.params.b - run.lr * g.b };
  return { w: String(next.w), w2: String(next.w2), b: String(next.b), next };
}

function settle(s: RoomState, teamId: string, values: { w: string; w2: string; b: string }, proposer: string, confirmer: string): RoomState {
  const proposed = accept(s, player(proposer), { type: 'descent:propose', questionId: qid(s), ...values }, T0 + 1000);
  return accept(proposed.state, player(confirmer), { type: 'descent:confirm', questionId: qid(s), proposalId: proposed.reply.proposalId }, T0 + 1001).state;
}

describe('the two-input option', () => {
  it('is played at difficulty 3 only: below it the room is refused with a clear message', () => {
    for (const difficulties of [[1], [2], [2, 3]]) {
      const parsed = RoomConfigSchema.safeParse({ ...TWO, difficulties });
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues[0]).toMatchObject({ path: ['descent', 'inputs'], message: expect.stringContaining('difficulty 3') });
    }
    expect(RoomConfigSchema.safeParse({ ...TWO, difficulties: [3] }).success).toBe(true);
    // One input is allowed anywhere; another mode ignores the descent options.
    expect(RoomConfigSchema.safeParse({ ...TWO, difficulties: [1], descent: { inputs: 1 } }).success).toBe(true);
    expect(RoomConfigSchema.safeParse({ mode: 'quiz', descent: { inputs: 2 } }).success).toBe(true);
  });

  it('makes the two-input task from the room seed; without the option difficulty 3 is the one-input task as before', () => {
    const s = room();
    expect(s.descent!.task).toEqual(generateDescentTask({ seed: deriveSeed(42, 'descent'), difficulty: 3, activation: 'sigmoid', inputs: 2 }));
    expect(taskOf(s).inputs).toBe(2);
    expect(runOf(s, 't1').params).toEqual({ w: expect.any(Number), w2: expect.any(Number), b: expect.any(Number) });
    const one = room({ ...TWO, descent: { activation: 'sigmoid' } });
    expect(one.config.descent).toEqual({ activation: 'sigmoid', lr: 'team', confirm: 'second-member' });
    expect(one.descent!.task).toEqual(generateDescentTask({ seed: deriveSeed(42, 'descent'), difficulty: 3, activation: 'sigmoid' }));
    expect(JSON.stringify(one.descent)).not.toMatch(/"(inputs|x2|w2)"/);
  });
});

describe('a two-input iteration', () => {
  it('needs w₂′: missing, unreadable or sent to a one-input room it is refused and nothing changes', () => {
    const s = accept(room(), HOST, { type: 'game:start' }).state;
    const right = step(s, 't1');
    refuse(s, player('p1'), { type: 'descent:propose', questionId: 'q1', w: right.w, b: right.b }, 'invalid_answer');
    refuse(s, player('p1'), { type: 'descent:propose', questionId: 'q1', w: right.w, w2: null, b: right.b }, 'invalid_answer');
    const unreadable = refuse(s, player('p1'), { type: 'descent:propose', questionId: 'q1', w: right.w, w2: 'two', b: right.b }, 'invalid_answer');
    expect(unreadable.message).toContain('w₂′');
    refuse(s, player('p1'), { type: 'descent:propose', questionId: 'q1', w: right.w, w2: right.w2 }, 'invalid_answer');
    const one = accept(room({ ...TWO, difficulties: [2], descent: { activation: 'sigmoid' } }), HOST, { type: 'game:start' }).state;
    const refused = refuse(one, player('p1'), { type: 'descent:propose', questionId: 'q1', w: '0.1', w2: '0.2', b: '0.3' }, 'invalid_payload');
    expect(refused.message).toContain('w2');
  });

  it('grades w₁′, w₂′ and b′ against the team own parameters, applies a wrong w₂′, and shows w₂ to the team and at the reveal', () => {
    let s = accept(room(), HOST, { type: 'game:start' }).state;
    const start1 = runOf(s, 't1').params;
    const start2 = runOf(s, 't2').params;
    const right = step(s, 't1');
    const wrong = step(s, 't2', { wrongW2: true });

    const proposed = accept(s, player('p1'), { type: 'descent:propose', questionId: 'q1', w: right.w, w2: right.w2, b: right.b }, T0 + 1000);
    s = proposed.state;
    // The same step again is the same proposal; another w₂′ is a new one.
    expect(accept(s, player('p1'), { type: 'descent:propose', questionId: 'q1', w: right.w, w2: right.w2, b: right.b }).reply.proposalId).toBe(proposed.reply.proposalId);
    expect(accept(s, player('p1'), { type: 'descent:propose', questionId: 'q1', w: right.w, w2: '0.5', b: right.b }).reply.proposalId).not.toBe(proposed.reply.proposalId);
    const own = (phaseViewFor(s, { role: 'player', teamId: 't1' }, T0) as QuestionView).descent!;
    expect(own.task).toMatchObject({ inputs: 2 });
    expect(own.task.points.every((p) => typeof p.x2 === 'number')).toBe(true);
    const team = own.teams.find((t) => t.teamId === 't1')!;
    expect(team.proposals).toEqual([{ proposalId: 'd1', playerId: 'p1', name: 'P1', w: right.w, w2: right.w2, b: right.b }]);
    expect(team.params).toEqual(start1);
    expect(team.forward).toEqual(measure(taskOf(s), start1).points);
    expect(team.forward!.every((p) => typeof p.x2 === 'number')).toBe(true);
    // The other team sees neither the proposal nor the parameters.
    expect(JSON.stringify(phaseViewFor(s, { role: 'player', teamId: 't2' }, T0))).not.toContain(right.w2);
    s = accept(s, player('p2'), { type: 'descent:confirm', questionId: 'q1', proposalId: 'd1' }, T0 + 2000).state;
    s = settle(s, 't2', wrong, 'p3', 'p4');
    expect(s.phase).toEqual({ phase: 'reveal', index: 0 });

    const [h1] = runOf(s, 't1').history;
    const [h2] = runOf(s, 't2').history;
    expect(h1).toMatchObject({ correct: true, params: start1, submitted: { w: right.w, w2: right.w2, b: right.b } });
    expect(h1!.verdicts!.w2).toEqual({ status: 'correct', diagnosis: null });
    expect(h2).toMatchObject({ correct: false, params: start2 });
    expect(h2!.verdicts!.w.status).toBe('correct');
    expect(h2!.verdicts!.w2).toMatchObject({ status: 'wrong', diagnosis: 'added-step' });
    // Used even though wrong.
    expect(runOf(s, 't2').params).toEqual(wrong.next);
    expect(runOf(s, 't1').params).toEqual(right.next);
    expect(s.players.p1!.score).toBe(1000);
    expect(s.players.p3!.score).toBe(0);
    // Each member's result carries the three verdicts: w₁′, w₂′, b′.
    expect(s.questions[0]!.results!.p3!.verdicts.map((v) => v.answer)).toEqual([wrong.w, wrong.w2, wrong.b]);
    expect(s.questions[0]!.results!.p3!.verdicts[1]).toMatchObject({ status: 'wrong', diagnosis: 'added-step' });

    const reveal = (phaseViewFor(s, { role: 'player', teamId: 't1' }, T0) as RevealView).descent!;
    const other = reveal.teams.find((t) => t.teamId === 't2')!;
    expect(other.params).toEqual(wrong.next);
    expect(other.steps![0]).toMatchObject({ submitted: { w2: wrong.w2 }, verdicts: { w2: { status: 'wrong', diagnosis: 'added-step' } }, next: wrong.next });
  });

  it('names dL/dw₁ computed with x₂ ("paired the weight with the wrong input") in the verdict and the report', () => {
    // A room whose first team's step can tell the pairing mistake apart from an honest answer.
    let s = accept(room(), HOST, { type: 'game:start' }).state;
    const task = taskOf(s);
    const run = runOf(s, 't1');
    const m = measure(task, run.params);
    const dLdz = m.points.map((p) => (p.y - p.t) * p.y * (1 - p.y));
    const withX2 = dLdz.reduce((sum, d, i) => sum + d * task.points[i]!.x2!, 0) / task.points.length;
    const right = step(s, 't1');
    s = settle(s, 't1', { ...right, w: String(run.params.w - run.lr * withX2) }, 'p1', 'p2');
    s = settle(s, 't2', step(s, 't2'), 'p3', 'p4');
    expect(runOf(s, 't1').history[0]!.verdicts!.w).toEqual({ status: 'wrong', diagnosis: 'swapped-inputs' });
    const report = buildReport(s, { live: true, finishedAt: null, now: T0 + 3000 });
    expect(report.questions[0]!.misconceptions.map((mk) => mk.key)).toContain('swapped-inputs');
    expect(report.questions[0]!.descent![0]!.diagnosisText).toMatch(/wrong input/);
  });
});

describe('a two-input race in the reports', () => {
  it('has w₂ columns in the steps and teams CSVs, and w₂* from the podium on; a one-input room keeps its columns', () => {
    let s = accept(room(), HOST, { type: 'game:start' }).state;
    for (let i = 0; i < 2; i++) {
      s = settle(s, 't1', step(s, 't1'), 'p1', 'p2');
      s = settle(s, 't2', step(s, 't2', { wrongW2: i === 0 }), 'p3', 'p4');
      s = accept(s, HOST, { type: 'game:next', from: 'reveal' }).state;
      s = accept(s, HOST, { type: 'game:next', from: 'leaderboard' }).state;
    }
    expect(s.phase.phase).toBe('podium');
    const podium = (phaseViewFor(s, { role: 'host' }, T0) as PodiumView).descent!;
    expect(podium.hidden).toEqual(s.descent!.task.hidden);
    expect(podium.hidden!.w2).toEqual(expect.any(Number));

    const report = buildReport(s, { live: false, finishedAt: T0 + 10_000, now: T0 + 10_000 });
    expect(report.descent!.task.inputs).toBe(2);
    expect(report.descent!.hidden).toEqual(s.descent!.task.hidden);
    expect(report.descent!.teams[0]!.params.w2).toBe(runOf(s, 't1').params.w2);
    const row = report.questions[0]!.descent!.find((r) => r.teamId === 't2')!;
    expect(row).toMatchObject({ submitted: { w2: expect.any(String) }, verdicts: { w2: { status: 'wrong' } }, next: { w2: expect.any(Number) } });

    const l = DESCENT_LABELS.en;
    const csv = descentStepsCsv(report);
    const header = csv[0]!;
    for (const label of [l.w1, l.w2, l.submittedW1, l.submittedW2, l.verdictW1, l.verdictW2, l.nextW1, l.nextW2]) expect(header).toContain(label);
    expect(header.indexOf(l.w2)).toBe(header.indexOf(l.w1) + 1);
    expect(csv).toHaveLength(1 + 2 * 2);
    const t2First = csv.find((r) => r[0] === 1 && r[1] === s.teams[1]!.name)!;
    expect(t2First[header.indexOf(l.submittedW2)]).toBe(runOf(s, 't2').history[0]!.submitted!.w2);
    expect(t2First[header.indexOf(l.verdictW2)]).toBe('wrong');
    expect(t2First.every((cell) => cell !== undefined)).toBe(true);
    expect(csv.every((r) => r.length === header.length)).toBe(true);

    const teamHeader = descentTeamColumns.header(report);
    expect(teamHeader).toEqual([l.lossRank, l.finalLoss, l.correctSteps, l.lr, l.finalW1, l.finalW2, l.finalB, l.hiddenW1, l.hiddenW2, l.hiddenB]);
    const teamRow = descentTeamColumns.row(report, 't1');
    expect(teamRow).toHaveLength(teamHeader.length);
    expect(teamRow[teamHeader.indexOf(l.hiddenW2)]).toBe(s.descent!.task.hidden.w2);

    // The same room with one input: the CSVs' columns as they always were.
    let one = accept(room({ ...TWO, descent: { activation: 'sigmoid' } }), HOST, { type: 'game:start' }).state;
    const g = measure(taskOf(one), runOf(one, 't1').params).gradient;
    const p = runOf(one, 't1').params;
    const proposed = accept(one, player('p1'), { type: 'descent:propose', questionId: 'q1', w: String(p.w - runOf(one, 't1').lr * g.w), b: String(p.b - runOf(one, 't1').lr * g.b) });
    one = accept(proposed.state, player('p2'), { type: 'descent:confirm', questionId: 'q1', proposalId: proposed.reply.proposalId }).state;
    one = accept(one, HOST, { type: 'question:end', questionId: null }).state;
    const oneReport = buildReport(one, { live: true, finishedAt: null, now: T0 });
    expect(descentStepsCsv(oneReport)[0]).not.toContain(l.w2);
    expect(descentStepsCsv(oneReport)[0]!.slice(2, 4)).toEqual([l.w, l.b]);
    expect(descentTeamColumns.header(oneReport)).toEqual([l.lossRank, l.finalLoss, l.correctSteps, l.lr, l.finalW, l.finalB, l.hiddenW, l.hiddenB]);
    expect(JSON.stringify(oneReport.descent)).not.toMatch(/"(inputs|x2|w2)"/);
  });
});
