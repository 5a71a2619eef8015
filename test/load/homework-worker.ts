/**
 * A bot worker process of the homework scenario: hundreds of students, each a real
 * `socket.io-client` socket on the websocket transport, doing one assignment the way a student does
 * it on a phone: open the link, start with a name, work through the items in order with think times
 * (some answers right, some wrong, a few typos, step-by-step items step by step, a retry after a
 * wrong answer, now and then an item given up), some stop midway and resume on a new connection —
 * with the saved token, or on "another device" with the resume code after trying their name again —
 * and all finish. The orchestrator drives it over IPC and collects the measurements.
 *
 * Every request's reply is checked against what the bot knows: a refusal the student expects (a typo
 * refused `invalid_answer`, the name taken on the second device) is counted by its code, any other
 * refusal is a failure, and a reply that never comes within the ack timeout is lost. A resumed
 * session must show exactly the progress the student's acknowledged answers made, an unfinished
 * item must come without its answer, a finished one with it, and every verdict must be what the
 * student meant (a right answer right, a wrong one not).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { PublicProblem } from '../../shared/engine/index.ts';
import type {
  Ack,
  HomeworkAnswerResult,
  HomeworkInfo,
  HomeworkItemView,
  HomeworkProgress,
  HomeworkSession,
} from '../../shared/protocol/index.ts';
import { type HomeworkRequest, type Intent, studentAnswer } from './homework-set.ts';
import { serveRpc } from './ipc.ts';
import { bump, epochNow, sleep, unitHash } from './stats.ts';


export interface HomeworkWorkerInit {
  workerId: number;
  url: string;
  /** The assignment's code. */
  code: string;
  /** Its item count, as the teacher made it. */
  items: number;
  /** Student indices this worker plays (0-based over the whole run). */
  students: number[];
  /** Epoch ms: the evening starts; each student arrives at `startAt + rampMs × u`. */
  startAt: number;
  rampMs: number;
  /** Mean think time before an answer (each one 0.25–1.75× it, and at least MIN_THINK_MS). */
  thinkMs: number;
  resumeShare: number;
  resumeByCodeShare: number;
  skipShare: number;
  /** Right choice of each multiple-choice item, by index (the bench authored them). */
  choiceAnswers: Record<number, string>;
  ackTimeoutMs: number;
  /**
   * The game server grades and withholds answers: check verdicts, that no unfinished item shows its
   * answer and that a finished one does. The bare baseline does neither.
   */
  checkGrading: boolean;
  localAddresses: string[];
}

export interface HomeworkReport {
  students: number;
  arrived: number;
  started: number;
  finished: number;
  /** Students still at work when the time given ran out. */
  stillWorking: number;
  /** Ack latency per request kind (emit → ack, ms), refusals included. */
  ackMs: Record<HomeworkRequest, number[]>;
  /**
   * `<request>:<code>` of every reply as expected (`answer:ok`, `answer:invalid_answer`,
   * `start:name_taken`…), `unexpected <request>:<code>` otherwise, `lost <request>` for no reply.
   */
  outcomes: Record<string, number>;
  /** Socket opened → connected (the handshake), per connection. */
  connectMs: number[];
  /** New connection → resumed session, per resume. */
  resumeMs: number[];
  resumes: { token: number; code: number };
  /** Answers the server acknowledged as recorded (each must be in the teacher's report). */
  answersRecorded: number;
  skips: number;
  graded: { asIntended: number; otherwise: number; unchecked: number };
  /** Failures the replies showed, by kind, and the first few in full. */
  problems: Record<string, number>;
  examples: string[];
  bytes: number;
  cpuMs: number;
  loopP99Ms: number;
}

export interface HomeworkProgressCount {
  arrived: number;
  started: number;
  finished: number;
  gaveUp: number;
  answers: number;
  connected: number;
}

export interface HomeworkWorkerApi {
  init(init: HomeworkWorkerInit): void;
  /** Plays every student's evening; resolves when each has finished or given up, or after `timeoutMs`. */
  run(arg: { timeoutMs: number }): Promise<HomeworkReport>;
  progress(): HomeworkProgressCount;
  close(): Promise<void>;
}

