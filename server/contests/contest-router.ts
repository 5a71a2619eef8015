/**
 * The contest HTTP API (shared/protocol/contests.ts; docs/protocol.md "Contests"). The organizer's
 * teacher key in `Authorization: Bearer` owns contests; the board and a room key's lookup are public.
 * Every answer is `{ ok, data | error }` JSON; a refused request changes nothing.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import {
  CONTEST_CSV_PARTS,
  CONTEST_ERROR_CODES,
  type ContestApiError,
  type ContestBoard,
  ContestControlSchema,
  type ContestListResult,
  type ContestOrganizerView,
  type ContestReport,
  type ContestResult,
  type ContestRoomKeyResult,
  CreateContestSchema,
} from '../../shared/protocol/contests.ts';
import { LIMITS } from '../../shared/protocol/index.ts';
import { roomSet } from '../sets/room-set.ts';
import { hashTeacherKey, looksLikeTeacherKey } from '../sets/set-secrets.ts';
import type { SetStore } from '../sets/set-store.ts';
import { buildBoard, buildContestReport, contestView, mistakeTexts } from './contest-board.ts';
import { controlStage } from './contest-control.ts';
import { contestRoomPlan } from './contest-rooms.ts';
import { contestCsv } from './contest-csv.ts';
import { DEFAULT_CONTEST_LIMITS, type ContestLimitsConfig } from './contest-limits.ts';
import { looksLikeContestCode, looksLikeRoomKey, newContestCode, newContestSeed, newRoomKey } from './contest-secrets.ts';
import type { ContestRecord, ContestStore } from './contest-store.ts';

export interface ContestRouterDeps {
  store: ContestStore;
  /** Teacher keys and the organizer's sets. */
  sets: SetStore;
  logger: Logger;
  now: () => number;
  addressOf: (req: Request) => string;
  limits?: Partial<ContestLimitsConfig>;
  /** The stage of a contest moved: its rooms on this node follow at once rather than at the hub's next turn. */
  onStageChange?: (code: string) => void;
}

type Code = ContestApiError['code'];

const STATUS: Record<Code, number> = {
  key_required: 401,
  unknown_key: 401,
  not_owner: 403,
  contest_not_found: 404,
  unknown_room_key: 404,
  contest_room_open: 409,
  contest_ended: 409,
  contest_wrong_state: 409,
  contest_lockstep: 409,
  set_not_found: 400,
  too_many_contests: 403,
  rate_limited: 429,
  invalid_payload: 400,
  not_found: 404,
  internal_error: 500,
};

