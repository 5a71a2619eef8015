/**
 * Question sets in Redis (cluster mode): every node reads and writes the same sets.
 *
 * Keys (prefix `arena:` by default, beside the rooms' keys of server/cluster/redis-store.ts):
 * - `teacher:<hash>`  string: when the key with this SHA-256 was made;
 * - `set:<id>`        hash: `owner` (key hash), `content` (JSON), `revision`, `createdAt`, `updatedAt`,
 *                     `deletedAt` and `share` (the live token) when set;
 * - `sets:<hash>`     set: ids of the key's sets that are not deleted;
 * - `sets-deleted`    sorted set: deleted ids by deletion time (what a purge reads);
 * - `share:<token>`   hash: `set`, `createdAt`, `revokedAt` once revoked (kept, so old links say so).
 *
 * Every write that reads before it writes is one Lua script, so it is atomic across nodes: of two
 * saves based on the same revision exactly one wins, and a count checked is the count written.
 */
import type { SetContent } from '../../shared/question-sets/index.ts';
import { RedisKeyspace } from '../cluster/redis-keyspace.ts';
import type { RestoreOutcome, SaveOutcome, SetRecord, SetStore, ShareLookup } from './set-store.ts';

const CREATE = `
if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[1]) then return 0 end
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.error_reply('set id taken') end
redis.call('HSET', KEYS[1], 'owner', ARGV[2], 'content', ARGV[3], 'revision', ARGV[4], 'createdAt', ARGV[5], 'updatedAt', ARGV[6])
redis.call('SADD', KEYS[2], ARGV[7])
return 1`;

/** 0: missing or deleted; -1: not at the expected revision; else the new revision. */
const SAVE = `
local f = redis.call('HMGET', KEYS[1], 'revision', 'deletedAt')
if not f[1] or f[2] then return 0 end
local revision = tonumber(f[1])
if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= revision then return -1 end
redis.call('HSET', KEYS[1], 'content', ARGV[2], 'revision', revision + 1, 'updatedAt', ARGV[3])
return revision + 1`;

const DELETE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HEXISTS', KEYS[1], 'deletedAt') == 1 then return 1 end
redis.call('HSET', KEYS[1], 'deletedAt', ARGV[1])
redis.call('SREM', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[1], ARGV[2])
return 1`;

/** 0: missing (or deleted before ARGV[1]); -1: the owner is at the limit; 1: restored (or was not deleted). */
const RESTORE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local deletedAt = redis.call('HGET', KEYS[1], 'deletedAt')
if not deletedAt then return 1 end
if tonumber(deletedAt) < tonumber(ARGV[1]) then return 0 end
if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[2]) then return -1 end
redis.call('HDEL', KEYS[1], 'deletedAt')
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('ZREM', KEYS[3], ARGV[3])
return 1`;

/** The live token (the existing one, or ARGV[1] made now); nil when the set is missing or deleted. */
const SHARE = `
local f = redis.call('HMGET', KEYS[1], 'revision', 'deletedAt', 'share')
if not f[1] or f[2] then return false end
if f[3] then return f[3] end
redis.call('HSET', KEYS[2], 'set', ARGV[2], 'createdAt', ARGV[3])
redis.call('HSET', KEYS[1], 'share', ARGV[1])
return ARGV[1]`;

// The token's key is built in the script: it is only known inside it (one Redis, not Redis Cluster).
const UNSHARE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local token = redis.call('HGET', KEYS[1], 'share')
if token then
  redis.call('HSET', ARGV[1] .. 'share:' .. token, 'revokedAt', ARGV[2])
  redis.call('HDEL', KEYS[1], 'share')
end
return 1`;

const PURGE = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
local purged = 0
for _, id in ipairs(ids) do
  local key = ARGV[2] .. 'set:' .. id
  local f = redis.call('HMGET', key, 'deletedAt', 'share')
  if f[1] and tonumber(f[1]) < tonumber(ARGV[1]) then
    if f[2] then redis.call('HSET', ARGV[2] .. 'share:' .. f[2], 'revokedAt', ARGV[3]) end
    redis.call('DEL', key)
    purged = purged + 1
  end
  redis.call('ZREM', KEYS[1], id)
end
return purged`;

function toRecord(id: string, hash: Record<string, string>): SetRecord | null {
  if (hash.content === undefined || hash.owner === undefined) return null;
  return {
    id,
    ownerHash: hash.owner,
    content: JSON.parse(hash.content) as SetContent,
    revision: Number(hash.revision),
    createdAt: Number(hash.createdAt),
    updatedAt: Number(hash.updatedAt),
    deletedAt: hash.deletedAt === undefined ? null : Number(hash.deletedAt),
    shareToken: hash.share ?? null,
  };
}

