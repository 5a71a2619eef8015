/**
 * Code fetched on first need (a page, a later screen, a drawing): one shared promise, and a
 * failed fetch is forgotten so the next need tries again (a phone back on the network).
 */
import { useEffect, useState } from 'preact/hooks';

export interface LazyModule<T> {
  /** The module if it has arrived. */
  readonly current: () => T | null;
  load(): Promise<T>;
}

export function lazyModule<T>(fetch: () => Promise<T>): LazyModule<T> {
  let loaded: T | null = null;
  let pending: Promise<T> | null = null;
  return {
    current: () => loaded,
    load: () =>
      (pending ??= fetch().then(
        (module) => (loaded = module),
        (error: unknown) => {
          pending = null;
          throw error;
        },
      )),
  };
}

/**
 * The module once it has arrived (re-rendering then); asks for it on mount and again whenever
 * `retryKey` changes until it has. `onError` hears of a failed fetch.
 */
export function useLazyModule<T>(lazy: LazyModule<T>, retryKey: unknown = null, onError?: () => void): T | null {
  const [module, setModule] = useState<{ value: T } | null>(() => {
    const current = lazy.current();
    return current === null ? null : { value: current };
  });
  useEffect(() => {
    if (module) return;
    let live = true;
    lazy.load().then(
      (value) => live && setModule({ value }),
      () => live && onError?.(),
    );
    return () => {
      live = false;
    };
  }, [retryKey, module]);
  return module?.value ?? null;
}
