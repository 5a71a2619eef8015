/**
 * What a game mode gives the room machine. The machine (server/room/room-state.ts) owns the
 * lobby, joins, teams, seats, phases, the clock, pausing, the leaderboard and the podium; it
 * asks the room's mode (through the registry, by `config.mode`) what a question means: how
 * one opens, which requests a player may send during it and what each does, when it is done
 * early, what everyone scored when it closes, and how each viewer, the report and the CSVs
 * show the mode's part. Everything here is a pure function of its arguments.
 */
import type { MisconceptionKey, Problem, Text } from '../../shared/engine/index.ts';
import type {
  DistributionEntry,
  LobbyView,
  PlayerResult,
  PodiumView,
  QuestionReport,
  QuestionView,
  ReportAnswer,
  RoomConfig,
  RoomReport,
  RosterEntry,
  TeamInfo,
} from '../../shared/protocol/index.ts';
import type { Cell } from '../report/csv.ts';
import type {
  Changed,
  Effect,
  PlayerState,
  QuestionPhase,
  QuestionState,
  Refusal,
  RoomState,
  TransitionResult,
  Writer,
} from '../room/state.ts';
import type { ModeEvent, ModeQuestionParts, ModeReplies, ModeRoomParts } from './registry.ts';

/** Viewers that see the same phase view: the host, or the players of one team (or all players without variants). */
export type PhaseAudience = { role: 'host' } | { role: 'player'; teamId: string | null };

/** A request of a player during an open question, after the shared checks (phase, pause, seat, question id, deadline). */
export interface RoundContext {
  state: RoomState;
  player: PlayerState;
  question: QuestionState;
  phase: QuestionPhase;
  now: number;
  write: Writer;
  /** What an accepted request changed, with the question closed when the mode says it is done. */
  settle(changed: Changed): Changed;
}

/** A request of a player in the lobby, after the shared checks (phase, seat). */
export interface LobbyContext {
  state: RoomState;
  player: PlayerState;
  now: number;
  write: Writer;
}

type EventOf<T extends ModeEvent['type']> = Extract<ModeEvent, { type: T }>;

/**
 * One request a mode accepts from players: when it may be sent, the verb its refusals use,
 * and what it does. A round request's `check` runs before the deadline is checked, `run` after
 * (so a request that could never be taken says why, even when it comes too late).
 */
export type ModeAction<T extends ModeEvent['type']> =
  | {
      when: 'round';
      verb: string;
      check?(ctx: RoundContext, event: EventOf<T>): Refusal | null;
      run(ctx: RoundContext, event: EventOf<T>): TransitionResult<ModeReplies[T]>;
    }
  | { when: 'lobby'; verb: string; run(ctx: LobbyContext, event: EventOf<T>): TransitionResult<ModeReplies[T]> };

/** What opening question `index` makes: the problem everyone sees, per-team variants, and the mode's part of the round. */
export interface Opening {
  problem: Problem;
  variants: Record<string, Problem> | null;
  part: ModeQuestionParts;
}

/** What closing a question gives: each player's result and the mode's room-wide part after it. */
export interface Closing {
  outcome(player: PlayerState): PlayerResult;
  room: ModeRoomParts;
}

/** The fields of the question and reveal views every mode fills the same way (view.ts). */
type SharedRoundFields = 'phase' | 'questionId' | 'index' | 'total' | 'problem' | 'stepCount' | 'timeLimitMs' | 'points' | 'remainingMs' | 'paused' | 'variants';
/** The mode's part of a question or reveal view: the views' other fields (a mode's own, present or `null` as the wire says). */
export type RoundViewPart = Omit<QuestionView, SharedRoundFields>;

/** The fields of a question report the room fills for every mode (room-report.ts). */
type SharedReportFields =
  | 'questionId' | 'index' | 'origin' | 'points' | 'kind' | 'difficulty' | 'void' | 'closedBy' | 'problem' | 'problemText' | 'answer' | 'variantAnswers'
  | 'players' | 'answered' | 'correct' | 'accuracy' | 'byStatus' | 'distribution' | 'misconceptions';

