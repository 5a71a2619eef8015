/** A real server on 127.0.0.1:0 and real socket.io-client connections that record every frame they receive. */
import { type Server as HttpServer, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Socket, io as connect } from 'socket.io-client';
import { type Application, type ApplicationOptions, createApplication } from '../../server/app.ts';
import { type ServerConfig, loadConfig } from '../../server/config.ts';
import type {
  Ack,
  ClientToServerEvents,
  ConnectErrorData,
  HandshakeAuth,
  ServerToClientEvents,
} from '../../shared/protocol/index.ts';
import { silentLogger } from '../room/support.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type ServerEventName = keyof ServerToClientEvents;
type PayloadOf<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];
type RequestName = keyof ClientToServerEvents;
type RequestPayload<E extends RequestName> = Parameters<ClientToServerEvents[E]>[0];
type RequestResult<E extends RequestName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

export interface TestServer {
  url: string;
  application: Application;
  httpServer: HttpServer;
  close(): Promise<void>;
}

export const TEST_CONFIG: ServerConfig = {
  ...loadConfig({}),
  port: 0,
  host: '127.0.0.1',
  clientDir: '/nonexistent/backprop-arena-client',
  publicUrl: null,
  corsOrigins: [],
  logLevel: 'silent',
  maxRooms: 100,
  idleTtlMs: 3 * 3600_000,
};

export async function startServer(options: Partial<ApplicationOptions> = {}): Promise<TestServer> {
  const httpServer = createServer();
  const application = createApplication(httpServer, {
    config: TEST_CONFIG,
    logger: silentLogger,
    presenceIntervalMs: 0,
    requestsPerSecond: 10_000,
    roomsPerMinute: 1000,
    limits: { answersPerSecond: 10_000, joinMissesPerMinute: 10_000, roomJoinsPerSecond: 10_000 },
    ...options,
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, application, httpServer, close: () => application.close() };
}

export interface ReceivedEvent {
  event: string;
  payload: unknown;
}

/** `extraHeaders`: what a browser would send, e.g. the Origin and Host of the page it was on; `transports`: WebSocket only unless told. */
export interface ClientOptions {
  extraHeaders?: Record<string, string>;
  transports?: string[];
}

/** One device: a socket, every raw frame it received, and the events decoded from them. */
export class TestClient {
  readonly socket: ClientSocket;
  /** Raw Socket.IO packets as they arrived (events and acks). */
  readonly frames: string[] = [];
  readonly events: ReceivedEvent[] = [];
  private readonly waiters: { match: (e: ReceivedEvent) => boolean; resolve: (e: ReceivedEvent) => void }[] = [];

  constructor(url: string, auth: HandshakeAuth | Record<string, unknown> = {}, options: ClientOptions = {}) {
    this.socket = connect(url, { transports: ['websocket'], auth, reconnection: false, forceNew: true, autoConnect: false, ...options });
    this.socket.io.on('open', () => {
      this.socket.io.engine.on('packet', (packet: { type: string; data?: unknown }) => {
        if (packet.type === 'message' && typeof packet.data === 'string') this.frames.push(packet.data);
      });
    });
    this.socket.onAny((event: string, payload: unknown, own?: unknown) => {
      this.receive({ event, payload });
      // A reveal's frame to a player carries its own view: applied as the `room:me` it replaces.
      if (event === 'room:phase' && own !== undefined) this.receive({ event: 'room:me', payload: own });
    });
  }

  private receive(received: ReceivedEvent): void {
    this.events.push(received);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i]!;
      if (waiter.match(received)) {
        this.waiters.splice(i, 1);
        waiter.resolve(received);
      }
    }
  }

  static async connect(url: string, auth: HandshakeAuth | Record<string, unknown> = {}, options: ClientOptions = {}): Promise<TestClient> {
    const client = new TestClient(url, auth, options);
    const refused = await client.open();
    if (refused) throw new Error(`connection refused: ${refused.code}`);
    return client;
  }

  /** Connect; resolves with the refusal's data when the server refuses the handshake. */
  open(): Promise<ConnectErrorData | null> {
    return new Promise((resolve) => {
      this.socket.once('connect', () => resolve(null));
      this.socket.once('connect_error', (err: Error & { data?: ConnectErrorData }) => resolve(err.data ?? { code: 'internal_error' }));
      this.socket.connect();
    });
  }

  async call<E extends RequestName>(event: E, payload: RequestPayload<E>): Promise<RequestResult<E>> {
    const emit = this.socket.timeout(3000).emitWithAck as unknown as (e: E, p: RequestPayload<E>) => Promise<RequestResult<E>>;
    return emit.call(this.socket.timeout(3000), event, payload);
  }

  /** A request that must succeed; returns its data. */
  async ok<E extends RequestName>(event: E, payload: RequestPayload<E>): Promise<Extract<RequestResult<E>, { ok: true }>['data']> {
    const result = (await this.call(event, payload)) as Ack<unknown>;
    if (!result.ok) throw new Error(`${event} refused: ${result.error.code} (${result.error.message})`);
    return result.data as Extract<RequestResult<E>, { ok: true }>['data'];
  }

  /** Send raw arguments, as a misbehaving client could; resolves with the ack, or `null` when none came. */
  raw(event: string, args: unknown[], withAck = true, timeoutMs = 3000): Promise<unknown> {
    const emit = this.socket.emit.bind(this.socket) as unknown as (event: string, ...args: unknown[]) => void;
    if (!withAck) {
      emit(event, ...args);
      return Promise.resolve(null);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${event}`)), timeoutMs);
      emit(event, ...args, (response: unknown) => {
        clearTimeout(timer);
        resolve(response);
      });
    });
  }

  /** The first event (already received or still to come) that matches. */
  waitFor<E extends ServerEventName>(event: E, predicate: (payload: PayloadOf<E>) => boolean = () => true, timeoutMs = 3000): Promise<PayloadOf<E>> {
    return this.wait(event, predicate, timeoutMs, 0);
  }

  /**
   * The first matching event received after this call: what an action taken next causes, when
   * an earlier event would match too (a player who drops a second time). Call it before the action.
   */
  next<E extends ServerEventName>(event: E, predicate: (payload: PayloadOf<E>) => boolean = () => true, timeoutMs = 3000): Promise<PayloadOf<E>> {
    return this.wait(event, predicate, timeoutMs, this.events.length);
  }

  private wait<E extends ServerEventName>(event: E, predicate: (payload: PayloadOf<E>) => boolean, timeoutMs: number, from: number): Promise<PayloadOf<E>> {
    const match = (e: ReceivedEvent) => e.event === event && predicate(e.payload as PayloadOf<E>);
    const seen = this.events.slice(from).find(match);
    if (seen) return Promise.resolve(seen.payload as PayloadOf<E>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e.payload as PayloadOf<E>);
        },
      });
    });
  }

  /** The latest event of a kind received so far. */
  latest<E extends ServerEventName>(event: E): PayloadOf<E> | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) if (this.events[i]!.event === event) return this.events[i]!.payload as PayloadOf<E>;
    return undefined;
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** Split a raw Socket.IO packet (`2[…]` event, `3<id>[…]` ack) into its kind and decoded arguments. */
export function decodeFrame(raw: string): { kind: 'event' | 'ack' | 'other'; args: unknown[] } {
  const match = /^([23])(?:\/[^,]*,)?(\d*)(\[.*)$/s.exec(raw);
  if (!match) return { kind: 'other', args: [] };
  return { kind: match[1] === '2' ? 'event' : 'ack', args: JSON.parse(match[3]!) as unknown[] };
}
