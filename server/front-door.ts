/**
 * HTTPS and HTTP on one port. A service worker (offline practice) registers only on a secure
 * origin, so phones on http://192.168.… get none; given a certificate, the server also speaks TLS
 * on the same port, and the address it prints works as https:// and, as before, as http://.
 * Each new connection's first byte decides: 0x16 opens a TLS handshake, anything else is plain
 * HTTP. Both end in the one HTTP server, so Express and Socket.IO see every request alike
 * (`req.socket.encrypted` tells them which it was).
 */
import type { Server as HttpServer } from 'node:http';
import { type Server as NetServer, type Socket, createServer as createNetServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { createSecureContext, createServer as createTlsServer } from 'node:tls';

const TLS_HANDSHAKE = 0x16;

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

/** The certificate and key files, read and checked at start: a bad file stops the server with its name, not the first phone's handshake. */
export function readTlsFiles(files: { certFile: string; keyFile: string }): TlsFiles {
  const read = (name: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new Error(`invalid configuration: ${name}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  };
  const tls = { cert: read('TLS_CERT', files.certFile), key: read('TLS_KEY', files.keyFile) };
  try {
    createSecureContext(tls);
  } catch (err) {
    throw new Error(`invalid configuration: TLS_CERT/TLS_KEY: not a PEM certificate and its key (${(err as Error).message.slice(0, 120)})`);
  }
  return tls;
}

export function createFrontDoor(httpServer: HttpServer, tls: TlsFiles): NetServer {
  const secure = createTlsServer({ cert: tls.cert, key: tls.key, ALPNProtocols: ['http/1.1'] }, (socket) => httpServer.emit('connection', socket));
  // A failed handshake (a phone refusing the certificate) ends that connection only.
  secure.on('tlsClientError', (_err, socket) => socket.destroy());
  return createNetServer({ pauseOnConnect: true }, (socket: Socket) => {
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null;
      if (first === null) return socket.destroy();
      socket.unshift(first);
      if (first[0] === TLS_HANDSHAKE) secure.emit('connection', socket);
      else httpServer.emit('connection', socket);
      socket.resume();
    });
    socket.on('error', () => socket.destroy());
  });
}
