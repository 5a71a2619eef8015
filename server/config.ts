/** Server configuration from the environment (documented in the README). */
import { z } from 'zod';
import { HOMEWORK_LIMITS, LIMITS } from '../shared/protocol/index.ts';
import { DEFAULT_HOMEWORK_LIMITS, type HomeworkLimitsConfig } from './homework/homework-limits.ts';
import { DEFAULT_LIMITS, type LimitsConfig } from './socket/abuse-limits.ts';
import { SYNCHRONOUS_MODES, type SynchronousMode } from './store/sqlite-store.ts';
import { DEFAULT_SET_LIMITS, type SetLimitsConfig } from './sets/set-limits.ts';
import { type ContestLimitsConfig, DEFAULT_CONTEST_LIMITS } from './contests/contest-limits.ts';

/** Socket.IO frames above this close the connection; the largest legitimate request (a room config) is ~2 kB. */
export const MAX_MESSAGE_BYTES_LIMIT = 16 * 1024;

const count = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** The built client; served with an SPA fallback when the folder exists. */
  CLIENT_DIR: z.string().min(1).default('dist/client'),
  /** Base of the join URLs given to hosts (e.g. https://arena.example.edu); default: the page's own origin. */
  PUBLIC_URL: z.url().optional(),
  /**
   * PEM files of a certificate and its key: the port then also speaks HTTPS (plain HTTP keeps working), so
   * phones get offline practice on the classroom network (docs/deployment.md, "HTTPS in a school").
   */
  TLS_CERT: z.string().min(1).optional(),
  TLS_KEY: z.string().min(1).optional(),
  /** Comma-separated origins allowed to open Socket.IO connections from other sites (e.g. a dev server). */
  CORS_ORIGIN: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_ROOMS: count(1000),
  /** An untouched room ends after this many minutes. */
  ROOM_IDLE_MINUTES: z.coerce.number().min(1).default(180),
  /** The SQLite file lives here (created on start). */
  DATA_DIR: z.string().min(1).default('./data'),
  /** NORMAL: a commit survives kill -9; FULL: it also survives a power cut (an fsync per commit). */
  SQLITE_SYNCHRONOUS: z.enum(SYNCHRONOUS_MODES).default('NORMAL'),
  /** Finished games (and their reports) are deleted after this many days. */
  RETENTION_DAYS: z.coerce.number().min(1).default(90),
  /** Comma-separated page origins allowed to open a game connection (the server's own origin always is); unset: any. */
  ALLOWED_ORIGINS: z.string().optional(),
  /** Reverse proxies in front of the server: limits then count the address from X-Forwarded-For. */
  TRUST_PROXY: count(0, 0),
  MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).max(MAX_MESSAGE_BYTES_LIMIT).default(MAX_MESSAGE_BYTES_LIMIT),
  REQUESTS_PER_SECOND: count(DEFAULT_LIMITS.requestsPerSecond),
  ANSWERS_PER_SECOND: count(DEFAULT_LIMITS.answersPerSecond),
  RATE_LIMIT_STRIKES: count(DEFAULT_LIMITS.strikesBeforeDisconnect),
  ROOMS_PER_MINUTE: count(DEFAULT_LIMITS.roomsPerMinute),
  JOIN_MISSES_PER_MINUTE: count(DEFAULT_LIMITS.joinMissesPerMinute),
  JOIN_BLOCK_SECONDS: count(DEFAULT_LIMITS.joinBlockSeconds),
  ROOM_JOINS_PER_SECOND: count(DEFAULT_LIMITS.roomJoinsPerSecond),
  JOIN_QUEUE_SECONDS: z.coerce.number().min(0).max(60).default(DEFAULT_LIMITS.joinQueueSeconds),
  MAX_ROOM_CAPACITY: z.coerce.number().int().min(LIMITS.minCapacity).max(LIMITS.maxCapacity).default(LIMITS.maxCapacity),
  REPORTS_PER_MINUTE: count(60),
  /** The question-set API, per address: teacher keys made per hour, writes and reads per minute. */
  SET_KEYS_PER_HOUR: count(DEFAULT_SET_LIMITS.keysPerHour),
  SET_WRITES_PER_MINUTE: count(DEFAULT_SET_LIMITS.writesPerMinute),
  SET_READS_PER_MINUTE: count(DEFAULT_SET_LIMITS.readsPerMinute),
  /** Homework: students one assignment admits, starts per address per minute; the assignment API's reads and writes per address per minute. */
  HOMEWORK_MAX_STUDENTS: count(HOMEWORK_LIMITS.maxStudents),
  HOMEWORK_STARTS_PER_MINUTE: count(DEFAULT_HOMEWORK_LIMITS.startsPerMinute),
  HOMEWORK_API_READS_PER_MINUTE: count(DEFAULT_HOMEWORK_LIMITS.readsPerMinute),
  HOMEWORK_API_WRITES_PER_MINUTE: count(DEFAULT_HOMEWORK_LIMITS.writesPerMinute),
  /** Contests: how many one teacher key may own; creates and organizer actions, and reads (boards), per address per minute. */
  CONTESTS_PER_KEY: count(DEFAULT_CONTEST_LIMITS.contestsPerKey),
  CONTEST_WRITES_PER_MINUTE: count(DEFAULT_CONTEST_LIMITS.writesPerMinute),
  CONTEST_READS_PER_MINUTE: count(DEFAULT_CONTEST_LIMITS.readsPerMinute),
  /** Set: rooms live in Redis and any number of nodes serve them (see docs/deployment.md). */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').optional(),
  /** This node's name in the cluster (logs, leases); default: random per start. */
  NODE_ID: z.string().regex(/^[\w.-]{1,64}$/).optional(),
  /** An owner that stops renewing loses its rooms after this long (another node takes them). */
  LEASE_TTL_MS: z.coerce.number().int().min(1000).max(60_000).default(5000),
  /** Every room's problems from this seed (rehearsals and tests: anyone who knows it can work the answers out). */
  ROOM_SEED: z.coerce.number().int().min(0).max(0xffffffff).optional(),
});

