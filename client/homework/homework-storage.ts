/**
 * What this device keeps of a student's homework, per assignment: the token (to come back on this
 * device without typing anything), and the name and resume code to show again. The token is the
 * student's own secret; a resume code is meant to be written down.
 */
type SeatStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface SavedHomework {
  token: string;
  resumeCode: string;
  name: string;
}

const keyOf = (code: string) => `backprop-arena.homework.${code}`;

export function readHomework(storage: SeatStorage | null, code: string): SavedHomework | null {
  try {
    const data = JSON.parse(storage?.getItem(keyOf(code)) ?? 'null') as Partial<SavedHomework> | null;
    if (!data || typeof data.token !== 'string' || data.token === '') return null;
    return { token: data.token, resumeCode: typeof data.resumeCode === 'string' ? data.resumeCode : '', name: typeof data.name === 'string' ? data.name : '' };
  } catch {
    return null; // an unreadable entry is no entry
  }
}

export function saveHomework(storage: SeatStorage | null, code: string, saved: SavedHomework): void {
  try {
    storage?.setItem(keyOf(code), JSON.stringify(saved));
  } catch {
    // Storage full or refused: the resume code still brings the student back.
  }
}

export function forgetHomework(storage: SeatStorage | null, code: string): void {
  try {
    storage?.removeItem(keyOf(code));
  } catch {
    // nothing kept, nothing to forget
  }
}

/** A resume code as typed ("k7q2 m9pd", "K7Q2M9PD") in the shape it is shown: K7Q2-M9PD. */
export function normaliseResumeCode(typed: string): string {
  const plain = typed.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return plain.length === 8 ? `${plain.slice(0, 4)}-${plain.slice(4)}` : plain;
}
