/**
 * The teacher's assignment API (shared/protocol/homework.ts; docs/protocol.md "Homework"). A teacher
 * key in `Authorization: Bearer` (one the set API made) owns assignments. Every answer is
 * `{ ok, data | error }` JSON, bodies included; a refused request changes nothing. Reads and writes
 * are limited per address, as the set API's are.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import {
  ASSIGNMENT_CODE_PATTERN,
  ASSIGNMENT_CSV_PARTS,
  type AssignmentListResult,
  type AssignmentReport,
  type AssignmentResult,
  CreateAssignmentSchema,
  HOMEWORK_LIMITS,
  UpdateAssignmentSchema,
} from '../../shared/protocol/homework.ts';
import { type AckError, ERROR_CODES } from '../../shared/protocol/index.ts';
import { SET_ERROR_CODES } from '../../shared/protocol/sets.ts';
import { roomSet } from '../sets/room-set.ts';
import { hashTeacherKey, looksLikeTeacherKey } from '../sets/set-secrets.ts';
import type { SetStore } from '../sets/set-store.ts';
import type { HomeworkLimitsConfig } from './homework-limits.ts';
import { type ProblemCache, windowAt } from './homework-progress.ts';
import { type AssignmentData, assignmentCsv, assignmentReport, teacherView } from './homework-report.ts';
import { newAssignmentCode, newAssignmentSeed, normaliseCode } from './homework-secrets.ts';
import type { AssignmentRecord, HomeworkStore } from './homework-store.ts';

export interface HomeworkRouterDeps {
  store: HomeworkStore;
  /** Where teacher keys (and the teacher's own sets) are. */
  sets: SetStore;
  logger: Logger;
  now: () => number;
  addressOf: (req: Request) => string;
  problems: ProblemCache;
  limits: Pick<HomeworkLimitsConfig, 'readsPerMinute' | 'writesPerMinute'> & { assignmentsPerKey?: number };
}

/** The code of a refusal here: the game's codes, plus the set API's for keys. */
type Code = AckError['code'] | 'key_required' | 'not_owner';
interface ApiError {
  code: Code;
  message: string;
  retryAfterMs?: number;
}

const STATUS: Partial<Record<Code, number>> = {
  key_required: 401,
  unknown_key: 401,
  not_owner: 403,
  assignment_not_found: 404,
  set_not_found: 404,
  not_allowed: 409,
  invalid_payload: 400,
  rate_limited: 429,
  not_found: 404,
  internal_error: 500,
};

class Refusal extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
  get status(): number {
    return STATUS[this.error.code] ?? 400;
  }
}

const refuse = (code: Code, message: string): Refusal => new Refusal({ code, message });

function sendData<T>(res: Response, data: T, status = 200): void {
  res.status(status).json({ ok: true, data });
}

function bearer(req: Request): string | null {
  const match = /^Bearer\s+(\S{1,200})\s*$/i.exec(req.get('authorization') ?? '');
  return match ? match[1]! : null;
}

/** Tries before giving up on drawing a free code (8 characters of 31: a clash is all but impossible). */
const CODE_DRAWS = 5;

const CsvQuerySchema = z.object({ format: z.literal('csv'), part: z.enum(ASSIGNMENT_CSV_PARTS).default('students') });

