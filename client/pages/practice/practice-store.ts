/**
 * Solo practice: the engine runs here, in the browser. One store per practice screen holds
 * the settings, the current problem and the student's answers as signals; progress
 * (streak, accuracy, adaptive level) is kept on the device.
 */
import { type ReadonlySignal, batch, computed, signal } from '@preact/signals';
import {
  DIFFICULTIES,
  type Difficulty,
  PROBLEM_KINDS,
  type Problem,
  type ProblemKind,
  type PublicProblem,
  type SolutionStep,
  type Verdict,
  generateProblem,
  gradeAnswer,
  toPublicProblem,
} from '../../../shared/engine/index.ts';

export const PRACTICE_STORAGE_KEY = 'backprop-arena.practice';

/** Adaptive mode: this many right in a row moves up a level… */
export const RIGHT_TO_LEVEL_UP = 3;
/** …and this many misses in a row moves down one. */
export const WRONG_TO_LEVEL_DOWN = 2;

export interface PracticeSettings {
  kinds: ProblemKind[];
  difficulty: Difficulty;
  adaptive: boolean;
}

export interface PracticeStats {
  answered: number;
  correct: number;
  streak: number;
  best: number;
}

export interface StepAnswer {
  raw: string;
  value: number;
  verdict: Verdict;
}

export interface LevelChange {
  direction: 'up' | 'down';
  level: Difficulty;
}

interface Saved {
  settings: PracticeSettings;
  level: Difficulty;
  stats: PracticeStats;
  run: { right: number; wrong: number };
}

/** Everything that makes a problem: the same spec gives the same problem on every device. */
export interface ProblemSpec {
  kind: ProblemKind;
  difficulty: Difficulty;
  seed: number;
}

export interface PracticeStoreOptions {
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** A fresh 32-bit seed per problem; the engine itself draws nothing at random. */
  nextSeed?: () => number;
  /** Start with this problem (a link to one problem, or the one on screen before a reload). */
  first?: ProblemSpec | null;
}

/** Reads ?kind=…&difficulty=…&seed=… from a practice link; null unless all three are valid. */
export function specFromQuery(query: URLSearchParams): ProblemSpec | null {
  const kind = query.get('kind');
  const difficulty = Number(query.get('difficulty'));
  const seedText = query.get('seed') ?? '';
  const seed = Number(seedText);
  if (!(PROBLEM_KINDS as readonly (string | null)[]).includes(kind) || !isDifficulty(difficulty)) return null;
  if (!/^\d{1,10}$/.test(seedText) || seed > 0xffffffff) return null;
  return { kind: kind as ProblemKind, difficulty, seed };
}

export function specQuery(spec: ProblemSpec): string {
  return new URLSearchParams({ kind: spec.kind, difficulty: String(spec.difficulty), seed: String(spec.seed) }).toString();
}

export const DEFAULT_SETTINGS: PracticeSettings = {
  kinds: ['forward', 'local-derivative', 'chain-gradient', 'update', 'chain-steps'],
  difficulty: 1,
  adaptive: true,
};

const EMPTY_STATS: PracticeStats = { answered: 0, correct: 0, streak: 0, best: 0 };

export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}

