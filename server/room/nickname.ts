/**
 * Nicknames as a room shows them: NFKC-normalised, without control or invisible format
 * characters, without stacked combining marks, 1–20 characters (grapheme clusters, so
 * one Chinese character or one emoji counts as one), unique in the room ignoring case.
 */
import { LIMITS } from '../../shared/protocol.ts';

export type NicknameResult = { ok: true; name: string; key: string } | { ok: false; reason: 'empty' | 'too-long' };

/** Combining marks allowed on one base character (Vietnamese and Indic scripts need up to 2). */
const MAX_MARKS_PER_BASE = 2;

const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });

const ZWJ = '\u200d';
const EMOJI_ZWJ = /\u200d/gu;

function isEmojiJoiner(text: string, offset: number): boolean {
  const before = text.slice(0, offset).replace(/\ufe0f$/u, '');
  return /\p{Extended_Pictographic}$/u.test(before) && /^\p{Extended_Pictographic}/u.test(text.slice(offset + 1));
}

export function graphemeCount(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
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

export function normaliseNickname(raw: string): NicknameResult {
  let name = raw.normalize('NFKC');
  // Control, format (zero-width, bidi overrides), private-use, unassigned and lone surrogates;
  // a zero-width joiner survives only inside an emoji sequence (👩‍🔬).
  name = name.replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}]/gu, (c) => (/\s/u.test(c) ? ' ' : c === ZWJ ? c : ''));
  name = name.replace(EMOJI_ZWJ, (zwj, offset: number, text: string) => (isEmojiJoiner(text, offset) ? zwj : ''));
  name = name.replace(/[\s\p{Z}]+/gu, ' ').trim();
  // Marks are counted on the decomposed form, so precomposed letters cannot hide a stack.
  name = limitMarks(name.normalize('NFD')).normalize('NFKC').trim();
  if (name === '') return { ok: false, reason: 'empty' };
  if (graphemeCount(name) > LIMITS.nicknameGraphemes) return { ok: false, reason: 'too-long' };
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
