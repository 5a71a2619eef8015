/**
 * Reports of the team modes. A relay game: every link of every team's chain in the JSON and as
 * one CSV row each (holder, what it received, what it sent, verdict, right-for-what-it-received,
 * seconds), with the team's round result — including a slip that carries down the chain, a
 * holder who leaves and a round cut short. A descent race: one row per team per iteration
 * (parameters, loss, η, the submitted w′ b′, proposer and confirmer, verdicts, diagnosis, the
 * parameters it continues from), the ranking after the last iteration and w*, b* only from the
 * podium on. The CSVs are parsed back and checked against the room's own state; the downloads
 * go through the real HTTP API once.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RelayProblem, deriveSeed, formatNumber, generateRelayProblem, gradeAnswer, measure, roundSig, toPublicDescentTask } from '../../shared/engine/index.ts';
import type { QuestionView, RoomConfigInput, RoomReport } from '../../shared/protocol/index.ts';
import { guardCell, playersCsv, questionsCsv, teamsCsv } from '../../server/report/report-csv.ts';
import { buildReport } from '../../server/report/room-report.ts';
import type { RoomState } from '../../server/room/room-state.ts';
import { HOST, accept, freshRoom, player } from '../room/helpers.ts';
import { FakeClock, T0 } from '../room/support.ts';
import { type TestServer, TestClient, startServer } from '../server/support.ts';

/** A room with `sizes[i]` members in team t{i+1}: players p1, p2, … named P1, P2, …. */
function teamRoom(config: RoomConfigInput, sizes: readonly number[], seed = 42): RoomState {
  let s = freshRoom({ ...config, teams: { count: sizes.length, assignment: 'self' } }, seed);
  let n = 0;
  sizes.forEach((size, t) => {
    for (let i = 0; i < size; i++) {
      n++;
      s = accept(s, { role: 'guest' }, { type: 'join', playerId: `p${n}`, tokenHash: `token-${n}`, nickname: `P${n}`, teamId: `t${t + 1}` }).state;
    }
  });
  return s;
}

const report = (s: RoomState): RoomReport => buildReport(s, { live: true, finishedAt: null, now: T0 });
const table = (csv: string) => {
  const [header, ...rows] = parse(csv, { bom: true }) as string[][];
  const column = (name: string) => {
    const i = header!.indexOf(name);
    if (i < 0) throw new Error(`no column ${name} in ${header!.join(' | ')}`);
    return i;
  };
  return { header: header!, rows, cell: (row: string[], name: string) => row[column(name)]! };
};

