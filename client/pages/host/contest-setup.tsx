import { useEffect, useId, useState } from 'preact/hooks';
import type { ContestRoomKeyResult } from '../../../shared/protocol/contests.ts';
import { useI18n, useRouter } from '../../app-context.ts';
import { ErrorNote } from '../../components/error-note/index.tsx';
import { contestApi, shownCode } from '../../contests/contest-api.ts';
import { deviceStorage } from '../../device-storage.ts';
import { LANG_NAMES, translate } from '../../i18n/index.ts';
import { defaultTeamNameKey } from '../../components/team-tag/team-names.ts';
import { createRoom } from '../../room/host-actions.ts';
import { useRequest } from '../../room/use-request.ts';
import { useDocumentTitle } from '../../use-document-title.ts';
import { savedHostSeats } from './recent-games.ts';
import { readSetup, toRoomConfig } from './setup-config.ts';

type Lookup = { state: 'loading' } | { state: 'found'; result: ContestRoomKeyResult } | { state: 'not-found' } | { state: 'failed' };

/**
 * /host?contest=<roomKey>: the link an organizer hands a teacher. It names the contest and the room
 * the key opens; "Open this room" creates it with the key, and the server builds the room from the
 * contest (its set, seeds, time limits, scoring, teams). Only the room's capacity is the teacher's.
 */
export function ContestRoomSetup({ roomKey }: { roomKey: string }) {
  const { t, lang } = useI18n();
  const router = useRouter();
  const id = useId();
  useDocumentTitle(t('setup.contest.title'));
  const [lookup, setLookup] = useState<Lookup>({ state: 'loading' });
  const create = useRequest();

  const look = async () => {
    setLookup({ state: 'loading' });
    const got = await contestApi.roomKey(roomKey);
    if (got.ok) setLookup({ state: 'found', result: got.data });
    else setLookup({ state: got.error.code === 'unknown_room_key' || got.error.code === 'not_found' ? 'not-found' : 'failed' });
  };
  useEffect(() => void look(), [roomKey]);

  const open = async (result: ContestRoomKeyResult) => {
    const remembered = readSetup(deviceStorage(), lang.value);
    const roomLang = result.contest.lang;
    // The server replaces everything but the title and the capacity with the contest's own settings.
    const config = toRoomConfig(
      { ...remembered, mode: 'quiz', title: result.contest.title },
      { title: result.contest.title, teamName: (i) => translate(roomLang, defaultTeamNameKey(i)) },
    );
    const made = await create.run(() => createRoom(config, { storage: deviceStorage(), contest: { roomKey } }));
    if (made?.ok) router.navigate(`/host/${made.data.code}`);
    // Someone opened it meanwhile: say where it is.
    else if (made && made.error.code === 'contest_room_open') void look();
  };

  if (lookup.state === 'loading') {
    return (
      <p class="host-connecting" role="status">
        {t('setup.contest.loading')}
      </p>
    );
  }
  if (lookup.state !== 'found') {
    return (
      <section class="card host-notice" role="alert">
        <h1>{t('setup.contest.title')}</h1>
        <p>{t(lookup.state === 'not-found' ? 'setup.contest.notFound' : 'setup.contest.failed')}</p>
        <div class="host-controls host-controls--row">
          {lookup.state === 'failed' && (
            <button type="button" class="button button--primary" onClick={() => void look()}>
              {t('app.retry')}
            </button>
          )}
          <a class="button" href="/host">
            {t('setup.contest.ordinary')}
          </a>
        </div>
      </section>
    );
  }

  const { contest, slot, openRoom } = lookup.result;
  const mine = openRoom !== null && savedHostSeats(deviceStorage()).some((entry) => entry.code === openRoom);
  return (
    <section class="card host-contest-setup" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('setup.contest.title')}</h1>
      <p class="muted">{t('setup.contest.intro')}</p>
      <dl class="host-contest-setup__facts">
        <div>
          <dt>{t('setup.contest.contest')}</dt>
          <dd data-testid="setup-contest-title">
            <bdi>{contest.title}</bdi>
          </dd>
        </div>
        <div>
          <dt>{t('setup.contest.room')}</dt>
          <dd class="host-contest-setup__label" data-testid="setup-contest-room">
            <bdi>{slot.label}</bdi>
          </dd>
        </div>
        <div>
          <dt>{t('setup.contest.code')}</dt>
          <dd>{shownCode(contest.code)}</dd>
        </div>
        <div>
          <dt>{t('setup.contest.pacing')}</dt>
          <dd>{t(`setup.contest.pacing.${contest.pacing}`)}</dd>
        </div>
        <div>
          <dt>{t('setup.contest.lang')}</dt>
          <dd>
            {LANG_NAMES[contest.lang]} · {t(contest.items === 1 ? 'setup.contest.items.one' : 'setup.contest.items', { n: contest.items })}
          </dd>
        </div>
      </dl>
      {openRoom !== null ? (
        <div class="host-contest-setup__open" role="status">
          <p>{t('setup.contest.openAlready', { code: openRoom })}</p>
          {mine ? (
            <a class="button button--primary" href={`/host/${openRoom}`}>
              {t('setup.contest.goTo', { code: openRoom })}
            </a>
          ) : (
            <p class="muted">{t('setup.contest.elsewhere')}</p>
          )}
        </div>
      ) : (
        <button type="button" class="button button--primary host-next" disabled={create.pending} onClick={() => void open(lookup.result)}>
          {create.pending ? t('setup.contest.opening') : t('setup.contest.open')}
        </button>
      )}
      <ErrorNote error={create.error} />
    </section>
  );
}
