/**
 * The client's room connection store (client/room/room-connection.ts) against the real server,
 * in Node with the real socket.io-client: a seat resumed from the token the device kept, the
 * countdown on the device's own monotonic clock, refusals as error codes, a graceful restart,
 * and what happens to a token when the seat is gone. No browser needed; it runs with the
 * browser suite because it tests client code end to end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoom, kickPlayer, pauseGame, resumeGame, startGame } from '../../client/room/host-actions.ts';
import { joinRoom, submitAnswer } from '../../client/room/player-actions.ts';
import { type RoomStore, createRoomStore } from '../../client/room/room-connection.ts';
import { readSeat, saveSeat } from '../../client/room/seat-tokens.ts';
import { type GameServer, startGameServer, DeviceStorage } from './game-support.ts';

/** A monotonic clock the test moves by hand. */
class ManualClock {
  ms = 1_000_000;
  readonly now = () => this.ms;
}

describe('the room connection store', () => {
  let server: GameServer;
  const stores: RoomStore[] = [];

  beforeAll(async () => {
    server = await startGameServer();
  });

  afterAll(async () => {
    for (const store of stores) store.dispose();
    await server?.close();
  });

  function open(code: string, role: 'host' | 'player', storage: DeviceStorage, clock?: ManualClock): RoomStore {
    const store = createRoomStore({ code, role, storage, url: server.url, win: null, ...(clock ? { now: clock.now } : {}) });
    stores.push(store);
    return store;
  }

  async function newRoom(config: Parameters<typeof createRoom>[0] = {}) {
    const hostDevice = new DeviceStorage();
    const created = await createRoom({ questionCount: 2, timeLimitSec: 60, kinds: ['chain-gradient'], ...config }, { storage: hostDevice, url: server.url });
    if (!created.ok) throw new Error(created.error.code);
    const host = open(created.data.code, 'host', hostDevice);
    await expect.poll(() => host.hostSnapshot.value?.phase.phase).toBe('lobby');
    return { code: created.data.code, host, hostDevice };
  }

  it('resumes a seat from the token the device kept, with the answer already sent', async () => {
    const { code, host, hostDevice } = await newRoom();
    expect(readSeat(hostDevice, 'host', code)?.token).toMatch(new RegExp(`^${code}\\.`));

    const phone = new DeviceStorage();
    const clock = new ManualClock();
    const ada = open(code, 'player', phone, clock);
    await expect.poll(() => ada.status.value).toBe('online');
    expect(ada.hasSeat.value).toBe(false);
    const joined = await joinRoom(ada, 'Ada');
    expect(joined.ok).toBe(true);
    expect(ada.hasSeat.value).toBe(true);
    expect(readSeat(phone, 'player', code)?.token).toBeTruthy();
    // A second player who does not answer keeps the question open.
    const zed = open(code, 'player', new DeviceStorage());
    await expect.poll(() => zed.status.value).toBe('online');
    expect((await joinRoom(zed, 'Zed')).ok).toBe(true);
    await expect.poll(() => host.hostSnapshot.value?.roster.map((r) => r.name).sort()).toEqual(['Ada', 'Zed']);

    expect((await startGame(host)).ok).toBe(true);
    await expect.poll(() => ada.phase.value?.phase).toBe('question');
    // The countdown follows the device's monotonic clock from remainingMs, not any wall clock.
    expect(ada.remainingMs.value).toBeGreaterThan(59_000);
    clock.ms += 10_000;
    await expect.poll(() => ada.remainingMs.value).toBeLessThanOrEqual(50_000);
    expect(ada.remainingMs.value).toBeGreaterThan(49_000);

    // Paused: the clock stops and answers are refused with a code the page translates.
    expect((await pauseGame(host)).ok).toBe(true);
    await expect.poll(() => ada.phase.value?.phase === 'question' && ada.phase.value.paused).toBe(true);
    const frozen = ada.remainingMs.value;
    clock.ms += 5_000;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ada.remainingMs.value).toBe(frozen);
    const view = ada.phase.value!;
    if (view.phase !== 'question') throw new Error('not a question');
    const refused = await submitAnswer(ada, { questionId: view.questionId, step: null }, '0.5');
    expect(refused.ok || refused.error.code).toBe('paused');
    expect((await resumeGame(host)).ok).toBe(true);
    await expect.poll(() => ada.phase.value?.phase === 'question' && !ada.phase.value.paused).toBe(true);

    const sent = await submitAnswer(ada, { questionId: view.questionId, step: null }, '0.5');
    expect(sent.ok).toBe(true);
    expect(ada.playerSnapshot.value?.me.answer).toEqual({ questionId: view.questionId, steps: ['0.5'], complete: true });

    // The page reloads: a new store on the same device is the same player, answer included.
    ada.dispose();
    const again = open(code, 'player', phone);
    await expect.poll(() => again.playerSnapshot.value?.me.name).toBe('Ada');
    expect(again.playerSnapshot.value?.me.answer?.steps).toEqual(['0.5']);
    expect(again.phase.value?.phase).toBe('question');
  });

  it('turns refusals into codes, with a free nickname offered for a taken one', async () => {
    const { code } = await newRoom();
    const first = open(code, 'player', new DeviceStorage());
    await expect.poll(() => first.status.value).toBe('online');
    expect((await joinRoom(first, 'Bo')).ok).toBe(true);
    const second = open(code, 'player', new DeviceStorage());
    await expect.poll(() => second.status.value).toBe('online');
    const taken = await joinRoom(second, 'bo');
    expect(taken.ok).toBe(false);
    if (taken.ok) return;
    expect(taken.error.code).toBe('name_taken');
    expect(taken.error.suggestion?.toLowerCase()).toContain('bo');
    expect(second.hasSeat.value).toBe(false);

    const nowhere = open('ZZZZZZ', 'player', new DeviceStorage());
    await expect.poll(() => nowhere.status.value).toBe('online');
    const missing = await joinRoom(nowhere, 'Cy');
    expect(missing.ok || missing.error.code).toBe('room_not_found');

    // Offline requests fail at once rather than wait for a timeout.
    nowhere.dispose();
    const offline = await joinRoom(nowhere, 'Cy');
    expect(offline.ok || offline.error.code).toBe('offline');
  });

  it('says the server is restarting, then resumes the seat when it is back', async () => {
    const { code, host } = await newRoom();
    const di = open(code, 'player', new DeviceStorage());
    await expect.poll(() => di.status.value).toBe('online');
    expect((await joinRoom(di, 'Di')).ok).toBe(true);
    const seen: string[] = [];
    const stop = di.status.subscribe((status) => seen.push(status));
    await server.restart(1500);
    await expect.poll(() => di.status.value, { timeout: 15_000 }).toBe('online');
    await expect.poll(() => host.status.value, { timeout: 15_000 }).toBe('online');
    stop();
    expect(seen).toContain('restarting');
    await expect.poll(() => di.playerSnapshot.value?.me.name).toBe('Di');
    expect(di.seatLoss.value).toBeNull();
  });

  it('forgets a kicked player’s token, but keeps a host token whose room has gone (its reports stay)', async () => {
    const { code, host } = await newRoom();
    const phone = new DeviceStorage();
    const eve = open(code, 'player', phone);
    await expect.poll(() => eve.status.value).toBe('online');
    const joined = await joinRoom(eve, 'Eve');
    if (!joined.ok) throw new Error(joined.error.code);
    expect((await kickPlayer(host, joined.data.playerId)).ok).toBe(true);
    await expect.poll(() => eve.seatLoss.value).toBe('kicked');
    expect(eve.status.value).toBe('stopped');
    expect(readSeat(phone, 'player', code)).toBeNull();

    // A room that no longer exists: the handshake is refused with room_closed.
    const gone = 'QQQQQQ';
    const token = `${gone}.${'A'.repeat(43)}`;
    const laptop = new DeviceStorage();
    saveSeat(laptop, 'host', gone, { token });
    const formerHost = open(gone, 'host', laptop);
    await expect.poll(() => formerHost.seatLoss.value).toBe('room_closed');
    expect(readSeat(laptop, 'host', gone)?.token).toBe(token);
    const pocket = new DeviceStorage();
    saveSeat(pocket, 'player', gone, { token });
    const formerPlayer = open(gone, 'player', pocket);
    await expect.poll(() => formerPlayer.seatLoss.value).toBe('room_closed');
    expect(readSeat(pocket, 'player', gone)).toBeNull();
  });
});
