/**
 * Contests across rooms (docs/contests.md, docs/protocol.md "Contests"): one question set played by
 * several rooms, one board. An organizer (a teacher key) creates the contest; every room of it is
 * opened by a teacher with that room's key (`room:create` with `contest`), and plays the contest's
 * snapshot of the set with the contest's seeds, time limits and scoring.
 *
 * Every HTTP answer is an `ApiResponse<T>` (`{ ok: true, data }` or `{ ok: false, error }`);
 * organizer requests send the teacher key as `Authorization: Bearer <key>`.
 *
 *   POST /api/contests                      → 201 ContestResult          body: CreateContestPayload (organizer)
 *   GET  /api/contests                      → ContestListResult          the key's own contests
 *   GET  /api/contests/:code                → ContestResult              (organizer: room keys, rooms, pacing state)
 *   POST /api/contests/:code/control        → ContestResult              body: ContestControlPayload (organizer)
 *   GET  /api/contests/:code/board          → ContestBoard               (public: names and scores only)
 *   GET  /api/contests/:code/report         → ContestReport              (organizer) `?format=csv&part=<ContestCsvPart>`: CSV with BOM
 *   GET  /api/contest-rooms/:roomKey        → ContestRoomKeyResult       (public with the key: what it opens)
 */
import { z } from 'zod';
import type { MisconceptionKey } from '../engine/index.ts';
import { LIMITS } from './constants.ts';

export const CONTEST_LIMITS = {
  titleLength: 80,
  roomLabelLength: 40,
  /** Rooms one contest expects. */
  maxRooms: 40,
  /** Contests one teacher key may own (finished ones included until purged). */
  contestsPerKey: 200,
  /** Players shown on the public board (the report has everyone). */
  boardPlayers: 50,
} as const;

/** What a room key looks like: `rk_` + 24 random bytes in base64url (32 characters). */
export function looksLikeRoomKey(text: string): boolean {
  return /^rk_[A-Za-z0-9_-]{32}$/.test(text);
}
/** A contest code: 6 characters of the room-code alphabet, prefixed `C-` on screen only. */
export const CONTEST_CODE_PATTERN = /^[A-Z0-9]{6}$/;

/** `own-pace`: every teacher runs their room as today. `lockstep`: the organizer starts and advances every room together. */
export const CONTEST_PACINGS = ['own-pace', 'lockstep'] as const;
export type ContestPacing = (typeof CONTEST_PACINGS)[number];
/** `same`: every room the same numbers (same seeds). `per-room`: each room its own numbers of the same shape. */
export const CONTEST_PROBLEMS = ['same', 'per-room'] as const;
export type ContestProblems = (typeof CONTEST_PROBLEMS)[number];
export const CONTEST_RANKINGS = ['players', 'teams', 'both'] as const;
export type ContestRanking = (typeof CONTEST_RANKINGS)[number];

export const CreateContestSchema = z
  .object({
    title: z.string().trim().min(1).max(CONTEST_LIMITS.titleLength),
    /** A stored set of the organizer's, or a built-in one (`builtin:…`): its snapshot is taken now. */
    setId: z.string().min(1).max(64),
    rooms: z
      .array(z.object({ label: z.string().trim().min(1).max(CONTEST_LIMITS.roomLabelLength) }))
      .min(1)
      .max(CONTEST_LIMITS.maxRooms),
    ranking: z.enum(CONTEST_RANKINGS).default('both'),
    pacing: z.enum(CONTEST_PACINGS).default('own-pace'),
    problems: z.enum(CONTEST_PROBLEMS).default('same'),
    /** Teams in every room (needed for `teams` / `both` ranking); `null`: players only. */
    teams: z.object({ count: z.number().int().min(2).max(LIMITS.maxTeams) }).nullable().default(null),
    /** Seconds per item where the set's item has no limit of its own; `null`: untimed. */
    timeLimitSec: z.number().min(1).max(LIMITS.maxTimeLimitSec).nullable().default(60),
    speedBonus: z.boolean().default(true),
    streakBonus: z.boolean().default(false),
    lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
  })
  .refine((c) => c.ranking === 'players' || c.teams !== null, { message: 'team ranking needs teams (count 2 or more)', path: ['teams'] })
  .refine((c) => new Set(c.rooms.map((r) => r.label)).size === c.rooms.length, { message: 'every room needs its own label', path: ['rooms'] });
export type CreateContestPayload = z.input<typeof CreateContestSchema>;
export type ContestSettings = z.output<typeof CreateContestSchema>;

/**
 * Organizer actions. Lockstep: `start` opens question 1 in every room; `close` closes the open question
 * early in every room (an untimed item ends this way); `next` opens the next question (or the podium
 * after the last) once every room has closed the current one. Both pacings: `end` ends the contest
 * (every room still playing goes to its podium; the board shows everything from then on).
 */
export const ContestControlSchema = z.object({ action: z.enum(['start', 'close', 'next', 'end']) });
export type ContestControlPayload = z.input<typeof ContestControlSchema>;

/** `room:create`'s `contest` field: the room key the organizer handed out. */
export const ContestRoomRequestSchema = z.object({ roomKey: z.string().min(1).max(64) });

