import { describe, expect, it } from 'vitest';
import { DIFFICULTIES, LANGS, PROBLEM_KINDS, TEXT_KEYS, type Text, generateProblem, generateRelayProblem, renderText } from '../../shared/engine/index.ts';
import { plainText, texToPlain } from '../../shared/engine/plain-text.ts';

/** What is left of LaTeX markup if the conversion missed some. */
const LATEX_LEFT = /[\\${}]|\^\{|_\{/;

function textsOf(seed: number): Text[] {
  const texts: Text[] = [];
  for (const kind of PROBLEM_KINDS) {
    for (const difficulty of DIFFICULTIES) {
      const problem = generateProblem({ kind, seed, difficulty });
      if (problem.setup) texts.push(problem.setup);
      texts.push(problem.prompt, ...(problem.steps ?? []).map((s) => s.prompt), ...(problem.choices ?? []).map((c) => c.label));
      for (const m of [...problem.misconceptions, ...(problem.steps ?? []).flatMap((s) => s.misconceptions)]) texts.push(m.message);
      for (const line of problem.solution) if (line.why) texts.push(line.why);
    }
  }
  for (const difficulty of DIFFICULTIES) {
    for (const kind of ['chain-steps', 'branch-steps'] as const) texts.push(generateRelayProblem({ seed, difficulty, kind }).setup!);
  }
  return texts;
}

describe('plain text for spreadsheets', () => {
  it('writes the engine’s LaTeX as readable Unicode', () => {
    expect(plainText('for a sigmoid, $\\sigma(z)(1 - \\sigma(z))$')).toBe('for a sigmoid, σ(z)(1 − σ(z))');
    expect(plainText('$\\frac{dL}{dw_{1}}$')).toBe('dL/dw₁');
    expect(plainText("$w' = w - \\eta \\cdot \\frac{\\partial L}{\\partial w}$")).toBe('w′ = w − η · ∂L/∂w');
    expect(plainText('$L = \\frac{1}{2}(y - y_{\\text{true}})^2$')).toBe('L = 1/2(y − y_true)²');
    expect(plainText('$9.54 \\times 10^{-7}$')).toBe('9.54 × 10⁻⁷');
    expect(plainText('$\\frac{1}{1 + e^{-z}}$')).toBe('1/(1 + e^(−z))');
    expect(plainText('no maths here: -0.5')).toBe('no maths here: -0.5');
  });

  it('leaves no LaTeX in any text the engine produces, in either language', () => {
    const texts: Text[] = TEXT_KEYS.map((key) => ({ key }));
    for (const seed of [1, 2, 3, 17, 99]) texts.push(...textsOf(seed));
    for (const text of texts) {
      for (const lang of LANGS) {
        const rendered = renderText(text, lang);
        const plain = plainText(rendered);
        // Unfilled template slots ({layers}) are not LaTeX: only check texts whose slots are filled.
        const withoutSlots = plain.replace(/\{\w+\}/g, '');
        expect(withoutSlots, `${text.key} (${lang}): ${rendered}`).not.toMatch(LATEX_LEFT);
      }
    }
  });

  it('writes every formula of every worked solution without LaTeX (what a phone shows before KaTeX arrives)', () => {
    expect(texToPlain('\\begin{cases} 1 & z > 0 \\\\ 0 & z \\le 0 \\end{cases}')).toBe('{ 1 if z > 0; 0 if z ≤ 0 }');
    expect(texToPlain('\\mathbb{1}[0.3 > 0]')).toBe('1[0.3 > 0]');
    for (const seed of [1, 2, 3, 17, 99]) {
      for (const kind of PROBLEM_KINDS) {
        for (const difficulty of DIFFICULTIES) {
          for (const line of generateProblem({ kind, seed, difficulty }).solution) {
            // A case split keeps its braces ({ 1 if z > 0; 0 if … }): only commands and scripts count as left over.
            for (const tex of [line.symbol, line.formula, line.substituted]) expect(texToPlain(tex), `${kind} ${difficulty} ${seed}: ${tex}`).not.toMatch(/\\|\$|\^\{|_\{/);
          }
        }
      }
    }
  });
});
