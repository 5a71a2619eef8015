/**
 * Numbers and look-ups the Descent screens share (projector and phone): how a value reads,
 * which team is which, and the step the engine computes from public values after a reveal.
 */
import type { DescentParam, DescentParams, PublicDescentTask } from '../../../../shared/engine/descent.ts';
import { formatNumber } from '../../../../shared/engine/format-number.ts';
import type { DescentTeamView, DescentView, TeamInfo } from '../../../../shared/protocol/index.ts';

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** A value as people read it: a typographic minus, and 3.2 × 10⁻⁶ rather than 3.2e-6. */
export function showNumber(v: number, sig = 4): string {
  if (Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const text = formatNumber(v, sig);
  const match = /^(-?[\d.]+)e([+-]?\d+)$/.exec(text);
  const plain = match ? `${match[1]} × 10${[...String(Number(match[2]))].map((c) => SUPERSCRIPT[c] ?? c).join('')}` : text;
  return plain.replace(/-/g, '−');
}

/** What a student typed, with the typographic minus. */
export function showTyped(raw: string): string {
  return raw.trim().replace(/^-/, '−').replace(/e-/i, 'e−');
}

export function teamInfo(teams: readonly TeamInfo[] | null, teamId: string): TeamInfo {
  return teams?.find((team) => team.id === teamId) ?? { id: teamId, name: teamId, colour: '#7F7F7F' };
}

/** A team's place in the room's team order: it picks the marker shape drawn with its colour. */
export function teamIndex(view: DescentView, teamId: string): number {
  return Math.max(0, view.teams.findIndex((team) => team.teamId === teamId));
}

export function ownTeam(view: DescentView, teamId: string | null): DescentTeamView | null {
  return teamId === null ? null : (view.teams.find((team) => team.teamId === teamId) ?? null);
}

export interface RightStep {
  gradient: DescentParams;
  next: DescentParams;
}

/** The parameters a step adjusts, in the order the phone asks for them (the engine's `descentParams`, without loading it). */
export function stepParams(task: Pick<PublicDescentTask, 'inputs' | 'trainBias'>): DescentParam[] {
  return [...(task.inputs === 2 ? (['w', 'w2'] as const) : (['w'] as const)), ...(task.trainBias ? (['b'] as const) : [])];
}

/** A parameter's letter: w, b, or w₁, w₂ when the neuron has two inputs. */
export function paramName(task: Pick<PublicDescentTask, 'inputs'>, param: DescentParam): string {
  if (param === 'b') return 'b';
  if (task.inputs !== 2) return 'w';
  return param === 'w' ? 'w₁' : 'w₂';
}

/** The same letter in TeX (the keypad's symbol, the formulas). */
export function paramTex(task: Pick<PublicDescentTask, 'inputs'>, param: DescentParam): string {
  if (param === 'b') return 'b';
  if (task.inputs !== 2) return 'w';
  return param === 'w' ? 'w_1' : 'w_2';
}

/**
 * dL/dw (dL/dw₂) and dL/db of L = mean ½(y − y_true)² for one neuron, by the chain rule: per
 * point (y − y_true)·dy/dz·x (·x₂ for w₂, without x for b), averaged. The same values as the
 * engine's autodiff (the browser test compares them); written out here so a phone does not
 * load the engine.
 */
export function gradientAt(task: PublicDescentTask, params: DescentParams): DescentParams {
  let w = 0;
  let w2 = 0;
  let b = 0;
  const two = task.inputs === 2;
  for (const { x, x2, t } of task.points) {
    const z = params.w * x + (two ? params.w2! * x2! : 0) + params.b;
    const y = task.activation === 'sigmoid' ? 1 / (1 + Math.exp(-z)) : z;
    const dLdz = (y - t) * (task.activation === 'sigmoid' ? y * (1 - y) : 1);
    w += (dLdz * x) / task.points.length;
    if (two) w2 += (dLdz * x2!) / task.points.length;
    b += dLdz / task.points.length;
  }
  return two ? { w, w2, b } : { w, b };
}

/** The step gradient descent takes from these parameters: w′ = w − η·dL/dw (w₂′ likewise, and b′ when b is trained). */
export function rightStep(task: PublicDescentTask, params: DescentParams, lr: number): RightStep {
  const gradient = gradientAt(task, params);
  const b = task.trainBias ? params.b - lr * gradient.b : params.b;
  return {
    gradient,
    next: task.inputs === 2 ? { w: params.w - lr * gradient.w, w2: params.w2! - lr * gradient.w2!, b } : { w: params.w - lr * gradient.w, b },
  };
}

export interface LossChange {
  direction: 'up' | 'down' | 'same';
  before: string;
  after: string;
}

/**
 * The loss before and after a step as a reveal writes it, and which way it went. The rule: a
 * change of less than a billionth (relative) is no change, and "unchanged" it says; any other
 * change is shown with as many figures as it takes (4 to 8) for the two numbers to differ, so
 * the words never contradict the digits ("0.02119 → 0.02119, the loss went down").
 */
export function lossChange(before: number, after: number): LossChange {
  const same = !Number.isFinite(after) || Math.abs(after - before) <= Math.abs(before) * 1e-9 + 1e-12;
  if (same) return { direction: 'same', before: showNumber(before), after: showNumber(after) };
  for (let sig = 4; sig < 8; sig++) {
    if (showNumber(before, sig) !== showNumber(after, sig)) return { direction: after > before ? 'up' : 'down', before: showNumber(before, sig), after: showNumber(after, sig) };
  }
  return { direction: after > before ? 'up' : 'down', before: showNumber(before, 8), after: showNumber(after, 8) };
}

/** The sign and the words beside a loss change (the words for screen readers, and the phone). */
export const LOSS_ARROW: Record<LossChange['direction'], string> = { up: '↑', down: '↓', same: '=' };
export const LOSS_WORDS = { up: 'descent.lossUp', down: 'descent.lossDown', same: 'descent.lossSame' } as const;

/** A proposal's values as the reveal quotes them: "w′ = 0.53, b′ = −0.1" ("w₁′ = 0.53, w₂′ = 1.2, b′ = −0.1" with two inputs). */
export function showProposal(p: { w: string; w2?: string; b: string | null }): string {
  if (p.w2 !== undefined) return `w₁′ = ${showTyped(p.w)}, w₂′ = ${showTyped(p.w2)}${p.b === null ? '' : `, b′ = ${showTyped(p.b)}`}`;
  return `w′ = ${showTyped(p.w)}${p.b === null ? '' : `, b′ = ${showTyped(p.b)}`}`;
}

/** Numbers with their letters, as the screens list them: "w₁ = 0.3 · w₂ = −1.2 · b = 0.1" (own separator). */
export function paramEntries(task: Pick<PublicDescentTask, 'inputs' | 'trainBias'>, params: DescentParams, { prime = false, all = false } = {}): { param: DescentParam; label: string; value: number }[] {
  const keys: DescentParam[] = all ? [...(task.inputs === 2 ? (['w', 'w2'] as const) : (['w'] as const)), 'b'] : stepParams(task);
  return keys.map((param) => ({ param, label: `${paramName(task, param)}${prime ? '′' : ''}`, value: params[param] ?? Number.NaN }));
}
