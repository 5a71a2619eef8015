/**
 * The homework scenario of `npm run bench:load` (`--scenario homework`): a school evening of one
 * assignment against one server (embedded: SQLite), then the same evening against the bare
 * baseline, on the same machine in the same run, every figure printed as ours, baseline and ratio.
 *
 * Per target: the server under test starts in its own process (`server-host.ts`); for the game, a
 * teacher makes a key, saves the bench's set and assigns it over HTTP as the teacher's page would;
 * bot workers (`homework-worker.ts`) then play the students, arriving over the first 40 % of the
 * evening. The server's event-loop delay and CPU are measured over the whole evening, its heap and
 * RSS (after full GCs) before and once every student has finished, still connected. At the end the
 * teacher's view and report must agree with what the students were told: every student started and
 * finished, and every acknowledged answer is in the report.
 */
import { join, resolve } from 'node:path';
import { type AssignmentReport, type AssignmentResult, HOMEWORK_LIMITS } from '../../shared/protocol/homework.ts';
import { SetContentSchema, problemForItem } from '../../shared/question-sets/index.ts';
import { CHOICE_ANSWERS, HOMEWORK_REQUESTS, HOMEWORK_SET, type HomeworkRequest, assignmentSettings } from './homework-set.ts';
import type { HomeworkReport, HomeworkWorkerApi } from './homework-worker.ts';
import { type Child, startChild } from './ipc.ts';
import type { HomeworkOptions, Scenario } from './scenarios.ts';
import type { LoopStats, MemorySample, ServerHostApi, TargetName } from './server-host.ts';
import { type Summary, bump, epochNow, mergeCounts, sleep, summarize } from './stats.ts';
import { serverHostScript } from './server-script.ts';

/** Refusals a student meets on purpose: a typo, and their own name typed again on another device. */
const EXPECTED_REFUSALS = new Set(['answer:invalid_answer', 'start:name_taken']);

export interface HomeworkRunOptions {
  here: string;
  store: boolean;
  sourceIps: number;
  cpuProf: boolean;
  profileDir: (target: TargetName) => string;
  ackTimeoutMs: number;
}

export interface HomeworkResult {
  target: TargetName;
  failures: string[];
  notes: string[];
  students: number;
  arrived: number;
  started: number;
  finished: number;
  stillWorking: number;
  eveningMs: number;
  ackMs: Record<HomeworkRequest, Summary>;
  /** Every request's ack, all kinds together. */
  allAckMs: Summary;
  connectMs: Summary;
  resumeMs: Summary;
  resumes: { token: number; code: number };
  outcomes: Record<string, number>;
  lostAcks: number;
  failedAcks: number;
  expectedRefusals: number;
  answersRecorded: number;
  skips: number;
  graded: { asIntended: number; otherwise: number; unchecked: number };
  problems: Record<string, number>;
  examples: string[];
  /** The server's own record at the end (game only). */
  teacher: { started: number; finished: number; reportAnswers: number; reportSkips: number } | null;
  loop: LoopStats | null;
  memory: { base: MemorySample | null; end: MemorySample | null };
  heapPerStudentKB: number | null;
  rssPerStudentKB: number | null;
  serverCpuUsPerRequest: number | null;
  serverCpuShare: number | null;
  bytesPerStudent: number | null;
  botCpuMax: number | null;
  botLoopP99MaxMs: number | null;
  wallMs: number;
}

function emptyResult(target: TargetName, students: number): HomeworkResult {
  const none = summarize([]);
  return {
    target,
    failures: [],
    notes: [],
    students,
    arrived: 0,
    started: 0,
    finished: 0,
    stillWorking: 0,
    eveningMs: 0,
    ackMs: Object.fromEntries(HOMEWORK_REQUESTS.map((r) => [r, none])) as Record<HomeworkRequest, Summary>,
    allAckMs: none,
    connectMs: none,
    resumeMs: none,
    resumes: { token: 0, code: 0 },
    outcomes: {},
    lostAcks: 0,
    failedAcks: 0,
    expectedRefusals: 0,
    answersRecorded: 0,
    skips: 0,
    graded: { asIntended: 0, otherwise: 0, unchecked: 0 },
    problems: {},
    examples: [],
    teacher: null,
    loop: null,
    memory: { base: null, end: null },
    heapPerStudentKB: null,
    rssPerStudentKB: null,
    serverCpuUsPerRequest: null,
    serverCpuShare: null,
    bytesPerStudent: null,
    botCpuMax: null,
    botLoopP99MaxMs: null,
    wallMs: 0,
  };
}

