/**
 * Names as the drawings write them, in the formulas' letters: italic variables with their
 * subscripts, a chain's a{n} as y, a network that branches as `graphSymbol` writes it (w₁,₂₁, x₂).
 * Shared by the computation graph and the network diagram.
 */

/** A piece of a name as drawn: `w` in italics with subscript `1`, or plain text such as `/d` or `′`. */
export interface NamePart {
  text: string;
  italic?: boolean;
  sub?: string;
}

export type PartsOf = (name: string) => NamePart[];

/** A variable of the vocabulary as drawn: a{n} is y, one layer drops the indices, `t` is y_true. */
export function variableParts(name: string, layers: number): NamePart[] {
  if (name === 't') return [{ text: 'y', italic: true, sub: 'true' }];
  const match = /^([a-zA-Z]+)(\d+)?('?)$/.exec(name);
  if (!match) return [{ text: name }];
  let letter = match[1]!;
  let index: string | undefined = match[2];
  if (letter === 'a' && Number(index) === layers) {
    letter = 'y';
    index = undefined;
  }
  if (layers === 1) index = undefined;
  const parts: NamePart[] = [index === undefined ? { text: letter, italic: true } : { text: letter, italic: true, sub: index }];
  if (match[3]) parts.push({ text: '′' });
  return parts;
}

/**
 * A variable of a network that branches as drawn, as `graphSymbol` writes it: `w1_21` is w₁,₂₁,
 * `x2` is x₂, `a1_2` is a₁,₂; a one-layer graph drops the layer (w₂, z, b).
 */
export function graphVariableParts(name: string, layers: number): NamePart[] {
  if (name === 't') return [{ text: 'y', italic: true, sub: 'true' }];
  const match = /^([a-zA-Z]+)(\d*)(?:_(\d+))?('?)$/.exec(name);
  if (!match) return [{ text: name }];
  const [, letter, layer, place, prime] = match;
  const sub = letter === 'x' || !layer ? layer || undefined : layers === 1 ? place : place ? `${layer},${place}` : layer;
  const parts: NamePart[] = [sub ? { text: letter!, italic: true, sub } : { text: letter!, italic: true }];
  if (prime) parts.push({ text: '′' });
  return parts;
}

/** The letter rules of a network: the chain's, or those of a network that branches. */
export function partsFor(graph: boolean, layers: number): PartsOf {
  return graph ? (name) => graphVariableParts(name, layers) : (name) => variableParts(name, layers);
}

/** `dL/dw1` as drawn: d L / d w₁ (with the letter rules of `parts`). */
export function ratioParts(key: string, parts: PartsOf): NamePart[] {
  const ratio = /^d(.+)\/d(.+)$/.exec(key);
  if (!ratio) return parts(key);
  return [{ text: 'd' }, ...parts(ratio[1]!), { text: '/d' }, ...parts(ratio[2]!)];
}

/** Plain text of drawn parts: `w1′`, `dy/dz`, `y_true`, `w1,21`. */
export function plainName(parts: readonly NamePart[]): string {
  return parts.map((p) => p.text + (p.sub === undefined ? '' : p.sub === 'true' ? '_true' : p.sub)).join('');
}

/** Drawn parts as SVG text spans, with the drawing's classes (`graph__var`, `diagram__sub`, …). */
export function NameParts({ parts, prefix }: { parts: readonly NamePart[]; prefix: 'graph' | 'diagram' }) {
  return (
    <>
      {parts.map((part, i) => (
        <tspan key={i}>
          {/* A prime in the serif font falls back to a slash-like glyph: it stays in the number font, a little apart. */}
          {part.text === '′' ? <tspan dx="2">{part.text}</tspan> : <tspan class={part.italic ? `${prefix}__var` : `${prefix}__sym`}>{part.text}</tspan>}
          {part.sub !== undefined && (
            <tspan class={`${prefix}__sub`} baseline-shift="sub">
              {part.sub}
            </tspan>
          )}
        </tspan>
      ))}
    </>
  );
}
