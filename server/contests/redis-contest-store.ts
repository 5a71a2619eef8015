/**
 * Contests in Redis (cluster mode): every node reads and writes the same contests, slots and room
 * summaries, so the board and the hub of any node see one contest.
 *
 * Keys (prefix `arena:` by default, beside the rooms' and the sets' keys):
 * - `contest:<code>`          hash: `owner`, `body` (settings, set snapshot, seed, slots as JSON), `stage`
 *                             (JSON), `stageVersion`, `createdAt`, `updatedAt`, `endedAt` once ended,
 *                             `slot:<slotId>` per expected slot and `keys` (its room keys, space-separated);
 * - `contests:<ownerHash>`    set: the owner's contest codes (ended ones too, until purged);
 * - `contests-ended`          sorted set: ended codes by end time (what a purge reads);
 * - `room-key:<roomKey>`      hash: `code`, `slot`;
 * - `contest-rooms:<code>`    hash: per slot `<slotId>:room`, `<slotId>:opened`, `<slotId>:ended`;
 * - `contest-summaries:<code>` hash: per slot `<slotId>:room`, `<slotId>:seq`, `<slotId>:data` (JSON).
 *
 * Every write that reads before it writes is one Lua script, so it is atomic across nodes: of two
 * stage moves from one version one wins, a slot never gets two live rooms, and an older summary
 * (a node that lost its room to another, still writing) never overwrites a newer one.
 */
import type { ContestStage } from '../../shared/protocol/contests.ts';
import { RedisKeyspace, hashFromPairs } from '../cluster/redis-keyspace.ts';
import type { ClaimOutcome, ContestRecord, ContestStore, RoomKeyTarget, RoomSummary, SlotRoom } from './contest-store.ts';

type Body = Pick<ContestRecord, 'settings' | 'set' | 'seed' | 'slots'>;

/** KEYS: contest, owner set, ended index, then one room-key key per slot. 'too_many' | 'code_taken' | 'ok'. */
const CREATE = `
if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[1]) then return 'too_many' end
if redis.call('EXISTS', KEYS[1]) == 1 then return 'code_taken' end
for i = 4, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then return 'code_taken' end
end
redis.call('HSET', KEYS[1], 'owner', ARGV[2], 'body', ARGV[3], 'stage', ARGV[4], 'stageVersion', ARGV[5], 'createdAt', ARGV[6], 'updatedAt', ARGV[7], 'keys', ARGV[9])
if ARGV[10] ~= '' then
  redis.call('HSET', KEYS[1], 'endedAt', ARGV[10])
  redis.call('ZADD', KEYS[3], ARGV[10], ARGV[8])
end
redis.call('SADD', KEYS[2], ARGV[8])
for i = 4, #KEYS do
  local slot = ARGV[7 + i]
  redis.call('HSET', KEYS[1], 'slot:' .. slot, '1')
  redis.call('HSET', KEYS[i], 'code', ARGV[8], 'slot', slot)
end
return 'ok'`;

/** The hash after the move (flat field/value list), or nil when missing or moved since. */
const SET_STAGE = `
local version = redis.call('HGET', KEYS[1], 'stageVersion')
if not version or tonumber(version) ~= tonumber(ARGV[1]) then return false end
redis.call('HSET', KEYS[1], 'stage', ARGV[2], 'stageVersion', tonumber(version) + 1, 'updatedAt', ARGV[3])
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[1], 'endedAt', ARGV[4])
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
else
  redis.call('HDEL', KEYS[1], 'endedAt')
  redis.call('ZREM', KEYS[2], ARGV[5])
end
return redis.call('HGETALL', KEYS[1])`;

/** KEYS: contest, rooms, summaries. ARGV: slot, room code, now. {'ok'} | {'open', code} | {'missing'}. */
const CLAIM = `
if redis.call('HEXISTS', KEYS[1], 'slot:' .. ARGV[1]) == 0 then return {'missing'} end
local f = redis.call('HMGET', KEYS[2], ARGV[1] .. ':room', ARGV[1] .. ':ended')
if f[1] and not f[2] then
  if f[1] == ARGV[2] then return {'ok'} end
  return {'open', f[1]}
end
redis.call('HSET', KEYS[2], ARGV[1] .. ':room', ARGV[2], ARGV[1] .. ':opened', ARGV[3])
redis.call('HDEL', KEYS[2], ARGV[1] .. ':ended')
redis.call('HDEL', KEYS[3], ARGV[1] .. ':room', ARGV[1] .. ':seq', ARGV[1] .. ':data')
return {'ok'}`;