class Refusal extends Error {
  constructor(
    readonly error: ContestApiError,
    readonly status: number = STATUS[error.code],
    readonly retryAfterMs?: number,
  ) {
    super(error.message);
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

/** A zod failure as a short message: which field, what was wrong (never the input itself). */
function describe(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const first = issues[0];
  if (!first) return 'invalid payload';
  const where = first.path.length > 0 ? first.path.map(String).join('.') : 'body';
  return `${where}: ${first.message}`.slice(0, 200);
}

/** A contest whose rooms the room machine would refuse (a set too long for a room, say) is refused whole. */
function playable(record: ContestRecord): void {
  try {
    contestRoomPlan(record, record.slots[0]!.slotId, LIMITS.defaultCapacity);
  } catch (err) {
    const issues = (err as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
    throw refuse('invalid_payload', issues ? `the contest's rooms could not play it: ${describe(issues)}` : 'the contest\'s rooms could not play it');
  }
}

/** Codes clash once in a million: a few draws always find a free one. */
const CODE_ATTEMPTS = 8;

export function createContestRouter(deps: ContestRouterDeps): express.Router {
  const limits = { ...DEFAULT_CONTEST_LIMITS, ...deps.limits };
  const { store } = deps;
  const router = express.Router();
  const writeLimiter = new RateLimiterMemory({ keyPrefix: 'contest-writes', points: limits.writesPerMinute, duration: 60 });
  const readLimiter = new RateLimiterMemory({ keyPrefix: 'contest-reads', points: limits.readsPerMinute, duration: 60 });
  const json = express.json({ limit: '64kb', type: 'application/json' });

  const limit = (limiter: RateLimiterMemory) => async (req: Request, _res: Response, next: NextFunction) => {
    try {
      await limiter.consume(deps.addressOf(req));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new Refusal({ code: CONTEST_ERROR_CODES.RATE_LIMITED, message: 'too many requests from this address; wait a moment' }, 429, rejection.msBeforeNext);
    }
    next();
  };
  const reads = limit(readLimiter);
  const writes = limit(writeLimiter);

  async function requireKey(req: Request, res: Response, next: NextFunction): Promise<void> {
    const key = bearer(req);
    if (key === null) throw refuse(CONTEST_ERROR_CODES.KEY_REQUIRED, 'send your teacher key as Authorization: Bearer <key>');
    const hash = hashTeacherKey(key);
    if (!looksLikeTeacherKey(key) || !(await deps.sets.hasKey(hash))) throw refuse(CONTEST_ERROR_CODES.UNKNOWN_KEY, 'this server never made that teacher key');
    res.locals.owner = hash;
    res.locals.key = key;
    next();
  }

  async function contestOf(req: Request): Promise<ContestRecord> {
    const code = String(req.params.code).toUpperCase();
    const record = looksLikeContestCode(code) ? await store.get(code) : null;
    if (!record) throw refuse(CONTEST_ERROR_CODES.CONTEST_NOT_FOUND, 'no such contest');
    return record;
  }

  async function ownContest(req: Request, res: Response): Promise<ContestRecord> {
    const record = await contestOf(req);
    if (record.ownerHash !== res.locals.owner) throw refuse(CONTEST_ERROR_CODES.NOT_OWNER, 'this contest belongs to another teacher key');
    return record;
  }

  async function organizerView(record: ContestRecord): Promise<ContestOrganizerView> {
    const [rooms, summaries] = await Promise.all([store.slotRooms(record.code), store.summaries(record.code)]);
    const roomOf = new Map(rooms.map((r) => [r.slotId, r]));
    const summaryOf = new Map(summaries.map((s) => [s.slotId, s]));
    return {
      ...contestView(record),
      rooms: record.slots.map((slot) => {
        const room = roomOf.get(slot.slotId);
        const summary = summaryOf.get(slot.slotId);
        return {
          slotId: slot.slotId,
          label: slot.label,
          roomKey: slot.roomKey,
          hostPath: `/host?contest=${slot.roomKey}`,
          room: room
            ? {
                code: room.roomCode,
                phase: summary?.status ?? (room.endedAt === null ? 'lobby' : 'ended'),
                players: summary?.players.length ?? 0,
                questionIndex: summary?.questionIndex ?? null,
              }
            : null,
        };
      }),
    };
  }

  function jsonBody(req: Request): unknown {
    if (!req.is('application/json') || req.body === undefined) throw refuse('invalid_payload', 'send the body as application/json');
    return req.body;
  }

  router.use(['/contests', '/contest-rooms'], (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.post('/contests', writes, requireKey, json, async (req, res) => {
    const payload = CreateContestSchema.safeParse(jsonBody(req));
    if (!payload.success) throw refuse('invalid_payload', describe(payload.error.issues));
    const settings = payload.data;
    const found = await roomSet(deps.sets, settings.setId, res.locals.key as string);
    if (!found.ok) throw refuse(CONTEST_ERROR_CODES.SET_NOT_FOUND, found.error.message);
    const now = deps.now();
    for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
      const record: ContestRecord = {
        code: newContestCode(),
        ownerHash: res.locals.owner as string,
        settings,
        set: found.set,
        seed: newContestSeed(),
        slots: settings.rooms.map((room, i) => ({ slotId: `s${i + 1}`, label: room.label, roomKey: newRoomKey() })),
        stage: { stage: 'lobby' },
        stageVersion: 0,
        createdAt: now,
        updatedAt: now,
      };
      // Its rooms must be playable before any teacher opens one: the first room's config, checked now.
      if (attempt === 0) playable(record);
      const created = await store.create(record, limits.contestsPerKey);
      if (created.ok) return sendData<ContestResult>(res, { contest: await organizerView(record) }, 201);
      if (created.reason === 'too_many') throw refuse(CONTEST_ERROR_CODES.TOO_MANY_CONTESTS, `a teacher key holds at most ${limits.contestsPerKey} contests`);
    }
    throw refuse('internal_error', 'could not find a free contest code; try again');
  });

  router.get('/contests', reads, requireKey, async (_req, res) => {
    const records = await store.listByOwner(res.locals.owner as string);
    records.sort((a, b) => b.createdAt - a.createdAt || (a.code < b.code ? -1 : 1));
    sendData<ContestListResult>(res, {
      contests: records.map((r) => ({ code: r.code, title: r.settings.title, stage: r.stage, createdAt: r.createdAt, rooms: r.slots.length, pacing: r.settings.pacing })),
    });
  });

  router.get('/contests/:code', reads, requireKey, async (req, res) => {
    sendData<ContestResult>(res, { contest: await organizerView(await ownContest(req, res)) });
  });

  router.post('/contests/:code/control', writes, requireKey, json, async (req, res) => {
    let record = await ownContest(req, res);
    const payload = ContestControlSchema.safeParse(jsonBody(req));
    if (!payload.success) throw refuse('invalid_payload', describe(payload.error.issues));
    // Another node (its hub releasing a question) may move the stage between the read and the write: read again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const outcome = controlStage(record, payload.data.action, deps.now());
      if (!outcome.ok) throw refuse(outcome.code, outcome.message);
      if (outcome.stage === record.stage) return sendData<ContestResult>(res, { contest: await organizerView(record) });
      const moved = await store.setStage(record.code, record.stageVersion, outcome.stage, deps.now());
      if (moved) {
        deps.logger.info({ contest: record.code, action: payload.data.action, stage: moved.stage }, 'contest stage moved');
        deps.onStageChange?.(record.code);
        return sendData<ContestResult>(res, { contest: await organizerView(moved) });
      }
      record = await ownContest(req, res);
    }
    throw refuse(CONTEST_ERROR_CODES.CONTEST_WRONG_STATE, 'the contest moved meanwhile; look again');
  });

  router.get('/contests/:code/board', reads, async (req, res) => {
    const record = await contestOf(req);
    sendData<ContestBoard>(res, buildBoard(record, await store.summaries(record.code), deps.now()));
  });

  router.get('/contests/:code/report', reads, requireKey, async (req, res) => {
    const record = await ownContest(req, res);
    const [summaries, rooms] = await Promise.all([store.summaries(record.code), store.slotRooms(record.code)]);
    const report = buildContestReport(record, summaries, rooms);
    if (req.query.format === undefined) return sendData<ContestReport>(res, report);
    const part = req.query.part ?? 'players';
    if (req.query.format !== 'csv' || typeof part !== 'string' || !(CONTEST_CSV_PARTS as readonly string[]).includes(part)) {
      throw refuse('invalid_payload', `?format=csv&part= one of ${CONTEST_CSV_PARTS.join(', ')}`);
    }
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.attachment(`contest-${record.code}-${part}.csv`);
    res.send(contestCsv(report, part as (typeof CONTEST_CSV_PARTS)[number], mistakeTexts(summaries)));
  });

  router.get('/contest-rooms/:roomKey', reads, async (req, res) => {
    const roomKey = String(req.params.roomKey);
    const target = looksLikeRoomKey(roomKey) ? await store.byRoomKey(roomKey) : null;
    const record = target ? await store.get(target.contestCode) : null;
    const slot = record?.slots.find((s) => s.slotId === target!.slotId);
    if (!record || !slot) throw refuse(CONTEST_ERROR_CODES.UNKNOWN_ROOM_KEY, 'this server never made that room key');
    const live = (await store.slotRooms(record.code)).find((r) => r.slotId === slot.slotId && r.endedAt === null);
    sendData<ContestRoomKeyResult>(res, {
      contest: { code: record.code, title: record.settings.title, pacing: record.settings.pacing, lang: record.settings.lang, items: record.set.items.length },
      slot: { slotId: slot.slotId, label: slot.label },
      openRoom: live?.roomCode ?? null,
    });
  });

  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    let refusal: Refusal;
    if (err instanceof Refusal) refusal = err;
    else {
      const { status, type } = err as { status?: unknown; type?: unknown };
      if (type === 'entity.too.large') refusal = new Refusal({ code: 'invalid_payload', message: 'the body is too large' }, 413);
      else if (typeof status === 'number' && status >= 400 && status < 500) refusal = refuse('invalid_payload', 'the body could not be read as its Content-Type says');
      else {
        deps.logger.error({ err }, 'contest request failed');
        refusal = refuse('internal_error', 'something went wrong on the server');
      }
    }
    if (refusal.status === 401) res.set('WWW-Authenticate', 'Bearer');
    if (refusal.retryAfterMs !== undefined) res.set('Retry-After', String(Math.max(1, Math.ceil(refusal.retryAfterMs / 1000))));
    res.status(refusal.status).json({ ok: false, error: refusal.error });
  });
  return router;
}
