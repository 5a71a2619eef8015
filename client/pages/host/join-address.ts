/**
 * The join link the projector shows. A page opened on localhost would send phones to their own
 * localhost: the server then gives its network address instead (room:create's joinUrl), and this
 * asks it for all of them so the teacher can pick another network or learn that there is none.
 */
import { useEffect, useState } from 'preact/hooks';
import type { JoinAddress, JoinAddressesResult } from '../../../shared/protocol/index.ts';
import { isLoopbackHost } from '../../../shared/net/loopback-host.ts';
import type { RoomStore } from '../../room/room-connection.ts';
import { joinLinkOf } from './room-display.ts';

const CHOICE_KEY = 'backprop-arena.join-base';
const CHOICE_EVENT = 'backprop-arena:join-base';

export interface JoinLink {
  link: string;
  /** The machine's addresses when the teacher may pick one (more than one, the page on localhost, no public URL). */
  choices: JoinAddress[] | null;
  /** The base of `link` among `choices`. */
  selected: string | null;
  choose(url: string): void;
  /**
   * Why phones cannot reach a page on localhost: the machine has no network address, or the server listens
   * on a loopback address only (HOST=127.0.0.1); null when they can, or when it cannot be told.
   */
  unreachable: 'no-network' | 'local-only' | null;
}

function savedChoice(): string | null {
  try {
    return sessionStorage.getItem(CHOICE_KEY);
  } catch {
    return null;
  }
}

export function useJoinLink(store: RoomStore): JoinLink {
  const given = joinLinkOf(store);
  const local = typeof location !== 'undefined' && isLoopbackHost(location.hostname);
  const [result, setResult] = useState<JoinAddressesResult | null>(null);
  const [choice, setChoice] = useState<string | null>(savedChoice);

  useEffect(() => {
    if (!local) return;
    let live = true;
    fetch('/api/join-addresses', { cache: 'no-store' })
      .then((response) => (response.ok ? (response.json() as Promise<{ ok: true; data: JoinAddressesResult }>) : null))
      .then((body) => live && body && setResult(body.data))
      .catch(() => undefined); // the link the server gave stays
    const follow = () => setChoice(savedChoice());
    window.addEventListener(CHOICE_EVENT, follow);
    return () => {
      live = false;
      window.removeEventListener(CHOICE_EVENT, follow);
    };
  }, [local]);

  const choose = (url: string) => {
    try {
      sessionStorage.setItem(CHOICE_KEY, url);
    } catch {
      // Kept for this screen only.
    }
    setChoice(url);
    window.dispatchEvent(new Event(CHOICE_EVENT));
  };

  if (!local || !result || result.publicUrl) return { link: given, choices: null, selected: null, choose, unreachable: null };
  const addresses = result.addresses;
  if (result.localOnly) return { link: given, choices: null, selected: null, choose, unreachable: 'local-only' };
  if (addresses.length === 0) return { link: given, choices: null, selected: null, choose, unreachable: 'no-network' };
  const picked = addresses.find((a) => a.url === choice) ?? addresses.find((a) => given.startsWith(`${a.url}/`)) ?? addresses[0]!;
  return { link: `${picked.url}/join/${store.code}`, choices: addresses.length > 1 ? addresses : null, selected: picked.url, choose, unreachable: null };
}
