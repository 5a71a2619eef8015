/** The production server (dist/server/main.mjs, bundled from server/main.ts) in a child process on a free port of 127.0.0.1, as `npm start` runs it. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { SERVER_BUNDLE, ensureServerBuild } from '../../scripts/build-server.ts';

export interface ChildServer {
  url: string;
  process: ChildProcess;
  /** Every log line so far (JSON, one per line). */
  logs: string[];
  /**
   * The first log entry from line `from` on (default: the first line) that matches: waits for it
   * when it is not there yet. What a test waits for when the server's only word on it is its log.
   */
  waitForLog(match: (entry: LogEntry) => boolean, options?: { from?: number; timeoutMs?: number }): Promise<LogEntry>;
  /** Send a signal and wait for the process to end and its output to be read to the last line. */
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export type LogEntry = Record<string, unknown> & { msg?: string };

function parseLine(line: string): LogEntry | null {
  try {
    const entry: unknown = JSON.parse(line);
    return entry !== null && typeof entry === 'object' ? (entry as LogEntry) : null;
  } catch {
    return null;
  }
}

const SHIFTED_CLOCK = path.resolve('test/durability/shifted-clock.ts');

export interface ChildServerOptions {
  /** The server's clock reads this much ahead of the machine's (see shifted-clock.ts). */
  clockShiftMs?: number;
}

export async function startChildServer(dataDir: string, env: Record<string, string> = {}, options: ChildServerOptions = {}): Promise<ChildServer> {
  const shifted = options.clockShiftMs !== undefined && options.clockShiftMs !== 0;
  await ensureServerBuild({ quiet: true });
  const child = spawn(process.execPath, ['--enable-source-maps', ...(shifted ? ['--import', 'tsx', '--import', SHIFTED_CLOCK] : []), SERVER_BUNDLE], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CLIENT_DIR: path.join(dataDir, 'no-client'),
      LOG_LEVEL: 'info',
      ...env,
      ...(shifted ? { TEST_CLOCK_SHIFT_MS: String(options.clockShiftMs) } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const logWaiters = new Set<(entry: LogEntry) => void>();
  // 'close', not 'exit': by then the process's output has been read to its end, so a test that looks
  // at `logs` after stop() sees the last lines (at 'exit' the pipes may still hold some).
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${logs.join('\n')}`)), 30_000);
    let buffer = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        logs.push(line);
        const entry = parseLine(line);
        if (!entry) continue;
        for (const waiter of [...logWaiters]) waiter(entry);
        if (entry.msg === 'Backprop Arena server listening' && typeof entry.port === 'number') {
          clearTimeout(timer);
          resolve(entry.port);
        }
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => logs.push(chunk));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${logs.join('\n')}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    logs,
    waitForLog(match, { from = 0, timeoutMs = 30_000 } = {}) {
      for (const line of logs.slice(from)) {
        const entry = parseLine(line);
        if (entry && match(entry)) return Promise.resolve(entry);
      }
      return new Promise((resolve, reject) => {
        const waiter = (entry: LogEntry) => {
          if (!match(entry)) return;
          logWaiters.delete(waiter);
          clearTimeout(timer);
          resolve(entry);
        };
        const timer = setTimeout(() => {
          logWaiters.delete(waiter);
          reject(new Error(`no such log line within ${timeoutMs} ms`));
        }, timeoutMs);
        logWaiters.add(waiter);
      });
    },
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
