/**
 * Generated nicknames (rooms with `nicknames: 'generated'`): an adjective and an animal in the
 * player's language, unique in the room. Pure: the same draw and the same names taken give the
 * same name, so a replayed journal rebuilds it. The draw is a random number the Room picks for
 * each join and re-roll and logs with the event, not the room's seed: names are public, and a
 * public value computed from the room seed would let anyone search the 2³² seeds offline and
 * work out every answer.
 */
import { type Lang, createRng } from '../../shared/engine/index.ts';
import { NAME_WORDS, type NameWords } from '../../shared/names/name-words.ts';
import { nicknameKey } from './nickname.ts';

/** Random tries before walking the combinations in order (a nearly full room finds its free names that way). */
const RANDOM_TRIES = 8;

/**
 * A free name for draw `seed`: a few random combinations, then the next free one in order from
 * the last try; when every combination is taken, the first try with the smallest free number.
 */
export function generateName(seed: number, lang: Lang, isTaken: (key: string) => boolean, words: NameWords = NAME_WORDS[lang]): string {
  const rng = createRng(seed);
  const { adjectives, animals } = words;
  const total = adjectives.length * animals.length;
  const nameAt = (i: number) => words.compose(adjectives[Math.floor(i / animals.length)]!, animals[i % animals.length]!);
  let index = 0;
  let first: string | null = null;
  for (let attempt = 0; attempt < RANDOM_TRIES; attempt++) {
    index = rng.int(0, total - 1);
    const name = nameAt(index);
    first ??= name;
    if (!isTaken(nicknameKey(name))) return name;
  }
  for (let step = 1; step < total; step++) {
    const name = nameAt((index + step) % total);
    if (!isTaken(nicknameKey(name))) return name;
  }
  for (let n = 2; ; n++) {
    const name = words.numbered(first!, n);
    if (!isTaken(nicknameKey(name))) return name;
  }
}
