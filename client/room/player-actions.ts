/** What a phone asks of the server: plain functions beside the store, each returning the ack as a result. */
import type { CurrentAnswer, JoinRoomResult, SubmitAnswerResult } from '../../shared/protocol/index.ts';
import type { Result, RoomStore } from './room-connection.ts';

export async function joinRoom(store: RoomStore, nickname: string, teamId: string | null = null): Promise<Result<JoinRoomResult>> {
  const result = await store.request('room:join', { code: store.code, nickname, ...(teamId ? { teamId } : {}) });
  if (result.ok) store.seat(result.data.token, result.data.snapshot);
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
  /** Steps in the question (1 for a one-step question). */
  stepCount: number;
}

/** The own answer as the server now holds it, after an acknowledged submission. */
export function withSubmitted(previous: CurrentAnswer | null, target: AnswerTarget, answer: string, ack: SubmitAnswerResult): CurrentAnswer {
  const steps: (string | null)[] =
    previous && previous.questionId === target.questionId ? [...previous.steps] : Array.from({ length: target.stepCount }, () => null);
  steps[target.step ?? 0] = answer;
  return { questionId: target.questionId, steps, complete: ack.nextStep === null };
}

export async function submitAnswer(store: RoomStore, target: AnswerTarget, answer: string): Promise<Result<SubmitAnswerResult>> {
  const result = await store.request('answer:submit', {
    questionId: target.questionId,
    answer,
    ...(target.step === null ? {} : { step: target.step }),
  });
  if (result.ok) {
    store.updateMe((me) => ({ ...me, answer: withSubmitted(me.answer, target, answer, result.data) }));
  } else if (result.error.code === 'already_answered' || result.error.code === 'invalid_step') {
    // This device's idea of the answer is behind the server's (another tab, a lost ack): fetch it.
    void store.resync();
  }
  return result;
}
