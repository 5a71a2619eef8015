/**
 * One live-game connection per screen: a Socket.IO client that resumes its seat with the
 * token kept on the device, the latest snapshot of what this viewer may see (each server
 * event replaces one part of it), and the time left on the open question, counted on the
 * device's monotonic clock from `remainingMs` (never from the phone's wall clock).
 *
 * Reconnection is a full resync: every (re)connect with a token receives a whole snapshot.
 * Socket.IO retries on its own after a network drop; this store also retries at once when
 * the phone wakes up or comes back online, and after a server restart or refusal that
 * Socket.IO does not retry by itself.
 */
import { type ReadonlySignal, batch, computed, signal } from '@preact/signals';
import { type Socket, io } from 'socket.io-client';
import type { Text } from '../../shared/engine/index.ts';
import type {
  Ack,
  ClientToServerEvents,
  ErrorCode,
  HostSnapshot,
  PhaseView,
  PlayerSelfView,
  PlayerSnapshot,
  RoomPeek,
  RoomSnapshot,
  RosterDelta,
  ServerToClientEvents,
} from '../../shared/protocol/index.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';
import { type SeatRole, type SeatStorage, forgetSeat, readSeat, saveSeat } from './seat-tokens.ts';

export type ArenaClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type RequestName = keyof ClientToServerEvents;
export type RequestPayload<E extends RequestName> = Parameters<ClientToServerEvents[E]>[0];
type AckOf<E extends RequestName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
export type RequestData<E extends RequestName> = Extract<AckOf<E>, { ok: true }>['data'];

/** The protocol's error codes, plus two the client meets on its own. */
export type ClientErrorCode = ErrorCode | 'offline' | 'timeout';
export interface ClientError {
  code: ClientErrorCode;
  /** `name_taken`: a free nickname to offer. */
  suggestion?: string;
  /** `invalid_answer`: the engine's explanation. */
  text?: Text;
  retryAfterMs?: number;
}
export type Result<T> = { ok: true; data: T } | { ok: false; error: ClientError };

/**
 * - `connecting`: the first connection of this screen is being opened;
 * - `online`: connected (seated or not);
 * - `reconnecting`: the connection dropped and is being reopened;
 * - `restarting`: the server said it is restarting; reconnecting as soon as it is back;
 * - `stopped`: no more attempts (the seat is gone, or another tab took it).
 */
export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'restarting' | 'stopped';

export interface NotSentAnswer {
  questionId: string;
  answer: string;
}

/** Why this device no longer holds its seat. */
export type SeatLoss = 'kicked' | 'room_closed' | 'replaced' | 'left' | 'invalid_token';

export interface RoomStoreOptions {
  code: string;
  role: SeatRole;
  storage?: SeatStorage | null;
  /** The game server; default: the origin this page came from. */
  url?: string;
  /** Monotonic milliseconds (performance.now): the countdown never reads the wall clock. */
  now?: () => number;
  /** Where to listen for `visibilitychange`, `online` and `offline`; `null` in tests without a window. */
  win?: Window | null;
  /** How long a request waits for its acknowledgement. */
  requestTimeoutMs?: number;
}