describe('a relay game’s report', () => {
  const RELAY: RoomConfigInput = { mode: 'relay', questionCount: 2, difficulties: [1], timeLimitSec: 60, lang: 'en' };
  let s = teamRoom(RELAY, [2, 2]);
  const problemOf = (teamId: string) => s.questions.at(-1)!.variants![teamId] as RelayProblem;
  const runOf = (teamId: string) => s.questions.at(-1)!.relay![teamId]!;
  const send = (teamId: string, link: number, answer: string, at: number) => {
    s = accept(s, player(runOf(teamId).holders[link]!), { type: 'relay:submit', questionId: s.questions.at(-1)!.id, link, answer }, at).state;
  };

  /** A wrong dL/dz: a classic mistake when the engine names one for this link, else a value far off. */
  function slip(problem: RelayProblem, link: number, received: number): string {
    const upstream = problem.links[link]!.upstream!;
    for (const m of problem.steps![link]!.misconceptions) {
      if (typeof m.value !== 'number') continue;
      const verdict = gradeAnswer(problem, formatNumber(m.value, 4), { step: link, earlier: { [upstream]: received } });
      if (verdict.status === 'wrong' && verdict.diagnosis) return formatNumber(m.value, 4);
    }
    return formatNumber(problem.steps![link]!.answer * -3, 4);
  }

  beforeAll(() => {
    s = accept(s, HOST, { type: 'game:start' }, T0).state;
    // Round 1: t1 sends its whole chain right; in t2 the second link slips and the rest follow from it.
    const t1 = problemOf('t1');
    t1.steps!.forEach((step, link) => send('t1', link, String(step.answer), T0 + 1000 * (link + 1)));
    const t2 = problemOf('t2');
    send('t2', 0, String(t2.steps![0]!.answer), T0 + 1500);
    send('t2', 1, slip(t2, 1, t2.steps![0]!.answer), T0 + 3000);
    const wrong = runOf('t2').results[1]!.value;
    const { x, lr, layers } = t2.network!;
    send('t2', 2, String(wrong * x), T0 + 4500);
    expect(s.phase.phase).toBe('question');
    send('t2', 3, String(layers[0]!.w - lr * runOf('t2').results[2]!.value), T0 + 6000);
    expect(s.phase).toMatchObject({ phase: 'reveal', index: 0 });
    // A holder of round 1 leaves; round 2 is cut short by the host after one link of t1.
    s = accept(s, player('p4'), { type: 'room:leave' }, T0 + 7000).state;
    s = accept(s, HOST, { type: 'game:next', from: 'reveal' }, T0 + 8000).state;
    s = accept(s, HOST, { type: 'game:next', from: 'leaderboard' }, T0 + 9000).state;
    send('t1', 0, String(problemOf('t1').steps![0]!.answer), T0 + 11_000);
    s = accept(s, HOST, { type: 'question:end', questionId: 'q2' }, T0 + 12_000).state;
  });

  it('gives each round every team’s chain link by link, ranked as on the reveal', () => {
    const r = report(s);
    const [round1, round2] = r.questions;
    expect(round1!.relay!.map((t) => [t.teamId, t.rank, t.winner, t.fullyCorrect, t.credit === 1])).toEqual([
      ['t1', 1, true, true, true],
      ['t2', 2, false, false, false],
    ]);
    // t1 sent its last link 4 s after the start.
    expect(round1!.relay![0]!.durationSeconds).toBe(4);
    const t2 = round1!.relay![1]!;
    expect(t2.errorEntry).toBe(1);
    const run = s.questions[0]!.relay!.t2!;
    const problem = s.questions[0]!.variants!.t2 as RelayProblem;
    t2.links.forEach((link, i) => {
      const sent = run.results[i]!;
      expect(link).toMatchObject({
        index: i,
        asks: problem.links[i]!.asks,
        holderId: sent.playerId,
        received: sent.received,
        answer: sent.raw,
        value: sent.value,
        status: sent.status,
        consistent: sent.consistent,
        diagnosis: sent.diagnosis,
        correctValue: problem.steps![i]!.answer,
      });
      expect(link.seconds).toBe((sent.at - run.startedAt) / 1000);
    });
    // The slip carried: the links after it are wrong, but right for what they received.
    expect(t2.links.slice(2).map((l) => [l.status === 'correct', l.consistent])).toEqual([
      [false, true],
      [false, true],
    ]);
    // p4 left after the round; the report still names who held the link.
    const p4Link = t2.links.find((l) => l.holderId === 'p4')!;
    expect(p4Link.holder).toBe('P4');
    // Round 2 was cut short: one link sent, the rest never.
    const cut = round2!.relay!.find((t) => t.teamId === 't1')!;
    expect(cut.links.map((l) => l.status)).toEqual(['correct', 'none', 'none', 'none']);
    expect(cut).toMatchObject({ fullyCorrect: false, durationSeconds: null });
    expect(round2!.closedBy).toBe('host');
    // A mistake is counted once per link, not once per member of the team.
    const named = t2.links.filter((l) => l.diagnosis !== null).length;
    expect(round1!.misconceptions.reduce((n, m) => n + m.count, 0)).toBe(named);
  });

  it('gives one CSV row per link, matching the room’s state', () => {
    const r = report(s);
    const { rows, cell } = table(questionsCsv(r));
    const runs = s.questions.flatMap((q) => Object.values(q.relay!).map((run) => ({ q, run })));
    expect(rows).toHaveLength(runs.reduce((n, { run }) => n + run.results.length, 0));
    for (const row of rows) {
      const q = s.questions[Number(cell(row, 'Round').slice(1)) - 1]!;
      const teamId = s.teams.find((t) => t.name === cell(row, 'Team'))!.id;
      const run = q.relay![teamId]!;
      const index = Number(cell(row, 'Link')) - 1;
      const sent = run.results[index];
      const problem = q.variants![teamId] as RelayProblem;
      expect(cell(row, 'Quantity sent')).toBe(problem.links[index]!.asks);
      expect(cell(row, 'Holder')).toBe(`P${(sent?.playerId ?? run.holders[index]!).slice(1)}`);
      expect(cell(row, 'Sent')).toBe(sent?.raw ?? '');
      expect(cell(row, 'Received upstream')).toBe(sent?.received == null ? '' : String(sent.received));
      expect(cell(row, 'verdict')).toBe(sent ? { correct: 'correct', close: 'close', wrong: 'wrong' }[sent.status] : 'no answer');
      expect(cell(row, 'Right for what was received')).toBe(sent ? (sent.consistent ? 'yes' : 'no') : '');
      expect(cell(row, 'Sent after (seconds)')).toBe(sent ? String((sent.at - run.startedAt) / 1000) : '');
      const team = r.questions[q.index]!.relay!.find((t) => t.teamId === teamId)!;
      expect(cell(row, 'Team rank in round')).toBe(String(team.rank));
      expect(cell(row, 'Round winner')).toBe(team.winner ? 'yes' : 'no');
      expect(cell(row, 'Error entered here')).toBe(team.errorEntry === index ? 'yes' : '');
    }
  });

  it('fills each player’s answer cells with the links they held, and counts rounds won per team', () => {
    const r = report(s);
    const players = table(playersCsv(r));
    const p1 = players.rows.find((row) => row[1] === 'P1')!;
    const run = s.questions[0]!.relay!.t1!;
    const problem = s.questions[0]!.variants!.t1 as RelayProblem;
    const own = run.holders.flatMap((h, i) => (h === 'p1' ? [`${problem.links[i]!.asks}: ${run.results[i]!.raw}`] : []));
    expect(players.cell(p1, 'Q1 answer')).toBe(own.join(' ; '));
    expect(players.cell(p1, 'Q1 points')).toBe(String(s.questions[0]!.results!.p1!.points));
    const teams = table(teamsCsv(r));
    const t1 = teams.rows.find((row) => row[1] === s.teams[0]!.name)!;
    expect([teams.cell(t1, 'Rounds won'), teams.cell(t1, 'Whole chains correct')]).toEqual(['1', '1']);
  });
});

