/**
 * Homework in Redis (cluster mode): every node serves every student, as each request reads and
 * writes the store only, so a student may start on one node and resume on another.
 *
 * Keys (prefix `arena:` by default, beside the rooms', the sets' and the contests' keys):
 * - `assignment:<code>`       hash: `owner`, `title`, `settings` (JSON, as created), `opensAt` and
 *                             `closesAt` (as last moved: they override the JSON's), `set` (JSON),
 *                             `seed`, `createdAt`, `updatedAt`, `finished` (students who finished);
 * - `assignments:<ownerHash>` set: the owner's assignment codes;
 * - `assignments-closing`     sorted set: codes by deadline (what the retention purge reads);
 * - `hw-students:<code>`      list: student ids in the order they started;
 * - `hw-names:<code>`         hash: name key → student id (a name once per assignment);
 * - `hw-resume:<code>`        hash: resume-code hash → student id;
 * - `hw-token:<tokenHash>`    string: the student id a device's token opens;
 * - `hw-student:<id>`         hash: the student's record, `answers` (how many) and `tokens` (every
 *                             device's token hash, space-separated: what a purge removes);
 * - `hw-answers:<id>`         list: the student's answers (JSON), append-only.
 *
 * Every write that reads before it writes is one Lua script, so it is atomic across nodes: a name is
 * taken once, the cap is never passed, and of two devices answering on the same count of answers
 * one appends and the other is told `stale` (it grades again on what is stored).
 */
import { RedisKeyspace, hashFromPairs } from '../cluster/redis-keyspace.ts';
import type {
  AddStudentOutcome,
  AnswerRecord,
  AppendOutcome,
  AssignmentRecord,
  AssignmentSummary,
  CreateAssignmentOutcome,
  HomeworkStore,
  StudentRecord,
} from './homework-store.ts';

/** KEYS: assignment, owner set, deadlines. ARGV: max, code, closes at, fields… 'code_taken' | 'too_many' | 'ok'. */
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 'code_taken' end
if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[1]) then return 'too_many' end
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('HSET', KEYS[1], 'finished', 0)
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
return 'ok'`;

/** KEYS: assignment, deadlines. ARGV: opens at, closes at, now, code. */
const UPDATE_WINDOW = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('HSET', KEYS[1], 'opensAt', ARGV[1], 'closesAt', ARGV[2], 'updatedAt', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[4])
return redis.call('HGETALL', KEYS[1])`;

// Every key of an assignment is built in the script: they are only known inside it (one Redis, not Redis Cluster).
const PURGE = `
local codes = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
local p = ARGV[2]
for _, code in ipairs(codes) do
  local key = p .. 'assignment:' .. code
  local owner = redis.call('HGET', key, 'owner')
  for _, id in ipairs(redis.call('LRANGE', p .. 'hw-students:' .. code, 0, -1)) do
    local tokens = redis.call('HGET', p .. 'hw-student:' .. id, 'tokens')
    if tokens then
      for token in string.gmatch(tokens, '%S+') do redis.call('DEL', p .. 'hw-token:' .. token) end
    end
    redis.call('DEL', p .. 'hw-student:' .. id, p .. 'hw-answers:' .. id)
  end
  if owner then redis.call('SREM', p .. 'assignments:' .. owner, code) end
  redis.call('DEL', key, p .. 'hw-students:' .. code, p .. 'hw-names:' .. code, p .. 'hw-resume:' .. code)
  redis.call('ZREM', KEYS[1], code)
end
return #codes`;

/**
 * KEYS: names, students list, student, token, resume. ARGV: name key, max, id, resume hash, token hash,
 * started at, then the student's fields. 'name_taken' | 'full' | 'ok'.
 */
const ADD_STUDENT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 'name_taken' end
if redis.call('LLEN', KEYS[2]) >= tonumber(ARGV[2]) then return 'full' end
if redis.call('HEXISTS', KEYS[5], ARGV[4]) == 1 or redis.call('EXISTS', KEYS[3]) == 1 then return redis.error_reply('student id or resume code taken') end
redis.call('HSET', KEYS[3], unpack(ARGV, 7))
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[5], ARGV[4], ARGV[3])
redis.call('RPUSH', KEYS[2], ARGV[3])
if redis.call('SET', KEYS[4], ARGV[3], 'NX') then redis.call('HSET', KEYS[3], 'tokens', ARGV[5]) end
return 'ok'`;

/** KEYS: student, token. ARGV: student id, token hash. */
const ADD_TOKEN = `
if redis.call('EXISTS', KEYS[1]) == 1 and redis.call('SET', KEYS[2], ARGV[1], 'NX') then
  local tokens = redis.call('HGET', KEYS[1], 'tokens')
  redis.call('HSET', KEYS[1], 'tokens', tokens and (tokens .. ' ' .. ARGV[2]) or ARGV[2])
