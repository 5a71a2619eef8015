/**
 * A refused set's issues in the teacher's language: where (the CSV row, or the item, then the
 * field as the teacher named it) and what (the issue's code worded here; the server's English
 * message only for a code this client does not know).
 */
import type { MessageKey, MessageParams } from '../i18n/index.ts';
import type { SetIssue, SetIssueCode } from '../../shared/question-sets/schema.ts';
import type { SetApiError } from '../../shared/protocol/sets.ts';

type Translate = (key: MessageKey, params?: MessageParams) => string;

/** `network.layers.1.w` → `w2`, `network.target` → `y_true`, `choices.0.text` → "choice 1": the names of the form and the CSV columns. */
export function fieldName(t: Translate, field: string): string {
  const layer = /^(?:items\.\d+\.)?network\.layers\.(\d+)\.(w|b|activation)$/.exec(field);
  if (layer) return `${layer[2]}${Number(layer[1]) + 1}`;
  const network = /^(?:items\.\d+\.)?network\.(x|target|lr|loss)$/.exec(field);
  if (network) return ({ x: 'x', target: 'y_true', lr: 'η', loss: 'loss' } as const)[network[1] as 'x' | 'target' | 'lr' | 'loss'];
  const choice = /^(?:items\.\d+\.)?choices\.(\d+)(?:\.\w+)?$/.exec(field);
  if (choice) return t('library.where.choice', { n: Number(choice[1]) + 1 });
  return field.replace(/^items\.\d+\./, '');
}

export function issueWhere(t: Translate, issue: SetIssue): string {
  const place = issue.row !== undefined ? t('library.where.row', { row: issue.row }) : issue.item !== null ? t('library.where.item', { item: issue.item }) : t('library.where.set');
  const field = issue.field ? fieldName(t, issue.field) : '';
  return field ? `${place} · ${field}` : place;
}

/** Every code's words (a table, not the schema's list: the page need not load zod to word an issue). */
const ISSUE_KEYS: Record<SetIssueCode, MessageKey> = {
  invalid_value: 'library.issue.invalid_value',
  missing: 'library.issue.missing',
  not_a_number: 'library.issue.not_a_number',
  unknown_quantity: 'library.issue.unknown_quantity',
  bce_needs_sigmoid: 'library.issue.bce_needs_sigmoid',
  bce_target_range: 'library.issue.bce_target_range',
  saturated: 'library.issue.saturated',
  undefined_value: 'library.issue.undefined_value',
  duplicate_choice: 'library.issue.duplicate_choice',
  no_right_choice: 'library.issue.no_right_choice',
  too_many_items: 'library.issue.too_many_items',
  unknown_format: 'library.issue.unknown_format',
};

export function issueWhat(t: Translate, issue: SetIssue): string {
  const key = Object.hasOwn(ISSUE_KEYS, issue.code) ? ISSUE_KEYS[issue.code] : null;
  return key ? t(key) : issue.message;
}

const ERROR_KEYS = [
  'key_required',
  'unknown_key',
  'not_owner',
  'set_not_found',
  'share_revoked',
  'share_not_found',
  'invalid_set',
  'stale_revision',
  'too_many_sets',
  'too_large',
  'rate_limited',
  'internal_error',
  'invalid_payload',
  'not_found',
] as const;

/** A refused request of the set API in words. */
export function setErrorText(t: Translate, error: Pick<SetApiError, 'code' | 'message'>): string {
  const code = ERROR_KEYS.find((c) => c === error.code);
  return code ? t(`library.error.${code}`) : error.message;
}
