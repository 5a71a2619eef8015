/**
 * Nicknames (and the other texts a room shows: title, team names) as a room shows them:
 * NFKC-normalised, without control, format or invisible characters, without stacked
 * combining marks. A nickname is 1–20 characters (grapheme clusters, so one Chinese
 * character or one emoji counts as one), unique in the room ignoring case; a character
 * built from more than 12 code points (an endless emoji or jamo chain) is refused.
 */
import { LIMITS } from '../../shared/protocol/index.ts';

export type NicknameResult = { ok: true; name: string; key: string } | { ok: false; reason: 'empty' | 'too-long' | 'too-complex' };

/** Combining marks allowed on one base character (Vietnamese and Indic scripts need up to 2). */
const MAX_MARKS_PER_BASE = 2;
/** The longest emoji sequences in use (a family or a couple with skin tones) have 10–11 code points. */
export const MAX_CODE_POINTS_PER_GRAPHEME = 12;

/** Single characters drawn many times wider than a letter (Arabic phrase ligatures, cuneiform). */
const OVERSIZED_GLYPHS = /[\ufdfa-\ufdfd\u{12000}-\u{1254f}]/u;

const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Printable ASCII: every character its own grapheme, nothing to normalise or strip but runs of spaces. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

const ZWJ = '\u200d';
const VARIATION_SELECTOR = /[\ufe0e\ufe0f]/u;

function afterPictograph(text: string, offset: number): boolean {
  return /\p{Extended_Pictographic}[\u{1f3fb}-\u{1f3ff}]?$/u.test(text.slice(0, offset));
}

function isEmojiJoiner(text: string, offset: number): boolean {
  const before = text.slice(0, offset).replace(/\ufe0f$/u, '');
  return /\p{Extended_Pictographic}[\u{1f3fb}-\u{1f3ff}]?$/u.test(before) && /^\p{Extended_Pictographic}/u.test(text.slice(offset + 1));
}

export function graphemeCount(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

function longestGrapheme(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text === '' ? 0 : 1;
  let longest = 0;
  for (const { segment } of segmenter.segment(text)) longest = Math.max(longest, [...segment].length);
  return longest;
}

function limitMarks(text: string): string {
  let out = '';
  let marks = 0;
  let hasBase = false;
  for (const char of text) {
    if (/\p{M}/u.test(char)) {
      // A mark with nothing to sit on, or one too many on the same base, is dropped.
      if (!hasBase || marks >= MAX_MARKS_PER_BASE) continue;
      marks++;
    } else {
      hasBase = true;
      marks = 0;
    }
    out += char;
  }
  return out;
}

/**
 * Any text a room displays, made safe for a layout: NFKC; control, format (zero-width,
 * bidi overrides and isolates, tags), private-use, unassigned and invisible "filler"
 * characters removed (a zero-width joiner survives only inside an emoji sequence, a
 * variation selector only after an emoji); whitespace runs become one space; at most
 * two combining marks per letter.
 */
export function cleanDisplayText(raw: string): string {
  if (PRINTABLE_ASCII.test(raw)) return raw.replace(/ +/g, ' ').trim();
  let text = raw.normalize('NFKC');
  text = text.replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}]/gu, (c) => (/\s/u.test(c) ? ' ' : c === ZWJ ? c : ''));
  text = text.replace(/\u200d/gu, (zwj, offset: number, all: string) => (isEmojiJoiner(all, offset) ? zwj : ''));
  // Hangul fillers, braille blank and other characters that draw nothing but are not spaces.
  text = text.replace(/[\p{Default_Ignorable_Code_Point}\u2800]/gu, (c, offset: number, all: string) =>
    c === ZWJ || (VARIATION_SELECTOR.test(c) && afterPictograph(all, offset)) ? c : '',
  );
  text = text.replace(/[\s\p{Z}]+/gu, ' ').trim();
  // Marks are counted on the decomposed form, so precomposed letters cannot hide a stack.
  return limitMarks(text.normalize('NFD')).normalize('NFKC').trim();
}

export function normaliseNickname(raw: string): NicknameResult {
  const name = cleanDisplayText(raw);
  if (name === '') return { ok: false, reason: 'empty' };
  if (graphemeCount(name) > LIMITS.nicknameGraphemes) return { ok: false, reason: 'too-long' };
  if (longestGrapheme(name) > MAX_CODE_POINTS_PER_GRAPHEME || OVERSIZED_GLYPHS.test(name)) return { ok: false, reason: 'too-complex' };
  return { ok: true, name, key: nicknameKey(name) };
}

/** Two names that differ only by case or spacing are the same name. */
export function nicknameKey(name: string): string {
  return name.toLowerCase().replace(/\s/g, '');
}

/** A free variant of a taken name: the name with 2, 3, … appended (shortened to fit). */
export function suggestNickname(name: string, isTaken: (key: string) => boolean): string {
  const graphemes = [...segmenter.segment(name)].map((s) => s.segment);
  for (let n = 2; n < 10_000; n++) {
    const suffix = String(n);
    const candidate = graphemes.slice(0, LIMITS.nicknameGraphemes - suffix.length).join('') + suffix;
    if (!isTaken(nicknameKey(candidate))) return candidate;
  }
  return name;
}
