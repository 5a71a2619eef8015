import { useEffect, useId, useState } from 'preact/hooks';
import type { NicknameSource } from '../../../shared/protocol/index.ts';
import { useI18n, useRouter } from '../../app-context.ts';
import { deviceStorage } from '../../device-storage.ts';
import type { PageProps } from '../../routes.tsx';
import { useDocumentTitle } from '../../use-document-title.ts';
import { limitNickname } from '../../room/nickname-input.ts';
import { CODE_LENGTH, HOST_PATH, NICKNAME_KEY, isJoinCode, normaliseJoinCode, normaliseNickname, playPath } from './join-code.ts';
import './home.css';

function storedNickname(): string {
  return deviceStorage()?.getItem(NICKNAME_KEY) ?? '';
}

export default function HomePage({ params }: PageProps) {
  const { t } = useI18n();
  const router = useRouter();
  const id = useId();
  useDocumentTitle();

  const [code, setCode] = useState(() => normaliseJoinCode(params.code ?? ''));
  const [nickname, setNickname] = useState(storedNickname);
  const [nameCut, setNameCut] = useState(false);
  const [submitted, setSubmitted] = useState(false);

  // /join/AB12 → /join/CD34 keeps this page mounted: follow the new code.
  useEffect(() => {
    if (params.code !== undefined) setCode(normaliseJoinCode(params.code));
  }, [params.code]);

  const normalisedCode = normaliseJoinCode(code);
  const codeProblem = normalisedCode === '' ? 'home.join.codeMissing' : isJoinCode(normalisedCode) ? null : 'home.join.codeInvalid';

  // A whole code: ask the room whether it gives names (then there is no name to type).
  const [peeked, setPeeked] = useState<{ code: string; nicknames: NicknameSource } | null>(null);
  const validCode = codeProblem === null ? normalisedCode : null;
  useEffect(() => {
    if (validCode === null) return;
    let live = true;
    void import('../play/index.tsx')
      .then(({ peekRoomByCode }) => peekRoomByCode(validCode))
      .then((peek) => live && peek && setPeeked({ code: validCode, nicknames: peek.nicknames }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [validCode]);
  const generated = peeked?.code === validCode && peeked.nicknames === 'generated';
  const nicknameMissing = !generated && normaliseNickname(nickname) === '';

  const join = (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (codeProblem) {
      document.getElementById(`${id}-code`)?.focus();
      return;
    }
    if (nicknameMissing) {
      document.getElementById(`${id}-name`)?.focus();
      return;
    }
    if (generated) {
      router.navigate(playPath(normalisedCode, ''));
      return;
    }
    const name = normaliseNickname(nickname);
    deviceStorage()?.setItem(NICKNAME_KEY, name);
    router.navigate(playPath(normalisedCode, name));
  };

  const showCodeError = submitted && codeProblem !== null;
  const showNameError = submitted && nicknameMissing;

  return (
    <div class="home">
      <section class="home__hero">
        <h1 class="home__title">{t('app.name')}</h1>
        <p class="home__tagline">{t('app.tagline')}</p>
        <p class="home__formula" aria-hidden="true">
          dL/dw = dL/dy · dy/dz · dz/dw
        </p>
      </section>

      <div class="home__grid">
        <section class="card home__join" aria-labelledby={`${id}-join`}>
          <h2 id={`${id}-join`}>{t('home.join.heading')}</h2>
          <form onSubmit={join} noValidate>
            <div class="field">
              <label class="field__label" for={`${id}-code`}>
                {t('home.join.code')}
              </label>
              <input
                id={`${id}-code`}
                class="text-input home__code"
                type="text"
                name="code"
                value={code}
                autoComplete="off"
                autoCapitalize="characters"
                autoCorrect="off"
                spellcheck={false}
                maxLength={CODE_LENGTH * 2}
                enterKeyHint="next"
                aria-invalid={showCodeError}
                aria-describedby={`${id}-code-hint${showCodeError ? ` ${id}-code-error` : ''}`}
                onInput={(event) => setCode(event.currentTarget.value.toUpperCase())}
              />
              <span class="field__hint" id={`${id}-code-hint`}>
                {t('home.join.codeHint')}
              </span>
              {showCodeError && (
                <span class="field__error" id={`${id}-code-error`}>
                  {codeProblem && t(codeProblem, { n: CODE_LENGTH })}
                </span>
              )}
            </div>
            {generated ? (
              <p class="home__generated" data-testid="home-generated-name">
                {t('home.join.generatedName')}
              </p>
            ) : (
            <div class="field">
              <label class="field__label" for={`${id}-name`}>
                {t('home.join.name')}
              </label>
              <input
                id={`${id}-name`}
                class="text-input"
                type="text"
                name="nickname"
                value={nickname}
                autoComplete="nickname"
                // The join link brings the code: the name is what is left to type.
                autoFocus={params.code !== undefined && isJoinCode(normalisedCode)}
                enterKeyHint="go"
                aria-invalid={showNameError}
                aria-describedby={`${id}-name-hint${showNameError ? ` ${id}-name-error` : ''}`}
                onInput={(event) => {
                  const { value, cut } = limitNickname(event.currentTarget.value);
                  if (cut) event.currentTarget.value = value;
                  setNickname(value);
                  setNameCut(cut);
                }}
              />
              <span class="field__hint" id={`${id}-name-hint`}>
                {t('home.join.nameHint')}
              </span>
              {nameCut && (
                <span class="field__note" role="status" data-testid="name-cut">
                  {t('home.join.nameCut')}
                </span>
              )}
              {showNameError && (
                <span class="field__error" id={`${id}-name-error`}>
                  {t('home.join.nameMissing')}
                </span>
              )}
            </div>
            )}
            <button type="submit" class="button button--primary button--wide home__join-button">
              {t('home.join.submit')}
            </button>
          </form>
        </section>

        <section class="card home__option" aria-labelledby={`${id}-practice`}>
          <h2 id={`${id}-practice`}>{t('home.practice.heading')}</h2>
          <p class="muted">{t('home.practice.body')}</p>
          <a class="button button--wide" href="/practice">
            {t('home.practice.button')}
          </a>
        </section>

        <section class="card home__option" aria-labelledby={`${id}-host`}>
          <h2 id={`${id}-host`}>{t('home.host.heading')}</h2>
          <p class="muted">{t('home.host.body')}</p>
          <a class="button button--wide" href={HOST_PATH}>
            {t('home.host.button')}
          </a>
          {/* The teacher's own problems, kept on the server: prepared before class, played from the set-up. */}
          <a class="button button--wide button--quiet home__library" href="/library">
            {t('home.host.library')}
          </a>
        </section>
      </div>
    </div>
  );
}
