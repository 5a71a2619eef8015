import { Fragment } from 'preact';
import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { DIFFICULTIES, type Lang, type ProblemKind, STEP_KINDS, generateProblem, toPublicProblem } from '../../../shared/engine/index.ts';
import { useI18n, useRouter } from '../../app-context.ts';
import { ErrorNote } from '../../components/error-note/index.tsx';
import { RichText } from '../../components/math/index.tsx';
import { ProblemView } from '../../components/problem-view/index.tsx';
import { defaultTeamNameKey } from '../../components/team-tag/team-names.ts';
import { deviceStorage } from '../../device-storage.ts';
import { LANG_NAMES, UI_LANGS, translate } from '../../i18n/index.ts';
import { createRoom } from '../../room/host-actions.ts';
import { useRequest } from '../../room/use-request.ts';
import { useDocumentTitle } from '../../use-document-title.ts';
import type { RoomSummary } from '../../../shared/protocol/index.ts';
import { LIMITS, ROOM_MODES, TEAM_ASSIGNMENTS, isTeamMode } from '../../../shared/protocol/constants.ts';
import { NicknameOption } from './nickname-option.tsx';
import { SaveAsSet, SetPicker, useSetChoice } from './set-choice.tsx';
import { isBuiltInId } from '../../library/built-in-sets.ts';
import { storedTeacherKey } from '../../library/set-api.ts';
import { roomTitle } from './room-display.ts';
import { lookUpRooms, savedHostSeats } from './recent-games.ts';
import {
  DESCENT_ACTIVATION_OPTIONS,
  DESCENT_CONFIRM_OPTIONS,
  LEADERBOARD_PACES,
  QUIZ_KINDS,
  type SetupState,
  canSaveAsSet,
  descentDefaultLr,
  descentLrChoices,
  readSetup,
  saveSetup,
  toRoomConfig,
} from './setup-config.ts';

/** Examples are fixed problems, so the set-up page reads the same every time. */
const EXAMPLE_SEED = 20240917;

function KindExample({ kind, difficulty }: { kind: ProblemKind; difficulty: 1 | 2 | 3 }) {
  const { t } = useI18n();
  const problem = useMemo(() => toPublicProblem(generateProblem({ kind, difficulty, seed: EXAMPLE_SEED })), [kind, difficulty]);
  return (
    <div class="setup-kind__example">
      <p class="setup-kind__prompt">
        <RichText text={problem.prompt} />
      </p>
      <details>
        <summary>{t('setup.kinds.fullExample')}</summary>
        <div class="setup-kind__problem">
          <ProblemView problem={problem} />
        </div>
      </details>
    </div>
  );
}

/** Kinds to tick, each with its example; at least one must stay ticked (the page says so). */
function KindChecklist({ id, legend, hint, kinds, chosen, onChange, difficulty }: {
  id: string;
  legend: string;
  hint: string;
  kinds: readonly ProblemKind[];
  chosen: readonly ProblemKind[];
  onChange: (kinds: ProblemKind[]) => void;
  difficulty: 1 | 2 | 3;
}) {
  const { t } = useI18n();
  const missing = chosen.length === 0;
  return (
    <fieldset class="setup__group" aria-describedby={missing ? `${id}-missing` : `${id}-hint`}>
      <legend>{legend}</legend>
      <p class="field__hint" id={`${id}-hint`}>
        {hint}
      </p>
      <div class="setup-kinds">
        {kinds.map((kind) => (
          <div key={kind} class={`setup-kind${chosen.includes(kind) ? ' setup-kind--on' : ''}`}>
            <label class="check">
              <input
                type="checkbox"
                checked={chosen.includes(kind)}
                onChange={(event) => onChange(event.currentTarget.checked ? [...chosen, kind] : chosen.filter((k) => k !== kind))}
              />
              <span class="setup-kind__label">{t(`kind.${kind}`)}</span>
            </label>
            <KindExample kind={kind} difficulty={difficulty} />
          </div>
        ))}
      </div>
      {missing && (
        <p class="field__error" id={`${id}-missing`}>
          {t('setup.kinds.missing')}
        </p>
      )}
    </fieldset>
  );
}

