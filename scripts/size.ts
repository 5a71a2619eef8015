/**
 * Prints the gzip size of every script and stylesheet in dist/client (run `npm run build`
 * first; this builds nothing) and the first-load JavaScript of each page: the entry and its
 * static imports, plus the page's own lazy chunk and its static imports. Fails when a page
 * a phone opens (every page but the host's projector screens) exceeds the phone budget.
 *
 * Sizes are gzip at the default level, in kB of 1000 bytes.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

// 55.5 kB since question sets (multiple choice with every right choice, the teacher's note, the ×2/×0
// badges, the set in the lobby) took the largest phone page from 53.3 to 55.0 kB; docs/benchmarks.md,
// "Client size", says what to win back.
export const PHONE_BUDGET_BYTES = 55_500;

interface ManifestChunk {
  file: string;
  src?: string;
  name?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface PageSize {
  /** The page's source, e.g. pages/practice/index.tsx; the shell for the entry itself. */
  page: string;
  files: string[];
  gzip: number;
  phone: boolean;
}

export interface SizeReport {
  files: { file: string; raw: number; gzip: number }[];
  fonts: { count: number; raw: number };
  pages: PageSize[];
}

const REPO = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(REPO, 'dist/client');

function gzipSize(path: string): number {
  return gzipSync(readFileSync(path)).length;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** A chunk's JavaScript and that of everything it imports statically (what the browser fetches up front). */
function staticClosure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) staticClosure(manifest, dep, seen);
  return seen;
}

/**
 * Host screens, the set editor, the teacher's assignment pages, the contest organizer's pages and the
 * contest board (a hall's big screen) are for laptops and projectors; every other page is opened on phones.
 */
function isPhonePage(src: string): boolean {
  return !/(^|\/)pages\/(host|editor|assignments|contests|contest-board)\//.test(src);
}

export function measure(dist = DIST): SizeReport {
  const manifestPath = join(dist, '.vite/manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${relative(REPO, manifestPath)} is missing: run \`npm run build\` first`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;

  const all = walk(dist).map((path) => relative(dist, path).split('\\').join('/'));
  const files = all
    .filter((file) => /\.(js|css)$/.test(file))
    .map((file) => ({ file, raw: statSync(join(dist, file)).size, gzip: gzipSize(join(dist, file)) }))
    .sort((a, b) => b.gzip - a.gzip);
  const fontFiles = all.filter((file) => /\.(woff2?|ttf)$/.test(file));
  const fonts = { count: fontFiles.length, raw: fontFiles.reduce((sum, file) => sum + statSync(join(dist, file)).size, 0) };
  const gzipOf = new Map(files.map((f) => [f.file, f.gzip]));
  const jsOf = (keys: Iterable<string>) => [...keys].map((key) => manifest[key]!.file).filter((file) => file.endsWith('.js'));
  const total = (list: string[]) => list.reduce((sum, file) => sum + (gzipOf.get(file) ?? 0), 0);

  const entryKey = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (!entryKey) throw new Error('the build manifest has no entry');
  const shell = staticClosure(manifest, entryKey);
  const shellFiles = jsOf(shell);
  const pages: PageSize[] = [{ page: `${entryKey} (shell: home, join)`, files: shellFiles, gzip: total(shellFiles), phone: true }];

  for (const [key, chunk] of Object.entries(manifest)) {
    if (!chunk.isDynamicEntry || !chunk.src || !/(^|\/)pages\//.test(chunk.src)) continue;
    const keys = new Set([...shell, ...staticClosure(manifest, key)]);
    const list = jsOf(keys);
    pages.push({ page: chunk.src, files: list, gzip: total(list), phone: isPhonePage(chunk.src) });
  }
  return { files, fonts, pages };
}

function kB(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

function main(): number {
  let report: SizeReport;
  try {
    report = measure();
  } catch (error) {
    console.error(`size: ${(error as Error).message}`);
    return 1;
  }
  const fontLabel = `${report.fonts.count} KaTeX font files (fetched with math)`;
  const width = Math.max(...report.files.map((f) => f.file.length), fontLabel.length);
  console.log(`${'file'.padEnd(width)}  ${'raw'.padStart(9)}  ${'gzip'.padStart(9)}`);
  for (const f of report.files) console.log(`${f.file.padEnd(width)}  ${kB(f.raw).padStart(9)}  ${kB(f.gzip).padStart(9)}`);
  console.log(`${fontLabel.padEnd(width)}  ${kB(report.fonts.raw).padStart(9)}`);

  console.log('\nfirst-load JavaScript per page (gzip):');
  const pageWidth = Math.max(...report.pages.map((p) => p.page.length));
  for (const p of report.pages) {
    console.log(`  ${p.page.padEnd(pageWidth)}  ${kB(p.gzip).padStart(9)}  ${p.phone ? 'phone' : 'projector'}  [${p.files.join(', ')}]`);
  }

  const phone = report.pages.filter((p) => p.phone).sort((a, b) => b.gzip - a.gzip);
  const heaviest = phone[0]!;
  const over = phone.filter((p) => p.gzip > PHONE_BUDGET_BYTES);
  console.log(`\nphone route: ${kB(heaviest.gzip)} gzip at most (${heaviest.page}); budget ${kB(PHONE_BUDGET_BYTES)}`);
  if (over.length > 0) {
    for (const p of over) console.error(`size: ${p.page} loads ${kB(p.gzip)} of JavaScript, over the ${kB(PHONE_BUDGET_BYTES)} phone budget`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main();
