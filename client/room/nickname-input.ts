/**
 * A nickname field's text held to the room's limit of 20 characters (grapheme clusters, as the
 * server counts them: one Chinese character or one emoji is one), saying whether it was cut: a
 * field that drops letters silently leaves a student wondering why the name came out short.
 */
import type { LIMITS } from '../../shared/protocol/index.ts';

// A copy typed by the protocol's constant (importing the value would pull the zod schemas in).
export const NICKNAME_LIMIT: (typeof LIMITS)['nicknameGraphemes'] = 20;

const segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;

function graphemes(text: string): string[] {
  return segmenter ? [...segmenter.segment(text)].map((s) => s.segment) : [...text];
}

/** `raw` cut to the limit, and whether anything was cut. Spaces at the ends do not count. */
export function limitNickname(raw: string): { value: string; cut: boolean } {
  if (graphemes(raw.trim()).length <= NICKNAME_LIMIT) return { value: raw, cut: false };
  const lead = raw.length - raw.trimStart().length;
  return { value: raw.slice(0, lead) + graphemes(raw.trimStart()).slice(0, NICKNAME_LIMIT).join(''), cut: true };
}
