/** Where phones join: the machine's addresses, the join link a localhost page gets, the start banner. */
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { type InterfaceMap, joinBase, networkAddresses, servedAddresses, startBanner } from '../../server/network-addresses.ts';
import { isLoopbackHost } from '../../shared/net/loopback-host.ts';
import type { JoinAddressesResult } from '../../shared/protocol/index.ts';
import { TEST_CONFIG, type TestServer, TestClient, startServer } from './support.ts';

const v4 = (address: string, internal = false) => ({ address, family: 'IPv4' as const, internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: `${address}/24` });
const v6 = (address: string) => ({ address, family: 'IPv6' as const, internal: false, netmask: 'ffff:ffff:ffff:ffff::', mac: '00:00:00:00:00:00', cidr: `${address}/64`, scopeid: 0 });

const LAPTOP: InterfaceMap = {
  lo: [v4('127.0.0.1', true)],
  docker0: [v4('172.17.0.1')],
  eth0: [v4('169.254.10.3')],
  tun0: [v4('10.8.0.2')],
  wlan0: [v4('192.168.1.23'), v6('fd00::23')],
  wwan0: [v4('100.72.5.9')],
  eth1: [v4('203.0.113.7')],
};

describe("the machine's network addresses", () => {
  it('lists every non-loopback IPv4 address, the likeliest classroom one first', () => {
    expect(networkAddresses(LAPTOP).map((a) => `${a.address} ${a.interface}`)).toEqual([
      '192.168.1.23 wlan0', // physical, private
      '100.72.5.9 wwan0', // physical, carrier-grade NAT
      '203.0.113.7 eth1', // physical, public (a campus network)
      '172.17.0.1 docker0', // virtual, private (system order among equals: docker0 before tun0)
      '10.8.0.2 tun0',
      '169.254.10.3 eth0', // link-local: no DHCP answered
    ]);
    // A campus Wi-Fi with public addresses still comes before the Docker bridge and the VPN.
    expect(networkAddresses({ docker0: [v4('172.17.0.1')], tun0: [v4('10.8.0.2')], 'vEthernet (WSL)': [v4('172.28.0.1')], en0: [v4('130.37.4.2')] })[0]).toEqual({
      address: '130.37.4.2',
      interface: 'en0',
    });
    // Among physical ones the private range wins over the order the system lists them in.
    expect(networkAddresses({ eth0: [v4('203.0.113.7')], wlan0: [v4('10.20.30.40')], eth2: [v4('169.254.1.1')] }).map((a) => a.interface)).toEqual(['wlan0', 'eth0', 'eth2']);
    expect(networkAddresses({ lo: [v4('127.0.0.1', true)] })).toEqual([]);
  });

  it('lists exactly what node:os reports for this machine', () => {
    const expected = Object.values(os.networkInterfaces())
      .flatMap((infos) => infos ?? [])
      .filter((info) => info.family === 'IPv4' && !info.internal)
      .map((info) => info.address)
      .sort();
    expect(networkAddresses().map((a) => a.address).sort()).toEqual(expected);
  });

  it('tells loopback hosts from others', () => {
    for (const host of ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['192.168.1.23', 'arena.example.edu', '10.0.0.1', 'localhost.example.com', '[fd00::1]']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('gives a localhost page the first network address on its own protocol and port; a public URL wins; other pages keep their origin', () => {
    const addresses = networkAddresses(LAPTOP);
    expect(joinBase('http://localhost:3000', null, addresses)).toBe('http://192.168.1.23:3000');
    expect(joinBase('https://127.0.0.1:8443', null, addresses)).toBe('https://192.168.1.23:8443');
    expect(joinBase('http://localhost', null, addresses)).toBe('http://192.168.1.23');
    expect(joinBase('http://localhost:3000', 'https://arena.example.edu/', addresses)).toBe('https://arena.example.edu');
    expect(joinBase('http://10.0.0.5:3000', null, addresses)).toBe('http://10.0.0.5:3000');
    expect(joinBase('http://localhost:3000', null, [])).toBe('http://localhost:3000');
  });

  it('keeps the addresses a server listening on HOST answers on', () => {
    const addresses = networkAddresses(LAPTOP);
    expect(servedAddresses(addresses, '0.0.0.0')).toEqual(addresses);
    expect(servedAddresses(addresses, '::')).toEqual(addresses);
    expect(servedAddresses(addresses, '10.8.0.2')).toEqual([{ address: '10.8.0.2', interface: 'tun0' }]);
    expect(servedAddresses(addresses, '10.9.9.9')).toEqual([]);
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]']) expect(servedAddresses(addresses, host), host).toEqual([]);
    // An IPv6 address takes no IPv4 connections; a name cannot be told without a lookup.
    expect(servedAddresses(addresses, 'fd00::23')).toEqual([]);
    expect(servedAddresses(addresses, 'arena.local')).toEqual(addresses);
  });

  it('prints where the projector opens and one line per address where students join, or what to do', () => {
    const addresses = networkAddresses(LAPTOP);
    const lines = startBanner({ port: 3000, host: '0.0.0.0', publicUrl: null, addresses });
    expect(lines).toContain('  Projector (on this computer): http://localhost:3000/host');
    expect(lines.filter((l) => l.includes('Students join at'))).toEqual(addresses.map((a) => `  Students join at http://${a.address}:3000  (${a.interface})`));
    expect(startBanner({ port: 3000, host: '0.0.0.0', publicUrl: 'https://arena.example.edu', addresses }).filter((l) => l.includes('join at'))).toEqual([
      '  Students join at https://arena.example.edu',
    ]);
    expect(startBanner({ port: 3000, host: '0.0.0.0', publicUrl: null, addresses: [] }).join('\n')).toContain('No network address found');
    const bound = startBanner({ port: 3000, host: '192.168.1.23', publicUrl: null, addresses });
    expect(bound.filter((l) => l.includes('Students join at'))).toEqual(['  Students join at http://192.168.1.23:3000  (wlan0)']);
    // Bound to one address, the server does not answer on localhost: the projector opens that address too.
    expect(bound).toContain('  Projector (on this computer): http://192.168.1.23:3000/host');
    expect(startBanner({ port: 3000, host: '::', publicUrl: null, addresses })).toContain('  Projector (on this computer): http://localhost:3000/host');
  });

  it('on a loopback HOST, says phones cannot join and lists where they would once HOST lets them in', () => {
    const addresses = networkAddresses(LAPTOP);
    const lines = startBanner({ port: 3000, host: '127.0.0.1', publicUrl: null, addresses });
    expect(lines).toContain('  Only this computer can connect (HOST=127.0.0.1): phones cannot join.');
    expect(lines.some((l) => l.includes('Students join at'))).toBe(false);
    expect(lines.filter((l) => l.startsWith('    http://'))).toEqual(addresses.map((a) => `    http://${a.address}:3000  (${a.interface})`));
    // With a certificate the port speaks https too: phones would use it.
    expect(startBanner({ port: 3000, host: '127.0.0.1', publicUrl: null, addresses, https: true }).filter((l) => l.startsWith('    '))[0]).toBe('    https://192.168.1.23:3000  (wlan0)');
    const alone = startBanner({ port: 3000, host: 'localhost', publicUrl: null, addresses: [] });
    expect(alone.join('\n')).toContain('connect this computer to the classroom Wi-Fi and start with HOST=0.0.0.0');
    expect(alone.some((l) => l.startsWith('    http://'))).toBe(false);
  });
});

/** The configuration of a server on HOST=0.0.0.0 (the default); the test server itself still binds 127.0.0.1 only. */
const EVERYWHERE = { ...TEST_CONFIG, host: '0.0.0.0' };

describe('the join link over real sockets', () => {
  let server: TestServer | null = null;
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await server?.close();
    server = null;
  });

  async function createFrom(origin: string): Promise<string> {
    const host = await TestClient.connect(server!.url, {}, { extraHeaders: { origin } });
    clients.push(host);
    return (await host.ok('room:create', { config: {} })).joinUrl;
  }

  it('sends phones to the network address when the projector page is on localhost', async () => {
    server = await startServer({ networkInterfaces: () => LAPTOP, config: EVERYWHERE });
    const port = new URL(server.url).port;
    expect(await createFrom(`http://localhost:${port}`)).toMatch(new RegExp(`^http://192\\.168\\.1\\.23:${port}/join/[A-Z0-9]{6}$`));
    expect(await createFrom(`http://127.0.0.1:${port}`)).toMatch(new RegExp(`^http://192\\.168\\.1\\.23:${port}/join/`));
    // A page opened on the network address keeps it.
    expect(await createFrom(`http://10.8.0.2:${port}`)).toMatch(new RegExp(`^http://10\\.8\\.0\\.2:${port}/join/`));
  });

  it('keeps localhost when the machine has no network address, and the public URL when one is set', async () => {
    server = await startServer({ networkInterfaces: () => ({ lo: [v4('127.0.0.1', true)] }), config: EVERYWHERE });
    expect(await createFrom('http://localhost:3000')).toMatch(/^http:\/\/localhost:3000\/join\//);
    await server.close();
    server = await startServer({ networkInterfaces: () => LAPTOP, config: { ...EVERYWHERE, publicUrl: 'https://arena.example.edu' } });
    expect(await createFrom('http://localhost:3000')).toMatch(/^https:\/\/arena\.example\.edu\/join\//);
  });

  it('answers GET /api/join-addresses with every address on the asking page’s port', async () => {
    server = await startServer({ networkInterfaces: () => LAPTOP, config: EVERYWHERE });
    const port = new URL(server.url).port;
    const response = await fetch(`${server.url}/api/join-addresses`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: true; data: JoinAddressesResult };
    expect(body.data.publicUrl).toBeNull();
    expect(body.data.localOnly).toBe(false);
    expect(body.data.addresses.map((a) => a.url)).toEqual(networkAddresses(LAPTOP).map((a) => `http://${a.address}:${port}`));
    expect(body.data.addresses[0]).toEqual({ address: '192.168.1.23', interface: 'wlan0', url: `http://192.168.1.23:${port}` });
  });

  it('on a loopback HOST hands out no network address: the link stays on localhost and the lobby is told why', async () => {
    server = await startServer({ networkInterfaces: () => LAPTOP, config: { ...TEST_CONFIG, host: '127.0.0.1' } });
    const port = new URL(server.url).port;
    expect(await createFrom(`http://localhost:${port}`)).toMatch(new RegExp(`^http://localhost:${port}/join/[A-Z0-9]{6}$`));
    const body = (await (await fetch(`${server.url}/api/join-addresses`)).json()) as { ok: true; data: JoinAddressesResult };
    expect(body.data).toEqual({ publicUrl: null, localOnly: true, addresses: [] });
  });

  it('lists the addresses to pages on this machine only (a client behind a trusted proxy is not one)', async () => {
    server = await startServer({ networkInterfaces: () => LAPTOP, config: { ...EVERYWHERE, trustProxy: 1 } });
    const outside = await fetch(`${server.url}/api/join-addresses`, { headers: { 'x-forwarded-for': '198.51.100.7' } });
    expect(outside.status).toBe(403);
    expect(await outside.json()).toEqual({ ok: false, error: { code: 'not_allowed', message: expect.stringMatching(/this machine/) } });
    const local = await fetch(`${server.url}/api/join-addresses`, { headers: { 'x-forwarded-for': '127.0.0.1' } });
    expect(local.status).toBe(200);
    await server.close();
    // Without trusted proxies the header is the client's word only: the peer (127.0.0.1) counts.
    server = await startServer({ networkInterfaces: () => LAPTOP, config: EVERYWHERE });
    expect((await fetch(`${server.url}/api/join-addresses`, { headers: { 'x-forwarded-for': '198.51.100.7' } })).status).toBe(200);
  });

  it('accepts game connections from the pages it serves on a network address, with ALLOWED_ORIGINS set', async () => {
    server = await startServer({ networkInterfaces: () => LAPTOP, config: { ...EVERYWHERE, allowedOrigins: ['https://arena.example.edu'] } });
    const port = new URL(server.url).port;
    // The page was loaded from the address the phone used: its Host and Origin agree.
    const phone = new TestClient(server.url, {}, { extraHeaders: { origin: `http://192.168.1.23:${port}`, host: `192.168.1.23:${port}` } });
    clients.push(phone);
    expect(await phone.open()).toBeNull();
    // And the projector page on localhost that created the room.
    for (const page of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      const projector = new TestClient(server.url, {}, { extraHeaders: { origin: `http://${page}`, host: page } });
      clients.push(projector);
      expect(await projector.open(), page).toBeNull();
    }
    // The same Host with another site's page is still refused (over long-polling the refusal carries its code).
    const stranger = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'http://evil.example', host: `192.168.1.23:${port}` } });
    expect(stranger.status).toBe(403);
    expect(await stranger.json()).toMatchObject({ message: 'origin_not_allowed' });
  });
});