/** Answers one student gives on average: every step of every item, plus retries after wrong answers and typos. */
function answersPerStudent(): number {
  const items = SetContentSchema.parse(HOMEWORK_SET).items;
  const steps = items.reduce((n, item, i) => n + (problemForItem(item, { seed: 1 + i }).steps?.length ?? 1), 0);
  // About a third of first attempts are wrong and tried again; a few start with a typo.
  return steps * 1.35 + items.length * 0.12;
}

/** The evening's shape: arrivals over its first 40 %, think times so the last arrival finishes near its end. */
export function eveningPlan(homework: HomeworkOptions): { rampMs: number; thinkMs: number } {
  const rampMs = homework.durationMs * 0.4;
  const thinkMs = (homework.durationMs * 0.5) / (answersPerStudent() + 1);
  return { rampMs, thinkMs };
}

interface Api<T> {
  ok: boolean;
  data?: T;
  error?: { code: string; message: string };
}

async function http<T>(base: string, method: string, path: string, key: string | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  let parsed: Api<T>;
  try {
    parsed = JSON.parse(text) as Api<T>;
  } catch {
    throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 200)}`);
  }
  if (!response.ok || !parsed.ok) throw new Error(`${method} ${path}: ${response.status} ${parsed.error?.code ?? ''} ${parsed.error?.message ?? text.slice(0, 200)}`);
  return parsed.data as T;
}

/** What a teacher does before the evening: a key, the set saved, the assignment made. Returns its code. */
async function assign(base: string, durationMs: number): Promise<{ code: string; key: string }> {
  const { key } = await http<{ key: string }>(base, 'POST', '/api/teacher-keys', null);
  const { set } = await http<{ set: { id: string } }>(base, 'POST', '/api/sets', key, HOMEWORK_SET);
  const { assignment } = await http<AssignmentResult>(base, 'POST', '/api/assignments', key, assignmentSettings(set.id, Date.now(), durationMs));
  return { code: assignment.code, key };
}

export async function runHomeworkTarget(target: TargetName, scenario: Scenario, options: HomeworkRunOptions): Promise<HomeworkResult> {
  const homework = scenario.homework!;
  const studentCount = scenario.playersPerRoom;
  const result = emptyResult(target, studentCount);
  const started = epochNow();
  const fail = (message: string) => {
    result.failures.push(message);
    console.error(`  ✗ ${target}: ${message}`);
  };
  const log = (message: string) => console.log(`  ${target}: ${message}`);
  const { rampMs, thinkMs } = eveningPlan(homework);

  let server: Child<ServerHostApi> | null = null;
  const workers: Child<HomeworkWorkerApi>[] = [];
  let stopping = false;
  let rejectGuard!: (error: Error) => void;
  const guard = new Promise<never>((_resolve, reject) => {
    rejectGuard = reject;
  });
  guard.catch(() => {});
  const deadlineTimer = setTimeout(() => rejectGuard(new Error(`the run took longer than ${scenario.deadlineMs / 1000} s`)), scenario.deadlineMs);
  const step = <T>(promise: Promise<T>): Promise<T> => Promise.race([promise, guard]);
  let stage = 'starting the server';
  const reports: HomeworkReport[] = [];

  try {
    server = startChild<ServerHostApi>(await serverHostScript(resolve(options.here, '../..')), {
      name: `${target} server`,
      execArgv: ['--enable-source-maps', '--expose-gc', ...(options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir(target)}`] : [])],
      env: {
        BENCH_TARGET: target,
        BENCH_STORE: options.store ? 'on' : 'off',
        // Above the default cap of students an assignment admits (2,000), the cap follows the run.
        ...(studentCount > HOMEWORK_LIMITS.maxStudents ? { BENCH_HOMEWORK_STUDENTS: String(studentCount) } : {}),
      },
      openFiles: studentCount + 256,
      quiet: true,
    });
    const child = server;
    void child.exited.then(({ code, signal }) => {
      if (!stopping) rejectGuard(new Error(`the ${child.name} process exited during the run (code ${code}, signal ${signal})`));
    });
    const port = (await step(server.ready)) as number;
    const base = `http://127.0.0.1:${port}`;
    result.memory.base = await step(server.call.memory());

    stage = 'assigning the homework';
    const teacher = target === 'baseline' ? { code: 'BASELINE', key: '' } : await step(assign(base, homework.durationMs));
    log(`assignment ${teacher.code}: ${HOMEWORK_SET.items.length} items, ${studentCount} students over ${fmt(homework.durationMs / 1000)} s (arrivals over ${fmt(rampMs / 1000)} s, think ${fmt(thinkMs / 1000, 2)} s per answer on average)`);

    stage = 'starting bot workers';
    const shares: number[][] = Array.from({ length: scenario.workers }, () => []);
    for (let i = 0; i < studentCount; i++) shares[i % scenario.workers]!.push(i);
    const localAddresses = Array.from({ length: options.sourceIps }, (_, i) => `127.0.0.${i + 1}`);
    for (let w = 0; w < scenario.workers; w++) {
      workers.push(startChild<HomeworkWorkerApi>(join(options.here, 'homework-worker.ts'), { name: `homework worker ${w}`, execArgv: ['--import', 'tsx'], openFiles: shares[w]!.length + 1024 }));
    }
    const startAt = epochNow() + 1500;
    await step(
      Promise.all(
        workers.map((worker, w) =>
          worker.call.init({
            workerId: w,
            url: base,
            code: teacher.code,
            items: HOMEWORK_SET.items.length,
            students: shares[w]!,
            startAt,
            rampMs,
            thinkMs,
            resumeShare: homework.resumeShare,
            resumeByCodeShare: homework.resumeByCodeShare,
            skipShare: homework.skipShare,
            choiceAnswers: CHOICE_ANSWERS,
            ackTimeoutMs: options.ackTimeoutMs,
            checkGrading: target !== 'baseline',
            localAddresses,
          }),
        ),
      ),
    );

    stage = 'the evening';
    const cpuBefore = await step(server.call.cpu());
    await step(server.call.loopStart());
    // Students still at work shortly before the run's deadline are left (the others' figures are reported),
    // with time to spare for the teacher's report and the shutdown.
    const spare = Math.min(30_000, Math.max(10_000, scenario.deadlineMs * 0.1));
    const eveningTimeout = Math.max(10_000, scenario.deadlineMs - (epochNow() - started) - spare);
    const evening = Promise.all(workers.map((w) => w.call.run({ timeoutMs: eveningTimeout })));
    // A line now and then, so a long run shows where it is.
    const every = Math.max(5000, homework.durationMs / 6);
    let done = false;
    void evening.finally(() => (done = true)).catch(() => {});
    const progress = (async () => {
      while (!done) {
        await Promise.race([sleep(every), evening.catch(() => {})]);
        if (done) return;
        const counts = await Promise.all(workers.map((w) => w.call.progress()));
        const sum = (key: keyof (typeof counts)[number]) => counts.reduce((n, c) => n + c[key], 0);
        log(
          `+${fmt((epochNow() - startAt) / 1000, 0)} s: ${sum('arrived')} arrived, ${sum('started')} started, ${sum('finished')} finished, ` +
            `${sum('answers')} answers, ${sum('connected')} connected${sum('gaveUp') ? `, ${sum('gaveUp')} stopped short` : ''}`,
        );
      }
    })();
    reports.push(...(await step(evening)));
    await progress.catch(() => {});
    result.eveningMs = epochNow() - startAt;
    result.loop = await step(server.call.loopStop());
    const cpuAfter = await step(server.call.cpu());
    const cpuMs = cpuAfter.userMs + cpuAfter.systemMs - cpuBefore.userMs - cpuBefore.systemMs;
    result.serverCpuShare = cpuMs / result.eveningMs;
    stage = 'after the evening';
    // Every student done and still connected (a phone left on the results page).
    result.memory.end = await step(server.call.memory());

    for (const r of reports) {
      result.arrived += r.arrived;
      result.started += r.started;
      result.finished += r.finished;
      result.stillWorking += r.stillWorking;
      mergeCounts(result.outcomes, r.outcomes);
      mergeCounts(result.problems, r.problems);
      result.resumes.token += r.resumes.token;
      result.resumes.code += r.resumes.code;
      result.answersRecorded += r.answersRecorded;
      result.skips += r.skips;
      result.graded.asIntended += r.graded.asIntended;
      result.graded.otherwise += r.graded.otherwise;
      result.graded.unchecked += r.graded.unchecked;
      result.examples.push(...r.examples.slice(0, Math.max(0, 20 - result.examples.length)));
    }
    for (const name of HOMEWORK_REQUESTS) result.ackMs[name] = summarize(reports.flatMap((r) => r.ackMs[name]));
    result.allAckMs = summarize(reports.flatMap((r) => HOMEWORK_REQUESTS.flatMap((name) => r.ackMs[name])));
    result.resumeMs = summarize(reports.flatMap((r) => r.resumeMs));
    result.connectMs = summarize(reports.flatMap((r) => r.connectMs));
    if (result.allAckMs.count > 0) result.serverCpuUsPerRequest = (cpuMs * 1000) / result.allAckMs.count;
    result.bytesPerStudent = reports.reduce((n, r) => n + r.bytes, 0) / Math.max(1, result.started);
    result.botCpuMax = Math.max(...reports.map((r) => r.cpuMs / result.eveningMs));
    result.botLoopP99MaxMs = Math.max(...reports.map((r) => r.loopP99Ms));
    const { base: before, end } = result.memory;
    if (before && end && result.started > 0) {
      result.heapPerStudentKB = (end.heapUsed - before.heapUsed) / result.started / 1024;
      result.rssPerStudentKB = (end.rss - before.rss) / result.started / 1024;
    }

    if (target !== 'baseline') {
      stage = "reading the teacher's view and report";
      const { assignment } = await step(http<AssignmentResult>(base, 'GET', `/api/assignments/${teacher.code}`, teacher.key));
      const report = await step(http<AssignmentReport>(base, 'GET', `/api/assignments/${teacher.code}/report`, teacher.key));
      const skips = report.answers.filter((a) => a.status === 'skipped').length;
      result.teacher = { started: assignment.started, finished: assignment.finished, reportAnswers: report.answers.length - skips, reportSkips: skips };
      log(`teacher's view: ${assignment.started} started, ${assignment.finished} finished; report: ${report.answers.length} rows (${skips} skips)`);
    }
  } catch (error) {
    fail(`${stage}: ${(error as Error).message}`);
  } finally {
    stopping = true;
    clearTimeout(deadlineTimer);
    await Promise.allSettled(workers.map((w) => Promise.race([w.call.close(), sleep(3000)])));
    await Promise.allSettled(workers.map((w) => w.stop()));
    if (server) {
      if (server.crashed()) fail(`the ${server.name} process crashed`);
      try {
        await Promise.race([server.call.shutdown(), sleep(2000)]);
        await Promise.race([server.exited, sleep(5000)]);
      } catch {
        // Already gone.
      }
      await server.stop();
    }
    result.wallMs = epochNow() - started;
  }

  // Verdicts.
  for (const [outcome, n] of Object.entries(result.outcomes)) {
    if (outcome.startsWith('lost ')) result.lostAcks += n;
    else if (outcome.startsWith('unexpected ')) result.failedAcks += n;
    else if (EXPECTED_REFUSALS.has(outcome)) result.expectedRefusals += n;
  }
  if (result.lostAcks > 0) fail(`${result.lostAcks} requests were never acknowledged: ${JSON.stringify(pick(result.outcomes, 'lost '))}`);
  if (result.failedAcks > 0) fail(`${result.failedAcks} requests were refused unexpectedly: ${JSON.stringify(pick(result.outcomes, 'unexpected '))}`);
  if (reports.length > 0 && result.finished < studentCount) {
    fail(`${studentCount - result.finished} of ${studentCount} students did not finish${result.stillWorking ? ` (${result.stillWorking} still at work at the deadline)` : ''}`);
  }
  for (const [kind, n] of Object.entries(result.problems)) fail(`${n} × ${kind}`);
  if (result.failures.length > 0 && result.examples.length > 0) result.notes.push(`first problems seen: ${result.examples.slice(0, 8).join(' | ')}`);
  const t = result.teacher;
  if (t) {
    // Students left at work go on until their sockets close: the server's counts may run ahead of theirs.
    const compare = result.stillWorking === 0 ? fail : (message: string) => result.notes.push(`${message} (students were still at work)`);
    if (t.started !== result.started || t.finished !== result.finished) {
      compare(`the teacher's view counts ${t.started} started and ${t.finished} finished, the students ${result.started} and ${result.finished}`);
    }
    if (t.reportAnswers !== result.answersRecorded) compare(`the report holds ${t.reportAnswers} answers, the students had ${result.answersRecorded} acknowledged`);
  }
  if (result.botCpuMax !== null && result.botLoopP99MaxMs !== null && (result.botCpuMax > 0.8 || result.botLoopP99MaxMs > 100)) {
    result.notes.push(
      `bot workers ran hot (busiest ${Math.round(result.botCpuMax * 100)} % of a core, loop lag p99 ${fmt(result.botLoopP99MaxMs)} ms): latencies include time the bots spent queueing`,
    );
  }
  return result;
}

