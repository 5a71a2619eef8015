/**
 * Several nodes, one game (REDIS_URL set). Each room runs on exactly one node at a time, its
 * owner, which holds the room's lease in Redis (a key with a short TTL, renewed while the
 * node lives) and so runs its clock, grades its answers and writes its journal. A player may
 * be connected to any node: the node that holds the socket (the edge) forwards the player's
 * events to the owner with Socket.IO's inter-server messages (`serverSideEmit`, which the
 * Redis streams adapter sends by Redis pub/sub: a message a node misses is not replayed, so
 * every request has a timeout and is asked again) and relays the answer to the ack; the
 * owner's frames reach the socket through the adapter's Redis stream, by room or by socket id.
 * The reply and the frames travel apart, so a forwarded ack may arrive just before the frames
 * of its event; on the owner's own sockets the order is kept (see route()).
 *
 * When an owner dies its lease expires; the next scan of any node finds the room without an
 * owner, takes the lease, replays the room from Redis and tells every node, whose sockets of
 * that room then take their seats again on the new owner (with a fresh snapshot). A socket
 * on a dead node reconnects to any node with its token. When a non-owner node dies, the
 * owner sees its heartbeat stop and marks its players away, so the game does not wait for them.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { type Ack, type AckError, ERROR_CODES, type JoinRoomResult, type RoomConfig, type RoomPeek, type RoomSnapshot, type Seat } from '../../shared/protocol/index.ts';
import type { Lang } from '../../shared/engine/index.ts';
import { type CreatedRoom, LocalRooms, type RoomDirectory } from '../room/room-directory.ts';
import type { CreateOptions, RoomRegistry } from '../room/room-registry.ts';
import type { RoomEvent } from '../room/room-state.ts';
import type { Room } from '../room/room.ts';
import { newRoomCode, roomCodeOfToken } from '../room/secrets.ts';
import type { ArenaServer } from '../socket/types.ts';
import { reseatConnections } from '../socket/socket-transport.ts';
import type { RedisRoomStore } from './redis-store.ts';

/** What an edge asks of a room's owner. */
export type ForwardOp =
  | { op: 'resolve'; token: string }
  | { op: 'reconnect'; connectionId: string; seat: Seat }
  | { op: 'join'; connectionId: string; nickname: string; teamId: string | null; lang?: Lang | null }
  | { op: 'peek' }
  | { op: 'sync'; connectionId: string; seat: Seat | null }
  | { op: 'request'; connectionId: string; seat: Seat | null; event: RoomEvent }
  | { op: 'drop'; connectionId: string };

export interface ForwardRequest {
  to: string;
  from: string;
  id: number;
  code: string;
  body: ForwardOp;
}
export interface ForwardReply {
  to: string;
  id: number;
  /** No answer came in time (set by the asking node itself). */
  timedOut?: boolean;
  /** The owner no longer runs the room: ask again. */
  retry?: boolean;
  result?: unknown;
}
export interface OwnerChange {
  code: string;
  owner: string;
}

/** Messages between nodes (Socket.IO inter-server events). */
export interface ClusterEvents {
  'arena:req': (message: ForwardRequest) => void;
  'arena:res': (message: ForwardReply) => void;
  'arena:owner': (message: OwnerChange) => void;
}

export interface ClusterOptions {
  io: ArenaServer;
  registry: RoomRegistry;
  store: RedisRoomStore;
  logger: Logger;
  nodeId?: string;
  /** Lease and heartbeat time to live: an owner that stops renewing loses its rooms after this. */
  leaseTtlMs?: number;
  /** How often leases are renewed, heartbeats sent and orphaned rooms looked for. */
  tickMs?: number;
  /** How long an edge waits for an owner's answer before asking again. */
  forwardTimeoutMs?: number;
}

