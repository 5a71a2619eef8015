/**
 * The script of the server under test: server-host.ts bundled as `npm start` bundles the game server
 * (scripts/build-server.ts: the project's code in one module, packages as imports), run by plain
 * `node`, so the game is measured as it is shipped and not through tsx's load-time transform. The
 * bare baseline runs from the same bundle: both sides are built and started the same way.
 */
import { join } from 'node:path';
import { bundleForNode } from '../../scripts/build-server.ts';

let built: Promise<string> | null = null;

/** Bundled once per bench run, into dist/bench (inside the repository, so its packages resolve). */
export function serverHostScript(repoRoot: string): Promise<string> {
  built ??= (async () => {
    const outfile = join(repoRoot, 'dist/bench/server-host.mjs');
    await bundleForNode(join(repoRoot, 'test/load/server-host.ts'), outfile);
    return outfile;
  })();
  return built;
}
