/**
 * The application: Express for HTTP (health check, the built client) and Socket.IO for
 * games, assembled from injected components so tests can run it on port 0 with a fake
 * clock and a known seed.
 */
import { existsSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import path from 'node:path';
import express from 'express';
import type { Logger } from 'pino';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { Server } from 'socket.io';
import { PROTOCOL_VERSION } from '../shared/protocol.ts';
import type { ServerConfig } from './config.ts';
import { type Clock, systemClock } from './room/clock.ts';
import { RoomRegistry } from './room/room-registry.ts';
import { newRoomSeed } from './room/secrets.ts';
import { attachConnectionHandlers } from './socket/connection.ts';
import { createSocketTransport } from './socket/socket-transport.ts';
import type { ArenaServer } from './socket/types.ts';

export interface ApplicationOptions {
  config: ServerConfig;
  logger: Logger;
  clock?: Clock;
  /** A room's secret seed; node:crypto unless a test needs to recompute the problems. */
  seedSource?: () => number;
  /** How long an ended room stays reachable before it is disposed. */
  endedLingerMs?: number;
  /** Head counts are coalesced to one frame per this interval (0: send at once). */
  presenceIntervalMs?: number;
  /** Requests per connection per second. */
  requestsPerSecond?: number;
  /** Rooms created per address per minute. */
  roomsPerMinute?: number;
}

export interface Application {
  io: ArenaServer;
  app: express.Express;
  registry: RoomRegistry;
  /** Dispose every room, close every connection and the HTTP server. */
  close(): Promise<void>;
}

/** Frames bigger than this close the connection (the largest request, a room config, is ~2 kB). */
const MAX_FRAME_BYTES = 256 * 1024;

export function createApplication(httpServer: HttpServer, options: ApplicationOptions): Application {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const startedAt = Date.now();

  const io: ArenaServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_FRAME_BYTES,
    cors: config.corsOrigins.length > 0 ? { origin: config.corsOrigins } : undefined,
  });

  const registry = new RoomRegistry({
    clock,
    logger,
    transportFor: (code) => createSocketTransport(io, code),
    seedSource: options.seedSource ?? newRoomSeed,
    maxRooms: config.maxRooms,
    idleTtlMs: config.idleTtlMs,
    endedLingerMs: options.endedLingerMs ?? 10 * 60_000,
    presenceIntervalMs: options.presenceIntervalMs ?? 250,
  });

  attachConnectionHandlers(
    io,
    registry,
    {
      registry,
      logger,
      now: () => clock.now(),
      publicUrl: config.publicUrl,
      requestLimiter: new RateLimiterMemory({ points: options.requestsPerSecond ?? 20, duration: 1 }),
      createLimiter: new RateLimiterMemory({ points: options.roomsPerMinute ?? 10, duration: 60 }),
    },
    logger,
  );

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({
      ok: true,
      protocolVersion: PROTOCOL_VERSION,
      rooms: registry.size,
      connections: io.engine.clientsCount,
      uptimeSec: Math.round((Date.now() - startedAt) / 1000),
    });
  });
  app.use('/api', (_req, res) => {
    res.status(404).json({ ok: false, error: 'not found' });
  });

  const clientDir = path.resolve(config.clientDir);
  const indexHtml = path.join(clientDir, 'index.html');
  if (existsSync(indexHtml)) {
    app.use(express.static(clientDir, { index: 'index.html', maxAge: '1h' }));
    // Client-side routes (/join/ABCDEF, /host, …) all load the app shell.
    app.use((req, res, next) => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || /^\/(api|socket\.io|healthz)(\/|$)/.test(req.path)) return next();
      res.sendFile(indexHtml);
    });
  } else {
    logger.info({ clientDir }, 'no built client; serving the API only');
  }
  app.use((_req, res) => {
    res.status(404).json({ ok: false, error: 'not found' });
  });

  httpServer.on('request', app);

  let closing: Promise<void> | null = null;
  return {
    io,
    app,
    registry,
    close() {
      closing ??= new Promise<void>((resolve) => {
        registry.disposeAll();
        httpServer.off('request', app);
        void io.close(() => resolve());
      });
      return closing;
    },
  };
}
