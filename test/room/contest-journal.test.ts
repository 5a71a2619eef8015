/**
 * A contest room is journalled like any room: after every accepted event of a lockstep game
 * (the contest's events included, a hold by the timer and by the last answer) the state loaded
 * from the SQLite file (checkpoint plus replayed log) deep-equals the live state; a repeated
 * contest request writes nothing; after a restart the room resumes with its contest and its
 * held question, and the contest releases it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RoomConfigSchema } from '../../shared/protocol/index.ts';
import { type RegistryOptions, RoomRegistry } from '../../server/room/room-registry.ts';
import type { RoomContest } from '../../server/room/room-state.ts';
import { RoomStore } from '../../server/store/room-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { rightAnswer } from './helpers.ts';
import { FakeClock, FakeTransport, checkpointTaken, silentLogger } from './support.ts';

const CONTEST: RoomContest = { code: 'K7Q2ZX', slotId: 's2', label: '8-2 班', title: '区决赛', pacing: 'lockstep' };
const CONFIG = RoomConfigSchema.parse({ kinds: ['chain-gradient', 'update', 'forward'], questionCount: 3, timeLimitSec: 30, teams: { count: 2, assignment: 'auto' } });

let dir: string;
let sqlite: SqliteStore;
let store: RoomStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-contest-journal-'));
  sqlite = new SqliteStore({ dataDir: dir });
  store = new RoomStore(sqlite, silentLogger);
});
afterEach(() => {
  sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function loggedRows(): number {
  const db = new Database(sqlite.file, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM room_events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function registryOn(clock: FakeClock, transport = new FakeTransport()): RoomRegistry {
  const options: RegistryOptions = {
    clock,
    logger: silentLogger,
    transportFor: () => transport,
    // Never used: a contest room takes its contest's seed.
    seedSource: () => 1,
    maxRooms: 10,
    idleTtlMs: 3 * 3600_000,
    endedLingerMs: 60_000,
    presenceIntervalMs: 0,
    store,
  };
  return new RoomRegistry(options);
}

describe('a lockstep contest room on disk', () => {
  it('rebuilds the exact state after every event, and a repeated contest request writes nothing', async () => {
    const clock = new FakeClock();
    const registry = registryOn(clock);
    const created = registry.create(CONFIG, { seed: 4242, contest: CONTEST });
    if ('error' in created) throw new Error(created.error.code);
    const { room } = created;
    expect(room.current.seed).toBe(4242);
    expect(room.current.contest).toEqual(CONTEST);
    let checks = 0;
    const same = () => {
      expect(store.load(room.code)).toEqual(room.current);
      checks++;
    };
    same();
    room.attachHost('host');
    const ids: Record<string, string> = {};
    for (const name of ['Ada', 'Bo', 'Cy']) {
      const ack = room.join(name, name, null);
      if (!ack.ok) throw new Error(ack.error.code);
      ids[name] = ack.data.playerId;
      same();
    }
    const answer = (name: string) => {
      const q = room.current.questions[room.current.questions.length - 1]!;
      const problem = q.variants?.[room.current.players[ids[name]!]!.teamId!] ?? q.problem;
      const result = room.request(name, { type: 'answer:submit', questionId: q.id, answer: rightAnswer(problem), step: null });
      same();
      return result;
    };
    const system = (event: Parameters<typeof room.system>[0]) => {
      const ack = room.system(event);
      same();
      return ack;
    };

    // Refused by the host: nothing logged.
    expect(room.request('host', { type: 'game:start' })).toMatchObject({ ok: false, error: { code: 'contest_lockstep' } });
    const rowsBefore = loggedRows();
    expect(system({ type: 'contest:open', index: 0, deadline: clock.now() + 20_000 })).toEqual({ ok: true, data: {} });
    expect(room.current.phase).toMatchObject({ phase: 'question', index: 0 });
    await checkpointTaken(room);
    expect(loggedRows()).toBe(0); // the phase change folded the log into a checkpoint
    expect(rowsBefore).toBeGreaterThan(0);
    // A repeated open is accepted and writes nothing.
    expect(system({ type: 'contest:open', index: 0, deadline: clock.now() + 99_000 })).toEqual({ ok: true, data: {} });
    expect(loggedRows()).toBe(0);

    clock.advance(3000);
    expect(answer('Ada').ok).toBe(true);
    // The timer holds it at the deadline (a logged tick, no phase change).
    clock.advance(17_000);
    same();
    expect(room.current.phase).toMatchObject({ phase: 'question', held: true, heldBy: 'deadline' });
    expect(loggedRows()).toBe(2);
    expect(answer('Bo')).toMatchObject({ ok: false, error: { code: 'round_closed' } });
    expect(room.hasTimers).toBe(true);
    clock.advance(5000);
    expect(system({ type: 'contest:release', index: 0 }).ok).toBe(true);
    expect(room.current.questions[0]).toMatchObject({ closedBy: 'deadline' });
    expect(room.current.players[ids['Ada']!]!.score).toBeGreaterThan(0);

    // Question 2 holds on the last answer; the organizer's close of it changes nothing more.
    expect(system({ type: 'contest:open', index: 1, deadline: clock.now() + 30_000 }).ok).toBe(true);
    for (const name of ['Ada', 'Bo', 'Cy']) {
      clock.advance(1000);
      expect(answer(name).ok).toBe(true);
    }
    expect(room.current.phase).toMatchObject({ phase: 'question', index: 1, held: true, heldBy: 'all-answered' });
    const rows = loggedRows();
    expect(system({ type: 'contest:close', index: 1 }).ok).toBe(true);
    expect(loggedRows()).toBe(rows);
    expect(system({ type: 'contest:release', index: 1 }).ok).toBe(true);
    expect(room.current.questions[1]).toMatchObject({ closedBy: 'all-answered' });

    // Question 3 is closed by the organizer, then the contest ends after it.
    expect(system({ type: 'contest:open', index: 2, deadline: null }).ok).toBe(true);
    clock.advance(1000);
    expect(answer('Cy').ok).toBe(true);
    expect(system({ type: 'contest:close', index: 2 }).ok).toBe(true);
    expect(room.current.phase).toMatchObject({ held: true, heldBy: 'host' });
    expect(system({ type: 'contest:release', index: 2 }).ok).toBe(true);
    expect(system({ type: 'contest:end' }).ok).toBe(true);
    expect(room.current.phase).toEqual({ phase: 'podium', endedEarly: false });
    expect(checks).toBeGreaterThan(20);
    registry.disposeAll();
  });

  it('keeps the contest\'s title and the room\'s label as cleaned display text', () => {
    const registry = registryOn(new FakeClock());
    const created = registry.create(CONFIG, { contest: { ...CONTEST, title: 'District\u202e  final\u0007', label: '\u200b\u200b' } });
    if ('error' in created) throw new Error(created.error.code);
    expect(created.room.current.contest).toEqual({ ...CONTEST, title: 'District final', label: 's2' });
    // Without a seed of its own, the registry's.
    expect(created.room.current.seed).toBe(1);
    registry.disposeAll();
  });

  it('resumes after a restart with its contest and its held question, which the contest then releases', () => {
    const clock = new FakeClock();
    const before = registryOn(clock);
    const created = before.create(CONFIG, { seed: 77, contest: CONTEST });
    if ('error' in created) throw new Error(created.error.code);
    const { room, hostToken } = created;
    room.attachHost('host');
    const ada = room.join('a', 'Ada', null);
    if (!ada.ok) throw new Error(ada.error.code);
    expect(room.system({ type: 'contest:open', index: 0, deadline: clock.now() + 10_000 }).ok).toBe(true);
    const problem = room.current.questions[0]!.problem;
    clock.advance(2000);
    // The only player answered: held.
    expect(room.request('a', { type: 'answer:submit', questionId: 'q1', answer: rightAnswer(problem), step: null }).ok).toBe(true);
    expect(room.current.phase).toMatchObject({ held: true });
    // The process dies here; the next one starts a minute later, long past the deadline.
    before.disposeAll();
    clock.advance(60_000);
    const transport = new FakeTransport();
    const after = registryOn(clock, transport);
    expect(after.restore()).toBe(1);
    const resumed = after.get(room.code)!;
    expect(resumed.current.contest).toEqual(CONTEST);
    expect(resumed.current.seed).toBe(77);
    expect(resumed.current.phase).toMatchObject({ phase: 'question', index: 0, held: true, heldBy: 'all-answered' });
    // Still held after its deadline: a held question waits for its contest, not for the clock.
    clock.advance(1000);
    expect(resumed.current.phase).toMatchObject({ phase: 'question', held: true });
    expect(resumed.current.questions[0]!.results).toBeNull();
    expect(after.resolve(hostToken)).toMatchObject({ seat: { role: 'host' } });
    expect(resumed.request('nobody', { type: 'game:end' }).ok).toBe(false);
    expect(resumed.system({ type: 'contest:release', index: 0 }).ok).toBe(true);
    expect(resumed.current.questions[0]!.results![ada.data.playerId]).toMatchObject({ status: 'correct' });
    expect(store.load(room.code)).toEqual(resumed.current);
    after.disposeAll();
  });
});
