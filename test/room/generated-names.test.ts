/**
 * Generated nicknames: an adjective and an animal in the player's language, unique in the room,
 * made from a draw the Room logs with the event (so a replay makes the same names), re-rolled
 * once in the lobby; refusals change nothing.
 */
import { describe, expect, it } from 'vitest';
import { LANGS } from '../../shared/engine/index.ts';
import { LIMITS, RoomConfigSchema } from '../../shared/protocol/index.ts';
import { NAME_WORDS, type NameWords } from '../../shared/names/name-words.ts';
import { generateName } from '../../server/room/generated-name.ts';
import { graphemeCount, nicknameKey } from '../../server/room/nickname.ts';
import { type LoggedEvent, type RoomEvent, type RoomState, createRoomState, transition, transitionInPlace } from '../../server/room/room-state.ts';
import { Room } from '../../server/room/room.ts';
import { selfView, viewFor } from '../../server/room/view.ts';
import { GUEST, HOST, accept, effectTypes, freshRoom, player, refuse } from './helpers.ts';
import { FakeClock, FakeTransport, T0, silentLogger } from './support.ts';

const generatedRoom = (config: Parameters<typeof freshRoom>[0] = {}) => freshRoom({ nicknames: 'generated', ...config });

function join(state: RoomState, id: string, nameSeed: number, extra: Partial<Extract<RoomEvent, { type: 'join' }>> = {}) {
  return accept(state, GUEST, { type: 'join', playerId: id, tokenHash: `token-${id}`, nickname: 'Typed Name', teamId: null, nameSeed, ...extra });
}

/** Every name a word list can make, as uniqueness keys. */
function allKeys(words: NameWords): Set<string> {
  const keys = new Set<string>();
  for (const adjective of words.adjectives) for (const animal of words.animals) keys.add(nicknameKey(words.compose(adjective, animal)));
  return keys;
}

describe('the word lists', () => {
  it('make more distinct names than a full room holds, in every language, short enough for a number suffix', () => {
    for (const lang of LANGS) {
      const words = NAME_WORDS[lang];
      expect(allKeys(words).size, lang).toBe(words.adjectives.length * words.animals.length);
      expect(allKeys(words).size, lang).toBeGreaterThanOrEqual(LIMITS.maxCapacity);
      for (const adjective of words.adjectives) {
        for (const animal of words.animals) {
          expect(graphemeCount(words.numbered(words.compose(adjective, animal), 9999)), `${lang}: ${adjective} ${animal}`).toBeLessThanOrEqual(LIMITS.nicknameGraphemes);
        }
      }
    }
  });
});

describe('generateName', () => {
  it('gives the same name for the same draw and the same names taken', () => {
    const none = () => false;
    expect(generateName(1234, 'en', none)).toBe(generateName(1234, 'en', none));
    expect(generateName(1234, 'zh-CN', none)).toBe(generateName(1234, 'zh-CN', none));
    const names = new Set(Array.from({ length: 50 }, (_, i) => generateName(i, 'en', none)));
    expect(names.size).toBeGreaterThan(40);
  });

  it('never gives a taken name, and numbers the names once every combination is taken', () => {
    const tiny: NameWords = { ...NAME_WORDS.en, adjectives: ['Brave', 'Calm'], animals: ['Panda', 'Fox'] };
    const taken = new Set<string>();
    const given: string[] = [];
    for (let i = 0; i < 7; i++) {
      const name = generateName(99, 'en', (key) => taken.has(key), tiny);
      expect(taken.has(nicknameKey(name))).toBe(false);
      taken.add(nicknameKey(name));
      given.push(name);
    }
    expect(given.slice(0, 4).sort()).toEqual(['Brave Fox', 'Brave Panda', 'Calm Fox', 'Calm Panda']);
    expect(given.slice(4)).toEqual([2, 3, 4].map((n) => `${given[0]} ${n}`));
    const tinyZh: NameWords = { ...NAME_WORDS['zh-CN'], adjectives: ['勇敢的'], animals: ['熊猫'] };
    expect(generateName(5, 'zh-CN', (key) => key === '勇敢的熊猫', tinyZh)).toBe('勇敢的熊猫2');
  });
});

