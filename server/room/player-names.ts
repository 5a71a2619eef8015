/** A joining player's name (typed, or generated in a room with `nicknames: 'generated'`) and `name:reroll`. */
import type { Lang } from '../../shared/engine/index.ts';
import { type AckError, type ErrorCode, ERROR_CODES, NAME_REROLLS } from '../../shared/protocol/index.ts';
import { modeOf } from '../modes/registry.ts';
import { generateName } from './generated-name.ts';
import { nicknameKey, normaliseNickname, suggestNickname } from './nickname.ts';
import { type Actor, type Effect, type PlayerState, type RoomState, type TransitionResult, type Writer, done, fail, indexOfPlayers, wrongPhase } from './state.ts';

/** Rooms created before the option existed have no `nicknames`: players type their names. */
export function generatesNames(state: RoomState): boolean {
  return state.config.nicknames === 'generated';
}

/** One more generated name, in the lobby, once: the player gets a name they did not pick, but need not keep one they dislike. */
export function reroll(state: RoomState, actor: Actor, e: { nameSeed?: number }, write: Writer): TransitionResult<{ name: string }> {
  if (!generatesNames(state)) return fail(ERROR_CODES.NOT_ALLOWED, 'players in this room type their own names');
  if (state.phase.phase !== 'lobby') return wrongPhase(state, 'change names');
  const player = actor.role === 'player' ? state.players[actor.playerId] : undefined;
  if (!player) return fail(ERROR_CODES.NOT_IN_ROOM, 'only players in this room have a name to change');
  const generated = player.generated ?? { lang: state.config.lang, rerolls: 0 };
  if (generated.rerolls <= 0) return fail(ERROR_CODES.REROLL_USED, 'you already asked for another name');
  const names = indexOfPlayers(state.players).names;
  // The current name counts as taken: the new one is always different.
  const name = generateName(e.nameSeed ?? 0, generated.lang, (key) => (names.get(key) ?? 0) > 0);
  const renamed: PlayerState = { ...player, name, nameKey: nicknameKey(name), generated: { ...generated, rerolls: generated.rerolls - 1 } };
  const effects: Effect[] = [{ type: 'roster', playerIds: [player.id] }, { type: 'me', playerIds: [player.id] }];
  // A mode whose lobby lists members by name shows the new one.
  if (modeOf(state).views.lobby) effects.push({ type: 'phase' });
  return done({ state: write.player(state, renamed), effects }, { name });
}

type NameRefusal = { code: ErrorCode; message: string; extra?: Omit<AckError, 'code' | 'message'> };

/**
 * The name a joining player gets, or why not. `badTeam`: the team asked for does not exist (reported after
 * the name's own refusals where names are typed, as before generated names existed).
 */
export function nameOnJoin(
  state: RoomState,
  e: { nickname: string; nameSeed?: number; lang?: Lang | null },
  taken: (key: string) => boolean,
  badTeam: boolean,
): { name: string; generated: PlayerState['generated'] } | NameRefusal {
  if (generatesNames(state)) {
    // What was typed is ignored: the point of the option is that nobody picks their own name.
    if (badTeam) return { code: ERROR_CODES.INVALID_TEAM, message: 'no such team' };
    const lang = e.lang ?? state.config.lang;
    return { name: generateName(e.nameSeed ?? 0, lang, taken), generated: { lang, rerolls: NAME_REROLLS } };
  }
  const nickname = normaliseNickname(e.nickname);
  if (!nickname.ok) {
    const why = { empty: 'type a nickname', 'too-long': 'nicknames have at most 20 characters', 'too-complex': 'a character of this nickname is too complex' };
    return { code: ERROR_CODES.INVALID_NAME, message: why[nickname.reason] };
  }
  if (taken(nickname.key)) {
    return { code: ERROR_CODES.NAME_TAKEN, message: 'someone in this room already has that nickname', extra: { suggestion: suggestNickname(nickname.name, taken) } };
  }
  if (badTeam) return { code: ERROR_CODES.INVALID_TEAM, message: 'no such team' };
  return { name: nickname.name, generated: undefined };
}
