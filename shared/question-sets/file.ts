/**
 * The export file (docs/question-sets.md, "The file format"): `{ format, version, set }`. A file of
 * another format, or of a version this build cannot read, is refused as a whole (`unknown_format`)
 * rather than read as if it were this one.
 */
import { SET_FILE_FORMAT, SET_FILE_VERSION, type SetContent, type SetFile } from './schema.ts';
import { type SetResult, validateSet } from './validate.ts';

export function setFile(set: SetContent): SetFile {
  return { format: SET_FILE_FORMAT, version: SET_FILE_VERSION, set };
}

/** An imported JSON file (already parsed): its set checked in full, or every issue. */
export function parseSetFile(input: unknown): SetResult {
  const file = input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : null;
  if (!file || file.format !== SET_FILE_FORMAT || file.version !== SET_FILE_VERSION) {
    const what = file && typeof file.format === 'string' ? `${file.format} version ${String(file.version)}` : 'not a question-set file';
    return {
      ok: false,
      issues: [{ item: null, field: 'format', code: 'unknown_format', message: `${what}: expected ${SET_FILE_FORMAT} version ${SET_FILE_VERSION}` }],
    };
  }
  if (file.set === undefined) return { ok: false, issues: [{ item: null, field: 'set', code: 'missing', message: 'the file holds no set' }] };
  return validateSet(file.set);
}
