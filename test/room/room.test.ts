import { describe, expect, it } from 'vitest';
import { revealsSecret } from '../../shared/engine/index.ts';
import type { PlayerSnapshot, QuestionView, RevealView } from '../../shared/protocol/index.ts';
import { closeAnswer, rightAnswer } from './helpers.ts';
import { FakeClock, T0, createTestRoom, newConnectionId } from './support.ts';

const quiz = { kinds: ['chain-gradient' as const], questionCount: 2, timeLimitSec: 20, speedBonus: true };

function questionOf(room: ReturnType<typeof createTestRoom>['room']) {
  const s = room.current;
  if (s.phase.phase !== 'question') throw new Error(`phase is ${s.phase.phase}`);
  return s.questions[s.phase.index]!;
}

/** Let the room's fan-out run this many turns of the event loop. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('a room runs its own clock', () => {
  it('closes the question when the deadline timer fires, and reveals to everyone', () => {
    const { room, clock, host, join } = createTestRoom(quiz);
    const ada = join('Ada');
    const bo = join('Bo');
    expect(host.send({ type: 'game:start' }).ok).toBe(true);
    const q = questionOf(room);
    expect(ada.last('room:phase')).toMatchObject({ phase: 'question', questionId: 'q1', remainingMs: 20_000, timeLimitMs: 20_000 });

    clock.advance(5000);
    expect(ada.send({ type: 'answer:submit', questionId: 'q1', answer: rightAnswer(q.problem), step: null }).ok).toBe(true);
    clock.advance(14_999);
    expect(room.current.phase.phase).toBe('question');
    clock.advance(1);
    expect(room.current.phase).toEqual({ phase: 'reveal', index: 0 });

    const reveal = ada.last('room:phase') as RevealView;
    expect(reveal).toMatchObject({ phase: 'reveal', closedBy: 'deadline', stats: null, variants: null });
    expect(reveal.answer.value).toBe(q.problem.answer);
    expect(ada.last('room:me').result).toMatchObject({ status: 'correct', points: 1375, breakdown: { base: 1000, speed: 375, streak: 0 } });
    expect(bo.last('room:me').result).toMatchObject({ status: 'none', points: 0 });
    // The shared reveal goes first, the personal result right after it (in the same turn, in a room this small).
    const events = ada.frames.map((f) => f.event);
    expect(events.lastIndexOf('room:me')).toBe(events.lastIndexOf('room:phase') + 1);

    const hostReveal = host.last('room:phase') as RevealView;
    expect(hostReveal.stats).toMatchObject({ players: 2, answered: 1, byStatus: { correct: 1, none: 1 }, averagePoints: 688 });
  });

  it('sends a large roster change of a phase change to the host in a turn after the phase, and every row of it', async () => {
    const { room, host, join } = createTestRoom({ ...quiz, timeLimitSec: null }, { rosterOwnTurn: 3 });
    const players = ['Ada', 'Bo', 'Cy', 'Di'].map((name) => join(name));
    await turns(5);
    host.send({ type: 'game:start' });
    const q = questionOf(room);
    for (const p of players.slice(0, 3)) expect(p.send({ type: 'answer:submit', questionId: 'q1', answer: rightAnswer(q.problem), step: null }).ok).toBe(true);
    await turns(5);
    const before = host.frames.length;
    expect(players[3]!.send({ type: 'answer:submit', questionId: 'q1', answer: rightAnswer(q.problem), step: null }).ok).toBe(true);
    // The last answer closes the question: the host has the reveal now, the four changed rows a turn later.
    const now = host.frames.slice(before).map((f) => f.event);
    expect(now).toContain('room:phase');
    expect(now).not.toContain('room:roster');
    await turns(1);
    const later = host.frames.slice(before);
    const rows = later.filter((f) => f.event === 'room:roster').flatMap((f) => (f.payload as { upsert: { playerId: string; score: number }[] }).upsert);
    expect(rows.map((r) => r.playerId).sort()).toEqual(Object.keys(room.current.players).sort());
    expect(rows.every((r) => r.score === room.current.players[r.playerId]!.score && r.score > 0)).toBe(true);
    expect(later.findIndex((f) => f.event === 'room:roster')).toBeGreaterThan(later.findIndex((f) => f.event === 'room:phase'));
  });

  it('sends the players’ frames in slices, each reveal with its own verdict, and never lets a later frame overtake them', async () => {
    const { room, host, join, transport } = createTestRoom({ ...quiz, timeLimitSec: null }, { fanOutSlice: 2 });
    const players = ['Ada', 'Bo', 'Cy', 'Di', 'Ed'].map((name) => join(name));
    const turn = () => turns(1);
    await turns(40);
    host.send({ type: 'game:start' });
    await turns(40);
    const q = questionOf(room);
    for (const p of players) expect(p.send({ type: 'answer:submit', questionId: 'q1', answer: rightAnswer(q.problem), step: null }).ok).toBe(true);
    const revealed = (p: (typeof players)[number]) => p.frames.some((f) => f.event === 'room:phase' && (f.payload as { phase: string }).phase === 'reveal');
    const hasResult = (p: (typeof players)[number]) => p.frames.some((f) => f.event === 'room:me' && (f.payload as PlayerSnapshot['me']).result?.questionId === 'q1');
    // Everyone answered: the question closes. The host has the reveal at once; two phones so far, each with its verdict.
    expect(room.current.phase.phase).toBe('reveal');
    expect((host.last('room:phase') as { phase: string }).phase).toBe('reveal');
    expect(players.filter(revealed)).toHaveLength(2);
    expect(players.filter(hasResult)).toHaveLength(2);
    // One frame per phone: the verdict travels with the reveal.
    const reveals = transport.sends.filter((s) => s.event === 'room:phase' && s.audience.to === 'connection');
    expect(reveals).toHaveLength(2);
    expect(transport.sends.filter((s) => s.event === 'room:me')).toHaveLength(0);
    // Two more on the next turn of the event loop.
    await turn();
    expect(players.filter(revealed)).toHaveLength(4);
    expect(players.filter(hasResult)).toHaveLength(4);
    // The host moves on before the last slice: the last reveal still arrives before the leaderboard.
    expect(host.send({ type: 'game:next', from: 'reveal' }).ok).toBe(true);
    expect(players.every(hasResult)).toBe(true);
    await turns(40);
    for (const p of players) {
      const events = p.frames.map((f) => (f.event === 'room:phase' ? `phase:${(f.payload as { phase: string }).phase}` : f.event));
      const reveal = events.indexOf('phase:reveal');
      const verdict = p.frames.findIndex((f) => f.event === 'room:me' && (f.payload as PlayerSnapshot['me']).result?.questionId === 'q1');
      expect(reveal).toBeGreaterThan(events.indexOf('phase:question'));
      expect(verdict).toBe(reveal + 1);
      expect(p.frames[verdict]!.withPhase).toBe(true);
      expect(events.indexOf('room:standings')).toBeGreaterThan(verdict);
      expect(events.indexOf('phase:leaderboard')).toBeGreaterThan(events.indexOf('room:standings'));
    }
    room.dispose();
    expect(room.hasTimers).toBe(false);
  });

  it('skips, for a phone that resynced, the frames queued before its snapshot, and sends it those queued after', async () => {
    const { room, host, join } = createTestRoom({ ...quiz, timeLimitSec: null }, { fanOutSlice: 1 });
    const players = ['Ada', 'Bo', 'Cy'].map((name) => join(name));
    const ed = players[2]!;
    await turns(40);
    host.send({ type: 'game:start' });
    // Ada has the question; Bo and Cy wait for theirs. Cy resyncs: its snapshot has the question already.
    expect(players.map((p) => p.framesOf('room:phase').length)).toEqual([1, 0, 0]);
    expect(ed.snapshot().phase.phase).toBe('question');
    await turns(40);
    expect(players.map((p) => p.framesOf('room:phase').length)).toEqual([1, 1, 0]);
    host.send({ type: 'game:pause' });
    await turns(40);
    expect((ed.last('room:phase') as { paused: boolean }).paused).toBe(true);
    expect(ed.framesOf('room:phase')).toHaveLength(1);
  });

  it('re-arms the deadline after a pause, from the remaining time', () => {
    const { room, clock, host, join } = createTestRoom(quiz);
    const ada = join('Ada');
    host.send({ type: 'game:start' });
    clock.advance(8000);
    host.send({ type: 'game:pause' });
    expect(ada.last('room:phase')).toMatchObject({ paused: true, remainingMs: 12_000 });
    clock.advance(600_000);
    expect(room.current.phase.phase).toBe('question');
    host.send({ type: 'game:resume' });
    expect(ada.last('room:phase')).toMatchObject({ paused: false, remainingMs: 12_000 });
    clock.advance(11_999);
    expect(room.current.phase.phase).toBe('question');
    clock.advance(1);
    expect(room.current.phase.phase).toBe('reveal');
  });

  it('uses the server clock even when a timer is late: a due deadline closes the question before the next request', () => {
    const clock = new FakeClock();
    const { room, host, join } = createTestRoom(quiz, { clock });
    const ada = join('Ada');
    join('Bo');
    host.send({ type: 'game:start' });
    const q = questionOf(room);
    // Jump the time without firing timers, as a blocked event loop would.
    (clock as unknown as { time: number }).time = T0 + 25_000;
    const late = ada.send({ type: 'answer:submit', questionId: 'q1', answer: rightAnswer(q.problem), step: null });
    expect(late).toMatchObject({ ok: false, error: { code: 'round_closed' } });
    expect(room.current.phase.phase).toBe('reveal');
    expect(room.current.questions[0]!.closedBy).toBe('deadline');
  });
});

describe('frames are built once per class of viewer', () => {
  it('sends one phase frame to the host and one per slice of players', async () => {
    const { host, join, transport } = createTestRoom(quiz, { fanOutSlice: 10 });
    for (let i = 0; i < 30; i++) join(`P${i}`);
    await turns(40);
    transport.sends.length = 0;
    host.send({ type: 'game:start' });
    const phaseSends = () => transport.sends.filter((s) => s.event === 'room:phase');
    // The host's at once; the players' ten per turn of the event loop.
    expect(phaseSends()[0]!.audience.to).toBe('host');
    expect(phaseSends().length).toBeLessThanOrEqual(2);
    await turns(40);
    const [toHost, ...toPlayers] = phaseSends().map((s) => s.audience);
    expect(toHost!.to).toBe('host');
    const slices = toPlayers.map((a) => (a.to === 'connections' ? a.connectionIds : []));
    expect(slices.every((ids) => ids.length >= 1 && ids.length <= 10)).toBe(true);
    expect(new Set(slices.flat()).size).toBe(30);
    expect(slices.flat()).toHaveLength(30);
  });

  it('sends one frame per team when teams have their own numbers', () => {
    const { room, host, join, transport } = createTestRoom({ ...quiz, teams: { count: 3, variants: true } });
    const players = Array.from({ length: 9 }, (_, i) => join(`P${i}`));
    transport.sends.length = 0;
    host.send({ type: 'game:start' });
    const phaseSends = transport.sends.filter((s) => s.event === 'room:phase');
    expect(phaseSends).toHaveLength(4);
    const q = questionOf(room);
    for (const p of players) {
      const view = p.last('room:phase') as QuestionView;
      const teamId = room.current.players[p.playerId!]!.teamId!;
      expect(view.problem.network).toEqual(q.variants![teamId]!.network);
      expect(view.variants).toBe(true);
    }
    expect((host.last('room:phase') as QuestionView).problem.network).toEqual(q.problem.network);
  });

  it('coalesces head counts while many players join at once', () => {
    const { clock, join, host, transport } = createTestRoom(quiz, { presenceIntervalMs: 250 });
    clock.advance(1000);
    transport.sends.length = 0;
    for (let i = 0; i < 50; i++) join(`P${i}`);
    const toHost = () => transport.sends.filter((s) => s.event === 'room:presence' && s.audience.to === 'host');
    expect(toHost().length).toBe(1);
    clock.advance(250);
    expect(toHost().length).toBe(2);
    expect(host.last('room:presence')).toMatchObject({ players: 50, connected: 50 });
    // The host's roster deltas add up to all 50 rows.
    const rows = new Set(host.framesOf('room:roster').flatMap((d) => d.upsert.map((r) => r.playerId)));
    expect(rows.size).toBe(50);
  });

  it('tells players head counts less often than the host, and at once with a phase change', () => {
    const { clock, join, host } = createTestRoom(quiz, { presenceIntervalMs: 250, playerPresenceIntervalMs: 2000 });
    clock.advance(5000);
    const ada = join('Ada');
    for (let i = 0; i < 20; i++) {
      join(`P${i}`);
      clock.advance(100);
    }
    // 2 s of joins: the host heard the counts about every 250 ms; Ada (whose snapshot had them) once, 2 s later.
    expect(host.framesOf('room:presence').length).toBeGreaterThanOrEqual(8);
    expect(ada.framesOf('room:presence').length).toBe(1);
    clock.advance(2000);
    expect(ada.last('room:presence')).toMatchObject({ players: 21, connected: 21 });
    join('Late');
    const before = ada.framesOf('room:presence').length;
    expect(host.send({ type: 'game:start' }).ok).toBe(true);
    // The phase change tells the host at once; the phones leave the lobby, where they show head counts, and are not sent them.
    expect(host.last('room:presence')).toMatchObject({ players: 22, answered: 0 });
    expect(ada.framesOf('room:presence').length).toBe(before);
  });

  it('tells players no head counts while a question is open, but that the host left or came back', () => {
    const { clock, join, host, room } = createTestRoom(quiz, { presenceIntervalMs: 250, playerPresenceIntervalMs: 2000 });
    const ada = join('Ada');
    const bo = join('Bo');
    clock.advance(5000);
    expect(host.send({ type: 'game:start' }).ok).toBe(true);
    const before = ada.framesOf('room:presence').length;
    const hostBefore = host.framesOf('room:presence').length;
    for (let i = 0; i < 10; i++) {
      join(`P${i}`);
      clock.advance(500);
    }
    expect(host.framesOf('room:presence').length).toBeGreaterThan(hostBefore);
    expect(ada.framesOf('room:presence').length).toBe(before);
    room.drop(host.connectionId);
    clock.advance(2000);
    expect(ada.last('room:presence')).toMatchObject({ hostConnected: false, players: 12 });
    expect(bo.last('room:presence')).toMatchObject({ hostConnected: false });
    expect(ada.framesOf('room:presence').length).toBe(before + 1);
  });
});

describe('connections come and go; seats stay', () => {
  it('resumes a dropped player with the same name, team, score and answer, and the time left', () => {
    const { room, clock, host, join, transport } = createTestRoom({ ...quiz, teams: { count: 2 } });
    const ada = join('Ada');
    join('Bo');
    host.send({ type: 'game:start' });
    const q = questionOf(room);
    clock.advance(3000);
    ada.send({ type: 'answer:submit', questionId: 'q1', answer: rightAnswer(q.problem), step: null });
    room.drop(ada.connectionId);
    expect(host.last('room:roster').upsert).toContainEqual(expect.objectContaining({ playerId: ada.playerId, connected: false, answered: true }));
    clock.advance(4000);

    const seat = room.authenticate(ada.token);
    expect(seat).toEqual({ role: 'player', playerId: ada.playerId });
    const again = newConnectionId(transport);
    expect(room.reconnect(again, seat as { role: 'player'; playerId: string })).toBe(true);
    const snapshot = transport.connection(again).frames.at(-1)!.payload as PlayerSnapshot;
    expect(snapshot.role).toBe('player');
    expect(snapshot.me).toMatchObject({ name: 'Ada', teamId: 't1', score: 0, answer: { questionId: 'q1', steps: [rightAnswer(q.problem)], complete: true } });
    expect(snapshot.phase).toMatchObject({ phase: 'question', remainingMs: 13_000 });
  });

  it('lets the newest connection of a player win and tells the old one', () => {
    const { room, join, transport } = createTestRoom(quiz);
    const ada = join('Ada');
    const second = newConnectionId(transport);
    room.reconnect(second, { role: 'player', playerId: ada.playerId! });
    expect(ada.last('session:ended')).toEqual({ reason: 'replaced' });
    expect(transport.connection(ada.connectionId).open).toBe(false);
    expect(room.current.players[ada.playerId!]!.connected).toBe(true);
    // The old connection going away later does not mark the player away.
    room.drop(ada.connectionId);
    expect(room.current.players[ada.playerId!]!.connected).toBe(true);
  });

  it('refuses a kicked token from then on', () => {
    const { room, host, join, transport } = createTestRoom(quiz);
    const ada = join('Ada');
    expect(host.send({ type: 'room:kick', playerId: ada.playerId! }).ok).toBe(true);
    expect(ada.last('session:ended')).toEqual({ reason: 'kicked' });
    expect(transport.connection(ada.connectionId).open).toBe(false);
    expect(room.authenticate(ada.token)).toMatchObject({ code: 'kicked' });
    expect(room.authenticate('ABCDEF.forged-token-forged-token-forged-token')).toMatchObject({ code: 'invalid_token' });
    expect(room.authenticate(host.token)).toEqual({ role: 'host' });
  });

  it('keeps the host seat across connections; several host screens may be open', () => {
    const { room, host, join, transport } = createTestRoom(quiz);
    join('Ada');
    const remote = newConnectionId(transport);
    room.reconnect(remote, { role: 'host' });
    room.drop(host.connectionId);
    expect(room.current.host.connected).toBe(true);
    room.drop(remote);
    expect(room.current.host.connected).toBe(false);
    const back = newConnectionId(transport);
    room.reconnect(back, { role: 'host' });
    expect(room.request(back, { type: 'game:start' }).ok).toBe(true);
  });
});

describe('a room ends and lets go of everything', () => {
  it('disposes itself after the linger time once closed: timers cleared, connections told', () => {
    const { room, clock, host, join } = createTestRoom(quiz, { endedLingerMs: 30_000 });
    const ada = join('Ada');
    host.send({ type: 'game:start' });
    host.send({ type: 'room:close' });
    expect(ada.last('room:phase')).toEqual({ phase: 'ended', reason: 'closed' });
    expect(ada.last('room:standings')).toMatchObject({ final: true });
    expect(room.isDisposed).toBe(false);
    clock.advance(30_000);
    expect(room.isDisposed).toBe(true);
    expect(ada.last('session:ended')).toEqual({ reason: 'room_closed' });
    expect(room.hasTimers).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it('clears its timers when disposed mid-question', () => {
    const { room, clock, host, join } = createTestRoom(quiz, { presenceIntervalMs: 1000 });
    join('Ada');
    host.send({ type: 'game:start' });
    join('Bo');
    join('Cy');
    expect(clock.pendingTimers).toBeGreaterThan(0);
    room.dispose();
    expect(clock.pendingTimers).toBe(0);
    expect(host.send({ type: 'game:pause' })).toMatchObject({ ok: false, error: { code: 'room_closed' } });
  });
});

describe('nothing reveals an answer before its reveal', () => {
  it('keeps every frame to every connection free of the answer until the question closes', () => {
    const { room, clock, host, join } = createTestRoom({ ...quiz, questionCount: 3, kinds: ['chain-gradient', 'chain-steps', 'update'], teams: { count: 2, variants: true } });
    const devices = [host, join('Ada'), join('Bo'), join('Cy')];
    host.send({ type: 'game:start' });
    for (let i = 0; i < 3; i++) {
      const q = questionOf(room);
      const problems = [q.problem, ...Object.values(q.variants ?? {})];
      const [, ada, bo] = devices;
      const adaProblem = q.variants![room.current.players[ada!.playerId!]!.teamId!]!;
      if (adaProblem.steps) {
        bo!.send({ type: 'answer:submit', questionId: q.id, answer: '0.5', step: 0 });
      } else {
        ada!.send({ type: 'answer:submit', questionId: q.id, answer: closeAnswer(adaProblem), step: null });
        bo!.send({ type: 'answer:submit', questionId: q.id, answer: '12345', step: null });
      }
      clock.advance(1000);
      for (const device of devices) {
        for (const frame of device.frames) {
          for (const problem of problems) expect(revealsSecret(problem, frame.json), `${frame.event} to ${device.connectionId}`).toBe(false);
          expect(frame.json).not.toContain(String(room.current.seed));
        }
        device.frames.length = 0;
      }
      host.send({ type: 'question:end', questionId: null });
      host.send({ type: 'game:next', from: null });
      host.send({ type: 'game:next', from: null });
      for (const device of devices) device.frames.length = 0;
    }
    expect(room.current.phase.phase).toBe('podium');
  });
});
