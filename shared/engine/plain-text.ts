/**
 * The engine's texts without LaTeX, for places that cannot render it (CSV files a teacher opens in a
 * spreadsheet, a formula on a phone before KaTeX has loaded or when it never does):
 * `$\sigma(z)(1 - \sigma(z))$` becomes σ(z)(1 − σ(z)). It covers the LaTeX the engine writes (text.ts,
 * the worked procedure's formulas, symbols.ts), not LaTeX at large.
 */

const SYMBOLS: Record<string, string> = {
  sigma: 'σ',
  eta: 'η',
  prod: '∏',
  sum: '∑',
  ne: '≠',
  partial: '∂',
  cdot: '·',
  times: '×',
  le: '≤',
  leq: '≤',
  ge: '≥',
  geq: '≥',
  pm: '±',
  approx: '≈',
  leftarrow: '←',
  rightarrow: '→',
  to: '→',
  infty: '∞',
  ln: 'ln',
  tanh: 'tanh',
  max: 'max',
  exp: 'exp',
  quad: ' ',
  qquad: ' ',
};

const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '-': '⁻', '−': '⁻', '+': '⁺', n: 'ⁿ', '*': '*',
};
const SUBSCRIPT: Record<string, string> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉',
};

/** Reads one LaTeX argument at `at`: a {group} or a single character; returns its text and where it ends. */
function argument(math: string, at: number): [string, number] {
  while (math[at] === ' ') at++;
  if (math[at] !== '{') {
    if (math[at] === '\\') {
      const name = /^\\([a-zA-Z]+|.)/.exec(math.slice(at))![0];
      return [convert(name), at + name.length];
    }
    return [math[at] ?? '', at + 1];
  }
  let depth = 0;
  for (let i = at; i < math.length; i++) {
    if (math[i] === '{') depth++;
    else if (math[i] === '}' && --depth === 0) return [math.slice(at + 1, i), i + 1];
  }
  return [math.slice(at + 1), math.length];
}

/** A fraction's part needs parentheses once written on one line when it is more than one term or factor. */
function operand(text: string): string {
  return /^[\p{L}\p{N}.′∂_₀-₉]+$/u.test(text) || /^\(.*\)$/.test(text) ? text : `(${text})`;
}

function script(text: string, table: Record<string, string>, mark: string): string {
  const chars = [...text];
  if (chars.length > 0 && chars.every((c) => c in table)) return chars.map((c) => table[c]).join('');
  return /^[\p{L}\p{N}]+$/u.test(text) ? `${mark}${text}` : `${mark}(${text})`;
}

/** One `$…$` segment's LaTeX as text. */
function convert(math: string): string {
  let out = '';
  for (let i = 0; i < math.length; ) {
    const c = math[i]!;
    if (c === '\\') {
      const match = /^\\([a-zA-Z]+|.)/.exec(math.slice(i))!;
      const name = match[1]!;
      i += match[0].length;
      if (name === 'frac') {
        const [num, afterNum] = argument(math, i);
        const [den, afterDen] = argument(math, afterNum);
        out += `${operand(convert(num))}/${operand(convert(den))}`;
        i = afterDen;
      } else if (name === 'begin' || name === 'end') {
        // \begin{cases}: its rows are split by \\ and & below; the environment's name is dropped.
        i = argument(math, i)[1];
        out += name === 'begin' ? '{ ' : ' }';
      } else if (name === '\\') {
        out += '; ';
      } else if (name === 'mathbb') {
        // \mathbb{1}[…] is the indicator: written 1[…].
        const [inner, after] = argument(math, i);
        out += inner;
        i = after;
      } else if (name === 'text' || name === 'mathrm' || name === 'mathit' || name === 'operatorname') {
        const [inner, after] = argument(math, i);
        out += inner;
        i = after;
      } else if (name === 'left' || name === 'right') {
        // \left[ … \right]: the delimiter that follows is kept as it is.
      } else if (name === ';' || name === ',' || name === ':' || name === ' ') {
        out += ' ';
      } else if (name === '!') {
        // A negative thin space: nothing to write.
      } else if (name === '{' || name === '}') {
        out += name;
      } else {
        out += SYMBOLS[name] ?? name;
        // ∂L, not ∂ L: LaTeX drops the space after a command, which matters for a prefix like this one.
        if (name === 'partial') while (math[i] === ' ') i++;
      }
    } else if (c === '^' || c === '_') {
      const [inner, after] = argument(math, i + 1);
      const text = convert(inner);
      out += c === '^' ? script(text, SUPERSCRIPT, '^') : script(text, SUBSCRIPT, '_');
      i = after;
    } else if (c === '{' || c === '}') {
      i++;
    } else if (c === '&') {
      out += ' if ';
      i++;
    } else if (c === "'") {
      out += '′';
      i++;
    } else if (c === '-') {
      out += '−';
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out.replace(/ {2,}/g, ' ').replace(/ ;/g, ';');
}

/** `text` with every `$…$` segment written as plain Unicode text. */
export function plainText(text: string): string {
  return text.replace(/\$([^$]*)\$/g, (_whole, math: string) => convert(math));
}

/** One formula's LaTeX (no `$`) as plain Unicode text. */
export function texToPlain(tex: string): string {
  return convert(tex).replace(/\s+/g, ' ').trim();
}
