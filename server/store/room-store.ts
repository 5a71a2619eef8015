/**
 * Rooms on disk: turns a room's state into checkpoints and log rows of the SQLite store,
 * and back. A checkpoint is the state without its questions plus the questions that
 * changed since the previous checkpoint (a transition that changes a question, in place
 * or not, gives it a new object, so a question object that is still the one last written
 * has not changed). Loading replays the
 * events logged after the checkpoint through the pure transition function.
 */
import { questionsOfThisGame } from '../room/play-again.ts';
import type { Logger } from 'pino';
import {
  type LoggedEvent,
  type QuestionState,
  ROOM_STATE_VERSION,
  type RoomState,
  transition,
  withEveryoneAway,
} from '../room/room-state.ts';
import { upgradeEvent } from './journal-events.ts';
import type { RoomJournal } from '../room/room.ts';
import type { RoomCheckpoint, RoomSummaryRow, SavedRoomInfo, SqliteStore, StoredRoom } from './sqlite-store.ts';

type StoredRoomState = StoredRoom<RoomState, QuestionState, LoggedEvent>;

export interface RecoveredRoom {
  state: RoomState;
  journal: RoomJournal;
  /** Events replayed from the log (0 when the room stopped at a checkpoint). */
  replayed: number;
}

function infoOf(state: RoomState): SavedRoomInfo {
  return {
    hostTokenHash: state.host.tokenHash,
    title: state.config.title,
    phase: state.phase.phase,
    players: Object.keys(state.players).length,
    finished: state.phase.phase === 'ended',
  };
}

/** A checkpoint of `state` that rewrites only the questions that are not the objects in `written`. */
function checkpointOf(state: RoomState, written: readonly (QuestionState | undefined)[]): RoomCheckpoint {
  const questions = state.questions.flatMap((question, index) => (written[index] === question ? [] : [{ index, data: question }]));
  return { state: { ...state, questions: [] }, questions, info: infoOf(state) };
}

export class RoomStore {
  constructor(
    readonly sqlite: SqliteStore,
    private readonly logger: Logger,
  ) {}

  /**
   * A new room's journal; `saved` are the question objects already on disk. Its writes are committed
   * together with the rest of the turn's (SqliteStore.later): the room acknowledges once they are.
   */
  journalFor(code: string, saved: readonly QuestionState[] = []): RoomJournal {
    const sqlite = this.sqlite;
    const written: (QuestionState | undefined)[] = saved.slice();
    return {
      append(entry: LoggedEvent): Promise<void> {
        return sqlite.later({ code, event: entry, appliedAt: entry.now });
      },
      checkpoint(state: RoomState, now: number): Promise<void> {
        const checkpoint = checkpointOf(state, written);
        const done = sqlite.later({ code, checkpoint, now });
        for (const { index, data } of checkpoint.questions) written[index] = data as QuestionState;
        return done;
      },
    };
  }

  /**
   * A room this process ran, as its store holds it, to run again after its writes failed: what was
   * acknowledged is there, what was not is gone (its requests were refused). Null when not found.
   */
  resume(code: string): RecoveredRoom | null {
    const stored = this.sqlite.loadRoom<RoomState, QuestionState, LoggedEvent>(code);
    if (!stored) return null;
    const { state, questions, replayed } = this.rebuild(stored);
    return { state, journal: this.journalFor(code, questions), replayed };
  }

  /**
   * Every unfinished room as the next server resumes it: checkpoint plus replayed log,
   * with everyone away (no connection survives a restart), saved again as a checkpoint.
   */
  recoverUnfinished(now: number): RecoveredRoom[] {
    const recovered: RecoveredRoom[] = [];
    for (const stored of this.sqlite.loadUnfinished<RoomState, QuestionState, LoggedEvent>()) {
      try {
        const { state, questions, replayed } = this.rebuild(stored);
        const away = withEveryoneAway(state);
        this.sqlite.saveRoom(stored.code, checkpointOf(away, questions), now);
        if (away.phase.phase === 'ended') continue;
        const journal = this.journalFor(stored.code, away.questions);
        recovered.push({ state: away, journal, replayed });
      } catch (err) {
        // One unreadable room must not keep the others (or the server) down.
        this.logger.error({ err, room: stored.code }, 'could not recover a room');
      }
    }
    return recovered;
  }

  /** A room's latest state from disk (a finished room's report), or null. */
  load(code: string): RoomState | null {
    const stored = this.sqlite.loadRoom<RoomState, QuestionState, LoggedEvent>(code);
    return stored ? this.rebuild(stored).state : null;
  }

  hostTokenHashOf(code: string): string | null {
    return this.sqlite.hostTokenHashOf(code);
  }

  hasRoom(code: string): boolean {
    return this.sqlite.hasRoom(code);
  }

  roomsForHosts(hostTokenHashes: readonly string[]): RoomSummaryRow[] {
    return this.sqlite.roomsForHosts(hostTokenHashes);
  }

  /** Delete rooms that finished before `before`; returns how many. */
  purgeFinishedBefore(before: number): number {
    return this.sqlite.purgeFinishedBefore(before);
  }

  close(): void {
    this.sqlite.close();
  }

  private rebuild(stored: StoredRoomState): { state: RoomState; questions: QuestionState[]; replayed: number } {
    if (stored.state.version !== ROOM_STATE_VERSION) {
      throw new Error(`room state version ${String(stored.state.version)} is not ${ROOM_STATE_VERSION}`);
    }
    const questions = questionsOfThisGame(stored.state, stored.questions);
    let state: RoomState = { ...stored.state, questions };
    let replayed = 0;
    for (const entry of stored.events) {
      const result = transition(state, entry.actor, upgradeEvent(entry.event), entry.now);
      if (!result.ok) {
        // It was accepted once; refusing it now means the rules changed between two versions.
        this.logger.warn({ room: stored.code, event: entry.event.type, code: result.error.code }, 'a logged event no longer applies; skipped');
        continue;
      }
      state = result.state;
      replayed++;
    }
    return { state, questions, replayed };
  }
}
