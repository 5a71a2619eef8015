/**
 * The host's set-up form as plain data: defaults that make "Create" work in one click, the
 * last choices remembered on the device, and the room config the server receives.
 */
import { DIFFICULTIES, type DescentActivation, type DescentInputs, type Difficulty, type Lang, PROBLEM_KINDS, type ProblemKind, STEP_KINDS, generateDescentTask } from '../../../shared/engine/index.ts';
import type { DescentConfirmRule, NicknameSource, RoomConfigInput, RoomMode, TeamAssignment } from '../../../shared/protocol/index.ts';
import { LIMITS, ROOM_MODES, isTeamMode } from '../../../shared/protocol/constants.ts';
import { planKindsAndDifficulties } from '../../../shared/protocol/question-plan.ts';
import type { GeneratedItem, SetContent } from '../../../shared/question-sets/schema.ts';
import { DEFAULT_TEAM_COLOURS } from '../../components/team-tag/team-names.ts';

export const SETUP_STORAGE_KEY = 'backprop-arena.host-setup';

export interface SetupState {
  title: string;
  mode: RoomMode;
  kinds: ProblemKind[];
  /** Chain Steps: through a chain, through a network that branches, or both (at least one). */
  stepKinds: ProblemKind[];
  difficulties: Difficulty[];
  questionCount: number;
  timed: boolean;
  timeLimitSec: number;
  speedBonus: boolean;
  streakBonus: boolean;
  allowAnswerChange: boolean;
  /** When the class sees the leaderboard: after each question, every `leaderboardEvery` questions, or at the end. */
  leaderboard: LeaderboardPace;
  leaderboardEvery: number;
  teamsOn: boolean;
  teamCount: number;
  assignment: TeamAssignment;
  /** Empty: the server's default name in the room language. */
  teamNames: string[];
  teamColours: string[];
  variants: boolean;
  capacity: number;
  lang: Lang;
  /** Whether students type their names or the room generates them. */
  nicknames: NicknameSource;
  /** Descent Race: the hidden neuron's activation. */
  descentActivation: DescentActivation;
  /** Descent Race: `'team'` lets each team choose η from the task's list; a number is the host's fixed η. */
  descentLr: 'team' | number;
  descentConfirm: DescentConfirmRule;
  /** Descent Race at Hard: a neuron with one input or two (w₁, w₂); below Hard the neuron has one. */
  descentInputs: DescentInputs;
}

export const LEADERBOARD_PACES = ['each', 'every', 'end'] as const;
export type LeaderboardPace = (typeof LEADERBOARD_PACES)[number];

export const DESCENT_ACTIVATION_OPTIONS: readonly DescentActivation[] = ['sigmoid', 'linear'];
export const DESCENT_CONFIRM_OPTIONS: readonly DescentConfirmRule[] = ['second-member', 'captain'];

/**
 * The learning rates a Descent Race task offers for this activation: the same list the teams
 * choose from, so a fixed η is one a team could have chosen (it depends on the activation only).
 */
export function descentLrChoices(activation: DescentActivation): number[] {
  return generateDescentTask({ seed: 0, difficulty: 1, activation }).lrChoices;
}

/** The task's default η (the second choice): steady progress without overshooting. */
export function descentDefaultLr(activation: DescentActivation): number {
  return generateDescentTask({ seed: 0, difficulty: 1, activation }).defaultLr;
}

/** Quiz kinds in set-up order: the step kinds are the chain-steps mode's. */
export const QUIZ_KINDS: readonly ProblemKind[] = PROBLEM_KINDS.filter((kind) => !STEP_KINDS.includes(kind));

/** The kinds a room or set made from this set-up asks, in set-up order. */
function chosenKinds(state: SetupState): ProblemKind[] {
  if (state.mode !== 'chain-steps' && state.mode !== 'relay') return PROBLEM_KINDS.filter((k) => state.kinds.includes(k));
  const steps = STEP_KINDS.filter((k) => state.stepKinds.includes(k));
  return steps.length > 0 ? steps : ['chain-steps'];
}