/** The mode's part of a question report (the shared counts are the room's). */
export interface QuestionReportPart {
  problemText: string;
  /** `false`: the question's problem is a placeholder, there is no one answer to show. */
  hasAnswer: boolean;
  /** Every mistake made, once per occurrence, as the mode counts them (per player, per link, per team step). */
  mistakes: { key: MisconceptionKey; message: Text }[];
  /** Answers given, grouped (empty where answers are not comparable across players). */
  distribution: DistributionEntry[];
  /** The report's fields for a mode's own rows (e.g. a relay's chains). */
  rows: Partial<Omit<QuestionReport, SharedReportFields>>;
}

export interface GameModeModule<Events extends ModeEvent['type'] = ModeEvent['type']> {
  /** What a player's messages call one question of this mode: question, round, iteration. */
  noun: string;
  /** Why this mode's requests are refused in a room of another mode. */
  elsewhere: string;
  /** Why another mode's request is refused here, where there is a better pointer than its `elsewhere`. */
  instead?: Partial<Record<ModeEvent['type'], string>>;

  /** The config as this mode plays it (e.g. which kinds it asks). */
  configure(config: RoomConfig): RoomConfig;
  /** The mode's room-wide part at creation, from the config and the room seed. */
  setup(config: RoomConfig, seed: number, teams: readonly TeamInfo[]): ModeRoomParts;
  open(state: RoomState, index: number, now: number): Opening;
  /** The players' requests, by room event type. */
  actions: { [T in Events]: ModeAction<T> };
  /** Current players counted as having answered the open question. */
  answered(state: RoomState, question: QuestionState): number;
  /** Whether the open question may close before its deadline. */
  done(state: RoomState, question: QuestionState): boolean;
  close(state: RoomState, question: QuestionState): Closing;
  /** A player leaves during a question: the mode's part may change (e.g. a relay hands their links on). */
  leave?(state: RoomState, question: QuestionState, player: PlayerState): { question: QuestionState; effects: Effect[] } | null;

  /** How far a player is in the open question (the host's roster). */
  progress(state: RoomState, question: QuestionState, player: PlayerState): Pick<RosterEntry, 'stepsAnswered' | 'answered'>;
  /** Whether every team's phones see their own phase views even without variants. */
  teamViews: boolean;
  /**
   * Where the phones show head counts (`room:presence`): in the lobby only, or in every phase (a
   * team's member count on a round's screen). Players get presence frames only where they show them:
   * a frame to every phone of a large room costs more than the answers it interrupts.
   */
  playerPresence: 'lobby' | 'always';
  views: {
    lobby?(state: RoomState, audience: PhaseAudience): Omit<LobbyView, 'phase'>;
    round(state: RoomState, question: QuestionState, audience: PhaseAudience, reveal: boolean): RoundViewPart;
    podium?(state: RoomState, audience: PhaseAudience): Omit<PodiumView, 'phase' | 'endedEarly'>;
  };

  report: {
    answer(state: RoomState, question: QuestionState, player: { id: string; teamId: string | null }): ReportAnswer;
    question(state: RoomState, question: QuestionState): QuestionReportPart;
    /** The report's room-wide fields of the mode (e.g. a descent's task and ranking). */
    room?(state: RoomState): Partial<Omit<RoomReport, 'room' | 'generatedAt' | 'questions' | 'players' | 'teams'>>;
    /** The questions CSV, header row first: one row per question, or per team and round in a team mode. */
    questionsCsv(report: RoomReport): Cell[][];
    /** Extra columns of the teams CSV. */
    teamColumns?: {
      header(report: RoomReport): Cell[];
      row(report: RoomReport, teamId: string): Cell[];
    };
  };
}

/** A mode as the registry holds it: any mode's requests, each one the mode may or may not take. */
export type RegisteredMode = Omit<GameModeModule, 'actions'> & { actions: Partial<{ [T in ModeEvent['type']]: ModeAction<T> }> };
