/**
 * A question set: the teacher's own list of items (generated, authored numeric, authored multiple
 * choice) that outlives one room. This file is the set's shape as the server stores it, as the
 * export file carries it (docs/question-sets.md) and as a room snapshots it at creation. Shared
 * with the browser: zod and the engine's constants only.
 */
import { z } from 'zod';
import { ACTIVATIONS, LANGS, LOSSES, MAX_LAYERS, PROBLEM_KINDS } from '../engine/index.ts';

export const SET_LIMITS = {
  /** A room plays at most LIMITS.maxQuestions questions: a set holds no more. */
  items: 50,
  titleLength: 80,
  descriptionLength: 500,
  noteLength: 500,
  questionLength: 500,
  choiceLength: 200,
  minChoices: 2,
  maxChoices: 6,
  /** Keys asked by one authored numeric item (more than one: a step-by-step item). */
  maxAsks: 12,
  maxTimeLimitSec: 3600,
  /** Sets one teacher key may own. */
  setsPerKey: 500,
  /** Largest import or save body, in bytes. */
  bodyBytes: 512 * 1024,
  /** Rows of a CSV import (one item each). */
  csvRows: 50,
} as const;

/** The points an item is worth: ×0 (practice, not scored), ×1, ×2. */
export const POINT_MULTIPLIERS = [0, 1, 2] as const;
export type PointMultiplier = (typeof POINT_MULTIPLIERS)[number];

const difficulty = z.union([z.literal(1), z.literal(2), z.literal(3)]);
const finite = z.number().finite();
const text = (max: number) => z.string().trim().min(1).max(max);

/** Settings every item has. Absent `timeLimitSec`: the room's time limit; `null`: untimed. */
const itemSettings = {
  timeLimitSec: z.number().int().min(5).max(SET_LIMITS.maxTimeLimitSec).nullable().optional(),
  points: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(1),
};

/** A problem the engine makes: kind + difficulty; a `seed` pins the numbers ("keep these numbers"). */
export const GeneratedItemSchema = z.object({
  type: z.literal('generated'),
  kind: z.enum(PROBLEM_KINDS),
  difficulty,
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  ...itemSettings,
});

export const AuthoredLayerSchema = z.object({
  w: finite,
  b: finite,
  activation: z.enum(ACTIVATIONS),
});

/** The network as a teacher types it: the engine's Network. */
export const AuthoredNetworkSchema = z.object({
  x: finite,
  layers: z.array(AuthoredLayerSchema).min(1).max(MAX_LAYERS),
  loss: z.enum(LOSSES),
  /** y_true */
  target: finite,
  /** η */
  lr: finite,
});

/**
 * A network the teacher typed and the quantities asked: one key (`dL/dw1`, `w1'`, … as the
 * vocabulary names them for that depth), or several for a step-by-step item. The engine makes the
 * worked solution, the accepted interval and the misconception catalogue.
 */
export const NumericItemSchema = z.object({
  type: z.literal('numeric'),
  network: AuthoredNetworkSchema,
  asks: z.array(z.string().trim().min(1).max(32)).min(1).max(SET_LIMITS.maxAsks),
  /** Shown at the reveal ("this is the example from p. 42"). */
  note: text(SET_LIMITS.noteLength).optional(),
  /** Each team gets its own numbers, perturbed from these within the same shape. */
  variants: z.boolean().default(false),
  ...itemSettings,
});

export const ChoiceOptionSchema = z.object({
  /** Text with inline LaTeX between `$…$`. */
  text: text(SET_LIMITS.choiceLength),
  correct: z.boolean(),
});

/** A question with 2–6 choices (text with inline LaTeX), one or more right: any right choice counts as right. */
export const ChoiceItemSchema = z.object({
  type: z.literal('choice'),
  question: text(SET_LIMITS.questionLength),
  choices: z
    .array(ChoiceOptionSchema)
    .min(SET_LIMITS.minChoices)
    .max(SET_LIMITS.maxChoices)
    .refine((choices) => choices.some((c) => c.correct), { message: 'mark at least one choice right' }),
  /** Shown at the reveal. */
  explanation: text(SET_LIMITS.noteLength).optional(),
  ...itemSettings,
});

export const SetItemSchema = z.discriminatedUnion('type', [GeneratedItemSchema, NumericItemSchema, ChoiceItemSchema]);

/** What a teacher edits: everything of a set but its identity. */
export const SetContentSchema = z.object({
  title: text(SET_LIMITS.titleLength),
  lang: z.enum(LANGS),
  description: z.string().trim().max(SET_LIMITS.descriptionLength).default(''),
  items: z.array(SetItemSchema).min(1).max(SET_LIMITS.items),
});

export type GeneratedItem = z.output<typeof GeneratedItemSchema>;
export type NumericItem = z.output<typeof NumericItemSchema>;
export type ChoiceItem = z.output<typeof ChoiceItemSchema>;
export type SetItem = z.output<typeof SetItemSchema>;
export type SetItemInput = z.input<typeof SetItemSchema>;
export type SetContent = z.output<typeof SetContentSchema>;
export type SetContentInput = z.input<typeof SetContentSchema>;
export type ItemType = SetItem['type'];

/** The export file: a format name and version around the content, so a later version can read it. */
export const SET_FILE_FORMAT = 'backprop-arena/question-set';
export const SET_FILE_VERSION = 1;
export const SetFileSchema = z.object({
  format: z.literal(SET_FILE_FORMAT),
  version: z.literal(SET_FILE_VERSION),
  set: SetContentSchema,
});
export type SetFile = z.output<typeof SetFileSchema>;

/** What a room keeps of the set it plays, taken at creation (a later edit does not reach it). */
export const SetSnapshotSchema = SetContentSchema.extend({
  /** The stored set's id, or a built-in set's id (`builtin:…`); `null` for settings never saved. */
  id: z.string().min(1).max(64).nullable(),
});
export type SetSnapshot = z.output<typeof SetSnapshotSchema>;
export type SetSnapshotInput = z.input<typeof SetSnapshotSchema>;

/** Why a set (or a CSV row) is refused: the client words each code in the teacher's language. */
export const SET_ISSUE_CODES = [
  /** The value does not fit the file format (zod's message says how). */
  'invalid_value',
  /** A required field or CSV column is absent. */
  'missing',
  /** A CSV cell that should be a number is not one. */
  'not_a_number',
  'unknown_quantity',
  'bce_needs_sigmoid',
  'bce_target_range',
  /** |z| > 10 somewhere: the activation is saturated, every gradient ≈ 0. */
  'saturated',
  /** The loss or a gradient is not finite (e.g. y = 0 with BCE). */
  'undefined_value',
  /** Two choices say the same. */
  'duplicate_choice',
  'no_right_choice',
  'too_many_items',
  /** The file is not a set file, or of a version this server cannot read. */
  'unknown_format',
] as const;
export type SetIssueCode = (typeof SET_ISSUE_CODES)[number];

/**
 * Where a bad set goes wrong, for the teacher: the item (1-based; `null` for the set itself), the
 * CSV row (1-based, the header is row 1) when it came from a CSV, the field (`network.layers.0.w`,
 * or a CSV column name), a code and an English message (for logs and developers).
 */
export interface SetIssue {
  item: number | null;
  row?: number;
  field: string;
  code: SetIssueCode;
  message: string;
}
