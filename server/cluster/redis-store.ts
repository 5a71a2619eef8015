/**
 * Rooms in Redis (REDIS_URL set): the same checkpoint + event log as the SQLite store, plus
 * the owner leases that say which node runs each room's clock.
 *
 * Keys (prefix `arena:` by default):
 * - `room:<code>`  hash: `state` (the state without its questions), `q:<i>` per question,
 *                  `seq` (writes so far), and listing fields (host, title, phase, players, times);
 * - `log:<code>`   list: events accepted since the checkpoint;
 * - `live`         set: codes of unfinished rooms (what a node scans for orphans);
 * - `host:<hash>`  set: codes hosted with one host token (the host's "recent games");
 * - `lease:<code>` string: the owner node's id, with a short TTL renewed while it lives;
 * - `node:<id>`    string: a node's heartbeat, with the same TTL.
 *
 * Every write names the `seq` it expects, checked in a Lua script: a node that lost its lease
 * (or a write that failed before it) can never leave a gap or a fork in a room's log. Finished
 * rooms expire after the retention period.
 */
import type { Logger } from 'pino';
import type { createClient } from 'redis';
import { type LoggedEvent, type QuestionState, ROOM_STATE_VERSION, type RoomState, transition } from '../room/room-state.ts';
import { upgradeEvent } from '../store/journal-events.ts';
import { questionsOfThisGame } from '../room/play-again.ts';
import type { RoomJournal } from '../room/room.ts';
import type { RoomSummaryRow } from '../store/sqlite-store.ts';

export type RedisClient = ReturnType<typeof createClient>;

const CHECKPOINT = `
local seq = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
if seq ~= tonumber(ARGV[1]) then return redis.error_reply('STALE room at ' .. seq .. ', writer expected ' .. ARGV[1]) end
redis.call('HSET', KEYS[1], 'seq', seq + 1, 'state', ARGV[3], 'title', ARGV[4], 'phase', ARGV[5], 'players', ARGV[6], 'host', ARGV[8], 'updatedAt', ARGV[2])
if seq == 0 then
  redis.call('HSET', KEYS[1], 'createdAt', ARGV[2])
  redis.call('SADD', KEYS[4], ARGV[9])
end
for i = 11, #ARGV, 2 do redis.call('HSET', KEYS[1], 'q:' .. ARGV[i], ARGV[i + 1]) end
redis.call('DEL', KEYS[2])
if ARGV[7] == '1' then
  if redis.call('HEXISTS', KEYS[1], 'finishedAt') == 0 then redis.call('HSET', KEYS[1], 'finishedAt', ARGV[2]) end
  redis.call('SREM', KEYS[3], ARGV[9])
  redis.call('PEXPIRE', KEYS[1], ARGV[10])
else
  redis.call('SADD', KEYS[3], ARGV[9])
end
return seq + 1`;

const APPEND = `
local seq = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
if seq ~= tonumber(ARGV[1]) then return redis.error_reply('STALE room at ' .. seq .. ', writer expected ' .. ARGV[1]) end
redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[1], 'seq', seq + 1)
return seq + 1`;

/** Renews every lease still held by ARGV[1]; returns the indexes (1-based) of those it no longer holds. */
const RENEW = `
local lost = {}
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then redis.call('PEXPIRE', key, ARGV[2]) else lost[#lost + 1] = i end
end
return lost`;

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export interface StoredRedisRoom {
  state: RoomState;
  /** The saved question objects (a journal diffs the next checkpoint against them). */
  questions: QuestionState[];
  /** Writes so far: the next one expects this. */
  seq: number;
  replayed: number;
}

export interface RedisStoreOptions {
  prefix?: string;
  /** How long a finished room (and its report) is kept. */
  retentionMs: number;
}

export class RedisRoomStore {
  private readonly prefix: string;

  constructor(
    readonly client: RedisClient,
    private readonly logger: Logger,
    private readonly options: RedisStoreOptions,
  ) {
    this.prefix = options.prefix ?? 'arena:';
  }

  private key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  /**
   * A room's journal. `seq` is the number of writes already in Redis (0 for a new room, whose
   * first checkpoint then fails if the code is taken); `saved` the question objects already there.
   */
  journalFor(code: string, seq: number, saved: readonly QuestionState[] = []): RoomJournal {
    const { client } = this;
    const roomKey = this.key('room', code);
    const logKey = this.key('log', code);
    const keys = [roomKey, logKey, this.key('live')];
    const retention = String(this.options.retentionMs);
    const written: (QuestionState | undefined)[] = saved.slice();
    let next = seq;
    return {
      append: (entry: LoggedEvent) => {
        const expected = next++;
        return client.eval(APPEND, { keys: [roomKey, logKey], arguments: [String(expected), JSON.stringify(entry)] }).then(() => undefined);
      },
      checkpoint: (state: RoomState, now: number) => {
        const expected = next++;
        const changed: string[] = [];
        state.questions.forEach((question, index) => {
          if (written[index] === question) return;
          changed.push(String(index), JSON.stringify(question));
          written[index] = question;
        });
        const args = [
          String(expected),
          String(now),
          JSON.stringify({ ...state, questions: [] }),
          state.config.title,
          state.phase.phase,
          String(Object.keys(state.players).length),
          state.phase.phase === 'ended' ? '1' : '0',
          state.host.tokenHash,
          code,
          retention,
          ...changed,
        ];
        return client.eval(CHECKPOINT, { keys: [...keys, this.key('host', state.host.tokenHash)], arguments: args }).then(() => undefined);
      },
    };
  }

