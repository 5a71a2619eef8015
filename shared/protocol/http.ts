/** The HTTP API (reports and room lists; docs/protocol.md, "HTTP API"). */
import { z } from 'zod';
import type { Difficulty, Lang, MisconceptionKey, QuestionKind, PublicDescentTask, PublicProblem, Text, VerdictStatus } from '../engine/index.ts';
import type { CloseReason, DescentConfirmRule, Phase, ResultStatus, RoomMode } from './constants.ts';
import type { DescentParamsView, DescentRankEntry, DescentVerdictView } from './descent.ts';
import type { Ack } from './events.ts';
import type { ItemType, PointMultiplier } from '../question-sets/schema.ts';
import type { AnswerKey, DistributionEntry } from './questions.ts';
import type { TeamInfo } from './room.ts';

/** Every HTTP API answer: the same shape as an ack. */
export type ApiResponse<T> = Ack<T>;

/** A room as the host's list shows it. */
export interface RoomSummary {
  code: string;
  title: string;
  phase: Phase;
  /** Running on this server now (reports show the game so far). */
  live: boolean;
  players: number;
  createdAt: number;
  /** When the room ended; `null` while it runs. */
  finishedAt: number | null;
  /** Paths of the downloads (send the host token in `Authorization: Bearer …`). */
  reports: { json: string; players: string; questions: string; teams: string };
}
export interface RoomListResult {
  rooms: RoomSummary[];
}

/** One network address of the server: `url` is on the protocol and port the asking page used. */
export interface JoinAddress {
  url: string;
  address: string;
  interface: string;
}
/**
 * `GET /api/join-addresses`: where phones can reach the server. The lobby offers these when its own page is
 * on a loopback address (localhost) and no public URL is set; `addresses` holds those the server answers on
 * (empty when the machine has none, or the server listens on a loopback address only).
 */
export interface JoinAddressesResult {
  publicUrl: string | null;
  /** The server listens on a loopback address only (HOST=127.0.0.1): no address reaches it from a phone. */
  localOnly: boolean;
  addresses: JoinAddress[];
}
/** `POST /api/rooms/lookup`: the host tokens a device keeps (at most 50). */
export const RoomLookupSchema = z.object({ hostTokens: z.array(z.string().min(1).max(200)).min(1).max(50) });
export type RoomLookupPayload = z.input<typeof RoomLookupSchema>;

/** One player's answer to one question, as the report shows it. */
export interface ReportAnswer {
  questionId: string;
  /** What the player typed (steps joined with " ; "); `null`: no answer. */
  answer: string | null;
  /** Per step, as typed (one entry for a one-step question). */
  steps: (string | null)[];
  /** `null`: the question was void, or the player was not in the room when it closed. */
  status: ResultStatus | null;
  /** The mistakes the engine named, one per step at most. */
  diagnoses: MisconceptionKey[];
  /** From the question's opening to the counted answer, paused time excluded on timed questions. */
  seconds: number | null;
  points: number | null;
}
export interface PlayerReport {
  playerId: string;
  name: string;
  teamId: string | null;
  team: string | null;
  /** `null` for a player who is no longer in the room. */
  rank: number | null;
  /** Why the player is no longer in the room; `null` while in it. */
  departed: 'left' | 'kicked' | null;
  score: number;
  correct: number;
  asked: number;
  /** correct / asked, 0..1; `null` before any scored question. */
  accuracy: number | null;
  answers: ReportAnswer[];
}
export interface ReportMisconception {
  key: MisconceptionKey;
  message: Text;
  /** The message in the room's language. */
  text: string;
  count: number;
}
/** Where a question of a set comes from: the item's type and its place in the set (1-based). */
export interface QuestionOrigin {
  type: ItemType;
  item: number;
}
export interface QuestionReport {
  questionId: string;
  index: number;
  /** The set's item this question played; `null` in a room that plays no set. */
  origin: QuestionOrigin | null;
  /** The points multiplier it was played with (a set's item: ×0, ×1, ×2; 1 otherwise). */
  points: PointMultiplier;
  kind: QuestionKind;
  difficulty: Difficulty;
  /** Skipped or cut short: nobody scored it. */
  void: boolean;
  closedBy: CloseReason | null;
  problem: PublicProblem;
  /** The public problem as plain text in the room's language (`$…$` segments are LaTeX). */
  problemText: string;
  /** `null` for a void question (never revealed). With per-team variants: the base problem's. */
  answer: AnswerKey | null;
  /** Per-team variants: each team's answer key (`null` without variants or for a void question). */
  variantAnswers: { teamId: string; answer: AnswerKey }[] | null;
  /** Players scored on this question. */
  players: number;
  answered: number;
  correct: number;
  /** correct / players, 0..1; `null` for a void question or nobody scored. */
  accuracy: number | null;
  byStatus: Record<ResultStatus, number>;
  /** Every distinct answer (3 significant figures, or the choice id), most frequent first. */
  distribution: DistributionEntry[];
  misconceptions: ReportMisconception[];
  /** Relay rooms: every team's chain, link by link, and its result in the round (`null` for a void round; absent in other modes). */
  relay?: RelayTeamReport[] | null;
  /** Descent Race rooms: every team's step (`null` for a void iteration; absent in other modes). `problem` is then a placeholder. */
  descent?: DescentIterationReport[] | null;
}

