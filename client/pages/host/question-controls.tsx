import type { MessageKey } from '../../i18n/index.ts';
import { useI18n } from '../../app-context.ts';
import { endQuestion, pauseGame, resumeGame, skipQuestion } from '../../room/host-actions.ts';
import type { RoomStore } from '../../room/room-connection.ts';
import type { useRequest } from '../../room/use-request.ts';
import { EndGameButton } from './end-game-button.tsx';

/**
 * The teacher's controls while a question (a relay round, a descent iteration) is open: pause or
 * resume, close it now, skip it, end the game. Each mode names the closing and skipping its own way.
 */
export function QuestionControls({
  store,
  control,
  questionId,
  paused,
  untimed,
  last,
  endLabel = 'host.control.endQuestion',
  skipLabel = 'host.control.skip',
  class: extraClass = '',
}: {
  store: RoomStore;
  control: ReturnType<typeof useRequest>;
  questionId: string;
  paused: boolean;
  /** Untimed questions end only when the teacher closes them: that button leads then. */
  untimed: boolean;
  /** The game's last question: skipping it ends the game, so it is asked first, as "End the game" is. */
  last: boolean;
  endLabel?: MessageKey;
  skipLabel?: MessageKey;
  class?: string;
}) {
  const { t } = useI18n();
  return (
    <div class={`host-controls${extraClass ? ` ${extraClass}` : ''}`} role="group" aria-label={t('host.question.controls')}>
      {paused ? (
        <button type="button" class="button button--primary" disabled={control.pending} onClick={() => void control.run(() => resumeGame(store))}>
          {t('host.control.resume')}
        </button>
      ) : (
        <button type="button" class="button" disabled={control.pending} onClick={() => void control.run(() => pauseGame(store))}>
          {t('host.control.pause')}
        </button>
      )}
      <button
        type="button"
        class={`button${untimed ? ' button--primary' : ''}`}
        disabled={control.pending}
        onClick={() => void control.run(() => endQuestion(store, questionId))}
      >
        {t(endLabel)}
      </button>
      <button
        type="button"
        class="button"
        disabled={control.pending}
        onClick={() => {
          if (last && !window.confirm(t('host.control.skipLastConfirm'))) return;
          void control.run(() => skipQuestion(store, questionId));
        }}
      >
        {t(skipLabel)}
      </button>
      <EndGameButton store={store} control={control} />
    </div>
  );
}
