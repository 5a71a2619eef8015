/**
 * Two lockstep rooms of one contest on a real server, driven by their contest (LocalRooms.system)
 * as the contest service drives them, with real sockets capturing every raw frame. The rooms share
 * a seed, so their phones get the same problems; a room whose players all answered holds the
 * question and nothing of its answer reaches any socket until the contest releases it; the host
 * keeps the room but not the pace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Problem, revealsSecret } from '../../shared/engine/index.ts';
import { type PhaseView, type PlayerSnapshot, type QuestionView, RoomConfigSchema } from '../../shared/protocol/index.ts';
import { LocalRooms } from '../../server/room/room-directory.ts';
import type { RoomContest } from '../../server/room/room-state.ts';
import { FakeClock } from '../room/support.ts';
import { type TestServer, TestClient, decodeFrame, startServer } from './support.ts';

const CONFIG = RoomConfigSchema.parse({ kinds: ['chain-gradient', 'update'], questionCount: 2, timeLimitSec: 20 });
const SEED = 2_718_281_828;
const contest = (slotId: string, label: string): RoomContest => ({ code: 'K7Q2ZX', slotId, label, title: 'District final', pacing: 'lockstep' });

/** The raw event frames of a socket, decoded, with their text. */
function eventFrames(client: TestClient): { raw: string; event: string; payload: Record<string, unknown> }[] {
  return client.frames.flatMap((raw) => {
    const { kind, args } = decodeFrame(raw);
    return kind === 'event' ? [{ raw, event: args[0] as string, payload: args[1] as Record<string, unknown> }] : [];
  });
}

