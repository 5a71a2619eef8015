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
 * - A frame to one WebSocket can go as the WebSocket frame itself (`eventFrame`), as a
 *   broadcast does: the shared part's bytes are encoded once and copied, not re-encoded per socket.
 *
 * Decoding what clients send is socket.io-parser's own, unchanged.
 */
import * as parser from 'socket.io-parser';

/** A frame argument already serialised: its JSON text, and the value it is the text of. */
export class Serialised {
  private utf8: Buffer | undefined;
  constructor(
    readonly value: unknown,
    readonly json: string = JSON.stringify(value),
  ) {}

  /** The JSON text as UTF-8, made once. */
  get bytes(): Buffer {
    this.utf8 ??= Buffer.from(this.json);
    return this.utf8;
  }
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

/**
 * A Socket.IO event on the default namespace without an ack, as `socket.emit(event, ...args)`
 * would send it: its packet text (`2[event,...args]`) and the unmasked WebSocket text frame (FIN,
 * opcode 1) of the Engine.IO message carrying it, the bytes `ws` would write. A `Serialised`
 * argument's bytes are copied, not encoded again; any other is serialised here, once. Socket.IO's
 * adapter builds a broadcast's frame the same way (`wsPreEncodedFrame`) and engine.io writes it
 * as it is.
 */
export function eventFrame(event: string, args: readonly unknown[]): { text: string; frame: Buffer } {
  const head = `2[${JSON.stringify(event)}`;
  const parts: (string | Buffer)[] = [head];
  let text = head;
  let bodyLength = 1 + Buffer.byteLength(head); // the Engine.IO message type, `4`
  for (const arg of args) {
    const json = arg instanceof Serialised ? arg.json : (JSON.stringify(arg) ?? 'null');
    text += `,${json}`;
    const part = arg instanceof Serialised ? arg.bytes : json;
    parts.push(part);
    bodyLength += 1 + (typeof part === 'string' ? Buffer.byteLength(part) : part.length);
  }
  text += ']';
  bodyLength += 1;
  const headerLength = bodyLength < 126 ? 2 : bodyLength < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + bodyLength);
  frame[0] = 0x81;
  if (headerLength === 2) frame[1] = bodyLength;
  else if (headerLength === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(bodyLength, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(bodyLength / 2 ** 32), 2);
    frame.writeUInt32BE(bodyLength >>> 0, 6);
  }
  let at = headerLength;
  frame[at++] = 0x34; // 4
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) frame[at++] = 0x2c; // ,
    const part = parts[i]!;
    at += typeof part === 'string' ? frame.write(part, at) : part.copy(frame, at);
  }
  frame[at] = 0x5d; // ]
  return { text, frame };
}

/** The parser module Socket.IO takes (`parser` option): this encoder, the standard decoder. */
export const frameParser = { ...parser, Encoder };
