/** localStorage, or null where the browser refuses it (some private modes, sandboxed frames). */
export function deviceStorage(): Storage | null {
  try {
    const storage = window.localStorage;
    const probe = '__backprop-arena-probe__';
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}