export interface ServerConfig {
  port: number;
  host: string;
  clientDir: string;
  publicUrl: string | null;
  /** Paths of the PEM certificate and key; `null`: HTTP only. */
  tls: { certFile: string; keyFile: string } | null;
  corsOrigins: string[];
  logLevel: z.output<typeof EnvSchema>['LOG_LEVEL'];
  maxRooms: number;
  idleTtlMs: number;
  dataDir: string;
  sqliteSynchronous: SynchronousMode;
  retentionDays: number;
  /** `null`: any origin may connect. */
  allowedOrigins: string[] | null;
  trustProxy: number;
  maxMessageBytes: number;
  limits: LimitsConfig;
  maxRoomCapacity: number;
  reportsPerMinute: number;
  setLimits: Pick<SetLimitsConfig, 'keysPerHour' | 'writesPerMinute' | 'readsPerMinute'>;
  homework: HomeworkLimitsConfig;
  contestLimits: ContestLimitsConfig;
  /** `null`: embedded mode (SQLite, one process). */
  redisUrl: string | null;
  nodeId: string | null;
  leaseTtlMs: number;
  /** `null`: a secret random seed per room. */
  roomSeed: number | null;
}

function list(value: string | undefined): string[] {
  return value ? value.split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean) : [];
}

export function loadConfig(env: Record<string, string | undefined>): ServerConfig {
  // Empty variables count as unset.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid configuration: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  if ((e.TLS_CERT === undefined) !== (e.TLS_KEY === undefined)) {
    throw new Error(`invalid configuration: ${e.TLS_CERT === undefined ? 'TLS_CERT' : 'TLS_KEY'}: set both TLS_CERT and TLS_KEY, or neither`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    clientDir: e.CLIENT_DIR,
    publicUrl: e.PUBLIC_URL ?? null,
    tls: e.TLS_CERT && e.TLS_KEY ? { certFile: e.TLS_CERT, keyFile: e.TLS_KEY } : null,
    corsOrigins: list(e.CORS_ORIGIN),
    logLevel: e.LOG_LEVEL,
    maxRooms: e.MAX_ROOMS,
    idleTtlMs: Math.round(e.ROOM_IDLE_MINUTES * 60_000),
    dataDir: e.DATA_DIR,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    retentionDays: e.RETENTION_DAYS,
    allowedOrigins: e.ALLOWED_ORIGINS === undefined ? null : list(e.ALLOWED_ORIGINS),
    trustProxy: e.TRUST_PROXY,
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    limits: {
      requestsPerSecond: e.REQUESTS_PER_SECOND,
      answersPerSecond: e.ANSWERS_PER_SECOND,
      strikesBeforeDisconnect: e.RATE_LIMIT_STRIKES,
      roomsPerMinute: e.ROOMS_PER_MINUTE,
      joinMissesPerMinute: e.JOIN_MISSES_PER_MINUTE,
      joinBlockSeconds: e.JOIN_BLOCK_SECONDS,
      roomJoinsPerSecond: e.ROOM_JOINS_PER_SECOND,
      joinQueueSeconds: e.JOIN_QUEUE_SECONDS,
    },
    maxRoomCapacity: e.MAX_ROOM_CAPACITY,
    reportsPerMinute: e.REPORTS_PER_MINUTE,
    setLimits: { keysPerHour: e.SET_KEYS_PER_HOUR, writesPerMinute: e.SET_WRITES_PER_MINUTE, readsPerMinute: e.SET_READS_PER_MINUTE },
    homework: { maxStudents: e.HOMEWORK_MAX_STUDENTS, startsPerMinute: e.HOMEWORK_STARTS_PER_MINUTE, readsPerMinute: e.HOMEWORK_API_READS_PER_MINUTE, writesPerMinute: e.HOMEWORK_API_WRITES_PER_MINUTE },
    contestLimits: { contestsPerKey: e.CONTESTS_PER_KEY, writesPerMinute: e.CONTEST_WRITES_PER_MINUTE, readsPerMinute: e.CONTEST_READS_PER_MINUTE },
    redisUrl: e.REDIS_URL ?? null,
    nodeId: e.NODE_ID ?? null,
    leaseTtlMs: e.LEASE_TTL_MS,
    roomSeed: e.ROOM_SEED ?? null,
  };
}
