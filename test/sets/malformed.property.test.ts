/** Malformed sets and tables (fast-check) against the embedded server: see malformed-suite.ts. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RoomStore } from '../../server/store/room-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { silentLogger } from '../room/support.ts';
import { startServer } from '../server/support.ts';
import { malformedSuite } from './malformed-suite.ts';

const LIMITS = { keysPerHour: 1000, writesPerMinute: 100_000, readsPerMinute: 100_000 };

malformedSuite(
  'malformed question sets, stored in SQLite',
  async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-sets-malformed-'));
    const server = await startServer({ store: new RoomStore(new SqliteStore({ dataDir }), silentLogger), setLimits: LIMITS });
    return {
      url: server.url,
      async close() {
        await server.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
  120,
);
