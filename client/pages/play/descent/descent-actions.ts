/**
 * What a phone asks of the server in a Descent Race. The team's view (proposals, the
 * submission, η) comes back as a `room:phase` for the whole team, so nothing is patched here.
 */
import type { DescentConfirmResult, DescentLrResult, DescentProposeResult } from '../../../../shared/protocol/index.ts';
import type { Result, RoomStore } from '../../../room/room-connection.ts';

/** The team's learning rate, one of the task's choices, in the lobby. */
export function chooseLearningRate(store: RoomStore, lr: number): Promise<Result<DescentLrResult>> {
  return store.request('descent:lr', { lr });
}

/** Proposes the team's adjusted parameters as typed (`b` only when the task trains the bias). */
export async function proposeStep(store: RoomStore, questionId: string, step: { w: string; b: string | null }): Promise<Result<DescentProposeResult>> {
  const result = await store.request('descent:propose', { questionId, w: step.w, ...(step.b === null ? {} : { b: step.b }) });
  // The team settled meanwhile (a frame this phone missed): fetch the current view.
  if (!result.ok && result.error.code === 'already_answered') void store.resync();
  return result;
}

/** Confirms a teammate's proposal (or, under the captain rule, the captain confirms one). */
export async function confirmProposal(store: RoomStore, questionId: string, proposalId: string): Promise<Result<DescentConfirmResult>> {
  const result = await store.request('descent:confirm', { questionId, proposalId });
  if (!result.ok && (result.error.code === 'already_answered' || result.error.code === 'invalid_step')) void store.resync();
  return result;
}
