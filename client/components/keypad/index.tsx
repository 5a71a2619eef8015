import { useId, useLayoutEffect, useRef } from 'preact/hooks';
import { MAX_ANSWER_LENGTH } from '../../../shared/engine/parse-answer.ts';
import { useI18n } from '../../app-context.ts';
import { MathTex } from '../math/index.tsx';
import { type AnswerFormat, type KeypadKey, applyKey, echoFor } from './edit-answer.ts';
import './keypad.css';

export interface KeypadProps {
  value: string;
  onInput: (value: string) => void;
  onSubmit: () => void;
  /** 'integer' drops the decimal point and exponent keys. */
  format?: AnswerFormat;
  /** LaTeX of the quantity asked, shown before the field: dL/dw = [ ]. */
  symbol?: string;
  /** Visible label of the field; defaults to "Your answer". */
  label?: string;
  submitLabel?: string;
  disabled?: boolean;
  /** Focus the field on mount when the device has a physical keyboard (never on touch screens). */
  autoFocus?: boolean;
  /** Extra element ids that describe the field (e.g. the verdict). */
  describedBy?: string;
}

const NUMBER_KEYS: readonly KeypadKey[] = ['7', '8', '9', 'backspace', '4', '5', '6', '-', '1', '2', '3', 'exponent', '0', '.'];
const INTEGER_KEYS: readonly KeypadKey[] = ['7', '8', '9', 'backspace', '4', '5', '6', '-', '1', '2', '3', '0'];

function hasFinePointer(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(pointer: fine)').matches;
}

/**
 * The answer field with an on-screen keypad made for gradients: digits, minus, decimal
 * point, ×10^, delete and submit, plus an echo of the number as the engine parses it.
 * The field itself takes the phone's keyboard or a physical one as well.
 */
export function Keypad({
  value,
  onInput,
  onSubmit,
  format = 'number',
  symbol,
  label,
  submitLabel,
  disabled = false,
  autoFocus = false,
  describedBy,
}: KeypadProps) {
  const { t } = useI18n();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const caret = useRef<number | null>(null);

  useLayoutEffect(() => {
    const input = inputRef.current;
    if (input && caret.current !== null) {
      input.setSelectionRange(caret.current, caret.current);
      caret.current = null;
    }
  }, [value]);

  useLayoutEffect(() => {
    if (autoFocus && !disabled && hasFinePointer()) inputRef.current?.focus();
  }, [autoFocus, disabled]);

  const press = (key: KeypadKey) => {
    const input = inputRef.current;
    const start = input?.selectionStart ?? value.length;
    const end = input?.selectionEnd ?? value.length;
    const edit = applyKey(value, start, end, key);
    if (edit.value.length > MAX_ANSWER_LENGTH) return;
    caret.current = edit.caret;
    onInput(edit.value);
  };

  // A physical key pressed while an on-screen key has focus goes to the field.
  const onKeysKeyDown = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key.length === 1 && event.key !== ' ') inputRef.current?.focus();
    else if (event.key === 'Backspace') inputRef.current?.focus();
  };

  const echo = echoFor(value, format);
  const keyLabel: Record<KeypadKey, { text: string; name?: string }> = {
    '0': { text: '0' }, '1': { text: '1' }, '2': { text: '2' }, '3': { text: '3' }, '4': { text: '4' },
    '5': { text: '5' }, '6': { text: '6' }, '7': { text: '7' }, '8': { text: '8' }, '9': { text: '9' },
    '.': { text: '.', name: t('keypad.point') },
    '-': { text: '−', name: t('keypad.minus') },
    // The visible text leads the name, so voice control users can say what they see.
    exponent: { text: '×10ⁿ', name: `×10ⁿ, ${t('keypad.exponent')}` },
    backspace: { text: '⌫', name: t('keypad.backspace') },
  };
  const keys = format === 'integer' ? INTEGER_KEYS : NUMBER_KEYS;

  return (
    <form
      class="keypad"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!disabled) onSubmit();
      }}
    >
      <label class="keypad__label" for={`${id}-field`}>
        {label ?? t('keypad.label')}
      </label>
      <div class="keypad__field">
        {symbol && (
          <span class="keypad__symbol" aria-hidden="true">
            <MathTex tex={`${symbol} =`} />
          </span>
        )}
        <input
          ref={inputRef}
          id={`${id}-field`}
          class="keypad__input"
          type="text"
          inputMode={format === 'integer' ? 'numeric' : 'decimal'}
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          spellcheck={false}
          enterKeyHint="done"
          maxLength={MAX_ANSWER_LENGTH}
          disabled={disabled}
          value={value}
          aria-describedby={[`${id}-echo`, describedBy].filter(Boolean).join(' ')}
          onInput={(event) => onInput(event.currentTarget.value)}
        />
      </div>
      <p class={`keypad__echo keypad__echo--${echo.kind}`} id={`${id}-echo`} aria-live="polite">
        {echo.kind === 'value'
          ? t('keypad.echo', { value: echo.text })
          : echo.kind === 'invalid'
            ? t('keypad.echoInvalid')
            : format === 'integer'
              ? t('keypad.echoInteger')
              : t('keypad.echoEmpty')}
      </p>
      <div
        class={`keypad__keys keypad__keys--${format}`}
        role="group"
        aria-label={t('keypad.keys')}
        onKeyDown={onKeysKeyDown}
      >
        {keys.map((key) => {
          const { text, name } = keyLabel[key];
          return (
            <button
              key={key}
              type="button"
              class={`keypad__key keypad__key--${key === '-' ? 'minus' : key === '.' ? 'point' : key}`}
              aria-label={name}
              disabled={disabled}
              onClick={() => press(key)}
            >
              {text}
            </button>
          );
        })}
        <button type="submit" class="button button--primary keypad__submit" disabled={disabled}>
          {submitLabel ?? t('keypad.submit')}
        </button>
      </div>
    </form>
  );
}
