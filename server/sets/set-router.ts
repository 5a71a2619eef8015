/**
 * The question-set HTTP API (shared/protocol/sets.ts; docs/protocol.md "Question sets"). A teacher
 * key in `Authorization: Bearer` owns sets; the store holds only its hash. Every answer is
 * `{ ok, data | error }` JSON with the status shared/protocol/sets.ts gives each code, bodies
 * included (a bad or oversized body never gets Express's HTML page), and a refused request
 * changes nothing.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { LANGS } from '../../shared/engine/index.ts';
import {
  SET_ERROR_CODES,
  SET_RESTORE_MS,
  type SetApiError,
  type SetListResult,
  type SetResult,
  type SetSummary,
  type SharedSetResult,
  type ShareResult,
  type StoredSet,
  type TeacherKeyResult,
} from '../../shared/protocol/sets.ts';
import { SET_LIMITS, type SetContent, type SetFile, setFile } from '../../shared/question-sets/index.ts';
import { type Checked, checkSet, checkSetCsv, checkSetFile } from './set-checks.ts';
import { ID_PATTERN, hashTeacherKey, looksLikeTeacherKey, newSetId, newShareToken, newTeacherKey } from './set-secrets.ts';
import { DEFAULT_SET_LIMITS, type SetLimitsConfig } from './set-limits.ts';
import type { SetRecord, SetStore } from './set-store.ts';

export { DEFAULT_SET_LIMITS, type SetLimitsConfig };

export interface SetRouterDeps {
  store: SetStore;
  logger: Logger;
  now: () => number;
  /** The address limits count a request against. */
  addressOf: (req: Request) => string;
  limits?: Partial<SetLimitsConfig>;
}

type Code = SetApiError['code'];

const STATUS: Record<Code, number> = {
  key_required: 401,
  unknown_key: 401,
  not_owner: 403,
  set_not_found: 404,
  share_revoked: 403,
  share_not_found: 404,
  invalid_set: 400,
  stale_revision: 409,
  too_many_sets: 403,
  too_large: 413,
  rate_limited: 429,
  invalid_payload: 400,
  not_found: 404,
  internal_error: 500,
};

/** A refusal with its answer; thrown from a handler, answered by the router's error handler. */
class Refusal extends Error {
  constructor(
    readonly error: SetApiError,
    readonly status: number = STATUS[error.code],
    readonly retryAfterMs?: number,
  ) {
    super(error.message);
  }
}

const refuse = (code: Code, message: string, extra: Partial<SetApiError> = {}): Refusal => new Refusal({ code, message, ...extra });

function send(res: Response, refusal: Refusal): void {
  if (refusal.status === 401) res.set('WWW-Authenticate', 'Bearer');
  if (refusal.retryAfterMs !== undefined) res.set('Retry-After', String(Math.max(1, Math.ceil(refusal.retryAfterMs / 1000))));
  res.status(refusal.status).json({ ok: false, error: refusal.error });
}

function sendData<T>(res: Response, data: T, status = 200): void {
  res.status(status).json({ ok: true, data });
}

function storedSet(record: SetRecord): StoredSet {
  return {
    ...record.content,
    id: record.id,
    revision: record.revision,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    deletedAt: record.deletedAt,
    share: record.shareToken === null ? null : { token: record.shareToken, path: `/shared/${record.shareToken}` },
  };
}

function summaryOf(record: SetRecord): SetSummary {
  const { content } = record;
  return {
    id: record.id,
    title: content.title,
    lang: content.lang,
    description: content.description,
    items: content.items.length,
    revision: record.revision,
    updatedAt: record.updatedAt,
    shared: record.shareToken !== null,
  };
}

/** A download's name from the set's title: what file systems refuse becomes '-'. */
export function exportFileName(title: string): string {
  const name = title
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 80)
    .trim();
  return `${name || 'question-set'}.json`;
}

const SavePayloadSchema = z.object({
  set: z.unknown(),
  revision: z.number().int().min(1).optional(),
});

