/**
 * The worked procedure's context for a problem's own network, whichever it carries: a chain
 * (`network`, on its route), a gradient check (the chain nudged by `nudge`) or a network that
 * branches (`graph`). Null for a problem without one (vanishing, multiple choice).
 */
import { checkContextFor } from './gradient-check.ts';
import { graphContextFor } from './graph-procedure.ts';
import type { Problem } from './problem.ts';
import { type AnyContext, contextFor } from './quantity-problem.ts';

export function problemContext(problem: Pick<Problem, 'network' | 'graph' | 'nudge' | 'route'>): AnyContext | null {
  if (problem.graph) return graphContextFor(problem.graph);
  if (!problem.network) return null;
  if (problem.nudge !== undefined) return checkContextFor(problem.network, problem.nudge);
  return contextFor(problem.network, problem.route ?? 'source');
}