end
return 1`;

const TOUCH = `
local seen = redis.call('HGET', KEYS[1], 'lastSeenAt')
if seen and tonumber(seen) < tonumber(ARGV[1]) then redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[1]) end
return 1`;

/**
 * KEYS: student, answers, assignment. ARGV: expected count, now, finished at ('' for none), rows (JSON).
 * {outcome, answers after (or as they stand)}.
 */
const APPEND = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'missing', {}} end
local f = redis.call('HMGET', KEYS[1], 'answers', 'lastSeenAt', 'finishedAt')
if tonumber(f[1]) ~= tonumber(ARGV[1]) then return {'stale', redis.call('LRANGE', KEYS[2], 0, -1)} end
if #ARGV > 3 then redis.call('RPUSH', KEYS[2], unpack(ARGV, 4)) end
redis.call('HSET', KEYS[1], 'answers', tonumber(ARGV[1]) + #ARGV - 3)
if tonumber(f[2]) < tonumber(ARGV[2]) then redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[2]) end
if ARGV[3] ~= '' and not f[3] then
  redis.call('HSET', KEYS[1], 'finishedAt', ARGV[3])
  redis.call('HINCRBY', KEYS[3], 'finished', 1)
end
return {'ok', redis.call('LRANGE', KEYS[2], 0, -1)}`;

function toAssignment(code: string, hash: Record<string, string>): AssignmentRecord | null {
  if (hash.settings === undefined || hash.owner === undefined || hash.set === undefined) return null;
  const settings = JSON.parse(hash.settings) as AssignmentRecord['settings'];
  return {
    code,
    ownerHash: hash.owner,
    title: hash.title ?? '',
    settings: { ...settings, opensAt: Number(hash.opensAt ?? settings.opensAt), closesAt: Number(hash.closesAt ?? settings.closesAt) },
    set: JSON.parse(hash.set) as AssignmentRecord['set'],
    seed: Number(hash.seed),
    createdAt: Number(hash.createdAt),
    updatedAt: Number(hash.updatedAt),
  };
}

function toStudent(id: string, hash: Record<string, string>): StudentRecord | null {
  if (hash.code === undefined) return null;
  return {
    id,
    code: hash.code,
    name: hash.name ?? '',
    nameKey: hash.nameKey ?? '',
    studentNumber: hash.studentNumber ?? null,
    tokenHash: hash.tokenHash ?? '',
    resumeHash: hash.resumeHash ?? '',
    startedAt: Number(hash.startedAt),
    lastSeenAt: Number(hash.lastSeenAt),
    finishedAt: hash.finishedAt === undefined ? null : Number(hash.finishedAt),
  };
}

const parseAnswers = (lines: readonly string[]): AnswerRecord[] => lines.map((line) => JSON.parse(line) as AnswerRecord);

export class RedisHomeworkStore extends RedisKeyspace implements HomeworkStore {
  private get closingKey(): string {
    return `${this.prefix}assignments-closing`;
  }

  async createAssignment(record: AssignmentRecord, maxPerOwner: number): Promise<CreateAssignmentOutcome> {
    const outcome = await this.client.eval(CREATE, {
      keys: [this.key('assignment', record.code), this.key('assignments', record.ownerHash), this.closingKey],
      arguments: [
        String(maxPerOwner),
        record.code,
        String(record.settings.closesAt),
        ...['owner', record.ownerHash, 'title', record.title, 'settings', JSON.stringify(record.settings), 'set', JSON.stringify(record.set)],
        ...['seed', String(record.seed), 'createdAt', String(record.createdAt), 'updatedAt', String(record.updatedAt)],
      ],
    });
    if (outcome === 'ok') return { ok: true };
    return { ok: false, reason: outcome === 'too_many' ? 'too_many' : 'code_taken' };
  }

  async getAssignment(code: string): Promise<AssignmentRecord | null> {
    return toAssignment(code, await this.client.hGetAll(this.key('assignment', code)));
  }

  async listAssignments(ownerHash: string): Promise<AssignmentSummary[]> {
    const codes = await this.client.sMembers(this.key('assignments', ownerHash));
    if (codes.length === 0) return [];
    const multi = this.client.multi();
    for (const code of codes) multi.hGetAll(this.key('assignment', code)).lLen(this.key('hw-students', code));
    const replies = (await multi.exec()) as unknown[];
    return codes.flatMap((code, i) => {
      const hash = (replies[2 * i] ?? {}) as Record<string, string>;
      const record = toAssignment(code, hash);
      return record ? [{ record, started: Number(replies[2 * i + 1] ?? 0), finished: Number(hash.finished ?? 0) }] : [];
    });
  }

  async updateWindow(code: string, opensAt: number, closesAt: number, now: number): Promise<AssignmentRecord | null> {
    const moved = await this.client.eval(UPDATE_WINDOW, { keys: [this.key('assignment', code), this.closingKey], arguments: [String(opensAt), String(closesAt), String(now), code] });
    return moved ? toAssignment(code, hashFromPairs(moved)) : null;
  }