const END_SLOT = `
local f = redis.call('HMGET', KEYS[1], ARGV[1] .. ':room', ARGV[1] .. ':ended')
if f[1] == ARGV[2] and not f[2] then redis.call('HSET', KEYS[1], ARGV[1] .. ':ended', ARGV[3]) return 1 end
return 0`;

/** KEYS: rooms, summaries. ARGV: slot, room code, seq, data. 1 when stored. */
const WRITE_SUMMARY = `
if redis.call('HGET', KEYS[1], ARGV[1] .. ':room') ~= ARGV[2] then return 0 end
local f = redis.call('HMGET', KEYS[2], ARGV[1] .. ':room', ARGV[1] .. ':seq')
if f[1] == ARGV[2] and tonumber(f[2]) >= tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[2], ARGV[1] .. ':room', ARGV[2], ARGV[1] .. ':seq', ARGV[3], ARGV[1] .. ':data', ARGV[4])
return 1`;

// The keys of each contest are built in the script: they are only known inside it (one Redis, not Redis Cluster).
const PURGE = `
local codes = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
local purged = 0
for _, code in ipairs(codes) do
  local key = ARGV[2] .. 'contest:' .. code
  local f = redis.call('HMGET', key, 'endedAt', 'owner', 'keys')
  if f[1] and tonumber(f[1]) < tonumber(ARGV[1]) then
    if f[3] then
      for roomKey in string.gmatch(f[3], '%S+') do redis.call('DEL', ARGV[2] .. 'room-key:' .. roomKey) end
    end
    if f[2] then redis.call('SREM', ARGV[2] .. 'contests:' .. f[2], code) end
    redis.call('DEL', key, ARGV[2] .. 'contest-rooms:' .. code, ARGV[2] .. 'contest-summaries:' .. code)
    purged = purged + 1
  end
  redis.call('ZREM', KEYS[1], code)
end
return purged`;

function toRecord(code: string, hash: Record<string, string>): ContestRecord | null {
  if (hash.body === undefined || hash.owner === undefined || hash.stage === undefined) return null;
  const body = JSON.parse(hash.body) as Body;
  return {
    code,
    ownerHash: hash.owner,
    settings: body.settings,
    set: body.set,
    seed: body.seed,
    slots: body.slots,
    stage: JSON.parse(hash.stage) as ContestStage,
    stageVersion: Number(hash.stageVersion),
    createdAt: Number(hash.createdAt),
    updatedAt: Number(hash.updatedAt),
  };
}

export class RedisContestStore extends RedisKeyspace implements ContestStore {
  private get endedKey(): string {
    return `${this.prefix}contests-ended`;
  }

  async create(record: ContestRecord, maxPerOwner: number): Promise<{ ok: true } | { ok: false; reason: 'too_many' | 'code_taken' }> {
    const body: Body = { settings: record.settings, set: record.set, seed: record.seed, slots: record.slots };
    const outcome = await this.client.eval(CREATE, {
      keys: [this.key('contest', record.code), this.key('contests', record.ownerHash), this.endedKey, ...record.slots.map((slot) => this.key('room-key', slot.roomKey))],
      arguments: [
        String(maxPerOwner),
        record.ownerHash,
        JSON.stringify(body),
        JSON.stringify(record.stage),
        String(record.stageVersion),
        String(record.createdAt),
        String(record.updatedAt),
        record.code,
        record.slots.map((slot) => slot.roomKey).join(' '),
        record.stage.stage === 'ended' ? String(record.stage.endedAt) : '',
        ...record.slots.map((slot) => slot.slotId),
      ],
    });
    if (outcome === 'ok') return { ok: true };
    return { ok: false, reason: outcome === 'too_many' ? 'too_many' : 'code_taken' };
  }

