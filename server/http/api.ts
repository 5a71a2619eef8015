/**
 * The HTTP API: a host's rooms and their reports. The host token travels in the
 * `Authorization: Bearer …` header (or a POST body), never in a URL: URLs end up in proxy
 * logs and browser histories. Answers have the shape of an ack, `{ ok, data | error }`.
 */
import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import {
  type AckError,
  ERROR_CODES,
  type ErrorCode,
  type Phase,
  type JoinAddressesResult,
  type RoomListResult,
  RoomLookupSchema,
  type RoomReport,
  type RoomSummary,
} from '../../shared/protocol/index.ts';
import type { RoomRegistry } from '../room/room-registry.ts';
import type { RoomState } from '../room/room-state.ts';
import { hashToken, normaliseRoomCode, roomCodeOfToken } from '../room/secrets.ts';
import { buildReport } from '../report/room-report.ts';
import { playersCsv, questionsCsv, teamsCsv } from '../report/report-csv.ts';
import type { RoomSummaryRow } from '../store/sqlite-store.ts';
import type { NetworkAddress } from '../network-addresses.ts';

/** Where saved rooms are read (synchronously from SQLite, or from Redis). */
export interface RoomArchive {
  load(code: string): RoomState | null | Promise<RoomState | null>;
  hostTokenHashOf(code: string): string | null | Promise<string | null>;
  roomsForHosts(hostTokenHashes: readonly string[]): RoomSummaryRow[] | Promise<RoomSummaryRow[]>;
  /** Whether rooms it holds may still be running on another node (their reports are then live and not cached). */
  readonly shared?: boolean;
}

export interface ApiDeps {
  registry: RoomRegistry;
  /** Rooms not running in this process: the SQLite store, or Redis when several nodes share the rooms. */
  store: RoomArchive | null;
  logger: Logger;
  now: () => number;
  /** The address limits count a request against. */
  addressOf: (req: Request) => string;
  requestsPerMinute: number;
  /** The server is stopping. */
  stopping: () => boolean;
  publicUrl: string | null;
  /** This machine's network addresses the server answers on, likeliest first. */
  networkAddresses: () => NetworkAddress[];
  /** The server listens on a loopback address only (HOST=127.0.0.1). */
  localOnly: boolean;
  /** The request comes from this machine (a page on localhost), by its peer or trusted proxies' word. */
  fromThisMachine: (req: Request) => boolean;
  /** The port also speaks HTTPS: the addresses are given with it. */
  https: boolean;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ERROR_CODES.INVALID_TOKEN]: 401,
  [ERROR_CODES.INVALID_PAYLOAD]: 400,
  [ERROR_CODES.NOT_HOST]: 403,
  [ERROR_CODES.NOT_ALLOWED]: 403,
  [ERROR_CODES.ROOM_NOT_FOUND]: 404,
  [ERROR_CODES.NOT_FOUND]: 404,
  [ERROR_CODES.GAME_NOT_FOUND]: 404,
  [ERROR_CODES.RATE_LIMITED]: 429,
  [ERROR_CODES.SERVER_RESTARTING]: 503,
};

function sendError(res: Response, error: AckError): void {
  const status = STATUS[error.code] ?? 500;
  if (status === 401) res.set('WWW-Authenticate', 'Bearer');
  if (error.retryAfterMs !== undefined) res.set('Retry-After', String(Math.ceil(error.retryAfterMs / 1000)));
  res.status(status).json({ ok: false, error });
}

