/**
 * Bundles the server for `npm start`: the project's own code (server/, shared/) in one ES module,
 * dist/server/main.mjs, with every package of node_modules left as an import. Plain `node` runs it:
 * no transform when the server starts, and none of the name-keeping wrappers `tsx` puts around every
 * named function — a call and a property write each time a closure is made, which the server does on
 * every request. Built when missing or older than its sources, as the client is.
 */
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { newestMtime } from './ensure-client-build.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
export const SERVER_BUNDLE = join(REPO, 'dist/server/main.mjs');
/** What the bundle is made from. The lock file counts: esbuild's version changes the output. */
const SOURCES = ['server', 'shared', 'package-lock.json', 'scripts/build-server.ts'].map((path) => join(REPO, path));

/**
 * One file of Node code from `entry`, as the server is shipped: packages stay imports (better-sqlite3 is
 * native), a source map beside it for stack traces. Written whole under a temporary name and renamed, so
 * a process starting meanwhile (two test files at once) never reads half a bundle.
 */
export async function bundleForNode(entry: string, outfile: string): Promise<void> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    write: false,
    logLevel: 'warning',
  });
  mkdirSync(dirname(outfile), { recursive: true });
  for (const file of result.outputFiles) {
    const temporary = join(dirname(file.path), `.${basename(file.path)}.${process.pid}.tmp`);
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
}

/** Bundles the server when dist/server/main.mjs is missing or older than its sources; true when it did. */
export async function ensureServerBuild({ quiet = false } = {}): Promise<boolean> {
  const built = existsSync(SERVER_BUNDLE) ? statSync(SERVER_BUNDLE).mtimeMs : 0;
  const changed = SOURCES.find((source) => newestMtime(source) > built);
  if (built > 0 && !changed) return false;
  if (!quiet) console.log(`bundling the server (${built === 0 ? 'no server bundle yet' : `${changed!.slice(REPO.length)} changed since the last one`})…`);
  await bundleForNode(join(REPO, 'server/main.ts'), SERVER_BUNDLE);
  return true;
}
