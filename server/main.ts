/**
 * Entry point: `npm start` (configuration: see the README). Embedded mode (no REDIS_URL)
 * opens the SQLite store in DATA_DIR and resumes the rooms a previous run left unfinished;
 * with REDIS_URL the node joins a cluster whose rooms live in Redis (docs/deployment.md).
 * On SIGTERM or SIGINT it stops gracefully (every room saved, every connection told
 * `server:restarting`; in a cluster, its rooms handed to the other nodes).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Application, createApplication } from './app.ts';
import { type ClusterParts, connectCluster } from './cluster/cluster-hooks.ts';
import { loadConfig } from './config.ts';
import { createFrontDoor, readTlsFiles } from './front-door.ts';
import { createLogger } from './log.ts';
import { networkAddresses, startBanner } from './network-addresses.ts';
import { RoomStore } from './store/room-store.ts';
import { SqliteStore } from './store/sqlite-store.ts';

const config = loadConfig(process.env);
const logger = createLogger(config.logLevel);
const httpServer = createServer();

let application: Application;
let cluster: ClusterParts | null = null;
if (config.redisUrl) {
  cluster = await connectCluster(config, logger);
  logger.info({ redis: new URL(config.redisUrl).host }, 'cluster mode: rooms in Redis');
  application = createApplication(httpServer, { config, logger, cluster: cluster.hooks });
} else {
  const sqlite = new SqliteStore({ dataDir: config.dataDir, synchronous: config.sqliteSynchronous });
  logger.info({ file: sqlite.file, synchronous: config.sqliteSynchronous }, 'store opened');
  application = createApplication(httpServer, { config, logger, store: new RoomStore(sqlite, logger) });
}
await application.started;

// With a certificate, one port speaks HTTPS and HTTP (front-door.ts); without, the HTTP server listens itself.
const door = config.tls ? createFrontDoor(httpServer, readTlsFiles(config.tls)) : null;
const listener = door ?? httpServer;
listener.listen(config.port, config.host, () => {
  const { port } = listener.address() as AddressInfo;
  logger.info({ host: config.host, port }, 'Backprop Arena server listening');
  // For the teacher at the terminal: plain lines beside the JSON log.
  process.stdout.write(`${startBanner({ port, host: config.host, publicUrl: config.publicUrl, addresses: networkAddresses(), https: door !== null }).join('\n')}\n`);
});

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  // Every accepted event is already saved: a stop that hangs may be cut short safely.
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  door?.close();
  void application
    .close()
    .then(() => cluster?.close())
    .then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