describe('lockstep contest rooms on a real server', () => {
  let server: TestServer;
  const clock = new FakeClock(Date.now());
  const clients: TestClient[] = [];

  beforeAll(async () => {
    server = await startServer({ clock });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server.close();
  });

  async function connect(auth: Record<string, unknown> = {}): Promise<TestClient> {
    const client = await TestClient.connect(server.url, auth);
    clients.push(client);
    return client;
  }

  it('hold a question until the contest releases it, and no frame carries its answer before', async () => {
    const { registry } = server.application;
    const rooms = new LocalRooms(registry);
    const made = [contest('s1', 'Class 8-1'), contest('s2', 'Class 8-2')].map((c) => {
      const created = registry.create(CONFIG, { seed: SEED, contest: c });
      if ('error' in created) throw new Error(created.error.code);
      return created;
    });
    const [codeA, codeB] = made.map((m) => m.room.code) as [string, string];
    // The teachers' projectors take their seats with the host tokens.
    const hostA = await connect({ token: made[0]!.hostToken });
    await hostA.waitFor('room:snapshot');
    const joinAs = async (code: string, nickname: string) => {
      const client = await connect();
      const joined = await client.ok('room:join', { code, nickname });
      return { client, snapshot: joined.snapshot as PlayerSnapshot };
    };
    const ada = await joinAs(codeA, 'Ada');
    const bo = await joinAs(codeA, 'Bo');
    const cy = await joinAs(codeB, 'Cy');
    // Students see nothing new but the contest's name (and their room's label).
    expect(ada.snapshot.room.contest).toEqual({ code: 'K7Q2ZX', title: 'District final', label: 'Class 8-1', pacing: 'lockstep' });
    expect(cy.snapshot.room.contest).toMatchObject({ label: 'Class 8-2' });
    const players = [ada.client, bo.client, cy.client];

    // The host runs the room, not its pace.
    expect(await hostA.call('game:start', {})).toMatchObject({ ok: false, error: { code: 'contest_lockstep' } });
    expect(await hostA.call('room:lock', { locked: true })).toMatchObject({ ok: true });
    expect(await hostA.call('room:lock', { locked: false })).toMatchObject({ ok: true });

    const problems: Problem[] = [];
    for (let index = 0; index < CONFIG.questionCount; index++) {
      const questionId = `q${index + 1}`;
      const deadline = clock.now() + 20_000;
      for (const code of [codeA, codeB]) expect(await rooms.system(code, { type: 'contest:open', index, deadline })).toEqual({ ok: true, data: {} });
      const opened = await Promise.all(players.map((p) => p.waitFor('room:phase', (v) => v.phase === 'question' && v.questionId === questionId)));
      // The same problem in both rooms (the same seed), and the contest's deadline.
      const problem = registry.get(codeA)!.current.questions[index]!.problem;
      expect(registry.get(codeB)!.current.questions[index]!.problem).toEqual(problem);
      problems.push(problem);
      expect(new Set(opened.map((v) => JSON.stringify((v as QuestionView).problem))).size).toBe(1);
      for (const v of opened) expect((v as QuestionView).remainingMs).toBe(20_000);

      // Room A: everyone answers right (more digits than any rounding the server writes): held, not revealed.
      clock.advance(4000);
      for (const p of [ada.client, bo.client]) {
        const answer = (problem.answer as number).toPrecision(12);
        expect(await p.call('answer:submit', { questionId, answer })).toMatchObject({ ok: true });
      }
      const held = (await ada.client.waitFor('room:phase', (v) => v.phase === 'question' && v.questionId === questionId && v.held === true)) as QuestionView;
      expect(held.remainingMs).toBe(0);
      expect(registry.get(codeA)!.current.phase).toMatchObject({ held: true, heldBy: 'all-answered' });
      expect(await bo.client.call('answer:submit', { questionId, answer: '0.5' })).toMatchObject({ ok: false, error: { code: 'round_closed' } });
      // Room B: nobody answers; its deadline holds it (the timer), A stays held.
      clock.advance(16_000);
      await cy.client.waitFor('room:phase', (v) => v.phase === 'question' && v.questionId === questionId && v.held === true);
      expect(registry.get(codeB)!.current.phase).toMatchObject({ held: true, heldBy: 'deadline' });
      clock.advance(30_000);
      expect(registry.get(codeA)!.current.phase).toMatchObject({ phase: 'question', held: true });

      // Before the release: no reveal, no result and no secret in any frame any socket of either room got.
      for (const client of [hostA, ...players]) {
        for (const frame of eventFrames(client)) {
          expect(frame.event === 'room:phase' && (frame.payload as unknown as PhaseView).phase === 'reveal' && frame.payload.questionId === questionId).toBe(false);
          expect(revealsSecret(problem, frame.raw), `${frame.event} carries the answer of ${questionId}: ${frame.raw.slice(0, 200)}`).toBe(false);
        }
      }
      // A repeated close or open changes nothing and sends nothing.
      const framesBefore = players.map((p) => p.frames.length);
      expect(await rooms.system(codeA, { type: 'contest:close', index })).toEqual({ ok: true, data: {} });
      expect(await rooms.system(codeA, { type: 'contest:open', index, deadline })).toEqual({ ok: true, data: {} });

      for (const code of [codeA, codeB]) expect(await rooms.system(code, { type: 'contest:release', index })).toEqual({ ok: true, data: {} });
      const reveals = await Promise.all([hostA, ...players].map((p) => p.waitFor('room:phase', (v) => v.phase === 'reveal' && v.questionId === questionId)));
      expect(reveals.map((v) => (v as { closedBy: string }).closedBy)).toEqual(['all-answered', 'all-answered', 'all-answered', 'deadline']);
      expect(players.map((p, i) => p.frames.length > framesBefore[i]!)).toEqual([true, true, true]);
      // Now the answer travels (so the check above could see it).
      expect(eventFrames(ada.client).some((f) => revealsSecret(problem, f.raw))).toBe(true);
      const me = await ada.client.waitFor('room:me', (v) => v.result?.questionId === questionId);
      expect(me.result).toMatchObject({ correct: true });
    }
    expect(problems[0]).not.toEqual(problems[1]);

    expect(await rooms.system(codeA, { type: 'contest:end' })).toEqual({ ok: true, data: {} });
    await ada.client.waitFor('room:phase', (v) => v.phase === 'podium');
    expect(rooms.current(codeA)!.phase).toEqual({ phase: 'podium', endedEarly: false });
    // A contest room plays once.
    expect(await hostA.call('game:again', {})).toMatchObject({ ok: false, error: { code: 'contest_lockstep' } });
    expect(await rooms.system('NOROOM', { type: 'contest:end' })).toMatchObject({ ok: false, error: { code: 'room_closed' } });
    expect(rooms.current('NOROOM')).toBeNull();
  });
});
