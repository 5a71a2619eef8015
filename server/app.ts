/**
 * The application: Express for HTTP (health check, reports, the built client) and
 * Socket.IO for games, assembled from injected components so tests can run it on port 0
 * with a fake clock, a known seed and a store in a temporary folder.
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import express from 'express';
import expressStaticGzip from 'express-static-gzip';
import type { Logger } from 'pino';
import { Server, type ServerOptions } from 'socket.io';
import { ERROR_CODES, PROTOCOL_VERSION } from '../shared/protocol/index.ts';
import { frameParser } from './socket/frame-encoder.ts';
import type { ServerConfig } from './config.ts';
import { type RoomArchive, createApiRouter } from './http/api.ts';
import { type Clock, systemClock } from './room/clock.ts';
import { LocalDirectory, LocalRooms, type RoomDirectory } from './room/room-directory.ts';
import { RoomRegistry } from './room/room-registry.ts';
import type { Room } from './room/room.ts';
import { newRoomSeed } from './room/secrets.ts';
import { AbuseLimits, type LimitsConfig } from './socket/abuse-limits.ts';
import { clientAddress, clientPeer } from './socket/client-address.ts';
import { attachConnectionHandlers } from './socket/connection.ts';
import { createSocketTransport, reseatConnections } from './socket/socket-transport.ts';
import type { ArenaServer } from './socket/types.ts';
import type { RoomStore } from './store/room-store.ts';
import { type SetLimitsConfig, createSetRouter } from './sets/set-router.ts';
import type { SetStore } from './sets/set-store.ts';
import { SqliteSetStore, memorySetStore } from './sets/sqlite-set-store.ts';
import type { HomeworkStore } from './homework/homework-store.ts';
import { ProblemCache } from './homework/homework-progress.ts';
import { HomeworkRequests } from './homework/homework-requests.ts';
import { createHomeworkRouter } from './homework/homework-router.ts';
import { HomeworkService } from './homework/homework-service.ts';
import { SqliteHomeworkStore, memoryHomeworkStore } from './homework/sqlite-homework-store.ts';
import { ContestHub } from './contests/contest-hub.ts';
import type { ContestLimitsConfig } from './contests/contest-limits.ts';
import { createContestRouter } from './contests/contest-router.ts';
import type { ContestStore } from './contests/contest-store.ts';
import { SqliteContestStore, memoryContestStore } from './contests/sqlite-contest-store.ts';
import { isLoopbackHost } from '../shared/net/loopback-host.ts';
import { type InterfaceMap, listensLocallyOnly, networkAddresses, servedAddresses } from './network-addresses.ts';

export interface ApplicationOptions {
  config: ServerConfig;
  logger: Logger;
  clock?: Clock;
  /** A room's secret seed; node:crypto unless a test needs to recompute the problems. */
  seedSource?: () => number;
  /** How long an ended room stays reachable before it is disposed. */
  endedLingerMs?: number;
  /** Head counts are coalesced to one frame per this interval for the host (0: send at once). */
  presenceIntervalMs?: number;
  /** The same for players (default: 8 × the host's interval, so 2 s). */
  playerPresenceIntervalMs?: number;
  /** Requests per connection per second (overrides the configuration). */
  requestsPerSecond?: number;
  /** Rooms created per address per minute (overrides the configuration). */
  roomsPerMinute?: number;
  /** Any other limit (overrides the configuration). */
  limits?: Partial<LimitsConfig>;
  /** Where rooms are saved and resumed from; none keeps every room in memory only. */
  store?: RoomStore | null;
  /** Several nodes sharing rooms through Redis (see server/cluster/); none: every room in this process. */
  cluster?: ClusterHooks;
  /** The machine's interfaces (default: node:os, read at each use, as a laptop changes networks). */
  networkInterfaces?: () => InterfaceMap;
  /** Question sets and teacher keys; default: the rooms' SQLite file, the cluster's Redis, or memory without either. */
  sets?: SetStore;
  /** The set API's limits (overrides the defaults of server/sets/set-router.ts). */
  setLimits?: Partial<SetLimitsConfig>;
  /** Assignments, students and their answers; default: the rooms' SQLite file, the cluster's Redis, or memory without either. */
  homework?: HomeworkStore;
  /** Homework's limits (overrides the configuration). */
  homeworkLimits?: Partial<ServerConfig['homework']>;
  /** Contests; default: the rooms' SQLite file, the cluster's Redis, or memory without either. */
  contests?: ContestStore;
  /** The contest API's limits (overrides the configuration). */
  contestLimits?: Partial<ContestLimitsConfig>;
  /** How often the contest hub looks at the contest rooms (default 500 ms). */
  contestHubIntervalMs?: number;
}