/** The bearer token of a request, or null. */
function bearer(req: Request): string | null {
  const match = /^Bearer\s+(\S{1,200})\s*$/i.exec(req.get('authorization') ?? '');
  return match ? match[1]! : null;
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function reportPaths(code: string): RoomSummary['reports'] {
  const base = `/api/rooms/${code}`;
  return { json: `${base}/report.json`, players: `${base}/report.csv`, questions: `${base}/questions.csv`, teams: `${base}/teams.csv` };
}

/** Reports built lately: a 5,000-player game takes about a second to load and build, so each is built once per change. */
const REPORT_CACHE_SIZE = 8;
const REPORT_CACHE_MS = 10 * 60_000;

interface CachedReport {
  /** The state it was built from (states are immutable: the same object means nothing changed). */
  state: RoomState;
  live: boolean;
  report: RoomReport;
  files: Map<string, string>;
  builtAt: number;
}

const DOWNLOADS = {
  'report.json': null,
  'report.csv': { file: 'players', write: playersCsv },
  'questions.csv': { file: 'questions', write: questionsCsv },
  'teams.csv': { file: 'teams', write: teamsCsv },
} as const;
type Download = keyof typeof DOWNLOADS;

export function createApiRouter(deps: ApiDeps): express.Router {
  const router = express.Router();
  const limiter = new RateLimiterMemory({ keyPrefix: 'api', points: deps.requestsPerMinute, duration: 60 });

  router.use(async (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    if (deps.stopping()) return sendError(res, { code: ERROR_CODES.SERVER_RESTARTING, message: 'the server is restarting' });
    try {
      await limiter.consume(deps.addressOf(req));
      next();
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) return next(rejection);
      sendError(res, { code: ERROR_CODES.RATE_LIMITED, message: 'too many requests; wait a minute', retryAfterMs: Math.ceil(rejection.msBeforeNext) });
    }
  });

  const cache = new Map<string, CachedReport>();

  async function hostHashOf(code: string): Promise<string | null> {
    const room = deps.registry.get(code);
    if (room && !room.isDisposed) return room.current.host.tokenHash;
    return (await deps.store?.hostTokenHashOf(code)) ?? null;
  }

  /** A room's report: live on this server, or from the store; built again only when the room changed. */
  async function reportOf(code: string, game: number | null): Promise<CachedReport | null> {
    const now = Date.now();
    const key = game === null ? code : `${code}#${game}`;
    const cached = cache.get(key);
    const room = deps.registry.get(code);
    let live = room !== undefined && !room.isDisposed;
    let state: RoomState;
    if (room && live) {
      state = room.current as RoomState;
      if (cached?.live && cached.state === state) return cached;
    } else {
      // A room that left memory has ended: what the store holds no longer changes (until it is purged).
      if (cached && !cached.live && now - cached.builtAt < REPORT_CACHE_MS) return cached;
      const stored = await deps.store?.load(code);
      if (!stored) return null;
      state = stored;
      // Another node may be running it: built afresh each time until it has ended.
      live = deps.store?.shared === true && state.phase.phase !== 'ended';
    }
    // A room that played again keeps its finished games: `?game=N` asks for one of them.
    const past = game === null ? null : (state.pastGames?.find((p) => p.game === game) ?? null);
    if (game !== null && !past && game !== (state.game ?? 1)) return null;
    const ofGame = past ? (past.state as RoomState) : state;
    const report = buildReport(ofGame, {
      live: live && !past,
      finishedAt: past ? past.endedAt : state.phase.phase === 'ended' ? state.phase.endedAt : null,
      now: deps.now(),
    });
    const entry: CachedReport = { state, live, report, files: new Map(), builtAt: now };
    cache.delete(key);
    cache.set(key, entry);
    if (cache.size > REPORT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return entry;
  }

  function summaryOf(state: RoomState, live: boolean): RoomSummary {
    return {
      code: state.code,
      title: state.config.title,
      phase: state.phase.phase,
      live,
      players: Object.keys(state.players).length,
      createdAt: state.createdAt,
      finishedAt: state.phase.phase === 'ended' ? state.phase.endedAt : null,
      reports: reportPaths(state.code),
    };
  }

  /** Every room hosted with one of these tokens: live ones from memory, the rest from the store. */
  async function roomsFor(tokens: readonly string[]): Promise<RoomListResult> {
    const rooms = new Map<string, RoomSummary>();
    const hashes: string[] = [];
    for (const token of tokens) {
      const code = roomCodeOfToken(token);
      if (code === null) continue;
      const hash = hashToken(token);
      hashes.push(hash);
      const room = deps.registry.get(code);
      if (room && !room.isDisposed && sameHash(room.current.host.tokenHash, hash)) rooms.set(code, summaryOf(room.current as RoomState, true));
    }
    for (const row of (await deps.store?.roomsForHosts(hashes)) ?? []) {
      if (rooms.has(row.code)) continue;
      rooms.set(row.code, {
        code: row.code,
        title: row.title,
        phase: row.phase as Phase,
        live: false,
        players: row.players,
        createdAt: row.createdAt,
        finishedAt: row.finishedAt,
        reports: reportPaths(row.code),
      });
    }
    return { rooms: [...rooms.values()].sort((a, b) => b.createdAt - a.createdAt) };
  }

  // Only the projector page on this machine needs them; a server reached from outside keeps its inner
  // addresses (VPNs, container bridges) to itself.
  router.get('/join-addresses', (req, res) => {
    if (!deps.fromThisMachine(req)) {
      return sendError(res, { code: ERROR_CODES.NOT_ALLOWED, message: 'only a page on this machine (localhost) may list its network addresses' });
    }
    const port = /:(\d{1,5})$/.exec(req.get('host') ?? '')?.[1];
    const data: JoinAddressesResult = {
      publicUrl: deps.publicUrl,
      localOnly: deps.localOnly,
      addresses: deps.networkAddresses().map((a) => ({ ...a, url: `${deps.https ? 'https' : req.protocol}://${a.address}${port ? `:${port}` : ''}` })),
    };
    res.json({ ok: true, data });
  });

  router.get('/rooms', async (req, res) => {
    const token = bearer(req);
    if (token === null || roomCodeOfToken(token) === null) {
      return sendError(res, { code: ERROR_CODES.INVALID_TOKEN, message: 'send your host token as Authorization: Bearer <token>' });
    }
    res.json({ ok: true, data: await roomsFor([token]) });
  });

  router.post('/rooms/lookup', express.json({ limit: '16kb' }), async (req, res) => {
    const parsed = RoomLookupSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, { code: ERROR_CODES.INVALID_PAYLOAD, message: 'send { "hostTokens": [ … ] } (1 to 50 tokens)' });
    res.json({ ok: true, data: await roomsFor(parsed.data.hostTokens) });
  });

  router.get('/rooms/:code/:file', async (req, res) => {
    const file = req.params.file as string;
    if (!Object.hasOwn(DOWNLOADS, file)) return sendError(res, { code: ERROR_CODES.NOT_FOUND, message: 'no such report' });
    const token = bearer(req);
    if (token === null) return sendError(res, { code: ERROR_CODES.INVALID_TOKEN, message: 'send the host token as Authorization: Bearer <token>' });
    const code = normaliseRoomCode(req.params.code as string);
    const notFound = { code: ERROR_CODES.ROOM_NOT_FOUND, message: 'no room with that code (finished games are kept for a limited time)' } as const;
    // Authorised before anything is built: a report of a big game costs about a second of work.
    const hostHash = /^[A-Z0-9]{6}$/.test(code) ? await hostHashOf(code) : null;
    if (hostHash === null) return sendError(res, notFound);
    if (!sameHash(hashToken(token), hostHash)) {
      return sendError(res, { code: ERROR_CODES.NOT_HOST, message: "only this room's host token opens its report" });
    }
    // `?game=N`: one game of a room that played again. Anything but one plain number (`0`, `1.5`, `abc`, a repeated
    // parameter, which Express reads as an array) is a malformed request, not a game that is missing.
    const gameParam = req.query.game;
    if (gameParam !== undefined && (typeof gameParam !== 'string' || !/^[1-9][0-9]{0,3}$/.test(gameParam))) {
      return sendError(res, { code: ERROR_CODES.INVALID_PAYLOAD, message: 'game must be a game number of this room: 1, 2, …' });
    }
    const game = gameParam === undefined ? null : Number(gameParam);
    const found = await reportOf(code, game);
    if (!found) {
      return sendError(res, game === null ? notFound : { code: ERROR_CODES.GAME_NOT_FOUND, message: `this room has not played a game ${game}` });
    }
    const download = DOWNLOADS[file as Download];
    if (download === null) {
      res.json({ ok: true, data: found.report });
      return;
    }
    let body = found.files.get(file);
    if (body === undefined) {
      body = download.write(found.report);
      found.files.set(file, body);
    }
    res.type('text/csv; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="backprop-arena-${code}${game === null ? '' : `-game${game}`}-${download.file}.csv"`);
    res.send(body);
  });

  router.use((_req, res) => sendError(res, { code: ERROR_CODES.NOT_FOUND, message: 'not found' }));
  // Express recognises an error handler by its four parameters.
  router.use((err: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    // A body that is not JSON, or too big, is the client's mistake (body-parser sets a 4xx status).
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendError(res, { code: ERROR_CODES.INVALID_PAYLOAD, message: 'send a JSON body of at most 16 KiB' });
    }
    deps.logger.error({ err }, 'API request failed');
    sendError(res, { code: ERROR_CODES.INTERNAL_ERROR, message: 'something went wrong on the server' });
  });
  return router;
}
