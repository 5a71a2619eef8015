/**
 * WAL checkpoints on a thread of their own. In WAL mode SQLite appends every commit to the
 * `-wal` file and, by default, the commit that takes it past 1,000 pages also copies it back into
 * the database file and syncs it: tens of milliseconds, on the event loop, at whichever commit
 * happens to cross the line (an answer's ack waits for it). Here a worker thread with its own
 * connection to the same file runs a PASSIVE checkpoint every so often (it never blocks the
 * server's connection: it copies what no reader still needs), and the server's connection does none.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const run = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ failed: String(err && err.message || err) });
  }
};
const timer = setInterval(run, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  run();
  db.close();
  parentPort.close();
});
`;

export interface WalCheckpointer {
  stop(): void;
}

/** Start checkpointing `file`'s WAL every `everyMs`; failures go to `onError` (the next run tries again). */
export function startWalCheckpointer(file: string, everyMs: number, onError: (message: string) => void): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, everyMs, driver } });
  worker.on('message', (message: { failed?: string }) => {
    if (message.failed) onError(message.failed);
  });
  worker.on('error', (err) => onError(err.message));
  // A store left open does not keep the process alive for its checkpoints.
  worker.unref();
  return {
    stop() {
      worker.postMessage('stop');
    },
  };
}
