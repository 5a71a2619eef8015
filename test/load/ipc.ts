/**
 * Request/response over a child process's IPC channel, and the children of a benchmark run.
 *
 * The orchestrator calls named procedures in the server-under-test process and in the bot workers;
 * every child it starts is recorded here so a failure, Ctrl-C or an early exit stops all of them.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Procedures a child serves: one argument in, a (possibly async) JSON-serialisable result out. */
export type Api = object;
type Procedure = (arg: unknown) => unknown;

interface Request {
  rpc: 'call';
  id: number;
  name: string;
  arg: unknown;
}
interface Response {
  rpc: 'result';
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}
interface Ready {
  rpc: 'ready';
  value: unknown;
}

function isResponse(message: unknown): message is Response {
  return typeof message === 'object' && message !== null && (message as Response).rpc === 'result';
}
function isReady(message: unknown): message is Ready {
  return typeof message === 'object' && message !== null && (message as Ready).rpc === 'ready';
}

/** In a child: answer the parent's calls; exit when the parent goes away. */
export function serveRpc(api: Api): void {
  if (!process.send) throw new Error('this module runs as a child process with an IPC channel');
  process.on('message', (message: unknown) => {
    const request = message as Request;
    if (request?.rpc !== 'call') return;
    const handler = (api as Record<string, Procedure | undefined>)[request.name];
    const reply = (response: Omit<Response, 'rpc' | 'id'>) => process.send?.({ rpc: 'result', id: request.id, ...response });
    if (!handler) {
      reply({ ok: false, error: `unknown procedure ${request.name}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(request.arg))
      .then(
        (value) => reply({ ok: true, value }),
        (error: unknown) => reply({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  // The orchestrator died or was killed: nothing will stop this process otherwise.
  process.on('disconnect', () => process.exit(2));
}

/** In a child: tell the parent it is ready, with a value (a port, say). */
export function signalReady(value: unknown): void {
  process.send?.({ rpc: 'ready', value } satisfies Ready);
}

export type Client<A extends Api> = {
  [K in keyof A]: A[K] extends (...args: infer P) => infer R ? (...args: P) => Promise<Awaited<R>> : never;
};

export interface Child<A extends Api> {
  name: string;
  process: ChildProcess;
  call: Client<A>;
  /** Resolves with the child's `signalReady` value; rejects if it exits first. */
  ready: Promise<unknown>;
  /** Resolves when the child exits (with its code or signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether the child exited before `stop` was called. */
  crashed(): boolean;
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<Child<Api>>();

function ulimit(flag: '-Sn' | '-Hn'): number {
  try {
    const value = execFileSync('/bin/sh', ['-c', `ulimit ${flag}`], { encoding: 'utf8' }).trim();
    return value === 'unlimited' ? Number.POSITIVE_INFINITY : Number(value) || 1024;
  } catch {
    return 1024;
  }
}

/** The soft and hard limits on open files of processes started from here. */
export function openFileLimits(): { soft: number; hard: number } {
  return { soft: ulimit('-Sn'), hard: ulimit('-Hn') };
}

export interface StartOptions {
  name: string;
  execArgv: string[];
  env?: Record<string, string>;
  /** Open files the child needs; above the inherited soft limit the child is started under `prlimit` (up to the hard limit). */
  openFiles?: number;
  /** Discard the child's stdout (a server's log lines); stderr always reaches the terminal. */
  quiet?: boolean;
  /** Write the child's stdout to this open file instead (a cluster node's log lines, read after the run). */
  stdoutFd?: number;
}

/**
 * Starts `script` as a Node.js child with an IPC channel. When the child needs more open files than
 * the inherited soft limit allows (thousands of sockets), it is started through `prlimit`, which
 * raises the limit and then execs Node; the IPC descriptor survives the exec.
 */
export function startChild<A extends Api>(script: string, options: StartOptions): Child<A> {
  const nodeArgs = [...options.execArgv, script];
  const env = { ...process.env, ...options.env };
  const needed = options.openFiles ?? 0;
  const { soft, hard } = openFileLimits();
  // Without CAP_SYS_RESOURCE (a container, say) the hard limit cannot be raised: go as high as it allows.
  const wanted = Math.min(needed, hard);
  if (needed > hard) {
    console.warn(`${options.name}: needs ${needed} open files but the hard limit is ${hard}; connections beyond it will fail (EMFILE)`);
  }
  const usePrlimit = wanted > soft && existsSync('/usr/bin/prlimit');
  if (wanted > soft && !usePrlimit) console.warn(`${options.name}: needs ${wanted} open files but the limit is ${soft}; run \`ulimit -n ${wanted}\` first`);
  const stdout = options.stdoutFd ?? (options.quiet ? 'ignore' : 'inherit');
  const stdio = ['ignore', stdout, 'inherit', 'ipc'] as const;
  const child = usePrlimit
    ? spawn('/usr/bin/prlimit', [`--nofile=${wanted}:${hard === Number.POSITIVE_INFINITY ? wanted : hard}`, process.execPath, ...nodeArgs], { stdio: [...stdio], env })
    : spawn(process.execPath, nodeArgs, { stdio: [...stdio], env });

  let nextId = 1;
  let stopping = false;
  let exitedFlag = false;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; name: string }>();
  let resolveReady!: (v: unknown) => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<unknown>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => {});

  child.on('message', (message: unknown) => {
    if (isReady(message)) resolveReady(message.value);
    else if (isResponse(message)) {
      const entry = pending.get(message.id);
      if (!entry) return;
      pending.delete(message.id);
      if (message.ok) entry.resolve(message.value);
      else entry.reject(new Error(`${options.name}.${entry.name}: ${message.error}`));
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      exitedFlag = true;
      running.delete(handle as unknown as Child<Api>);
      const error = new Error(`${options.name} exited (code ${code}, signal ${signal})`);
      rejectReady(error);
      for (const entry of pending.values()) entry.reject(error);
      pending.clear();
      resolve({ code, signal });
    });
  });

  const call = new Proxy({} as Client<A>, {
    get(_target, name: string) {
      return (arg?: unknown) =>
        new Promise((resolve, reject) => {
          if (exitedFlag || !child.connected) {
            reject(new Error(`${options.name} is not running`));
            return;
          }
          const id = nextId++;
          pending.set(id, { resolve, reject, name });
          child.send({ rpc: 'call', id, name, arg } satisfies Request);
        });
    },
  });

  const handle: Child<A> = {
    name: options.name,
    process: child,
    call,
    ready,
    exited,
    crashed: () => exitedFlag && !stopping,
    async stop(graceMs = 3000) {
      stopping = true;
      if (exitedFlag) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(handle as unknown as Child<Api>);
  return handle;
}

/** Stops every child still running (on failure, Ctrl-C or exit). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...running].map((child) => child.stop(1500)));
}

/** Last-resort cleanup when the orchestrator exits without awaiting `stopAllChildren`. */
export function killAllChildrenSync(): void {
  for (const child of running) child.process.kill('SIGKILL');
}