/** One link of a team's relay chain, as its holder sent it. */
export interface RelayLinkReport {
  index: number;
  /** What the link sends on (`dL/dz1`, `w1'`) and its LaTeX. */
  asks: string;
  symbol: string;
  /** The gradient it received and the local derivative it multiplies by (`null` for the first link; `lr` for the update). */
  upstream: string | null;
  local: string | null;
  holderId: string;
  /** `null` once the holder has left the room. */
  holder: string | null;
  /** The upstream value the holder received (`null` for the first link, or a link never sent). */
  received: number | null;
  /**
   * Where the branches of a network meet, a link receives from two links: each one's index, the gradient it
   * sends and the local derivative it is multiplied by, and (once sent) every value received in that order.
   * On a chain: the one link before (none for the first link).
   */
  from: { link: number; upstream: string; local: string }[];
  receivedAll: number[] | null;
  /** As typed; `null`: not sent before the round closed. */
  answer: string | null;
  value: number | null;
  status: Exclude<VerdictStatus, 'invalid'> | 'none';
  /** Right for the value received (error carried forward); `null` when not sent. */
  consistent: boolean | null;
  diagnosis: MisconceptionKey | null;
  /** Seconds from the round's start to the sending. */
  seconds: number | null;
  /** The right value for the team's own numbers, and as the solution writes it. */
  correctValue: number;
  correctDisplay: string;
}
/** A team's chain in one relay round and how the round went for it. */
export interface RelayTeamReport {
  teamId: string;
  team: string;
  /** Fastest fully correct chain first, then by credit (as on the reveal). */
  rank: number;
  winner: boolean;
  fullyCorrect: boolean;
  /** Mean link credit, 0..1. */
  credit: number;
  /** From the round's start to the last link; `null`: the chain was not completed. */
  durationSeconds: number | null;
  /** The first link wrong for what it received: where the error entered the chain. */
  errorEntry: number | null;
  links: RelayLinkReport[];
}

export interface ReportPerson {
  playerId: string;
  /** `null` once the player has left the room. */
  name: string | null;
}
/** One team's step in one Descent Race iteration. */
export interface DescentIterationReport {
  /** 0-based, counting the iterations played (a skipped one is not counted). */
  iteration: number;
  teamId: string;
  team: string;
  /** Parameters, loss and η when the iteration opened (`w2` with two inputs, as everywhere below). */
  params: DescentParamsView;
  loss: number;
  lr: number;
  /** As typed; `null`: the team settled on nothing and its parameters stayed. */
  submitted: { w: string; w2?: string; b: string | null } | null;
  proposedBy: ReportPerson | null;
  /** `null` also for a captain's own proposal (the captain rule needs no confirmation). */
  confirmedBy: ReportPerson | null;
  verdicts: { w: DescentVerdictView; w2?: DescentVerdictView; b: DescentVerdictView | null } | null;
  /** The mistakes named, in the room's language. */
  diagnosisText: string | null;
  correct: boolean;
  /** What the team continues from (what it submitted, right or wrong), and the loss there. */
  next: DescentParamsView;
  nextLoss: number;
  /** Nothing submitted, but proposals were waiting for a confirmation at the close: how many, and the latest. */
  waiting: { count: number; latest: { w: string; w2?: string; b: string | null; proposedBy: ReportPerson | null } } | null;
}
export interface DescentTeamReport {
  teamId: string;
  team: string;
  lr: number;
  /** By lowest final loss among the teams with members; `null` before the last iteration closed, or without members. */
  rank: number | null;
  params: DescentParamsView;
  finalLoss: number;
  correctSteps: number;
  /** Loss at the start of each iteration, then the current loss. */
  curve: number[];
}
/** A Descent Race room: the task, every team's run, the ranking and, from the podium on, w* and b*. */
export interface DescentReport {
  task: PublicDescentTask;
  lrMode: 'team' | number;
  confirm: DescentConfirmRule;
  iterations: number;
  teams: DescentTeamReport[];
  /** From the last iteration's reveal on (lowest final loss first); `null` before. */
  ranking: DescentRankEntry[] | null;
  /** The parameters that made the data: from the podium on, as on the projector. */
  hidden: DescentParamsView | null;
}
export interface TeamReport {
  teamId: string;
  name: string;
  colour: string;
  rank: number;
  score: number;
  members: { playerId: string; name: string; score: number }[];
}
/** `GET /api/rooms/:code/report.json`: everything the CSV downloads hold. */
export interface RoomReport {
  room: {
    code: string;
    title: string;
    mode: RoomMode;
    lang: Lang;
    phase: Phase;
    live: boolean;
    createdAt: number;
    finishedAt: number | null;
    questionCount: number;
    scoredQuestions: number;
    timeLimitMs: number | null;
    teams: TeamInfo[] | null;
    /** The question set the room played (its stored id, `null` for settings never saved); `null`: no set. */
    set: { id: string | null; title: string } | null;
  };
  generatedAt: number;
  /** Closed questions only: the open one is left out until its reveal. */
  questions: QuestionReport[];
  /** By rank, then the players who left or were removed. */
  players: PlayerReport[];
  teams: TeamReport[] | null;
  /** Descent Race rooms: the task, the teams' runs, the ranking and the hidden parameters (absent in other modes). */
  descent?: DescentReport;
}
