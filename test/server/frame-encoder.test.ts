import fc from 'fast-check';
import * as parser from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { Encoder, Serialised, eventFrame } from '../../server/socket/frame-encoder.ts';

const standard = new parser.Encoder();
const ours = new Encoder();

describe('the frame encoder', () => {
  it('writes every packet the server sends exactly as socket.io-parser does', () => {
    const json = fc.jsonValue();
    const packet = fc.record({
      type: fc.constantFrom(parser.PacketType.CONNECT, parser.PacketType.DISCONNECT, parser.PacketType.EVENT, parser.PacketType.ACK, parser.PacketType.CONNECT_ERROR),
      nsp: fc.constantFrom('/', '/admin'),
      data: fc.oneof(fc.constant(undefined), fc.tuple(fc.string(), json, json).map((a) => [...a]), fc.array(json), fc.dictionary(fc.string(), json)),
      id: fc.option(fc.nat(), { nil: undefined }),
    });
    fc.assert(
      fc.property(packet, (p) => {
        expect(ours.encode(p)).toEqual(standard.encode(p));
      }),
      { numRuns: 3000 },
    );
  });

  it('splices a serialised argument in as its JSON text, and writes what JSON has no text for as null', () => {
    const view = { phase: 'reveal', questionId: 'q1', solution: [{ key: 'y', value: 0.404, display: '0.404' }], stats: null };
    const me = { playerId: 'p_1', result: { status: 'correct', points: 1433 } };
    const packet = { type: parser.PacketType.EVENT, nsp: '/', data: ['room:phase', new Serialised(view), me] };
    expect(ours.encode(packet)).toEqual(standard.encode({ ...packet, data: ['room:phase', view, me] }));
    const odd = { type: parser.PacketType.EVENT, nsp: '/', data: ['x', new Serialised(1), undefined, () => 1, 'y'] };
    expect(ours.encode(odd)).toEqual(['2["x",1,null,null,"y"]']);
    expect(JSON.parse(ours.encode(odd)[0]!.slice(1))).toEqual(JSON.parse(standard.encode({ ...odd, data: ['x', 1, undefined, () => 1, 'y'] })[0]!.slice(1)));
  });

  it('builds the WebSocket frame ws would write for the packet, with serialised arguments copied in', () => {
    const frameOf = (text: string): Buffer =>
      Buffer.concat(
        // ws's own framing of an Engine.IO message, as Socket.IO's adapter makes a broadcast's frame.
        (ws as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } }).Sender.frame(Buffer.from(`4${text}`), {
          readOnly: false,
          mask: false,
          rsv1: false,
          opcode: 1,
          fin: true,
        }),
      );
    // Long texts reach the 16- and 64-bit length forms (126 and 65,536 bytes).
    const json = fc.oneof(fc.jsonValue(), fc.string({ unit: 'grapheme', minLength: 100, maxLength: 300 }), fc.constant('x'.repeat(70_000)));
    fc.assert(
      fc.property(fc.string(), fc.array(fc.tuple(json, fc.boolean()), { maxLength: 3 }), (event, items) => {
        const args = items.map(([value, serialised]) => (serialised ? new Serialised(value) : value));
        const { text, frame } = eventFrame(event, args);
        const [expected] = standard.encode({ type: parser.PacketType.EVENT, nsp: '/', data: [event, ...items.map(([value]) => value)] });
        expect(text).toBe(expected);
        expect(frame.equals(frameOf(expected!))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