describe('a descent race’s report', () => {
  const DESCENT: RoomConfigInput = {
    mode: 'descent',
    questionCount: 2,
    difficulties: [2],
    timeLimitSec: 60,
    lang: 'zh-CN',
    descent: { activation: 'sigmoid', lr: 'team', confirm: 'second-member' },
  };
  let s = teamRoom(DESCENT, [2, 2], 7);
  const task = () => toPublicDescentTask(s.descent!.task);
  const qid = () => s.questions.at(-1)!.id;
  /** The step from the team's current parameters: right, or with the gradient added. */
  function step(teamId: string, sign: 1 | -1) {
    const run = s.descent!.runs[teamId]!;
    const g = measure(task(), run.params).gradient;
    return { w: String(run.params.w - sign * run.lr * g.w), b: String(run.params.b - sign * run.lr * g.b) };
  }
  function settle(teamId: string, values: { w: string; b: string }, proposer: string, confirmer: string, at: number) {
    const proposed = accept(s, player(proposer), { type: 'descent:propose', questionId: qid(), ...values }, at);
    s = accept(proposed.state, player(confirmer), { type: 'descent:confirm', questionId: qid(), proposalId: proposed.reply.proposalId }, at + 1).state;
  }
  let atLastReveal: RoomReport;

  beforeAll(() => {
    s = accept(s, player('p1'), { type: 'descent:lr', lr: task().lrChoices[0]! }).state;
    s = accept(s, HOST, { type: 'game:start' }, T0).state;
    settle('t1', step('t1', 1), 'p1', 'p2', T0 + 1000);
    settle('t2', step('t2', -1), 'p4', 'p3', T0 + 2000);
    expect(s.phase).toMatchObject({ phase: 'reveal', index: 0 });
    s = accept(s, HOST, { type: 'game:next', from: 'reveal' }, T0 + 3000).state;
    s = accept(s, HOST, { type: 'game:next', from: 'leaderboard' }, T0 + 4000).state;
    // Iteration 2: t1 steps right again; t2 settles on nothing before the host ends it.
    settle('t1', step('t1', 1), 'p2', 'p1', T0 + 5000);
    s = accept(s, HOST, { type: 'question:end', questionId: qid() }, T0 + 6000).state;
    expect(s.phase).toMatchObject({ phase: 'reveal', index: 1 });
    atLastReveal = report(s);
    s = accept(s, HOST, { type: 'game:next', from: 'reveal' }, T0 + 7000).state;
    s = accept(s, HOST, { type: 'game:next', from: 'leaderboard' }, T0 + 8000).state;
    expect(s.phase.phase).toBe('podium');
  });

  it('gives one step per team per iteration instead of a placeholder problem', () => {
    const r = report(s);
    expect(r.questions).toHaveLength(2);
    for (const q of r.questions) {
      expect(q.answer).toBeNull();
      expect(q.problemText).toContain('梯度下降竞赛');
      expect(q.descent!.map((d) => d.teamId)).toEqual(['t1', 't2']);
      for (const d of q.descent!) {
        const h = s.descent!.runs[d.teamId]!.history[q.index]!;
        expect(d).toMatchObject({ iteration: q.index, params: h.params, loss: h.loss, lr: h.lr, correct: h.correct, next: h.next });
        expect(d.nextLoss).toBe(measure(task(), h.next).loss);
        expect(d.submitted).toEqual(h.submitted && { w: h.submitted.w, b: h.submitted.b });
      }
    }
    const [first, second] = r.questions;
    expect(first!.descent![0]).toMatchObject({ correct: true, proposedBy: { playerId: 'p1', name: 'P1' }, confirmedBy: { playerId: 'p2', name: 'P2' }, diagnosisText: null });
    // The gradient added instead of subtracted: named, graded wrong, and applied all the same.
    const wrong = first!.descent![1]!;
    expect(wrong).toMatchObject({ correct: false, proposedBy: { name: 'P4' }, confirmedBy: { name: 'P3' }, verdicts: { w: { status: 'wrong', diagnosis: 'added-step' } } });
    expect(wrong.diagnosisText).toContain('梯度下降是减去');
    expect(wrong.next).toEqual({ w: Number(wrong.submitted!.w), b: Number(wrong.submitted!.b) });
    expect(first!.misconceptions).toEqual([expect.objectContaining({ key: 'added-step', count: 1 })]);
    // Nothing settled: nothing submitted, the parameters stay.
    expect(second!.descent![1]).toMatchObject({ submitted: null, proposedBy: null, verdicts: null, correct: false });
    expect(second!.descent![1]!.next).toEqual(second!.descent![1]!.params);
  });

  it('ranks the teams after the last iteration and shows w*, b* only from the podium on', () => {
    expect(atLastReveal.descent!.ranking!.map((e) => e.teamId)).toEqual(report(s).descent!.ranking!.map((e) => e.teamId));
    expect(atLastReveal.descent!.hidden).toBeNull();
    const early = teamRoom(DESCENT, [2, 2], 7);
    expect(report(early).descent).toMatchObject({ ranking: null, hidden: null, iterations: 2 });
    const r = report(s).descent!;
    expect(r.hidden).toEqual(s.descent!.task.hidden);
    expect(r.task).toEqual(task());
    for (const team of r.teams) {
      const run = s.descent!.runs[team.teamId]!;
      expect(team).toMatchObject({ lr: run.lr, params: run.params, finalLoss: measure(task(), run.params).loss, correctSteps: run.history.filter((h) => h.correct).length });
      expect(team.rank).toBe(r.ranking!.find((e) => e.teamId === team.teamId)!.rank);
    }
    expect(r.teams.find((t) => t.teamId === 't1')!.lr).toBe(task().lrChoices[0]);
  });

  it('gives one CSV row per team per iteration and the final standing per team, matching the state', () => {
    const r = report(s);
    const steps = table(questionsCsv(r));
    expect(steps.header.slice(0, 6)).toEqual(['迭代', '队伍', 'w', 'b', '损失', '学习率 η']);
    expect(steps.rows).toHaveLength(4);
    for (const row of steps.rows) {
      const teamId = s.teams.find((t) => t.name === steps.cell(row, '队伍'))!.id;
      const h = s.descent!.runs[teamId]!.history[Number(steps.cell(row, '迭代')) - 1]!;
      expect(Number(steps.cell(row, 'w'))).toBe(roundSig(h.params.w, 4));
      expect(Number(steps.cell(row, '损失'))).toBe(roundSig(h.loss, 4));
      expect(steps.cell(row, "提交的 w'")).toBe(h.submitted?.w ?? '');
      expect(steps.cell(row, "提交的 b'")).toBe(h.submitted?.b ?? '');
      expect(steps.cell(row, '提议人')).toBe(h.submitted ? `P${h.submitted.proposedBy.slice(1)}` : '');
      expect(steps.cell(row, '本步正确')).toBe(h.correct ? '是' : '否');
      expect(Number(steps.cell(row, '新 w'))).toBe(roundSig(h.next.w, 4));
      expect(Number(steps.cell(row, '新损失'))).toBe(roundSig(measure(task(), h.next).loss, 4));
    }
    const teams = table(teamsCsv(r));
    for (const row of teams.rows) {
      const team = r.descent!.teams.find((t) => t.team === row[1])!;
      expect(Number(teams.cell(row, '按损失排名'))).toBe(team.rank);
      expect(Number(teams.cell(row, '最终损失'))).toBe(roundSig(team.finalLoss, 4));
      expect([Number(teams.cell(row, '隐藏的 w*')), Number(teams.cell(row, '隐藏的 b*'))]).toEqual([r.descent!.hidden!.w, r.descent!.hidden!.b]);
    }
    // Each member's answer cell holds the team's submission (a leading minus defused, as for any answer).
    const players = table(playersCsv(r));
    const p3 = players.rows.find((row) => row[1] === 'P3')!;
    const submitted = s.descent!.runs.t2!.history[0]!.submitted!;
    expect(players.cell(p3, 'Q1 答案')).toBe(guardCell(`${submitted.w} ; ${submitted.b}`));
  });
});

