/** Whether a page on this host name is only reachable from its own machine (localhost, 127.x, ::1). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '0:0:0:0:0:0:0:1' || /^127(\.\d{1,3}){3}$/.test(host);
}
