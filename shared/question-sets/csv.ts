/**
 * A set from a spreadsheet: one row per item (docs/question-sets.md, "CSV import"). Files as Excel
 * and WPS write them: UTF-8 with or without BOM, comma or semicolon (told from the header), CRLF,
 * quoted cells, and with a semicolon the decimal comma (0,5) of locales that write one. Every issue
 * names the row as the spreadsheet numbers it (the header is row 1) and the column; one bad row
 * refuses the whole file.
 *
 * Server-side only: csv-parse's build for `import` uses Node's Buffer (even at module load), which
 * a browser does not have, so this file is not exported from index.ts.
 */
import { parse } from 'csv-parse/sync';
import type { Lang } from '../engine/index.ts';
import {
  SET_LIMITS,
  type SetContent,
  type SetIssue,
  type SetIssueCode,
  type SetItem,
  SetContentSchema,
  SetItemSchema,
} from './schema.ts';
import { type SetResult, itemIssues, zodIssues } from './validate.ts';

const LAYERS = [1, 2, 3] as const;
const CHOICES = [1, 2, 3, 4, 5, 6] as const;

/** Every column a row may have, by its canonical name; aliases teachers use map onto them. */
const COLUMNS = [
  'type', 'kind', 'difficulty', 'seed', 'x',
  ...LAYERS.flatMap((k) => [`w${k}`, `b${k}`, `activation${k}`]),
  'loss', 'y_true', 'lr', 'asks', 'note', 'time', 'points', 'variants', 'question',
  ...CHOICES.map((k) => `choice${k}`),
  'correct', 'explanation',
] as const;
const ALIASES: Record<string, string> = { η: 'lr', eta: 'lr', target: 'y_true' };
const UNTIMED = new Set(['untimed', '不限时', 'none', '-']);
const YES = new Set(['yes', 'true', '1', 'y', '是', '对']);
const NO = new Set(['', 'no', 'false', '0', 'n', '否', '不']);

function canonicalColumn(name: string): string | null {
  const key = name.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '_');
  const canonical = ALIASES[key] ?? key;
  return (COLUMNS as readonly string[]).includes(canonical) ? canonical : null;
}

/** The delimiter the header uses: the most frequent of ; , and tab outside quotes (comma when none). */
function delimiterOf(text: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

interface Row {
  /** The row as a spreadsheet numbers it. */
  row: number;
  cell(column: string): string;
  /** Whether the header has the column at all. */
  has(column: string): boolean;
}

type Issue = { field: string; code: SetIssueCode; message: string };

class RowReader {
  readonly issues: Issue[] = [];
  constructor(
    private readonly r: Row,
    private readonly decimalComma: boolean,
    private readonly names: ReadonlyMap<string, string>,
  ) {}

  name(column: string): string {
    return this.names.get(column) ?? column;
  }

  text(column: string): string | undefined {
    const value = this.r.cell(column).trim();
    return value === '' ? undefined : value;
  }

  required(column: string): string | undefined {
    const value = this.text(column);
    if (value === undefined) {
      const why = this.r.has(column) ? 'is empty' : 'is not in the file';
      this.issues.push({ field: this.name(column), code: 'missing', message: `column ${this.name(column)} ${why}; this row needs it` });
    }
    return value;
  }

  fail(column: string, code: SetIssueCode, message: string): undefined {
    this.issues.push({ field: this.name(column), code, message });
    return undefined;
  }

  number(column: string, required: boolean): number | undefined {
    const raw = required ? this.required(column) : this.text(column);
    if (raw === undefined) return undefined;
    let text = raw.replace(/[−–]/g, '-').replace(/\s/g, '');
    // With a semicolon delimiter the decimal separator may be a comma (Excel in de, fr, ru … locales).
    if (this.decimalComma && /^[+-]?\d*,\d+(e[+-]?\d+)?$/i.test(text)) text = text.replace(',', '.');
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) || !Number.isFinite(Number(text))) {
      return this.fail(column, 'not_a_number', `${raw} is not a number`);
    }
    return Number(text);
  }

  integer(column: string, required: boolean): number | undefined {
    const value = this.number(column, required);
    if (value !== undefined && !Number.isInteger(value)) return this.fail(column, 'invalid_value', `${value} is not a whole number`);
    return value;
  }
}

