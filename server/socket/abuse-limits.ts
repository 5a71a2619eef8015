/**
 * The limits that keep a classroom prankster with a script from spoiling a game. Each
 * answers a clear error code (with `retryAfterMs`); each is configurable (README,
 * "Limits"). Budgets are in memory (rate-limiter-flexible per address and room, plain counters per
 * connection): a restart resets them.
 *
 * - requests per connection per second, and answers (a game's or homework's) per connection per second;
 * - a connection refused too often within STRIKE_WINDOW_SEC is disconnected (its seat stays);
 * - room creations per address per minute;
 * - `room:join` with an unknown code per address per minute: past the budget the address is
 *   blocked, for a time that doubles with each block within BLOCK_MEMORY_SEC (joins to a
 *   known code do not count, so a class behind one NAT address joins freely);
 * - joins per room per second: past the rate a join waits for its turn (up to JOIN_QUEUE_SECONDS), and only
 *   past that queue is it refused (capacity and the host's lock are the room's own rules).
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { type AckError, ERROR_CODES } from '../../shared/protocol/index.ts';

export interface LimitsConfig {
  requestsPerSecond: number;
  answersPerSecond: number;
  /** Refusals within STRIKE_WINDOW_SEC after which a connection is closed. */
  strikesBeforeDisconnect: number;
  roomsPerMinute: number;
  joinMissesPerMinute: number;
  /** The first block for too many unknown codes; each further block doubles it. */
  joinBlockSeconds: number;
  roomJoinsPerSecond: number;
  /** How long a join may wait for its turn when the room is seating faster than its rate; longer: refused. */
  joinQueueSeconds: number;
}

export const DEFAULT_LIMITS: LimitsConfig = {
  requestsPerSecond: 20,
  answersPerSecond: 5,
  strikesBeforeDisconnect: 30,
  roomsPerMinute: 10,
  joinMissesPerMinute: 30,
  joinBlockSeconds: 30,
  // A whole school may arrive at once: a join is O(1) (≈ 0.5 ms of CPU here, handshake included), so a room
  // seats as fast as a core allows — 2,500 a second is above that — and a burst beyond it is queued.
  roomJoinsPerSecond: 2500,
  joinQueueSeconds: 2,
};

export const STRIKE_WINDOW_SEC = 10;
/** Blocks within this long of each other count as repeats (the backoff doubles). */
export const BLOCK_MEMORY_SEC = 3600;
export const MAX_BLOCK_SEC = 15 * 60;

/**
 * One connection's request, answer and strike budgets: fixed windows counted in six numbers,
 * as rate-limiter-flexible counts them, but without a record and an expiry timer per key (a
 * few timers per active player per second in a room of thousands).
 */
export class ConnectionBudget {
  private requestsFrom = Number.NEGATIVE_INFINITY;
  private requests = 0;
  private answersFrom = Number.NEGATIVE_INFINITY;
  private answers = 0;
  private strikesFrom = Number.NEGATIVE_INFINITY;
  private strikes = 0;

  constructor(private readonly limits: LimitsConfig) {}

  /** Count one message; a refusal when it is over the connection's budget. */
  request(event: string, now: number): AckError | null {
    if (now >= this.requestsFrom + 1000) {
      this.requestsFrom = now;
      this.requests = 0;
    }
    if (++this.requests > this.limits.requestsPerSecond) return budgetRefusal('too many requests; slow down', this.requestsFrom + 1000 - now);
    if (event !== 'answer:submit' && event !== 'homework:answer') return null;
    if (now >= this.answersFrom + 1000) {
      this.answersFrom = now;
      this.answers = 0;
    }
    if (++this.answers > this.limits.answersPerSecond) return budgetRefusal('too many answers; slow down', this.answersFrom + 1000 - now);
    return null;
  }

  /** Count one refusal; true when the connection has had too many and is to be closed. */
  strike(now: number): boolean {
    if (now >= this.strikesFrom + STRIKE_WINDOW_SEC * 1000) {
      this.strikesFrom = now;
      this.strikes = 0;
    }
    return ++this.strikes > this.limits.strikesBeforeDisconnect;
  }
}

function budgetRefusal(message: string, msBeforeNext: number): AckError {
  return { code: ERROR_CODES.RATE_LIMITED, message, retryAfterMs: Math.max(1, Math.ceil(msBeforeNext)) };
}

/** A refusal from the library, or null when the budget allowed it. */
async function take(limiter: RateLimiterMemory, key: string): Promise<RateLimiterRes | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return rejection;
    throw rejection;
  }
}

function refusal(code: AckError['code'], message: string, res: RateLimiterRes): AckError {
  return { code, message, retryAfterMs: Math.max(1, Math.ceil(res.msBeforeNext)) };
}

