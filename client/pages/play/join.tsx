import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../app-context.ts';
import { ErrorNote } from '../../components/error-note/index.tsx';
import { deviceStorage } from '../../device-storage.ts';
import type { NicknameSource } from '../../../shared/protocol/index.ts';
import { joinRoom, peekRoom } from '../../room/player-actions.ts';
import type { ClientError, RoomStore } from '../../room/room-connection.ts';
import { limitNickname } from '../../room/nickname-input.ts';
import { NICKNAME_KEY, normaliseNickname } from '../home/join-code.ts';

export function storedNickname(): string {
  try {
    return deviceStorage()?.getItem(NICKNAME_KEY) ?? '';
  } catch {
    return '';
  }
}

/**
 * The nickname step. The phone first asks the room whether it generates names: then it joins
 * at once without asking for one (the lobby shows the name it got). Otherwise a link from the
 * home page carries the nickname, so the phone joins by itself as soon as it is connected; the
 * form shows when there is no name or the server refused it (taken names come with a free one
 * to pick).
 */
export function JoinForm({ store, initialName }: { store: RoomStore; initialName: string }) {
  const { t, lang } = useI18n();
  const id = useId();
  // A link's name longer than the room allows is shown cut, not joined with silently.
  const linkName = limitNickname(initialName);
  const [name, setName] = useState(linkName.value);
  const [nameCut, setNameCut] = useState(linkName.cut);
  const [error, setError] = useState<ClientError | null>(null);
  const [pending, setPending] = useState(false);
  const [showMissing, setShowMissing] = useState(false);
  /** Where names come from in this room; `null` until the room answers. */
  const [source, setSource] = useState<NicknameSource | null>(null);
  const peeked = useRef(false);
  const autoJoin = useRef(!linkName.cut && normaliseNickname(initialName) !== '');
  const field = useRef<HTMLInputElement>(null);
  const online = store.status.value === 'online';
  const loss = store.seatLoss.value;

  const joinGenerated = async () => {
    setPending(true);
    setError(null);
    const result = await joinRoom(store, '', { lang: lang.value });
    setPending(false);
    if (!result.ok) setError(result.error);
  };

  const join = async (nickname: string) => {
    const cleaned = normaliseNickname(nickname);
    if (cleaned === '') {
      setShowMissing(true);
      field.current?.focus();
      return;
    }
    setPending(true);
    setError(null);
    const result = await joinRoom(store, cleaned, { lang: lang.value });
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
    if (!online || peeked.current) return;
    peeked.current = true;
    void peekRoom(store).then((peek) => {
      if (peek.ok && peek.data.nicknames === 'generated') {
        setSource('generated');
        // Not straight back into a room just left: the button joins again.
        if (loss !== 'left') void joinGenerated();
        return;
      }
      setSource('own');
      // A server without room:peek only takes typed names.
      if (!peek.ok && peek.error.code !== 'unknown_event') {
        autoJoin.current = false;
        setError(peek.error);
        return;
      }
      if (autoJoin.current) {
        autoJoin.current = false;
        void join(initialName);
      }
    });
  }, [online]);

  const otherCode = (error?.code === 'room_not_found' || error?.code === 'room_closed') && (
    <a class="button" href="/">
      {t('play.join.otherCode')}
    </a>
  );
  const header = (
    <>
      <h1 id={`${id}-title`}>{t('play.join.title')}</h1>
      <p class="play-join__code">
        {t('play.join.code')} <strong class="play-join__code-value">{store.code}</strong>
      </p>
      {loss === 'invalid_token' && <p class="play-join__notice">{t('play.join.seatGone')}</p>}
      {loss === 'left' && <p class="play-join__notice">{t('play.join.left')}</p>}
    </>
  );

  if (source !== 'own') {
    // Peeking, or a room that names its players: nothing to type.
    const busy = source === null || pending || !online;
    return (
      <section class="card play-join" aria-labelledby={`${id}-title`} aria-busy={busy}>
        {header}
        {source === 'generated' && <p class="play-join__notice">{t('home.join.generatedName')}</p>}
        <ErrorNote error={error}>{otherCode}</ErrorNote>
        <button type="button" class="button button--primary button--wide play-join__submit" disabled={busy} onClick={() => void joinGenerated()}>
          {!online ? t('play.join.connecting') : busy ? t('play.join.joining') : t('home.join.submit')}
        </button>
      </section>
    );
  }

  const joining = pending || (autoJoin.current && !error);
  return (
    <section class="card play-join" aria-labelledby={`${id}-title`}>
      {header}
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
            autoFocus
            enterKeyHint="go"
            aria-invalid={showMissing || error?.code === 'name_taken' || error?.code === 'invalid_name'}
            aria-describedby={`${id}-hint ${id}-error`}
            onInput={(event) => {
              const { value, cut } = limitNickname(event.currentTarget.value);
              if (cut) event.currentTarget.value = value;
              setName(value);
              setNameCut(cut);
              setShowMissing(false);
            }}
          />
          <span class="field__hint" id={`${id}-hint`}>
            {t('home.join.nameHint')}
          </span>
          {nameCut && (
            <span class="field__note" role="status" data-testid="name-cut">
              {t('home.join.nameCut')}
            </span>
          )}
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
          {otherCode}
        </ErrorNote>
        <button type="submit" class="button button--primary button--wide play-join__submit" disabled={joining || !online}>
          {joining ? t('play.join.joining') : online ? t('home.join.submit') : t('play.join.connecting')}
        </button>
      </form>
    </section>
  );
}
