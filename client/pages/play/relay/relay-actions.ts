/** What a relay phone asks of the server, beside the room store (kept here so the quiz phone's chunks stay as they are). */
import type { RelaySubmitResult } from '../../../../shared/protocol/index.ts';
import type { Result, RoomStore } from '../../../room/room-connection.ts';

/** Sends the link this phone holds; the team's new chain arrives as a `room:phase`. */
export async function sendRelayLink(store: RoomStore, target: { questionId: string; link: number }, answer: string): Promise<Result<RelaySubmitResult>> {
  const result = await store.request('relay:submit', { questionId: target.questionId, link: target.link, answer });
  if (!result.ok && (result.error.code === 'already_answered' || result.error.code === 'invalid_step' || result.error.code === 'not_allowed')) {
    // This phone's chain is behind the server's (a lost frame, a redeal): fetch it.
    void store.resync();
  }
  return result;
}
