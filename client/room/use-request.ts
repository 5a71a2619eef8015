import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type ClientError, type Result, type RoomStore, pageConnection } from './room-connection.ts';

/**
 * A button's request: whether one is on its way (to disable the button) and the last error.
 * An error that only said the connection was down ("Not connected", no answer in time) goes
 * when the connection is back (the store's, or else the page's): it is no longer true.
 */
export function useRequest(store?: RoomStore) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const inFlight = useRef(false);
  const online = (store ? store.status.value : pageConnection.value) === 'online';
  useEffect(() => {
    if (online) setError((current) => (current && (current.code === 'offline' || current.code === 'timeout') ? null : current));
  }, [online]);
  const run = useCallback(async <T,>(action: () => Promise<Result<T>>): Promise<Result<T> | null> => {
    // A second tap while the first is on its way is dropped rather than sent twice.
    if (inFlight.current) return null;
    inFlight.current = true;
    setPending(true);
    setError(null);
    try {
      const result = await action();
      if (!result.ok) setError(result.error);
      return result;
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  }, []);
  return { run, pending, error, setError };
}