function settings(read: RowReader): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const time = read.text('time');
  if (time !== undefined) out.timeLimitSec = UNTIMED.has(time.toLowerCase()) ? null : read.integer('time', false);
  const points = read.text('points');
  if (points !== undefined) {
    const value = /^[x×]?([0-2])[x×]?$/i.exec(points)?.[1];
    if (value === undefined) read.fail('points', 'invalid_value', `points are 0, 1 or 2, not ${points}`);
    else out.points = Number(value);
  }
  return out;
}

function numericItem(read: RowReader): Record<string, unknown> {
  const x = read.number('x', true);
  const layers: Record<string, unknown>[] = [];
  const present = LAYERS.filter((k) => read.text(`w${k}`) !== undefined || read.text(`b${k}`) !== undefined);
  const depth = Math.max(1, ...present);
  for (let k = 1; k <= depth; k++) {
    layers.push({
      w: read.number(`w${k}`, true),
      b: read.number(`b${k}`, true),
      activation: read.text(`activation${k}`)?.toLowerCase() ?? 'sigmoid',
    });
  }
  const item: Record<string, unknown> = {
    type: 'numeric',
    network: {
      x,
      layers,
      loss: read.text('loss')?.toLowerCase() ?? 'mse',
      target: read.number('y_true', true),
      lr: read.number('lr', true),
    },
    asks: read.required('asks')?.split(/[\s|]+/).filter((k) => k !== ''),
  };
  const note = read.text('note');
  if (note !== undefined) item.note = note;
  const variants = read.text('variants')?.toLowerCase() ?? '';
  if (YES.has(variants)) item.variants = true;
  else if (NO.has(variants)) item.variants = false;
  else read.fail('variants', 'invalid_value', `variants is yes or no, not ${variants}`);
  return item;
}

function generatedItem(read: RowReader): Record<string, unknown> {
  const item: Record<string, unknown> = {
    type: 'generated',
    kind: read.required('kind')?.toLowerCase(),
    difficulty: read.integer('difficulty', true),
  };
  const seed = read.integer('seed', false);
  if (seed !== undefined) item.seed = seed;
  return item;
}

function choiceItem(read: RowReader): Record<string, unknown> {
  const question = read.required('question');
  const columns = CHOICES.filter((k) => read.text(`choice${k}`) !== undefined);
  const correct = read.required('correct');
  const right = new Set<number>();
  for (const token of correct?.toLowerCase().split(/[\s|,;/]+/).filter((t) => t !== '') ?? []) {
    const k = /^[1-6]$/.test(token) ? Number(token) : /^[a-f]$/.test(token) ? token.charCodeAt(0) - 96 : NaN;
    if (!columns.includes(k as (typeof CHOICES)[number])) {
      read.fail('correct', 'invalid_value', `${token} is not a filled-in choice (choice1 … choice6, or a … f)`);
    } else right.add(k);
  }
  const item: Record<string, unknown> = {
    type: 'choice',
    question,
    choices: columns.map((k) => ({ text: read.text(`choice${k}`), correct: right.has(k) })),
  };
  const explanation = read.text('explanation');
  if (explanation !== undefined) item.explanation = explanation;
  (item as { columns?: number[] }).columns = columns;
  return item;
}

/** The CSV column an item's field path comes from. */
function columnOf(field: string, item: Record<string, unknown>, read: RowReader): string {
  const parts = field.split('.');
  if (parts[0] === 'network') {
    if (parts.length === 1) return read.name('loss');
    if (parts[1] === 'layers') {
      const k = Number(parts[2] ?? 0) + 1;
      return read.name(parts[3] === 'b' ? `b${k}` : parts[3] === 'activation' ? `activation${k}` : `w${k}`);
    }
    return read.name(({ x: 'x', loss: 'loss', target: 'y_true', lr: 'lr' } as Record<string, string>)[parts[1]!] ?? 'x');
  }
  if (parts[0] === 'choices') {
    const columns = (item as { columns?: number[] }).columns ?? [];
    if (parts.length === 1) return read.name(columns.length < 2 ? `choice${columns.length + 1}` : 'correct');
    return read.name(`choice${columns[Number(parts[1])] ?? Number(parts[1]) + 1}`);
  }
  const named: Record<string, string> = { timeLimitSec: 'time', asks: 'asks', type: 'type', '': 'type' };
  return read.name(named[parts[0]!] ?? parts[0]!);
}