export function defaultSetup(lang: Lang): SetupState {
  return {
    title: '',
    mode: 'quiz',
    kinds: ['forward', 'local-derivative', 'chain-gradient', 'update'],
    stepKinds: ['chain-steps'],
    difficulties: [1],
    questionCount: 8,
    timed: true,
    timeLimitSec: 60,
    speedBonus: true,
    streakBonus: false,
    allowAnswerChange: false,
    leaderboard: 'each',
    leaderboardEvery: 3,
    teamsOn: true,
    teamCount: 4,
    assignment: 'auto',
    teamNames: Array.from({ length: LIMITS.maxTeams }, () => ''),
    teamColours: [...DEFAULT_TEAM_COLOURS],
    variants: false,
    capacity: LIMITS.defaultCapacity,
    lang,
    nicknames: 'own',
    descentActivation: 'sigmoid',
    descentLr: 'team',
    descentConfirm: 'second-member',
    // A new Hard race trains the two-input neuron: Hard is where w₁, w₂ and b are worth the time.
    descentInputs: 2,
  };
}

function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : fallback;
  return Math.min(max, Math.max(min, n));
}

/** A stored set-up read defensively: anything odd falls back to the default. */
export function readSetup(storage: Pick<Storage, 'getItem'> | null, lang: Lang): SetupState {
  const base = defaultSetup(lang);
  let data: Partial<Record<keyof SetupState, unknown>>;
  try {
    data = JSON.parse(storage?.getItem(SETUP_STORAGE_KEY) ?? 'null') ?? {};
  } catch {
    return base;
  }
  if (typeof data !== 'object' || data === null) return base;
  const bool = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);
  const kinds = Array.isArray(data.kinds) ? data.kinds.filter((k): k is ProblemKind => QUIZ_KINDS.includes(k as ProblemKind)) : [];
  const stepKinds = Array.isArray(data.stepKinds) ? data.stepKinds.filter((k): k is ProblemKind => STEP_KINDS.includes(k as ProblemKind)) : [];
  const difficulties = Array.isArray(data.difficulties) ? data.difficulties.filter((d): d is Difficulty => DIFFICULTIES.includes(d as Difficulty)) : [];
  const strings = (value: unknown, fallback: string[], valid: (s: string) => boolean) =>
    fallback.map((f, i) => (Array.isArray(value) && typeof value[i] === 'string' && valid(value[i]) ? (value[i] as string) : f));
  return {
    title: typeof data.title === 'string' ? data.title.slice(0, LIMITS.titleLength) : base.title,
    mode: ROOM_MODES.find((mode) => mode === data.mode) ?? 'quiz',
    kinds: kinds.length > 0 ? kinds : base.kinds,
    stepKinds: stepKinds.length > 0 ? stepKinds : base.stepKinds,
    difficulties: difficulties.length > 0 ? difficulties : base.difficulties,
    questionCount: clampInt(data.questionCount, 1, LIMITS.maxQuestions, base.questionCount),
    timed: bool(data.timed, base.timed),
    timeLimitSec: clampInt(data.timeLimitSec, 5, LIMITS.maxTimeLimitSec, base.timeLimitSec),
    speedBonus: bool(data.speedBonus, base.speedBonus),
    streakBonus: bool(data.streakBonus, base.streakBonus),
    allowAnswerChange: bool(data.allowAnswerChange, base.allowAnswerChange),
    leaderboard: LEADERBOARD_PACES.find((pace) => pace === data.leaderboard) ?? base.leaderboard,
    leaderboardEvery: clampInt(data.leaderboardEvery, 2, LIMITS.maxQuestions, base.leaderboardEvery),
    teamsOn: bool(data.teamsOn, base.teamsOn),
    teamCount: clampInt(data.teamCount, 2, LIMITS.maxTeams, base.teamCount),
    assignment: data.assignment === 'self' || data.assignment === 'host' ? data.assignment : 'auto',
    teamNames: strings(data.teamNames, base.teamNames, (s) => s.length <= LIMITS.teamNameLength),
    teamColours: strings(data.teamColours, base.teamColours, (s) => /^#[0-9a-fA-F]{6}$/.test(s)),
    variants: bool(data.variants, base.variants),
    capacity: clampInt(data.capacity, 1, LIMITS.maxCapacity, base.capacity),
    lang: data.lang === 'en' || data.lang === 'zh-CN' ? data.lang : base.lang,
    nicknames: data.nicknames === 'generated' ? 'generated' : base.nicknames,
    ...readDescentSetup(data, base),
  };
}

