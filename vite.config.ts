import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { type Plugin, defineConfig, transformWithOxc } from 'vite';
import { compression } from 'vite-plugin-compression2';

const REPO = fileURLToPath(new URL('.', import.meta.url));
const SERVER = 'http://localhost:3000';
const CLIENT_ROOT = resolve(REPO, 'client');
const SERVICE_WORKER_SOURCE = join(CLIENT_ROOT, 'service-worker.ts');

/**
 * Files the service worker stores at install so practice opens offline. KaTeX ships each
 * font as woff2, woff and ttf; every browser that has service workers reads woff2, so the
 * other two are left to the network.
 */
function isPrecached(fileName: string): boolean {
  if (fileName.startsWith('.vite/') || fileName === 'sw.js') return false;
  return /\.(html|js|css|svg|woff2|webmanifest|png)$/.test(fileName);
}

function publicFiles(dir: string, prefix = ''): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) =>
    entry.isDirectory() ? publicFiles(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

/**
 * Emits /sw.js (from client/service-worker.ts) with the list of built files to precache and
 * a version derived from their hashed names, so a new build installs a new worker.
 */
function serviceWorker(): Plugin {
  return {
    name: 'backprop-arena:service-worker',
    apply: 'build',
    enforce: 'post',
    async generateBundle(_options, bundle) {
      const files = new Set(['index.html', ...Object.keys(bundle), ...publicFiles(join(CLIENT_ROOT, 'public'))]);
      const precache = [...files].filter(isPrecached).sort();
      const source = readFileSync(SERVICE_WORKER_SOURCE, 'utf8');
      const version = createHash('sha256').update(precache.join('\n')).update(source).digest('hex').slice(0, 12);
      const { code } = await transformWithOxc(source, SERVICE_WORKER_SOURCE, { lang: 'ts' });
      const injected = code
        .replace(/(["'])__PRECACHE_VERSION__\1/, JSON.stringify(version))
        .replace(/(["'])__PRECACHE_FILES__\1/, JSON.stringify(precache.map((f) => (f === 'index.html' ? '/' : `/${f}`))));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: injected });
    },
  };
}

export default defineConfig({
  root: CLIENT_ROOT,
  plugins: [
    preact(),
    serviceWorker(),
    // Brotli and gzip copies of every text file, served as they are (server/app.ts). woff2 and PNG are
    // compressed already; woff and ttf are KaTeX fallbacks no browser with a service worker fetches.
    compression({
      algorithms: ['brotliCompress', 'gzip'],
      include: /\.(html|js|css|svg|json|webmanifest)$/,
      threshold: 512,
      logLevel: 'silent',
    }),
  ],
  server: {
    proxy: {
      '/socket.io': { target: SERVER, ws: true, changeOrigin: true },
      '/api': { target: SERVER, changeOrigin: true },
      '/healthz': { target: SERVER, changeOrigin: true },
    },
  },
  build: {
    outDir: resolve(REPO, 'dist/client'),
    emptyOutDir: true,
    // Read by scripts/size.ts to find each page's first-load JavaScript.
    manifest: true,
    target: 'es2020',
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Only the modules named below: their dependencies (Preact, the shell's own) stay where they were.
          includeDependenciesRecursively: false,
          groups: [
            // What every phone screen of a game and the homework page share, as one chunk: split by which
            // pages use each piece, it came in four small chunks and cost the phone's reveal 1 kB of gzip.
            {
              name: 'phone-common',
              test: /[\\/](node_modules[\\/](socket\.io-client|socket\.io-parser|engine\.io-client|engine\.io-parser|@socket\.io)[\\/]|client[\\/]components[\\/](countdown|error-note|connection-banner|team-tag)[\\/]|client[\\/]components[\\/]standings[\\/]format-points|client[\\/]pages[\\/]play[\\/]answer-display|client[\\/]room[\\/](error-text|room-connection|use-request|seat-tokens)|shared[\\/]protocol[\\/]version)/,
            },
            // The problem on a phone (its view, the keypad, math, the verdict and the answer): one chunk rather than six.
            {
              name: 'problem-common',
              test: /[\\/](client[\\/]components[\\/](keypad|problem-view|math|status-icon|verdict-view|correct-answer)[\\/]|shared[\\/]engine[\\/](parse-answer|text|format-number)\.ts)/,
            },
          ],
        },
      },
    },
  },
});
