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

export function createNetNamespace(): NetNamespace {
  // Unique per run, short enough for interface names (15 characters at most).
  const n = (process.pid % 200) + 20;
  const name = `arena-test-${process.pid}`;
  const hostInterface = `ba-lan${n}`;
  const nsInterface = `ba-ph${n}`;
  const hostAddress = `10.231.${n}.1`;
  const nsAddress = `10.231.${n}.2`;
  const unlink = () => {
    try {
      ip('netns', 'del', name);
    } catch {
      // already gone
    }
    try {
      ip('link', 'del', hostInterface); // normally removed with its peer
    } catch {
      // already gone
    }
  };
  unlink(); // what an earlier run with this pid may have left
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'arena-netns-'));
  const cleanup = () => {
    unlink();
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    ip('netns', 'add', name);
    ip('link', 'add', hostInterface, 'type', 'veth', 'peer', 'name', nsInterface);
    ip('link', 'set', nsInterface, 'netns', name);
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
