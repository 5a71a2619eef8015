/**
 * The address a limit is counted against. Behind a reverse proxy every connection comes
 * from the proxy, so with TRUST_PROXY = n the client is the address the n-th proxy (from
 * this server outwards) saw, read from X-Forwarded-For. IPv6 clients are counted by /64,
 * the block one household or phone usually gets, so rotating addresses inside it does not
 * reset a limit.
 */
import { isIP } from 'node:net';

function expandIpv6(address: string): string[] | null {
  const [head = '', tail] = address.split('::', 2) as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  if (tail === undefined) return left.length === 8 ? left : null;
  const missing = 8 - left.length - right.length;
  if (missing < 0) return null;
  return [...left, ...Array.from({ length: missing }, () => '0'), ...right];
}

/** The key limits use for an address: IPv4 as is, IPv6 by its /64 prefix. */
export function addressKey(address: string): string {
  const plain = address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').replace(/%.*$/, '');
  if (isIP(plain) !== 6) return plain || 'unknown';
  const groups = expandIpv6(plain.toLowerCase());
  if (!groups) return plain;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** The client's address as given: the socket's peer, or with trusted proxies the matching X-Forwarded-For entry. */
export function clientPeer(remote: string | undefined, forwardedFor: string | string[] | undefined, trustedHops: number): string {
  const peer = remote ?? 'unknown';
  if (trustedHops <= 0 || forwardedFor === undefined) return peer;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (chain.length === 0) return peer;
  // Each trusted proxy appended the address it saw; entries before those are the client's word only.
  const index = Math.max(0, chain.length - trustedHops);
  return chain[index]!;
}

/** The key limits count the client against (see clientPeer). */
export function clientAddress(remote: string | undefined, forwardedFor: string | string[] | undefined, trustedHops: number): string {
  return addressKey(clientPeer(remote, forwardedFor, trustedHops));
}
