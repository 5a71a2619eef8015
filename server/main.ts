/** Entry point: `npm start` (configuration: see the README). */
import { createServer } from 'node:http';
import { createApplication } from './app.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './log.ts';

const config = loadConfig(process.env);
const logger = createLogger(config.logLevel);
const httpServer = createServer();
const application = createApplication(httpServer, { config, logger });

httpServer.listen(config.port, config.host, () => {
  logger.info({ host: config.host, port: config.port }, 'Backprop Arena server listening');
});

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 5000);
  force.unref();
  void application.close().then(() => process.exit(0));
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