describe('joining a room that generates names', () => {
  it('ignores what was typed and names the player in the phone’s language, else the room’s', () => {
    let s = generatedRoom({ lang: 'zh-CN' });
    s = join(s, 'p1', 7, { lang: 'en' }).state;
    s = join(s, 'p2', 8, { lang: 'zh-CN' }).state;
    s = join(s, 'p3', 9).state;
    const [en, zh, roomLang] = ['p1', 'p2', 'p3'].map((id) => s.players[id]!);
    expect(en!.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    expect(allKeys(NAME_WORDS.en).has(en!.nameKey)).toBe(true);
    expect(allKeys(NAME_WORDS['zh-CN']).has(zh!.nameKey)).toBe(true);
    expect(allKeys(NAME_WORDS['zh-CN']).has(roomLang!.nameKey)).toBe(true);
    expect(en!.generated).toEqual({ lang: 'en', rerolls: 1 });
    expect(roomLang!.generated).toEqual({ lang: 'zh-CN', rerolls: 1 });
    expect(Object.values(s.players).some((p) => p.name === 'Typed Name')).toBe(false);
    expect(selfView(s, 'p1')).toMatchObject({ name: en!.name, nameRerolls: 1 });
    expect(viewFor(s, { role: 'host' }, T0).room.nicknames).toBe('generated');
  });

  it('keeps names unique even when every draw is the same', () => {
    let s = generatedRoom({ capacity: 300 });
    for (let i = 0; i < 300; i++) s = join(s, `p${i}`, 42, { lang: 'en' }).state;
    expect(new Set(Object.values(s.players).map((p) => p.nameKey)).size).toBe(300);
  });

  it('names a full room of the largest capacity without a number', () => {
    let s = generatedRoom({ capacity: LIMITS.maxCapacity });
    for (let i = 0; i < LIMITS.maxCapacity; i++) {
      const { result } = transitionInPlace(s, GUEST, { type: 'join', playerId: `p${i}`, tokenHash: `t${i}`, nickname: '', teamId: null, nameSeed: i * 2_654_435_761, lang: 'en' }, T0);
      if (!result.ok) throw new Error(result.error.code);
      s = result.state;
    }
    const names = Object.values(s.players).map((p) => p.name);
    expect(new Set(names.map(nicknameKey)).size).toBe(LIMITS.maxCapacity);
    expect(names.filter((name) => /\d/.test(name))).toEqual([]);
  });

  it('leaves rooms with typed names as they were: the typed name, no draw kept', () => {
    let s = freshRoom();
    s = accept(s, GUEST, { type: 'join', playerId: 'p1', tokenHash: 't1', nickname: '  Ada ', teamId: null, nameSeed: 5, lang: 'en' }).state;
    expect(s.players.p1!.name).toBe('Ada');
    expect(s.players.p1!.generated).toBeUndefined();
    expect(selfView(s, 'p1').nameRerolls).toBe(0);
    refuse(s, GUEST, { type: 'join', playerId: 'p2', tokenHash: 't2', nickname: '', teamId: null }, 'invalid_name');
  });

  it('refuses an unknown team in a generated-names room and changes nothing', () => {
    const s = generatedRoom({ teams: { count: 2, assignment: 'self' } });
    refuse(s, GUEST, { type: 'join', playerId: 'p1', tokenHash: 't1', nickname: '', teamId: 'nope', nameSeed: 1 }, 'invalid_team');
  });
});

describe('name:reroll', () => {
  it('gives another free name once, in the same language, and tells the host’s roster and the player', () => {
    let s = generatedRoom({ lang: 'en' });
    s = join(s, 'p1', 3, { lang: 'zh-CN' }).state;
    s = join(s, 'p2', 4, { lang: 'zh-CN' }).state;
    const before = s.players.p1!.name;
    const rolled = accept(s, player('p1'), { type: 'name:reroll', nameSeed: 3 });
    const after = rolled.state.players.p1!;
    expect(after.name).not.toBe(before);
    expect(after.name).not.toBe(s.players.p2!.name);
    expect(allKeys(NAME_WORDS['zh-CN']).has(after.nameKey)).toBe(true);
    expect(rolled.reply).toEqual({ name: after.name });
    expect(after.generated).toEqual({ lang: 'zh-CN', rerolls: 0 });
    expect(effectTypes(rolled.effects)).toEqual(['roster', 'me']);
    expect(selfView(rolled.state, 'p1').nameRerolls).toBe(0);
    // The old name is free again.
    const freed = join(rolled.state, 'p3', 99, { lang: 'zh-CN' });
    const taken = new Set(Object.values(freed.state.players).map((p) => p.nameKey));
    expect(taken.size).toBe(3);

    refuse(rolled.state, player('p1'), { type: 'name:reroll', nameSeed: 11 }, 'reroll_used');
  });

  it('is refused, changing nothing, where names are typed, after the start, and from anyone without a seat', () => {
    const own = accept(freshRoom(), GUEST, { type: 'join', playerId: 'p1', tokenHash: 't1', nickname: 'Ada', teamId: null }).state;
    refuse(own, player('p1'), { type: 'name:reroll', nameSeed: 1 }, 'not_allowed');

    const lobby = join(generatedRoom(), 'p1', 1).state;
    refuse(lobby, HOST, { type: 'name:reroll', nameSeed: 1 }, 'not_in_room');
    refuse(lobby, GUEST, { type: 'name:reroll', nameSeed: 1 }, 'not_in_room');
    refuse(lobby, player('ghost'), { type: 'name:reroll', nameSeed: 1 }, 'not_in_room');

    const started = accept(lobby, HOST, { type: 'game:start' }).state;
    refuse(started, player('p1'), { type: 'name:reroll', nameSeed: 1 }, 'wrong_phase');
    expect(selfView(started, 'p1').nameRerolls).toBe(0);
  });

  it('refreshes the lobby view of a mode that lists members by name', () => {
    let s = generatedRoom({ mode: 'descent', teams: { count: 2 } });
    s = join(s, 'p1', 1).state;
    expect(effectTypes(accept(s, player('p1'), { type: 'name:reroll', nameSeed: 2 }).effects)).toEqual(['roster', 'me', 'phase']);
  });
});

describe('a replayed journal', () => {
  it('makes the same names as the live room, re-rolls included', () => {
    const logged: LoggedEvent[] = [];
    const config = RoomConfigSchema.parse({ nicknames: 'generated', lang: 'zh-CN' });
    let created: RoomState | null = null;
    const transport = new FakeTransport();
    const { room } = Room.create({
      code: 'ABCDEF',
      seed: 5,
      config,
      idleTtlMs: 3_600_000,
      clock: new FakeClock(),
      transport,
      logger: silentLogger,
      presenceIntervalMs: 0,
      endedLingerMs: 60_000,
      journal: {
        append: (entry) => void logged.push(structuredClone(entry)),
        checkpoint: (state) => void (created ??= structuredClone(state)),
      },
    });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      transport.connection(`c${i}`);
      const joined = room.join(`c${i}`, '', null, i % 2 === 0 ? 'en' : 'zh-CN');
      if (!joined.ok) throw new Error(joined.error.code);
      ids.push(joined.data.playerId);
    }
    for (const i of [0, 3, 7]) expect(room.request(`c${i}`, { type: 'name:reroll' }).ok).toBe(true);
    expect(room.request('c3', { type: 'name:reroll' })).toMatchObject({ ok: false, error: { code: 'reroll_used' } });

    // Every logged join and re-roll carries its draw; a journal without them could not make the same name.
    expect(logged.filter((e) => e.event.type === 'join' || e.event.type === 'name:reroll').every((e) => typeof (e.event as { nameSeed?: unknown }).nameSeed === 'number')).toBe(true);
    let replayed = structuredClone(created ?? createRoomState({ code: 'ABCDEF', seed: 5, config, hostTokenHash: 'h', now: T0, idleTtlMs: 1 }));
    for (const entry of logged) {
      const result = transition(replayed, entry.actor, entry.event, entry.now);
      if (!result.ok) throw new Error(`${entry.event.type}: ${result.error.code}`);
      replayed = result.state;
    }
    const names = (state: Readonly<RoomState>) => ids.map((id) => [state.players[id]!.name, state.players[id]!.generated]);
    expect(names(replayed)).toEqual(names(room.current));
    expect(new Set(ids.map((id) => room.current.players[id]!.nameKey)).size).toBe(12);
    room.dispose();
  });
});