describe('team-mode reports over HTTP', () => {
  let server: TestServer;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    server = await startServer({ clock: new FakeClock(), seedSource: () => 0x0bad_5eed });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server.close();
  });

  it('downloads a relay round’s links as questions.csv, with the host token', async () => {
    const host = await TestClient.connect(server.url);
    clients.push(host);
    const { code, hostToken } = await host.ok('room:create', {
      config: { mode: 'relay', questionCount: 1, difficulties: [1], timeLimitSec: 120, teams: { count: 2, assignment: 'self' }, lang: 'en' },
    });
    const phones = new Map<string, TestClient>();
    for (const [name, teamId] of [['Ada', 't1'], ['Bo', 't1'], ['Cy', 't2'], ['Di', 't2']] as const) {
      const phone = await TestClient.connect(server.url);
      clients.push(phone);
      phones.set((await phone.ok('room:join', { code, nickname: name, teamId })).playerId, phone);
    }
    await host.ok('game:start', {});
    const opened = (await host.waitFor('room:phase', (p) => p.phase === 'question')) as QuestionView;
    for (const teamId of ['t1', 't2'] as const) {
      const problem = generateRelayProblem({ seed: deriveSeed(0x0bad_5eed, `0:${teamId}`), difficulty: 1 });
      for (const link of opened.relay!.chains.find((c) => c.teamId === teamId)!.links) {
        await phones.get(link.holderId)!.ok('relay:submit', { questionId: opened.questionId, link: link.index, answer: String(problem.steps![link.index]!.answer) });
      }
    }
    await host.waitFor('room:phase', (p) => p.phase === 'reveal');
    const res = await fetch(`${server.url}/api/rooms/${code}/questions.csv`, { headers: { Authorization: `Bearer ${hostToken}` } });
    expect(res.status).toBe(200);
    const { rows, cell } = table(await res.text());
    expect(rows).toHaveLength(opened.relay!.chains.reduce((n, c) => n + c.links.length, 0));
    expect(new Set(rows.map((row) => cell(row, 'Holder')))).toEqual(new Set(['Ada', 'Bo', 'Cy', 'Di']));
    expect(rows.every((row) => cell(row, 'verdict') === 'correct' && cell(row, 'Whole chain correct') === 'yes')).toBe(true);
    const json = ((await (await fetch(`${server.url}/api/rooms/${code}/report.json`, { headers: { Authorization: `Bearer ${hostToken}` } })).json()) as { data: RoomReport }).data;
    expect(json.questions[0]!.relay!.filter((t) => t.winner)).toHaveLength(1);
  });
});
