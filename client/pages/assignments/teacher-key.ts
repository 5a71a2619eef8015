import { useEffect, useState } from 'preact/hooks';
import { ensureTeacherKey } from '../../library/set-api.ts';

export type KeyState = { key: string; created: boolean } | { error: string } | null;

/** The library's teacher key of this browser, made now if it has none (assignments belong to a key, as sets do). */
export function useTeacherKey(): KeyState {
  const [state, setState] = useState<KeyState>(null);
  useEffect(() => {
    let live = true;
    void ensureTeacherKey().then((made) => {
      if (live) setState(made.ok ? { key: made.key, created: made.created } : { error: made.error.code });
    });
    return () => {
      live = false;
    };
  }, []);
  return state;
}
