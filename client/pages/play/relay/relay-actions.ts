/** What a relay phone asks of the server, beside the room store (kept here so the quiz phone's chunks stay as they are). */
import type { RelaySubmitResult } from '../../../../shared/protocol/index.ts';
import { type Result, type RoomStore, sendWhenConnected } from '../../../room/room-connection.ts';

/**
 * Sends the link this phone holds, or, while offline, once the connection is back (a link sent
 * twice is refused with `already_answered`, so resending is safe); the team's new chain
 * arrives as a `room:phase`. `shown` is the link's value as the phone shows it.
 */
export async function sendRelayLink(
  store: RoomStore,
  target: { questionId: string; link: number },
  answer: string,
  queue: { shown: string; onQueued?: () => void },
): Promise<Result<RelaySubmitResult>> {
  const result = await sendWhenConnected(store, 'relay:submit', { questionId: target.questionId, link: target.link, answer }, { questionId: target.questionId, ...queue });
  if (!result.ok && (result.error.code === 'already_answered' || result.error.code === 'invalid_step' || result.error.code === 'not_allowed')) {
    // This phone's chain is behind the server's (a lost frame, a redeal): fetch it.
    void store.resync();
  }
  return result;
}