function isDifficulty(value: unknown): value is Difficulty {
  return (DIFFICULTIES as readonly unknown[]).includes(value);
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

/** Whatever is stored, read defensively: an older or hand-edited entry must not break practice. */
function load(storage: PracticeStoreOptions['storage']): Saved {
  const fallback: Saved = { settings: DEFAULT_SETTINGS, level: DEFAULT_SETTINGS.difficulty, stats: EMPTY_STATS, run: { right: 0, wrong: 0 } };
  let data: unknown;
  try {
    data = JSON.parse(storage?.getItem(PRACTICE_STORAGE_KEY) ?? 'null');
  } catch {
    return fallback;
  }
  if (typeof data !== 'object' || data === null) return fallback;
  const saved = data as Partial<Record<keyof Saved, Record<string, unknown>>> & { level?: unknown };
  const kinds = Array.isArray(saved.settings?.kinds)
    ? (saved.settings.kinds as unknown[]).filter((k): k is ProblemKind => (PROBLEM_KINDS as readonly unknown[]).includes(k))
    : [];
  const difficulty = saved.settings?.difficulty;
  const stats = saved.stats ?? {};
  return {
    settings: {
      kinds: kinds.length > 0 ? kinds : DEFAULT_SETTINGS.kinds,
      difficulty: isDifficulty(difficulty) ? difficulty : DEFAULT_SETTINGS.difficulty,
      adaptive: typeof saved.settings?.adaptive === 'boolean' ? saved.settings.adaptive : DEFAULT_SETTINGS.adaptive,
    },
    level: isDifficulty(saved.level) ? saved.level : DEFAULT_SETTINGS.difficulty,
    stats: { answered: count(stats.answered), correct: count(stats.correct), streak: count(stats.streak), best: count(stats.best) },
    run: { right: count(saved.run?.right), wrong: count(saved.run?.wrong) },
  };
}

export type Phase = 'answering' | 'done';

export interface Hint {
  lines: SolutionStep[];
  /** Lines shown as formula only: the hint never gives the answer itself. */
  hideValues: string[];
}

export interface PracticeStore {
  readonly settings: ReadonlySignal<PracticeSettings>;
  /** The difficulty the next problem is drawn at (follows the adaptive run). */
  readonly level: ReadonlySignal<Difficulty>;
  readonly problem: ReadonlySignal<Problem>;
  /** How to make the current problem again (for a link or a reload). */
  readonly spec: ReadonlySignal<ProblemSpec>;
  readonly publicProblem: ReadonlySignal<PublicProblem>;
  readonly phase: ReadonlySignal<Phase>;
  /** Multi-step problems: the step being answered. */
  readonly stepIndex: ReadonlySignal<number>;
  readonly stepAnswers: ReadonlySignal<readonly StepAnswer[]>;
  readonly input: ReadonlySignal<string>;
  readonly choice: ReadonlySignal<string | null>;
  readonly verdict: ReadonlySignal<Verdict | null>;
  /** Multi-step problems: the step the verdict is about. */
  readonly verdictStep: ReadonlySignal<number | null>;
  /** True once an answer to this problem (or step) has been graded: further tries are not counted. */
  readonly retrying: ReadonlySignal<boolean>;
  readonly hintsUsed: ReadonlySignal<number>;
  readonly hint: ReadonlySignal<Hint | null>;
  readonly canHint: ReadonlySignal<boolean>;
  readonly solutionShown: ReadonlySignal<boolean>;
  readonly stats: ReadonlySignal<PracticeStats>;
  readonly accuracy: ReadonlySignal<number | null>;
  readonly levelChange: ReadonlySignal<LevelChange | null>;

  setInput(value: string): void;
  choose(id: string): void;
  submit(): Verdict;
  showHint(): void;
  showSolution(): void;
  next(): void;
  setKinds(kinds: readonly ProblemKind[]): void;
  setDifficulty(difficulty: Difficulty): void;
  setAdaptive(adaptive: boolean): void;
  resetStats(): void;
}

const MAX_SEED_TRIES = 8;

export function createPracticeStore({ storage = null, nextSeed = randomSeed, first = null }: PracticeStoreOptions = {}): PracticeStore {
  const saved = load(storage);
  const settings = signal(saved.settings);
  const level = signal<Difficulty>(saved.settings.adaptive ? saved.level : saved.settings.difficulty);
  const stats = signal(saved.stats);
  const run = signal(saved.run);

  const draw = (previous?: ProblemKind): Problem => {
    const { kinds, adaptive, difficulty } = settings.value;
    // A different kind from the last one when there is a choice, so practice mixes.
    const pool = kinds.length > 1 && previous ? kinds.filter((k) => k !== previous) : kinds;
    const kind = pool[nextSeed() % pool.length]!;
    const at = adaptive ? level.value : difficulty;
    let failure: unknown;
    for (let i = 0; i < MAX_SEED_TRIES; i++) {
      try {
        return generateProblem({ kind, seed: nextSeed(), difficulty: at });
      } catch (error) {
        failure = error; // the generator gives up on a rare seed; another seed will do
      }
    }
    throw failure;
  };

  const fromSpec = (spec: ProblemSpec | null): Problem | null => {
    if (!spec) return null;
    try {
      return generateProblem(spec);
    } catch {
      return null; // a hand-edited link the generator rejects: draw a fresh problem instead
    }
  };

  const problem = signal(fromSpec(first) ?? draw());
  // Practice only generates problems, so the kind is always a generatable one.
  const kindOf = (p: Problem) => p.kind as ProblemKind;
  const spec = computed<ProblemSpec>(() => ({ kind: kindOf(problem.value), difficulty: problem.value.difficulty, seed: problem.value.seed }));
  const publicProblem = computed(() => toPublicProblem(problem.value));
  const phase = signal<Phase>('answering');
  const stepIndex = signal(0);
  const stepAnswers = signal<readonly StepAnswer[]>([]);
  const input = signal('');
  const choice = signal<string | null>(null);
  const verdict = signal<Verdict | null>(null);
  const verdictStep = signal<number | null>(null);
  const retrying = signal(false);
  const hintsUsed = signal(0);
  const solutionShown = signal(false);
  const levelChange = signal<LevelChange | null>(null);

  const save = () => {
    const data: Saved = { settings: settings.value, level: level.value, stats: stats.value, run: run.value };
    try {
      storage?.setItem(PRACTICE_STORAGE_KEY, JSON.stringify(data));
    } catch {
      // Storage full or blocked: progress lives for this visit only.
    }
  };

  /** The solution lines a hint walks through, and the line of the quantity being asked now. */
  const hintPlan = computed(() => {
    const p = problem.value;
    if (p.steps) {
      const step = p.steps[stepIndex.value];
      const target = step ? p.solution.findIndex((line) => line.key === step.asks) : -1;
      return { lines: p.solution, target: target >= 0 ? target : p.solution.length - 1, stepwise: false };
    }
    return { lines: p.solution, target: p.solution.length - 1, stepwise: true };
  });

  const hint = computed<Hint | null>(() => {
    const used = hintsUsed.value;
    if (used === 0) return null;
    const { lines, target, stepwise } = hintPlan.value;
    // Single problems reveal one line per hint; a chain step reveals its line's formula at once.
    const shown = stepwise ? Math.min(used, target + 1) : target + 1;
    const last = lines[shown - 1];
    return { lines: lines.slice(0, shown), hideValues: last && shown === target + 1 ? [last.key] : [] };
  });

  const canHint = computed(() => {
    if (phase.value === 'done' || solutionShown.value) return false;
    const { target, stepwise } = hintPlan.value;
    return stepwise ? hintsUsed.value < target + 1 : hintsUsed.value === 0;
  });

  const accuracy = computed(() => (stats.value.answered === 0 ? null : stats.value.correct / stats.value.answered));

  const record = (right: boolean) => {
    const s = stats.value;
    const streak = right ? s.streak + 1 : 0;
    stats.value = { answered: s.answered + 1, correct: s.correct + (right ? 1 : 0), streak, best: Math.max(s.best, streak) };
    if (!settings.value.adaptive) return;
    const r = run.value;
    const next = right ? { right: r.right + 1, wrong: 0 } : { right: 0, wrong: r.wrong + 1 };
    if (next.right >= RIGHT_TO_LEVEL_UP && level.value < 3) {
      level.value = (level.value + 1) as Difficulty;
      levelChange.value = { direction: 'up', level: level.value };
      next.right = 0;
    } else if (next.wrong >= WRONG_TO_LEVEL_DOWN && level.value > 1) {
      level.value = (level.value - 1) as Difficulty;
      levelChange.value = { direction: 'down', level: level.value };
      next.wrong = 0;
    }
    run.value = next;
  };

  const submit = (): Verdict => {
    const p = problem.value;
    if (phase.value === 'done') return verdict.value ?? { status: 'invalid', message: { key: 'invalid.empty' } };
    const raw = p.format === 'choice' ? (choice.value ?? '') : input.value;
    const step = stepIndex.value;
    const earlier: Record<string, number> = {};
    if (p.steps) stepAnswers.value.forEach((answer, i) => (earlier[p.steps![i]!.asks] = answer.value));
    const result = p.steps ? gradeAnswer(p, raw, { step, earlier }) : gradeAnswer(p, raw);
    batch(() => {
      verdict.value = result;
      verdictStep.value = p.steps ? step : null;
      if (result.status === 'invalid') return; // not an attempt: nothing counted, nothing moves on
      levelChange.value = null;
      // Only the first graded answer counts, and only before the solution was opened.
      if (!retrying.value && !solutionShown.value) record(result.status === 'correct');
      if (p.steps) {
        const value = typeof result.value === 'number' ? result.value : NaN;
        stepAnswers.value = [...stepAnswers.value, { raw, value, verdict: result }];
        if (step + 1 < p.steps.length) {
          // Error carried forward: the next step is graded against this answer, right or wrong.
          stepIndex.value = step + 1;
          input.value = '';
          retrying.value = false;
          hintsUsed.value = 0;
        } else {
          phase.value = 'done';
        }
      } else if (result.status === 'correct') {
        phase.value = 'done';
      } else {
        retrying.value = true;
      }
    });
    save();
    return result;
  };

  const next = () => {
    batch(() => {
      problem.value = draw(kindOf(problem.value));
      phase.value = 'answering';
      stepIndex.value = 0;
      stepAnswers.value = [];
      input.value = '';
      choice.value = null;
      verdict.value = null;
      verdictStep.value = null;
      retrying.value = false;
      hintsUsed.value = 0;
      solutionShown.value = false;
    });
  };

  const updateSettings = (patch: Partial<PracticeSettings>) => {
    const before = settings.value;
    const after = { ...before, ...patch };
    batch(() => {
      settings.value = after;
      if (!after.adaptive) level.value = after.difficulty;
      else if (!before.adaptive || patch.difficulty !== undefined) level.value = after.difficulty;
      run.value = { right: 0, wrong: 0 };
      levelChange.value = null;
    });
    save();
    // A problem nobody has answered yet follows the new settings at once.
    if (stepAnswers.value.length === 0 && verdict.value === null && !solutionShown.value) next();
  };

  return {
    settings,
    level,
    problem,
    spec,
    publicProblem,
    phase,
    stepIndex,
    stepAnswers,
    input,
    choice,
    verdict,
    verdictStep,
    retrying,
    hintsUsed,
    hint,
    canHint,
    solutionShown,
    stats,
    accuracy,
    levelChange,
    setInput: (value) => {
      input.value = value;
    },
    choose: (id) => {
      choice.value = id;
    },
    submit,
    showHint: () => {
      if (canHint.value) hintsUsed.value += 1;
    },
    showSolution: () => {
      solutionShown.value = true;
    },
    next,
    setKinds: (kinds) => {
      const valid = PROBLEM_KINDS.filter((k) => kinds.includes(k));
      if (valid.length > 0) updateSettings({ kinds: valid });
    },
    setDifficulty: (difficulty) => updateSettings({ difficulty }),
    setAdaptive: (adaptive) => updateSettings({ adaptive }),
    resetStats: () => {
      batch(() => {
        stats.value = EMPTY_STATS;
        run.value = { right: 0, wrong: 0 };
        levelChange.value = null;
      });
      save();
    },
  };
}
