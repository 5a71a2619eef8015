/** Building blocks for pure state-machine tests. */
import { expect } from 'vitest';
import type { Problem } from '../../shared/engine/index.ts';
import { type RoomConfigInput, RoomConfigSchema } from '../../shared/protocol/index.ts';
import {
  type Actor,
  type Effect,
  type RoomEvent,
  type RoomState,
  createRoomState,
  transition,
} from '../../server/room/room-state.ts';
import { T0 } from './support.ts';

export const HOST: Actor = { role: 'host' };
export const GUEST: Actor = { role: 'guest' };
export const SYSTEM: Actor = { role: 'system' };
export const player = (playerId: string): Actor => ({ role: 'player', playerId });

export function freshRoom(config: RoomConfigInput = {}, seed = 42, idleTtlMs = 3 * 3600_000): RoomState {
  return createRoomState({ code: 'ABCDEF', seed, config: RoomConfigSchema.parse(config), hostTokenHash: 'host-hash', now: T0, idleTtlMs });
}

/** Apply an event that must be accepted. */
export function accept<E extends RoomEvent>(state: RoomState, actor: Actor, event: E, now = T0) {
  const result = transition(state, actor, event, now);
  if (!result.ok) throw new Error(`${event.type} refused: ${result.error.code} (${result.error.message})`);
  return result;
}

/** Apply an event that must be refused with `code`; the state must come back untouched. */
export function refuse(state: RoomState, actor: Actor, event: RoomEvent, code: string, now = T0) {
  const frozen = JSON.stringify(state);
  const result = transition(state, actor, event, now);
  expect(result.ok, `${event.type} should be refused with ${code}`).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.error.code).toBe(code);
  expect(JSON.stringify(state)).toBe(frozen);
  return result.error;
}

export function joinPlayers(state: RoomState, names: readonly string[], now = T0, teamIds: readonly (string | null)[] = []): RoomState {
  return names.reduce(
    (s, name, i) =>
      accept(s, GUEST, { type: 'join', playerId: `p${i + 1}`, tokenHash: `token-${name}`, nickname: name, teamId: teamIds[i] ?? null }, now).state,
    state,
  );
}

export function effectTypes(effects: readonly Effect[]): string[] {
  return effects.map((e) => e.type);
}

/** The right answer, as a student would type it (full precision is inside the accepted interval). */
export function rightAnswer(problem: Problem, step?: number): string {
  if (step !== undefined) return String(problem.steps![step]!.answer);
  return String(problem.answer);
}

/** A value the engine calls `close` (right sign, off by 30 % of the move). */
export function closeAnswer(problem: Problem): string {
  const grading = problem.grading;
  if (grading.type !== 'numeric') throw new Error('close needs a numeric problem');
  const base = grading.base ?? 0;
  return String(base + (grading.value - base) * 1.3);
}

export function openQuestion(state: RoomState) {
  if (state.phase.phase !== 'question') throw new Error(`not in a question but in ${state.phase.phase}`);
  return { phase: state.phase, question: state.questions[state.phase.index]! };
}
