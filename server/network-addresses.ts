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

/** 0: a private LAN address (RFC 1918), 1: carrier-grade NAT, 2: anything else, 3: link-local (no DHCP answered). */
function addressClass(address: string): number {
  const [a, b] = octets(address) as [number, number];
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 0;
  if (a === 100 && b >= 64 && b <= 127) return 1;
  if (a === 169 && b === 254) return 3;
  return 2;
}

/**
 * This machine's non-loopback IPv4 addresses, the likeliest classroom address first: private
 * LAN ranges before others, link-local last, and within each a physical interface before a
 * virtual one (a laptop's Wi-Fi before its Docker bridge); otherwise in the system's order.
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
  const rank = (a: NetworkAddress) => addressClass(a.address) * 2 + (VIRTUAL.test(a.interface) ? 1 : 0);
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

/** The lines the server prints at start, as Vite prints its Network lines: where the projector opens, where students join. */
export function startBanner(options: { port: number; host: string; publicUrl: string | null; addresses: readonly NetworkAddress[]; https?: boolean }): string[] {
  const { port, host, publicUrl } = options;
  const scheme = options.https ? 'https' : 'http';
  // Listening on one address: only that one answers.
  const addresses = host === '0.0.0.0' || host === '::' ? options.addresses : options.addresses.filter((a) => a.address === host);
  const lines = ['', '  Backprop Arena is running.', `  Projector (on this computer): http://localhost:${port}/host`];
  if (publicUrl) {
    lines.push(`  Students join at ${publicUrl.replace(/\/+$/, '')}`);
  } else if (isLoopbackHost(host)) {
    lines.push(`  Only this computer can connect (HOST=${host}): set HOST=0.0.0.0 to let phones on the network join.`);
  } else if (addresses.length === 0) {
    lines.push('  No network address found: phones cannot reach this computer. Connect it to the classroom Wi-Fi, then restart.');
  } else {
    for (const a of addresses) lines.push(`  Students join at ${scheme}://${a.address}:${port}  (${a.interface})`);
  }
  lines.push('');
  return lines;
}
