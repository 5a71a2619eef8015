/**
 * What each key of the answer keypad does to the text and the caret, kept apart from the
 * component so the editing rules read in one place.
 */
import { parseInteger, parseNumber } from '../../../shared/engine/parse-answer.ts';

export const EXPONENT = '×10^';

export type KeypadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '.' | '-' | 'exponent' | 'backspace';

export interface Edit {
  value: string;
  caret: number;
}

/** Applies a key at the selection [start, end): inserts, or deletes the selection / the token before the caret. */
export function applyKey(value: string, start: number, end: number, key: KeypadKey): Edit {
  const from = Math.max(0, Math.min(start, value.length));
  const to = Math.max(from, Math.min(end, value.length));
  if (key === 'backspace') {
    if (to > from) return { value: value.slice(0, from) + value.slice(to), caret: from };
    // ×10^ was typed as one key, so it goes as one key.
    const width = value.slice(0, from).endsWith(EXPONENT) ? EXPONENT.length : from > 0 ? 1 : 0;
    return { value: value.slice(0, from - width) + value.slice(to), caret: from - width };
  }
  const insert = key === 'exponent' ? EXPONENT : key;
  return { value: value.slice(0, from) + insert + value.slice(to), caret: from + insert.length };
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

function superscript(exponent: number): string {
  const digits = String(Math.abs(exponent)).replace(/\d/g, (d) => SUPERSCRIPT_DIGITS[Number(d)]!);
  return exponent < 0 ? `⁻${digits}` : digits;
}

/** Up to 10 significant figures without float noise, with a real minus sign. */
function decimal(value: number): string {
  const text = String(Number(value.toPrecision(10)));
  return text.replace('-', '−');
}

/** True when the student typed an exponent (e, ×10^, 10⁻²): the echo then answers in kind. */
function usesExponent(raw: string): boolean {
  return /[eE]|10\s*\^|[×x*·]\s*10|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]/.test(raw);
}

/**
 * The parsed number as the student should check it: −0.027 as typed, or −2.7 × 10⁻² (= −0.027)
 * when they used an exponent, so a slip in the exponent shows.
 */
export function formatEcho(raw: string, value: number): string {
  if (value !== 0 && (usesExponent(raw) || Math.abs(value) >= 1e9 || Math.abs(value) < 1e-9)) {
    const exponent = Math.floor(Math.log10(Math.abs(value)));
    const mantissa = Number((value / 10 ** exponent).toPrecision(10));
    const scientific = `${decimal(mantissa)} × 10${superscript(exponent)}`;
    const plain = Math.abs(value) >= 1e-6 && Math.abs(value) < 1e9 ? decimal(value) : null;
    return plain ? `${scientific} (= ${plain})` : scientific;
  }
  return decimal(value);
}

export type AnswerFormat = 'number' | 'integer';

export type Echo = { kind: 'empty' } | { kind: 'invalid' } | { kind: 'value'; text: string };

export function echoFor(raw: string, format: AnswerFormat): Echo {
  const parsed = format === 'integer' ? parseInteger(raw) : parseNumber(raw);
  if (parsed.ok) return { kind: 'value', text: formatEcho(raw, parsed.value) };
  return parsed.reason === 'empty' ? { kind: 'empty' } : { kind: 'invalid' };
}
