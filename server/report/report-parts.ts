/** Pieces the report of every mode is made of (server/report/room-report.ts and each mode's report part). */
import { type Lang, type MisconceptionKey, type Problem, type Text, renderText } from '../../shared/engine/index.ts';
import type { ReportPerson } from '../../shared/protocol/index.ts';
import type { RoomState } from '../room/state.ts';

export { bucketFigures, bucketOf, finalValues } from '../room/answer-key.ts';

/** Separates the steps of a multi-step answer in one cell. */
export const STEP_SEPARATOR = ' ; ';

/** The public problem as plain text: setup, given values, prompt, steps, choices (`$…$` is LaTeX). */
export function problemText(problem: Problem, lang: Lang): string {
  const parts: string[] = [];
  const render = (text: Text) => renderText(text, lang);
  if (problem.setup) parts.push(render(problem.setup));
  if (problem.given.length > 0) parts.push(problem.given.map((g) => `$${g.symbol} \\approx ${g.display}$`).join(lang === 'zh-CN' ? ',' : ', '));
  parts.push(render(problem.prompt));
  problem.steps?.forEach((step, i) => parts.push(`${i + 1}. ${render(step.prompt)}`));
  if (problem.choices) parts.push(problem.choices.map((c) => `[${c.id}] ${render(c.label)}`).join(' '));
  return parts.join(' ');
}

export function seconds(ms: number): number {
  return Math.round(Math.max(0, ms) / 100) / 10;
}

/** The mistakes named in a verdict pair, in the room's language. */
export function diagnosisText(keys: readonly (MisconceptionKey | null | undefined)[], lang: Lang): string | null {
  const named = [...new Set(keys.filter((k): k is MisconceptionKey => !!k))];
  return named.length === 0 ? null : named.map((key) => renderText({ key: `diagnosis.${key}` }, lang)).join(' ');
}

/** A player by id, named even after leaving the room. */
export function person(state: RoomState, playerId: string | null | undefined): ReportPerson | null {
  if (!playerId) return null;
  return { playerId, name: nameOf(state, playerId) };
}

export function nameOf(state: RoomState, playerId: string): string | null {
  return state.players[playerId]?.name ?? state.departed?.[playerId]?.name ?? null;
}
