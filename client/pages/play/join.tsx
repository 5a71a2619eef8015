import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../app-context.ts';
import { ErrorNote } from '../../components/error-note/index.tsx';
import { deviceStorage } from '../../device-storage.ts';
import { joinRoom } from '../../room/player-actions.ts';
import type { ClientError, RoomStore } from '../../room/room-connection.ts';
import { MAX_NICKNAME_LENGTH, NICKNAME_KEY, normaliseNickname } from '../home/join-code.ts';

export function storedNickname(): string {
  try {
    return deviceStorage()?.getItem(NICKNAME_KEY) ?? '';
  } catch {
    return '';
  }
}

/**
 * The nickname step. A link from the home page carries the nickname, so the phone joins by
 * itself as soon as it is connected; the form shows when there is no name or the server
 * refused it (taken names come with a free one to pick).
 */
export function JoinForm({ store, initialName }: { store: RoomStore; initialName: string }) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<ClientError | null>(null);
  const [pending, setPending] = useState(false);
  const [showMissing, setShowMissing] = useState(false);
  const autoJoin = useRef(normaliseNickname(initialName) !== '');
  const field = useRef<HTMLInputElement>(null);
  const online = store.status.value === 'online';
  const loss = store.seatLoss.value;

  const join = async (nickname: string) => {
    const cleaned = normaliseNickname(nickname);
    if (cleaned === '') {
      setShowMissing(true);
      field.current?.focus();
      return;
    }
    setPending(true);
    setError(null);
    const result = await joinRoom(store, cleaned);
    setPending(false);
    if (result.ok) {
      try {
        deviceStorage()?.setItem(NICKNAME_KEY, cleaned);
      } catch {
        // Only a convenience for next time.
      }
      return;
    }
    setError(result.error);
    requestAnimationFrame(() => field.current?.focus());
  };

  useEffect(() => {
    if (online && autoJoin.current) {
      autoJoin.current = false;
      void join(initialName);
    }
  }, [online]);

  const joining = pending || (autoJoin.current && !error);
  return (
    <section class="card play-join" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('play.join.title')}</h1>
      <p class="play-join__code">
        {t('play.join.code')} <strong class="play-join__code-value">{store.code}</strong>
      </p>
      {loss === 'invalid_token' && <p class="play-join__notice">{t('play.join.seatGone')}</p>}
      {loss === 'left' && <p class="play-join__notice">{t('play.join.left')}</p>}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void join(name);
        }}
      >
        <div class="field">
          <label class="field__label" for={`${id}-name`}>
            {t('home.join.name')}
          </label>
          <input
            ref={field}
            id={`${id}-name`}
            class="text-input"
            type="text"
            name="nickname"
            value={name}
            autoComplete="nickname"
            maxLength={MAX_NICKNAME_LENGTH}
            enterKeyHint="go"
            aria-invalid={showMissing || error?.code === 'name_taken' || error?.code === 'invalid_name'}
            aria-describedby={`${id}-hint ${id}-error`}
            onInput={(event) => {
              setName(event.currentTarget.value);
              setShowMissing(false);
            }}
          />
          <span class="field__hint" id={`${id}-hint`}>
            {t('home.join.nameHint')}
          </span>
          {showMissing && <span class="field__error">{t('home.join.nameMissing')}</span>}
        </div>
        <ErrorNote error={error} id={`${id}-error`}>
          {error?.code === 'name_taken' && error.suggestion && (
            <button
              type="button"
              class="button"
              onClick={() => {
                setName(error.suggestion!);
                void join(error.suggestion!);
              }}
            >
              {t('play.join.useSuggestion', { name: error.suggestion })}
            </button>
          )}
          {(error?.code === 'room_not_found' || error?.code === 'room_closed') && (
            <a class="button" href="/">
              {t('play.join.otherCode')}
            </a>
          )}
        </ErrorNote>
        <button type="submit" class="button button--primary button--wide play-join__submit" disabled={joining || !online}>
          {joining ? t('play.join.joining') : online ? t('home.join.submit') : t('play.join.connecting')}
        </button>
      </form>
    </section>
  );
}
