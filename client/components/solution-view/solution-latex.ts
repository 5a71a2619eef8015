import { latexNumber } from '../../../shared/engine/format-number.ts';
import type { SolutionStep } from '../../../shared/engine/index.ts';

/**
 * symbol = formula = substituted ≈ value, without repeating a part that says the same, but
 * always ending on the number: dz/dw = x = 0.2, never just dz/dw = x.
 */
export function solutionLatex(step: SolutionStep, hideValue = false): string {
  const parts = [step.symbol];
  let last = step.symbol;
  if (step.formula !== step.symbol) {
    parts.push(`= ${step.formula}`);
    last = step.formula;
  }
  if (hideValue) return `${parts.join(' ')} = \\;?`;
  const value = latexNumber(step.display);
  if (step.substituted !== last && step.substituted !== value) {
    parts.push(`= ${step.substituted}`);
    last = step.substituted;
  }
  if (value !== last) parts.push(`${Number(step.display) === step.value ? '=' : '\\approx'} ${value}`);
  return parts.join(' ');
}
