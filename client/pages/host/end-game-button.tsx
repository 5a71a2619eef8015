import { useI18n } from '../../app-context.ts';
import { endGame } from '../../room/host-actions.ts';
import type { RoomStore } from '../../room/room-connection.ts';
import type { useRequest } from '../../room/use-request.ts';

/** "End the game", asked twice: one slip on the projector must not end a class's game. */
export function EndGameButton({ store, control }: { store: RoomStore; control: ReturnType<typeof useRequest> }) {
  const { t } = useI18n();
  return (
    <button
      type="button"
      class="button button--quiet"
      disabled={control.pending}
      onClick={() => {
        if (window.confirm(t('host.control.endGameConfirm'))) void control.run(() => endGame(store));
      }}
    >
      {t('host.control.endGame')}
    </button>
  );
}