const CsvQuerySchema = z.object({
  title: z.string().max(1000).default(''),
  lang: z.enum(LANGS),
});

function bearer(req: Request): string | null {
  const match = /^Bearer\s+(\S{1,200})\s*$/i.exec(req.get('authorization') ?? '');
  return match ? match[1]! : null;
}

function checkedOrRefuse(checked: Checked): SetContent {
  if (checked.ok) return checked.set;
  throw refuse(SET_ERROR_CODES.INVALID_SET, `the set is refused (${checked.issues.length} issue${checked.issues.length === 1 ? '' : 's'}); nothing was saved`, { issues: checked.issues });
}

export function createSetRouter(deps: SetRouterDeps): express.Router {
  const limits = { ...DEFAULT_SET_LIMITS, ...deps.limits };
  const { store } = deps;
  const router = express.Router();
  const keyLimiter = new RateLimiterMemory({ keyPrefix: 'set-keys', points: limits.keysPerHour, duration: 3600 });
  const writeLimiter = new RateLimiterMemory({ keyPrefix: 'set-writes', points: limits.writesPerMinute, duration: 60 });
  const readLimiter = new RateLimiterMemory({ keyPrefix: 'set-reads', points: limits.readsPerMinute, duration: 60 });
  const json = express.json({ limit: SET_LIMITS.bodyBytes, type: 'application/json' });
  const csv = express.text({ limit: SET_LIMITS.bodyBytes, type: 'text/csv', defaultCharset: 'utf-8' });

  /** Deleted sets past the restore window go, at most once a minute, when someone lists or follows a link. */
  let lastPurge = Number.NEGATIVE_INFINITY;
  async function purgeLazily(): Promise<void> {
    const now = deps.now();
    if (now - lastPurge < 60_000) return;
    lastPurge = now;
    const purged = await store.purgeDeletedBefore(now - SET_RESTORE_MS, now);
    if (purged > 0) deps.logger.info({ purged }, 'deleted question sets purged');
  }
  const expired = (record: SetRecord) => record.deletedAt !== null && record.deletedAt < deps.now() - SET_RESTORE_MS;

  const limit = (limiter: RateLimiterMemory) => async (req: Request, _res: Response, next: NextFunction) => {
    try {
      await limiter.consume(deps.addressOf(req));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new Refusal({ code: SET_ERROR_CODES.RATE_LIMITED, message: 'too many requests from this address; wait a moment' }, 429, rejection.msBeforeNext);
    }
    next();
  };
  const reads = limit(readLimiter);
  const writes = limit(writeLimiter);

  /** The request's key, checked: its hash in `res.locals.owner`. Before any body is read. */
  async function requireKey(req: Request, res: Response, next: NextFunction): Promise<void> {
    const key = bearer(req);
    if (key === null) throw refuse(SET_ERROR_CODES.KEY_REQUIRED, 'send your teacher key as Authorization: Bearer <key>');
    const hash = hashTeacherKey(key);
    if (!looksLikeTeacherKey(key) || !(await store.hasKey(hash))) throw refuse(SET_ERROR_CODES.UNKNOWN_KEY, 'this server never made that teacher key');
    res.locals.owner = hash;
    next();
  }

  /** The key's own set (deleted or not, within the restore window). */
  async function ownSet(req: Request, res: Response): Promise<SetRecord> {
    const id = req.params.id as string;
    const record = ID_PATTERN.test(id) ? await store.get(id) : null;
    if (!record || expired(record)) throw refuse(SET_ERROR_CODES.SET_NOT_FOUND, 'no such set');
    if (record.ownerHash !== res.locals.owner) throw refuse(SET_ERROR_CODES.NOT_OWNER, 'this set belongs to another teacher key');
    return record;
  }

  async function createFor(owner: string, content: SetContent): Promise<SetRecord> {
    const now = deps.now();
    const record: SetRecord = { id: newSetId(), ownerHash: owner, content, revision: 1, createdAt: now, updatedAt: now, deletedAt: null, shareToken: null };
    if (!(await store.create(record, limits.setsPerKey))) {
      throw refuse(SET_ERROR_CODES.TOO_MANY_SETS, `a teacher key holds at most ${limits.setsPerKey} sets; delete some first`);
    }
    return record;
  }

  function jsonBody(req: Request): unknown {
    if (!req.is('application/json') || req.body === undefined) throw refuse('invalid_payload', 'send the body as application/json');
    return req.body;
  }

  async function sharedRecord(token: string): Promise<SetRecord> {
    await purgeLazily();
    const found = ID_PATTERN.test(token) ? await store.byShareToken(token) : { status: 'unknown' as const };
    switch (found.status) {
      case 'live':
        return found.record;
      case 'revoked':
        throw refuse(SET_ERROR_CODES.SHARE_REVOKED, 'the owner no longer shares this set');
      case 'deleted':
        // Past the restore window it can only be purged: as good as revoked.
        if (found.deletedAt < deps.now() - SET_RESTORE_MS) throw refuse(SET_ERROR_CODES.SHARE_REVOKED, 'the owner no longer shares this set');
        throw refuse(SET_ERROR_CODES.SHARE_NOT_FOUND, 'the owner deleted this set');
      case 'unknown':
        throw refuse(SET_ERROR_CODES.SHARE_NOT_FOUND, 'no such share link');
    }
  }

  router.use(['/teacher-keys', '/sets', '/shared'], (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.post('/teacher-keys', limit(keyLimiter), async (_req, res) => {
    const key = newTeacherKey();
    await store.addKey(hashTeacherKey(key), deps.now());
    sendData<TeacherKeyResult>(res, { key }, 201);
  });

  router.get('/sets', reads, requireKey, async (_req, res) => {
    await purgeLazily();
    const records = await store.listLive(res.locals.owner as string);
    records.sort((a, b) => b.updatedAt - a.updatedAt || b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
    sendData<SetListResult>(res, { sets: records.map(summaryOf) });
  });

  router.post('/sets', writes, requireKey, json, async (req, res) => {
    const content = checkedOrRefuse(checkSet(jsonBody(req)));
    sendData<SetResult>(res, { set: storedSet(await createFor(res.locals.owner as string, content)) }, 201);
  });

  // Before `/sets/:id`, which would read "import" as an id.
  router.post('/sets/import', writes, requireKey, json, csv, async (req, res) => {
    let checked: Checked;
    if (req.is('application/json')) {
      checked = checkSetFile(jsonBody(req));
    } else if (req.is('text/csv')) {
      const query = CsvQuerySchema.safeParse(req.query);
      if (!query.success) throw refuse('invalid_payload', 'a CSV import needs ?lang=zh-CN or ?lang=en (and ?title=)');
      checked = checkSetCsv(typeof req.body === 'string' ? req.body : '', query.data);
    } else {
      throw new Refusal({ code: 'invalid_payload', message: 'send a set file as application/json or a table as text/csv' }, 415);
    }
    const content = checkedOrRefuse(checked);
    sendData<SetResult>(res, { set: storedSet(await createFor(res.locals.owner as string, content)) }, 201);
  });

  router.get('/sets/:id', reads, requireKey, async (req, res) => {
    sendData<SetResult>(res, { set: storedSet(await ownSet(req, res)) });
  });

  router.put('/sets/:id', writes, requireKey, json, async (req, res) => {
    const record = await ownSet(req, res);
    const payload = SavePayloadSchema.safeParse(jsonBody(req));
    if (!payload.success) throw refuse('invalid_payload', 'send { "set": { … }, "revision": <the revision it is based on> }');
    const content = checkedOrRefuse(checkSet(payload.data.set));
    const saved = await store.save(record.id, content, payload.data.revision ?? null, deps.now());
    if (!saved.ok) {
      if (saved.reason === 'stale') throw refuse(SET_ERROR_CODES.STALE_REVISION, 'the set was saved elsewhere since this revision; load it again');
      throw refuse(SET_ERROR_CODES.SET_NOT_FOUND, 'this set is deleted; restore it first');
    }
    sendData<SetResult>(res, { set: storedSet(saved.record) });
  });

  router.delete('/sets/:id', writes, requireKey, async (req, res) => {
    const record = await ownSet(req, res);
    const deleted = await store.markDeleted(record.id, deps.now());
    if (!deleted) throw refuse(SET_ERROR_CODES.SET_NOT_FOUND, 'no such set');
    sendData<SetResult>(res, { set: storedSet(deleted) });
  });

  router.post('/sets/:id/restore', writes, requireKey, async (req, res) => {
    const record = await ownSet(req, res);
    const restored = await store.restore(record.id, deps.now() - SET_RESTORE_MS, limits.setsPerKey);
    if (!restored.ok) {
      if (restored.reason === 'too_many') throw refuse(SET_ERROR_CODES.TOO_MANY_SETS, `a teacher key holds at most ${limits.setsPerKey} sets; delete some first`);
      throw refuse(SET_ERROR_CODES.SET_NOT_FOUND, 'no such set');
    }
    sendData<SetResult>(res, { set: storedSet(restored.record) });
  });

  // The page fetches the file (the key rides in a header, which a plain link cannot send) and saves it itself: it gets
  // the usual `{ ok, data }`. `?download=1` answers the bare file as an attachment, for scripts (curl -OJ).
  router.get('/sets/:id/export', reads, requireKey, async (req, res) => {
    const record = await ownSet(req, res);
    const file = setFile(record.content);
    if (req.query.download === undefined) return sendData<SetFile>(res, file);
    res.attachment(exportFileName(record.content.title));
    res.json(file);
  });

  router.post('/sets/:id/share', writes, requireKey, async (req, res) => {
    const record = await ownSet(req, res);
    const token = await store.share(record.id, newShareToken(), deps.now());
    if (token === null) throw refuse(SET_ERROR_CODES.SET_NOT_FOUND, 'this set is deleted; restore it first');
    sendData<ShareResult>(res, { share: { token, path: `/shared/${token}` } });
  });

  router.delete('/sets/:id/share', writes, requireKey, async (req, res) => {
    const record = await ownSet(req, res);
    const unshared = await store.unshare(record.id, deps.now());
    if (!unshared) throw refuse(SET_ERROR_CODES.SET_NOT_FOUND, 'no such set');
    sendData<SetResult>(res, { set: storedSet(unshared) });
  });

  router.get('/shared/:token', reads, async (req, res) => {
    const record = await sharedRecord(req.params.token as string);
    sendData<SharedSetResult>(res, { set: record.content, updatedAt: record.updatedAt });
  });

  router.post('/shared/:token/copy', writes, requireKey, async (req, res) => {
    const record = await sharedRecord(req.params.token as string);
    sendData<SetResult>(res, { set: storedSet(await createFor(res.locals.owner as string, record.content)) }, 201);
  });

  // Express recognises an error handler by its four parameters. Only errors of the routes above reach it.
  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof Refusal) return send(res, err);
    // body-parser's: a body over the limit, or one that is not what its Content-Type says.
    const { status, type } = err as { status?: unknown; type?: unknown };
    if (type === 'entity.too.large') return send(res, refuse(SET_ERROR_CODES.TOO_LARGE, `a body holds at most ${SET_LIMITS.bodyBytes / 1024} KiB; nothing was saved`));
    if (typeof status === 'number' && status >= 400 && status < 500) return send(res, refuse('invalid_payload', 'the body could not be read as its Content-Type says; nothing was saved'));
    deps.logger.error({ err }, 'question-set request failed');
    send(res, refuse('internal_error', 'something went wrong on the server'));
  });
  return router;
}
