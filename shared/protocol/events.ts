/**
 * The Socket.IO events: every client event's payload schema by name, the acks, and the
 * frames the server sends (each replaces one named part of the viewer's snapshot).
 */
import { z } from 'zod';
import type { SessionEndReason } from './constants.ts';
import {
  DescentConfirmSchema,
  DescentLrSchema,
  DescentProposeSchema,
  type DescentConfirmPayload,
  type DescentConfirmResult,
  type DescentLrPayload,
  type DescentLrResult,
  type DescentProposePayload,
  type DescentProposeResult,
} from './descent.ts';
import type { AckError } from './errors.ts';
import {
  HomeworkAnswerSchema,
  HomeworkItemSchema,
  HomeworkOpenSchema,
  HomeworkResumeSchema,
  HomeworkSkipSchema,
  HomeworkStartSchema,
  type HomeworkAnswerPayload,
  type HomeworkAnswerResult,
  type HomeworkInfo,
  type HomeworkItemPayload,
  type HomeworkItemView,
  type HomeworkOpenPayload,
  type HomeworkProgress,
  type HomeworkResumePayload,
  type HomeworkSession,
  type HomeworkSkipPayload,
  type HomeworkStartPayload,
} from './homework.ts';
import { NextSchema, QuestionGuardSchema, SubmitAnswerSchema, type NextPayload, type QuestionGuardPayload, type SubmitAnswerPayload, type SubmitAnswerResult } from './questions.ts';
import { RelaySubmitSchema, type RelaySubmitPayload, type RelaySubmitResult } from './relay.ts';
import {
  AssignTeamSchema,
  ChooseTeamSchema,
  CreateRoomSchema,
  JoinRoomSchema,
  KickSchema,
  LockSchema,
  PeekRoomSchema,
  type AssignTeamPayload,
  type ChooseTeamPayload,
  type CreateRoomPayload,
  type CreateRoomResult,
  type JoinRoomPayload,
  type JoinRoomResult,
  type KickPayload,
  type LockPayload,
  type LockResult,
  type PeekRoomPayload,
  type PhaseView,
  type PlayerSelfView,
  type PresenceView,
  type RerollResult,
  type RoomInfo,
  type RoomPeek,
  type RoomSnapshot,
  type RosterDelta,
  type StandingsView,
  type StartResult,
  type AgainResult,
} from './room.ts';

// ─── Acknowledgements ─────────────────────────────────────────────────────────────

export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };
export type AckCallback<T> = (response: Ack<T>) => void;
export type Empty = Record<string, never>;

// ─── Client → server ──────────────────────────────────────────────────────────────

export const HelloSchema = z.object({ protocolVersion: z.number().int() });
export const EmptySchema = z.object({});
export type HelloPayload = z.input<typeof HelloSchema>;
export type EmptyPayload = z.input<typeof EmptySchema>;

/** The schema of every client event, by name: the server parses each payload with it. */
export const CLIENT_EVENT_SCHEMAS = {
  'session:hello': HelloSchema,
  'room:create': CreateRoomSchema,
  'room:join': JoinRoomSchema,
  'room:peek': PeekRoomSchema,
  'room:sync': EmptySchema,
  'room:leave': EmptySchema,
  'room:kick': KickSchema,
  'room:lock': LockSchema,
  'room:close': EmptySchema,
  'team:assign': AssignTeamSchema,
  'team:choose': ChooseTeamSchema,
  'name:reroll': EmptySchema,
  'game:start': EmptySchema,
  'game:pause': EmptySchema,
  'game:resume': EmptySchema,
  'game:next': NextSchema,
  'game:end': EmptySchema,
  'game:again': EmptySchema,
  'question:end': QuestionGuardSchema,
  'question:skip': QuestionGuardSchema,
  'answer:submit': SubmitAnswerSchema,
  'relay:submit': RelaySubmitSchema,
  'descent:propose': DescentProposeSchema,
  'descent:confirm': DescentConfirmSchema,
  'descent:lr': DescentLrSchema,
  // Homework (homework.ts): no seat needed, answered for any connection.
  'homework:open': HomeworkOpenSchema,
  'homework:start': HomeworkStartSchema,
  'homework:resume': HomeworkResumeSchema,
  'homework:item': HomeworkItemSchema,
  'homework:answer': HomeworkAnswerSchema,
  'homework:skip': HomeworkSkipSchema,
} as const;
export type ClientEventName = keyof typeof CLIENT_EVENT_SCHEMAS;
export const CLIENT_EVENT_NAMES = Object.keys(CLIENT_EVENT_SCHEMAS) as ClientEventName[];
/** Homework's requests: for any connection, seated or not (server/homework/). */
export type HomeworkEventName = Extract<ClientEventName, `homework:${string}`>;

export interface HelloResult {
  protocolVersion: number;
  serverNow: number;
}

