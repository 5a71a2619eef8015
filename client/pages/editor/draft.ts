/**
 * The set as the editor holds it while the teacher types: numbers as the text in their fields
 * ("0." and "-" are on the way to a number, not errors yet), each item with a stable id for focus
 * and keys. `toContentInput` turns it into what the schema and the engine check; what cannot even be
 * read (a number field that holds no number) is an issue of its own, at its field.
 */
import { type Activation, type Difficulty, type Lang, type Loss, type ProblemKind, formatNumber } from '../../../shared/engine/index.ts';
import { parseNumber } from '../../../shared/engine/parse-answer.ts';
import type {
  ChoiceItem,
  GeneratedItem,
  NumericItem,
  PointMultiplier,
  SetContent,
  SetContentInput,
  SetIssue,
  SetItem,
  SetItemInput,
} from '../../../shared/question-sets/schema.ts';

export type TimeMode = 'room' | 'seconds' | 'untimed';

export interface DraftSettings {
  time: TimeMode;
  /** The field's text while `time` is 'seconds' (kept when switching away and back). */
  seconds: string;
  points: PointMultiplier;
}

export interface DraftGenerated {
  uid: string;
  type: 'generated';
  kind: ProblemKind;
  difficulty: Difficulty;
  /** "Keep these numbers": the seed is saved with the item. */
  pinned: boolean;
  /** The numbers the preview shows (saved only when pinned). */
  seed: number;
  settings: DraftSettings;
}

export interface DraftLayer {
  uid: string;
  w: string;
  b: string;
  activation: Activation;
}

export interface DraftNumeric {
  uid: string;
  type: 'numeric';
  x: string;
  layers: DraftLayer[];
  loss: Loss;
  target: string;
  lr: string;
  /** One key, or several in order for a step-by-step item. */
  asks: string[];
  note: string;
  variants: boolean;
  settings: DraftSettings;
}

export interface DraftChoice {
  uid: string;
  type: 'choice';
  question: string;
  choices: { uid: string; text: string; correct: boolean }[];
  explanation: string;
  settings: DraftSettings;
}

export type DraftItem = DraftGenerated | DraftNumeric | DraftChoice;

export interface DraftSet {
  title: string;
  lang: Lang;
  description: string;
  items: DraftItem[];
}