export interface RoomStore {
  readonly code: string;
  readonly role: SeatRole;
  readonly status: ReadonlySignal<ConnectionStatus>;
  /** The latest full view of the room, `null` until the first one arrives. */
  readonly snapshot: ReadonlySignal<RoomSnapshot | null>;
  readonly hostSnapshot: ReadonlySignal<HostSnapshot | null>;
  readonly playerSnapshot: ReadonlySignal<PlayerSnapshot | null>;
  readonly phase: ReadonlySignal<PhaseView | null>;
  /** Milliseconds left on the open timed question, ticking; `null` otherwise. */
  readonly remainingMs: ReadonlySignal<number | null>;
  /**
   * A phone at a reveal whose own verdict has not arrived yet. The server sends it with the reveal; a phone
   * that missed that frame (it was reconnecting) gets it in its snapshot.
   */
  readonly resultPending: ReadonlySignal<boolean>;
  /** Whether this device holds a token for the room (a seat to resume). */
  readonly hasSeat: ReadonlySignal<boolean>;
  readonly seatLoss: ReadonlySignal<SeatLoss | null>;
  /** The server speaks another protocol version: only a reload helps. */
  readonly outdated: ReadonlySignal<boolean>;
  /** The join link kept at creation (host only). */
  readonly joinUrl: ReadonlySignal<string | null>;
  /** An answer this phone queued while offline that could not be sent any more (the question closed meanwhile). */
  readonly notSent: ReadonlySignal<NotSentAnswer | null>;
  /** Sends a request and waits for its ack; never throws. */
  request<E extends RequestName>(event: E, payload: RequestPayload<E>): Promise<Result<RequestData<E>>>;
  /** A join or create on this connection succeeded: keep the token and show the snapshot. */
  seat(token: string, snapshot: RoomSnapshot): void;
  /**
   * Sends a request now or, while the connection is down, once it is back (Socket.IO seats the
   * new connection before it says `connect`). `onQueued` is told when it has to wait. A request
   * whose ack was lost is sent again: only for requests the server refuses or repeats harmlessly
   * when they arrive twice (an answer: `already_answered`, or the same answer stored again).
   */
  requestWhenConnected<E extends RequestName>(event: E, payload: RequestPayload<E>, onQueued?: () => void): Promise<Result<RequestData<E>>>;
  /** Says (or, with `null`, stops saying) that a queued answer was not sent. */
  setNotSent(answer: NotSentAnswer | null): void;
  /** Changes the own player view after an acknowledged request (the server echoes it only on a resync). */
  updateMe(update: (me: PlayerSelfView) => PlayerSelfView): void;
  /** Asks the server for a full snapshot; on no answer, reconnects. */
  resync(): Promise<void>;
  /** Drops the connection and opens a new one now, skipping Socket.IO's backoff. */
  reconnectNow(): void;
  /** After `replaced`: take the seat back on this device. */
  takeSeatBack(): void;
  /** An HTTP API request with this seat's token in the `Authorization` header (never in the URL). */
  fetchWithSeat(path: string): Promise<Response>;
  dispose(): void;
}

/**
 * The status of the room connection this page opened last: a screen whose requests do not hold
 * the store (a mode's own screen) still learns that the connection is back (see useRequest).
 */
export const pageConnection = signal<ConnectionStatus | null>(null);

const WAKE_SYNC_TIMEOUT_MS = 4000;
/** Refusals and server-side closes are not retried by Socket.IO itself; these are. */
const MANUAL_RETRY_MS = [1000, 2000, 4000, 8000];
const TICK_MS = 200;
/** A queued request lost on its way (a timeout, the connection dropping again) is tried this often. */
const QUEUED_ATTEMPTS = 5;

function isSeatLossCode(code: unknown): code is 'invalid_token' | 'kicked' | 'room_closed' {
  return code === 'invalid_token' || code === 'kicked' || code === 'room_closed';
}

