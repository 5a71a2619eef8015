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
const POWER_OF_TEN = new RegExp(String.raw`^(${DECIMAL})(?:\*|x|×|·|⋅)10\^?\(?([+-]?\d+)\)?$`, 'i');
const FRACTION = new RegExp(String.raw`^(${DECIMAL})/(${DECIMAL})$`);


/** A run of superscripts is an exponent: 10⁻² → 10^-2. */
const exponentOf = (run: string) => `^${[...run].map((c) => SUPERSCRIPTS[c]).join('')}`;

function normalise(raw: string): string {
  let text = raw.normalize('NFKC').trim();
  // Minus signs and dashes that keyboards and IMEs produce.
  text = text.replace(/[\u2212\u2012\u2013\u2014\u2010\u2011\ufe63]/g, '-');
  text = text.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+/g, exponentOf);
  text = text.replace(/\s+/g, '');
  // One comma and no point: a decimal comma (-0,027). Anything else with commas is ambiguous.
  if (/^[^.,]*,[^.,]*$/.test(text)) text = text.replace(',', '.');
  return text;
}

/** How an answer is written, read in one pass: with other than ASCII, ASCII some form allows, or not. */
const NON_ASCII = 0;
/** ASCII with a character no form allows (`not a number`): no rewriting could make it a number. */
const FOREIGN = 1;
/** ASCII a rewriting may turn into a number (spaces, a comma, ×10^…) */
const REWRITABLE = 2;
/** Digits, a point, signs and an exponent only: what most answers are, and what needs no rewriting. */
const PLAIN_CHARS = 3;

/** For each ASCII character: PLAIN_CHARS, REWRITABLE (another character some form allows, or a space) or FOREIGN. */
const ASCII_CLASS: number[] = [];
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  ASCII_CLASS.push(/[\d.eE+-]/.test(ch) ? PLAIN_CHARS : /[xX*^()\/,]/.test(ch) || /\s/.test(ch) ? REWRITABLE : FOREIGN);
}

function writing(raw: string): number {
  let least = PLAIN_CHARS;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 128) return NON_ASCII;
    const cls = ASCII_CLASS[c]!;
    if (cls < least) least = cls;
  }
  return least;
}

/** Whether `text` is a decimal (DECIMAL), then perhaps an exponent (e or E, [+-]?\d+), and nothing else: read without a pattern. */
function isPlain(text: string): boolean {
  const n = text.length;
  let i = 0;
  let c = text.charCodeAt(0);
  if (c === 43 /* + */ || c === 45 /* - */) i++;
  let digits = 0;
  while (i < n && isDigit(text.charCodeAt(i))) (i++, digits++);
  if (i < n && text.charCodeAt(i) === 46 /* . */) {
    i++;
    while (i < n && isDigit(text.charCodeAt(i))) (i++, digits++);
  }
  if (digits === 0) return false;
  if (i < n && (text.charCodeAt(i) | 32) === 101 /* e or E */) {
    i++;
    c = text.charCodeAt(i);
    if (c === 43 || c === 45) i++;
    let exponent = 0;
    while (i < n && isDigit(text.charCodeAt(i))) (i++, exponent++);
    if (exponent === 0) return false;
  }
  return i === n;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function parseNumber(raw: string): ParseResult {
  if (raw.length > MAX_ANSWER_LENGTH * 4) return { ok: false, reason: 'number' };
  const written = writing(raw);
  if (written === FOREIGN) return { ok: false, reason: 'number' };
  const text = written === PLAIN_CHARS ? raw : normalise(raw);
  if (text === '') return { ok: false, reason: 'empty' };
  if (text.length > MAX_ANSWER_LENGTH) return { ok: false, reason: 'number' };
  let value: number;
  let match: RegExpExecArray | null;
  // Number reads such a decimal the same with e or E.
  if (isPlain(text)) {
    value = Number(text);
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
