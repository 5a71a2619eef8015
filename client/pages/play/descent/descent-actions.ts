/**
 * What a phone asks of the server in a Descent Race. The team's view (proposals, the
 * submission, η) comes back as a `room:phase` for the whole team, so nothing is patched here.
 */
import type { DescentConfirmResult, DescentLrResult, DescentProposeResult } from '../../../../shared/protocol/index.ts';
import { type Result, type RoomStore, sendWhenConnected } from '../../../room/room-connection.ts';

/** The team's learning rate, one of the task's choices, in the lobby. */
export function chooseLearningRate(store: RoomStore, lr: number): Promise<Result<DescentLrResult>> {
  return store.request('descent:lr', { lr });
}

/** How a queued step or confirmation is shown ("… will be sent when connected", "… was not sent"). */
export interface QueueNote {
  shown: string;
  onQueued?: () => void;
}

/**
 * Proposes the team's adjusted parameters as typed (`w2` only when the neuron has two inputs, `b`
 * only when the task trains the bias), now or, while offline, once the connection is back: the
 * same step from the same member again is the same proposal, so a resend after a lost
 * acknowledgement is safe.
 */
export async function proposeStep(
  store: RoomStore,
  questionId: string,
  step: { w: string; w2?: string; b: string | null },
  queue: QueueNote,
): Promise<Result<DescentProposeResult>> {
  const payload = { questionId, w: step.w, ...(step.w2 === undefined ? {} : { w2: step.w2 }), ...(step.b === null ? {} : { b: step.b }) };
  const result = await sendWhenConnected(store, 'descent:propose', payload, { questionId, ...queue });
  // The team settled meanwhile (a frame this phone missed): fetch the current view.
  if (!result.ok && result.error.code === 'already_answered') void store.resync();
  return result;
}

/**
 * Confirms a teammate's proposal (or, under the captain rule, the captain confirms one), now or
 * once the connection is back: confirmed twice, the second is refused with `already_answered`.
 */
export async function confirmProposal(store: RoomStore, questionId: string, proposalId: string, queue: QueueNote): Promise<Result<DescentConfirmResult>> {
  const result = await sendWhenConnected(store, 'descent:confirm', { questionId, proposalId }, { questionId, ...queue });
  if (!result.ok && (result.error.code === 'already_answered' || result.error.code === 'invalid_step')) void store.resync();
  return result;
}