export interface ClusterHooks {
  /** The Socket.IO adapter that carries frames and inter-server messages between nodes. */
  adapter: NonNullable<Partial<ServerOptions>['adapter']>;
  directory(registry: RoomRegistry, io: ArenaServer): RoomDirectory & { start(): Promise<void>; stop(): Promise<void>; onJournalLost(room: Room): void };
  /** Saved rooms (reports, recent games) from any node. */
  archive: RoomArchive;
  /** Question sets in the cluster's Redis. */
  sets?: SetStore;
  /** Homework in the cluster's Redis. */
  homework?: HomeworkStore;
  /** Contests in the cluster's Redis. */
  contests?: ContestStore;
}

export interface Application {
  io: ArenaServer;
  app: express.Express;
  registry: RoomRegistry;
  store: RoomStore | null;
  contests: ContestStore;
  /** Keeps the contest rooms this process runs in step with their contests (contest-hub.ts). */
  contestHub: ContestHub;
  /** The abuse limits every connection is held to (the join queue is read by tests). */
  limits: AbuseLimits;
  /** Rooms resumed from the store on start. */
  resumed: number;
  /** Settles once the node has joined its cluster (at once in embedded mode). */
  started: Promise<void>;
  /**
   * A graceful stop: refuse new connections, checkpoint every room, tell every connection
   * `server:restarting`, close them, the HTTP server and the store. The next server resumes the rooms.
   */
  close(): Promise<void>;
}

const DAY_MS = 24 * 3600_000;
/** What `server:restarting` suggests waiting before reconnecting. */
const RESTART_RETRY_MS = 2000;
/** How long a graceful stop waits for connections to flush their last frames. */
const CLOSE_WAIT_MS = 1500;

