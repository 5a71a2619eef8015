/**
 * The screens a room mode adds to the common ones, for each audience (the projector, a
 * phone). Each mode's screens are a lazy module, fetched only in rooms of that mode, that
 * draws the phases its `handles` accepts and leaves the others to the common screens.
 *
 * Each audience keeps its registry (host/mode-screens.ts, play/mode-screens.ts), checked
 * against `ModeScreenRegistry` so that every room mode is accounted for. Only the types are
 * shared: a registry holds the fetch list of its screens' chunks, and a phone's code should
 * not carry the projector's.
 */
import type { ComponentType } from 'preact';
import type { RoomMode, RoomSnapshot } from '../../shared/protocol/index.ts';
import type { MessagePart } from '../i18n/index.ts';
import type { LazyModule } from '../lazy-module.ts';
import type { RoomStore } from '../room/room-connection.ts';

/** What a mode's screen module exports. */
export interface ModeScreenModule<S extends RoomSnapshot> {
  /** Which phases this mode draws itself; the others use the common screens. */
  handles(snapshot: S): boolean;
  ModeScreen: ComponentType<{ store: RoomStore; snapshot: S }>;
}

/** Modes drawn by the common screens throughout, for every audience. */
export type CommonScreenMode = 'quiz' | 'chain-steps';

/**
 * One audience's screens of every other mode: a registry is declared `satisfies` this, so a
 * mode added to the protocol fails the type check until it is either a `CommonScreenMode` or
 * has its screens here. A mode's screens come with the message part of the same name (its
 * strings), loaded with them.
 */
export type ModeScreenRegistry<S extends RoomSnapshot> = {
  [M in Exclude<RoomMode, CommonScreenMode>]: M extends MessagePart ? LazyModule<ModeScreenModule<S>> : never;
};

/** A registry as its screen looks a room's mode up (no entry: the common screens). */
export type ModeScreenLookup<S extends RoomSnapshot> = Partial<Record<RoomMode, LazyModule<ModeScreenModule<S>>>>;