let counter = 0;
/** Unique within this page: item and field ids, list keys. */
export function newUid(): string {
  counter += 1;
  return `i${counter.toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** A seed for new numbers: the engine takes any 32-bit integer. */
export function randomSeed(): number {
  const buffer = new Uint32Array(1);
  crypto.getRandomValues(buffer);
  return buffer[0]!;
}

const DEFAULT_SETTINGS: DraftSettings = { time: 'room', seconds: '60', points: 1 };

/** A number as the teacher would type it back: exact, no exponent for the usual sizes. */
function numberText(value: number): string {
  return Number.isInteger(value) || Math.abs(value) >= 1e-4 ? String(value) : formatNumber(value, 12);
}

function settingsOf(item: SetItem): DraftSettings {
  const time: TimeMode = item.timeLimitSec === undefined ? 'room' : item.timeLimitSec === null ? 'untimed' : 'seconds';
  return { time, seconds: typeof item.timeLimitSec === 'number' ? String(item.timeLimitSec) : DEFAULT_SETTINGS.seconds, points: item.points };
}

export function draftOfItem(item: SetItem): DraftItem {
  const uid = newUid();
  const settings = settingsOf(item);
  switch (item.type) {
    case 'generated':
      return { uid, type: 'generated', kind: item.kind, difficulty: item.difficulty, pinned: item.seed !== undefined, seed: item.seed ?? randomSeed(), settings };
    case 'numeric': {
      const { network } = item;
      return {
        uid,
        type: 'numeric',
        x: numberText(network.x),
        layers: network.layers.map((l) => ({ uid: newUid(), w: numberText(l.w), b: numberText(l.b), activation: l.activation })),
        loss: network.loss,
        target: numberText(network.target),
        lr: numberText(network.lr),
        asks: [...item.asks],
        note: item.note ?? '',
        variants: item.variants,
        settings,
      };
    }
    case 'choice':
      return {
        uid,
        type: 'choice',
        question: item.question,
        choices: item.choices.map((c) => ({ uid: newUid(), text: c.text, correct: c.correct })),
        explanation: item.explanation ?? '',
        settings,
      };
  }
}

export function draftOfSet(set: Pick<SetContent, 'title' | 'lang' | 'description' | 'items'>): DraftSet {
  return { title: set.title, lang: set.lang, description: set.description, items: set.items.map(draftOfItem) };
}

/** A new item of each type, ready to preview: the source text's worked example for a typed network. */
export function newItem(type: SetItem['type']): DraftItem {
  const settings = { ...DEFAULT_SETTINGS };
  const uid = newUid();
  switch (type) {
    case 'generated':
      return { uid, type, kind: 'chain-gradient', difficulty: 1, pinned: false, seed: randomSeed(), settings };
    case 'numeric':
      return {
        uid,
        type,
        x: '0.5',
        layers: [{ uid: newUid(), w: '0.4', b: '0.1', activation: 'sigmoid' }],
        loss: 'mse',
        target: '0.8',
        lr: '0.01',
        asks: ['dL/dw1'],
        note: '',
        variants: false,
        settings,
      };
    case 'choice':
      return {
        uid,
        type,
        question: '',
        choices: [
          { uid: newUid(), text: '', correct: true },
          { uid: newUid(), text: '', correct: false },
        ],
        explanation: '',
        settings,
      };
  }
}

/** A copy with new ids (duplicate). */
export function copyItem(item: DraftItem): DraftItem {
  const copy = structuredClone(item);
  copy.uid = newUid();
  if (copy.type === 'numeric') for (const layer of copy.layers) layer.uid = newUid();
  if (copy.type === 'choice') for (const choice of copy.choices) choice.uid = newUid();
  return copy;
}

type Converted<T> = { input: T; issues: SetIssue[] };

function readNumber(text: string, item: number, field: string, issues: SetIssue[]): number | string {
  const parsed = parseNumber(text);
  if (parsed.ok) return parsed.value;
  issues.push({
    item,
    field,
    code: parsed.reason === 'empty' ? 'missing' : 'not_a_number',
    message: parsed.reason === 'empty' ? `${field} is empty` : `${field} is not a number`,
  });
  // Left as typed: the schema refuses it too, and that issue is dropped for the one above.
  return text;
}

function settingsInput(settings: DraftSettings, item: number, issues: SetIssue[]): Pick<SetItemInput, 'timeLimitSec' | 'points'> {
  const out: Pick<SetItemInput, 'timeLimitSec' | 'points'> = { points: settings.points };
  if (settings.time === 'untimed') out.timeLimitSec = null;
  if (settings.time === 'seconds') out.timeLimitSec = readNumber(settings.seconds, item, 'timeLimitSec', issues) as number;
  return out;
}

/** The item as the schema reads it (1-based `item` for the issues), with the fields that hold no number. */
export function itemInput(draft: DraftItem, item: number): Converted<SetItemInput> {
  const issues: SetIssue[] = [];
  const settings = settingsInput(draft.settings, item, issues);
  switch (draft.type) {
    case 'generated':
      return {
        input: { type: 'generated', kind: draft.kind, difficulty: draft.difficulty, ...(draft.pinned ? { seed: draft.seed } : {}), ...settings },
        issues,
      };
    case 'numeric': {
      const num = (text: string, field: string) => readNumber(text, item, field, issues) as number;
      const input: SetItemInput = {
        type: 'numeric',
        network: {
          x: num(draft.x, 'network.x'),
          layers: draft.layers.map((l, k) => ({ w: num(l.w, `network.layers.${k}.w`), b: num(l.b, `network.layers.${k}.b`), activation: l.activation })),
          loss: draft.loss,
          target: num(draft.target, 'network.target'),
          lr: num(draft.lr, 'network.lr'),
        },
        asks: [...draft.asks],
        variants: draft.variants,
        ...settings,
      };
      if (draft.note.trim()) input.note = draft.note;
      return { input, issues };
    }
    case 'choice': {
      // An empty text is missing, not "too short": said as such at its field.
      const required = (text: string, field: string) => {
        if (text.trim() === '') issues.push({ item, field, code: 'missing', message: `${field} is empty` });
      };
      required(draft.question, 'question');
      draft.choices.forEach((c, k) => required(c.text, `choices.${k}.text`));
      const input: SetItemInput = {
        type: 'choice',
        question: draft.question,
        choices: draft.choices.map((c) => ({ text: c.text, correct: c.correct })),
        ...settings,
      };
      if (draft.explanation.trim()) input.explanation = draft.explanation;
      return { input, issues };
    }
  }
}

/** The whole set as the schema reads it, with every field that holds no number. */
export function contentInput(draft: DraftSet, items: readonly SetItemInput[]): SetContentInput {
  return { title: draft.title, lang: draft.lang, description: draft.description, items: [...items] };
}

export type { ChoiceItem, GeneratedItem, NumericItem };
