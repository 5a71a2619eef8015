/**
 * Every screen of the client without the game server, in both languages, on a 360×740 phone
 * and a 1920×1080 projector: axe-core finds no serious or critical violation, nothing sticks
 * out sideways on the phone, and a screenshot of each lands in test-results/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lang, formatNumber, generateProblem } from '../../shared/engine/index.ts';
import {
  browserTestsEnabled,
  buildClient,
  checkScreen as check,
  launchBrowser,
  openPage,
  serveClient,
  type StaticServer,
  type ViewportName,
  waitForMath,
} from './harness.ts';

const enabled = browserTestsEnabled();
const LANGS: readonly Lang[] = ['zh-CN', 'en'];
const VIEWPORTS: readonly ViewportName[] = ['phone', 'projector'];

/** A one-layer chain-gradient problem: the diagram, the setup and the keypad all show. */
const GRADIENT = { kind: 'chain-gradient', difficulty: 1, seed: 1 } as const;
const STEPS = { kind: 'chain-steps', difficulty: 3, seed: 5 } as const;
const CHOICE = { kind: 'direction', difficulty: 3, seed: 2 } as const;

function practiceUrl(base: string, spec: { kind: string; difficulty: number; seed: number }): string {
  return `${base}/practice?kind=${spec.kind}&difficulty=${spec.difficulty}&seed=${spec.seed}`;
}

describe.skipIf(!enabled)('screens', () => {
  let browser: Browser;
  let server: StaticServer;

  beforeAll(async () => {
    await buildClient();
    server = await serveClient();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const lang of LANGS) {
    for (const viewport of VIEWPORTS) {
      const tag = `${lang}-${viewport}`;

      it(`home (${tag})`, async () => {
        const { context, page } = await openPage(browser, { lang, viewport });
        try {
          await page.goto(`${server.url}/join/k7q x3m`);
          await page.locator('h1').waitFor();
          expect(await page.locator('input[name="code"]').inputValue()).toBe('K7QX3M');
          await page.evaluate(() => document.fonts.ready.then(() => undefined));
          await check(page, `home-${tag}`, viewport);

          // Joining without a nickname: the error is tied to the field and announced with it.
          await page.locator('button[type="submit"]').click();
          await expect.poll(() => page.locator('input[name="nickname"]').getAttribute('aria-invalid')).toBe('true');
          expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('nickname');
          await check(page, `home-errors-${tag}`, viewport);

          await page.locator('input[name="nickname"]').fill('小明');
          await page.locator('button[type="submit"]').click();
          await expect.poll(() => new URL(page.url()).pathname).toBe('/play/K7QX3M');
          expect(new URL(page.url()).searchParams.get('name')).toBe('小明');
        } finally {
          await context.close();
        }
      });

      it(`practice (${tag})`, async () => {
        const problem = generateProblem(GRADIENT);
        const mistake = problem.misconceptions.find((m) => m.key === 'forgot-sigma-prime')!;
        const { context, page } = await openPage(browser, { lang, viewport });
        try {
          await page.goto(practiceUrl(server.url, GRADIENT));
          await page.locator('.keypad__input').waitFor();
          await waitForMath(page);
          await check(page, `practice-${tag}`, viewport);

          await page.locator('.keypad__input').fill(formatNumber(mistake.value as number, 3));
          await page.locator('.keypad__input').press('Enter');
          await page.locator('.verdict--wrong').waitFor();
          await waitForMath(page);
          await check(page, `practice-wrong-${tag}`, viewport);

          await page.locator('.practice__actions .button').first().click(); // the first hint
          await page.locator('.practice__actions .button').first().click(); // the second hint
          await page.locator('.practice__settings summary').click();
          await waitForMath(page);
          await check(page, `practice-hint-${tag}`, viewport);

          await page.locator('.practice__actions .button').nth(1).click(); // show the solution
          await page.locator('.practice__solution').waitFor();
          await waitForMath(page);
          await check(page, `practice-solution-${tag}`, viewport);
        } finally {
          await context.close();
        }
      });

      it(`practice, chain steps and multiple choice (${tag})`, async () => {
        const steps = generateProblem(STEPS).steps!;
        const { context, page } = await openPage(browser, { lang, viewport });
        try {
          await page.goto(practiceUrl(server.url, STEPS));
          await page.locator('.keypad__input').waitFor();
          for (const step of steps.slice(0, 3)) {
            await page.locator('.keypad__input').fill(step.solution.at(-1)!.display);
            await page.locator('.keypad__input').press('Enter');
          }
          await expect.poll(() => page.locator('.problem__step-result').count()).toBe(3);
          await waitForMath(page);
          await check(page, `practice-steps-${tag}`, viewport);

          await page.goto(practiceUrl(server.url, CHOICE));
          await page.locator('.problem__choices').waitFor();
          await page.locator('.problem__choice').first().click();
          await waitForMath(page);
          await check(page, `practice-choice-${tag}`, viewport);
        } finally {
          await context.close();
        }
      });
    }
  }

  for (const lang of LANGS) {
    it(`the dark colour scheme keeps its contrast (${lang}, phone)`, async () => {
      const problem = generateProblem(GRADIENT);
      const { context, page } = await openPage(browser, { lang, colorScheme: 'dark' });
      try {
        await page.goto(`${server.url}/`);
        await page.locator('h1').waitFor();
        await check(page, `home-dark-${lang}-phone`, 'phone');
        await page.goto(practiceUrl(server.url, GRADIENT));
        await page.locator('.keypad__input').fill(problem.solution.at(-1)!.display);
        await page.locator('.keypad__input').press('Enter');
        await page.locator('.verdict--correct').waitFor();
        await page.getByRole('button', { name: lang === 'en' ? 'Show the solution' : '查看解答', exact: true }).click();
        await waitForMath(page);
        await check(page, `practice-dark-${lang}-phone`, 'phone');
      } finally {
        await context.close();
      }
    });
  }

  it('the not-found page (en, phone)', async () => {
    const { context, page } = await openPage(browser, { lang: 'en' });
    try {
      await page.goto(`${server.url}/no/such/page`);
      await page.locator('h1').waitFor();
      expect(await page.locator('h1').textContent()).toBe('Page not found');
      await check(page, 'not-found-en-phone', 'phone');
    } finally {
      await context.close();
    }
  });
});
