import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { ContestListResult, ContestPacing, ContestProblems, ContestRanking, CreateContestPayload } from '../../../shared/protocol/contests.ts';
import type { SetSummary } from '../../../shared/protocol/sets.ts';
import type { SetSnapshot } from '../../../shared/question-sets/schema.ts';
import type { Lang } from '../../../shared/engine/index.ts';
import { LIMITS } from '../../../shared/protocol/constants.ts';
import { useI18n, useRouter } from '../../app-context.ts';
import { contestApi, shownCode } from '../../contests/contest-api.ts';
import { LANG_NAMES, UI_LANGS } from '../../i18n/index.ts';
import { loadBuiltInSets } from '../../library/built-in-sets.ts';
import { setApi } from '../../library/set-api.ts';
import { contestErrorText } from './error-text.ts';
import { stageText } from './stage-text.ts';

/**
 * The form's limits: CONTEST_LIMITS's, copied so the page does not load the contract's schemas (zod);
 * test/client/contest-form.test.ts keeps them equal.
 */
export const FORM_LIMITS = { titleLength: 80, roomLabelLength: 40, maxRooms: 40, maxTeams: LIMITS.maxTeams, maxTimeLimitSec: LIMITS.maxTimeLimitSec } as const;

const RANKINGS: readonly ContestRanking[] = ['both', 'players', 'teams'];
const PACINGS: readonly ContestPacing[] = ['own-pace', 'lockstep'];
const PROBLEMS: readonly ContestProblems[] = ['same', 'per-room'];

interface SetOption {
  id: string;
  title: string;
  items: number;
  lang: Lang;
}

interface FormState {
  title: string;
  setId: string;
  rooms: { key: number; label: string }[];
  ranking: ContestRanking;
  pacing: ContestPacing;
  problems: ContestProblems;
  teamsOn: boolean;
  teamCount: number;
  timed: boolean;
  timeLimitSec: number;
  speedBonus: boolean;
  streakBonus: boolean;
  lang: Lang;
}

/** What is wrong with the rooms' labels, per row: empty, or the same as an earlier row's. */
export function labelProblems(labels: readonly string[]): ('empty' | 'duplicate' | null)[] {
  const seen = new Set<string>();
  return labels.map((raw) => {
    const label = raw.trim();
    if (!label) return 'empty';
    if (seen.has(label)) return 'duplicate';
    seen.add(label);
    return null;
  });
}

