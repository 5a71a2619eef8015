/**
 * The server's Socket.IO packet encoder: the wire format of socket.io-parser's own (a packet type,
 * the namespace, the ack id, the JSON text of the data), with two savings for a room of thousands.
 *
 * - A value sent to many sockets one by one (a reveal's shared view, beside each phone's own
 *   view) is serialised once: the transport hands it over as a `Serialised`, whose JSON text is
 *   spliced into each packet. (A broadcast is encoded once by Socket.IO already.)
 * - Packets are not searched for binary attachments: the server sends JSON only. The default
 *   encoder walks every object of every frame looking for a Buffer.
 *
 * Decoding what clients send is socket.io-parser's own, unchanged.
 */
import * as parser from 'socket.io-parser';

/** A frame argument already serialised: its JSON text, and the value it is the text of. */
export class Serialised {
  constructor(
    readonly value: unknown,
    readonly json: string = JSON.stringify(value),
  ) {}
}

function dataJson(data: unknown): string {
  if (!Array.isArray(data) || !data.some((item) => item instanceof Serialised)) return JSON.stringify(data);
  let out = '[';
  for (let i = 0; i < data.length; i++) {
    const item: unknown = data[i];
    if (i > 0) out += ',';
    // As JSON.stringify writes an array: `null` for what JSON has no text for.
    out += item instanceof Serialised ? item.json : (JSON.stringify(item) ?? 'null');
  }
  return `${out}]`;
}

export class Encoder {
  encode(packet: parser.Packet): string[] {
    let text = String(packet.type);
    if (packet.nsp && packet.nsp !== '/') text += `${packet.nsp},`;
    if (packet.id !== undefined && packet.id !== null) text += packet.id;
    if (packet.data !== undefined && packet.data !== null) text += dataJson(packet.data);
    return [text];
  }
}

/** The parser module Socket.IO takes (`parser` option): this encoder, the standard decoder. */
export const frameParser = { ...parser, Encoder };
