/**
 * The bare Socket.IO baseline: what Socket.IO itself costs on this machine for the same traffic.
 *
 * It speaks just enough of the game's event names for the same bots and host driver to run against
 * it unchanged: joining puts a socket in a room, `answer:submit` is acked after a number parse, and
 * every phase change is one room broadcast of a ~1 KB payload (encoded once by Socket.IO). No game
 * rules, no per-recipient views, no capacity or throttling, no persistence.
 */
import type { Server as HttpServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { Server } from 'socket.io';
import { generateProblem, toPublicProblem, type PublicProblem } from '../../shared/engine/index.ts';

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

  return {
    io,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}