export class RedisSetStore extends RedisKeyspace implements SetStore {
  private get deletedKey(): string {
    return `${this.prefix}sets-deleted`;
  }

  async addKey(keyHash: string, now: number): Promise<void> {
    await this.client.set(this.key('teacher', keyHash), String(now), { NX: true });
  }

  async hasKey(keyHash: string): Promise<boolean> {
    return (await this.client.exists(this.key('teacher', keyHash))) === 1;
  }

  async get(id: string): Promise<SetRecord | null> {
    return toRecord(id, await this.client.hGetAll(this.key('set', id)));
  }

  async listLive(ownerHash: string): Promise<SetRecord[]> {
    const ids = await this.client.sMembers(this.key('sets', ownerHash));
    if (ids.length === 0) return [];
    const multi = this.client.multi();
    for (const id of ids) multi.hGetAll(this.key('set', id));
    const hashes = (await multi.exec()) as unknown as Record<string, string>[];
    return ids.flatMap((id, i) => {
      const record = toRecord(id, hashes[i] ?? {});
      return record && record.deletedAt === null ? [record] : [];
    });
  }

  async create(record: SetRecord, maxLive: number): Promise<boolean> {
    const created = await this.client.eval(CREATE, {
      keys: [this.key('set', record.id), this.key('sets', record.ownerHash)],
      arguments: [String(maxLive), record.ownerHash, JSON.stringify(record.content), String(record.revision), String(record.createdAt), String(record.updatedAt), record.id],
    });
    return created === 1;
  }

  async save(id: string, content: SetContent, expectedRevision: number | null, now: number): Promise<SaveOutcome> {
    const result = Number(
      await this.client.eval(SAVE, { keys: [this.key('set', id)], arguments: [expectedRevision === null ? '' : String(expectedRevision), JSON.stringify(content), String(now)] }),
    );
    if (result === 0) return { ok: false, reason: 'missing' };
    if (result === -1) return { ok: false, reason: 'stale' };
    const record = await this.get(id);
    // Purged between the two calls: as good as missing.
    return record ? { ok: true, record } : { ok: false, reason: 'missing' };
  }

  async markDeleted(id: string, now: number): Promise<SetRecord | null> {
    const record = await this.get(id);
    if (!record) return null;
    await this.client.eval(DELETE, { keys: [this.key('set', id), this.key('sets', record.ownerHash), this.deletedKey], arguments: [String(now), id] });
    return this.get(id);
  }

  async restore(id: string, deletedSince: number, maxLive: number): Promise<RestoreOutcome> {
    const record = await this.get(id);
    if (!record) return { ok: false, reason: 'missing' };
    const result = Number(
      await this.client.eval(RESTORE, { keys: [this.key('set', id), this.key('sets', record.ownerHash), this.deletedKey], arguments: [String(deletedSince), String(maxLive), id] }),
    );
    if (result === -1) return { ok: false, reason: 'too_many' };
    const restored = result === 1 ? await this.get(id) : null;
    return restored ? { ok: true, record: restored } : { ok: false, reason: 'missing' };
  }

  async share(id: string, token: string, now: number): Promise<string | null> {
    const live = await this.client.eval(SHARE, { keys: [this.key('set', id), this.key('share', token)], arguments: [token, id, String(now)] });
    return typeof live === 'string' ? live : null;
  }

  async unshare(id: string, now: number): Promise<SetRecord | null> {
    const found = await this.client.eval(UNSHARE, { keys: [this.key('set', id)], arguments: [this.prefix, String(now)] });
    return found === 1 ? this.get(id) : null;
  }

  async byShareToken(token: string): Promise<ShareLookup> {
    const share = await this.client.hGetAll(this.key('share', token));
    if (share.set === undefined) return { status: 'unknown' };
    if (share.revokedAt !== undefined) return { status: 'revoked' };
    const record = await this.get(share.set);
    if (!record || record.shareToken !== token) return { status: 'revoked' };
    if (record.deletedAt !== null) return { status: 'deleted', deletedAt: record.deletedAt };
    return { status: 'live', record };
  }

  async purgeDeletedBefore(before: number, now: number): Promise<number> {
    return Number(await this.client.eval(PURGE, { keys: [this.deletedKey], arguments: [String(before), this.prefix, String(now)] }));
  }

  close(): void {
    // The connection is the cluster's (cluster-hooks.ts closes it).
  }
}
