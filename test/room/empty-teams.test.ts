import { describe, expect, it } from 'vitest';
import { buildReport } from '../../server/report/room-report.ts';
import { type RoomState, rankTeams } from '../../server/room/state.ts';
import { viewFor } from '../../server/room/view.ts';
import { HOST, accept, freshRoom, joinPlayers, openQuestion, player, rightAnswer } from './helpers.ts';
import { T0 } from './support.ts';

/** Three teams, two players who chose the first two: the third team has nobody in it. */
function withAnEmptyTeam(): RoomState {
  let s = joinPlayers(freshRoom({ kinds: ['chain-gradient'], questionCount: 1, teams: { count: 3, assignment: 'self' } }), ['A', 'B'], T0, ['t1', 't2']);
  s = accept(s, HOST, { type: 'game:start' }).state;
  const problem = openQuestion(s).question.problem;
  s = accept(s, player('p1'), { type: 'answer:submit', questionId: 'q1', answer: rightAnswer(problem), step: null }).state;
  return accept(s, HOST, { type: 'question:end', questionId: null }).state;
}

describe('a team nobody is in', () => {
  it('is not ranked, listed on the standings or the podium, nor counted in the reveal or the report', () => {
    let s = withAnEmptyTeam();
    expect([...rankTeams(s).keys()].sort()).toEqual(['t1', 't2']);

    const reveal = viewFor(s, { role: 'host' }, T0);
    if (reveal.phase.phase !== 'reveal') throw new Error(`expected the reveal, got ${reveal.phase.phase}`);
    expect(reveal.phase.stats?.teams?.map((t) => t.teamId)).toEqual(['t1', 't2']);

    s = accept(s, HOST, { type: 'game:next', from: null }).state;
    s = accept(s, HOST, { type: 'game:next', from: null }).state;
    expect(s.phase.phase).toBe('podium');
    const podium = viewFor(s, { role: 'host' }, T0);
    expect(podium.standings?.teams?.map((t) => [t.teamId, t.rank])).toEqual([
      ['t1', 1],
      ['t2', 2],
    ]);
    const phone = viewFor(s, { role: 'player', playerId: 'p2' }, T0);
    expect(phone.standings?.teams?.length).toBe(2);

    const report = buildReport(s, { live: true, finishedAt: null, now: T0 });
    expect(report.teams?.map((t) => t.teamId)).toEqual(['t1', 't2']);
  });
});
