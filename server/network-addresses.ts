/**
 * Where phones on the classroom network can reach this machine. A teacher who opens the
 * projector page on http://localhost:3000 would otherwise hand out a link (and a QR code) that
 * every phone resolves to itself.
 */
import { type NetworkInterfaceInfo, networkInterfaces } from 'node:os';
import { isLoopbackHost } from '../shared/net/loopback-host.ts';

export type InterfaceMap = NodeJS.Dict<NetworkInterfaceInfo[]>;

export interface NetworkAddress {
  /** An IPv4 address of this machine, not a loopback one. */
  address: string;
  /** The interface it is on (`wlan0`, `en0`, `Wi-Fi`, …). */
  interface: string;
}

/** Interfaces that carry containers, VMs and VPNs rather than the room's Wi-Fi or cable. */
const VIRTUAL = /^(docker|br-|veth|virbr|vboxnet|vmnet|vmbr|lxc|lxd|cni|flannel|cali|tun|tap|utun|wg|tailscale|zt|ham|llw|awdl|vEthernet)/i;

function octets(address: string): number[] {
  return address.split('.').map(Number);
}

/** 0: a private LAN address (RFC 1918), 1: carrier-grade NAT, 2: anything else (a campus may hand out public ones). */
function addressClass(address: string): number {
  const [a, b] = octets(address) as [number, number];
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 0;
  if (a === 100 && b >= 64 && b <= 127) return 1;
  return 2;
}

function isLinkLocal(address: string): boolean {
  return address.startsWith('169.254.');
}

/**
 * This machine's non-loopback IPv4 addresses, the likeliest classroom address first: a physical
 * interface before a virtual one (a laptop's Wi-Fi before its Docker bridge or VPN, even when the
 * Wi-Fi hands out public addresses), link-local ones (no DHCP answered) last, and within each a
 * private LAN range before carrier-grade NAT before others; otherwise in the system's order.
 */
export function networkAddresses(interfaces: InterfaceMap = networkInterfaces()): NetworkAddress[] {
  const found: NetworkAddress[] = [];
  for (const [name, infos] of Object.entries(interfaces)) {
    for (const info of infos ?? []) {
      // `family` is a number (4) on some Node 18 builds, a string elsewhere.
      const v4 = info.family === 'IPv4' || (info.family as unknown) === 4;
      if (v4 && !info.internal && !info.address.startsWith('127.')) found.push({ address: info.address, interface: name });
    }
  }
  const tier = (a: NetworkAddress) => (isLinkLocal(a.address) ? 2 : VIRTUAL.test(a.interface) ? 1 : 0);
  const rank = (a: NetworkAddress) => tier(a) * 3 + addressClass(a.address);
  return found.map((a, i) => ({ a, i })).sort((x, y) => rank(x.a) - rank(y.a) || x.i - y.i).map(({ a }) => a);
}

/**
 * Where phones join, given the origin of the page that asked: the public URL when one is set; the
 * likeliest network address on the page's own protocol and port when the page is on a loopback
 * host; else the page's own origin (it was opened on an address others can reach).
 */
export function joinBase(origin: string, publicUrl: string | null, addresses: readonly NetworkAddress[], https = false): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const url = new URL(origin);
  const first = addresses[0];
  if (!isLoopbackHost(url.hostname) || !first) return url.origin;
  // With a certificate, phones get https (a secure origin: offline practice works there).
  return `${https ? 'https:' : url.protocol}//${first.address}${url.port ? `:${url.port}` : ''}`;
}

/** Whether a server listening on `host` answers on no address but the machine's own (HOST=127.0.0.1). */
export function listensLocallyOnly(host: string): boolean {
  return isLoopbackHost(host);
}

function bareHost(host: string): string {
  return host.replace(/^\[|\]$/g, '');
}

/** Listening on every address (`::` takes IPv4 connections too). */
function listensEverywhere(host: string): boolean {
  const bare = bareHost(host);
  return bare === '0.0.0.0' || bare === '::' || bare === '';
}

/**
 * The addresses a server listening on `host` answers on: every one for the wildcards, none for a loopback
 * host or an IPv6 one, that address only for an IPv4 one. A host name is taken as answering everywhere, as
 * it cannot be told without a lookup.
 */
export function servedAddresses(addresses: readonly NetworkAddress[], host: string): NetworkAddress[] {
  const bare = bareHost(host);
  if (listensEverywhere(bare)) return [...addresses];
  if (listensLocallyOnly(bare) || bare.includes(':')) return [];
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(bare)) return addresses.filter((a) => a.address === bare);
  return [...addresses];
}

/**
 * The lines the server prints at start, as Vite prints its Network lines: where the projector opens, where
 * students join. `addresses` are all the machine's; a server on a loopback host still lists them, as the
 * addresses phones would use once HOST lets them in.
 */
export function startBanner(options: { port: number; host: string; publicUrl: string | null; addresses: readonly NetworkAddress[]; https?: boolean }): string[] {
  const { port, host, publicUrl } = options;
  // With a certificate, phones get https (the projector on localhost is a secure origin either way).
  const scheme = options.https ? 'https' : 'http';
  const served = servedAddresses(options.addresses, host);
  // localhost answers when the server listens everywhere or on loopback; bound to one address, only that one does.
  const bare = bareHost(host);
  const projectorHost = listensEverywhere(bare) || listensLocallyOnly(bare) ? 'localhost' : bare.includes(':') ? `[${bare}]` : bare;
  const lines = ['', '  Backprop Arena is running.', `  Projector (on this computer): http://${projectorHost}:${port}/host`];
  if (publicUrl) {
    lines.push(`  Students join at ${publicUrl.replace(/\/+$/, '')}`);
  } else if (listensLocallyOnly(host)) {
    lines.push(`  Only this computer can connect (HOST=${host}): phones cannot join.`);
    if (options.addresses.length === 0) {
      lines.push('  To let phones join, connect this computer to the classroom Wi-Fi and start with HOST=0.0.0.0.');
    } else {
      lines.push('  Start with HOST=0.0.0.0 to let phones join; they would then join at:');
      for (const a of options.addresses) lines.push(`    ${scheme}://${a.address}:${port}  (${a.interface})`);
    }
  } else if (served.length === 0) {
    lines.push('  No network address found: phones cannot reach this computer. Connect it to the classroom Wi-Fi, then reload the projector page.');
  } else {
    for (const a of served) lines.push(`  Students join at ${scheme}://${a.address}:${port}  (${a.interface})`);
  }
  lines.push('');
  return lines;
}
