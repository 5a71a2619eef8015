/**
 * Where contests are kept: SQLite in the embedded mode (sqlite-contest-store.ts, in the rooms' file),
 * Redis in cluster mode (redis-contest-store.ts). Methods are async so Redis fits; every write is one
 * transaction (SQLite) or one script (Redis), so two nodes acting at once cannot both win:
 *
 * - a slot has at most one live room (`claimSlot` refuses a second);
 * - the stage moves by compare-and-set on `stageVersion` (two hubs deciding a release: one wins);
 * - a room summary replaces the stored one only when its `seq` is higher (an older write never
 *   overwrites a newer one) and it is of the slot's current room.
 *
 * Who may do what is the router's (contest-router.ts); what a stage change means is the hub's.
 */
import type { MisconceptionKey } from '../../shared/engine/index.ts';
import type { ContestBoardRoom, ContestSettings, ContestStage } from '../../shared/protocol/contests.ts';
import type { SetSnapshot } from '../../shared/question-sets/index.ts';

/** One expected room. */
export interface ContestSlot {
  /** `s1`, `s2`, … in the organizer's order. */
  slotId: string;
  label: string;
  /** `rk_…`: kept readable, as the organizer hands it out again. */
  roomKey: string;
}

export interface ContestRecord {
  /** 6 characters of the room-code alphabet. */
  code: string;
  /** SHA-256 of the organizer's teacher key. */
  ownerHash: string;
  settings: ContestSettings;
  /** The set as it was when the contest was made: a later edit never reaches the contest. */
  set: SetSnapshot;
  /** Every room's problems derive from it (contest-rooms.ts). Secret. */
  seed: number;
  slots: ContestSlot[];
  stage: ContestStage;
  /** One more at every stage change: the base of `setStage`'s compare-and-set. */
  stageVersion: number;
  createdAt: number;
  updatedAt: number;
}

/** What a room key opens. */
export interface RoomKeyTarget {
  contestCode: string;
  slotId: string;
}

/** A slot's room: the live one, or the last one once it ended. */
export interface SlotRoom {
  slotId: string;
  roomCode: string;
  openedAt: number;
  /** `null` while live; set once the room ended or was gone (then the slot may be opened again). */
  endedAt: number | null;
}

export type ClaimOutcome = { ok: true } | { ok: false; reason: 'open'; roomCode: string } | { ok: false; reason: 'missing' };

export interface SummaryPlayer {
  /** The room's player id. */
  id: string;
  name: string;
  teamId: string | null;
  score: number;
  correct: number;
  /** Questions scored while the player was in the room. */
  asked: number;
}

export interface SummaryTeam {
  id: string;
  name: string;
  colour: string;
  members: number;
  /** The team's score as the room ranks it (its rounded mean). */
  score: number;
}

/** A question the room has closed (scored): counts only, never an answer. */
export interface SummaryQuestion {
  index: number;
  answered: number;
  correct: number;
  mistakes: Partial<Record<MisconceptionKey, number>>;
  /** Each mistake's message in the contest's language (the report's CSV); absent: the keys alone. */
  mistakeTexts?: Partial<Record<MisconceptionKey, string>>;
}

/** What the node running a room writes about it (contest-hub.ts), read by the board and the hub. */
export interface RoomSummary {
  slotId: string;
  roomCode: string;
  /** Higher replaces lower; a write with a seq not above the stored one is dropped. */
  seq: number;
  updatedAt: number;
  status: Exclude<ContestBoardRoom['status'], 'not-open'>;
  /** The question it is on or last closed (0-based), `null` before the first. */
  questionIndex: number | null;
  /** Lockstep: the question the room holds (closed here, waiting for the others), else `null`. */
  heldIndex: number | null;
  /** Questions closed (scored) so far: every index below it has been revealed in this room. */
  closedCount: number;
  players: SummaryPlayer[];
  teams: SummaryTeam[] | null;
  questions: SummaryQuestion[];
}

export interface ContestStore {
  /** Adds a contest (and its room keys) unless its owner has `maxPerOwner` already, or its code is taken. */
  create(record: ContestRecord, maxPerOwner: number): Promise<{ ok: true } | { ok: false; reason: 'too_many' | 'code_taken' }>;
  get(code: string): Promise<ContestRecord | null>;
  /** The owner's contests (any order). */
  listByOwner(ownerHash: string): Promise<ContestRecord[]>;
  byRoomKey(roomKey: string): Promise<RoomKeyTarget | null>;

  /** Moves the stage if it is still at `expectedVersion`; the new record, or null (missing or moved since). */
  setStage(code: string, expectedVersion: number, stage: ContestStage, now: number): Promise<ContestRecord | null>;

  /** The slot's room becomes `roomCode`, unless a live room holds it. A new room's summary starts empty. */
  claimSlot(code: string, slotId: string, roomCode: string, now: number): Promise<ClaimOutcome>;
  /** The slot's room `roomCode` is over (ended, closed or gone): the slot may be opened again. No-op otherwise. */
  endSlotRoom(code: string, slotId: string, roomCode: string, now: number): Promise<void>;
  /** Every slot's room, live or last (slots never opened are absent). */
  slotRooms(code: string): Promise<SlotRoom[]>;

  /** Stores the summary if it is of the slot's current room and newer than the stored one; true when it did. */
  writeSummary(code: string, summary: RoomSummary): Promise<boolean>;
  /** The current room's summary of every slot that has one. */
  summaries(code: string): Promise<RoomSummary[]>;

  /** Removes contests ended before `before` (their keys, rooms and summaries too). Returns how many. */
  purgeEndedBefore(before: number): Promise<number>;
  close(): void;
}
