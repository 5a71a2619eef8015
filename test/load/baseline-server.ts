/**
 * The bare Socket.IO baseline: what Socket.IO itself costs on this machine for the same traffic.
 *
 * It speaks just enough of the game's event names for the same bots and host driver to run against
 * it unchanged: joining puts a socket in a room, `answer:submit` is acked after a number parse, and
 * every phase change is one room broadcast of a ~1 KB payload (encoded once by Socket.IO). No game
 * rules, no per-recipient views, no capacity or throttling, no persistence.
 *
 * For the homework scenario it answers the `homework:*` requests with replies of the real shapes
 * and about their size (the bench set's problems, made once at start, plus the filler): a student
 * is a token, a name and a place in the items; an answer is acked after a number parse and moves
 * the student on (each step, then the next item) whatever it says. No grading, no feedback, no
 * attempts, no persistence.
 */
import type { Server as HttpServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { Server } from 'socket.io';
import { generateProblem, toPublicProblem, type PublicProblem } from '../../shared/engine/index.ts';
import type { HomeworkInfo, HomeworkItemStatus, HomeworkItemView, HomeworkProgress } from '../../shared/protocol/homework.ts';
import { SetContentSchema, problemForItem } from '../../shared/question-sets/index.ts';
import { HOMEWORK_SET } from './homework-set.ts';

/** ~1 KB of filler, so every broadcast carries about what a small real view would. */
const FILLER = 'x'.repeat(900);
const BASELINE_KINDS = ['forward', 'local-derivative', 'chain-gradient', 'update'] as const;

interface BaselineRoom {
  code: string;
  questionCount: number;
  index: number;
  questionId: string | null;
  problem: PublicProblem | null;
  /** Generated when the room is created, so a question costs only its broadcast. */
  problems: PublicProblem[];
}

type AckFn = (response: unknown) => void;

function ok(data: unknown): { ok: true; data: unknown } {
  return { ok: true, data };
}
function fail(code: string): { ok: false; error: { code: string; message: string } } {
  return { ok: false, error: { code, message: code } };
}

/** About 1 KB: the filler plus whatever small fields identify the moment. */
function payload(fields: Record<string, unknown>): Record<string, unknown> {
  return { ...fields, serverNow: Date.now(), filler: FILLER };
}

export interface BaselineApplication {
  io: Server;
  close(): Promise<void>;
}

export function createBaselineApplication(httpServer: HttpServer): BaselineApplication {
  const io = new Server(httpServer, { serveClient: false, transports: ['websocket'] });
  const rooms = new Map<string, BaselineRoom>();
  let nextRoom = 1;

  function questionPayload(room: BaselineRoom): Record<string, unknown> {
    return payload({
      phase: 'question',
      questionId: room.questionId,
      index: room.index,
      total: room.questionCount,
      problem: room.problem,
      stepCount: null,
      timeLimitMs: null,
      remainingMs: null,
      paused: false,
      variants: false,
    });
  }

  function openQuestion(room: BaselineRoom): void {
    room.questionId = `q${room.index}_${randomBytes(4).toString('hex')}`;
    room.problem = room.problems[room.index % room.problems.length]!;
    io.to(room.code).emit('room:phase', questionPayload(room));
  }

  io.on('connection', (socket) => {
    const auth = socket.handshake.auth as { token?: unknown };
    if (typeof auth.token === 'string') {
      const code = auth.token.split('.')[0] ?? '';
      const room = rooms.get(code);
      if (room) {
        socket.join(code);
        socket.emit('room:snapshot', payload({ role: 'player', phase: room.questionId ? questionPayload(room) : { phase: 'lobby' } }));
      }
    }

    socket.on('session:hello', (_payload: unknown, ack: AckFn) => {
      if (typeof ack === 'function') ack(ok({ protocolVersion: 1, serverNow: Date.now() }));
    });

    socket.on('room:create', (input: { config?: { questionCount?: number } }, ack: AckFn) => {
      const code = `B${String(nextRoom++).padStart(5, '0')}`;
      const questionCount = input?.config?.questionCount ?? 3;
      const problems = Array.from({ length: questionCount }, (_, i) =>
        toPublicProblem(generateProblem({ kind: BASELINE_KINDS[i % BASELINE_KINDS.length]!, seed: 1000 + i, difficulty: 1 })),
      );
      const room: BaselineRoom = { code, questionCount, index: 0, questionId: null, problem: null, problems };
      rooms.set(code, room);
      socket.join(code);
      socket.data.hostOf = code;
      ack(ok({ code, joinUrl: '', hostToken: `${code}.host`, snapshot: payload({ role: 'host' }) }));
    });

    socket.on('room:join', (input: { code?: string }, ack: AckFn) => {
      const code = String(input?.code ?? '');
      if (!rooms.has(code)) {
        ack(fail('room_not_found'));
        return;
      }
      socket.join(code);
      const playerId = `p_${randomBytes(6).toString('hex')}`;
      ack(ok({ playerId, token: `${code}.${playerId}`, snapshot: payload({ role: 'player', phase: { phase: 'lobby' } }) }));
    });

    socket.on('room:sync', (_input: unknown, ack: AckFn) => {
      if (typeof ack === 'function') ack(ok(payload({ role: socket.data.hostOf ? 'host' : 'player' })));
    });

    socket.on('answer:submit', (input: { questionId?: string; answer?: string }, ack: AckFn) => {
      if (typeof ack !== 'function') return;
      // The one piece of work the baseline does per answer: is it a number at all?
      if (!Number.isFinite(Number(input?.answer))) {
        ack(fail('invalid_answer'));
        return;
      }
      ack(ok({ questionId: input.questionId, step: null, nextStep: null, final: true }));
    });

    const hostRoom = (): BaselineRoom | undefined => rooms.get(String(socket.data.hostOf ?? ''));

    socket.on('game:start', (_input: unknown, ack: AckFn) => {
      const room = hostRoom();
      if (!room) return ack(fail('not_host'));
      room.index = 0;
      openQuestion(room);
      ack(ok({ questionId: room.questionId }));
    });

    socket.on('question:end', (_input: unknown, ack: AckFn) => {
      const room = hostRoom();
      if (!room) return ack(fail('not_host'));
      io.to(room.code).emit('room:phase', payload({ phase: 'reveal', questionId: room.questionId, index: room.index, total: room.questionCount }));
      ack(ok({}));
    });

    socket.on('game:next', (input: { from?: string }, ack: AckFn) => {
      const room = hostRoom();
      if (!room) return ack(fail('not_host'));
      if (input?.from === 'reveal') {
        io.to(room.code).emit('room:standings', payload({ scoredQuestions: room.index + 1, final: false, players: [], teams: null }));
        io.to(room.code).emit('room:phase', { phase: 'leaderboard', index: room.index, total: room.questionCount, isLast: room.index + 1 >= room.questionCount });
      } else if (room.index + 1 < room.questionCount) {
        room.index += 1;
        openQuestion(room);
      } else {
        io.to(room.code).emit('room:phase', { phase: 'podium', endedEarly: false });
      }
      ack(ok({}));
    });

    socket.on('room:close', (_input: unknown, ack: AckFn) => {
      const room = hostRoom();
      if (room) rooms.delete(room.code);
      if (typeof ack === 'function') ack(ok({}));
    });
  });

  serveHomework(io);
  return {
    io,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}

interface BaselineStudent {
  token: string;
  resumeCode: string;
  name: string;
  /** The item and step to answer next; `current === items` when done. */
  current: number;
  step: number;
  statuses: HomeworkItemStatus[];
}

/** The homework requests, answered without rules (see the header). */
function serveHomework(io: Server): void {
  const problems = SetContentSchema.parse(HOMEWORK_SET).items.map((item, i) => toPublicProblem(problemForItem(item, { seed: 7000 + i })));
  const total = problems.length;
  const byToken = new Map<string, BaselineStudent>();
  const byResumeCode = new Map<string, BaselineStudent>();
  const names = new Set<string>();

  const info = (code: string): HomeworkInfo & { filler: string } => ({
    code,
    title: 'Baseline homework',
    lang: 'en',
    items: total,
    opensAt: 0,
    closesAt: Date.now() + 86_400_000,
    window: 'open',
    attemptsPerItem: 1,
    feedback: 'each-item',
    studentNumber: 'optional',
    serverNow: Date.now(),
    filler: FILLER,
  });
  const progress = (s: BaselineStudent): HomeworkProgress => ({
    current: s.current < total ? s.current : null,
    items: s.statuses,
    score: 0,
    finished: s.current >= total,
    window: 'open',
  });
  const view = (s: BaselineStudent, item: number): HomeworkItemView => ({
    item,
    total,
    problem: problems[item]!,
    stepCount: problems[item]!.steps?.length ?? null,
    status: s.statuses[item]!,
    attemptsLeft: item === s.current ? 1 : 0,
    attempts: item === s.current && s.step > 0 ? [{ verdicts: [], complete: false }] : [],
    answer: null,
    solution: null,
    note: null,
  });
  const session = (s: BaselineStudent, code: string) => ({
    token: s.token,
    resumeCode: s.resumeCode,
    name: s.name,
    studentNumber: null,
    info: info(code),
    progress: progress(s),
    item: view(s, Math.min(s.current, total - 1)),
  });
  const student = (input: { token?: unknown }): BaselineStudent | undefined => byToken.get(String(input?.token ?? ''));
  const finishItem = (s: BaselineStudent, status: HomeworkItemStatus) => {
    s.statuses[s.current] = status;
    s.current += 1;
    s.step = 0;
    if (s.current < total) s.statuses[s.current] = 'current';
  };

  io.on('connection', (socket) => {
    socket.on('homework:open', (input: { code?: unknown }, ack: AckFn) => {
      if (typeof ack === 'function') ack(ok(info(String(input?.code ?? ''))));
    });

    socket.on('homework:start', (input: { code?: unknown; name?: unknown }, ack: AckFn) => {
      if (typeof ack !== 'function') return;
      const name = String(input?.name ?? '').trim();
      if (names.has(name)) return ack({ ok: false, error: { code: 'name_taken', message: 'name_taken', suggestion: `${name} 2` } });
      names.add(name);
      const s: BaselineStudent = {
        token: randomBytes(24).toString('base64url'),
        resumeCode: randomBytes(4).toString('hex').toUpperCase(),
        name,
        current: 0,
        step: 0,
        statuses: problems.map((_, i) => (i === 0 ? 'current' : 'todo')),
      };
      byToken.set(s.token, s);
      byResumeCode.set(s.resumeCode, s);
      ack(ok(session(s, String(input?.code ?? ''))));
    });

    socket.on('homework:resume', (input: { code?: unknown; token?: unknown; resumeCode?: unknown }, ack: AckFn) => {
      if (typeof ack !== 'function') return;
      const s = input?.resumeCode !== undefined ? byResumeCode.get(String(input.resumeCode).replace('-', '')) : student(input);
      if (!s) return ack(fail(input?.resumeCode !== undefined ? 'unknown_resume_code' : 'invalid_token'));
      ack(ok(session(s, String(input?.code ?? ''))));
    });

    socket.on('homework:item', (input: { token?: unknown; item?: unknown }, ack: AckFn) => {
      if (typeof ack !== 'function') return;
      const s = student(input);
      if (!s) return ack(fail('invalid_token'));
      const item = Number(input?.item);
      if (!Number.isInteger(item) || item < 0 || item >= total) return ack(fail('invalid_payload'));
      if (item > s.current) return ack(fail('item_not_reached'));
      ack(ok(view(s, item)));
    });

    socket.on('homework:answer', (input: { token?: unknown; item?: unknown; answer?: unknown; step?: unknown }, ack: AckFn) => {
      if (typeof ack !== 'function') return;
      const s = student(input);
      if (!s) return ack(fail('invalid_token'));
      const item = Number(input?.item);
      if (item !== s.current) return ack(fail(item > s.current ? 'item_not_reached' : 'item_finished'));
      // The one piece of work per answer: a number (or a choice's letter) at all?
      const answer = String(input?.answer ?? '');
      if (!/^[a-f]$/.test(answer) && !Number.isFinite(Number(answer))) return ack(fail('invalid_answer'));
      const steps = problems[item]!.steps?.length ?? null;
      const step = steps === null ? null : s.step;
      const nextStep = steps !== null && s.step + 1 < steps ? s.step + 1 : null;
      if (nextStep === null) finishItem(s, 'recorded');
      else s.step = nextStep;
      ack(ok({ item, step, nextStep, verdict: null, progress: progress(s), view: view(s, item) }));
    });

    socket.on('homework:skip', (input: { token?: unknown; item?: unknown }, ack: AckFn) => {
      if (typeof ack !== 'function') return;
      const s = student(input);
      if (!s) return ack(fail('invalid_token'));
      if (Number(input?.item) !== s.current) return ack(fail('item_not_reached'));
      finishItem(s, 'skipped');
      ack(ok(progress(s)));
    });
  });
}
