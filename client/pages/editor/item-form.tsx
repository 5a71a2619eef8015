/**
 * The form of one item: its own fields by type (generated, a typed network, multiple choice) and
 * the settings every item has. Each field shows its issues beside it (aria-invalid, described by
 * the issue); an issue no field names is shown at the top of the item.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { ACTIVATIONS, DIFFICULTIES, LOSSES, MAX_LAYERS, PROBLEM_KINDS } from '../../../shared/engine/index.ts';
import { POINT_MULTIPLIERS, SET_LIMITS, type SetIssue } from '../../../shared/question-sets/schema.ts';
import { useI18n } from '../../app-context.ts';
import type { CheckedItem } from './check.ts';
import { type DraftChoice, type DraftGenerated, type DraftItem, type DraftNumeric, type DraftSettings, newUid, randomSeed } from './draft.ts';
import { issueText } from './issue-text.ts';
import { askLabel, askOptions, keepAsks, wholeProcedure } from './quantities.ts';

export interface FormApi {
  uid: string;
  issuesAt(field: string): SetIssue[];
  /** The id of a field's control: `network.layers.0.w` → `<uid>-network-layers-0-w`. */
  idOf(field: string): string;
  readOnly: boolean;
}

/** The fields a form of this item shows, so an issue can be put next to its field. */
export function knownFields(item: DraftItem): string[] {
  const fields = ['timeLimitSec', 'points'];
  switch (item.type) {
    case 'generated':
      fields.push('kind', 'difficulty', 'seed');
      break;
    case 'numeric':
      fields.push('network.x', 'network.loss', 'network.target', 'network.lr', 'asks', 'note', 'variants');
      item.layers.forEach((_, k) => fields.push(`network.layers.${k}`, `network.layers.${k}.w`, `network.layers.${k}.b`, `network.layers.${k}.activation`));
      break;
    case 'choice':
      fields.push('question', 'choices', 'explanation');
      item.choices.forEach((_, k) => fields.push(`choices.${k}.text`));
      break;
  }
  return fields;
}

/** The shown field an issue belongs to: its own, or the nearest enclosing one (`asks.2` → `asks`); null: the item's. */
export function fieldOfIssue(field: string, known: readonly string[]): string | null {
  const parts = field.split('.');
  while (parts.length > 0) {
    const candidate = parts.join('.');
    if (known.includes(candidate)) return candidate;
    parts.pop();
  }
  return null;
}

export function formApi(checked: CheckedItem | undefined, item: DraftItem, readOnly: boolean): FormApi {
  const known = knownFields(item);
  const byField = new Map<string, SetIssue[]>();
  for (const issue of checked?.issues ?? []) {
    const field = fieldOfIssue(issue.field, known) ?? '';
    byField.set(field, [...(byField.get(field) ?? []), issue]);
  }
  return {
    uid: item.uid,
    issuesAt: (field) => byField.get(field) ?? [],
    idOf: (field) => `${item.uid}-${field.replace(/[^\w]+/g, '-')}`,
    readOnly,
  };
}

/** Focus a control by id once the next render has put it on the page (a field just added). */
export function useFocusAfterRender(): (id: string) => void {
  const pending = useRef<string | null>(null);
  useEffect(() => {
    const id = pending.current;
    if (!id) return;
    // A render for something else (the save status, say) may come before the one that adds the field:
    // the focus waits for the field rather than being dropped.
    const element = document.getElementById(id);
    if (!element) return;
    pending.current = null;
    element.focus();
  });
  return (id) => {
    pending.current = id;
  };
}

export function IssueText({ issues, id }: { issues: readonly SetIssue[]; id: string }) {
  const { t } = useI18n();
  if (issues.length === 0) return null;
  // One line per distinct wording: two checks of the same field can say the same thing.
  const lines = [...new Set(issues.map((issue) => issueText(t, issue)))];
  return (
    <p class="field__error editor-issue" id={id} data-testid="field-issue">
      {lines.join(' ')}
    </p>
  );
}

/** aria-invalid and aria-describedby of a control with these issues (and an optional hint). */
function describe(api: FormApi, field: string, hintId?: string) {
  const issues = api.issuesAt(field);
  const ids = [hintId, issues.length > 0 ? `${api.idOf(field)}-issue` : undefined].filter(Boolean).join(' ');
  return { 'aria-invalid': issues.length > 0 ? ('true' as const) : undefined, 'aria-describedby': ids || undefined };
}