export const CONTEST_ERROR_CODES = {
  KEY_REQUIRED: 'key_required',
  UNKNOWN_KEY: 'unknown_key',
  /** 403: the contest belongs to another key. */
  NOT_OWNER: 'not_owner',
  /** 404 */
  CONTEST_NOT_FOUND: 'contest_not_found',
  /** 404 (`room:create`, `/api/contest-rooms/:key`): a room key this server never made. */
  UNKNOWN_ROOM_KEY: 'unknown_room_key',
  /** `room:create`: the key's room is open already (its code in the message); one live room per key. */
  CONTEST_ROOM_OPEN: 'contest_room_open',
  /** `room:create` / control: the contest has ended. */
  CONTEST_ENDED: 'contest_ended',
  /** 409 control: not possible in this state (e.g. `next` while a room is still answering). */
  CONTEST_WRONG_STATE: 'contest_wrong_state',
  /** A host's start / next / end / pause in a lockstep room: the organizer runs it. */
  CONTEST_LOCKSTEP: 'contest_lockstep',
  /** 400: the set cannot be played (not found, or refused; `issues` where). */
  SET_NOT_FOUND: 'set_not_found',
  TOO_MANY_CONTESTS: 'too_many_contests',
  RATE_LIMITED: 'rate_limited',
} as const;
export type ContestErrorCode = (typeof CONTEST_ERROR_CODES)[keyof typeof CONTEST_ERROR_CODES];
export interface ContestApiError {
  code: ContestErrorCode | 'invalid_payload' | 'not_found' | 'internal_error';
  message: string;
}
export type ContestApiResponse<T> = { ok: true; data: T } | { ok: false; error: ContestApiError };

/** Where the organizer's lockstep contest stands (own-pace contests: `lobby` until `end`, then `ended`). */
export type ContestStage =
  | { stage: 'lobby' }
  /** Question `index` (0-based) is open in every room until `deadline` (server epoch ms; `null`: untimed). */
  | { stage: 'question'; index: number; deadline: number | null }
  /** Every room closed question `index` and revealed it. */
  | { stage: 'reveal'; index: number }
  | { stage: 'ended'; endedAt: number };

/** One expected room as the organizer sees it. */
export interface ContestRoomSlot {
  slotId: string;
  label: string;
  /** Secret: the teacher opens the room with it; only the organizer sees it. */
  roomKey: string;
  /** `/host?contest=<roomKey>`: the link (and QR) to hand out. */
  hostPath: string;
  /** The live or last room of this slot. */
  room: { code: string; phase: string; players: number; questionIndex: number | null } | null;
}

export interface ContestView {
  code: string;
  title: string;
  settings: ContestSettings;
  set: { id: string; title: string; items: number };
  stage: ContestStage;
  /** `/contest/<code>`: the public board. */
  boardPath: string;
  createdAt: number;
}
export interface ContestOrganizerView extends ContestView {
  rooms: ContestRoomSlot[];
}
export interface ContestResult {
  contest: ContestOrganizerView;
}
export interface ContestListResult {
  contests: Array<Pick<ContestView, 'code' | 'title' | 'stage' | 'createdAt'> & { rooms: number; pacing: ContestPacing }>;
}
export interface ContestRoomKeyResult {
  contest: { code: string; title: string; pacing: ContestPacing; lang: 'zh-CN' | 'en'; items: number };
  slot: { slotId: string; label: string };
  /** The slot's live room, if one is open (a second one is refused). */
  openRoom: string | null;
}

/** The public board: names and scores only; a question's statistics once every room has closed it. */
export interface ContestBoard {
  code: string;
  title: string;
  pacing: ContestPacing;
  ranking: ContestRanking;
  stage: ContestStage;
  total: number;
  /** Every expected room, in the organizer's order. */
  rooms: ContestBoardRoom[];
  /** Top CONTEST_LIMITS.boardPlayers players over every room, ranked by score (ties share a rank). */
  players: ContestBoardPlayer[];
  totalPlayers: number;
  /** Teams over every room (`null` with players-only ranking), ranked by their rounded mean. */
  teams: ContestBoardTeam[] | null;
  /** Per question, once every room has closed it (in own pace: passed it); `null` before. */
  questions: (ContestBoardQuestion | null)[];
  /** At the end: the top three of each category shown. */
  podium: { players: ContestBoardPlayer[]; teams: ContestBoardTeam[] | null; rooms: ContestBoardRoom[] } | null;
  serverNow: number;
}
export interface ContestBoardRoom {
  slotId: string;
  label: string;
  /** `null`: not opened yet. */
  status: 'not-open' | 'lobby' | 'question' | 'held' | 'reveal' | 'leaderboard' | 'podium' | 'ended';
  /** The question it is on or last closed (0-based), `null` in the lobby. */
  questionIndex: number | null;
  players: number;
  /** Mean score per player (rounded half up), so a big class does not win by size. */
  meanScore: number;
  rank: number | null;
}
export interface ContestBoardPlayer {
  /** `<slotId>:<playerId>`. */
  id: string;
  name: string;
  roomLabel: string;
  teamName: string | null;
  score: number;
  correct: number;
  asked: number;
  rank: number;
}
export interface ContestBoardTeam {
  /** `<slotId>:<teamId>`. */
  id: string;
  name: string;
  colour: string;
  roomLabel: string;
  members: number;
  score: number;
  rank: number;
}
export interface ContestBoardQuestion {
  index: number;
  answered: number;
  correct: number;
  /** Share of answers correct per room, by slot id. */
  correctByRoom: Record<string, number>;
  /** The commonest named mistakes across rooms. */
  mistakes: Array<{ key: MisconceptionKey; count: number }>;
}

export const CONTEST_CSV_PARTS = ['players', 'teams', 'rooms', 'questions', 'mistakes'] as const;
export type ContestCsvPart = (typeof CONTEST_CSV_PARTS)[number];

/** The organizer's report: everything the board shows, everyone, and the room reports it was combined from. */
export interface ContestReport {
  contest: ContestView;
  rooms: Array<ContestBoardRoom & { roomCode: string | null }>;
  players: ContestBoardPlayer[];
  teams: ContestBoardTeam[] | null;
  questions: ContestBoardQuestion[];
  mistakes: Array<{ key: MisconceptionKey; count: number; rooms: Record<string, number> }>;
}
