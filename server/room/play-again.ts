/**
 * "Play again": a room on its podium goes back to its lobby for another game, with the same
 * code, teams, players and seats (every phone follows without joining again), scores reset and
 * new questions. The finished game is kept whole in `pastGames`, so its report can still be
 * downloaded (`?game=N`). Pure, like every transition: the next game's seed derives from the
 * room's secret seed and the game's number, so a replayed journal draws the same questions.
 */
import { deriveSeed } from '../../shared/engine/index.ts';
import type { AgainResult } from '../../shared/protocol/index.ts';
import { MODES } from '../modes/registry.ts';
import { type Changed, type PlayerState, type RoomState, type TransitionResult, done, playerList, wrongPhase } from './state.ts';

/** The number of the room's game in `state` (1 for a room that never played again). */
export function gameNumber(state: RoomState): number {
  return state.game ?? 1;
}

/** A game's question ids: `q1`, `q2`… in the first game, `g2q1`… after, so an answer meant for another game never lands. */
export function questionIdOf(state: RoomState, index: number): string {
  const game = gameNumber(state);
  return game === 1 ? `q${index + 1}` : `g${game}q${index + 1}`;
}

export function playAgain(state: RoomState, plan: RoomState['plan'], now: number): TransitionResult<AgainResult> {
  if (state.phase.phase !== 'podium') return wrongPhase(state, 'play again');
  const { pastGames = [], ...finished } = state;
  const game = gameNumber(state) + 1;
  const seed = deriveSeed(state.seed, `game:${game}`);
  const players: Record<string, PlayerState> = {};
  for (const p of playerList(state)) players[p.id] = { ...p, score: 0, correct: 0, asked: 0, streak: 0, rank: null, previousRank: null };
  const next: RoomState = {
    ...state,
    ...MODES[state.config.mode].setup(state.config, seed, state.teams),
    seed,
    game,
    pastGames: [...pastGames, { game: game - 1, endedAt: now, state: finished }],
    players,
    plan,
    questions: [],
    scoredQuestions: 0,
    teamPreviousRanks: {},
    phase: { phase: 'lobby' },
  };
  // Who left during the finished game stays in its report, not in the next one.
  delete next.departed;
  const ids = Object.keys(players);
  const changed: Changed = {
    state: next,
    effects: [{ type: 'roster', playerIds: ids }, { type: 'me', playerIds: ids }, { type: 'standings' }, { type: 'info' }, { type: 'phase' }],
  };
  return done(changed, { game });
}

/**
 * The state of game `game` of the room, for its report: a past game as it stood on its podium,
 * the current one as it is; `null` for a game the room has not played.
 */
export function stateOfGame(state: RoomState, game: number | null): RoomState | null {
  if (game === null || game === gameNumber(state)) return state;
  const past = state.pastGames?.find((p) => p.game === game);
  return past ? (past.state as RoomState) : null;
}

/**
 * The questions of a stored room that belong to its current game. A store keeps one record per
 * question index and rewrites only the ones that changed: after "Play again", the finished
 * game's later questions are still there (the game itself is in `pastGames`) until the new game
 * reaches their index. Their ids name the other game, so they are left out.
 */
export function questionsOfThisGame<Q extends { id: string }>(state: RoomState, stored: readonly (Q | undefined)[]): Q[] {
  const kept: Q[] = [];
  for (let index = 0; index < stored.length; index++) {
    const question = stored[index];
    if (question && question.id === questionIdOf(state, index)) kept[index] = question;
    else break;
  }
  return kept;
}