/** /contests: the key's contests, and a new one from a set (`?set=<id>` comes from the library's "Run a contest"). */
export function ContestList({ teacherKey, initialSetId }: { teacherKey: string; initialSetId: string | null }) {
  const { t, lang } = useI18n();
  const router = useRouter();
  const id = useId();
  const [contests, setContests] = useState<ContestListResult['contests'] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [own, setOwn] = useState<SetOption[]>([]);
  const [builtIn, setBuiltIn] = useState<SetOption[]>([]);
  // Rows keep their own key, so removing one never moves another's text or focus.
  const nextKey = useRef(3);
  const [form, setForm] = useState<FormState>(() => ({
    title: '',
    setId: initialSetId ?? '',
    rooms: [
      { key: 1, label: t('contests.form.roomDefault', { n: 1 }) },
      { key: 2, label: t('contests.form.roomDefault', { n: 2 }) },
    ],
    ranking: 'both',
    pacing: 'own-pace',
    problems: 'same',
    teamsOn: true,
    teamCount: 2,
    timed: true,
    timeLimitSec: 60,
    speedBonus: true,
    streakBonus: false,
    lang: lang.value,
  }));
  const [tried, setTried] = useState(false);
  const [pending, setPending] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);
  const set = <K extends keyof FormState>(name: K, value: FormState[K]) => setForm((current) => ({ ...current, [name]: value }));

  useEffect(() => {
    let live = true;
    void contestApi.list(teacherKey).then((listed) => {
      if (!live) return;
      if (listed.ok) setContests([...listed.data.contests].sort((a, b) => b.createdAt - a.createdAt));
      else setListError(contestErrorText(t, listed.error));
    });
    void setApi.list(teacherKey).then((listed) => {
      if (live && listed.ok) setOwn(listed.data.sets.map((s: SetSummary) => ({ id: s.id, title: s.title, items: s.items, lang: s.lang })));
    });
    loadBuiltInSets().then(
      (sets: readonly SetSnapshot[]) => live && setBuiltIn(sets.map((s) => ({ id: s.id!, title: s.title, items: s.items.length, lang: s.lang }))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [teacherKey]);

  const chosen = [...own, ...builtIn].find((s) => s.id === form.setId) ?? null;
  // A chosen set brings its language and its title, until the organizer types their own.
  useEffect(() => {
    if (chosen) setForm((current) => ({ ...current, lang: chosen.lang }));
  }, [chosen?.id]);

  const problems = labelProblems(form.rooms.map((r) => r.label));
  const teamsNeeded = form.ranking !== 'players' && !form.teamsOn;
  const title = form.title.trim() || chosen?.title || '';
  const invalid = !chosen || !title || problems.some((p) => p !== null) || teamsNeeded;

  const submit = async (event: Event) => {
    event.preventDefault();
    setTried(true);
    setCreateError(null);
    if (invalid) return;
    const payload: CreateContestPayload = {
      title: title.slice(0, FORM_LIMITS.titleLength),
      setId: form.setId,
      rooms: form.rooms.map((r) => ({ label: r.label.trim() })),
      ranking: form.ranking,
      pacing: form.pacing,
      problems: form.problems,
      teams: form.teamsOn ? { count: form.teamCount } : null,
      timeLimitSec: form.timed ? form.timeLimitSec : null,
      speedBonus: form.timed && form.speedBonus,
      streakBonus: form.streakBonus,
      lang: form.lang,
    };
    setPending(true);
    const made = await contestApi.create(teacherKey, payload);
    setPending(false);
    if (made.ok) router.navigate(`/contests/${made.data.contest.code}`);
    else setCreateError(contestErrorText(t, made.error));
  };

  const when = (ms: number) => new Date(ms).toLocaleString(lang.value, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <div class="library contests">
      <div class="library__head">
        <div>
          <h1>{t('contests.title')}</h1>
          <p class="muted">{t('contests.intro')}</p>
        </div>
      </div>

      <form class="card contests-form" onSubmit={submit} noValidate aria-labelledby={`${id}-new`}>
        <h2 id={`${id}-new`}>{t('contests.new')}</h2>
        <div class="contests-form__grid">
          <div class="contests-form__column">
            <div class="field">
              <label class="field__label" for={`${id}-set`}>
                {t('contests.form.set')}
              </label>
              <select
                id={`${id}-set`}
                class="text-input"
                value={form.setId}
                aria-invalid={tried && !chosen}
                aria-describedby={`${id}-set-hint`}
                onChange={(event) => set('setId', event.currentTarget.value)}
              >
                <option value="">{t('contests.form.setNone')}</option>
                {own.length > 0 && (
                  <optgroup label={t('contests.form.own')}>
                    {own.map((s) => (
                      <option key={s.id} value={s.id}>
                        {t('contests.form.items', { title: s.title, n: s.items })}
                      </option>
                    ))}
                  </optgroup>
                )}
                <optgroup label={t('contests.form.builtIn')}>
                  {builtIn.map((s) => (
                    <option key={s.id} value={s.id}>
                      {t('contests.form.items', { title: s.title, n: s.items })}
                    </option>
                  ))}
                </optgroup>
              </select>
              <span class="field__hint" id={`${id}-set-hint`}>
                {t('contests.form.setHint')}
              </span>
            </div>

            <div class="field">
              <label class="field__label" for={`${id}-title`}>
                {t('contests.form.title')}
              </label>
              <input
                id={`${id}-title`}
                class="text-input"
                type="text"
                maxLength={FORM_LIMITS.titleLength}
                value={form.title}
                placeholder={chosen?.title ?? ''}
                aria-invalid={tried && !title}
                aria-describedby={`${id}-title-hint`}
                onInput={(event) => set('title', event.currentTarget.value)}
              />
              <span class="field__hint" id={`${id}-title-hint`}>
                {t('contests.form.titleHint')}
              </span>
            </div>

            <fieldset class="contests-form__group" aria-describedby={`${id}-rooms-hint`}>
              <legend>{t('contests.form.rooms')}</legend>
              <p class="field__hint" id={`${id}-rooms-hint`}>
                {t('contests.form.roomsHint')}
              </p>
              <ol class="contests-rooms" data-testid="contest-room-rows">
                {form.rooms.map((room, i) => {
                  const problem = tried || room.label !== '' ? problems[i] : null;
                  return (
                    <li key={room.key} class="contests-rooms__row">
                      <input
                        class="text-input"
                        type="text"
                        maxLength={FORM_LIMITS.roomLabelLength}
                        value={room.label}
                        aria-label={t('contests.form.roomLabel', { n: i + 1 })}
                        aria-invalid={problem !== null}
                        aria-describedby={problem ? `${id}-room-${room.key}` : undefined}
                        onInput={(event) => set('rooms', form.rooms.map((r) => (r.key === room.key ? { ...r, label: event.currentTarget.value } : r)))}
                      />
                      <button
                        type="button"
                        class="button button--quiet"
                        disabled={form.rooms.length <= 1}
                        aria-label={t('contests.form.removeRoom', { n: i + 1 })}
                        title={t('contests.form.removeRoom', { n: i + 1 })}
                        onClick={() => set('rooms', form.rooms.filter((r) => r.key !== room.key))}
                      >
                        ✕
                      </button>
                      {problem && (
                        <p class="field__error contests-rooms__error" id={`${id}-room-${room.key}`}>
                          {t(problem === 'empty' ? 'contests.form.emptyLabel' : 'contests.form.duplicateLabel')}
                        </p>
                      )}
                    </li>
                  );
                })}
              </ol>
              <button
                type="button"
                class="button"
                disabled={form.rooms.length >= FORM_LIMITS.maxRooms}
                onClick={() => {
                  const key = nextKey.current++;
                  set('rooms', [...form.rooms, { key, label: t('contests.form.roomDefault', { n: form.rooms.length + 1 }) }]);
                }}
              >
                {t('contests.form.addRoom')}
              </button>
            </fieldset>
          </div>

          <div class="contests-form__column">
            <Choice legend={t('contests.form.pacing')} name={`${id}-pacing`} options={PACINGS} value={form.pacing} onChange={(v) => set('pacing', v)} label={(v) => t(`contests.form.pacing.${v}`)} hint={(v) => t(`contests.form.pacing.${v}.hint`)} />
            <Choice legend={t('contests.form.problems')} name={`${id}-problems`} options={PROBLEMS} value={form.problems} onChange={(v) => set('problems', v)} label={(v) => t(`contests.form.problems.${v}`)} />
            <Choice legend={t('contests.form.ranking')} name={`${id}-ranking`} options={RANKINGS} value={form.ranking} onChange={(v) => set('ranking', v)} label={(v) => t(`contests.form.ranking.${v}`)} note={t('contests.form.rankingHint')} />

            <fieldset class="contests-form__group">
              <legend>{t('contests.form.teamsTitle')}</legend>
              <label class="check">
                <input type="checkbox" checked={form.teamsOn} aria-invalid={teamsNeeded} aria-describedby={teamsNeeded ? `${id}-teams-needed` : undefined} onChange={(event) => set('teamsOn', event.currentTarget.checked)} />
                <span>{t('contests.form.teams')}</span>
              </label>
              {teamsNeeded && (
                <p class="field__error" id={`${id}-teams-needed`}>
                  {t('contests.form.teamsNeeded')}
                </p>
              )}
              <NumberInput id={`${id}-team-count`} label={t('contests.form.teamCount')} value={form.teamCount} min={2} max={FORM_LIMITS.maxTeams} disabled={!form.teamsOn} onChange={(v) => set('teamCount', v)} />
            </fieldset>

            <fieldset class="contests-form__group">
              <legend>{t('contests.form.timer')}</legend>
              <label class="check">
                <input type="radio" name={`${id}-timer`} checked={form.timed} onChange={() => set('timed', true)} />
                <span>{t('contests.form.timed')}</span>
              </label>
              <NumberInput id={`${id}-seconds`} label={t('contests.form.seconds')} value={form.timeLimitSec} min={5} max={FORM_LIMITS.maxTimeLimitSec} disabled={!form.timed} onChange={(v) => set('timeLimitSec', v)} />
              <label class="check">
                <input type="radio" name={`${id}-timer`} checked={!form.timed} onChange={() => set('timed', false)} />
                <span>{t('contests.form.untimed')}</span>
              </label>
              <label class="check">
                <input type="checkbox" checked={form.timed && form.speedBonus} disabled={!form.timed} onChange={(event) => set('speedBonus', event.currentTarget.checked)} />
                <span>{t('contests.form.speedBonus')}</span>
              </label>
              <label class="check">
                <input type="checkbox" checked={form.streakBonus} onChange={(event) => set('streakBonus', event.currentTarget.checked)} />
                <span>{t('contests.form.streakBonus')}</span>
              </label>
            </fieldset>

            <Choice legend={t('contests.form.lang')} name={`${id}-lang`} options={UI_LANGS} value={form.lang} onChange={(v) => set('lang', v)} label={(v) => LANG_NAMES[v]} pills />
          </div>
        </div>
        <div class="library-row contests-form__foot">
          <button type="submit" class="button button--primary" disabled={pending}>
            {pending ? t('contests.form.creating') : t('contests.form.create')}
          </button>
          <div role="alert" class="contests-form__alert">
            {createError ? <p class="field__error">{createError}</p> : tried && invalid ? <p class="field__error">{t('contests.form.fix')}</p> : null}
          </div>
        </div>
      </form>

      <section class="library-section" aria-labelledby={`${id}-mine`}>
        <h2 id={`${id}-mine`}>{t('contests.mine')}</h2>
        {listError && (
          <p class="field__error" role="alert">
            {listError}
          </p>
        )}
        {contests === null && !listError && <p class="muted">{t('contest.loading')}</p>}
        {contests && contests.length === 0 && <p class="muted">{t('contests.none')}</p>}
        {contests && contests.length > 0 && (
          <ul class="library-list" data-testid="contest-list">
            {contests.map((contest) => (
              <li key={contest.code} class="card library-set">
                <h3 class="library-set__title">
                  <a href={`/contests/${contest.code}`}>
                    <bdi>{contest.title}</bdi>
                  </a>
                </h3>
                <p class="library-set__meta muted">
                  {[
                    shownCode(contest.code),
                    t(contest.rooms === 1 ? 'contests.rooms.one' : 'contests.rooms', { n: contest.rooms }),
                    t(`contests.pacing.${contest.pacing}`),
                    stageText(t, contest.stage, null),
                    t('contests.created', { when: when(contest.createdAt) }),
                  ].join(' · ')}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function Choice<T extends string>({
  legend,
  name,
  options,
  value,
  onChange,
  label,
  hint,
  note,
  pills = false,
}: {
  legend: string;
  name: string;
  options: readonly T[];
  value: T;
  onChange: (value: T) => void;
  label: (value: T) => string;
  hint?: (value: T) => string;
  note?: string;
  pills?: boolean;
}) {
  return (
    <fieldset class="contests-form__group">
      <legend>{legend}</legend>
      <div class={pills ? 'library-pills' : 'contests-form__options'}>
        {options.map((option) => (
          <label key={option} class={`check${pills ? ' check--pill' : ''}`}>
            <input type="radio" name={name} checked={value === option} onChange={() => onChange(option)} />
            <span>
              {label(option)}
              {hint && <span class="contests-form__hint">{hint(option)}</span>}
            </span>
          </label>
        ))}
      </div>
      {note && <p class="field__hint">{note}</p>}
    </fieldset>
  );
}

function NumberInput({ id, label, value, min, max, disabled, onChange }: { id: string; label: string; value: number; min: number; max: number; disabled: boolean; onChange: (v: number) => void }) {
  return (
    <div class="field contests-form__number">
      <label class="field__label" for={id}>
        {label}
      </label>
      <input
        id={id}
        class="text-input"
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={value}
        disabled={disabled}
        onChange={(event) => {
          const n = Math.round(Number(event.currentTarget.value));
          onChange(Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : min);
        }}
      />
    </div>
  );
}
