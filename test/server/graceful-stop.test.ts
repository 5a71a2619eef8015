import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startServer } from './support.ts';

/** A WebSocket peer that completes the upgrade and then never answers anything (a frozen tab, a dead phone). */
function silentWebSocketPeer(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(
        'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n' +
          'Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    socket.once('data', (chunk) => (chunk.toString().startsWith('HTTP/1.1 101') ? resolve(socket) : reject(new Error(chunk.toString()))));
    socket.on('error', () => {});
  });
}

describe('graceful stop', () => {
  it('finishes even when a peer never answers the WebSocket close handshake', async () => {
    const server = await startServer();
    const { port } = server.httpServer.address() as net.AddressInfo;
    const peer = await silentWebSocketPeer(port);
    const keepAlive = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => keepAlive.once('connect', resolve));
    keepAlive.on('error', () => {});

    const closed = server.close().then(() => 'stopped');
    // The ws library waits 30 s for a close frame; a stop must not.
    const outcome = await Promise.race([closed, new Promise((resolve) => setTimeout(() => resolve('still running'), 10_000))]);
    expect(outcome).toBe('stopped');
    // The server let go of the frozen peer's connection.
    const peerClosed = await Promise.race([
      new Promise((resolve) => (peer.closed ? resolve(true) : peer.once('close', () => resolve(true)))),
      new Promise((resolve) => setTimeout(() => resolve(false), 2000)),
    ]);
    expect(peerClosed).toBe(true);
    peer.destroy();
    keepAlive.destroy();
  }, 20_000);
});
