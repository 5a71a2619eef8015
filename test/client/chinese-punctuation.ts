/**
 * Chinese text uses Chinese punctuation: the check shared by the string tests
 * (zh-punctuation.test.ts) and the report tests (test/server/zh-report-punctuation.test.ts).
 */

/**
 * Chinese characters. Chinese punctuation is not one: in "L(w)，" the bracket belongs to a formula
 * and the comma after it is already right.
 */
const CJK = /\p{Script=Han}/u;
const ASCII_MARKS = new Set(['!', '?', ',', '.', ':', ';', '(', ')']);

/** The ASCII marks of `text` written directly against a CJK character, each shown in its context. */
export function asciiMarksAgainstChinese(text: string): string[] {
  // LaTeX and code keep their own punctuation: blank them out (same length, so nothing new touches).
  const prose = text.replace(/\$[^$]*\$|`[^`]*`/g, (span) => ' '.repeat(span.length));
  const found: string[] = [];
  for (let i = 0; i < prose.length; i++) {
    if (!ASCII_MARKS.has(prose[i]!)) continue;
    const before = prose[i - 1] ?? '';
    const after = prose[i + 1] ?? '';
    if (CJK.test(before) || CJK.test(after)) found.push(`…${text.slice(Math.max(0, i - 6), i + 7)}…`);
  }
  return found;
}