function NumberField({ id, label, hint, value, min, max, onChange, disabled = false }: {
  id: string;
  label: string;
  hint?: string;
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
  disabled?: boolean;
}) {
  return (
    <div class="field setup-number">
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
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => {
          const n = Math.round(Number(event.currentTarget.value));
          onChange(Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : min);
        }}
      />
      {hint && (
        <span class="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
}

function Check({ checked, onChange, label, hint, disabled = false }: { checked: boolean; onChange: (on: boolean) => void; label: string; hint?: string; disabled?: boolean }) {
  const id = useId();
  return (
    <div class="setup-check">
      <label class="check">
        <input type="checkbox" checked={checked} disabled={disabled} aria-describedby={hint ? id : undefined} onChange={(event) => onChange(event.currentTarget.checked)} />
        <span>{label}</span>
      </label>
      {hint && (
        <p class="field__hint setup-check__hint" id={id}>
          {hint}
        </p>
      )}
    </div>
  );
}

/** Descent Race options: the neuron, who sets η (and which), who confirms a team's step. */
function DescentOptions({ state, set }: { state: SetupState; set: <K extends keyof SetupState>(key: K, value: SetupState[K]) => void }) {
  const { t, lang } = useI18n();
  const id = useId();
  const choices = descentLrChoices(state.descentActivation);
  const fixed = state.descentLr !== 'team';
  const fixedLr = fixed ? (state.descentLr as number) : descentDefaultLr(state.descentActivation);
  const showLr = (lr: number) => lr.toLocaleString(lang.value);
  return (
    <div class="setup-descent" data-testid="setup-descent">
      <fieldset class="setup__group">
        <legend>{t('setup.descent.activation')}</legend>
        {DESCENT_ACTIVATION_OPTIONS.map((activation) => (
          <label key={activation} class="check">
            <input
              type="radio"
              name={`${id}-activation`}
              checked={state.descentActivation === activation}
              onChange={() => {
                set('descentActivation', activation);
                // Each activation has its own list of η: a fixed one moves to the new list's default.
                if (state.descentLr !== 'team' && !descentLrChoices(activation).includes(state.descentLr)) set('descentLr', descentDefaultLr(activation));
              }}
            />
            <span>{t(`setup.descent.activation.${activation}`)}</span>
          </label>
        ))}
      </fieldset>
      <fieldset class="setup__group" aria-describedby={`${id}-lr-hint`}>
        <legend>{t('setup.descent.lr')}</legend>
        <label class="check">
          <input type="radio" name={`${id}-lr`} checked={!fixed} onChange={() => set('descentLr', 'team')} />
          <span>{t('setup.descent.lr.team', { choices: choices.map(showLr).join(' · ') })}</span>
        </label>
        <label class="check">
          <input type="radio" name={`${id}-lr`} checked={fixed} onChange={() => set('descentLr', fixedLr)} />
          <span>{t('setup.descent.lr.fixed')}</span>
        </label>
        <div class="setup__pills setup-descent__lrs" role="group" aria-label={t('setup.descent.lr.fixedValue')}>
          {choices.map((lr) => (
            <label key={lr} class="check check--pill">
              <input type="radio" name={`${id}-lr-value`} checked={fixed && state.descentLr === lr} disabled={!fixed} onChange={() => set('descentLr', lr)} />
              <span>η = {showLr(lr)}</span>
            </label>
          ))}
        </div>
        <p class="field__hint" id={`${id}-lr-hint`}>
          {t('setup.descent.lr.hint', { largest: showLr(choices[choices.length - 1]!) })}
        </p>
      </fieldset>
      <fieldset class="setup__group">
        <legend>{t('setup.descent.confirm')}</legend>
        {DESCENT_CONFIRM_OPTIONS.map((rule) => (
          <label key={rule} class="check">
            <input type="radio" name={`${id}-confirm`} checked={state.descentConfirm === rule} onChange={() => set('descentConfirm', rule)} />
            <span>{t(`setup.descent.confirm.${rule}`)}</span>
          </label>
        ))}
      </fieldset>
    </div>
  );
}

/** Descent Race at Hard: the neuron's one input or two (the server plays two at Hard only). */
function DescentInputsOption({ state, set }: { state: SetupState; set: <K extends keyof SetupState>(key: K, value: SetupState[K]) => void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <fieldset class="setup__group setup-descent__inputs" aria-describedby={`${id}-inputs-hint`} data-testid="setup-descent-inputs">
      <legend>{t('setup.descent.inputs')}</legend>
      {([1, 2] as const).map((inputs) => (
        <label key={inputs} class="check">
          <input type="radio" name={`${id}-inputs`} checked={state.descentInputs === inputs} onChange={() => set('descentInputs', inputs)} />
          <span>{t(`setup.descent.inputs.${inputs}`)}</span>
        </label>
      ))}
      <p class="field__hint" id={`${id}-inputs-hint`}>
        {t('setup.descent.inputs.hint')}
      </p>
    </fieldset>
  );
}

/** The games hosted from this device, to reopen one or download its reports. */
function RecentGames() {
  const { t, lang } = useI18n();
  const [saved] = useState(() => savedHostSeats(deviceStorage()));
  const [rooms, setRooms] = useState<RoomSummary[] | null>(null);
  useEffect(() => {
    let live = true;
    void lookUpRooms(saved.map((entry) => entry.seat.token)).then((found) => live && setRooms(found));
    return () => {
      live = false;
    };
  }, []);
  // The server's list when it answers; otherwise the codes this device remembers.
  const entries = rooms
    ? rooms.slice(0, 8).map((room) => ({ code: room.code, when: room.createdAt, title: roomTitle(room.title, t), phase: room.phase, players: room.players }))
    : saved.slice(0, 8).map(({ code, seat }) => ({ code, when: seat.savedAt, title: null, phase: null, players: null }));
  if (entries.length === 0) return null;
  return (
    <section class="card setup-recent" aria-labelledby="setup-recent">
      <h2 id="setup-recent">{t('setup.recent.title')}</h2>
      <ul>
        {entries.map((entry) => (
          <li key={entry.code}>
            <a href={`/host/${entry.code}`}>{t('setup.recent.open', { code: entry.code })}</a>
            <span class="muted">
              {entry.title && (
                <>
                  <bdi>{entry.title}</bdi> ·{' '}
                </>
              )}
              {entry.phase && <>{t(entry.phase === 'ended' || entry.phase === 'podium' ? 'setup.recent.finished' : 'setup.recent.running')} · </>}
              {entry.players !== null && <>{t('setup.recent.players', { n: entry.players })} · </>}
              {new Date(entry.when).toLocaleString(lang.value)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The teacher's set-up: every setting of a room, with defaults that make one click enough. */
export function HostSetup({ initialSetId = null }: { initialSetId?: string | null }) {
  const { t, lang } = useI18n();
  const router = useRouter();
  const id = useId();
  useDocumentTitle(t('setup.title'));
  const [state, setState] = useState<SetupState>(() => readSetup(deviceStorage(), lang.value));
  const create = useRequest();
  const set = <K extends keyof SetupState>(key: K, value: SetupState[K]) => setState((current) => ({ ...current, [key]: value }));
  const chainMode = state.mode === 'chain-steps';
  const teamMode = isTeamMode(state.mode);
  const descentMode = state.mode === 'descent';
  const relayMode = state.mode === 'relay';
  const descentDifficulty = [...state.difficulties].sort()[0] ?? 1;
  const kindsMissing = state.mode === 'quiz' && state.kinds.length === 0;
  // Chain Steps and the relay both play a chain, a network that branches, or both in turn.
  const networksMode = chainMode || state.mode === 'relay';
  const stepKindsMissing = networksMode && state.stepKinds.length === 0;
  const difficultiesMissing = state.difficulties.length === 0;
  const exampleDifficulty = state.difficulties[0] ?? 1;
  // "Play a set" (a set is played as a quiz) or today's generated settings.
  const [source, setSource] = useState<'generated' | 'set'>(initialSetId ? 'set' : 'generated');
  const sets = useSetChoice(initialSetId);
  const playSet = source === 'set';
  const chosenSet = playSet && sets.choice.state === 'chosen' ? sets.choice.set : null;
  const cannotCreate = playSet ? chosenSet === null : kindsMissing || stepKindsMissing || difficultiesMissing;
  useEffect(() => {
    if (playSet && state.mode !== 'quiz') set('mode', 'quiz');
  }, [playSet]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (cannotCreate) return;
    saveSetup(deviceStorage(), state);
    const roomLang: Lang = state.lang;
    const generated = toRoomConfig(state, {
      title: chosenSet?.title ?? translate(roomLang, 'app.name'),
      teamName: (i) => translate(roomLang, defaultTeamNameKey(i)),
    });
    // A set is named by id (a set of long texts would not fit in one message): the server reads it and the
    // room keeps that snapshot, so a later edit of the stored set never reaches it.
    const config = chosenSet ? { ...generated, mode: 'quiz' as const, questionCount: chosenSet.items.length, ...(chosenSet.id ? {} : { set: chosenSet }) } : generated;
    const bySet = chosenSet?.id ? { id: chosenSet.id, teacherKey: isBuiltInId(chosenSet.id) ? null : storedTeacherKey() } : undefined;
    const result = await create.run(() => createRoom(config, { storage: deviceStorage(), ...(bySet ? { set: bySet } : {}) }));
    if (result?.ok) router.navigate(`/host/${result.data.code}`);
  };

  const toggleIn = <T,>(list: readonly T[], item: T, on: boolean): T[] => (on ? [...list, item] : list.filter((x) => x !== item));

  return (
    <form class="setup" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <div class="setup__head">
        <div>
          <h1 id={`${id}-title`}>{t('setup.title')}</h1>
          <p class="muted">{t('setup.intro')}</p>
        </div>
        <button type="submit" class="button button--primary setup__create" disabled={create.pending || cannotCreate}>
          {create.pending ? t('setup.creating') : t('setup.create')}
        </button>
      </div>
      <ErrorNote error={create.error} />

      <div class="setup__grid">
        <div class="setup__column">
          <section class="card setup__section" aria-labelledby={`${id}-game`}>
            <h2 id={`${id}-game`}>{t('setup.game')}</h2>
            <div class="field">
              <label class="field__label" for={`${id}-name`}>
                {t('setup.name')}
              </label>
              <input
                id={`${id}-name`}
                class="text-input"
                type="text"
                maxLength={LIMITS.titleLength}
                value={state.title}
                placeholder={chosenSet?.title ?? translate(state.lang, 'app.name')}
                onInput={(event) => set('title', event.currentTarget.value)}
              />
            </div>

            <fieldset class="setup__group">
              <legend>{t('setup.mode')}</legend>
              <div class="setup__modes">
                {ROOM_MODES.map((mode) => (
                  <label key={mode} class="setup-mode">
                    <input type="radio" name={`${id}-mode`} checked={state.mode === mode} disabled={playSet && mode !== 'quiz'} onChange={() => set('mode', mode)} />
                    <span>
                      <strong>{t(`setup.mode.${mode}`)}</strong>
                      <span class="setup-mode__hint">{t(`setup.mode.${mode}.hint`)}</span>
                    </span>
                  </label>
                ))}
              </div>
              {playSet && <p class="field__hint">{t('setup.set.quizOnly')}</p>}
            </fieldset>

            <fieldset class="setup__group">
              <legend>{t('setup.source')}</legend>
              <div class="setup__pills">
                {(['generated', 'set'] as const).map((option) => (
                  <label key={option} class="check check--pill">
                    <input type="radio" name={`${id}-source`} checked={source === option} onChange={() => setSource(option)} />
                    <span>{t(`setup.source.${option}`)}</span>
                  </label>
                ))}
              </div>
            </fieldset>

            {playSet ? (
              <SetPicker choice={sets.choice} onChoose={(setId) => void sets.choose(setId)} />
            ) : (
            <>
            {teamMode && (
              <p class="setup-kind setup-kind--single field__hint" data-testid="setup-mode-about">
                {t(`setup.mode.${state.mode as 'relay' | 'descent'}.about`)}
              </p>
            )}
            {descentMode ? null : networksMode ? (
              <KindChecklist
                id={`${id}-step-kinds`}
                legend={t('setup.stepKinds')}
                hint={t('setup.stepKinds.hint')}
                kinds={STEP_KINDS}
                chosen={state.stepKinds}
                onChange={(kinds) => set('stepKinds', kinds)}
                difficulty={exampleDifficulty}
              />
            ) : (
              <KindChecklist
                id={`${id}-kinds`}
                legend={t('setup.kinds')}
                hint={t('setup.kinds.hint')}
                kinds={QUIZ_KINDS}
                chosen={state.kinds}
                onChange={(kinds) => set('kinds', kinds)}
                difficulty={exampleDifficulty}
              />
            )}

            {descentMode && <DescentOptions state={state} set={set} />}

            {descentMode ? (
              // One task per room: one level, read by the server from the first chosen.
              <fieldset class="setup__group" aria-describedby={`${id}-difficulty-hint`}>
                <legend>{t('setup.difficulty')}</legend>
                <div class="setup__pills">
                  {DIFFICULTIES.map((d) => (
                    <label key={d} class="check check--pill">
                      <input type="radio" name={`${id}-descent-difficulty`} checked={descentDifficulty === d} onChange={() => set('difficulties', [d])} />
                      <span>{t(`difficulty.${d}`)}</span>
                    </label>
                  ))}
                </div>
                <p class="field__hint" id={`${id}-difficulty-hint`}>
                  {t(`setup.descent.difficulty.${descentDifficulty}`)}
                </p>
                {descentDifficulty === 3 && <DescentInputsOption state={state} set={set} />}
              </fieldset>
            ) : (
            <fieldset class="setup__group" aria-describedby={`${id}-difficulty-hint`}>
              <legend>{t(state.mode === 'relay' ? 'setup.difficulty.relay' : 'setup.difficulty')}</legend>
              <div class="setup__pills">
                {DIFFICULTIES.map((d) => (
                  <label key={d} class="check check--pill">
                    <input type="checkbox" checked={state.difficulties.includes(d)} onChange={(event) => set('difficulties', toggleIn(state.difficulties, d, event.currentTarget.checked))} />
                    <span>{t(`difficulty.${d}`)}</span>
                  </label>
                ))}
              </div>
              <p class="field__hint" id={`${id}-difficulty-hint`}>
                {difficultiesMissing ? <span class="field__error">{t('setup.difficulty.missing')}</span> : t(relayMode ? 'setup.difficulty.relay.hint' : 'setup.difficulty.hint')}
              </p>
            </fieldset>
            )}

            <NumberField id={`${id}-count`} label={t(state.mode === 'descent' ? 'setup.questions.descent' : state.mode === 'relay' ? 'setup.questions.relay' : 'setup.questions')} value={state.questionCount} min={1} max={LIMITS.maxQuestions} onChange={(v) => set('questionCount', v)} />
            {(state.mode === 'quiz' || state.mode === 'chain-steps') && <SaveAsSet state={state} disabled={!canSaveAsSet(state)} />}
            </>
            )}
          </section>
        </div>

        <div class="setup__column">
          <section class="card setup__section" aria-labelledby={`${id}-timing`}>
            <h2 id={`${id}-timing`}>{t('setup.timing')}</h2>
            <fieldset class="setup__group">
              <legend>{t('setup.timer')}</legend>
              <label class="check">
                <input type="radio" name={`${id}-timer`} checked={state.timed} onChange={() => set('timed', true)} />
                <span>{t('setup.timer.timed')}</span>
              </label>
              <NumberField
                id={`${id}-seconds`}
                label={t(descentMode ? 'setup.descent.seconds' : relayMode ? 'setup.relay.seconds' : 'setup.timer.seconds')}
                value={state.timeLimitSec}
                min={5}
                max={LIMITS.maxTimeLimitSec}
                disabled={!state.timed}
                onChange={(v) => set('timeLimitSec', v)}
              />
              <label class="check">
                <input type="radio" name={`${id}-timer`} checked={!state.timed} onChange={() => set('timed', false)} />
                <span>{t('setup.timer.untimed')}</span>
              </label>
            </fieldset>
            {teamMode ? (
              // A descent race scores steps and the final loss, a relay its links and the winning team:
              // neither has a speed or streak bonus, and a sent link or a confirmed step is final.
              <div class="setup__group">
                <p class="field__label">{t('setup.scoring')}</p>
                <p class="field__hint" data-testid={descentMode ? 'setup-descent-scoring' : 'setup-relay-scoring'}>
                  {t(descentMode ? 'setup.descent.scoring' : 'setup.relay.scoring')}
                </p>
              </div>
            ) : (
            <fieldset class="setup__group">
              <legend>{t('setup.scoring')}</legend>
              <Check checked={state.speedBonus} onChange={(v) => set('speedBonus', v)} label={t('setup.speedBonus')} hint={t('setup.speedBonus.hint')} disabled={!state.timed} />
              <Check checked={state.streakBonus} onChange={(v) => set('streakBonus', v)} label={t('setup.streakBonus')} hint={t('setup.streakBonus.hint')} />
              <Check checked={state.allowAnswerChange} onChange={(v) => set('allowAnswerChange', v)} label={t('setup.answerChange')} hint={t('setup.answerChange.hint')} />
            </fieldset>
            )}
            <fieldset class="setup__group" data-testid="setup-leaderboard">
              <legend>{t('setup.leaderboard')}</legend>
              {LEADERBOARD_PACES.map((pace) => (
                <Fragment key={pace}>
                  <label class="check">
                    <input type="radio" name={`${id}-leaderboard`} checked={state.leaderboard === pace} onChange={() => set('leaderboard', pace)} />
                    <span>{t(`setup.leaderboard.${pace}`)}</span>
                  </label>
                  {pace === 'every' && (
                    <NumberField
                      id={`${id}-leaderboard-every`}
                      label={t('setup.leaderboard.everyCount')}
                      value={state.leaderboardEvery}
                      min={2}
                      max={LIMITS.maxQuestions}
                      disabled={state.leaderboard !== 'every'}
                      onChange={(v) => set('leaderboardEvery', v)}
                    />
                  )}
                </Fragment>
              ))}
              <p class="field__hint">{t('setup.leaderboard.hint')}</p>
            </fieldset>
          </section>

          <section class="card setup__section" aria-labelledby={`${id}-teams`}>
            <h2 id={`${id}-teams`}>{t('setup.teams')}</h2>
            <Check
              checked={state.teamsOn || teamMode}
              onChange={(v) => set('teamsOn', v)}
              label={t('setup.teams.on')}
              hint={teamMode ? t('setup.teams.required') : undefined}
              disabled={teamMode}
            />
            {(state.teamsOn || teamMode) && (
              <>
                <NumberField id={`${id}-team-count`} label={t('setup.teams.count')} value={state.teamCount} min={2} max={LIMITS.maxTeams} onChange={(v) => set('teamCount', v)} />
                <fieldset class="setup__group">
                  <legend>{t('setup.teams.assignment')}</legend>
                  {TEAM_ASSIGNMENTS.map((assignment) => (
                    <label key={assignment} class="check">
                      <input type="radio" name={`${id}-assignment`} checked={state.assignment === assignment} onChange={() => set('assignment', assignment)} />
                      <span>{t(`setup.teams.assignment.${assignment}`)}</span>
                    </label>
                  ))}
                </fieldset>
                <fieldset class="setup__group">
                  <legend>{t('setup.teams.names')}</legend>
                  <div class="setup-teams">
                    {Array.from({ length: state.teamCount }, (_, i) => (
                      <div key={i} class="setup-team">
                        <input
                          type="color"
                          class="setup-team__colour"
                          value={state.teamColours[i]}
                          aria-label={t('setup.teams.colour', { n: i + 1 })}
                          onInput={(event) => set('teamColours', state.teamColours.map((c, j) => (j === i ? event.currentTarget.value : c)))}
                        />
                        <input
                          type="text"
                          class="text-input"
                          maxLength={LIMITS.teamNameLength}
                          value={state.teamNames[i]}
                          placeholder={translate(state.lang, defaultTeamNameKey(i))}
                          aria-label={t('setup.teams.name', { n: i + 1 })}
                          onInput={(event) => set('teamNames', state.teamNames.map((n, j) => (j === i ? event.currentTarget.value : n)))}
                        />
                      </div>
                    ))}
                  </div>
                </fieldset>
                {/* Descent teams share one task and start from their own guesses; a relay always deals each team its own network: no variants to choose. */}
                {relayMode && <p class="field__hint">{t('setup.relay.variants')}</p>}
                {!teamMode && (
                <Check checked={state.variants} onChange={(v) => set('variants', v)} label={t('setup.teams.variants')} hint={t('setup.teams.variants.hint')} />
                )}
              </>
            )}
          </section>

          <section class="card setup__section" aria-labelledby={`${id}-room`}>
            <h2 id={`${id}-room`}>{t('setup.room')}</h2>
            <fieldset class="setup__group" aria-describedby={`${id}-lang-hint`}>
              <legend>{t('setup.lang')}</legend>
              <div class="setup__pills">
                {UI_LANGS.map((l) => (
                  <label key={l} class="check check--pill" lang={l}>
                    <input type="radio" name={`${id}-lang`} checked={state.lang === l} onChange={() => set('lang', l)} />
                    <span>{LANG_NAMES[l]}</span>
                  </label>
                ))}
              </div>
              <p class="field__hint" id={`${id}-lang-hint`}>
                {t('setup.lang.hint')}
              </p>
            </fieldset>
            <NumberField id={`${id}-capacity`} label={t('setup.capacity')} hint={t('setup.capacity.hint')} value={state.capacity} min={1} max={LIMITS.maxCapacity} onChange={(v) => set('capacity', v)} />
            <NicknameOption value={state.nicknames} onChange={(v) => set('nicknames', v)} />
          </section>

          <RecentGames />
        </div>
      </div>

      <div class="setup__foot">
        <button type="submit" class="button button--primary setup__create" disabled={create.pending || cannotCreate}>
          {create.pending ? t('setup.creating') : t('setup.create')}
        </button>
      </div>
    </form>
  );
}
