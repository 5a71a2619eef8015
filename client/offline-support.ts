/**
 * Whether this page really works offline, so no screen promises what the browser will not do:
 * a service worker registers only in a secure context (https://, or localhost), and offline
 * use needs one controlling the page (installed, its files stored).
 */
import { useEffect, useState } from 'preact/hooks';

export type OfflineSupport = 'ready' | 'pending' | 'unavailable';

export function offlineSupport(): OfflineSupport {
  if (typeof window === 'undefined' || !window.isSecureContext || !('serviceWorker' in navigator)) return 'unavailable';
  return navigator.serviceWorker.controller ? 'ready' : 'pending';
}

export function useOfflineSupport(): OfflineSupport {
  const [support, setSupport] = useState(offlineSupport);
  useEffect(() => {
    if (support === 'unavailable') return;
    const update = () => setSupport(offlineSupport());
    navigator.serviceWorker.addEventListener('controllerchange', update);
    return () => navigator.serviceWorker.removeEventListener('controllerchange', update);
  }, [support === 'unavailable']);
  return support;
}
