/**
 * The contest store's behaviour, the same for every store: SQLite (test/contests/sqlite-store.test.ts)
 * and Redis (test/cluster). Each store opens empty.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CreateContestSchema, type ContestStage } from '../../shared/protocol/contests.ts';
import { builtInSet } from '../../shared/question-sets/index.ts';
import type { ContestRecord, ContestStore, RoomSummary } from '../../server/contests/contest-store.ts';
import { newContestCode, newRoomKey } from '../../server/contests/contest-secrets.ts';

export function sampleContest(overrides: Partial<ContestRecord> = {}, rooms = 3): ContestRecord {
  const settings = CreateContestSchema.parse({
    title: 'District final',
    setId: 'builtin:one-neuron:en',
    rooms: Array.from({ length: rooms }, (_, i) => ({ label: `Class ${i + 1}` })),
    teams: { count: 2 },
    lang: 'en',
  });
  return {
    code: newContestCode(),
    ownerHash: 'a'.repeat(64),
    settings,
    set: structuredClone(builtInSet('builtin:one-neuron:en')!),
    seed: 1234,
    slots: settings.rooms.map((r, i) => ({ slotId: `s${i + 1}`, label: r.label, roomKey: newRoomKey() })),
    stage: { stage: 'lobby' },
    stageVersion: 0,
    createdAt: 1000,
    updatedAt: 1000,
    ...overrides,
  };
}

export function sampleSummary(slotId: string, roomCode: string, seq: number, score = 100): RoomSummary {
  return {
    slotId,
    roomCode,
    seq,
    updatedAt: 2000 + seq,
    status: 'question',
    questionIndex: 0,
    heldIndex: null,
    closedCount: 0,
    players: [{ id: 'p_1', name: 'Ada', teamId: 't1', score, correct: 1, asked: 1 }],
    teams: [{ id: 't1', name: 'Red', colour: '#ff0000', members: 1, score }],
    questions: [],
  };
}

export function contestStoreSuite(name: string, open: () => Promise<{ store: ContestStore; close(): Promise<void> }>): void {
  describe(name, () => {
    let store: ContestStore;
    let closeStore: () => Promise<void>;
    beforeEach(async () => {
      const opened = await open();
      store = opened.store;
      closeStore = opened.close;
    });
    afterEach(async () => closeStore());

    it('keeps a contest as it was created, finds it by code, owner and room key', async () => {
      const record = sampleContest();
      expect(await store.create(record, 10)).toEqual({ ok: true });
      expect(await store.get(record.code)).toEqual(record);
      expect(await store.get('ZZZZZZ')).toBeNull();
      expect((await store.listByOwner(record.ownerHash)).map((r) => r.code)).toEqual([record.code]);
      expect(await store.listByOwner('b'.repeat(64))).toEqual([]);
      expect(await store.byRoomKey(record.slots[1]!.roomKey)).toEqual({ contestCode: record.code, slotId: 's2' });
      expect(await store.byRoomKey(newRoomKey())).toBeNull();
    });

    it('refuses a contest over the owner\'s limit or with a code taken, and keeps nothing of it', async () => {
      const first = sampleContest();
      await store.create(first, 2);
      const sameCode = sampleContest({ code: first.code, ownerHash: 'c'.repeat(64) });
      expect(await store.create(sameCode, 2)).toEqual({ ok: false, reason: 'code_taken' });
      expect(await store.byRoomKey(sameCode.slots[0]!.roomKey)).toBeNull();
      await store.create(sampleContest(), 2);
      const third = sampleContest();
      expect(await store.create(third, 2)).toEqual({ ok: false, reason: 'too_many' });
      expect(await store.get(third.code)).toBeNull();
      expect(await store.listByOwner(first.ownerHash)).toHaveLength(2);
    });

    it('moves the stage by compare-and-set: of two moves from one version, one wins', async () => {
      const record = sampleContest();
      await store.create(record, 10);
      const open: ContestStage = { stage: 'question', index: 0, deadline: 9000 };
      const moved = await store.setStage(record.code, 0, open, 5000);
      expect(moved?.stage).toEqual(open);
      expect(moved?.stageVersion).toBe(1);
      expect(moved?.updatedAt).toBe(5000);
      const [a, b] = await Promise.all([
        store.setStage(record.code, 1, { stage: 'reveal', index: 0 }, 6000),
        store.setStage(record.code, 1, { stage: 'ended', endedAt: 6000 }, 6000),
      ]);
      expect([a, b].filter((r) => r !== null)).toHaveLength(1);
      expect((await store.get(record.code))!.stageVersion).toBe(2);
      expect(await store.setStage(record.code, 1, { stage: 'lobby' }, 7000)).toBeNull();
      expect(await store.setStage('ZZZZZZ', 0, { stage: 'lobby' }, 7000)).toBeNull();
    });

    it('gives a slot one live room at a time; an ended room frees it', async () => {
      const record = sampleContest();
      await store.create(record, 10);
      expect(await store.claimSlot(record.code, 's1', 'AAAAAA', 100)).toEqual({ ok: true });
      // The same room again (a retried create) is no second room.
      expect(await store.claimSlot(record.code, 's1', 'AAAAAA', 110)).toEqual({ ok: true });
      expect(await store.claimSlot(record.code, 's1', 'BBBBBB', 120)).toEqual({ ok: false, reason: 'open', roomCode: 'AAAAAA' });
      expect(await store.claimSlot(record.code, 's9', 'BBBBBB', 120)).toEqual({ ok: false, reason: 'missing' });
      expect(await store.claimSlot('ZZZZZZ', 's1', 'BBBBBB', 120)).toEqual({ ok: false, reason: 'missing' });
      expect(await store.claimSlot(record.code, 's2', 'CCCCCC', 130)).toEqual({ ok: true });
      // Ending another room than the slot's changes nothing.
      await store.endSlotRoom(record.code, 's1', 'CCCCCC', 140);
      expect(await store.claimSlot(record.code, 's1', 'BBBBBB', 150)).toEqual({ ok: false, reason: 'open', roomCode: 'AAAAAA' });
      await store.endSlotRoom(record.code, 's1', 'AAAAAA', 160);
      const rooms = await store.slotRooms(record.code);
      expect(rooms.sort((x, y) => (x.slotId < y.slotId ? -1 : 1))).toEqual([
        { slotId: 's1', roomCode: 'AAAAAA', openedAt: 100, endedAt: 160 },
        { slotId: 's2', roomCode: 'CCCCCC', openedAt: 130, endedAt: null },
      ]);
      expect(await store.claimSlot(record.code, 's1', 'BBBBBB', 170)).toEqual({ ok: true });
      expect((await store.slotRooms(record.code)).find((r) => r.slotId === 's1')).toEqual({ slotId: 's1', roomCode: 'BBBBBB', openedAt: 170, endedAt: null });
    });

    it('keeps the newest summary of the slot\'s current room only', async () => {
      const record = sampleContest();
      await store.create(record, 10);
      // No room yet: nothing to summarise.
      expect(await store.writeSummary(record.code, sampleSummary('s1', 'AAAAAA', 1))).toBe(false);
      await store.claimSlot(record.code, 's1', 'AAAAAA', 100);
      expect(await store.writeSummary(record.code, sampleSummary('s1', 'AAAAAA', 5, 500))).toBe(true);
      expect(await store.writeSummary(record.code, sampleSummary('s1', 'AAAAAA', 4, 400))).toBe(false);
      expect(await store.writeSummary(record.code, sampleSummary('s1', 'AAAAAA', 5, 450))).toBe(false);
      expect(await store.writeSummary(record.code, sampleSummary('s1', 'BBBBBB', 9, 900))).toBe(false);
      expect(await store.summaries(record.code)).toEqual([sampleSummary('s1', 'AAAAAA', 5, 500)]);
      // A new room of the slot starts from nothing: the old room's summary is not its.
      await store.endSlotRoom(record.code, 's1', 'AAAAAA', 200);
      await store.claimSlot(record.code, 's1', 'BBBBBB', 300);
      expect(await store.summaries(record.code)).toEqual([]);
      expect(await store.writeSummary(record.code, sampleSummary('s1', 'BBBBBB', 1, 10))).toBe(true);
      expect(await store.writeSummary(record.code, sampleSummary('s1', 'AAAAAA', 99, 990))).toBe(false);
      expect(await store.summaries(record.code)).toEqual([sampleSummary('s1', 'BBBBBB', 1, 10)]);
    });

    it('purges contests ended before a time, with their keys, rooms and summaries', async () => {
      const old = sampleContest();
      const live = sampleContest();
      await store.create(old, 10);
      await store.create(live, 10);
      await store.claimSlot(old.code, 's1', 'AAAAAA', 100);
      await store.writeSummary(old.code, sampleSummary('s1', 'AAAAAA', 1));
      await store.setStage(old.code, 0, { stage: 'ended', endedAt: 1000 }, 1000);
      expect(await store.purgeEndedBefore(999)).toBe(0);
      expect(await store.purgeEndedBefore(1001)).toBe(1);
      expect(await store.get(old.code)).toBeNull();
      expect(await store.byRoomKey(old.slots[0]!.roomKey)).toBeNull();
      expect(await store.slotRooms(old.code)).toEqual([]);
      expect(await store.summaries(old.code)).toEqual([]);
      expect(await store.get(live.code)).not.toBeNull();
    });
  });
}
