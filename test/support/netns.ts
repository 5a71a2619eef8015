/**
 * A network namespace joined to this machine by a veth pair with private addresses: a stand-in
 * for a phone on the classroom Wi-Fi. Traffic between the two ends never leaves the machine, and
 * the test that makes the namespace removes it. Needs root and iproute2 (`ip`), as CI has.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface NetNamespace {
  name: string;
  /** This machine's end of the pair, on the interface `hostInterface`. */
  hostAddress: string;
  hostInterface: string;
  /** The namespace's own address. */
  nsAddress: string;
  /** An executable that runs Chromium inside the namespace (for playwright's executablePath). */
  chromium(executable: string): string;
  /** Runs a command inside the namespace; returns its output. */
  exec(command: string, args: string[]): string;
  remove(): void;
}

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Why a namespace cannot be made here, or null when it can. */
export function netnsUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'not root';
  try {
    ip('netns', 'list');
    return null;
  } catch (err) {
    return `ip netns does not work: ${(err as Error).message.split('\n')[0]}`;
  }
}

/** Under CI a missing namespace is a failure: the test it serves must not pass by being skipped. */
export function netnsRequired(): boolean {
  const ci = process.env.CI;
  return Boolean(ci && ci !== 'false' && ci !== '0');
}

/** Slots whose veth name or subnet some interface already has (another run's, live or left behind). */
function takenSlots(): Set<number> {
  const taken = new Set<number>();
  for (const match of ip('-o', 'link', 'show').matchAll(/\bba-lan(\d+)\b/g)) taken.add(Number(match[1]));
  for (const match of ip('-o', '-4', 'addr', 'show').matchAll(/\binet 10\.231\.(\d+)\./g)) taken.add(Number(match[1]));
  return taken;
}

export function createNetNamespace(): NetNamespace {
  // The namespace is named after this process: one left by a dead process with the same pid is stale.
  const name = `arena-test-${process.pid}`;
  try {
    ip('netns', 'del', name);
  } catch {
    // none left
  }
  ip('netns', 'add', name);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'arena-netns-'));
  let hostInterface = '';
  const cleanup = () => {
    process.off('exit', cleanup);
    try {
      // Its end of the veth pair goes with it, and so does this machine's end.
      ip('netns', 'del', name);
    } catch {
      // already gone
    }
    try {
      if (hostInterface) ip('link', 'del', hostInterface);
    } catch {
      // already gone with its peer
    }
    rmSync(scratch, { recursive: true, force: true });
  };
  // A test run that dies between here and its afterAll still removes what it made.
  process.on('exit', cleanup);
  try {
    // A slot per run (names of at most 15 characters): `ip link add` refuses a name that exists, so two
    // runs starting at once cannot take the same one; the search starts from the pid to meet few taken ones.
    const first = process.pid % 200;
    const taken = takenSlots();
    let slot: number | null = null;
    for (let i = 0; i < 200 && slot === null; i++) {
      const n = 20 + ((first + i) % 200);
      if (taken.has(n)) continue;
      try {
        ip('link', 'add', `ba-lan${n}`, 'type', 'veth', 'peer', 'name', `ba-ph${n}`, 'netns', name);
        slot = n;
      } catch (err) {
        if (!/exists/i.test(String((err as { stderr?: unknown }).stderr ?? err))) throw err;
      }
    }
    if (slot === null) throw new Error('no free slot for a test network (ba-lan20 to ba-lan219 all taken)');
    hostInterface = `ba-lan${slot}`;
  } catch (err) {
    cleanup();
    throw err;
  }
  const n = Number(hostInterface.slice('ba-lan'.length));
  const nsInterface = `ba-ph${n}`;
  const hostAddress = `10.231.${n}.1`;
  const nsAddress = `10.231.${n}.2`;
  try {
    ip('addr', 'add', `${hostAddress}/24`, 'dev', hostInterface);
    ip('link', 'set', hostInterface, 'up');
    ip('netns', 'exec', name, 'ip', 'addr', 'add', `${nsAddress}/24`, 'dev', nsInterface);
    ip('netns', 'exec', name, 'ip', 'link', 'set', nsInterface, 'up');
    ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
  } catch (err) {
    cleanup();
    throw err;
  }
  return {
    name,
    hostAddress,
    hostInterface,
    nsAddress,
    chromium(executable) {
      const file = path.join(scratch, 'chromium-in-namespace.sh');
      writeFileSync(file, `#!/bin/sh\nexec ip netns exec ${name} ${executable} "$@"\n`);
      chmodSync(file, 0o755);
      return file;
    },
    exec(command, args) {
      return execFileSync('ip', ['netns', 'exec', name, command, ...args], { encoding: 'utf8' });
    },
    remove: cleanup,
  };
}