type ClientSocket = Socket;

/** What a student types by mistake (must be refused `invalid_answer`, then retyped). */
const TYPOS = ['abc', '1..2', '--0.5', '0.5.5', 'e^', '七', '0,,3'];
/** Share of first attempts that are right, wrong, or a typo first (then right or wrong, half each); a retry is right more often. */
const FIRST = { correct: 0.6, wrong: 0.28, invalid: 0.12 };
const RETRY_CORRECT = 0.7;
/**
 * Nobody reads a problem and types its answer faster. It also keeps a short evening (the smoke) within
 * the server's 5 answers per connection per second when a stalled server loop takes several at once.
 */
const MIN_THINK_MS = 400;
/** Students who look back at their first item once they are done. */
const REVIEW_SHARE = 0.2;

let init: HomeworkWorkerInit;
let students: Student[] = [];
const report = emptyReport();
const count: HomeworkProgressCount = { arrived: 0, started: 0, finished: 0, gaveUp: 0, answers: 0, connected: 0 };
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

function emptyReport(): HomeworkReport {
  return {
    students: 0,
    arrived: 0,
    started: 0,
    finished: 0,
    stillWorking: 0,
    ackMs: { open: [], start: [], resume: [], item: [], answer: [], skip: [] },
    outcomes: {},
    connectMs: [],
    resumeMs: [],
    resumes: { token: 0, code: 0 },
    answersRecorded: 0,
    skips: 0,
    graded: { asIntended: 0, otherwise: 0, unchecked: 0 },
    problems: {},
    examples: [],
    bytes: 0,
    cpuMs: 0,
    loopP99Ms: 0,
  };
}

/** A failure the replies showed: counted by kind, the first few kept in full for the report. */
function problem(kind: string, detail: string): void {
  bump(report.problems, kind);
  if (report.examples.length < 20) report.examples.push(`${kind}: ${detail}`);
}

/** The step to answer next in an item as the server shows it: the incomplete attempt's next, else a new attempt's first. */
function nextStepOf(view: HomeworkItemView): number | null {
  if (view.stepCount === null) return null;
  const last = view.attempts[view.attempts.length - 1];
  return last && !last.complete ? last.verdicts.length : 0;
}

function sameProgress(a: HomeworkProgress, b: HomeworkProgress): boolean {
  return a.current === b.current && a.finished === b.finished && a.items.length === b.items.length && a.items.every((s, i) => s === b.items[i]);
}

class Abort extends Error {}

class Student {
  private socket: ClientSocket | null = null;
  private token = '';
  private resumeCode = '';
  private readonly name: string;
  private progress: HomeworkProgress | null = null;
  private answersSent = 0;
  private dropped = false;
  /** Stop (and resume) once this many answers have been acknowledged; -1: never. */
  private readonly dropAfter: number;
  private readonly byCode: boolean;

  constructor(readonly index: number) {
    // Half the class types a Chinese name; both are cleaned by the server like a nickname.
    this.name = index % 2 === 0 ? `Student ${index}` : `学生${index}`;
    const resumes = unitHash(index, 0, 11) < init.resumeShare;
    // After 1 to items − 2 answers: progress to keep, and (even for a student who skips) items left to do.
    this.dropAfter = resumes ? 1 + Math.floor(unitHash(index, 0, 12) * Math.max(1, init.items - 2)) : -1;
    this.byCode = resumes && unitHash(index, 0, 13) < init.resumeByCodeShare;
  }

  private u(item: number, attempt: number, salt: number): number {
    return unitHash(this.index, item * 16 + attempt, salt);
  }

  private think(item: number, attempt: number, salt: number): Promise<void> {
    return sleep(Math.max(MIN_THINK_MS, init.thinkMs * (0.25 + 1.5 * this.u(item, attempt, salt))));
  }

