/** The descent's part of the views: the task, every team's run as each viewer may see it, the ranking. */
import { measure, toPublicDescentTask } from '../../../shared/engine/index.ts';
import type { DescentTeamView, DescentView } from '../../../shared/protocol/index.ts';
import { type RoomState, indexOfPlayers } from '../../room/state.ts';
import type { PhaseAudience } from '../mode.ts';
import { captainOf, descentOf } from './round.ts';
import { rankDescent, withW2 } from './rules.ts';

/**
 * The descent runs as one viewer may see them. Everyone sees every team's η, loss curve and
 * graded steps of closed iterations (each was revealed). During an iteration a team's phones
 * see its parameters, forward values and open proposals, the projector every team's parameters
 * (its markers on the landscape) but no proposal; from a reveal on, every team's parameters.
 * Lobby views are the same for every phone (a team may still change). The hidden parameters
 * appear only at the podium.
 */
export function descentView(state: RoomState, audience: PhaseAudience, stage: 'lobby' | 'question' | 'reveal' | 'podium'): DescentView {
  const descent = descentOf(state);
  const task = toPublicDescentTask(descent.task);
  const options = state.config.descent!;
  const members = indexOfPlayers(state.players).teams;
  const teams = state.teams.flatMap((team): DescentTeamView[] => {
    const run = descent.runs[team.id];
    if (!run) return [];
    const own = stage !== 'lobby' && audience.role === 'player' && audience.teamId === team.id;
    const showParams = own || audience.role === 'host' || stage === 'reveal' || stage === 'podium';
    const now = measure(task, run.params);
    const proposer = (id: string) => state.players[id]?.name ?? null;
    return [
      {
        teamId: team.id,
        lr: run.lr,
        captainId: captainOf(state, team.id),
        members:
          audience.role === 'host' || (audience.role === 'player' && audience.teamId === team.id)
            ? Object.values(state.players)
                .filter((p) => p.teamId === team.id)
                .map((p) => ({ playerId: p.id, name: p.name }))
            : null,
        curve: [...run.history.map((h) => h.loss), now.loss],
        correctSteps: run.history.filter((h) => h.correct).length,
        params: showParams ? { ...run.params } : null,
        forward: own ? now.points.map((p) => ({ ...p })) : null,
        proposals:
          own && stage === 'question'
            ? run.proposals.map((p) => ({ proposalId: p.id, playerId: p.playerId, name: proposer(p.playerId), w: p.w, ...withW2(p.w2), b: p.b }))
            : null,
        submission: own && stage === 'question' && run.submission ? { proposalId: run.submission.proposalId, confirmedBy: run.submission.confirmedBy } : null,
        steps: run.history.map((h) => ({
          iteration: h.iteration,
          params: { ...h.params },
          loss: h.loss,
          lr: h.lr,
          submitted: h.submitted && { ...h.submitted },
          verdicts: h.verdicts && { w: { ...h.verdicts.w }, ...(h.verdicts.w2 ? { w2: { ...h.verdicts.w2 } } : {}), b: h.verdicts.b && { ...h.verdicts.b } },
          correct: h.correct,
          next: { ...h.next },
          waiting: h.waiting ? { count: h.waiting.count, latest: { ...h.waiting.latest } } : null,
        })),
      },
    ];
  });
  const last = state.phase.phase === 'reveal' && state.phase.index + 1 >= state.plan.length;
  const ranking =
    stage === 'podium' || last
      ? rankDescent(
          task,
          Object.values(descent.runs).filter((run) => (members.get(run.teamId)?.members ?? 0) > 0),
        ).map((r, i) => ({ teamId: r.teamId, rank: i + 1, loss: r.loss, correctSteps: r.correctSteps }))
      : null;
  return {
    task,
    lrMode: options.lr,
    confirm: options.confirm,
    iterations: state.plan.length,
    teams,
    ranking,
    hidden: stage === 'podium' ? { ...descent.task.hidden } : null,
  };
}
