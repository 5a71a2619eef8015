/**
 * What each box and operation of the graph shows, from the values a screen has: the text of
 * every number slot (forward value, gradient, update, local derivative), a placeholder for a
 * pending one, and its status. Pure, so the tests check the numbers on each edge without a DOM.
 */
import type { MessageParams } from '../../i18n/index.ts';
import type { ProblemMessageKey } from '../../i18n/problem-en.ts';
import { type GraphLayout, type GraphStatus, type ValueNode, networkInputs } from './graph-layout.ts';
import { plainName } from './name-parts.tsx';
import { showInput, showUpdate, showValue } from './graph-format.ts';

export interface Slot {
  /** The number as drawn (typographic minus), or `?` while pending. */
  text: string;
  pending: boolean;
  status: GraphStatus | null;
}

export interface BoxLabels {
  value: Slot | null;
  gradient: Slot | null;
  update: Slot | null;
}

/** The sum where paths meet: each path's share, and the sum as written (`0.0656 + (−0.884)`). */
export interface MergeSum {
  shares: Slot[];
  text: string;
}

export interface GraphLabels {
  /** By box id (`x`, `w1`, `w1*x`, `z1`, `y`, `t`, `L`). */
  boxes: Map<string, BoxLabels>;
  /** Local derivatives by operation id (`act1`). */
  locals: Map<string, Slot>;
  /** By the id of the value whose paths meet (`a1`, `x`): only once every share is known or pending. */
  merges: Map<string, MergeSum>;
}

export interface LabelInput {
  network: Parameters<typeof networkInputs>[0];
  forward?: Readonly<Record<string, number>> | null;
  /** Without it (and nothing pending) no gradient slot is filled. */
  gradients?: Readonly<Record<string, number>> | null;
  pending?: readonly string[];
  status?: Readonly<Record<string, GraphStatus>>;
}

const isPublic = (node: ValueNode) => node.role === 'input' || node.role === 'parameter' || node.role === 'target';

export function graphLabels(layout: GraphLayout, { network, forward = null, gradients = null, pending = [], status = {} }: LabelInput): GraphLabels {
  const inputs = networkInputs(network);
  const waiting = new Set(pending);
  const find = (values: Readonly<Record<string, number>> | null, keys: readonly string[]): number | null => {
    for (const key of keys) {
      const value = values?.[key];
      if (typeof value === 'number' && Number.isFinite(value)) return value;
    }
    return null;
  };
  /** A slot for `keys`: the value's text, `?` when one of them is pending, else blank. Status only for keys the element owns. */
  const slot = (text: string | null, keys: readonly string[], own: readonly string[]): Slot | null => {
    if (text !== null) return { text, pending: false, status: own.map((key) => status[key]).find((s) => s !== undefined) ?? null };
    return keys.some((key) => waiting.has(key)) ? { text: '?', pending: true, status: null } : null;
  };

  const boxes = new Map<string, BoxLabels>();
  for (const node of layout.values) {
    const own = (keys: readonly string[]) => keys.filter((key) => node.keys.includes(key));
    const base = inputs[node.valueKeys[0]!];
    const value = isPublic(node) ? (base ?? null) : find(forward, node.valueKeys);
    const gradient = find(gradients, node.gradientKeys);
    const update = node.updateKey ? find(gradients, [node.updateKey]) : null;
    boxes.set(node.id, {
      value: slot(value === null ? null : isPublic(node) ? showInput(value) : showValue(value), node.valueKeys, own(node.valueKeys)),
      gradient: node.gradientKeys.length === 0 ? null : slot(gradient === null ? null : showValue(gradient), node.gradientKeys, own(node.gradientKeys)),
      update: node.updateKey ? slot(update === null || base === undefined ? null : showUpdate(update, base), [node.updateKey], [node.updateKey]) : null,
    });
  }
  const locals = new Map<string, Slot>();
  for (const op of layout.ops) {
    if (!op.localKey) continue;
    const local = find(gradients, [op.localKey]);
    const shown = slot(local === null ? null : showValue(local), [op.localKey], [op.localKey]);
    if (shown) locals.set(op.id, shown);
  }
  const merges = new Map<string, MergeSum>();
  for (const merge of layout.merges) {
    const shares = merge.shareKeys.map((key) => {
      const share = find(gradients, [key]);
      return slot(share === null ? null : showValue(share), [key, merge.key], [key]);
    });
    if (shares.some((share) => share === null)) continue;
    const written = shares as Slot[];
    // A negative share after the first is bracketed, as a sum is written by hand: 0.0656 + (−0.884).
    merges.set(merge.id, { shares: written, text: written.map((share, i) => (i > 0 && share.text.startsWith('−') ? `(${share.text})` : share.text)).join(' + ') });
  }
  return { boxes, locals, merges };
}

/**
 * The text alternative: every value shown, by name (`w1 = 0.4, dL/dw1 = −0.0276, w1′ = 0.400276`),
 * each local derivative, and each sum where paths meet with the path of each share.
 */
export function graphDescription(layout: GraphLayout, labels: GraphLabels, t: (key: ProblemMessageKey, params?: MessageParams) => string): string {
  const said = (s: Slot) => (s.pending ? t('graph.pending') : s.status ? t('graph.withStatus', { text: s.text, status: t(`graph.status.${s.status}`) }) : s.text);
  return [
    ...layout.values.flatMap((node) => {
      const box = labels.boxes.get(node.id)!;
      const parts: string[] = [];
      if (box.value) parts.push(`${node.name} = ${said(box.value)}`);
      if (box.gradient) parts.push(`${node.gradientName} = ${said(box.gradient)}`);
      if (box.update) parts.push(`${node.updateName} = ${said(box.update)}`);
      return parts.length > 0 ? [parts.join(', ')] : [];
    }),
    ...layout.ops.flatMap((op) => {
      const local = labels.locals.get(op.id);
      return local ? [`${op.localName} = ${said(local)}`] : [];
    }),
    ...layout.merges.flatMap((merge) => {
      const sum = labels.merges.get(merge.id);
      if (!sum) return [];
      const shares = sum.shares.map((share, i) => t('graph.share', { value: said(share), via: plainName(merge.via[i]!) }));
      return [t('graph.merge', { name: merge.name, shares: shares.join(' + ') })];
    }),
  ].join('; ');
}