function TextField(props: {
  api: FormApi;
  field: string;
  label: ComponentChildren;
  value: string;
  onInput: (value: string) => void;
  hint?: ComponentChildren;
  multiline?: boolean;
  numeric?: boolean;
  maxLength?: number;
  class?: string;
}) {
  const { api, field } = props;
  const id = api.idOf(field);
  const hintId = props.hint ? `${id}-hint` : undefined;
  const common = {
    id,
    class: 'text-input',
    value: props.value,
    readOnly: api.readOnly,
    onInput: (event: Event) => props.onInput((event.currentTarget as HTMLInputElement).value),
    ...describe(api, field, hintId),
  };
  return (
    <div class={`field editor-field${props.class ? ` ${props.class}` : ''}`}>
      <label class="field__label" for={id}>
        {props.label}
      </label>
      {props.multiline ? (
        <textarea {...common} rows={3} maxLength={props.maxLength} />
      ) : (
        <input
          {...common}
          type="text"
          inputMode={props.numeric ? 'decimal' : undefined}
          autoComplete="off"
          spellcheck={props.numeric ? false : undefined}
          maxLength={props.maxLength}
        />
      )}
      {props.hint && (
        <p class="field__hint" id={hintId}>
          {props.hint}
        </p>
      )}
      <IssueText issues={api.issuesAt(field)} id={`${id}-issue`} />
    </div>
  );
}

