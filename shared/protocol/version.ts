/**
 * The protocol version on its own, for the phone's connection code: importing it from
 * constants.ts would put the constants only the host's set-up uses (modes, limits) into the
 * chunk every phone page loads, since bundlers place a module whole.
 */

/** Bumped on every incompatible change of the events or payloads. */
export const PROTOCOL_VERSION = 2;
