/**
 * The game server as the benchmark runs it: `createApplication` from server/app.ts with the
 * production configuration (defaults from the environment schema) and the production logger.
 *
 * Two departures, both because every bot and host shares 127.0.0.1:
 *  - room creations per address are not limited (the 20k scenario creates 200 rooms from one address);
 *  - the logger writes at `info` as in production, but the server process's stdout is discarded by
 *    the orchestrator, so the cost of building log lines is measured and the terminal stays readable.
 */
import type { Server as HttpServer } from 'node:http';
import { createApplication } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';
import type { TargetApplication } from './server-host.ts';

export async function createGameTarget(httpServer: HttpServer): Promise<TargetApplication> {
  const config = loadConfig({ LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info', HOST: '127.0.0.1', PORT: '0' });
  const logger = createLogger(config.logLevel);
  const application = createApplication(httpServer, { config, logger, roomsPerMinute: 1_000_000 });
  return { close: () => application.close() };
}