  private connect(): Promise<void> {
    const localAddress = init.localAddresses.length ? init.localAddresses[this.index % init.localAddresses.length] : undefined;
    const socket = io(init.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: 30_000,
      ...(localAddress ? { localAddress } : {}),
    });
    this.socket = socket;
    const opened = epochNow();
    socket.io.on('open', () => {
      socket.io.engine.on('data', (data: unknown) => {
        if (typeof data === 'string') report.bytes += Buffer.byteLength(data);
      });
    });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => {
        report.connectMs.push(epochNow() - opened);
        count.connected += 1;
        socket.once('disconnect', (reason) => {
          count.connected -= 1;
          // Only the student closes a connection: any other end is the server's doing (or the network's).
          if (reason !== 'io client disconnect') problem('connection dropped', `${this.name}: ${reason}`);
        });
        resolve();
      });
      socket.once('connect_error', (error: Error & { data?: { code?: string } }) => {
        socket.close();
        reject(new Error(error.data?.code ?? error.message));
      });
    });
  }

  /**
   * One request with its ack, timed; `expect` is the reply the student counts on (`ok` or a refusal
   * code). Anything else is counted and the evening of this student ends (its state is unknown).
   */
  private async request<T>(name: HomeworkRequest, payload: object, expect = 'ok'): Promise<Ack<T>> {
    const socket = this.socket;
    if (!socket?.connected) {
      bump(report.outcomes, `lost ${name}`);
      throw new Abort(`${name}: not connected`);
    }
    const sent = epochNow();
    let response: Ack<T>;
    try {
      response = (await socket.timeout(init.ackTimeoutMs).emitWithAck(`homework:${name}`, payload)) as Ack<T>;
    } catch {
      bump(report.outcomes, `lost ${name}`);
      throw new Abort(`${name}: no ack within ${init.ackTimeoutMs} ms`);
    }
    report.ackMs[name].push(epochNow() - sent);
    const got = response.ok ? 'ok' : response.error.code;
    if (got !== expect) {
      bump(report.outcomes, `unexpected ${name}:${got}`);
      throw new Abort(`${name}: ${got} (expected ${expect})${response.ok ? '' : ` — ${response.error.message}`}`);
    }
    bump(report.outcomes, `${name}:${got}`);
    return response;
  }

  private data<T>(response: Ack<T>): T {
    if (!response.ok) throw new Abort('a refusal where data was expected');
    return response.data;
  }

  async evening(): Promise<void> {
    await sleep(Math.max(0, init.startAt + init.rampMs * unitHash(this.index, 0, 10) - epochNow()));
    count.arrived += 1;
    report.arrived += 1;
    try {
      await this.connect();
      const info = this.data(await this.request<HomeworkInfo>('open', { code: init.code }));
      if (info.window !== 'open' || info.items !== init.items) problem('open: unexpected info', JSON.stringify({ window: info.window, items: info.items }));
      // Reading the first screen and typing a name.
      await this.think(0, 0, 20);
      const start = { code: init.code, name: this.name, ...(this.index % 3 === 0 ? { studentNumber: `S${100000 + this.index}` } : {}) };
      const session = this.data(await this.request<HomeworkSession>('start', start));
      count.started += 1;
      report.started += 1;
      this.adopt(session);
      if (session.progress.current !== 0 || session.item.item !== 0) problem('start: not at the first item', JSON.stringify(session.progress));
      await this.work(session.item);
      if (unitHash(this.index, 0, 30) < REVIEW_SHARE) await this.review();
      count.finished += 1;
      report.finished += 1;
    } catch (error) {
      count.gaveUp += 1;
      if (!(error instanceof Abort)) problem('bot error', `${this.name}: ${(error as Error).stack ?? String(error)}`);
      else if (report.examples.length < 20) report.examples.push(`${this.name} stopped: ${error.message}`);
    }
  }

  private adopt(session: HomeworkSession): void {
    this.token = session.token;
    this.resumeCode = session.resumeCode;
    this.progress = session.progress;
  }

  /** Every item from `view` (the current one) on, until the server says all are finished. */
  private async work(first: HomeworkItemView): Promise<void> {
    let view = first;
    for (;;) {
      const progress = this.progress!;
      if (progress.finished || progress.current === null) return;
      const item = progress.current;
      if (view.item !== item) view = this.data(await this.request<HomeworkItemView>('item', { code: init.code, token: this.token, item }));
      if (init.checkGrading && (view.answer !== null || view.solution !== null)) problem('answer shown before the item was finished', `${this.name}, item ${item}`);
      view = await this.doItem(view);
    }
  }

  /** Works one item to its end (right, out of attempts, or given up); returns the last view of it. */
  private async doItem(start: HomeworkItemView): Promise<HomeworkItemView> {
    const item = start.item;
    let view = start;
    if (view.attempts.length === 0 && this.u(item, 0, 40) < init.skipShare) {
      await this.think(item, 0, 41);
      this.progress = this.data(await this.request<HomeworkProgress>('skip', { code: init.code, token: this.token, item }));
      report.skips += 1;
      return view;
    }
    while (this.progress!.current === item) {
      const attempt = view.attempts.length - (nextStepOf(view) ? 1 : 0);
      view = await this.attempt(view, attempt);
      if (init.checkGrading && this.progress!.current !== item && view.answer === null) {
        problem('no answer shown once the item was finished', `${this.name}, item ${item}: ${view.status}`);
      }
      if (!this.dropped && this.dropAfter >= 0 && this.answersSent >= this.dropAfter) {
        this.dropped = true;
        // The session resumes at the current item: this one, or the next when this one just ended.
        view = await this.resume(view);
      }
    }
    return view;
  }

  /** One attempt at an item (each step of it, for a step-by-step item); returns the item's view after it. */
  private async attempt(start: HomeworkItemView, attempt: number): Promise<HomeworkItemView> {
    const item = start.item;
    const problemView = start.problem;
    const steps = problemView.steps ?? null;
    const firstPick = this.u(item, attempt, 50);
    let intent: Intent = attempt === 0 ? (firstPick < FIRST.correct ? 'correct' : firstPick < FIRST.correct + FIRST.wrong ? 'wrong' : 'correct') : firstPick < RETRY_CORRECT ? 'correct' : 'wrong';
    let typo = attempt === 0 && firstPick >= FIRST.correct + FIRST.wrong;
    if (typo) intent = this.u(item, attempt, 51) < 0.5 ? 'correct' : 'wrong';
    // A wrong step-by-step attempt goes wrong at one step; the steps after it are graded against the
    // student's own earlier answers (error carried forward), so their verdicts are not checked.
    const wrongStep = steps ? Math.floor(this.u(item, attempt, 52) * steps.length) : 0;
    let step = nextStepOf(start);
    let view = start;
    for (;;) {
      await this.think(item, attempt, 100 * (1 + (step ?? 0)) + 53);
      const asks = steps && step !== null ? steps[step]!.asks : problemView.asks;
      const stepIntent: Intent | 'unchecked' = steps && step !== null ? (intent === 'correct' || step < wrongStep ? 'correct' : step === wrongStep ? 'wrong' : 'unchecked') : intent;
      const text = this.answerText(problemView, item, asks, stepIntent === 'wrong' ? 'wrong' : 'correct');
      const payload = { code: init.code, token: this.token, item, ...(step === null ? {} : { step }) };
      if (typo) {
        typo = false;
        await this.request('answer', { ...payload, answer: TYPOS[this.index % TYPOS.length]! }, 'invalid_answer');
        // Reading the message and retyping.
        await sleep(500 + 1000 * this.u(item, attempt, 54));
      }
      const result = this.data(await this.request<HomeworkAnswerResult>('answer', { ...payload, answer: text }));
      this.answersSent += 1;
      count.answers += 1;
      report.answersRecorded += 1;
      this.checkVerdict(result, stepIntent, item);
      this.progress = result.progress;
      view = result.view;
      if (init.checkGrading && this.progress.current === item && (view.answer !== null || view.solution !== null)) {
        problem('answer shown before the item was finished', `${this.name}, item ${item}, after an answer`);
      }
      if (result.nextStep === null || this.progress.current !== item) return view;
      step = result.nextStep;
    }
  }

  private answerText(problemView: PublicProblem, item: number, asks: string, intent: Intent): string {
    return studentAnswer(problemView, asks, intent, init.choiceAnswers[item]);
  }

  private checkVerdict(result: HomeworkAnswerResult, intent: Intent | 'unchecked', item: number): void {
    if (!init.checkGrading) return;
    if (!result.verdict || intent === 'unchecked') {
      report.graded.unchecked += 1;
      return;
    }
    const right = result.verdict.status === 'correct';
    if (right === (intent === 'correct')) report.graded.asIntended += 1;
    else {
      report.graded.otherwise += 1;
      problem('graded otherwise than meant', `${this.name}, item ${item}, step ${result.step}: meant ${intent}, got ${result.verdict.status}`);
    }
  }

  /**
   * Stops and comes back: the connection closes, some time passes, and a new connection resumes —
   * with the token (the same phone), or with the resume code on another device, where the student
   * first types their name again and is told it is taken. Returns the current item as resumed.
   */
  private async resume(before: HomeworkItemView): Promise<HomeworkItemView> {
    const known = this.progress!;
    this.socket?.disconnect();
    await sleep(Math.max(200, init.thinkMs * (1 + 2 * unitHash(this.index, 0, 60))));
    const started = epochNow();
    await this.connect();
    let session: HomeworkSession;
    if (this.byCode) {
      await this.request<HomeworkInfo>('open', { code: init.code });
      const taken = await this.request('start', { code: init.code, name: this.name }, 'name_taken');
      if (!taken.ok && !taken.error.suggestion) problem('name_taken without a suggestion', this.name);
      session = this.data(await this.request<HomeworkSession>('resume', { code: init.code, resumeCode: this.resumeCode }));
      report.resumes.code += 1;
    } else {
      session = this.data(await this.request<HomeworkSession>('resume', { code: init.code, token: this.token }));
      report.resumes.token += 1;
    }
    report.resumeMs.push(epochNow() - started);
    if (!sameProgress(session.progress, known)) problem('resumed with other progress than acknowledged', `${this.name}: ${JSON.stringify(known.items)} → ${JSON.stringify(session.progress.items)}`);
    this.adopt(session);
    const item = session.item;
    if (known.current !== null && item.item === known.current && before.item === item.item && item.attempts.length !== before.attempts.length) {
      problem('resumed item lost an attempt', `${this.name}, item ${item.item}: ${before.attempts.length} → ${item.attempts.length}`);
    }
    return item;
  }

  /** Looks back at the first item: finished, so with its answer and worked solution. */
  private async review(): Promise<void> {
    await this.think(0, 15, 70);
    const view = this.data(await this.request<HomeworkItemView>('item', { code: init.code, token: this.token, item: 0 }));
    if (init.checkGrading && view.status !== 'skipped' && view.answer === null) problem('review without the answer', `${this.name}: item 0 ${view.status}`);
  }

  close(): void {
    this.socket?.disconnect();
  }
}

const api: HomeworkWorkerApi = {
  init(value) {
    init = value;
    students = value.students.map((index) => new Student(index));
    report.students = students.length;
  },

  async run({ timeoutMs }) {
    const cpuBefore = process.cpuUsage();
    loopDelay.reset();
    let working = students.length;
    const all = Promise.all(students.map((s) => s.evening().finally(() => (working -= 1))));
    await Promise.race([all, sleep(timeoutMs)]);
    report.stillWorking = working;
    const cpu = process.cpuUsage(cpuBefore);
    report.cpuMs = (cpu.user + cpu.system) / 1000;
    const p99 = loopDelay.percentile(99);
    report.loopP99Ms = Number.isFinite(p99) ? p99 / 1e6 : 0;
    return report;
  },

  progress() {
    return { ...count };
  },

  async close() {
    for (const student of students) student.close();
    await sleep(100);
  },
};

process.on('SIGTERM', () => process.exit(0));
serveRpc(api);
