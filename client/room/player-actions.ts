/** What a phone asks of the server: plain functions beside the store, each returning the ack as a result. */
import type { Lang } from '../../shared/engine/index.ts';
import type { JoinRoomResult, RerollResult, RoomPeek, SubmitAnswerResult } from '../../shared/protocol/index.ts';
import { type Result, type RoomStore, sendWhenConnected } from './room-connection.ts';

/** `lang`, the language on the phone's screen, is the language of a name the room generates. */
export async function joinRoom(store: RoomStore, nickname: string, options: { lang?: Lang; teamId?: string | null } = {}): Promise<Result<JoinRoomResult>> {
  const { lang, teamId } = options;
  const result = await store.request('room:join', { code: store.code, nickname, ...(lang ? { lang } : {}), ...(teamId ? { teamId } : {}) });
  if (result.ok) store.seat(result.data.token, result.data.snapshot);
  return result;
}

/** Before joining: whether the room asks for a name or gives one. */
export function peekRoom(store: RoomStore): Promise<Result<RoomPeek>> {
  return store.request('room:peek', { code: store.code });
}

/** The one re-roll of a generated name, in the lobby; the server confirms with a new `room:me`. */
export async function rerollName(store: RoomStore): Promise<Result<RerollResult>> {
  const result = await store.request('name:reroll', {});
  if (result.ok) store.updateMe((me) => ({ ...me, name: result.data.name, nameRerolls: Math.max(0, me.nameRerolls - 1) }));
  return result;
}

/** Self-chosen teams, in the lobby; the server confirms with a new `room:me`. */
export function chooseTeam(store: RoomStore, teamId: string): Promise<Result<Record<string, never>>> {
  return store.request('team:choose', { teamId });
}

export interface AnswerTarget {
  questionId: string;
  /** The step of a chain-steps question; `null` for a one-step question. */
  step: number | null;
}

export interface SubmitOptions {
  /** Told when the phone is offline and the answer waits for the connection. */
  onQueued?: () => void;
  /** The answer as the phone shows it, for "your answer … was not sent". */
  shown?: string;
}

/**
 * Sends an answer, or queues it while the phone is offline and sends it when the connection is
 * back: safe to repeat, since the server refuses a second answer (`already_answered`) or, where
 * answers may change, stores the same one again. A queued answer the question no longer takes
 * is kept in `store.notSent`, so the phone can say it was not sent.
 */
export async function submitAnswer(store: RoomStore, target: AnswerTarget, answer: string, options: SubmitOptions = {}): Promise<Result<SubmitAnswerResult>> {
  const result = await sendWhenConnected(
    store,
    'answer:submit',
    { questionId: target.questionId, answer, ...(target.step === null ? {} : { step: target.step }) },
    { questionId: target.questionId, shown: options.shown ?? answer, ...(options.onQueued ? { onQueued: options.onQueued } : {}) },
  );
  if (result.ok) {
    // The ack carries the answer as the server stored it; a reveal that arrived first (the answer closed the question) keeps its own view.
    const stored = result.data.answer;
    store.updateMe((me) => (me.result?.questionId === stored.questionId ? me : { ...me, answer: stored }));
  } else if (result.error.code === 'already_answered' || result.error.code === 'invalid_step') {
    // This device's idea of the answer is behind the server's (another tab, a lost ack): fetch it.
    void store.resync();
  }
  return result;
}
