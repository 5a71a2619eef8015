/**
 * A student's homework connection: a Socket.IO client without a seat (every request names the
 * assignment and carries the student's token), its status for the connection banner, and the
 * requests of shared/protocol/homework.ts as results that never throw. Unlike a live game there
 * is nothing to resync: the page asks again for what it shows whenever the connection is back.
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import { type Socket, io } from 'socket.io-client';
import type { Ack } from '../../shared/protocol/index.ts';
import type {
  HomeworkAnswerPayload,
  HomeworkAnswerResult,
  HomeworkInfo,
  HomeworkItemPayload,
  HomeworkItemView,
  HomeworkOpenPayload,
  HomeworkProgress,
  HomeworkResumePayload,
  HomeworkSession,
  HomeworkSkipPayload,
  HomeworkStartPayload,
} from '../../shared/protocol/homework.ts';
import type { ClientError, ConnectionStatus, Result } from '../room/room-connection.ts';

/** Each request of the student's side and what its ack carries. */
export interface HomeworkRequests {
  'homework:open': [HomeworkOpenPayload, HomeworkInfo];
  'homework:start': [HomeworkStartPayload, HomeworkSession];
  'homework:resume': [HomeworkResumePayload, HomeworkSession];
  'homework:item': [HomeworkItemPayload, HomeworkItemView];
  'homework:answer': [HomeworkAnswerPayload, HomeworkAnswerResult];
  'homework:skip': [HomeworkSkipPayload, HomeworkProgress];
}
export type HomeworkRequest = keyof HomeworkRequests;

export interface HomeworkConnection {
  readonly status: ReadonlySignal<ConnectionStatus>;
  /** Bumped at every connect after the first: the page reloads what it shows. */
  readonly reconnects: ReadonlySignal<number>;
  request<E extends HomeworkRequest>(event: E, payload: HomeworkRequests[E][0]): Promise<Result<HomeworkRequests[E][1]>>;
  /**
   * Waits for the connection when it is down, then sends (and once more after a lost ack): only
   * for requests the server takes twice harmlessly. A second answer to a step is refused
   * (`item_finished`, or graded as the next attempt's only while attempts are left), so answers
   * are sent with `request`, never repeated.
   */
  requestWhenConnected<E extends HomeworkRequest>(event: E, payload: HomeworkRequests[E][0]): Promise<Result<HomeworkRequests[E][1]>>;
  reconnectNow(): void;
  dispose(): void;
}

export interface HomeworkConnectionOptions {
  /** The server; default: the origin this page came from. */
  url?: string;
  requestTimeoutMs?: number;
  win?: Window | null;
}

export function createHomeworkConnection(options: HomeworkConnectionOptions = {}): HomeworkConnection {
  const { url, requestTimeoutMs = 8000 } = options;
  const win = options.win === undefined ? (typeof window === 'undefined' ? null : window) : options.win;
  const status = signal<ConnectionStatus>('connecting');
  const reconnects = signal(0);
  let everConnected = false;
  let disposed = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  // Untyped events: the student's requests are typed by HomeworkRequests above.
  const socket: Socket = io(url ?? '', { autoConnect: false, forceNew: true, reconnectionDelay: 1000, reconnectionDelayMax: 5000 });

  const retryLater = () => {
    if (disposed || retryTimer !== null) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (!socket.connected && !disposed) socket.connect();
    }, 2000);
  };

  socket.on('connect', () => {
    if (everConnected) reconnects.value++;
    everConnected = true;
    status.value = 'online';
  });
  socket.on('disconnect', (reason) => {
    if (disposed || reason === 'io client disconnect') return;
    if (status.value !== 'restarting') status.value = 'reconnecting';
    if (reason === 'io server disconnect') retryLater();
  });
  socket.on('connect_error', (error: Error & { data?: { code?: unknown } }) => {
    if (disposed) return;
    if (error.data?.code === 'server_restarting') status.value = 'restarting';
    else if (status.value !== 'restarting') status.value = everConnected ? 'reconnecting' : 'connecting';
    // A refusal by the server is final for Socket.IO: try again ourselves.
    if (!socket.active) retryLater();
  });
  socket.on('server:restarting', () => {
    status.value = 'restarting';
  });

  async function request<E extends HomeworkRequest>(event: E, payload: HomeworkRequests[E][0]): Promise<Result<HomeworkRequests[E][1]>> {
    if (!socket.connected) return { ok: false, error: { code: 'offline' } };
    try {
      const ack = (await socket.timeout(requestTimeoutMs).emitWithAck(event, payload)) as Ack<HomeworkRequests[E][1]>;
      return ack.ok ? ack : { ok: false, error: ack.error as ClientError };
    } catch {
      return { ok: false, error: { code: socket.connected ? 'timeout' : 'offline' } };
    }
  }

  function whenOnline(): Promise<boolean> {
    return new Promise((resolve) => {
      const stop = status.subscribe((value) => {
        if (disposed || (value === 'online' && socket.connected)) {
          queueMicrotask(() => stop());
          resolve(!disposed);
        }
      });
    });
  }

  async function requestWhenConnected<E extends HomeworkRequest>(event: E, payload: HomeworkRequests[E][0]): Promise<Result<HomeworkRequests[E][1]>> {
    let result: Result<HomeworkRequests[E][1]> = { ok: false, error: { code: 'offline' } };
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!socket.connected && !(await whenOnline())) return result;
      result = await request(event, payload);
      if (result.ok || (result.error.code !== 'offline' && result.error.code !== 'timeout')) return result;
    }
    return result;
  }

  function reconnectNow(): void {
    if (disposed) return;
    status.value = everConnected ? 'reconnecting' : 'connecting';
    socket.disconnect();
    socket.connect();
  }

  // A phone back from sleep: its socket may look alive for half a minute; a fresh one is cheap here.
  const onWake = () => {
    if (!disposed && win?.document.visibilityState !== 'hidden' && !socket.connected) reconnectNow();
  };
  const onOffline = () => {
    if (!disposed && status.value === 'online') status.value = 'reconnecting';
  };
  win?.document.addEventListener('visibilitychange', onWake);
  win?.addEventListener('online', onWake);
  win?.addEventListener('offline', onOffline);

  socket.connect();

  return {
    status,
    reconnects,
    request,
    requestWhenConnected,
    reconnectNow,
    dispose() {
      disposed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      win?.document.removeEventListener('visibilitychange', onWake);
      win?.removeEventListener('online', onWake);
      win?.removeEventListener('offline', onOffline);
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