function pick(counts: Record<string, number>, prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(counts)) if (k.startsWith(prefix)) bump(out, k.slice(prefix.length), n);
  return out;
}

// ─── Report ───────────────────────────────────────────────────────────────────────

export function fmt(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en');
  return value.toFixed(digits);
}

type Row = [label: string, get: (r: HomeworkResult) => number | null | undefined, digits?: number];

const ROWS: Row[] = [
  ['students started', (r) => r.started, 0],
  ['students finished', (r) => r.finished, 0],
  ['evening, first arrival → last finish (s)', (r) => r.eveningMs / 1000],
  ['requests acked', (r) => r.allAckMs.count, 0],
  ['answers recorded', (r) => r.answersRecorded, 0],
  ['answer ack p50 (ms)', (r) => r.ackMs.answer.p50],
  ['answer ack p95 (ms)', (r) => r.ackMs.answer.p95],
  ['answer ack p99 (ms)', (r) => r.ackMs.answer.p99],
  ['answer ack max (ms)', (r) => r.ackMs.answer.max],
  ['connect (handshake) p50 (ms)', (r) => r.connectMs.p50],
  ['connect (handshake) p99 (ms)', (r) => r.connectMs.p99],
  ['open ack p99 (ms)', (r) => r.ackMs.open.p99],
  ['start ack p50 (ms)', (r) => r.ackMs.start.p50],
  ['start ack p99 (ms)', (r) => r.ackMs.start.p99],
  ['item ack p99 (ms)', (r) => r.ackMs.item.p99],
  ['skip ack p99 (ms)', (r) => r.ackMs.skip.p99],
  ['resume ack p99 (ms)', (r) => r.ackMs.resume.p99],
  ['resumes, by token', (r) => r.resumes.token, 0],
  ['resumes, by code on another device', (r) => r.resumes.code, 0],
  ['new connection → resumed p99 (ms)', (r) => r.resumeMs.p99],
  ['lost acks', (r) => r.lostAcks, 0],
  ['failed acks (unexpected refusals)', (r) => r.failedAcks, 0],
  ['refused as expected (typo, name taken)', (r) => r.expectedRefusals, 0],
  ['event-loop lag p99, evening (ms)', (r) => r.loop?.p99Ms],
  ['event-loop lag max, evening (ms)', (r) => r.loop?.maxMs],
  ['server CPU, evening (% of a core)', (r) => (r.serverCpuShare === null ? null : r.serverCpuShare * 100), 0],
  ['server CPU per request (µs)', (r) => r.serverCpuUsPerRequest, 0],
  ['heap after, all connected (MB)', (r) => (r.memory.end ? r.memory.end.heapUsed / 2 ** 20 : null)],
  ['heap per student (KB)', (r) => r.heapPerStudentKB],
  ['RSS per student (KB)', (r) => r.rssPerStudentKB],
  ['received per student (KB)', (r) => (r.bytesPerStudent === null ? null : r.bytesPerStudent / 1024)],
  ['busiest bot worker (% core)', (r) => (r.botCpuMax === null ? null : r.botCpuMax * 100), 0],
  ['bot worker loop lag p99 (ms)', (r) => r.botLoopP99MaxMs],
];