  /** A room as saved: its checkpoint with the logged events replayed, or null. */
  async load(code: string): Promise<StoredRedisRoom | null> {
    const [hash, log] = (await this.client.multi().hGetAll(this.key('room', code)).lRange(this.key('log', code), 0, -1).exec()) as unknown as [
      Record<string, string>,
      string[],
    ];
    if (!hash || hash.state === undefined) return null;
    const base = JSON.parse(hash.state) as RoomState;
    if (base.version !== ROOM_STATE_VERSION) throw new Error(`room state version ${String(base.version)} is not ${ROOM_STATE_VERSION}`);
    const questions: QuestionState[] = [];
    for (const [field, value] of Object.entries(hash)) {
      if (field.startsWith('q:')) questions[Number(field.slice(2))] = JSON.parse(value) as QuestionState;
    }
    // A room that played again may still hold later questions of its finished game.
    let state: RoomState = { ...base, questions: questionsOfThisGame(base, questions) };
    let replayed = 0;
    for (const line of log) {
      const entry = JSON.parse(line) as LoggedEvent;
      const result = transition(state, entry.actor, upgradeEvent(entry.event), entry.now);
      if (!result.ok) {
        this.logger.warn({ room: code, event: entry.event.type, code: result.error.code }, 'a logged event no longer applies; skipped');
        continue;
      }
      state = result.state;
      replayed++;
    }
    return { state, questions, seq: Number(hash.seq ?? 0), replayed };
  }

  /** Whether a code is taken (a live room, or a finished one whose report is kept). */
  async hasRoom(code: string): Promise<boolean> {
    return (await this.client.exists(this.key('room', code))) === 1;
  }

  async hostTokenHashOf(code: string): Promise<string | null> {
    return (await this.client.hGet(this.key('room', code), 'host')) ?? null;
  }

  /** Codes of every unfinished room. */
  liveCodes(): Promise<string[]> {
    return this.client.sMembers(this.key('live'));
  }

  async isLive(code: string): Promise<boolean> {
    return (await this.client.sIsMember(this.key('live'), code)) === 1;
  }

  /** A room that cannot be resumed (unreadable) is taken off the scan list. */
  async retire(code: string): Promise<void> {
    await this.client.sRem(this.key('live'), code);
  }

  async roomsForHosts(hostTokenHashes: readonly string[]): Promise<RoomSummaryRow[]> {
    const rows: RoomSummaryRow[] = [];
    for (const hash of hostTokenHashes) {
      for (const code of await this.client.sMembers(this.key('host', hash))) {
        const info = await this.client.hmGet(this.key('room', code), ['title', 'phase', 'players', 'createdAt', 'updatedAt', 'finishedAt', 'host']);
        const [title, phase, players, createdAt, updatedAt, finishedAt, host] = info;
        // The room expired (retention) or belongs to another host.
        if (title == null || host !== hash) continue;
        rows.push({
          code,
          title,
          phase: phase ?? 'lobby',
          players: Number(players ?? 0),
          createdAt: Number(createdAt ?? 0),
          updatedAt: Number(updatedAt ?? 0),
          finishedAt: finishedAt ? Number(finishedAt) : null,
        });
      }
    }
    return rows.sort((a, b) => b.createdAt - a.createdAt);
  }

  // ─── Leases and heartbeats ─────────────────────────────────────────────────────────

  async acquireLease(code: string, nodeId: string, ttlMs: number): Promise<boolean> {
    return (await this.client.set(this.key('lease', code), nodeId, { NX: true, PX: ttlMs })) === 'OK';
  }

  /** Renews the leases this node holds; returns the codes it no longer holds. */
  async renewLeases(codes: readonly string[], nodeId: string, ttlMs: number): Promise<string[]> {
    if (codes.length === 0) return [];
    const lost = (await this.client.eval(RENEW, { keys: codes.map((code) => this.key('lease', code)), arguments: [nodeId, String(ttlMs)] })) as number[];
    return lost.map((i) => codes[i - 1]!);
  }

  async releaseLease(code: string, nodeId: string): Promise<void> {
    await this.client.eval(RELEASE, { keys: [this.key('lease', code)], arguments: [nodeId] });
  }

  /** The owner of each code (null: none, e.g. its node died and the lease expired). */
  async owners(codes: readonly string[]): Promise<(string | null)[]> {
    if (codes.length === 0) return [];
    return this.client.mGet(codes.map((code) => this.key('lease', code)));
  }

  async heartbeat(nodeId: string, ttlMs: number): Promise<void> {
    await this.client.set(this.key('node', nodeId), String(Date.now()), { PX: ttlMs });
  }

  /** Which of these nodes still beat. */
  async nodesAlive(nodeIds: readonly string[]): Promise<boolean[]> {
    if (nodeIds.length === 0) return [];
    const beats = await this.client.mGet(nodeIds.map((id) => this.key('node', id)));
    return beats.map((beat) => beat !== null);
  }
}
