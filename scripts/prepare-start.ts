/** `npm start`, before the server runs: the client built and the server bundled, each only when stale. */
import { ensureClientBuild } from './ensure-client-build.ts';
import { ensureServerBuild } from './build-server.ts';

try {
  await ensureClientBuild();
  await ensureServerBuild();
} catch (error: unknown) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
