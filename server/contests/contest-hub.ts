/**
 * The contest hub (one per process, docs/contests.md "How the rooms are kept together"): about twice a
 * second, for every contest room this process runs,
 *
 * 1. its summary is written to the store when it changed (the board reads those);
 * 2. a lockstep room is made to follow the contest's stage, level-triggered — it compares where the
 *    room is with where the stage says it should be and sends what is missing, so a node that takes a
 *    room over after a crash just catches up:
 *    - stage `question i` (deadline d): a room not yet on i opens it (`contest:open {i, d}`); once d
 *      has passed (or the organizer closed it: d became then) a room still answering holds it
 *      (`contest:close`). When every slot with a live room holds i or has closed it, the stage moves to
 *      `reveal i` (compare-and-set: of two hubs deciding at once, one wins);
 *    - stage `reveal i`: a room holding i (or an earlier one) releases it (`contest:release`), so the
 *      reveals go out only once every room has closed the question;
 *    - stage `ended`: every room goes to its podium (`contest:end`), a question every room held first
 *      released — one some room never closed is void everywhere;
 * 3. a room that ended (closed, or idle too long) gives its slot back.
 *
 * Only rooms this process runs are touched: in a cluster every node's hub looks after its own.
 */
import type { Logger } from 'pino';
import type { ContestStage } from '../../shared/protocol/contests.ts';
import type { Clock } from '../room/clock.ts';
import type { ContestEvent } from '../room/room-state.ts';
import type { RoomState } from '../room/state.ts';
import type { ContestRecord, ContestStore, RoomSummary } from './contest-store.ts';
import { type SummaryBody, summaryOf } from './room-summary.ts';

export interface HubRoom {
  code: string;
  /** Read at each use (a getter over Room.current): it moves as the hub sends events. */
  readonly state: Readonly<RoomState>;
}

export interface ContestHubDeps {
  store: ContestStore;
  /** The contest rooms this process runs now (state read, never sent). */
  rooms: () => Iterable<HubRoom>;
  /** A contest event to a room this process runs (journalled as every event). */
  system: (code: string, event: ContestEvent) => Promise<unknown>;
  /**
   * Whether a room runs anywhere (this process or, in a cluster, another node). A slot whose room is gone
   * without the hub seeing it end (its process died after it ended) is given back instead of holding the
   * contest up for ever.
   */
  exists?: (code: string) => Promise<boolean>;
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
}

export const HUB_INTERVAL_MS = 500;

interface Written {
  seq: number;
  body: string;
}

export class ContestHub {
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  /** Per room code: the last summary this hub wrote. */
  private readonly written = new Map<string, Written>();
  /** Rooms whose end was given back to the store. */
  private readonly ended = new Set<string>();