  async get(code: string): Promise<ContestRecord | null> {
    return toRecord(code, await this.client.hGetAll(this.key('contest', code)));
  }

  async listByOwner(ownerHash: string): Promise<ContestRecord[]> {
    const codes = await this.client.sMembers(this.key('contests', ownerHash));
    if (codes.length === 0) return [];
    const multi = this.client.multi();
    for (const code of codes) multi.hGetAll(this.key('contest', code));
    const hashes = (await multi.exec()) as unknown as Record<string, string>[];
    return codes.flatMap((code, i) => {
      const record = toRecord(code, hashes[i] ?? {});
      return record ? [record] : [];
    });
  }

  async byRoomKey(roomKey: string): Promise<RoomKeyTarget | null> {
    const target = await this.client.hGetAll(this.key('room-key', roomKey));
    return target.code === undefined || target.slot === undefined ? null : { contestCode: target.code, slotId: target.slot };
  }

  async setStage(code: string, expectedVersion: number, stage: ContestStage, now: number): Promise<ContestRecord | null> {
    const moved = await this.client.eval(SET_STAGE, {
      keys: [this.key('contest', code), this.endedKey],
      arguments: [String(expectedVersion), JSON.stringify(stage), String(now), stage.stage === 'ended' ? String(stage.endedAt) : '', code],
    });
    return moved ? toRecord(code, hashFromPairs(moved)) : null;
  }

  async claimSlot(code: string, slotId: string, roomCode: string, now: number): Promise<ClaimOutcome> {
    const [outcome, open] = (await this.client.eval(CLAIM, {
      keys: [this.key('contest', code), this.key('contest-rooms', code), this.key('contest-summaries', code)],
      arguments: [slotId, roomCode, String(now)],
    })) as string[];
    if (outcome === 'ok') return { ok: true };
    if (outcome === 'open') return { ok: false, reason: 'open', roomCode: open! };
    return { ok: false, reason: 'missing' };
  }

  async endSlotRoom(code: string, slotId: string, roomCode: string, now: number): Promise<void> {
    await this.client.eval(END_SLOT, { keys: [this.key('contest-rooms', code)], arguments: [slotId, roomCode, String(now)] });
  }

  async slotRooms(code: string): Promise<SlotRoom[]> {
    return slotRoomsOf(await this.client.hGetAll(this.key('contest-rooms', code)));
  }

  async writeSummary(code: string, summary: RoomSummary): Promise<boolean> {
    const stored = await this.client.eval(WRITE_SUMMARY, {
      keys: [this.key('contest-rooms', code), this.key('contest-summaries', code)],
      arguments: [summary.slotId, summary.roomCode, String(summary.seq), JSON.stringify(summary)],
    });
    return stored === 1;
  }

  async summaries(code: string): Promise<RoomSummary[]> {
    // Both hashes in one transaction: a claim between the two reads would pair a new room with an old summary.
    const [rooms, summaries] = (await this.client.multi().hGetAll(this.key('contest-rooms', code)).hGetAll(this.key('contest-summaries', code)).exec()) as unknown as [
      Record<string, string>,
      Record<string, string>,
    ];
    return slotRoomsOf(rooms).flatMap((slot) => {
      const data = summaries[`${slot.slotId}:data`];
      return data !== undefined && summaries[`${slot.slotId}:room`] === slot.roomCode ? [JSON.parse(data) as RoomSummary] : [];
    });
  }

  async purgeEndedBefore(before: number): Promise<number> {
    return Number(await this.client.eval(PURGE, { keys: [this.endedKey], arguments: [String(before), this.prefix] }));
  }

  close(): void {
    // The connection is the cluster's (cluster-hooks.ts closes it).
  }
}

function slotRoomsOf(hash: Record<string, string>): SlotRoom[] {
  const rooms: SlotRoom[] = [];
  for (const [field, roomCode] of Object.entries(hash)) {
    if (!field.endsWith(':room')) continue;
    const slotId = field.slice(0, -':room'.length);
    const ended = hash[`${slotId}:ended`];
    rooms.push({ slotId, roomCode, openedAt: Number(hash[`${slotId}:opened`] ?? 0), endedAt: ended === undefined ? null : Number(ended) });
  }
  return rooms;
}
