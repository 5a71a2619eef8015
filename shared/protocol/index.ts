/**
 * The wire protocol between the game server and its clients (projector, phones, bots).
 *
 * Every client→server event is a request answered through an acknowledgement `Ack<T>`.
 * Every payload is parsed at runtime with the schemas of these files (unknown keys are dropped).
 * Server→client events each carry one named part of the viewer's `RoomSnapshot`; a
 * client keeps the latest snapshot and replaces the part an event names.
 *
 * These files are shared with the browser: no Node-only imports. A phone page that needs only
 * constants or error codes imports constants.ts or errors.ts, which stay free of zod.
 * Human-readable reference: docs/protocol.md.
 */
export * from './constants.ts';
export * from './errors.ts';
export * from './room.ts';
export * from './questions.ts';
export * from './relay.ts';
export * from './descent.ts';
export * from './events.ts';
export * from './http.ts';
export * from './sets.ts';
export * from './contests.ts';
export * from './homework.ts';