  async addStudent(record: StudentRecord, maxStudents: number): Promise<AddStudentOutcome> {
    const fields = [
      ...['code', record.code, 'name', record.name, 'nameKey', record.nameKey, 'tokenHash', record.tokenHash, 'resumeHash', record.resumeHash],
      ...['startedAt', String(record.startedAt), 'lastSeenAt', String(record.lastSeenAt), 'answers', '0'],
      ...(record.studentNumber === null ? [] : ['studentNumber', record.studentNumber]),
      ...(record.finishedAt === null ? [] : ['finishedAt', String(record.finishedAt)]),
    ];
    const outcome = await this.client.eval(ADD_STUDENT, {
      keys: [
        this.key('hw-names', record.code),
        this.key('hw-students', record.code),
        this.key('hw-student', record.id),
        this.key('hw-token', record.tokenHash),
        this.key('hw-resume', record.code),
      ],
      arguments: [record.nameKey, String(maxStudents), record.id, record.resumeHash, record.tokenHash, String(record.startedAt), ...fields],
    });
    if (outcome === 'ok') return { ok: true };
    return { ok: false, reason: outcome === 'full' ? 'full' : 'name_taken' };
  }

  async addToken(studentId: string, tokenHash: string, _now: number): Promise<void> {
    await this.client.eval(ADD_TOKEN, { keys: [this.key('hw-student', studentId), this.key('hw-token', tokenHash)], arguments: [studentId, tokenHash] });
  }

  private async student(id: string | null | undefined): Promise<StudentRecord | null> {
    if (!id) return null;
    return toStudent(id, await this.client.hGetAll(this.key('hw-student', id)));
  }

  async studentByToken(code: string, tokenHash: string): Promise<StudentRecord | null> {
    const student = await this.student(await this.client.get(this.key('hw-token', tokenHash)));
    // A token opens its own assignment only.
    return student && student.code === code ? student : null;
  }

  async studentByResume(code: string, resumeHash: string): Promise<StudentRecord | null> {
    return this.student(await this.client.hGet(this.key('hw-resume', code), resumeHash));
  }

  async students(code: string): Promise<StudentRecord[]> {
    const ids = await this.client.lRange(this.key('hw-students', code), 0, -1);
    if (ids.length === 0) return [];
    const multi = this.client.multi();
    for (const id of ids) multi.hGetAll(this.key('hw-student', id));
    const hashes = (await multi.exec()) as unknown as Record<string, string>[];
    const students = ids.flatMap((id, i) => {
      const student = toStudent(id, hashes[i] ?? {});
      return student ? [student] : [];
    });
    // In the order they started (the list's order breaks ties), as the SQLite store sorts them.
    return students.map((student, order) => ({ student, order })).sort((a, b) => a.student.startedAt - b.student.startedAt || a.order - b.order).map((s) => s.student);
  }

  async touch(studentId: string, now: number): Promise<void> {
    await this.client.eval(TOUCH, { keys: [this.key('hw-student', studentId)], arguments: [String(now)] });
  }

  async answersOf(studentId: string): Promise<AnswerRecord[]> {
    return parseAnswers(await this.client.lRange(this.key('hw-answers', studentId), 0, -1));
  }

  async appendAnswers(studentId: string, expectedAnswers: number, rows: AnswerRecord[], now: number, finishedAt: number | null): Promise<AppendOutcome> {
    // The assignment's key is the student's: read first (a student's code never changes).
    const code = await this.client.hGet(this.key('hw-student', studentId), 'code');
    if (code == null) return { ok: false, reason: 'missing', answers: [] };
    const [outcome, answers] = (await this.client.eval(APPEND, {
      keys: [this.key('hw-student', studentId), this.key('hw-answers', studentId), this.key('assignment', code)],
      arguments: [String(expectedAnswers), String(now), finishedAt === null ? '' : String(finishedAt), ...rows.map((row) => JSON.stringify(row))],
    })) as [string, string[]];
    const stored = parseAnswers(answers);
    if (outcome === 'ok') return { ok: true, answers: stored };
    return { ok: false, reason: outcome === 'stale' ? 'stale' : 'missing', answers: stored };
  }

  async answersOfAssignment(code: string): Promise<AnswerRecord[]> {
    const ids = await this.client.lRange(this.key('hw-students', code), 0, -1);
    if (ids.length === 0) return [];
    const multi = this.client.multi();
    for (const id of ids) multi.lRange(this.key('hw-answers', id), 0, -1);
    const lists = (await multi.exec()) as unknown as string[][];
    // By time, then student, then the student's own order: the SQLite store's order.
    const rows = ids.flatMap((id, i) => parseAnswers(lists[i] ?? []).map((answer, seq) => ({ answer, id, seq })));
    rows.sort((a, b) => a.answer.at - b.answer.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || a.seq - b.seq);
    return rows.map((row) => row.answer);
  }

  async purgeClosedBefore(before: number): Promise<number> {
    return Number(await this.client.eval(PURGE, { keys: [this.closingKey], arguments: [String(before), this.prefix] }));
  }

  close(): void {
    // The connection is the cluster's (cluster-hooks.ts closes it).
  }
}