function ratio(ours: number | null, baseline: number | null): number | null {
  if (ours === null || baseline === null || !Number.isFinite(ours) || !Number.isFinite(baseline) || baseline === 0) return null;
  return ours / baseline;
}

export function homeworkTable(results: Partial<Record<TargetName, HomeworkResult>>): { text: string; rows: Record<string, Record<string, number | null>> } {
  const lines = [`${'metric'.padEnd(44)}${'ours'.padStart(12)}${'baseline'.padStart(12)}${'ratio'.padStart(9)}`, '─'.repeat(77)];
  const rows: Record<string, Record<string, number | null>> = {};
  for (const [label, get, digits = 1] of ROWS) {
    const value = (target: TargetName) => {
      const r = results[target];
      const v = r ? (get(r) ?? null) : null;
      return v !== null && Number.isFinite(v) ? v : null;
    };
    const ours = value('game');
    const base = value('baseline');
    const r = ratio(ours, base);
    rows[label] = { ours, baseline: base, ratio: r };
    lines.push(`${label.padEnd(44)}${fmt(ours, digits).padStart(12)}${fmt(base, digits).padStart(12)}${(r === null ? '–' : `${r.toFixed(2)}×`).padStart(9)}`);
  }
  return { text: lines.join('\n'), rows };
}

