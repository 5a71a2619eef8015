/**
 * Which module plays each room mode. A mode added to ROOM_MODES (shared/protocol/constants.ts) is a
 * compile error here until its module is registered, and a module is a compile error until
 * it gives everything GameModeModule asks for. The unions below are the modes' requests,
 * replies and state parts as the room machine sees them.
 */
import type { RoomMode } from '../../shared/protocol/index.ts';
import type { RoomState } from '../room/state.ts';
import { type DescentEvent, type DescentReplies, type DescentRoomPart, descentMode } from './descent/index.ts';
import type { ModeAction, RegisteredMode } from './mode.ts';
import { type QuizEvent, type QuizReplies, chainStepsMode, quizMode } from './quiz/index.ts';
import { type RelayEvent, type RelayQuestionPart, type RelayReplies, relayMode } from './relay/index.ts';

export const MODES = {
  quiz: quizMode,
  'chain-steps': chainStepsMode,
  relay: relayMode,
  descent: descentMode,
} as const satisfies Record<RoomMode, RegisteredMode>;

/** The requests players send to a mode, as room events. */
export type ModeEvent = QuizEvent | RelayEvent | DescentEvent;
export type ModeReplies = QuizReplies & RelayReplies & DescentReplies;
/** The fields modes keep in a question (QuestionState) and in the room (RoomState). */
export type ModeQuestionParts = RelayQuestionPart;
export type ModeRoomParts = DescentRoomPart;

export function modeOf(state: RoomState): RegisteredMode {
  return MODES[state.config.mode];
}

/** Requests no module takes: there must be none (a compile error naming it otherwise). */
type Unowned = Exclude<ModeEvent['type'], { [M in RoomMode]: keyof (typeof MODES)[M]['actions'] }[RoomMode]>;
export const UNOWNED_REQUESTS: [Unowned] extends [never] ? 'none' : Unowned = 'none';

/** The module that defines each request, for the refusal a room of another mode gives. */
const OWNERS = new Map<string, RegisteredMode>();
for (const mode of Object.values(MODES) as RegisteredMode[]) for (const type of Object.keys(mode.actions)) if (!OWNERS.has(type)) OWNERS.set(type, mode);

export function ownerOf(type: ModeEvent['type']): RegisteredMode {
  return OWNERS.get(type)!;
}

/** The room's action for a request, or `null` when its mode does not take it. */
export function actionOf<T extends ModeEvent['type']>(state: RoomState, type: T): ModeAction<T> | null {
  return (modeOf(state).actions[type] as ModeAction<T> | undefined) ?? null;
}
