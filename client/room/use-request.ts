import { useCallback, useRef, useState } from 'preact/hooks';
import type { ClientError, Result } from './room-connection.ts';

/** A button's request: whether one is on its way (to disable the button) and the last error. */
export function useRequest() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const inFlight = useRef(false);
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
