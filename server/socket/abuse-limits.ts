/**
 * The limits that keep a classroom prankster with a script from spoiling a game. Each
 * answers a clear error code (with `retryAfterMs`); each is configurable (README,
 * "Limits"). Budgets are in memory (rate-limiter-flexible): a restart resets them.
 *
 * - requests per connection per second, and answers per connection per second;
 * - a connection refused too often within STRIKE_WINDOW_SEC is disconnected (its seat stays);
 * - room creations per address per minute;
 * - `room:join` with an unknown code per address per minute: past the budget the address is
 *   blocked, for a time that doubles with each block within BLOCK_MEMORY_SEC (joins to a
 *   known code do not count, so a class behind one NAT address joins freely);
 * - joins per room per second (capacity and the host's lock are the room's own rules).
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { type AckError, ERROR_CODES } from '../../shared/protocol.ts';

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
}

export const DEFAULT_LIMITS: LimitsConfig = {
  requestsPerSecond: 20,
  answersPerSecond: 5,
  strikesBeforeDisconnect: 30,
  roomsPerMinute: 10,
  joinMissesPerMinute: 30,
  joinBlockSeconds: 30,
  roomJoinsPerSecond: 200,
};

export const STRIKE_WINDOW_SEC = 10;
/** Blocks within this long of each other count as repeats (the backoff doubles). */
export const BLOCK_MEMORY_SEC = 3600;
export const MAX_BLOCK_SEC = 15 * 60;

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
  private readonly requests: RateLimiterMemory;
  private readonly answers: RateLimiterMemory;
  private readonly strikes: RateLimiterMemory;
  private readonly creations: RateLimiterMemory;
  private readonly joinMisses: RateLimiterMemory;
  private readonly joinBlocks: RateLimiterMemory;
  private readonly roomJoins: RateLimiterMemory;

  constructor(config: Partial<LimitsConfig> = {}) {
    this.config = { ...DEFAULT_LIMITS, ...config };
    const c = this.config;
    this.requests = new RateLimiterMemory({ keyPrefix: 'req', points: c.requestsPerSecond, duration: 1 });
    this.answers = new RateLimiterMemory({ keyPrefix: 'ans', points: c.answersPerSecond, duration: 1 });
    this.strikes = new RateLimiterMemory({ keyPrefix: 'strike', points: c.strikesBeforeDisconnect, duration: STRIKE_WINDOW_SEC });
    this.creations = new RateLimiterMemory({ keyPrefix: 'create', points: c.roomsPerMinute, duration: 60 });
    this.joinMisses = new RateLimiterMemory({ keyPrefix: 'miss', points: c.joinMissesPerMinute, duration: 60 });
    this.joinBlocks = new RateLimiterMemory({ keyPrefix: 'block', points: Number.MAX_SAFE_INTEGER, duration: BLOCK_MEMORY_SEC });
    this.roomJoins = new RateLimiterMemory({ keyPrefix: 'join', points: c.roomJoinsPerSecond, duration: 1 });
  }

  /** A connection's request budget (answers have their own, smaller one). */
  async request(connectionId: string, event: string): Promise<AckError | null> {
    const all = await take(this.requests, connectionId);
    if (all) return refusal(ERROR_CODES.RATE_LIMITED, 'too many requests; slow down', all);
    if (event !== 'answer:submit') return null;
    const answers = await take(this.answers, connectionId);
    return answers ? refusal(ERROR_CODES.RATE_LIMITED, 'too many answers; slow down', answers) : null;
  }

  /** Count one refusal against a connection; true when it has had too many and is to be closed. */
  async strike(connectionId: string): Promise<boolean> {
    return (await take(this.strikes, connectionId)) !== null;
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

  async roomJoin(code: string): Promise<AckError | null> {
    const res = await take(this.roomJoins, code);
    return res ? refusal(ERROR_CODES.RATE_LIMITED, 'many players are joining this room right now; try again in a moment', res) : null;
  }
}
