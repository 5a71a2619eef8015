/** The room: its configuration, seats and teams, the lobby and standings, and the snapshot a viewer gets. */
import { z } from 'zod';
import { LANGS, PROBLEM_KINDS, type Difficulty, type Lang, type ProblemKind } from '../engine/index.ts';
import { type EndedReason, LIMITS, NICKNAME_SOURCES, type NicknameSource, ROOM_MODES, TEAM_ASSIGNMENTS, isTeamMode, type RoomMode, type TeamAssignment } from './constants.ts';
import { type SetSnapshot, type SetSnapshotInput, SetSnapshotSchema } from '../question-sets/schema.ts';
import { validateSet } from '../question-sets/validate.ts';
import { DescentConfigSchema, type DescentView } from './descent.ts';
import type { CurrentAnswer, PlayerResult, QuestionView, RevealView } from './questions.ts';
import { difficulty, id } from './schema-parts.ts';
import { type ContestPacing, ContestRoomRequestSchema } from './contests.ts';

export const TeamsConfigSchema = z.object({
  count: z.number().int().min(2).max(LIMITS.maxTeams),
  assignment: z.enum(TEAM_ASSIGNMENTS).default('auto'),
  /** Optional names, in team order; missing ones get a default in the room language. */
  names: z.array(z.string().trim().min(1).max(LIMITS.teamNameLength)).max(LIMITS.maxTeams).optional(),
  /** Optional `#rrggbb` colours, in team order. */
  colours: z
    .array(z.string().regex(/^#[0-9a-fA-F]{6}$/))
    .max(LIMITS.maxTeams)
    .optional(),
  /** Each team gets its own numbers (same kind and difficulty). */
  variants: z.boolean().default(false),
});

export const RoomConfigSchema = z.object({
  title: z.string().trim().min(1).max(LIMITS.titleLength).default('Backprop Arena'),
  /**
   * `relay`: one relay problem per round (`questionCount` rounds, `difficulties` = network depth 1–3; `kinds`: `chain-steps` and/or
   *   `branch-steps`, rounds on a chain or on a network that branches, cycling; a chain when neither); needs `teams`.
   * `descent`: one hidden task per room, `questionCount` iterations, difficulty `difficulties[0]`; needs `teams`.
   */
  mode: z.enum(ROOM_MODES).default('quiz'),
  /** Problem kinds, asked in this order, cycling (quiz mode; chain-steps mode and relay ask the step kinds among them, `chain-steps` when none). */
  kinds: z.array(z.enum(PROBLEM_KINDS)).min(1).max(PROBLEM_KINDS.length).default(['forward', 'local-derivative', 'chain-gradient', 'update']),
  /** Difficulty mix: the questions ramp through these values in order (e.g. [1, 2, 3] over 9 questions gives 1,1,1,2,2,2,3,3,3). */
  difficulties: z.array(difficulty).min(1).max(LIMITS.maxQuestions).default([1]),
  questionCount: z.number().int().min(1).max(LIMITS.maxQuestions).default(10),
  /** Seconds per question; `null` means untimed (the host ends each question). */
  timeLimitSec: z.number().min(1).max(LIMITS.maxTimeLimitSec).nullable().default(60),
  speedBonus: z.boolean().default(true),
  streakBonus: z.boolean().default(false),
  /** When true the last answer before the close counts; otherwise the first. */
  allowAnswerChange: z.boolean().default(false),
  /** `null`: everyone plays for themselves. */
  teams: TeamsConfigSchema.nullable().default(null),
  lang: z.enum(LANGS).default('zh-CN'),
  capacity: z.number().int().min(LIMITS.minCapacity).max(LIMITS.maxCapacity).default(LIMITS.defaultCapacity),
  /** Descent Race options (mode `descent` only; defaults apply when absent). */
  descent: DescentConfigSchema.optional(),
  /**
   * The leaderboard comes after every `leaderboardEvery`-th question's reveal (1: after each; 0: only after the
   * last); in between, the reveal leads straight to the next question. Absent in older rooms: 1.
   */
  leaderboardEvery: z.number().int().min(0).max(LIMITS.maxQuestions).default(1),
  /** `generated`: the room names every player (adjective + animal); absent or `own`: players type their names. */
  nicknames: z.enum(NICKNAME_SOURCES).optional(),
  /**
   * A question set to play (quiz mode only): its items in order, each with its own time limit and points;
   * `questionCount` becomes the number of items, `kinds` and `difficulties` are ignored. Kept as sent (a
   * snapshot), so a later edit of the stored set never reaches the room.
   */
  set: z
    .custom<SetSnapshotInput>()
    .optional()
    .transform((input, ctx): SetSnapshot | undefined => {
      if (input === undefined) return undefined;
      // The whole check (zod and the engine's): every issue names its item (1-based) and field, as the
      // library and the editor word them; the room would otherwise fail to make that item's problem.
      const checked = validateSet(input);
      const id = SetSnapshotSchema.shape.id.safeParse((input as { id?: unknown } | null)?.id);
      if (checked.ok && id.success) return { ...checked.set, id: id.data };
      for (const issue of checked.ok ? [] : checked.issues) {
        const where = issue.item === null ? issue.field : `item ${issue.item}, ${issue.field}`;
        ctx.addIssue({ code: 'custom', message: where === '' ? issue.message : `${where}: ${issue.message}` });
      }
      if (!id.success) ctx.addIssue({ code: 'custom', message: 'id: a stored set id (1 to 64 characters) or null' });
      return z.NEVER;
    }),
})
  .refine((config) => config.teams !== null || !isTeamMode(config.mode), {
    message: 'this mode is played by teams: set teams (count 2 or more)',
    path: ['teams'],
  })
  .refine((config) => config.set === undefined || config.mode === 'quiz', {
    message: "a question set is played in mode 'quiz' only",
    path: ['set'],
  })
  // The two-input neuron is the Hard task's option: below it, a room would silently play something else.
  .refine((config) => config.mode !== 'descent' || config.descent?.inputs !== 2 || config.difficulties[0] === 3, {
    message: 'a two-input neuron (descent.inputs 2) is played at difficulty 3: set difficulties [3]',
    path: ['descent', 'inputs'],
  });
export type RoomConfigInput = z.input<typeof RoomConfigSchema>;
export type RoomConfig = z.output<typeof RoomConfigSchema>;
export type TeamsConfig = z.output<typeof TeamsConfigSchema>;

export const CreateRoomSchema = z
  .object({
    config: RoomConfigSchema.prefault({}),
    /**
     * A stored or built-in set to play, by id, instead of `config.set`: the server takes the snapshot (a set
     * of long texts would not fit in one message). A stored set needs its owner's `teacherKey`.
     */
    setId: z.string().min(1).max(64).optional(),
    teacherKey: z.string().min(1).max(128).optional(),
    /**
     * A room of a contest (docs/contests.md): the organizer's room key. The server builds the config from the
     * contest (its set, seeds, time limits, scoring, teams, and its title as the room's); of `config` only
     * `capacity` is kept.
     */
    contest: ContestRoomRequestSchema.optional(),
  })
  .refine((payload) => payload.contest === undefined || (payload.setId === undefined && payload.config.set === undefined), {
    message: 'a contest room plays the contest\'s set',
    path: ['contest'],
  })
  .refine((payload) => payload.setId === undefined || payload.config.set === undefined, {
    message: 'send a set by id or as config.set, not both',
    path: ['setId'],
  });
export const JoinRoomSchema = z.object({
  code: z.string().min(1).max(32),
  /** Needed where players type their names; ignored (and may be left out) where the room generates them. */
  nickname: z.string().max(LIMITS.nicknameRawLength).default(''),
  teamId: id.nullable().optional(),
  /** The phone's language: a generated name is made in it (default: the room's language). */
  lang: z.enum(LANGS).optional(),
});
/** What a phone may know of a room before joining it. */
export const PeekRoomSchema = z.object({ code: z.string().min(1).max(32) });
export const KickSchema = z.object({ playerId: id });
export const LockSchema = z.object({ locked: z.boolean() });
export const AssignTeamSchema = z.object({ playerId: id, teamId: id });
export const ChooseTeamSchema = z.object({ teamId: id });

export type CreateRoomPayload = z.input<typeof CreateRoomSchema>;
export type JoinRoomPayload = z.input<typeof JoinRoomSchema>;
export type PeekRoomPayload = z.input<typeof PeekRoomSchema>;
export type KickPayload = z.input<typeof KickSchema>;
export type LockPayload = z.input<typeof LockSchema>;
export type AssignTeamPayload = z.input<typeof AssignTeamSchema>;
export type ChooseTeamPayload = z.input<typeof ChooseTeamSchema>;

export interface TeamInfo {
  id: string;
  name: string;
  colour: string;
}

/** What the room is: its settings (nothing secret) and teams. */
export interface RoomInfo {
  code: string;
  title: string;
  mode: RoomMode;
  lang: Lang;
  locked: boolean;
  capacity: number;
  questionCount: number;
  kinds: ProblemKind[];
  difficulties: Difficulty[];
  /** `null`: untimed. */
  timeLimitMs: number | null;
  speedBonus: boolean;
  streakBonus: boolean;
  allowAnswerChange: boolean;
  /** The leaderboard after every n-th question's reveal (1: each; 0: only after the last); see `leaderboardAfter`. */
  leaderboardEvery: number;
  /** `null` when everyone plays alone. */
  teams: TeamInfo[] | null;
  teamAssignment: TeamAssignment | null;
  variants: boolean;
  /** Where players' names come from. */
  nicknames: NicknameSource;
  /** Which game of the room this is: 1, then 2, 3… after each "Play again" (`game:again`). */
  game: number;
  /** The room's finished games before this one, oldest first; each report downloads with `?game=N`. */
  pastGames: PastGameInfo[];
  /** The question set the room plays (its stored id, `null` for settings never saved); `null`: none. Nothing of its items. */
  set: { id: string | null; title: string } | null;
  /** A room of a contest: the contest's name and this room's label (absent otherwise). */
  contest?: RoomContestInfo;
}

/** A game the room finished before "Play again": enough to tell the games apart in a list. */
export interface PastGameInfo {
  game: number;
  /** When its first question opened (server epoch ms); `null`: it ended before any question. */
  startedAt: number | null;
  /** When "Play again" closed it. */
  endedAt: number;
  /** Players in its report (those who left during it included). */
  players: number;
  /** Questions scored in it. */
  scoredQuestions: number;
}

/** `room:peek`: what the join screen needs before a player has a seat. */
export interface RoomPeek {
  code: string;
  title: string;
  lang: Lang;
  /** `generated`: the join screen asks for no name. */
  nicknames: NicknameSource;
}
/** `name:reroll`: the player's new generated name. */
export interface RerollResult {
  name: string;
}

export interface TeamPresence {
  teamId: string;
  members: number;
  connected: number;
}

/** Head counts, sent to everyone (coalesced under load). */
export interface PresenceView {
  players: number;
  connected: number;
  hostConnected: boolean;
  /** Players who have completed their answer to the current question; `null` outside a question. */
  answered: number | null;
  teams: TeamPresence[] | null;
}

export interface RoomContestInfo {
  code: string;
  title: string;
  /** This room's label in the contest (e.g. "Class 8-1"). */
  label: string;
  pacing: ContestPacing;
}

/** One row of the host's player list. */
export interface RosterEntry {
  playerId: string;
  name: string;
  teamId: string | null;
  connected: boolean;
  score: number;
  correct: number;
  asked: number;
  /** Steps answered in the current question (0 or 1 for a one-step question). */
  stepsAnswered: number;
  /** Whether the answer to the current question is complete. */
  answered: boolean;
}

export interface RosterDelta {
  upsert: RosterEntry[];
  remove: string[];
}

export interface PlayerSelfView {
  playerId: string;
  name: string;
  teamId: string | null;
  score: number;
  correct: number;
  asked: number;
  streak: number;
  rank: number | null;
  previousRank: number | null;
  /** Re-rolls of the generated name left (in the lobby of a room that generates names; 0 elsewhere). */
  nameRerolls: number;
  /** The answer to the open question, if any. */
  answer: CurrentAnswer | null;
  /** The result of the question being revealed or just revealed (reveal and leaderboard phases). */
  result: PlayerResult | null;
}

export interface LobbyView {
  phase: 'lobby';
  /** Descent Race rooms: the task and each team's η (to choose it before the start). */
  descent?: DescentView;
}
export interface LeaderboardView {
  phase: 'leaderboard';
  /** The question just played (0-based). */
  index: number;
  total: number;
  isLast: boolean;
}
export interface PodiumView {
  phase: 'podium';
  endedEarly: boolean;
  /** Descent Race: final curves, ranking and the hidden parameters. */
  descent?: DescentView;
}
export interface EndedView {
  phase: 'ended';
  reason: EndedReason;
}
export type PhaseView = LobbyView | QuestionView | RevealView | LeaderboardView | PodiumView | EndedView;

export interface StandingEntry {
  playerId: string;
  name: string;
  teamId: string | null;
  score: number;
  rank: number;
  /** Rank before the last scored question (`null`: not ranked then). */
  previousRank: number | null;
  correct: number;
  asked: number;
}
export interface TeamStanding {
  teamId: string;
  name: string;
  colour: string;
  /** Mean of the members' scores, rounded to one decimal. */
  score: number;
  rank: number;
  previousRank: number | null;
  members: number;
}
/** The leaderboard: top players and all teams. */
export interface StandingsView {
  /** Questions scored so far. */
  scoredQuestions: number;
  final: boolean;
  players: StandingEntry[];
  teams: TeamStanding[] | null;
  totalPlayers: number;
}

interface SnapshotBase {
  protocolVersion: number;
  /** Server epoch ms when the snapshot was built (for display only: use `remainingMs` for timing). */
  serverNow: number;
  room: RoomInfo;
  phase: PhaseView;
  presence: PresenceView;
  /** Present in the leaderboard, podium and ended phases. */
  standings: StandingsView | null;
}
export interface HostSnapshot extends SnapshotBase {
  role: 'host';
  roster: RosterEntry[];
}
export interface PlayerSnapshot extends SnapshotBase {
  role: 'player';
  me: PlayerSelfView;
}
/** Everything one viewer may see, sent on (re)connect, join, create and `room:sync`. */
export type RoomSnapshot = HostSnapshot | PlayerSnapshot;

export interface CreateRoomResult {
  code: string;
  joinUrl: string;
  /** Secret: keep it (e.g. localStorage) and send it in the Socket.IO `auth` to reconnect as host. */
  hostToken: string;
  snapshot: HostSnapshot;
}
export interface JoinRoomResult {
  playerId: string;
  /** Secret: keep it and send it in the Socket.IO `auth` to come back as the same player. */
  token: string;
  snapshot: PlayerSnapshot;
}
export interface LockResult {
  locked: boolean;
}
export interface StartResult {
  questionId: string;
}
/** `game:again`: the number of the game now in the lobby (the room's first game is 1). */
export interface AgainResult {
  game: number;
}

export type Seat = { role: 'host' } | { role: 'player'; playerId: string };

export interface SocketData {
  /** The room this connection holds a seat in, if any. */
  code: string | null;
  seat: Seat | null;
}
