/**
 * `room:create` with a room key (docs/contests.md, "Opening a room"): the room is built from the
 * contest, not from what the teacher's screen sent, so every room of a contest plays the same set with
 * the same time limits and scoring.
 *
 * Seeds: `same` problems: every room the contest's seed, so the same numbers; `per-room`: room i
 * (0-based, the organizer's order) `deriveSeed(contestSeed, "room:<i>")`: generated items of the same
 * kind and difficulty with other numbers, and an authored numeric item marked "each team its own numbers"
 * the room's own variant of the teacher's network (the team-variant rule, docs/question-sets.md "Team
 * variants", drawn from the room's seed). Other numbers of the teacher's (multiple choice, a numeric item
 * without variants, a generated item whose seed is pinned) are the same in every room.
 */
import { deriveSeed } from '../../shared/engine/index.ts';
import { type SetSnapshot, itemAsks, perturbNetwork } from '../../shared/question-sets/index.ts';
import { type AckError, ERROR_CODES, type RoomConfig, RoomConfigSchema } from '../../shared/protocol/index.ts';
import type { CreatedRoom, RoomDirectory } from '../room/room-directory.ts';
import type { CreateOptions } from '../room/room-registry.ts';
import type { RoomContest } from '../room/state.ts';
import { looksLikeRoomKey } from './contest-secrets.ts';
import type { ContestRecord, ContestStore } from './contest-store.ts';

export interface ContestRoomPlan {
  config: RoomConfig;
  options: CreateOptions & { seed: number; contest: RoomContest };
}

/** The room slot `slotId` of the contest plays; `capacity`: the teacher's. */
export function contestRoomPlan(record: ContestRecord, slotId: string, capacity: number): ContestRoomPlan {
  const index = record.slots.findIndex((s) => s.slotId === slotId);
  const slot = record.slots[index]!;
  const s = record.settings;
  const seed = s.problems === 'same' ? record.seed : deriveSeed(record.seed, `room:${index}`);
  const config = RoomConfigSchema.parse({
    title: s.title,
    mode: 'quiz',
    set: s.problems === 'same' ? record.set : roomVariant(record.set, seed),
    timeLimitSec: s.timeLimitSec,
    speedBonus: s.speedBonus,
    streakBonus: s.streakBonus,
    teams: s.teams === null ? null : { count: s.teams.count, assignment: 'auto' },
    lang: s.lang,
    capacity,
    // Lockstep: the organizer moves every room on from the reveal; a leaderboard in between would be
    // one more screen the rooms reach at different times.
    leaderboardEvery: s.pacing === 'lockstep' ? 0 : 1,
  });
  return { config, options: { seed, contest: { code: record.code, slotId, label: slot.label, title: s.title, pacing: s.pacing } } };
}

/** The set with each numeric item that allows variants on the room's own numbers. */
function roomVariant(set: SetSnapshot, seed: number): SetSnapshot {
  return {
    ...set,
    items: set.items.map((item) =>
      item.type === 'numeric' && item.variants ? { ...item, network: perturbNetwork(item.network, deriveSeed(seed, 'variant:room'), itemAsks(item)) } : item,
    ),
  };
}

const refusal = (code: AckError['code'], message: string): { error: AckError } => ({ error: { code, message } });

/**
 * Opens the room of a room key, hosted by `connectionId`. The slot is claimed once the room exists (a
 * claim names its room); two teachers opening the same key at once: one keeps the room, the other's is
 * closed at once and refused with the code of the one that is open.
 */
export async function openContestRoom(
  deps: { contests: ContestStore; directory: RoomDirectory; now: () => number },
  roomKey: string,
  capacity: number,
  connectionId: string,
): Promise<CreatedRoom | { error: AckError }> {
  const target = looksLikeRoomKey(roomKey) ? await deps.contests.byRoomKey(roomKey) : null;
  const record = target ? await deps.contests.get(target.contestCode) : null;
  if (!target || !record || !record.slots.some((s) => s.slotId === target.slotId)) {
    return refusal(ERROR_CODES.UNKNOWN_ROOM_KEY, 'this server never made that room key');
  }
  if (record.stage.stage === 'ended') return refusal(ERROR_CODES.CONTEST_ENDED, 'this contest has ended');
  const open = (await deps.contests.slotRooms(record.code)).find((r) => r.slotId === target.slotId && r.endedAt === null);
  if (open) {
    // Gone without its end being seen (its process died after it ended): the slot is free again.
    if (await deps.directory.exists(open.roomCode)) return refusal(ERROR_CODES.CONTEST_ROOM_OPEN, `this room key's room is open already: ${open.roomCode}`);
    await deps.contests.endSlotRoom(record.code, target.slotId, open.roomCode, deps.now());
  }

  const plan = contestRoomPlan(record, target.slotId, capacity);
  const created = await deps.directory.create(plan.config, connectionId, plan.options);
  if ('error' in created) return created;
  const claim = await deps.contests.claimSlot(record.code, target.slotId, created.code, deps.now());
  if (claim.ok) return created;
  await deps.directory.request(created.code, connectionId, { role: 'host' }, { type: 'room:close' });
  if (claim.reason === 'open') return refusal(ERROR_CODES.CONTEST_ROOM_OPEN, `this room key's room is open already: ${claim.roomCode}`);
  return refusal(ERROR_CODES.UNKNOWN_ROOM_KEY, 'this server never made that room key');
}
