import type { RoomInfo } from '../../../shared/protocol/index.ts';
import { leaderboardAfter } from '../../../shared/protocol/constants.ts';
import { useI18n } from '../../app-context.ts';
import { nextScreen } from '../../room/host-actions.ts';
import type { RoomStore } from '../../room/room-connection.ts';
import type { useRequest } from '../../room/use-request.ts';

const NEXT_KEY = { quiz: 'host.control.nextQuestion', 'chain-steps': 'host.control.nextQuestion', relay: 'host.control.nextRound', descent: 'host.control.nextIteration' } as const;

/** The reveal's way on: the leaderboard when the room shows one after this question, else straight to the next one. */
export function RevealNextButton({ store, control, room, index, total }: { store: RoomStore; control: ReturnType<typeof useRequest>; room: RoomInfo; index: number; total: number }) {
  const { t } = useI18n();
  const toLeaderboard = leaderboardAfter(room, index, total);
  return (
    <button type="button" class="button button--primary host-next" disabled={control.pending} onClick={() => void control.run(() => nextScreen(store, 'reveal'))}>
      {toLeaderboard ? t('host.control.toLeaderboard') : t(NEXT_KEY[room.mode])}
    </button>
  );
}