function issue(item: number | null, row: number | undefined, i: Issue): SetIssue {
  return row === undefined ? { item, ...i } : { item, row, ...i };
}

/** A set from CSV text; `meta` gives what a CSV has no place for (the title and the language). */
export function parseSetCsv(text: string, meta: { title: string; lang: Lang }): SetResult {
  const body = text.replace(/^\uFEFF/, '');
  const delimiter = delimiterOf(body);
  let records: string[][];
  try {
    records = parse(body, { delimiter, relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [issue(null, line, { field: '', code: 'invalid_value', message: `not a readable CSV file: ${message}` })] };
  }
  const [header, ...rows] = records;
  if (!header || header.every((h) => h.trim() === '')) {
    return { ok: false, issues: [{ item: null, row: 1, field: '', code: 'missing', message: 'the file has no header row' }] };
  }

  const issues: SetIssue[] = [];
  const index = new Map<string, number>();
  const names = new Map<string, string>();
  header.forEach((raw, i) => {
    const name = raw.trim();
    if (name === '') return;
    const column = canonicalColumn(name);
    if (column === null) {
      issues.push({ item: null, row: 1, field: name, code: 'invalid_value', message: `unknown column ${name}; the columns are ${COLUMNS.join(', ')}` });
    } else if (index.has(column)) {
      issues.push({ item: null, row: 1, field: name, code: 'invalid_value', message: `column ${name} is there twice` });
    } else {
      index.set(column, i);
      names.set(column, name);
    }
  });

  const filled = rows.map((cells, i) => ({ cells, row: i + 2 })).filter(({ cells }) => cells.some((c) => c.trim() !== ''));
  if (filled.length > SET_LIMITS.csvRows) {
    return { ok: false, issues: [{ item: null, field: 'items', code: 'too_many_items', message: `${filled.length} rows: a set holds at most ${SET_LIMITS.csvRows} items` }] };
  }
  if (filled.length === 0 && issues.length === 0) {
    return { ok: false, issues: [{ item: null, field: 'items', code: 'missing', message: 'the file has no rows below its header' }] };
  }

  const items: SetItem[] = [];
  filled.forEach(({ cells, row }, i) => {
    const at = i + 1;
    const read = new RowReader(
      { row, cell: (c) => (index.has(c) ? (cells[index.get(c)!] ?? '') : ''), has: (c) => index.has(c) },
      delimiter === ';',
      names,
    );
    const type = read.text('type')?.toLowerCase() ?? 'numeric';
    let raw: Record<string, unknown>;
    if (type === 'numeric') raw = numericItem(read);
    else if (type === 'generated') raw = generatedItem(read);
    else if (type === 'choice') raw = choiceItem(read);
    else {
      issues.push(issue(at, row, { field: read.name('type'), code: 'invalid_value', message: `type is numeric, generated or choice, not ${type}` }));
      return;
    }
    Object.assign(raw, settings(read));
    if (read.issues.length > 0) {
      issues.push(...read.issues.map((i) => issue(at, row, i)));
      return;
    }
    const { columns: _columns, ...input } = raw;
    const parsed = SetItemSchema.safeParse(input);
    const found = parsed.success ? itemIssues(parsed.data, i) : zodIssues(parsed.error, input, ['items', i]);
    if (parsed.success && found.length === 0) items.push(parsed.data);
    issues.push(...found.map((f) => issue(at, row, { field: columnOf(f.field, raw, read), code: f.code, message: f.message })));
  });
  if (issues.length > 0) return { ok: false, issues };

  const set = SetContentSchema.safeParse({ title: meta.title, lang: meta.lang, items });
  if (!set.success) return { ok: false, issues: zodIssues(set.error, { title: meta.title, lang: meta.lang, items }) };
  return { ok: true, set: set.data as SetContent };
}