  constructor(private readonly deps: ContestHubDeps) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poke(), this.deps.intervalMs ?? HUB_INTERVAL_MS);
    this.timer.unref?.();
  }

  /** Stops the timer and waits for a turn under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.again = false;
    await this.running;
  }

  /** One turn now (or right after the one under way): after an organizer's action, and in tests. */
  poke(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.turn();
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async turn(): Promise<void> {
    const byContest = new Map<string, HubRoom[]>();
    const seen = new Set<string>();
    for (const room of this.deps.rooms()) {
      const code = room.state.contest?.code;
      if (!code) continue;
      seen.add(room.code);
      const list = byContest.get(code);
      if (list) list.push(room);
      else byContest.set(code, [room]);
    }
    // Rooms gone from this process (disposed, or run by another node now) are forgotten.
    for (const code of this.written.keys()) if (!seen.has(code)) this.written.delete(code);
    for (const code of this.ended) if (!seen.has(code)) this.ended.delete(code);
    for (const [code, rooms] of byContest) {
      try {
        await this.contest(code, rooms);
      } catch (err) {
        this.deps.logger.error({ err, contest: code }, 'contest hub turn failed');
      }
    }
  }

  private async contest(code: string, rooms: HubRoom[]): Promise<void> {
    const { store, clock } = this.deps;
    let record = await store.get(code);
    if (!record) return;
    const stored = await store.summaries(code);
    const summaries = new Map(stored.map((s) => [s.slotId, s]));
    for (const room of rooms) {
      const summary = await this.writeSummary(record, room, summaries.get(room.state.contest!.slotId));
      if (summary) summaries.set(summary.slotId, summary);
      if (room.state.phase.phase === 'ended' && !this.ended.has(room.code)) {
        await store.endSlotRoom(code, room.state.contest!.slotId, room.code, clock.now());
        this.ended.add(room.code);
      }
    }
    if (record.settings.pacing === 'lockstep') {
      record = await this.advance(record, summaries);
      await this.follow(record, rooms, summaries);
    } else if (record.stage.stage === 'ended') {
      for (const room of rooms) if (!finished(room.state)) await this.send(room.code, { type: 'contest:end' });
    }
    // What the events just sent changed reaches the board now, not at the next turn.
    for (const room of rooms) await this.writeSummary(record, room, summaries.get(room.state.contest!.slotId));
  }

  /** Writes the room's summary if it changed; the summary as it now stands in the store. */
  private async writeSummary(record: ContestRecord, room: HubRoom, stored: RoomSummary | undefined): Promise<RoomSummary | null> {
    const body: SummaryBody | null = summaryOf(room.state);
    if (!body) return null;
    const text = JSON.stringify(body);
    const last = this.written.get(room.code);
    if (last && last.body === text) return stored?.roomCode === room.code ? stored : null;
    // A newer node or process than the one that last wrote it carries on from the stored sequence.
    const base = Math.max(last?.seq ?? 0, stored?.roomCode === room.code ? stored.seq : 0);
    const summary: RoomSummary = { ...body, seq: base + 1, updatedAt: this.deps.clock.now() };
    if (await this.deps.store.writeSummary(record.code, summary)) {
      this.written.set(room.code, { seq: summary.seq, body: text });
      return summary;
    }
    return null;
  }

  /** Stage `question i`: moves it to `reveal i` once every slot with a live room holds or has closed i. */
  private async advance(record: ContestRecord, summaries: Map<string, RoomSummary>): Promise<ContestRecord> {
    const stage = record.stage;
    if (stage.stage !== 'question') return record;
    const live = (await this.deps.store.slotRooms(record.code)).filter((r) => r.endedAt === null);
    const now = this.deps.clock.now();
    const waiting = live.filter((slot) => {
      const summary = summaries.get(slot.slotId);
      // A room that has not written its first summary yet may be answering: it holds the release back.
      if (!summary || summary.roomCode !== slot.roomCode) return true;
      return !(summary.heldIndex === stage.index || summary.closedCount > stage.index || summary.status === 'podium' || summary.status === 'ended');
    });
    let gone = 0;
    for (const slot of waiting) {
      if (this.deps.exists && !(await this.deps.exists(slot.roomCode))) {
        await this.deps.store.endSlotRoom(record.code, slot.slotId, slot.roomCode, now);
        gone++;
      }
    }
    const ready = waiting.length === gone && (live.length > gone || (stage.deadline !== null && now >= stage.deadline));
    if (!ready) return record;
    const next: ContestStage = { stage: 'reveal', index: stage.index };
    const moved = await this.deps.store.setStage(record.code, record.stageVersion, next, now);
    if (moved) this.deps.logger.info({ contest: record.code, index: stage.index }, 'contest question released in every room');
    return moved ?? (await this.deps.store.get(record.code)) ?? record;
  }

  /** Sends each room of this process what it lacks to stand where the stage says (a few steps at most). */
  private async follow(record: ContestRecord, rooms: HubRoom[], summaries: Map<string, RoomSummary>): Promise<void> {
    for (const room of rooms) {
      for (let step = 0; step < 4; step++) {
        const event = nextEvent(record, room.state, this.deps.clock.now(), summaries);
        if (!event) break;
        const before = room.state;
        await this.send(room.code, event);
        // Refused or no change: the next turn looks again.
        if (room.state === before) break;
      }
    }
  }

  private async send(code: string, event: ContestEvent): Promise<void> {
    const ack = (await this.deps.system(code, event)) as { ok?: boolean; error?: unknown } | undefined;
    if (ack && ack.ok === false) this.deps.logger.warn({ room: code, event: event.type, error: ack.error }, 'a contest room refused its contest');
  }
}

/**
 * What a lockstep room lacks to stand where the contest's stage says, or `null`: the rule of the hub,
 * from the stage and the room's state alone (level-triggered).
 */
export function nextEvent(record: ContestRecord, state: Readonly<RoomState>, now: number, summaries: ReadonlyMap<string, RoomSummary>): ContestEvent | null {
  if (finished(state)) return null;
  const stage = record.stage;
  const phase = state.phase;
  const held = phase.phase === 'question' && phase.held ? phase.index : null;
  switch (stage.stage) {
    case 'lobby':
      return null;
    case 'question': {
      // Held from before the stage moved on: it was released everywhere, so here too.
      if (held !== null && held < stage.index) return { type: 'contest:release', index: held };
      if (!onOrPast(state, stage.index)) {
        // On an earlier question and still answering: its own deadline holds it first.
        if (phase.phase === 'question') return null;
        return { type: 'contest:open', index: stage.index, deadline: stage.deadline };
      }
      // The deadline passed (or the organizer closed it: it became then) and the room still answers.
      const late = stage.deadline !== null && now >= stage.deadline;
      if (phase.phase === 'question' && phase.index === stage.index && !phase.held && late) return { type: 'contest:close', index: stage.index };
      return null;
    }
    case 'reveal':
      return held !== null && held <= stage.index ? { type: 'contest:release', index: held } : null;
    case 'ended':
      // Scored only where every room of the contest closed it, so no room scores a question another voided.
      if (held !== null && everyRoomClosed(record, summaries, held)) return { type: 'contest:release', index: held };
      return { type: 'contest:end' };
  }
}

function finished(state: Readonly<RoomState>): boolean {
  return state.phase.phase === 'podium' || state.phase.phase === 'ended';
}

/** The room is on question `index` or has closed it, or gone past it. */
function onOrPast(state: Readonly<RoomState>, index: number): boolean {
  const phase = state.phase;
  if (phase.phase === 'lobby') return false;
  if (phase.phase === 'question' || phase.phase === 'reveal' || phase.phase === 'leaderboard') return phase.index >= index;
  return true;
}

/** Every slot that has a room holds question `index` or scored it. */
function everyRoomClosed(record: ContestRecord, summaries: ReadonlyMap<string, RoomSummary>, index: number): boolean {
  return record.slots.every((slot) => {
    const summary = summaries.get(slot.slotId);
    return !summary || summary.heldIndex === index || summary.questions.some((q) => q.index === index);
  });
}