/** The Descent Race options of a stored set-up; a fixed η must be one of the activation's choices. */
function readDescentSetup(
  data: Partial<Record<keyof SetupState, unknown>>,
  base: SetupState,
): Pick<SetupState, 'descentActivation' | 'descentLr' | 'descentConfirm' | 'descentInputs'> {
  const activation = DESCENT_ACTIVATION_OPTIONS.find((a) => a === data.descentActivation) ?? base.descentActivation;
  const stored = data.descentLr;
  const lr = stored === 'team' || (typeof stored === 'number' && descentLrChoices(activation).includes(stored)) ? stored : base.descentLr;
  const confirm = DESCENT_CONFIRM_OPTIONS.find((c) => c === data.descentConfirm) ?? base.descentConfirm;
  const inputs = data.descentInputs === 1 || data.descentInputs === 2 ? data.descentInputs : base.descentInputs;
  return { descentActivation: activation, descentLr: lr, descentConfirm: confirm, descentInputs: inputs };
}

export function saveSetup(storage: Pick<Storage, 'setItem'> | null, state: SetupState): void {
  try {
    storage?.setItem(SETUP_STORAGE_KEY, JSON.stringify(state));
  } catch {
    // Only a convenience for the next lesson.
  }
}

/**
 * The config sent with `room:create`. `defaults` gives the app's name and the default team
 * names in the room language, for the fields left empty.
 */
export function toRoomConfig(state: SetupState, defaults: { title: string; teamName: (index: number) => string }): RoomConfigInput {
  const teamsOn = state.teamsOn || isTeamMode(state.mode);
  return {
    title: state.title.trim() || defaults.title,
    mode: state.mode,
    kinds: chosenKinds(state),
    difficulties: [...state.difficulties].sort(),
    questionCount: state.questionCount,
    timeLimitSec: state.timed ? state.timeLimitSec : null,
    speedBonus: state.speedBonus,
    streakBonus: state.streakBonus,
    allowAnswerChange: state.allowAnswerChange,
    leaderboardEvery: state.leaderboard === 'each' ? 1 : state.leaderboard === 'end' ? 0 : state.leaderboardEvery,
    teams: teamsOn ? roomTeams(state, defaults) : null,
    lang: state.lang,
    capacity: state.capacity,
    nicknames: state.nicknames,
    // A descent race scores correct steps and the final loss: no speed or streak bonus, one submission per team.
    ...(state.mode === 'descent'
      ? {
          speedBonus: false,
          streakBonus: false,
          allowAnswerChange: false,
          descent: {
            activation: state.descentActivation,
            lr: state.descentLr,
            confirm: state.descentConfirm,
            // Two inputs at Hard only (the server refuses them below); one input is the config's default, left out.
            ...(descentTwoInputs(state) ? { inputs: 2 as const } : {}),
          },
        }
      : state.mode === 'relay'
        ? // A relay scores links and the winning team; each team always gets its own network.
          { speedBonus: false, streakBonus: false, allowAnswerChange: false, ...(teamsOn ? { teams: { ...roomTeams(state, defaults), variants: true } } : {}) }
        : {}),
  };
}

/** Whether this set-up makes a two-input Descent Race: chosen, and the race is at Hard. */
export function descentTwoInputs(state: SetupState): boolean {
  return state.mode === 'descent' && state.descentInputs === 2 && ([...state.difficulties].sort()[0] ?? 1) === 3;
}

function roomTeams(state: SetupState, defaults: { teamName: (index: number) => string }) {
  const count = state.teamCount;
  return {
    count,
    assignment: state.assignment,
    names: state.teamNames.slice(0, count).map((name, i) => name.trim() || defaults.teamName(i)),
    colours: state.teamColours.slice(0, count),
    variants: state.variants,
  };
}

/** Modes whose generated settings a set can hold: a set is played as a quiz of its items. */
export function canSaveAsSet(state: SetupState): boolean {
  return ((state.mode === 'quiz' && state.kinds.length > 0) || (state.mode === 'chain-steps' && state.stepKinds.length > 0)) && state.difficulties.length > 0;
}

/**
 * "Save these settings as a set": one generated item per question the room would plan, in its
 * order (the chain-steps mode's questions are its step kinds' items). Items keep the room's time
 * limit (no `timeLimitSec` of their own) and count ×1.
 */
export function setFromSetup(state: SetupState, { title }: { title: string }): SetContent {
  const kinds = chosenKinds(state);
  const difficulties = [...state.difficulties].sort();
  const items: GeneratedItem[] = planKindsAndDifficulties(kinds, difficulties, state.questionCount).map(({ kind, difficulty }) => ({
    type: 'generated',
    kind,
    difficulty,
    points: 1,
  }));
  return { title, lang: state.lang, description: '', items };
}