export class AbuseLimits {
  readonly config: LimitsConfig;
  private readonly creations: RateLimiterMemory;
  private readonly joinMisses: RateLimiterMemory;
  private readonly joinBlocks: RateLimiterMemory;
  /** Per room: a token bucket of joins (one second of burst); tokens below zero are joins waiting their turn. */
  private readonly roomJoins = new Map<string, { tokens: number; at: number }>();

  constructor(config: Partial<LimitsConfig> = {}) {
    this.config = { ...DEFAULT_LIMITS, ...config };
    const c = this.config;
    this.creations = new RateLimiterMemory({ keyPrefix: 'create', points: c.roomsPerMinute, duration: 60 });
    this.joinMisses = new RateLimiterMemory({ keyPrefix: 'miss', points: c.joinMissesPerMinute, duration: 60 });
    this.joinBlocks = new RateLimiterMemory({ keyPrefix: 'block', points: Number.MAX_SAFE_INTEGER, duration: BLOCK_MEMORY_SEC });
  }

  /** A new connection's budgets (kept with the connection, gone with it). */
  connectionBudget(): ConnectionBudget {
    return new ConnectionBudget(this.config);
  }

  async createRoom(address: string): Promise<AckError | null> {
    const res = await take(this.creations, address);
    return res ? refusal(ERROR_CODES.RATE_LIMITED, 'too many rooms created from this address; wait a minute', res) : null;
  }

  /** Whether this address is serving a block for guessing codes (every join is refused meanwhile, so a block leaks nothing). */
  async joinBlocked(address: string): Promise<AckError | null> {
    const res = await this.joinMisses.get(address);
    if (!res || res.consumedPoints <= this.config.joinMissesPerMinute) return null;
    return refusal(ERROR_CODES.TOO_MANY_ATTEMPTS, 'too many wrong room codes from this network; wait a little', res);
  }

  /** A join to a code with no room: `room_not_found` within the budget, else a block that doubles each time. */
  async joinMiss(address: string): Promise<AckError> {
    const over = await take(this.joinMisses, address);
    if (!over) return { code: ERROR_CODES.ROOM_NOT_FOUND, message: 'no room with that code' };
    // Requests already in flight when the budget ran out share the block that the first one starts.
    if (over.consumedPoints !== this.config.joinMissesPerMinute + 1) {
      return refusal(ERROR_CODES.TOO_MANY_ATTEMPTS, 'too many wrong room codes from this network; wait a little', over);
    }
    const level = (await this.joinBlocks.penalty(address)).consumedPoints;
    const seconds = Math.min(MAX_BLOCK_SEC, this.config.joinBlockSeconds * 2 ** Math.min(20, level - 1));
    const blocked = await this.joinMisses.block(address, seconds);
    return refusal(ERROR_CODES.TOO_MANY_ATTEMPTS, 'too many wrong room codes from this network; wait a little', blocked);
  }

  /**
   * A join into `code` takes its turn: at once within the room's rate, else after waiting for it (the
   * promise settles then); refused only when its turn is more than `joinQueueSeconds` away.
   */
  async roomJoin(code: string): Promise<AckError | null> {
    const rate = this.config.roomJoinsPerSecond;
    const now = Date.now();
    const bucket = this.roomJoins.get(code) ?? { tokens: rate, at: now };
    bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.at) * rate) / 1000);
    bucket.at = now;
    const waitMs = bucket.tokens >= 1 ? 0 : ((1 - bucket.tokens) * 1000) / rate;
    const queueMs = this.config.joinQueueSeconds * 1000;
    if (waitMs > queueMs) {
      this.roomJoins.set(code, bucket);
      return {
        code: ERROR_CODES.RATE_LIMITED,
        message: 'many players are joining this room right now; try again in a moment',
        retryAfterMs: Math.max(1, Math.ceil(waitMs - queueMs)),
      };
    }
    bucket.tokens -= 1;
    this.roomJoins.set(code, bucket);
    this.forgetIdleRooms(now);
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    return null;
  }

  /** Joins waiting for their turn in `code` now. */
  joinsWaiting(code: string): number {
    const bucket = this.roomJoins.get(code);
    if (!bucket) return 0;
    const tokens = bucket.tokens + ((Date.now() - bucket.at) * this.config.roomJoinsPerSecond) / 1000;
    return tokens >= 0 ? 0 : Math.ceil(-tokens);
  }

  private lastSweepAt = 0;

  /** A full bucket is the same as none: dropped, at most once a minute, so rooms long gone leave nothing behind. */
  private forgetIdleRooms(now: number): void {
    if (this.roomJoins.size < 1024 || now - this.lastSweepAt < 60_000) return;
    this.lastSweepAt = now;
    const rate = this.config.roomJoinsPerSecond;
    for (const [code, bucket] of this.roomJoins) if (bucket.tokens + ((now - bucket.at) * rate) / 1000 >= rate) this.roomJoins.delete(code);
  }
}