function SelectField<T extends string>(props: {
  api: FormApi;
  field: string;
  label: ComponentChildren;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  const { api, field } = props;
  const id = api.idOf(field);
  return (
    <div class="field editor-field">
      <label class="field__label" for={id}>
        {props.label}
      </label>
      <select
        id={id}
        class="text-input editor-select"
        value={props.value}
        disabled={api.readOnly}
        onChange={(event) => props.onChange(event.currentTarget.value as T)}
        {...describe(api, field)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <IssueText issues={api.issuesAt(field)} id={`${id}-issue`} />
    </div>
  );
}

function SettingsFields({ api, settings, onChange }: { api: FormApi; settings: DraftSettings; onChange: (next: DraftSettings) => void }) {
  const { t } = useI18n();
  const timeId = api.idOf('timeLimitSec');
  return (
    <div class="editor-settings">
      <fieldset class="editor-fieldset" disabled={api.readOnly}>
        <legend>{t('editor.time')}</legend>
        <div class="editor-time">
          {(['room', 'seconds', 'untimed'] as const).map((mode) => (
            <label key={mode} class="check">
              <input type="radio" name={`${api.uid}-time`} checked={settings.time === mode} onChange={() => onChange({ ...settings, time: mode })} />
              <span>{t(`editor.time.${mode}`)}</span>
            </label>
          ))}
        </div>
        {settings.time === 'seconds' && (
          <div class="field editor-field editor-field--short">
            <label class="field__label" for={timeId}>
              {t('editor.time.secondsLabel')}
            </label>
            <input
              id={timeId}
              class="text-input"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={settings.seconds}
              onInput={(event) => onChange({ ...settings, seconds: event.currentTarget.value })}
              {...describe(api, 'timeLimitSec')}
            />
            <IssueText issues={api.issuesAt('timeLimitSec')} id={`${timeId}-issue`} />
          </div>
        )}
      </fieldset>
      <fieldset class="editor-fieldset" disabled={api.readOnly}>
        <legend>{t('editor.points')}</legend>
        <div class="editor-pills">
          {POINT_MULTIPLIERS.map((points) => (
            <label key={points} class="check check--pill">
              <input type="radio" name={`${api.uid}-points`} checked={settings.points === points} onChange={() => onChange({ ...settings, points })} />
              <span>{t(`editor.points.${points}`)}</span>
            </label>
          ))}
        </div>
        <IssueText issues={api.issuesAt('points')} id={`${api.idOf('points')}-issue`} />
      </fieldset>
    </div>
  );
}

function GeneratedFields({ api, item, onChange }: { api: FormApi; item: DraftGenerated; onChange: (next: DraftGenerated) => void }) {
  const { t } = useI18n();
  const pinId = `${api.uid}-pin-hint`;
  return (
    <>
      <SelectField
        api={api}
        field="kind"
        label={t('editor.generated.kind')}
        value={item.kind}
        options={PROBLEM_KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
        onChange={(kind) => onChange({ ...item, kind })}
      />
      <fieldset class="editor-fieldset" disabled={api.readOnly}>
        <legend>{t('editor.generated.difficulty')}</legend>
        <div class="editor-pills">
          {DIFFICULTIES.map((d) => (
            <label key={d} class="check check--pill">
              <input type="radio" name={`${api.uid}-difficulty`} checked={item.difficulty === d} onChange={() => onChange({ ...item, difficulty: d })} />
              <span>{t(`difficulty.${d}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div class="editor-pin">
        <label class="check">
          <input
            type="checkbox"
            id={api.idOf('seed')}
            checked={item.pinned}
            disabled={api.readOnly}
            aria-describedby={pinId}
            onChange={(event) => onChange({ ...item, pinned: event.currentTarget.checked })}
          />
          <span>{t('editor.generated.pin')}</span>
        </label>
        <button type="button" class="button" disabled={api.readOnly} onClick={() => onChange({ ...item, seed: randomSeed() })}>
          {t('editor.generated.newNumbers')}
        </button>
      </div>
      <p class="field__hint" id={pinId}>
        {t(item.pinned ? 'editor.generated.pinnedHint' : 'editor.generated.unpinnedHint')}
      </p>
    </>
  );
}

function AsksFields({ api, item, onChange }: { api: FormApi; item: DraftNumeric; onChange: (next: DraftNumeric) => void }) {
  const { t } = useI18n();
  const n = item.layers.length;
  const options = askOptions(n);
  const steps = item.asks.length > 1;
  const id = api.idOf('asks');
  const addId = `${id}-add`;
  const unused = options.filter((key) => !item.asks.includes(key));
  const setAsks = (asks: string[]) => onChange({ ...item, asks });
  const focusLater = useFocusAfterRender();
  const moveStep = (from: number, by: -1 | 1) => {
    const next = [...item.asks];
    const [key] = next.splice(from, 1);
    next.splice(from + by, 0, key!);
    setAsks(next);
  };
  return (
    <fieldset class="editor-fieldset" disabled={api.readOnly} aria-describedby={api.issuesAt('asks').length ? `${id}-issue` : undefined}>
      <legend>{t('editor.numeric.asks')}</legend>
      <div class="editor-time">
        <label class="check">
          <input type="radio" name={`${api.uid}-asks-mode`} checked={!steps} onChange={() => setAsks([item.asks[item.asks.length - 1] ?? 'dL/dw1'])} />
          <span>{t('editor.numeric.asksOne')}</span>
        </label>
        <label class="check">
          <input type="radio" name={`${api.uid}-asks-mode`} checked={steps} onChange={() => setAsks(wholeProcedure(n))} />
          <span>{t('editor.numeric.asksSteps')}</span>
        </label>
      </div>
      {!steps ? (
        <div class="field editor-field">
          <label class="field__label" for={id}>
            {t('editor.numeric.quantity')}
          </label>
          <select id={id} class="text-input editor-select" value={item.asks[0]} onChange={(event) => setAsks([event.currentTarget.value])} {...describe(api, 'asks')}>
            {!options.includes(item.asks[0]!) && <option value={item.asks[0]}>{item.asks[0]}</option>}
            {options.map((key) => (
              <option key={key} value={key}>
                {askLabel(key, n)}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <>
          <ol class="editor-steps" id={id} aria-label={t('editor.numeric.stepList')}>
            {item.asks.map((key, i) => (
              <li key={key} class="editor-steps__step">
                <span class="editor-steps__label">
                  {t('editor.numeric.step', { n: i + 1 })} <strong>{options.includes(key) ? askLabel(key, n) : key}</strong>
                </span>
                <span class="editor-steps__actions">
                  <button type="button" class="button button--quiet editor-icon-button" disabled={i === 0} onClick={() => moveStep(i, -1)} aria-label={t('editor.numeric.stepUp', { n: i + 1 })}>
                    ↑
                  </button>
                  <button type="button" class="button button--quiet editor-icon-button" disabled={i === item.asks.length - 1} onClick={() => moveStep(i, 1)} aria-label={t('editor.numeric.stepDown', { n: i + 1 })}>
                    ↓
                  </button>
                  <button type="button" class="button button--quiet editor-icon-button" disabled={item.asks.length <= 1} onClick={() => {
                      setAsks(item.asks.filter((_, j) => j !== i));
                      focusLater(addId);
                    }} aria-label={t('editor.numeric.stepRemove', { n: i + 1 })}>
                    ×
                  </button>
                </span>
              </li>
            ))}
          </ol>
          <div class="editor-steps__add">
            <div class="field editor-field">
              <label class="field__label" for={addId}>
                {t('editor.numeric.addStep')}
              </label>
              <select
                id={addId}
                class="text-input editor-select"
                disabled={unused.length === 0 || item.asks.length >= SET_LIMITS.maxAsks}
                value=""
                onChange={(event) => {
                  const key = event.currentTarget.value;
                  if (key) setAsks([...item.asks, key]);
                }}
              >
                <option value="">{t('editor.numeric.addStepChoose')}</option>
                {unused.map((key) => (
                  <option key={key} value={key}>
                    {askLabel(key, n)}
                  </option>
                ))}
              </select>
            </div>
            <button type="button" class="button" onClick={() => setAsks(wholeProcedure(n))}>
              {t('editor.numeric.whole')}
            </button>
          </div>
        </>
      )}
      <IssueText issues={api.issuesAt('asks')} id={`${id}-issue`} />
    </fieldset>
  );
}

function NumericFields({ api, item, onChange }: { api: FormApi; item: DraftNumeric; onChange: (next: DraftNumeric) => void }) {
  const { t } = useI18n();
  const n = item.layers.length;
  const setLayers = (layers: DraftNumeric['layers']) => onChange({ ...item, layers, asks: keepAsks(item.asks, layers.length) });
  const focusLater = useFocusAfterRender();
  const activations = ACTIVATIONS.map((a) => ({ value: a, label: t(`editor.activation.${a}`) }));
  return (
    <>
      <fieldset class="editor-fieldset">
        <legend>{t('editor.numeric.network')}</legend>
        <div class="editor-row">
          <TextField api={api} field="network.x" label={<>x</>} numeric value={item.x} onInput={(x) => onChange({ ...item, x })} class="editor-field--short" />
        </div>
        {item.layers.map((layer, k) => {
          const sub = n > 1 ? String(k + 1) : '';
          const setLayer = (next: Partial<typeof layer>) => onChange({ ...item, layers: item.layers.map((l, j) => (j === k ? { ...l, ...next } : l)) });
          return (
            <fieldset key={layer.uid} class="editor-fieldset editor-layer">
              <legend>{t('editor.numeric.layer', { n: k + 1 })}</legend>
              <div class="editor-row">
                <TextField api={api} field={`network.layers.${k}.w`} label={<>w<sub>{sub}</sub></>} numeric value={layer.w} onInput={(w) => setLayer({ w })} class="editor-field--short" />
                <TextField api={api} field={`network.layers.${k}.b`} label={<>b<sub>{sub}</sub></>} numeric value={layer.b} onInput={(b) => setLayer({ b })} class="editor-field--short" />
                <SelectField api={api} field={`network.layers.${k}.activation`} label={t('editor.numeric.activation')} value={layer.activation} options={activations} onChange={(activation) => setLayer({ activation })} />
              </div>
              <IssueText issues={api.issuesAt(`network.layers.${k}`)} id={`${api.idOf(`network.layers.${k}`)}-issue`} />
              {n > 1 && !api.readOnly && (
                <button
                  type="button"
                  class="button button--quiet"
                  onClick={() => {
                    setLayers(item.layers.filter((_, j) => j !== k));
                    focusLater(api.idOf(`network.layers.${Math.max(0, k - 1)}.w`));
                  }}
                >
                  {t('editor.numeric.removeLayer', { n: k + 1 })}
                </button>
              )}
            </fieldset>
          );
        })}
        {n < MAX_LAYERS && !api.readOnly && (
          <button
            type="button"
            class="button"
            onClick={() => {
              setLayers([...item.layers, { uid: newUid(), w: '0.5', b: '0', activation: 'sigmoid' }]);
              focusLater(api.idOf(`network.layers.${n}.w`));
            }}
          >
            {t('editor.numeric.addLayer')}
          </button>
        )}
        <div class="editor-row">
          <SelectField
            api={api}
            field="network.loss"
            label={t('editor.numeric.loss')}
            value={item.loss}
            options={LOSSES.map((loss) => ({ value: loss, label: t(`editor.loss.${loss}`) }))}
            onChange={(loss) => onChange({ ...item, loss })}
          />
          <TextField api={api} field="network.target" label={<>y<sub>true</sub></>} numeric value={item.target} onInput={(target) => onChange({ ...item, target })} class="editor-field--short" />
          <TextField api={api} field="network.lr" label={<>η</>} numeric value={item.lr} onInput={(lr) => onChange({ ...item, lr })} class="editor-field--short" />
        </div>
      </fieldset>
      <AsksFields api={api} item={item} onChange={onChange} />
      <TextField api={api} field="note" label={t('editor.numeric.note')} hint={t('editor.numeric.noteHint')} multiline maxLength={SET_LIMITS.noteLength} value={item.note} onInput={(note) => onChange({ ...item, note })} />
      <label class="check">
        <input type="checkbox" checked={item.variants} disabled={api.readOnly} aria-describedby={`${api.uid}-variants-hint`} onChange={(event) => onChange({ ...item, variants: event.currentTarget.checked })} />
        <span>{t('editor.numeric.variants')}</span>
      </label>
      <p class="field__hint" id={`${api.uid}-variants-hint`}>
        {t('editor.numeric.variantsHint')}
      </p>
    </>
  );
}

function ChoiceFields({ api, item, onChange }: { api: FormApi; item: DraftChoice; onChange: (next: DraftChoice) => void }) {
  const { t } = useI18n();
  const setChoice = (k: number, next: Partial<DraftChoice['choices'][number]>) => onChange({ ...item, choices: item.choices.map((c, j) => (j === k ? { ...c, ...next } : c)) });
  const groupId = api.idOf('choices');
  const focusLater = useFocusAfterRender();
  return (
    <>
      <TextField
        api={api}
        field="question"
        label={t('editor.choice.question')}
        hint={t('editor.choice.latexHint')}
        multiline
        maxLength={SET_LIMITS.questionLength}
        value={item.question}
        onInput={(question) => onChange({ ...item, question })}
      />
      <fieldset class="editor-fieldset" id={groupId} aria-describedby={api.issuesAt('choices').length ? `${groupId}-issue` : undefined}>
        <legend>{t('editor.choice.choices')}</legend>
        <ol class="editor-choices">
          {item.choices.map((choice, k) => {
            const letter = String.fromCharCode(65 + k);
            return (
              <li key={choice.uid} class="editor-choice">
                <TextField
                  api={api}
                  field={`choices.${k}.text`}
                  label={t('editor.choice.choice', { letter })}
                  maxLength={SET_LIMITS.choiceLength}
                  value={choice.text}
                  onInput={(text) => setChoice(k, { text })}
                />
                <div class="editor-choice__actions">
                  <label class="check">
                    <input type="checkbox" checked={choice.correct} disabled={api.readOnly} onChange={(event) => setChoice(k, { correct: event.currentTarget.checked })} />
                    <span>{t('editor.choice.right', { letter })}</span>
                  </label>
                  {item.choices.length > SET_LIMITS.minChoices && !api.readOnly && (
                    <button
                      type="button"
                      class="button button--quiet"
                      onClick={() => {
                        onChange({ ...item, choices: item.choices.filter((_, j) => j !== k) });
                        focusLater(api.idOf(`choices.${Math.max(0, k - 1)}.text`));
                      }}
                    >
                      {t('editor.choice.remove', { letter })}
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
        {item.choices.length < SET_LIMITS.maxChoices && !api.readOnly && (
          <button
            type="button"
            class="button"
            onClick={() => {
              onChange({ ...item, choices: [...item.choices, { uid: newUid(), text: '', correct: false }] });
              focusLater(api.idOf(`choices.${item.choices.length}.text`));
            }}
          >
            {t('editor.choice.add')}
          </button>
        )}
        <IssueText issues={api.issuesAt('choices')} id={`${groupId}-issue`} />
      </fieldset>
      <TextField
        api={api}
        field="explanation"
        label={t('editor.choice.explanation')}
        hint={t('editor.choice.explanationHint')}
        multiline
        maxLength={SET_LIMITS.noteLength}
        value={item.explanation}
        onInput={(explanation) => onChange({ ...item, explanation })}
      />
    </>
  );
}

/** The whole form of one item. */
export function ItemForm({ api, item, onChange }: { api: FormApi; item: DraftItem; onChange: (next: DraftItem) => void }) {
  const { t } = useI18n();
  const loose = api.issuesAt('');
  return (
    <div class="editor-form">
      {loose.length > 0 && <IssueText issues={loose} id={`${api.uid}-issue`} />}
      {item.type === 'generated' && <GeneratedFields api={api} item={item} onChange={onChange} />}
      {item.type === 'numeric' && <NumericFields api={api} item={item} onChange={onChange} />}
      {item.type === 'choice' && <ChoiceFields api={api} item={item} onChange={onChange} />}
      <h4 class="editor-form__subheading">{t('editor.settings')}</h4>
      <SettingsFields api={api} settings={item.settings} onChange={(settings) => onChange({ ...item, settings })} />
    </div>
  );
}
