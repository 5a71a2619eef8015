/**
 * What phones type, read as a number: -0.027, −0.027 (U+2212), -.027, -2.7e-2,
 * -2.7×10^-2, -2.7×10⁻², -0,027 (decimal comma), full-width －０．０２７ from a Chinese
 * IME, a leading +, surrounding spaces, and simple fractions such as 1/4.
 */
export type ParseResult = { ok: true; value: number } | { ok: false; reason: 'empty' | 'number' };

export const MAX_ANSWER_LENGTH = 40;

const SUPERSCRIPTS: Record<string, string> = {
  '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-', '⁺': '+',
};

const DECIMAL = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)`;
const PLAIN = new RegExp(String.raw`^(${DECIMAL})(?:e([+-]?\d+))?$`, 'i');
const POWER_OF_TEN = new RegExp(String.raw`^(${DECIMAL})(?:\*|x|×|·|⋅)10\^?\(?([+-]?\d+)\)?$`, 'i');
const FRACTION = new RegExp(String.raw`^(${DECIMAL})/(${DECIMAL})$`);

/** Digits, a point, signs and an exponent only: what most answers are, and what needs no rewriting. */
const ASCII_NUMBER = /^[\d.eE+-]*$/;

/** A run of superscripts is an exponent: 10⁻² → 10^-2. */
const exponentOf = (run: string) => `^${[...run].map((c) => SUPERSCRIPTS[c]).join('')}`;

function normalise(raw: string): string {
  if (ASCII_NUMBER.test(raw)) return raw;
  let text = raw.normalize('NFKC').trim();
  // Minus signs and dashes that keyboards and IMEs produce.
  text = text.replace(/[\u2212\u2012\u2013\u2014\u2010\u2011\ufe63]/g, '-');
  text = text.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+/g, exponentOf);
  text = text.replace(/\s+/g, '');
  // One comma and no point: a decimal comma (-0,027). Anything else with commas is ambiguous.
  if (/^[^.,]*,[^.,]*$/.test(text)) text = text.replace(',', '.');
  return text;
}

export function parseNumber(raw: string): ParseResult {
  if (raw.length > MAX_ANSWER_LENGTH * 4) return { ok: false, reason: 'number' };
  const text = normalise(raw);
  if (text === '') return { ok: false, reason: 'empty' };
  if (text.length > MAX_ANSWER_LENGTH) return { ok: false, reason: 'number' };
  let value: number;
  let match: RegExpExecArray | null;
  if ((match = PLAIN.exec(text))) {
    value = Number(match[2] === undefined ? match[1] : `${match[1]}e${match[2]}`);
  } else if ((match = POWER_OF_TEN.exec(text))) {
    value = Number(`${match[1]}e${match[2]}`);
  } else if ((match = FRACTION.exec(text))) {
    value = Number(match[1]) / Number(match[2]);
  } else {
    return { ok: false, reason: 'number' };
  }
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: 'number' };
}

/** An integer answer: digits only after parsing (5, ５, +5). */
export function parseInteger(raw: string): ParseResult {
  const parsed = parseNumber(raw);
  if (!parsed.ok) return parsed;
  return Number.isInteger(parsed.value) ? parsed : { ok: false, reason: 'number' };
}
