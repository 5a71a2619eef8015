import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress } from '../../server/socket/client-address.ts';

describe('the address a limit counts', () => {
  it('is the peer without trusted proxies, whatever X-Forwarded-For claims', () => {
    expect(clientAddress('203.0.113.5', '10.9.9.9', 0)).toBe('203.0.113.5');
    expect(clientAddress('::ffff:203.0.113.5', undefined, 0)).toBe('203.0.113.5');
  });

  it('is the entry the outermost trusted proxy added, with proxies in front', () => {
    // The client may prepend anything; only the entries the trusted proxies appended count.
    expect(clientAddress('10.0.0.2', 'spoofed, 198.51.100.7', 1)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.2', '198.51.100.7, 10.0.0.1', 2)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.2', ['198.51.100.7', '10.0.0.1'], 2)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.2', '198.51.100.7', 3)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.2', '', 1)).toBe('10.0.0.2');
  });

  it('counts IPv6 clients by their /64, so rotating addresses inside it does not reset a limit', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
