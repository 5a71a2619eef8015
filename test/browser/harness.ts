/**
 * Shared pieces of the browser tests: Debian's Chromium driven by playwright-core, the
 * built client served from dist/client, pages per language and screen size, axe-core and
 * screenshots. Suites that need the live game server can reuse everything but serveClient().
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import type { Lang } from '../../shared/engine/index.ts';
import { ensureClientBuild } from '../../scripts/ensure-client-build.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const CLIENT_DIST = join(REPO, 'dist/client');
export const SCREENSHOT_DIR = join(REPO, 'test-results/screenshots');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const VIEWPORTS = {
  phone: { width: 360, height: 740 },
  projector: { width: 1920, height: 1080 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Whether browser suites run here. Without Chromium they are skipped on a developer's machine,
 * but under CI a missing browser is an error: a skipped suite must never pass for a green build.
 */
export function browserTestsEnabled(): boolean {
  if (chromiumAvailable()) return true;
  const ci = process.env.CI;
  if (ci && ci !== 'false' && ci !== '0') throw new Error(`Chromium not found at ${CHROMIUM_PATH}: CI must run the browser tests`);
  return false;
}

/** Playwright gives each launch a fresh temporary profile, removed again by close(). */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** Builds the client once if dist/client is missing or older than its sources. */
export async function buildClient(): Promise<void> {
  await ensureClientBuild({ quiet: true });
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.png': 'image/png',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** dist/client over HTTP on 127.0.0.1 and a free port, with the SPA fallback the game server has. */
export async function serveClient(root = CLIENT_DIST): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(root, path));
    const inside = file.startsWith(root);
    let body: Buffer | null = null;
    let type = MIME['.html']!;
    if (inside && extname(file) && existsSync(file)) {
      body = readFileSync(file);
      type = MIME[extname(file)] ?? 'application/octet-stream';
    } else if (inside && !extname(path)) {
      body = readFileSync(join(root, 'index.html')); // a client-side route
    }
    if (!body) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const hashed = path.startsWith('/assets/');
    response
      .writeHead(200, { 'content-type': type, 'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache' })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export interface PageOptions {
  lang: Lang;
  viewport?: ViewportName;
  /** Emulate prefers-reduced-motion (on by default: screenshots and timings stay steady). */
  reducedMotion?: boolean;
  colorScheme?: 'light' | 'dark';
}

/** A page in its own context (own storage, cookies, service worker) with the browser's language set to `lang`. */
export async function openPage(browser: Browser, { lang, viewport = 'phone', reducedMotion = true, colorScheme = 'light' }: PageOptions): Promise<{
  context: BrowserContext;
  page: Page;
}> {
  const context = await browser.newContext({
    locale: lang,
    viewport: VIEWPORTS[viewport],
    deviceScaleFactor: 1,
    hasTouch: viewport === 'phone',
    isMobile: false,
    reducedMotion: reducedMotion ? 'reduce' : 'no-preference',
    colorScheme,
    extraHTTPHeaders: { 'accept-language': lang === 'zh-CN' ? 'zh-CN,zh;q=0.9' : 'en-US,en;q=0.9' },
  });
  const page = await context.newPage();
  return { context, page };
}

/** Waits until KaTeX has replaced the plain-text math, so screenshots show the real rendering. */
export async function waitForMath(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('.math--plain').length === 0, undefined, { timeout: 15_000 });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(' ')) }));
  });
}

/**
 * The whole page in test-results/screenshots/<name>.png; returns the path. Taken with a viewport
 * as tall as the page rather than a full-page capture, which in headless Chromium took from seconds
 * up to 90 s on pages with many boxes of math (this paints in well under one).
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // From the top, so sticky panels sit where a reader first sees them.
  await page.evaluate(() => window.scrollTo(0, 0));
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  if (viewport && height > viewport.height) await page.setViewportSize({ width: viewport.width, height });
  try {
    await page.screenshot({ path, animations: 'disabled' });
  } finally {
    if (viewport && height > viewport.height) await page.setViewportSize(viewport);
  }
  return path;
}

/** A screen as it is now: a screenshot first (when a check below fails, it shows what failed), then axe and, on a phone, nothing sideways. */
export async function checkScreen(page: Page, name: string, viewport: ViewportName): Promise<void> {
  await waitForMath(page);
  await screenshot(page, name);
  const violations = await seriousViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
  if (viewport === 'phone') expect(await horizontalOverflow(page), `${name} overflows sideways`).toBe(0);
}

/** Switch the page's language with its language switch, as a reader would. */
export async function setLang(page: Page, lang: Lang): Promise<void> {
  await page.locator(`.language-switch__option[lang="${lang}"]`).click();
  await page.waitForFunction((want) => document.documentElement.lang === want, lang);
}

/** The page's width overflow in CSS pixels (0 when nothing sticks out sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