export function createRoomStore(options: RoomStoreOptions): RoomStore {
  const { code, role, storage = null, url, requestTimeoutMs = 8000 } = options;
  const now = options.now ?? (() => performance.now());
  const win = options.win === undefined ? (typeof window === 'undefined' ? null : window) : options.win;

  const saved = readSeat(storage, role, code);
  let token: string | null = saved?.token ?? null;

  const status = signal<ConnectionStatus>('connecting');
  const snapshot = signal<RoomSnapshot | null>(null);
  const seatLoss = signal<SeatLoss | null>(null);
  const hasSeat = signal(token !== null);
  const outdated = signal(false);
  const joinUrl = signal<string | null>(saved?.joinUrl ?? null);
  const notSent = signal<NotSentAnswer | null>(null);
  /** Local monotonic time at which the open question's clock reaches zero. */
  const deadline = signal<number | null>(null);
  const tick = signal(now());

  const phase = computed(() => snapshot.value?.phase ?? null);
  const hostSnapshot = computed(() => (snapshot.value?.role === 'host' ? snapshot.value : null));
  const playerSnapshot = computed(() => (snapshot.value?.role === 'player' ? snapshot.value : null));
  const resultPending = signal(false);
  const remainingMs = computed(() => {
    const current = phase.value;
    if (!current || current.phase !== 'question' || current.remainingMs === null) return null;
    if (current.paused || deadline.value === null) return current.remainingMs;
    return Math.max(0, deadline.value - tick.value);
  });

  let ticker: ReturnType<typeof setInterval> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let retries = 0;
  let everConnected = false;
  let disposed = false;
  const unfollowPage = status.subscribe((value) => {
    if (!disposed) pageConnection.value = value;
  });

  const socket: ArenaClientSocket = io(url ?? '', {
    // Read on every attempt, so a reconnect resumes the seat a join created meanwhile.
    auth: (send) => send(token ? { token } : {}),
    autoConnect: false,
    forceNew: true,
    // Socket.IO's default transports: long-polling first, so a network that blocks WebSockets
    // (some school proxies) still plays, then the upgrade to a WebSocket where it can.
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
  });

  // ─── Time ─────────────────────────────────────────────────────────────────────

  function stopTicker(): void {
    if (ticker !== null) clearInterval(ticker);
    ticker = null;
  }

  function followClock(view: PhaseView): void {
    if (view.phase === 'question' && view.remainingMs !== null && !view.paused) {
      const at = now();
      batch(() => {
        tick.value = at;
        deadline.value = at + view.remainingMs!;
      });
      if (ticker === null) {
        ticker = setInterval(() => {
          tick.value = now();
          if (deadline.value !== null && tick.value >= deadline.value) stopTicker();
        }, TICK_MS);
      }
    } else {
      deadline.value = null;
      stopTicker();
    }
  }

  // ─── Snapshot ─────────────────────────────────────────────────────────────────

  function applySnapshot(next: RoomSnapshot): void {
    batch(() => {
      // A snapshot carries the own verdict with the reveal.
      resultPending.value = false;
      snapshot.value = next;
      outdated.value = next.protocolVersion !== PROTOCOL_VERSION;
      followClock(next.phase);
    });
  }

  function patch(update: (current: RoomSnapshot) => RoomSnapshot): void {
    const current = snapshot.value;
    if (current) snapshot.value = update(current);
  }

  function applyRoster(delta: RosterDelta): void {
    const current = snapshot.value;
    if (current?.role !== 'host') return;
    const rows = new Map(current.roster.map((row) => [row.playerId, row]));
    for (const row of delta.upsert) rows.set(row.playerId, row);
    for (const id of delta.remove) rows.delete(id);
    snapshot.value = { ...current, roster: [...rows.values()] };
  }

  // ─── Seat ─────────────────────────────────────────────────────────────────────

  function keepToken(next: string, extra: { joinUrl?: string } = {}): void {
    token = next;
    saveSeat(storage, role, code, { token: next, ...(extra.joinUrl ? { joinUrl: extra.joinUrl } : {}) });
    hasSeat.value = true;
  }

  function dropToken(): void {
    token = null;
    forgetSeat(storage, role, code);
    hasSeat.value = false;
  }

  function stop(): void {
    clearRetry();
    status.value = 'stopped';
    socket.disconnect();
  }

  function loseSeat(reason: SeatLoss): void {
    // A finished game's host token still opens its reports (kept for months): only a player's goes.
    const keep = reason === 'replaced' || (role === 'host' && reason === 'room_closed');
    if (!keep) dropToken();
    seatLoss.value = reason;
    switch (reason) {
      case 'kicked':
      case 'room_closed':
      case 'replaced':
        stop();
        break;
      case 'invalid_token':
        // A player may join again on a fresh, unseated connection; a host has nothing to rejoin.
        if (role === 'player') {
          snapshot.value = null;
          reconnectNow();
        } else {
          stop();
        }
        break;
      case 'left':
        // The connection stays open and unseated: ready to join again.
        snapshot.value = null;
        break;
    }
  }

  // ─── Connection ───────────────────────────────────────────────────────────────

  function clearRetry(): void {
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
  }

  function retryLater(delayMs?: number): void {
    if (disposed || status.value === 'stopped' || retryTimer !== null) return;
    const delay = delayMs ?? MANUAL_RETRY_MS[Math.min(retries, MANUAL_RETRY_MS.length - 1)]!;
    retries++;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (!socket.connected && !disposed && status.value !== 'stopped') socket.connect();
    }, delay);
  }

  function reconnectNow(): void {
    if (disposed) return;
    clearRetry();
    if (status.value !== 'restarting') status.value = everConnected ? 'reconnecting' : 'connecting';
    // disconnect() also cancels a pending backoff timer, so connect() tries at once.
    socket.disconnect();
    socket.connect();
  }

  socket.on('connect', () => {
    everConnected = true;
    retries = 0;
    clearRetry();
    status.value = 'online';
  });

  socket.on('disconnect', (reason) => {
    if (disposed || status.value === 'stopped') return;
    if (reason === 'io client disconnect') return; // our own reconnectNow() or stop()
    if (status.value !== 'restarting') status.value = 'reconnecting';
    // The server closed this connection without ending the seat (e.g. while restarting):
    // Socket.IO does not come back by itself after a server-side disconnect.
    if (reason === 'io server disconnect') retryLater();
  });

  socket.on('connect_error', (error: Error & { data?: { code?: unknown } }) => {
    if (disposed) return;
    const refusal = error.data?.code;
    if (isSeatLossCode(refusal) && token !== null) {
      loseSeat(refusal);
      return;
    }
    if (refusal === 'server_restarting') status.value = 'restarting';
    else if (status.value !== 'restarting') status.value = everConnected ? 'reconnecting' : 'connecting';
    // A refusal by the server (socket.active is false then) is final for Socket.IO: try again ourselves.
    if (!socket.active) retryLater();
  });

  socket.on('room:snapshot', (next) => {
    if (next.role !== role) return;
    seatLoss.value = null;
    applySnapshot(next);
  });
  socket.on('room:phase', (view, own) => {
    batch(() => {
      // A reveal's frame to a player carries the player's own view with its verdict.
      const me = own ?? playerSnapshot.value?.me;
      resultPending.value = role === 'player' && view.phase === 'reveal' && me?.result?.questionId !== view.questionId;
      patch((current) => (own && current.role === 'player' ? { ...current, phase: view, me: own } : { ...current, phase: view }));
      followClock(view);
    });
  });
  socket.on('room:me', (me) =>
    batch(() => {
      resultPending.value = false;
      patch((current) => (current.role === 'player' ? { ...current, me } : current));
    }),
  );
  socket.on('room:presence', (presence) => patch((current) => ({ ...current, presence })));
  socket.on('room:standings', (standings) => patch((current) => ({ ...current, standings })));
  socket.on('room:info', (room) => patch((current) => ({ ...current, room })));
  socket.on('room:roster', applyRoster);
  socket.on('session:ended', ({ reason }) => loseSeat(reason));
  socket.on('server:restarting', () => {
    status.value = 'restarting';
  });

  // ─── Requests ─────────────────────────────────────────────────────────────────

  async function request<E extends RequestName>(event: E, payload: RequestPayload<E>): Promise<Result<RequestData<E>>> {
    if (!socket.connected) return { ok: false, error: { code: 'offline' } };
    const timed = socket.timeout(requestTimeoutMs);
    const emit = timed.emitWithAck as unknown as (name: E, body: RequestPayload<E>) => Promise<Ack<RequestData<E>>>;
    try {
      return await emit.call(timed, event, payload);
    } catch {
      return { ok: false, error: { code: socket.connected ? 'timeout' : 'offline' } };
    }
  }

  function connected(): boolean {
    return socket.connected && status.value === 'online';
  }

  /** Resolves when the connection is up again, or `false` when it never will be (stopped, disposed). */
  function whenConnected(): Promise<boolean> {
    return new Promise((resolve) => {
      const dispose = status.subscribe((value) => {
        if (disposed || value === 'stopped') {
          queueMicrotask(() => dispose());
          resolve(false);
        } else if (value === 'online' && socket.connected) {
          queueMicrotask(() => dispose());
          resolve(true);
        }
      });
    });
  }

  async function requestWhenConnected<E extends RequestName>(event: E, payload: RequestPayload<E>, onQueued?: () => void): Promise<Result<RequestData<E>>> {
    let result: Result<RequestData<E>> = { ok: false, error: { code: 'offline' } };
    for (let attempt = 0; attempt < QUEUED_ATTEMPTS; attempt++) {
      if (!connected()) {
        onQueued?.();
        if (!(await whenConnected())) return result;
      }
      result = await request(event, payload);
      if (result.ok || (result.error.code !== 'offline' && result.error.code !== 'timeout')) return result;
      // The browser may say offline before the socket notices: wait for the status to follow.
      if (result.error.code === 'timeout') onQueued?.();
    }
    return result;
  }

  async function resync(): Promise<void> {
    if (status.value === 'stopped') return;
    if (!socket.connected) {
      reconnectNow();
      return;
    }
    if (token === null || snapshot.value === null) {
      // Nothing to resync before a seat (the join form): the connection is up, say so.
      if (status.value === 'reconnecting') status.value = 'online';
      return;
    }
    const timed = socket.timeout(WAKE_SYNC_TIMEOUT_MS);
    try {
      const ack = await timed.emitWithAck('room:sync', {});
      if (ack.ok) applySnapshot(ack.data);
      // The connection outlived a network blip (the browser said offline, the socket never noticed).
      if (socket.connected && status.value === 'reconnecting') status.value = 'online';
    } catch {
      // No answer: the connection only looks alive (a phone back from sleep). Open a fresh one.
      reconnectNow();
    }
  }

  // ─── The device waking up ─────────────────────────────────────────────────────

  const onWake = () => {
    if (disposed || status.value === 'stopped') return;
    if (win?.document.visibilityState === 'hidden') return;
    void resync();
  };
  // Said at once: the socket itself may take half a minute to notice a dead network.
  const onOffline = () => {
    if (!disposed && status.value === 'online') status.value = 'reconnecting';
  };
  win?.document.addEventListener('visibilitychange', onWake);
  win?.addEventListener('online', onWake);
  win?.addEventListener('offline', onOffline);

  socket.connect();

  return {
    code,
    role,
    status,
    snapshot,
    hostSnapshot,
    playerSnapshot,
    phase,
    remainingMs,
    resultPending,
    hasSeat,
    seatLoss,
    outdated,
    joinUrl,
    notSent,
    request,
    requestWhenConnected,
    setNotSent(answer) {
      notSent.value = answer;
    },
    seat(next, snap) {
      keepToken(next, joinUrl.value ? { joinUrl: joinUrl.value } : {});
      seatLoss.value = null;
      applySnapshot(snap);
    },
    updateMe(update) {
      patch((current) => (current.role === 'player' ? { ...current, me: update(current.me) } : current));
    },
    resync,
    reconnectNow,
    takeSeatBack() {
      if (seatLoss.value !== 'replaced') return;
      seatLoss.value = null;
      status.value = 'connecting';
      socket.connect();
    },
    fetchWithSeat(path) {
      return fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {}, cache: 'no-store' });
    },
    dispose() {
      disposed = true;
      unfollowPage();
      clearRetry();
      stopTicker();
      win?.document.removeEventListener('visibilitychange', onWake);
      win?.removeEventListener('online', onWake);
      win?.removeEventListener('offline', onOffline);
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}