export function createHomeworkRouter(deps: HomeworkRouterDeps): express.Router {
  const { store } = deps;
  const assignmentsPerKey = deps.limits.assignmentsPerKey ?? HOMEWORK_LIMITS.assignmentsPerKey;
  const router = express.Router();
  const readLimiter = new RateLimiterMemory({ keyPrefix: 'hw-reads', points: deps.limits.readsPerMinute, duration: 60 });
  const writeLimiter = new RateLimiterMemory({ keyPrefix: 'hw-writes', points: deps.limits.writesPerMinute, duration: 60 });
  const json = express.json({ limit: 16 * 1024, type: 'application/json' });

  const limit = (limiter: RateLimiterMemory) => async (req: Request, _res: Response, next: NextFunction) => {
    try {
      await limiter.consume(deps.addressOf(req));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new Refusal({ code: ERROR_CODES.RATE_LIMITED, message: 'too many requests from this address; wait a moment', retryAfterMs: Math.max(1, Math.ceil(rejection.msBeforeNext)) });
    }
    next();
  };
  const reads = limit(readLimiter);
  const writes = limit(writeLimiter);

  async function requireKey(req: Request, res: Response, next: NextFunction): Promise<void> {
    const key = bearer(req);
    if (key === null) throw refuse(SET_ERROR_CODES.KEY_REQUIRED, 'send your teacher key as Authorization: Bearer <key>');
    const hash = hashTeacherKey(key);
    if (!looksLikeTeacherKey(key) || !(await deps.sets.hasKey(hash))) throw refuse(ERROR_CODES.UNKNOWN_KEY, 'this server never made that teacher key');
    res.locals.owner = hash;
    res.locals.key = key;
    next();
  }

  async function own(req: Request, res: Response): Promise<AssignmentRecord> {
    const code = normaliseCode(String(req.params.code));
    const record = ASSIGNMENT_CODE_PATTERN.test(code) ? await store.getAssignment(code) : null;
    if (!record) throw refuse(ERROR_CODES.ASSIGNMENT_NOT_FOUND, 'no such assignment');
    if (record.ownerHash !== res.locals.owner) throw refuse(SET_ERROR_CODES.NOT_OWNER, 'this assignment belongs to another teacher key');
    return record;
  }

  async function dataOf(assignment: AssignmentRecord): Promise<AssignmentData> {
    const [students, answers] = await Promise.all([store.students(assignment.code), store.answersOfAssignment(assignment.code)]);
    return { assignment, students, answers, problems: deps.problems };
  }

  function body(req: Request): unknown {
    if (!req.is('application/json') || req.body === undefined) throw refuse(ERROR_CODES.INVALID_PAYLOAD, 'send the body as application/json');
    return req.body;
  }

  function issue(error: z.ZodError): string {
    const first = error.issues[0];
    return first ? `${first.path.length > 0 ? first.path.join('.') : 'body'}: ${first.message}`.slice(0, 200) : 'invalid body';
  }

  router.use('/assignments', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.post('/assignments', writes, requireKey, json, async (req, res) => {
    const parsed = CreateAssignmentSchema.safeParse(body(req));
    if (!parsed.success) throw refuse(ERROR_CODES.INVALID_PAYLOAD, issue(parsed.error));
    const settings = parsed.data;
    const found = await roomSet(deps.sets, settings.setId, res.locals.key as string);
    if (!found.ok) throw refuse(found.error.code, found.error.message);
    const now = deps.now();
    for (let draw = 0; draw < CODE_DRAWS; draw++) {
      const record: AssignmentRecord = {
        code: newAssignmentCode(),
        ownerHash: res.locals.owner as string,
        title: settings.title ?? found.set.title,
        settings,
        set: found.set,
        seed: newAssignmentSeed(),
        createdAt: now,
        updatedAt: now,
      };
      const created = await store.createAssignment(record, assignmentsPerKey);
      if (created.ok) return sendData<AssignmentResult>(res, { assignment: teacherView({ assignment: record, students: [], answers: [], problems: deps.problems }, now) }, 201);
      if (created.reason === 'too_many') throw refuse(ERROR_CODES.NOT_ALLOWED, `a teacher key holds at most ${assignmentsPerKey} assignments`);
    }
    throw refuse(ERROR_CODES.INTERNAL_ERROR, 'could not draw a free assignment code; try again');
  });

  router.get('/assignments', reads, requireKey, async (_req, res) => {
    const now = deps.now();
    const list = await store.listAssignments(res.locals.owner as string);
    list.sort((a, b) => b.record.createdAt - a.record.createdAt || (a.record.code < b.record.code ? -1 : 1));
    sendData<AssignmentListResult>(res, {
      assignments: list.map(({ record, started, finished }) => ({
        code: record.code,
        title: record.title,
        window: windowAt(record, now),
        createdAt: record.createdAt,
        items: record.set.items.length,
        opensAt: record.settings.opensAt,
        closesAt: record.settings.closesAt,
        started,
        finished,
      })),
    });
  });

  router.get('/assignments/:code', reads, requireKey, async (req, res) => {
    const assignment = await own(req, res);
    sendData<AssignmentResult>(res, { assignment: teacherView(await dataOf(assignment), deps.now()) });
  });

  router.patch('/assignments/:code', writes, requireKey, json, async (req, res) => {
    const assignment = await own(req, res);
    const parsed = UpdateAssignmentSchema.safeParse(body(req));
    if (!parsed.success) throw refuse(ERROR_CODES.INVALID_PAYLOAD, issue(parsed.error));
    const now = deps.now();
    const opensAt = parsed.data.opensAt ?? assignment.settings.opensAt;
    const closesAt = parsed.data.closesAt ?? assignment.settings.closesAt;
    if (closesAt <= opensAt) throw refuse(ERROR_CODES.INVALID_PAYLOAD, 'closesAt: the deadline must come after the opening');
    if (closesAt - opensAt > HOMEWORK_LIMITS.maxWindowMs) throw refuse(ERROR_CODES.INVALID_PAYLOAD, 'closesAt: the window is at most 60 days');
    // Past the deadline answers and solutions were shown: reopening would let students answer what they have seen.
    if (windowAt(assignment, now) === 'closed' && closesAt > now) throw refuse(ERROR_CODES.NOT_ALLOWED, 'the deadline has passed and answers were shown; make a new assignment instead');
    const updated = await store.updateWindow(assignment.code, opensAt, closesAt, now);
    if (!updated) throw refuse(ERROR_CODES.ASSIGNMENT_NOT_FOUND, 'no such assignment');
    sendData<AssignmentResult>(res, { assignment: teacherView(await dataOf(updated), now) });
  });

  router.get('/assignments/:code/report', reads, requireKey, async (req, res) => {
    const assignment = await own(req, res);
    const data = await dataOf(assignment);
    if (req.query.format === undefined) return sendData<AssignmentReport>(res, assignmentReport(data, deps.now()));
    const query = CsvQuerySchema.safeParse(req.query);
    if (!query.success) throw refuse(ERROR_CODES.INVALID_PAYLOAD, `?format=csv&part=${ASSIGNMENT_CSV_PARTS.join('|')}`);
    res.type('text/csv; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="backprop-arena-homework-${assignment.code}-${query.data.part}.csv"`);
    res.send(assignmentCsv(data, query.data.part));
  });

  router.use('/assignments', (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    let refusal: Refusal;
    if (err instanceof Refusal) refusal = err;
    else {
      const { status, type } = err as { status?: unknown; type?: unknown };
      if (type === 'entity.too.large') refusal = refuse(ERROR_CODES.INVALID_PAYLOAD, 'the body is too large');
      else if (typeof status === 'number' && status >= 400 && status < 500) refusal = refuse(ERROR_CODES.INVALID_PAYLOAD, 'the body could not be read as its Content-Type says');
      else {
        deps.logger.error({ err }, 'assignment request failed');
        refusal = refuse(ERROR_CODES.INTERNAL_ERROR, 'something went wrong on the server');
      }
    }
    if (refusal.status === 401) res.set('WWW-Authenticate', 'Bearer');
    if (refusal.error.retryAfterMs !== undefined) res.set('Retry-After', String(Math.max(1, Math.ceil(refusal.error.retryAfterMs / 1000))));
    res.status(refusal.status).json({ ok: false, error: refusal.error });
  });
  return router;
}

