import type { SetFile } from '../../shared/question-sets/schema.ts';

/** A file name from a set's title that every system accepts (letters of any script kept). */
export function setFileName(title: string): string {
  const base = title.normalize('NFKC').replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `${base || 'question-set'}.json`;
}

/** Saves the export file through the browser's download, as a link with `download` would. */
export function downloadSetFile(file: SetFile): void {
  const blob = new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = setFileName(file.set.title);
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download by the next task; the object URL can go then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
