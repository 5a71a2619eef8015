import { describe, expect, it } from 'vitest';
import {
  DIFFICULTIES,
  PROBLEM_KINDS,
  type Problem,
  generateProblem,
  generateRelayProblem,
  parseNumber,
  revealsSecret,
  secretForms,
  toPublicProblem,
} from '../../shared/engine/index.ts';
import { latexNumber } from '../../shared/engine/format-number.ts';
import { publicViewRevealsSecret } from '../../shared/engine/problem.ts';

const viaJson = (problem: Problem) => revealsSecret(problem, JSON.stringify(toPublicProblem(problem)));

/** Copies of a problem with one of its secret forms written into some part of the public view. */
function plantedCopies(problem: Problem): Problem[] {
  const copies: Problem[] = [];
  const forms = [...secretForms(problem)];
  for (const form of forms.slice(0, 2)) {
    for (const wrap of [(f: string) => f, (f: string) => `x = ${f},`, (f: string) => `${f}5`, (f: string) => `-${f}`, (f: string) => `\u000e${f}`, (f: string) => `\n${f}\t`, (f: string) => `1${f}`]) {
      const text = wrap(form);
      const copy = structuredClone(problem);
      copy.prompt = { ...copy.prompt, params: { ...copy.prompt.params, planted: text } };
      copies.push(copy);
      const keyed = structuredClone(problem);
      keyed.prompt = { ...keyed.prompt, params: { [text]: 'a' } };
      copies.push(keyed);
      const given = structuredClone(problem);
      given.given = [...given.given, { key: 'y', symbol: 'y', display: text }];
      copies.push(given);
      if (problem.steps) {
        const step = structuredClone(problem);
        step.steps![0]!.symbol = text;
        copies.push(step);
      }
      if (problem.setup) {
        const setup = structuredClone(problem);
        setup.setup = { key: setup.setup!.key, params: { ...setup.setup!.params, values: text } };
        copies.push(setup);
      }
    }
    const value = Number(form);
    if (problem.network && Number.isFinite(value)) {
      const network = structuredClone(problem);
      network.network!.target = value;
      copies.push(network);
    }
    if (problem.graph && Number.isFinite(value)) {
      const graph = structuredClone(problem);
      graph.graph!.neurons[0]!.w[0] = value;
      copies.push(graph);
    }
  }
  return copies;
}

describe('publicViewRevealsSecret', () => {
  it('agrees with searching the JSON of the public view', () => {
    let revealed = 0;
    let checked = 0;
    const problems: Problem[] = [];
    for (const kind of PROBLEM_KINDS) for (const difficulty of DIFFICULTIES) for (let seed = 1; seed <= 3; seed++) problems.push(generateProblem({ kind, seed, difficulty }));
    for (const kind of ['chain-steps', 'branch-steps'] as const) problems.push(generateRelayProblem({ seed: 7, difficulty: 2, kind }));
    for (const problem of problems) {
      for (const p of [problem, ...plantedCopies(problem)]) {
        const expected = viaJson(p);
        expect(publicViewRevealsSecret(p)).toBe(expected);
        checked++;
        if (expected) revealed++;
      }
    }
    // Both answers occur: the planted forms are found, unless written as part of a longer number.
    expect(revealed).toBeGreaterThan(50);
    expect(checked - revealed).toBeGreaterThan(50);
  });
});

describe('parseNumber on ASCII text no form allows', () => {
  it('rejects it as not a number, as the full rewriting does', () => {
    for (const raw of ['not a number', 'abc', '0.5 m', 'y=0.5', '0.5!', '#1']) expect(parseNumber(raw)).toEqual({ ok: false, reason: 'number' });
  });

  it('still reads what the rewriting accepts', () => {
    expect(parseNumber(' -0,027 ')).toEqual({ ok: true, value: -0.027 });
    expect(parseNumber('2.7X10^(-2)')).toEqual({ ok: true, value: 0.027 });
    expect(parseNumber('1/4')).toEqual({ ok: true, value: 0.25 });
    expect(parseNumber('  ')).toEqual({ ok: false, reason: 'empty' });
    expect(parseNumber('－０．５')).toEqual({ ok: true, value: -0.5 });
  });
});

describe('latexNumber', () => {
  it('writes exponents as powers of ten, and anything else as it is', () => {
    expect(latexNumber('9.54e-7')).toBe('9.54 \\times 10^{-7}');
    expect(latexNumber('-1.2e+21')).toBe('-1.2 \\times 10^{21}');
    expect(latexNumber('1e07')).toBe('1 \\times 10^{7}');
    for (const text of ['0.574', 'e5', '-e5', '1e', '1e+', '1e5x', '1ee5', '1.2e-7\n', 'x1e5', '']) expect(latexNumber(text)).toBe(text);
  });
});
