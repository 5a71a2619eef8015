/**
 * A readable plain-text version of the engine's LaTeX, shown until KaTeX has loaded (and
 * for good if it never does, e.g. offline before the first visit): \frac{dL}{dw} reads
 * dL/dw, 10^{-2} reads 10⁻², y_{true} reads y_true.
 */
const SYMBOLS: Record<string, string> = {
  cdot: '·',
  times: '×',
  approx: '≈',
  le: '≤',
  leq: '≤',
  ge: '≥',
  geq: '≥',
  ne: '≠',
  leftarrow: '←',
  to: '→',
  rightarrow: '→',
  sigma: 'σ',
  eta: 'η',
  prod: '∏',
  sum: '∑',
  infty: '∞',
  partial: '∂',
  ln: 'ln',
  tanh: 'tanh',
  exp: 'exp',
  ';': ' ',
  ',': ' ',
  ':': ' ',
  '!': '',
  quad: ' ',
  left: '',
  right: '',
  mathbb: '',
  mathrm: '',
  text: '',
};

const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '-': '⁻', '+': '⁺', n: 'ⁿ', i: 'ⁱ', '(': '⁽', ')': '⁾',
};

function superscript(text: string): string | null {
  const chars = [...text.replace(/\s+/g, '')];
  return chars.every((c) => c in SUPERSCRIPT) ? chars.map((c) => SUPERSCRIPT[c]).join('') : null;
}

/** Parenthesise a fraction's part when it is more than one symbol. */
function part(text: string): string {
  return /^[\w.]+$/.test(text.trim()) || /^d\w+$/.test(text.trim()) ? text.trim() : `(${text.trim()})`;
}

export function texToPlain(tex: string): string {
  let s = tex;
  s = s.replace(/\\begin\{cases\}([\s\S]*?)\\end\{cases\}/g, (_, body: string) =>
    `{ ${body.split('\\\\').map((row) => row.replace('&', ' if ').trim()).join('; ')} }`,
  );
  // Innermost fractions first, so \frac{\frac{a}{b}}{c} unwinds too.
  for (let i = 0; i < 4 && s.includes('\\frac'); i++) {
    s = s.replace(/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, (_, a: string, b: string) => `${part(a)}/${part(b)}`);
  }
  s = s.replace(/\^\{([^{}]*)\}/g, (_, e: string) => superscript(e) ?? `^(${e})`);
  s = s.replace(/\^([\w+-])/g, (whole, e: string) => superscript(e) ?? whole);
  s = s.replace(/_\{([^{}]*)\}/g, '_$1');
  s = s.replace(/\\([a-zA-Z]+|[;,:! ])/g, (whole, name: string) => SYMBOLS[name] ?? name);
  s = s.replace(/[{}]/g, '');
  s = s.replace(/(^|[\s(=])-/g, '$1−').replace(/ - /g, ' − ');
  return s.replace(/\s+/g, ' ').trim();
}
