/** The production entry point (server/main.ts) in a child process on a free port of 127.0.0.1, as `npm start` runs it. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export interface ChildServer {
  url: string;
  process: ChildProcess;
  /** Every log line so far (JSON, one per line). */
  logs: string[];
  /** Send a signal and wait for the process to end. */
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const MAIN = path.resolve('server/main.ts');
const SHIFTED_CLOCK = path.resolve('test/durability/shifted-clock.ts');

export interface ChildServerOptions {
  /** The server's clock reads this much ahead of the machine's (see shifted-clock.ts). */
  clockShiftMs?: number;
}

export async function startChildServer(dataDir: string, env: Record<string, string> = {}, options: ChildServerOptions = {}): Promise<ChildServer> {
  const shifted = options.clockShiftMs !== undefined && options.clockShiftMs !== 0;
  const child = spawn(process.execPath, ['--import', 'tsx', ...(shifted ? ['--import', SHIFTED_CLOCK] : []), MAIN], {
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
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
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
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'Backprop Arena server listening' && entry.port) {
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
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
