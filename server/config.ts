/** Server configuration from the environment (documented in the README). */
import { z } from 'zod';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** The built client; served with an SPA fallback when the folder exists. */
  CLIENT_DIR: z.string().min(1).default('dist/client'),
  /** Base of the join URLs given to hosts (e.g. https://arena.example.edu); default: the page's own origin. */
  PUBLIC_URL: z.url().optional(),
  /** Comma-separated origins allowed to open Socket.IO connections from other sites (e.g. a dev server). */
  CORS_ORIGIN: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_ROOMS: z.coerce.number().int().min(1).default(1000),
  /** An untouched room ends after this many minutes. */
  ROOM_IDLE_MINUTES: z.coerce.number().min(1).default(180),
});

export interface ServerConfig {
  port: number;
  host: string;
  clientDir: string;
  publicUrl: string | null;
  corsOrigins: string[];
  logLevel: z.output<typeof EnvSchema>['LOG_LEVEL'];
  maxRooms: number;
  idleTtlMs: number;
}

export function loadConfig(env: Record<string, string | undefined>): ServerConfig {
  // Empty variables count as unset.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid configuration: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    clientDir: e.CLIENT_DIR,
    publicUrl: e.PUBLIC_URL ?? null,
    corsOrigins: e.CORS_ORIGIN ? e.CORS_ORIGIN.split(',').map((o) => o.trim()).filter(Boolean) : [],
    logLevel: e.LOG_LEVEL,
    maxRooms: e.MAX_ROOMS,
    idleTtlMs: Math.round(e.ROOM_IDLE_MINUTES * 60_000),
  };
}