const restarting = (): AckError => ({ code: ERROR_CODES.SERVER_RESTARTING, message: 'the game is moving to another server; try again in a moment' });
const gone = (): AckError => ({ code: ERROR_CODES.ROOM_CLOSED, message: 'this room no longer exists' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ClusterDirectory implements RoomDirectory {
  readonly nodeId: string;
  private readonly io: ArenaServer;
  private readonly registry: RoomRegistry;
  private readonly store: RedisRoomStore;
  private readonly rooms: LocalRooms;
  private readonly log: Logger;
  private readonly leaseTtlMs: number;
  private readonly tickMs: number;
  private readonly forwardTimeoutMs: number;

  /** Owner of each room this node has asked about (cleared when an owner does not answer). */
  private readonly owners = new Map<string, string>();
  private readonly pending = new Map<number, { resolve: (reply: ForwardReply) => void; timer: NodeJS.Timeout }>();
  private nextId = 1;
  /** Rooms this node owns: the node of each connection seated from elsewhere (to notice a dead node). */
  private readonly remote = new Map<string, Map<string, string>>();
  /** Rooms being taken over by this node. */
  private readonly takingOver = new Map<string, Promise<boolean>>();
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  /** When this node last renewed its leases: past the TTL without one, another node may run its rooms. */
  private renewedAt = Date.now();
  private stopped = false;

  constructor(options: ClusterOptions) {
    this.io = options.io;
    this.registry = options.registry;
    this.store = options.store;
    this.rooms = new LocalRooms(options.registry);
    this.nodeId = options.nodeId ?? randomBytes(6).toString('hex');
    this.log = options.logger.child({ node: this.nodeId });
    this.leaseTtlMs = options.leaseTtlMs ?? 5000;
    this.tickMs = options.tickMs ?? 1000;
    this.forwardTimeoutMs = options.forwardTimeoutMs ?? 3000;
  }

  /** Listen to the other nodes, beat, renew leases and adopt orphaned rooms. */
  async start(): Promise<void> {
    const io = this.io as unknown as { on(event: string, listener: (message: never) => void): void };
    io.on('arena:req', (message: ForwardRequest) => void this.onRequest(message));
    io.on('arena:res', (message: ForwardReply) => this.onReply(message));
    io.on('arena:owner', (message: OwnerChange) => void this.onOwnerChange(message));
    await this.store.heartbeat(this.nodeId, this.leaseTtlMs);
    this.timer = setInterval(() => void this.tick(), this.tickMs);
    this.log.info({ leaseTtlMs: this.leaseTtlMs }, 'cluster node started');
  }

  /**
   * A graceful stop: the rooms are already saved (suspended); give their leases back so
   * another node takes them at its next scan rather than after the TTL.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const { timer, resolve } of this.pending.values()) {
      clearTimeout(timer);
      resolve({ to: this.nodeId, id: 0, retry: true });
    }
    this.pending.clear();
    const rooms = this.registry.all();
    await Promise.all(rooms.map((room) => this.store.releaseLease(room.code, this.nodeId).catch(() => undefined)));
    this.log.info({ rooms: rooms.length }, 'leases given back');
  }

  // ─── RoomDirectory ───────────────────────────────────────────────────────────────────

  /** The creating node owns the new room (the edge is its owner): nothing is forwarded. */
  async create(config: RoomConfig, connectionId: string, options: CreateOptions = {}): Promise<CreatedRoom | { error: AckError }> {
    if (this.stopped) return { error: restarting() };
    // The code is reserved by its lease first, then by the room's first write (which fails if the code was ever used).
    let code = newRoomCode();
    for (let attempt = 0; ; attempt++) {
      if (!(await this.store.hasRoom(code)) && (await this.store.acquireLease(code, this.nodeId, this.leaseTtlMs))) break;
      if (attempt > 20) return { error: restarting() };
      code = newRoomCode();
    }
    const created = this.registry.create(config, options, { code, journal: this.store.journalFor(code, 0) });
    if ('error' in created) {
      await this.store.releaseLease(code, this.nodeId).catch(() => undefined);
      return created;
    }
    const { room, hostToken } = created;
    if (!(await room.durable())) {
      room.dispose();
      await this.store.releaseLease(code, this.nodeId).catch(() => undefined);
      return { error: restarting() };
    }
    this.owners.set(code, this.nodeId);
    return { code, hostToken, snapshot: room.attachHost(connectionId) };
  }

  async resolve(token: string): Promise<{ code: string; seat: Seat } | { error: AckError }> {
    const code = roomCodeOfToken(token);
    if (code === null) return { error: { code: ERROR_CODES.INVALID_TOKEN, message: 'malformed token' } };
    return this.route<{ code: string; seat: Seat } | { error: AckError }>(code, { op: 'resolve', token }, { error: gone() }, { error: restarting() });
  }

  async reconnect(code: string, connectionId: string, seat: Seat): Promise<boolean> {
    return this.route<boolean>(code, { op: 'reconnect', connectionId, seat }, false, false);
  }

  async exists(code: string): Promise<boolean> {
    if (this.rooms.has(code)) return true;
    return this.store.isLive(code);
  }

  join(code: string, connectionId: string, nickname: string, teamId: string | null, lang: Lang | null = null): Promise<Ack<JoinRoomResult>> {
    return this.route<Ack<JoinRoomResult>>(code, { op: 'join', connectionId, nickname, teamId, lang }, { ok: false, error: gone() }, { ok: false, error: restarting() });
  }

  peek(code: string): Promise<Ack<RoomPeek>> {
    return this.route<Ack<RoomPeek>>(code, { op: 'peek' }, { ok: false, error: gone() }, { ok: false, error: restarting() });
  }

  sync(code: string, connectionId: string, seat: Seat | null): Promise<Ack<RoomSnapshot>> {
    return this.route<Ack<RoomSnapshot>>(code, { op: 'sync', connectionId, seat }, { ok: false, error: gone() }, { ok: false, error: restarting() });
  }

  request(code: string, connectionId: string, seat: Seat | null, event: RoomEvent): Promise<Ack<unknown>> {
    return this.route<Ack<unknown>>(code, { op: 'request', connectionId, seat, event }, { ok: false, error: gone() }, { ok: false, error: restarting() });
  }

  drop(code: string, connectionId: string): void {
    void this.route<boolean>(code, { op: 'drop', connectionId }, false, false).catch(() => undefined);
  }

  // ─── Routing ─────────────────────────────────────────────────────────────────────────

  /** Run an operation on the room's owner: here, or forwarded; a room without an owner is taken over first. */
  private async route<T>(code: string, body: ForwardOp, missing: T, unavailable: T): Promise<T> {
    for (let attempt = 0; attempt < 4; attempt++) {
      if (this.rooms.has(code)) {
        const result = (await this.perform(code, this.nodeId, body)) as T;
        // The adapter delivers a broadcast, even to this node's own sockets, once it is written to the
        // Redis stream; the ack goes straight to the socket. A round trip on the same connection after
        // those writes keeps the order of one process: the frames of an event before its ack.
        if (body.op !== 'resolve' && body.op !== 'drop' && body.op !== 'peek') await this.store.client.ping().catch(() => undefined);
        return result;
      }
      let owner = this.owners.get(code) ?? null;
      if (owner === null) {
        owner = (await this.store.owners([code]))[0] ?? null;
        if (owner !== null) this.owners.set(code, owner);
      }
      if (owner === null || owner === this.nodeId) {
        if (!(await this.store.isLive(code))) return missing;
        if (await this.takeOver(code)) continue;
        await sleep(100 * (attempt + 1));
        continue;
      }
      const reply = await this.forward(owner, code, body);
      // A join that went unanswered may still have been taken: asked again it would seat the player twice.
      if (reply.timedOut && body.op === 'join') {
        this.owners.delete(code);
        return unavailable;
      }
      // An owner that is stopping refuses with server_restarting: its rooms are about to move, so ask again.
      const result = reply.result as { ok?: boolean; error?: { code?: string } } | undefined;
      const moving = result?.ok === false && result.error?.code === ERROR_CODES.SERVER_RESTARTING;
      if (!reply.retry && !moving) return reply.result as T;
      this.owners.delete(code);
      await sleep(50 * (attempt + 1));
    }
    return unavailable;
  }

  private forward(owner: string, code: string, body: ForwardOp): Promise<ForwardReply> {
    const id = this.nextId++;
    return new Promise<ForwardReply>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ to: this.nodeId, id, retry: true, timedOut: true });
      }, this.forwardTimeoutMs);
      this.pending.set(id, { resolve, timer });
      this.emit('arena:req', { to: owner, from: this.nodeId, id, code, body });
    });
  }

  private emit<E extends keyof ClusterEvents>(event: E, message: Parameters<ClusterEvents[E]>[0]): void {
    (this.io as unknown as { serverSideEmit(event: string, message: unknown): void }).serverSideEmit(event, message);
  }

  private onReply(message: ForwardReply): void {
    if (message.to !== this.nodeId) return;
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    clearTimeout(waiting.timer);
    waiting.resolve(message);
  }

  private async onRequest(message: ForwardRequest): Promise<void> {
    if (message.to !== this.nodeId) return;
    let reply: ForwardReply;
    if (!this.rooms.has(message.code)) {
      reply = { to: message.from, id: message.id, retry: true };
    } else {
      try {
        reply = { to: message.from, id: message.id, result: await this.perform(message.code, message.from, message.body) };
      } catch (err) {
        this.log.error({ err, room: message.code, op: message.body.op }, 'forwarded request failed');
        reply = { to: message.from, id: message.id, result: { ok: false, error: { code: ERROR_CODES.INTERNAL_ERROR, message: 'something went wrong on the server' } } };
      }
    }
    this.emit('arena:res', reply);
  }

  /** An operation on a room this node owns, for a connection on node `from`. */
  private async perform(code: string, from: string, body: ForwardOp): Promise<unknown> {
    const seen = (connectionId: string) => {
      if (from === this.nodeId) return;
      let connections = this.remote.get(code);
      if (!connections) this.remote.set(code, (connections = new Map()));
      connections.set(connectionId, from);
    };
    switch (body.op) {
      case 'resolve':
        return this.rooms.resolveIn(code, body.token);
      case 'reconnect':
        seen(body.connectionId);
        return this.rooms.reconnect(code, body.connectionId, body.seat);
      case 'join': {
        seen(body.connectionId);
        return this.rooms.join(code, body.connectionId, body.nickname, body.teamId, body.lang ?? null);
      }
      case 'peek': {
        return this.rooms.peek(code);
      }
      case 'sync':
        seen(body.connectionId);
        return this.rooms.sync(code, body.connectionId, body.seat);
      case 'request':
        seen(body.connectionId);
        return this.rooms.request(code, body.connectionId, body.seat, body.event);
      case 'drop':
        this.remote.get(code)?.delete(body.connectionId);
        this.rooms.drop(code, body.connectionId);
        return true;
    }
  }

  // ─── Ownership ───────────────────────────────────────────────────────────────────────

  /** Take a room without an owner: its lease, then its state from Redis. True when this node now runs it. */
  takeOver(code: string): Promise<boolean> {
    let running = this.takingOver.get(code);
    if (!running) {
      running = this.adopt(code).finally(() => this.takingOver.delete(code));
      this.takingOver.set(code, running);
    }
    return running;
  }

  private async adopt(code: string): Promise<boolean> {
    if (this.stopped) return false;
    if (this.rooms.has(code)) return true;
    // A lease still naming this node (it let the room go while Redis was out of reach) is its own to resume.
    const held = (await this.store.acquireLease(code, this.nodeId, this.leaseTtlMs)) || (await this.store.owners([code]))[0] === this.nodeId;
    if (!held) return false;
    try {
      const stored = await this.store.load(code);
      if (!stored || stored.state.phase.phase === 'ended') {
        await this.store.retire(code);
        await this.store.releaseLease(code, this.nodeId);
        return false;
      }
      const journal = this.store.journalFor(code, stored.seq, stored.questions);
      this.registry.get(code)?.dispose();
      // Who was connected stays so until the grace below: the sockets take their seats again as their
      // nodes hear of the new owner, and meanwhile a question must not close because only the first
      // few are back and have answered.
      const room = this.registry.adopt(stored.state, journal);
      this.owners.set(code, this.nodeId);
      this.remote.delete(code);
      this.log.info({ room: code, phase: stored.state.phase.phase, replayed: stored.replayed }, 'room taken over');
      this.emit('arena:owner', { code, owner: this.nodeId });
      reseatConnections(this.io, room);
      const grace = setTimeout(() => {
        if (!room.isDisposed && !room.isSuspended) room.markUnclaimedAway();
      }, this.leaseTtlMs * 2);
      grace.unref();
      return true;
    } catch (err) {
      this.log.error({ err, room: code }, 'could not take over a room');
      await this.store.releaseLease(code, this.nodeId).catch(() => undefined);
      return false;
    }
  }

  private async onOwnerChange({ code, owner }: OwnerChange): Promise<void> {
    if (owner === this.nodeId) return;
    this.owners.set(code, owner);
    const local = this.registry.get(code);
    // Two owners must never run one room: this one lost its lease without noticing yet.
    if (local) this.letGo(local, 'another node took the room');
    for (const socket of this.io.sockets.sockets.values()) {
      const { code: socketCode, seat } = socket.data;
      if (socketCode !== code || !seat) continue;
      void this.reconnect(code, socket.id, seat).then((ok) => {
        if (ok || !socket.connected) return;
        socket.data.code = null;
        socket.data.seat = null;
        socket.emit('session:ended', { reason: 'room_closed' });
        socket.disconnect(true);
      });
    }
  }

  /** Stop running a room here without telling its players anything: another node runs it, or will. */
  letGo(room: Room, why: string): void {
    this.log.warn({ room: room.code, why }, 'room let go');
    room.halt();
    room.dispose();
    this.remote.delete(room.code);
    if (this.owners.get(room.code) === this.nodeId) this.owners.delete(room.code);
  }

  /** A room's journal failed: memory is ahead of Redis. Let it go and resume it from what Redis holds. */
  onJournalLost(room: Room): void {
    this.letGo(room, 'journal write failed');
    void this.store
      .releaseLease(room.code, this.nodeId)
      .catch(() => undefined)
      .then(() => (this.stopped ? undefined : this.takeOver(room.code)));
  }

  /**
   * Leases not renewed for a whole TTL (Redis unreachable, or answering too slowly: a tick may be
   * waiting on it) may have lapsed, and another node that still reaches Redis may run these rooms
   * now: stop them here. They resume from Redis on whichever node holds the lease next.
   */
  private watchdog(): void {
    if (Date.now() - this.renewedAt <= this.leaseTtlMs) return;
    for (const room of this.registry.all()) if (!room.isDisposed) this.letGo(room, 'leases could not be renewed');
  }

  /** Once a tick: heartbeat, lease renewal, orphan scan, dead nodes' players marked away. */
  private async tick(): Promise<void> {
    this.watchdog();
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      await this.store.heartbeat(this.nodeId, this.leaseTtlMs);
      const mine = this.registry.all().filter((room) => !room.isDisposed);
      const lost = await this.store.renewLeases(
        mine.map((room) => room.code),
        this.nodeId,
        this.leaseTtlMs,
      );
      this.renewedAt = Date.now();
      for (const code of lost) {
        const room = this.registry.get(code);
        if (room) this.letGo(room, 'lease lost');
      }
      await this.dropDeadNodes();
      await this.verifyOwners();
      const live = await this.store.liveCodes();
      const orphans = live.filter((code) => !this.rooms.has(code));
      const owners = await this.store.owners(orphans);
      for (let i = 0; i < orphans.length; i++) {
        const code = orphans[i]!;
        if (owners[i] === null || owners[i] === this.nodeId) await this.takeOver(code);
        else this.owners.set(code, owners[i]!);
      }
    } catch (err) {
      // Redis unreachable: nothing can be saved meanwhile (see watchdog()).
      this.log.warn({ err: (err as Error).message }, 'cluster tick failed');
    } finally {
      this.ticking = false;
    }
  }

  /**
   * The rooms this node's sockets are in, against their leases: an owner change whose message
   * was missed (Redis was restarting when it was sent) still reseats the sockets, a tick late.
   */
  private async verifyOwners(): Promise<void> {
    const codes = new Set<string>();
    for (const socket of this.io.sockets.sockets.values()) {
      const code = socket.data.code;
      if (code !== null && !this.rooms.has(code)) codes.add(code);
    }
    if (codes.size === 0) return;
    const list = [...codes];
    const owners = await this.store.owners(list);
    list.forEach((code, i) => {
      const owner = owners[i];
      if (owner && owner !== this.nodeId && this.owners.get(code) !== owner) {
        this.log.info({ room: code, owner }, 'room found on a new owner');
        void this.onOwnerChange({ code, owner });
      }
    });
  }

  private async dropDeadNodes(): Promise<void> {
    const nodes = new Set<string>();
    for (const connections of this.remote.values()) for (const node of connections.values()) nodes.add(node);
    if (nodes.size === 0) return;
    const list = [...nodes];
    const alive = await this.store.nodesAlive(list);
    const dead = new Set(list.filter((_, i) => !alive[i]));
    if (dead.size === 0) return;
    for (const [code, connections] of this.remote) {
      for (const [connectionId, node] of connections) {
        if (!dead.has(node)) continue;
        connections.delete(connectionId);
        this.rooms.drop(code, connectionId);
      }
    }
    this.log.warn({ nodes: [...dead] }, 'nodes stopped beating; their players are away');
  }
}