export interface QueuedSend {
  /** The question (relay round, descent iteration) the request is for. */
  questionId: string;
  /** What the student sent, as the phone shows it, for "… will be sent" and "… was not sent". */
  shown: string;
  /** Told when the connection is down and the request waits for it. */
  onQueued?: () => void;
}

/** Codes that mean the question is no longer open for what was queued. */
const CLOSED_CODES: ReadonlySet<ClientErrorCode> = new Set(['round_closed', 'stale_question', 'wrong_phase']);

/**
 * A student's answer (an answer, a relay link, a descent step or confirmation) sent now or,
 * while offline, once the connection is back (see requestWhenConnected): only for requests the
 * server takes twice harmlessly. One that waited and then found its question closed is kept in
 * `store.notSent`, so the phone says plainly that it was not sent.
 */
export async function sendWhenConnected<E extends RequestName>(store: RoomStore, event: E, payload: RequestPayload<E>, send: QueuedSend): Promise<Result<RequestData<E>>> {
  let queued = false;
  const result = await store.requestWhenConnected(event, payload, () => {
    queued = true;
    send.onQueued?.();
  });
  if (queued && !result.ok && CLOSED_CODES.has(result.error.code)) store.setNotSent({ questionId: send.questionId, answer: send.shown });
  return result;
}

/**
 * The home page's look at a room before anyone joins it: whether it asks for a name. `null` (no
 * such room, offline, too slow) means the page asks for a name as always. The home page reaches
 * it through the play page's module, the page it opens next, so the Socket.IO client stays in
 * the chunks that page loads anyway.
 */
export async function peekRoomByCode(code: string, url = '', timeoutMs = 5000): Promise<RoomPeek | null> {
  const socket: ArenaClientSocket = io(url, { forceNew: true, reconnection: false, timeout: timeoutMs });
  try {
    const ack = await socket.timeout(timeoutMs).emitWithAck('room:peek', { code });
    return ack.ok ? ack.data : null;
  } catch {
    return null;
  } finally {
    socket.disconnect();
  }
}
