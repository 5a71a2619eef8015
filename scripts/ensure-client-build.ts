/**
 * Builds the client when dist/client is missing or older than its sources, so `npm start`
 * always serves the current client without rebuilding on every start.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));
export const BUILT_INDEX = join(REPO, 'dist/client/index.html');
/** What the built client is made from. The lock file counts: a dependency update changes the output. */
const SOURCES = ['client', 'shared', 'vite.config.ts', 'package-lock.json'].map((path) => join(REPO, path));

/** The newest modification time of a file or anything under a folder (0 when missing). */
export function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

/** Why a build is needed, or null when dist/client is up to date. */
export function staleReason(): string | null {
  if (!existsSync(BUILT_INDEX)) return 'no client build yet';
  const built = statSync(BUILT_INDEX).mtimeMs;
  const changed = SOURCES.find((source) => newestMtime(source) > built);
  return changed ? `${changed.slice(REPO.length)} changed since the last build` : null;
}

/**
 * Runs `vite build` in its own process with NODE_ENV=production: called from a test runner
 * (NODE_ENV=test) an in-process build would come out as a development build.
 */
function viteBuild(quiet: boolean): Promise<void> {
  const packageJson = createRequire(import.meta.url).resolve('vite/package.json');
  const bin = join(dirname(packageJson), 'bin/vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'build', '--logLevel', quiet ? 'error' : 'warn'], {
      cwd: REPO,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: quiet ? ['ignore', 'ignore', 'pipe'] : 'inherit',
    });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (exit ${code})\n${errors}`))));
  });
}

export async function ensureClientBuild({ force = false, quiet = false } = {}): Promise<boolean> {
  const reason = force ? 'rebuild requested' : staleReason();
  if (!reason) return false;
  if (!quiet) console.log(`building the client (${reason})…`);
  await viteBuild(quiet);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensureClientBuild().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