/** Every refusal by request and code, as expected or not (the table counts them only in total). */
export function refusalLines(results: Partial<Record<TargetName, HomeworkResult>>): string[] {
  return (['game', 'baseline'] as const).flatMap((target) => {
    const r = results[target];
    if (!r) return [];
    const refusals = Object.entries(r.outcomes)
      .filter(([k]) => !k.endsWith(':ok'))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, n]) => `${k} ${n}`);
    return [`${target === 'game' ? 'ours' : 'baseline'}: ${refusals.length ? refusals.join(', ') : 'none'}`];
  });
}

export interface HomeworkCheck {
  name: string;
  met: boolean | null;
  detail: string;
}

/** The issue's bar: no lost ack and the answer ack p99 against the baseline of the same run (reported, not a target). */
export function homeworkChecks(results: Partial<Record<TargetName, HomeworkResult>>): HomeworkCheck[] {
  const ours = results.game;
  if (!ours) return [];
  const base = results.baseline;
  const p99 = ratio(ours.ackMs.answer.p99, base?.ackMs.answer.p99 ?? null);
  const t = ours.teacher;
  return [
    { name: '0 lost acks', met: ours.lostAcks === 0, detail: String(ours.lostAcks) },
    { name: '0 unexpected refusals', met: ours.failedAcks === 0, detail: JSON.stringify(pick(ours.outcomes, 'unexpected ')) },
    { name: 'every student finished', met: ours.finished === ours.students, detail: `${ours.finished} / ${ours.students}` },
    { name: "every acknowledged answer in the teacher's report", met: t ? t.reportAnswers === ours.answersRecorded : null, detail: t ? `${t.reportAnswers} / ${ours.answersRecorded}` : 'no report' },
    { name: 'every verdict as the student meant it', met: ours.graded.otherwise === 0, detail: `${ours.graded.asIntended} as meant, ${ours.graded.otherwise} otherwise` },
    {
      name: 'answer ack p99 against the baseline',
      met: null,
      detail: p99 === null ? 'no baseline' : `${fmt(ours.ackMs.answer.p99)} ms against ${fmt(base?.ackMs.answer.p99)} ms: ${p99.toFixed(2)}×`,
    },
  ];
}
