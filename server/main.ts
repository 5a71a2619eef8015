/**
 * Entry point: `npm start` (configuration: see the README). Opens the store in DATA_DIR,
 * resumes the rooms a previous run left unfinished, and on SIGTERM or SIGINT stops
 * gracefully (every room saved, every connection told `server:restarting`).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApplication } from './app.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { RoomStore } from './store/room-store.ts';
import { SqliteStore } from './store/sqlite-store.ts';

const config = loadConfig(process.env);
const logger = createLogger(config.logLevel);
const sqlite = new SqliteStore({ dataDir: config.dataDir, synchronous: config.sqliteSynchronous });
logger.info({ file: sqlite.file, synchronous: config.sqliteSynchronous }, 'store opened');
const store = new RoomStore(sqlite, logger);
const httpServer = createServer();
const application = createApplication(httpServer, { config, logger, store });

httpServer.listen(config.port, config.host, () => {
  const { port } = httpServer.address() as AddressInfo;
  logger.info({ host: config.host, port }, 'Backprop Arena server listening');
});

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  // Every accepted event is already on disk: a stop that hangs may be cut short safely.
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  void application.close().then(
    () => process.exit(0),
    (err: unknown) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    },
  );
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
