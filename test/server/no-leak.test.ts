/**
 * No answer before its reveal: every raw frame received by every socket (host included)
 * through a whole game is checked. Until a socket receives the reveal of a question, none
 * of its frames may contain that question's answers (in any rounding the server or engine
 * writes), its misconception values, its worked solution, or a seed; no frame ever carries
 * another seat's token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Problem,
  deriveSeed,
  formatNumber,
  generateProblem,
  numberTokens,
  revealsSecret,
  secretValues,
  toPublicProblem,
} from '../../shared/engine/index.ts';
import type { RoomConfigInput } from '../../shared/protocol/index.ts';
import { FakeClock } from '../room/support.ts';
import { type TestServer, TestClient, decodeFrame, startServer } from './support.ts';

const ROOM_SEED = 3_141_592_653;
const CHAINS = {
  kinds: ['chain-gradient', 'chain-steps', 'update', 'cross-entropy', 'direction', 'gradient-check'],
  difficulties: [1, 2],
  questionCount: 6,
  timeLimitSec: 20,
  teams: { count: 2, assignment: 'auto', variants: true },
} satisfies RoomConfigInput;
/** Networks that branch: every kind at every level (a problem carries `graph` instead of `network`). */
const BRANCHES = {
  kinds: ['multi-input', 'path-sum', 'hidden-layer', 'path-sum', 'hidden-layer', 'multi-input'],
  difficulties: [1, 2, 3],
  questionCount: 6,
  timeLimitSec: 20,
  teams: { count: 2, assignment: 'auto', variants: true },
} satisfies RoomConfigInput;

/** Number forms of a question's secrets that none of its public problems (base and variants) already shows. */
function secretNumberForms(problem: Problem, shown: Set<string>): string[] {
  const values = [...secretValues(problem)];
  const misconceptions = [...problem.misconceptions, ...(problem.steps ?? []).flatMap((s) => s.misconceptions)];
  for (const m of misconceptions) if (typeof m.value === 'number' && !Number.isInteger(m.value)) values.push(m.value);
  const forms = new Set<string>();
  for (const v of values) {
    forms.add(String(v));
    for (let sig = 2; sig <= 6; sig++) forms.add(formatNumber(v, sig));
  }
  for (const line of problem.solution) if (values.includes(line.value)) forms.add(line.display);
  // A rounding that equals a number the problem itself shows (w′ ≈ 0.4 = w) is not a leak.
  return [...forms].filter((f) => !shown.has(f) && !shown.has(f.replace(/^-/, '')) && !/^-?\d+$/.test(f));
}

/** Worked-solution lines with numbers substituted, as they would appear inside a JSON string. */
function solutionTexts(problem: Problem, shown: string): string[] {
  return problem.solution
    .map((line) => JSON.stringify(line.substituted).slice(1, -1))
    .filter((text) => /\d/.test(text) && text.length >= 6 && !shown.includes(text));
}

const patterns = new Map<string, RegExp>();
/** Whether `form` occurs as a whole number (not inside a longer one). */
function containsNumber(text: string, form: string): boolean {
  let pattern = patterns.get(form);
  if (!pattern) {
    const escaped = form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    pattern = new RegExp(`(?<![\\d.eE-])${escaped}(?![\\d.eE])`);
    patterns.set(form, pattern);
  }
  return text.includes(form) && pattern.test(text);
}

interface Secrets {
  questionId: string;
  problems: Problem[];
  forms: string[];
  texts: string[];
  seeds: string[];
}

