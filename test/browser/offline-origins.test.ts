/**
 * Offline practice on the classroom network. A phone reaches the laptop by a network address, not
 * localhost: on https:// (the server given TLS_CERT / TLS_KEY) the service worker installs and
 * practice works offline, reload included; on plain http:// no worker can register, and the pages
 * say so instead of promising it. `arena.test` stands for the laptop's address: Chromium resolves
 * it to 127.0.0.1 (so traffic stays on loopback) and trusts the test's own certificate by its key.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProblem } from '../../shared/engine/index.ts';
import { type TestCertificate, makeCertificate } from '../support/tls-cert.ts';
import { type GameServer, startGameServer } from './game-support.ts';
import { browserTestsEnabled, buildClient, checkScreen, launchBrowser, openPage } from './harness.ts';

const enabled = browserTestsEnabled();
const SEED = 7;

/** The home page's card that leads to practice. */
function practiceCard(page: Page) {
  return page.locator('.home__option').filter({ has: page.locator('a[href="/practice"]') });
}

/** Answers the practice problem of `SEED` right and waits for the verdict. */
async function practiseRight(page: Page): Promise<void> {
  const problem = generateProblem({ kind: 'chain-gradient', difficulty: 1, seed: SEED });
  const field = page.locator('.keypad__input');
  await field.waitFor();
  await field.fill(problem.solution.find((line) => line.key === problem.asks)!.display);
  await field.press('Enter');
  await expect.poll(() => page.locator('.verdict-region .verdict--correct').count()).toBe(1);
}

describe.skipIf(!enabled)('offline practice on a network address', () => {
  let browser: Browser;
  let server: GameServer;
  let cert: TestCertificate;
  let port: string;

  beforeAll(async () => {
    await buildClient();
    cert = makeCertificate(['arena.test', 'localhost']);
    server = await startGameServer({ tls: { cert: cert.cert, key: cert.key } });
    port = new URL(server.url).port;
    browser = await launchBrowser(['--host-resolver-rules=MAP arena.test 127.0.0.1', `--ignore-certificate-errors-spki-list=${cert.spki}`]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    cert?.remove();
  });

  it('over https: the worker installs, the page says it works offline, and practice goes on offline and after a reload', async () => {
    const { context, page } = await openPage(browser, { lang: 'en' });
    try {
      await page.goto(`https://arena.test:${port}/practice?kind=chain-gradient&difficulty=1&seed=${SEED}`);
      expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
      const support = page.getByTestId('offline-support');
      await expect.poll(() => support.getAttribute('data-support'), { timeout: 20_000 }).toBe('ready');
      expect(await support.textContent()).toBe('Saved on this phone: practice keeps working without a network.');
      await page.locator('.practice__settings summary').click();
      await checkScreen(page, 'offline-practice-https-en', 'phone');

      await context.setOffline(true);
      await practiseRight(page);
      await page.reload();
      await practiseRight(page);
      expect(await page.getByTestId('offline-support').getAttribute('data-support')).toBe('ready');
      // The home page, from the worker's cache, opens offline too.
      await page.goto(`https://arena.test:${port}/`);
      await practiceCard(page).waitFor();
    } finally {
      await context.setOffline(false);
      await context.close();
    }
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`over plain http on a network address: no worker, and the page says offline practice is not available (${lang})`, async () => {
      const { context, page } = await openPage(browser, { lang });
      try {
        await page.goto(`http://arena.test:${port}/practice?kind=chain-gradient&difficulty=1&seed=${SEED}`);
        expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
        await practiseRight(page);
        const support = page.getByTestId('offline-support');
        expect(await support.getAttribute('data-support')).toBe('unavailable');
        expect(await support.textContent()).toContain('https://');
        expect(await page.evaluate(() => 'serviceWorker' in navigator && navigator.serviceWorker.controller !== null)).toBe(false);
        await page.locator('.practice__settings summary').click();
        await checkScreen(page, `offline-practice-http-${lang}`, 'phone');
        await page.goto(`http://arena.test:${port}/`);
        const home = (await practiceCard(page).textContent()) ?? '';
        expect(home).not.toContain(lang === 'en' ? 'offline' : '离线');
        await checkScreen(page, `offline-home-http-${lang}`, 'phone');
      } finally {
        await context.close();
      }
    });
  }
});
