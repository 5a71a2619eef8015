/** A SetIssue in the teacher's words, in the page's language (its `message` is English, for logs). */
import { SET_LIMITS, type SetIssue, type SetIssueCode } from '../../../shared/question-sets/schema.ts';
import type { MessageKey, MessageParams } from '../../i18n/index.ts';

// Every code has its words: a new code fails the type check until it is worded in both languages.
type Missing = Exclude<`editor.issue.${SetIssueCode}`, MessageKey>;
const everyCodeWorded: [Missing] extends [never] ? true : Missing = true;
void everyCodeWorded;

type Translate = (key: MessageKey, params?: MessageParams) => string;

/** The field a value's limits depend on: `choices.2.text` → `choices.text`. */
function fieldKind(field: string): string {
  return field.replace(/\.\d+(?=\.|$)/g, '');
}

const LENGTHS: Record<string, number> = {
  title: SET_LIMITS.titleLength,
  description: SET_LIMITS.descriptionLength,
  note: SET_LIMITS.noteLength,
  explanation: SET_LIMITS.noteLength,
  question: SET_LIMITS.questionLength,
  'choices.text': SET_LIMITS.choiceLength,
};

export function issueText(t: Translate, issue: SetIssue): string {
  const kind = fieldKind(issue.field);
  if (issue.code === 'invalid_value') {
    if (kind === 'timeLimitSec') return t('editor.issue.time', { min: 5, max: SET_LIMITS.maxTimeLimitSec });
    if (kind in LENGTHS) return t('editor.issue.length', { max: LENGTHS[kind]! });
    // One key asked twice (a step-by-step item grades each step by its key).
    if (/^asks\.\d+$/.test(issue.field)) return t('editor.issue.askedTwice');
    if (kind === 'asks') return t('editor.issue.asks', { max: SET_LIMITS.maxAsks });
    if (kind === 'choices') return t('editor.issue.choices', { min: SET_LIMITS.minChoices, max: SET_LIMITS.maxChoices });
  }
  if (issue.code === 'too_many_items') return t('editor.issue.too_many_items', { max: SET_LIMITS.items });
  return t(`editor.issue.${issue.code}`);
}