export function createApplication(httpServer: HttpServer, options: ApplicationOptions): Application {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const store = options.store ?? null;
  const sets: SetStore = options.sets ?? (store ? new SqliteSetStore(store.sqlite.database) : (options.cluster?.sets ?? memorySetStore()));
  const homeworkStore: HomeworkStore =
    options.homework ?? (store ? new SqliteHomeworkStore(store.sqlite.database) : (options.cluster?.homework ?? memoryHomeworkStore()));
  const homeworkLimits = { ...config.homework, ...options.homeworkLimits };
  const problems = new ProblemCache();
  const homework = new HomeworkService({ store: homeworkStore, logger, now: () => clock.now(), limits: homeworkLimits, problems });
  const contests: ContestStore =
    options.contests ?? (store ? new SqliteContestStore(store.sqlite.database) : (options.cluster?.contests ?? memoryContestStore()));
  const startedAt = Date.now();
  let stopping = false;

  const addressOf = (remote: string | undefined, headers: IncomingMessage['headers']) =>
    clientAddress(remote, headers['x-forwarded-for'], config.trustProxy);

  /** CORS does not cover WebSocket: a browser page of any site may open one, so the Origin header is checked here. */
  function originAllowed(req: IncomingMessage): boolean {
    const allowed = config.allowedOrigins;
    const origin = req.headers.origin;
    // Non-browser clients (bots) send no Origin; the check is about other sites' pages.
    if (allowed === null || origin === undefined) return true;
    const host = req.headers.host;
    if (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`)) return true;
    if (config.publicUrl !== null && origin === new URL(config.publicUrl).origin) return true;
    return allowed.includes(origin);
  }

  const io: ArenaServer = new Server(httpServer, {
    serveClient: false,
    ...(options.cluster ? { adapter: options.cluster.adapter } : {}),
    maxHttpBufferSize: config.maxMessageBytes,
    // Off (engine.io's default, said out loud): deflating each frame per socket costs CPU and ≈ 300 KB of zlib
    // state per connection; frames are small JSON.
    perMessageDeflate: false,
    // socket.io-parser's wire format, encoded without the search for binary parts (frame-encoder.ts).
    parser: frameParser,
    cors: config.corsOrigins.length > 0 ? { origin: config.corsOrigins } : undefined,
    allowRequest: (req, callback) => {
      if (stopping) return callback(ERROR_CODES.SERVER_RESTARTING, false);
      if (!originAllowed(req)) {
        logger.warn({ origin: req.headers.origin?.slice(0, 100) }, 'handshake refused: origin not allowed');
        return callback(ERROR_CODES.ORIGIN_NOT_ALLOWED, false);
      }
      callback(null, true);
    },
  });

  const registry = new RoomRegistry({
    clock,
    logger,
    transportFor: (code) => createSocketTransport(io, code, { cluster: options.cluster !== undefined }),
    seedSource: options.seedSource ?? (config.roomSeed === null ? newRoomSeed : () => config.roomSeed!),
    maxRooms: config.maxRooms,
    idleTtlMs: config.idleTtlMs,
    endedLingerMs: options.endedLingerMs ?? 10 * 60_000,
    presenceIntervalMs: options.presenceIntervalMs ?? 250,
    // Players show head counts in the lobby only; a frame to every phone 4 times a second cost more than the answers.
    playerPresenceIntervalMs: options.playerPresenceIntervalMs ?? 8 * (options.presenceIntervalMs ?? 250),
    store,
    maxCapacity: config.maxRoomCapacity,
    onJournalLost: (room) => (clusterDirectory ? clusterDirectory.onJournalLost(room) : registry.resumeLost(room, (resumed) => reseatConnections(io, resumed))),
  });
  const clusterDirectory = options.cluster?.directory(registry, io) ?? null;

  const limits = new AbuseLimits({
    ...config.limits,
    ...(options.requestsPerSecond === undefined ? {} : { requestsPerSecond: options.requestsPerSecond }),
    ...(options.roomsPerMinute === undefined ? {} : { roomsPerMinute: options.roomsPerMinute }),
    ...options.limits,
  });

  // Only where the server listens: HOST=127.0.0.1 must not hand phones an address nothing answers on.
  const addresses = () => servedAddresses(networkAddresses(options.networkInterfaces?.()), config.host);
  const directory: RoomDirectory = clusterDirectory ?? new LocalDirectory(registry);
  attachConnectionHandlers(
    io,
    directory,
    {
      directory,
      logger,
      sets,
      homework: new HomeworkRequests(homework, limits, homeworkLimits.startsPerMinute),
      contests,
      now: () => clock.now(),
      publicUrl: config.publicUrl,
      networkAddresses: addresses,
      https: config.tls !== null,
      limits,
      addressOf: (socket) => addressOf(socket.conn.remoteAddress, socket.handshake.headers),
    },
    logger,
  );

  // Retention: finished games (and their reports) go after RETENTION_DAYS, checked on start and daily.
  function purge(): void {
    if (!store) return;
    try {
      const purged = store.purgeFinishedBefore(clock.now() - config.retentionDays * DAY_MS);
      if (purged > 0) logger.info({ purged, retentionDays: config.retentionDays }, 'finished rooms purged');
    } catch (err) {
      logger.error({ err }, 'retention purge failed');
    }
  }
  // Homework's students and answers go RETENTION_DAYS after the assignment's deadline.
  function purgeHomework(): void {
    homeworkStore.purgeClosedBefore?.(clock.now() - config.retentionDays * DAY_MS).then(
      (purged) => {
        if (purged > 0) logger.info({ purged, retentionDays: config.retentionDays }, 'closed assignments purged');
      },
      (err: unknown) => logger.error({ err }, 'homework retention purge failed'),
    );
  }
  // Ended contests go after the same time (their room keys with them).
  function purgeContests(): void {
    contests.purgeEndedBefore(clock.now() - config.retentionDays * DAY_MS).then(
      (purged) => purged > 0 && logger.info({ purged, retentionDays: config.retentionDays }, 'ended contests purged'),
      (err: unknown) => logger.error({ err }, 'contest retention purge failed'),
    );
  }
  purge();
  purgeHomework();
  purgeContests();
  const purgeTimer = store ? setInterval(purge, DAY_MS) : null;
  const homeworkPurgeTimer = setInterval(purgeHomework, DAY_MS);
  homeworkPurgeTimer.unref();
  const contestPurgeTimer = setInterval(purgeContests, DAY_MS);
  contestPurgeTimer.unref();
  purgeTimer?.unref();
  const resumed = registry.restore();

  // The rooms this process runs (in a cluster: the ones it owns), as the contest hub reads them.
  const localRooms = new LocalRooms(registry);
  const contestHub = new ContestHub({
    store: contests,
    rooms: () =>
      registry
        .all()
        .filter((room) => !room.isDisposed && !room.isSuspended && room.current.contest !== undefined)
        .map((room) => ({ code: room.code, get state() { return room.current; } })),
    system: (code, event) => localRooms.system(code, event),
    exists: (code) => directory.exists(code),
    clock,
    logger,
    ...(options.contestHubIntervalMs === undefined ? {} : { intervalMs: options.contestHubIntervalMs }),
  });
  contestHub.start();
  if (store) logger.info({ resumed }, 'rooms resumed from the store');

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    // 503 while stopping, so a load balancer sends no one here meanwhile.
    res.status(stopping ? 503 : 200).json({
      ok: !stopping,
      protocolVersion: PROTOCOL_VERSION,
      rooms: registry.size,
      connections: io.engine.clientsCount,
      uptimeSec: Math.round((Date.now() - startedAt) / 1000),
    });
  });
  app.use('/api', createSetRouter({ store: sets, logger, now: () => clock.now(), addressOf: (req) => addressOf(req.socket.remoteAddress, req.headers), limits: { ...config.setLimits, ...options.setLimits } }));
  app.use(
    '/api',
    createHomeworkRouter({
      store: homeworkStore,
      sets,
      logger,
      now: () => clock.now(),
      addressOf: (req) => addressOf(req.socket.remoteAddress, req.headers),
      problems,
      limits: homeworkLimits,
    }),
  );
  app.use(
    '/api',
    createContestRouter({
      store: contests,
      sets,
      logger,
      now: () => clock.now(),
      addressOf: (req) => addressOf(req.socket.remoteAddress, req.headers),
      limits: { ...config.contestLimits, ...options.contestLimits },
      onStageChange: () => void contestHub.poke(),
    }),
  );
  app.use(
    '/api',
    createApiRouter({
      registry,
      store: store ?? options.cluster?.archive ?? null,
      logger,
      now: () => clock.now(),
      addressOf: (req) => addressOf(req.socket.remoteAddress, req.headers),
      requestsPerMinute: config.reportsPerMinute,
      stopping: () => stopping,
      publicUrl: config.publicUrl,
      networkAddresses: addresses,
      localOnly: listensLocallyOnly(config.host),
      fromThisMachine: (req) => isLoopbackHost(clientPeer(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.trustProxy).replace(/^::ffff:/i, '')),
      https: config.tls !== null,
    }),
  );

  const clientDir = path.resolve(config.clientDir);
  const indexHtml = path.join(clientDir, 'index.html');
  if (existsSync(indexHtml)) {
    // The build writes each text file beside a .br and a .gz of itself (vite.config.ts): a phone on a
    // slow network downloads the smallest its browser reads, and this server spends no CPU compressing.
    const staticFiles = expressStaticGzip(clientDir, {
      enableBrotli: true,
      orderPreference: ['br', 'gzip'],
      index: 'index.html',
      serveStatic: {
        setHeaders: (res: ServerResponse, file: string) => {
          // Hashed assets never change; the shell and the service worker must be revalidated, or a
          // phone keeps an old index.html that points at assets a redeploy removed.
          const name = path.basename(file).replace(/\.(br|gz)$/, '');
          if (name === 'index.html' || name === 'sw.js' || name.endsWith('.webmanifest')) res.setHeader('Cache-Control', 'no-cache');
          else if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
          else res.setHeader('Cache-Control', 'public, max-age=3600');
        },
      },
    });
    app.use(staticFiles);
    // Client-side routes (/join/ABCDEF, /host, …) all load the app shell, compressed like the rest.
    app.use((req, res, next) => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || /^\/(api|socket\.io|healthz)(\/|$)/.test(req.path)) return next();
      req.url = '/index.html';
      staticFiles(req, res, next);
    });
  } else {
    logger.info({ clientDir }, 'no built client; serving the API only');
  }
  app.use((_req, res) => {
    res.status(404).json({ ok: false, error: { code: ERROR_CODES.NOT_FOUND, message: 'not found' } });
  });

  // Socket.IO answers its own path on this server; Express must not answer it a second time.
  const httpHandler = (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith('/socket.io/')) return;
    app(req, res);
  };
  httpServer.on('request', httpHandler);

  // Upgraded (WebSocket) connections are not HTTP connections any more: closeAllConnections() does not
  // reach them, and a peer that never answers the close handshake would hold a stop for 30 s.
  const openSockets = new Set<Socket>();
  const trackSocket = (socket: Socket) => {
    openSockets.add(socket);
    socket.once('close', () => openSockets.delete(socket));
  };
  httpServer.on('connection', trackSocket);

  let closing: Promise<void> | null = null;
  async function stop(): Promise<void> {
    stopping = true;
    if (purgeTimer) clearInterval(purgeTimer);
    clearInterval(homeworkPurgeTimer);
    clearInterval(contestPurgeTimer);
    // No contest event reaches a room once it is being saved for the next server.
    await contestHub.stop();
    // No new TCP connections; the ones open are closed below.
    const httpClosed = new Promise<void>((resolve) => {
      if (!httpServer.listening) return resolve();
      httpServer.close(() => resolve());
    });
    // Every room is saved and stops; seats stay for the next server.
    await registry.suspendAll();
    // The rooms are saved: their leases go back so another node resumes them at once.
    await clusterDirectory?.stop().catch((err: unknown) => logger.error({ err }, 'could not give the rooms back'));
    const sockets = [...io.sockets.sockets.values()];
    for (const socket of sockets) socket.emit('server:restarting', { retryAfterMs: RESTART_RETRY_MS });
    // Closing the transport (not `disconnect(true)`) lets Socket.IO clients reconnect on their own.
    for (const socket of sockets) socket.conn.close();
    const deadline = Date.now() + CLOSE_WAIT_MS;
    while (io.engine.clientsCount > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    httpServer.off('request', httpHandler);
    // io.close() resolves only once the HTTP server has closed, i.e. once every connection has ended.
    const ioClosed = io.close();
    httpServer.closeAllConnections();
    await Promise.race([Promise.all([ioClosed, httpClosed]), new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS))]);
    for (const socket of openSockets) socket.destroy();
    httpServer.off('connection', trackSocket);
    await Promise.all([ioClosed, httpClosed]);
    registry.disposeAll();
    sets.close();
    homeworkStore.close();
    contests.close();
    store?.close();
    logger.info({ rooms: registry.size }, 'stopped');
  }

  return {
    io,
    app,
    registry,
    store,
    contests,
    contestHub,
    limits,
    resumed,
    started: clusterDirectory ? clusterDirectory.start() : Promise.resolve(),
    close() {
      closing ??= stop();
      return closing;
    },
  };
}