describe.each([
  ['chains', CHAINS],
  ['networks that branch', BRANCHES],
] as const)('no answer reaches any device before its reveal: %s', (_, CONFIG) => {
  let server: TestServer;
  const clock = new FakeClock();
  const clients: TestClient[] = [];
  const tokens: string[] = [];

  beforeAll(async () => {
    server = await startServer({ clock, seedSource: () => ROOM_SEED });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server.close();
  });

  it('checks every frame to every socket through a whole game', async () => {
    const host = await TestClient.connect(server.url);
    clients.push(host);
    const created = await host.ok('room:create', { config: CONFIG });
    tokens.push(created.hostToken);
    const players: TestClient[] = [];
    for (const name of ['Ada', 'Bo', 'Cy', 'Di']) {
      const p = await TestClient.connect(server.url);
      const joined = await p.ok('room:join', { code: created.code, nickname: name });
      tokens.push(joined.token);
      players.push(p);
      clients.push(p);
    }
    const teamOf = await Promise.all(players.map(async (p) => ((await p.ok('room:sync', {})) as { me: { teamId: string } }).me.teamId));

    const secrets: Secrets[] = [];
    await host.ok('game:start', {});
    for (let i = 0; i < CONFIG.questionCount; i++) {
      const questionId = `q${i + 1}`;
      const kind = CONFIG.kinds[i]!;
      const difficulty = CONFIG.difficulties[Math.floor((i * CONFIG.difficulties.length) / CONFIG.questionCount)]!;
      const base = generateProblem({ kind, seed: deriveSeed(ROOM_SEED, i), difficulty });
      const variants = ['t1', 't2'].map((t) => generateProblem({ kind, seed: deriveSeed(ROOM_SEED, `${i}:${t}`), difficulty }));
      const problems = [base, ...variants];
      // Small-grid networks repeat values across questions (z = 0.3 gives dy/dz ≈ 0.244 every time):
      // a number an earlier question may legitimately reveal cannot tell a leak of this one.
      const earlier = secrets.flatMap((e) => e.problems.map((p) => JSON.stringify(p))).join(' ');
      const earlierNumbers = numberTokens(earlier);
      const shownJson = problems.map((p) => JSON.stringify(toPublicProblem(p))).join(' ');
      const shown = numberTokens(shownJson);
      secrets.push({
        questionId,
        problems,
        forms: [...new Set(problems.flatMap((p) => secretNumberForms(p, shown)))].filter((f) => !earlierNumbers.has(f) && !earlierNumbers.has(f.replace(/^-/, ''))),
        texts: [...new Set(problems.flatMap((p) => solutionTexts(p, shownJson)))].filter((t) => !earlier.includes(t)),
        seeds: [ROOM_SEED, ...problems.map((p) => p.seed)].map(String),
      });
      await Promise.all(players.map((p) => p.waitFor('room:phase', (v) => v.phase === 'question' && v.questionId === questionId)));

      if (i === 1) {
        await host.ok('game:pause', {});
        clock.advance(5000);
        await host.ok('game:resume', {});
      }
      // Mixed answers: right (typed with more digits than any rounding), close, wrong.
      for (const [k, p] of players.entries()) {
        const problem = variants[teamOf[k] === 't1' ? 0 : 1]!;
        clock.advance(500);
        if (problem.steps) {
          for (let step = 0; step < problem.steps.length; step++) {
            const answer = k % 2 === 0 ? problem.steps[step]!.answer.toPrecision(12) : '0.0987654';
            await p.call('answer:submit', { questionId, answer, step });
          }
        } else if (problem.format === 'choice') {
          await p.call('answer:submit', { questionId, answer: k % 2 === 0 ? String(problem.answer) : 'unchanged' });
        } else {
          const value = problem.answer as number;
          await p.call('answer:submit', { questionId, answer: k === 3 ? '0.0987654' : (k === 1 ? value * 1.3 : value).toPrecision(12) });
        }
      }
      clock.advance(20_000);
      await Promise.all([host, ...players].map((c) => c.waitFor('room:phase', (v) => v.phase === 'reveal' && v.questionId === questionId)));
      await host.ok('game:next', { from: 'reveal' });
      await host.ok('game:next', { from: 'leaderboard' });
    }
    await host.ok('room:close', {});
    await Promise.all(players.map((p) => p.waitFor('room:phase', (v) => v.phase === 'ended')));

    const leaks: string[] = [];
    let checkedFrames = 0;
    let checkedForms = 0;
    for (const [c, client] of [host, ...players].entries()) {
      // Where each question opens and where its reveal begins on this socket.
      const openAt = new Map<string, number>();
      const revealAt = new Map<string, number>();
      client.frames.forEach((raw, index) => {
        const { kind, args } = decodeFrame(raw);
        if (kind !== 'event') return;
        const [event, payload] = args as [string, Record<string, unknown>];
        const result = payload?.result as { questionId?: string } | null | undefined;
        const id =
          event === 'room:phase' && payload.phase === 'reveal'
            ? (payload.questionId as string)
            : event === 'room:me' && result?.questionId
              ? result.questionId
              : null;
        if (id !== null && !revealAt.has(id)) revealAt.set(id, index);
        if (event === 'room:phase' && payload.phase === 'question' && !openAt.has(payload.questionId as string)) openAt.set(payload.questionId as string, index);
      });
      expect(revealAt.size, `socket ${c} saw every reveal`).toBe(CONFIG.questionCount);

      for (const s of secrets) {
        const end = revealAt.get(s.questionId)!;
        const start = openAt.get(s.questionId)!;
        checkedForms += s.forms.length;
        for (const [index, raw] of client.frames.slice(0, end).entries()) {
          checkedFrames++;
          // The engine's own criterion, on the frames of the question itself.
          if (index >= start) for (const problem of s.problems) if (revealsSecret(problem, raw)) leaks.push(`${s.questionId} (engine check) to socket ${c}: ${raw.slice(0, 160)}`);
          for (const form of s.forms) if (containsNumber(raw, form)) leaks.push(`${s.questionId}: ${form} to socket ${c}: ${raw.slice(0, 160)}`);
          for (const text of s.texts) if (raw.includes(text)) leaks.push(`${s.questionId}: solution line ${text} to socket ${c}`);
        }
      }
      // Seeds never travel, not even after the reveal.
      for (const raw of client.frames) for (const seed of secrets.flatMap((s) => s.seeds)) if (containsNumber(raw, seed)) leaks.push(`seed ${seed} to socket ${c}`);
      // A token reaches only its own seat, once, in the create or join ack.
      const own = tokens[c]!;
      const carrying = client.frames.filter((raw) => tokens.some((t) => raw.includes(t)));
      expect(carrying).toHaveLength(1);
      expect(carrying[0]).toContain(own);
      expect(decodeFrame(carrying[0]!).kind).toBe('ack');
    }
    expect(leaks).toEqual([]);
    expect(checkedFrames).toBeGreaterThan(100);
    expect(checkedForms).toBeGreaterThan(50);
  });
});