export interface ClientToServerEvents {
  'session:hello': (payload: HelloPayload, ack: AckCallback<HelloResult>) => void;
  'room:create': (payload: CreateRoomPayload, ack: AckCallback<CreateRoomResult>) => void;
  'room:join': (payload: JoinRoomPayload, ack: AckCallback<JoinRoomResult>) => void;
  'room:peek': (payload: PeekRoomPayload, ack: AckCallback<RoomPeek>) => void;
  'room:sync': (payload: EmptyPayload, ack: AckCallback<RoomSnapshot>) => void;
  'room:leave': (payload: EmptyPayload, ack: AckCallback<Empty>) => void;
  'room:kick': (payload: KickPayload, ack: AckCallback<Empty>) => void;
  'room:lock': (payload: LockPayload, ack: AckCallback<LockResult>) => void;
  'room:close': (payload: EmptyPayload, ack: AckCallback<Empty>) => void;
  'team:assign': (payload: AssignTeamPayload, ack: AckCallback<Empty>) => void;
  'team:choose': (payload: ChooseTeamPayload, ack: AckCallback<Empty>) => void;
  'name:reroll': (payload: EmptyPayload, ack: AckCallback<RerollResult>) => void;
  'game:start': (payload: EmptyPayload, ack: AckCallback<StartResult>) => void;
  'game:pause': (payload: EmptyPayload, ack: AckCallback<Empty>) => void;
  'game:resume': (payload: EmptyPayload, ack: AckCallback<Empty>) => void;
  'game:next': (payload: NextPayload, ack: AckCallback<Empty>) => void;
  'game:end': (payload: EmptyPayload, ack: AckCallback<Empty>) => void;
  'game:again': (payload: EmptyPayload, ack: AckCallback<AgainResult>) => void;
  'question:end': (payload: QuestionGuardPayload, ack: AckCallback<Empty>) => void;
  'question:skip': (payload: QuestionGuardPayload, ack: AckCallback<Empty>) => void;
  'answer:submit': (payload: SubmitAnswerPayload, ack: AckCallback<SubmitAnswerResult>) => void;
  'relay:submit': (payload: RelaySubmitPayload, ack: AckCallback<RelaySubmitResult>) => void;
  'descent:propose': (payload: DescentProposePayload, ack: AckCallback<DescentProposeResult>) => void;
  'descent:confirm': (payload: DescentConfirmPayload, ack: AckCallback<DescentConfirmResult>) => void;
  'descent:lr': (payload: DescentLrPayload, ack: AckCallback<DescentLrResult>) => void;
  'homework:open': (payload: HomeworkOpenPayload, ack: AckCallback<HomeworkInfo>) => void;
  'homework:start': (payload: HomeworkStartPayload, ack: AckCallback<HomeworkSession>) => void;
  'homework:resume': (payload: HomeworkResumePayload, ack: AckCallback<HomeworkSession>) => void;
  'homework:item': (payload: HomeworkItemPayload, ack: AckCallback<HomeworkItemView>) => void;
  'homework:answer': (payload: HomeworkAnswerPayload, ack: AckCallback<HomeworkAnswerResult>) => void;
  'homework:skip': (payload: HomeworkSkipPayload, ack: AckCallback<HomeworkProgress>) => void;
}

// ─── Server → client ──────────────────────────────────────────────────────────────

export interface SessionEnded {
  reason: SessionEndReason;
}
export interface SessionError {
  /** The client event that could not be answered through an ack. */
  event: string;
  error: AckError;
}

/** Sent to every connection just before a graceful stop closes it. */
export interface ServerRestarting {
  /** A hint: wait about this long before reconnecting (Socket.IO's own backoff also works). */
  retryAfterMs: number;
}

export interface ServerToClientEvents {
  /** The whole view (after a reconnect with a token, or when the server resyncs a viewer). */
  'room:snapshot': (snapshot: RoomSnapshot) => void;
  /**
   * Replaces `snapshot.phase`. A reveal's frame to a player carries that player's own view (its
   * `result`) as a second argument: then replaces `snapshot.me` too, as `room:me` would.
   */
  'room:phase': (phase: PhaseView, me?: PlayerSelfView) => void;
  /** Replaces `snapshot.me` (players only). */
  'room:me': (me: PlayerSelfView) => void;
  /** Replaces `snapshot.presence`. */
  'room:presence': (presence: PresenceView) => void;
  /** Patches `snapshot.roster` (host only): upsert rows by playerId, then remove ids. */
  'room:roster': (delta: RosterDelta) => void;
  /** Replaces `snapshot.standings`. */
  'room:standings': (standings: StandingsView) => void;
  /** Replaces `snapshot.room`. */
  'room:info': (room: RoomInfo) => void;
  /** This connection no longer holds a seat; forget the token unless the reason is `replaced`. */
  'session:ended': (ended: SessionEnded) => void;
  /** A request could not be acknowledged (it came without an ack callback). */
  'session:error': (error: SessionError) => void;
  /**
   * The server is stopping (restart or update). The connection closes right after; keep the
   * token, show "server restarting", and let Socket.IO reconnect: the seat and the game resume.
   */
  'server:restarting': (notice: ServerRestarting) => void;
}

export type InterServerEvents = Record<string, never>;

// ─── Handshake ────────────────────────────────────────────────────────────────────

/** What a client puts in the Socket.IO `auth` option. */
export interface HandshakeAuth {
  /** A host or player token from `room:create` / `room:join`, to resume that seat. */
  token?: string;
}

export const ClientAuthSchema = z.object({ token: z.string().min(1).max(200).optional() });
