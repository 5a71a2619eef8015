/**
 * Solo practice in real Chromium: the engine grades in the browser, in both languages.
 * Problems are opened by link (?kind=&difficulty=&seed=), so the test knows each answer by
 * generating the same problem here with the same engine.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lang, type Problem, formatNumber, generateProblem, renderText } from '../../shared/engine/index.ts';
import { type StaticServer, browserTestsEnabled, buildClient, launchBrowser, openPage, serveClient } from './harness.ts';

const enabled = browserTestsEnabled();

/** The first chain-gradient problem whose misconceptions include forgetting σ′. */
function problemWithForgottenSigmaPrime(): { seed: number; problem: Problem } {
  for (let seed = 1; seed < 1000; seed++) {
    const problem = generateProblem({ kind: 'chain-gradient', difficulty: 1, seed });
    if (problem.misconceptions.some((m) => m.key === 'forgot-sigma-prime')) return { seed, problem };
  }
  throw new Error('no seed gives a forgot-sigma-prime misconception');
}

/** The prose of an engine message before its first formula: what the student reads first. */
function leadingProse(text: string): string {
  return text.split('$')[0]!.trim();
}

const LABELS: Record<Lang, { minus: string; point: string; check: string; next: string; hint: string; solution: string }> = {
  en: { minus: 'Minus', point: 'Decimal point', check: 'Check', next: 'Next problem', hint: 'Hint', solution: 'Show the solution' },
  'zh-CN': { minus: '负号', point: '小数点', check: '提交', next: '下一题', hint: '提示', solution: '查看解答' },
};

async function typeOnKeypad(page: Page, lang: Lang, text: string): Promise<void> {
  for (const char of text) {
    const name = char === '-' ? LABELS[lang].minus : char === '.' ? LABELS[lang].point : char;
    await page.getByRole('button', { name, exact: true }).click();
  }
}

describe.skipIf(!enabled)('practice in the browser', () => {
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

  for (const lang of ['en', 'zh-CN'] as const) {
    it(`grades an invalid, a wrong and a right answer (${lang})`, async () => {
      const { seed, problem } = problemWithForgottenSigmaPrime();
      const { context, page } = await openPage(browser, { lang });
      try {
        await page.goto(`${server.url}/practice?kind=chain-gradient&difficulty=1&seed=${seed}`);
        const field = page.locator('.keypad__input');
        await field.waitFor();
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);

        // Invalid: not a number. The engine's parse message appears; nothing is counted.
        await field.fill('1.2.3');
        await expect.poll(() => page.locator('.keypad__echo').textContent()).toBe(lang === 'en' ? 'That is not a number yet.' : '这还不是一个有效的数。');
        await page.getByRole('button', { name: LABELS[lang].check, exact: true }).click();
        const verdict = page.locator('.verdict-region');
        await expect.poll(() => verdict.locator('.verdict--invalid').count()).toBe(1);
        expect(await verdict.textContent()).toContain(renderText({ key: 'invalid.number' }, lang));
        expect(await verdict.getAttribute('aria-live')).toBe('polite');
        expect(await page.getByTestId('streak').textContent()).toBe('0');

        // Wrong: the classic mistake of leaving out σ′ is named.
        const mistake = problem.misconceptions.find((m) => m.key === 'forgot-sigma-prime')!;
        await field.fill('');
        await typeOnKeypad(page, lang, formatNumber(mistake.value as number, 3));
        await expect.poll(() => page.locator('.keypad__echo').textContent()).toContain(formatNumber(mistake.value as number, 3).replace('-', '−'));
        await field.press('Enter');
        await expect.poll(() => verdict.locator('.verdict--wrong').count()).toBe(1);
        expect(await verdict.locator('.verdict__message').textContent()).toContain(leadingProse(renderText(mistake.message, lang)));

        // Right, on a second try (typed on the physical keyboard this time).
        const answerLine = problem.solution.find((line) => line.key === problem.asks)!;
        await field.fill(answerLine.display);
        await page.getByRole('button', { name: LABELS[lang].check, exact: true }).click();
        await expect.poll(() => verdict.locator('.verdict--correct').count()).toBe(1);
        expect(await verdict.textContent()).toContain(lang === 'en' ? 'Correct' : '正确');
        // The first graded answer was wrong, so the streak stays at 0 and accuracy reads 0 of 1.
        expect(await page.getByTestId('streak').textContent()).toBe('0');
        await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(LABELS[lang].next);
      } finally {
        await context.close();
      }
    });
  }

  it('takes on-screen and physical keys alike, and echoes the number it read', async () => {
    const { context, page } = await openPage(browser, { lang: 'en' });
    try {
      await page.goto(`${server.url}/practice?kind=chain-gradient&difficulty=1&seed=1`);
      const field = page.locator('.keypad__input');
      const echo = page.locator('.keypad__echo');
      await field.waitFor();
      expect(await field.getAttribute('inputmode')).toBe('decimal');

      await typeOnKeypad(page, 'en', '-2.7');
      await page.getByRole('button', { name: /^×10ⁿ/ }).click();
      await typeOnKeypad(page, 'en', '-2');
      expect(await field.inputValue()).toBe('-2.7×10^-2');
      expect(await echo.textContent()).toBe('You entered −2.7 × 10⁻² (= −0.027)');

      // Delete takes ×10^ back as one key.
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      expect(await field.inputValue()).toBe('-2.7');

      // A physical key pressed while an on-screen key has focus still lands in the field.
      await page.getByRole('button', { name: '5', exact: true }).focus();
      await page.keyboard.type('e-3');
      expect(await field.inputValue()).toBe('-2.7e-3');
      expect(await echo.textContent()).toBe('You entered −2.7 × 10⁻³ (= −0.0027)');
      await field.fill('-0,027');
      expect(await echo.textContent()).toBe('You entered −0.027');
    } finally {
      await context.close();
    }
  });

  it('counts a right first answer, and remembers progress and language on the device', async () => {
    const spec = { kind: 'update', difficulty: 1, seed: 3 } as const;
    const problem = generateProblem(spec);
    const { context, page } = await openPage(browser, { lang: 'en' });
    try {
      await page.goto(`${server.url}/practice?kind=${spec.kind}&difficulty=1&seed=${spec.seed}`);
      await page.locator('.keypad__input').fill(problem.solution.at(-1)!.display);
      await page.locator('.keypad__input').press('Enter');
      await expect.poll(() => page.locator('.verdict--correct').count()).toBe(1);
      expect(await page.getByTestId('streak').textContent()).toBe('1');

      await page.getByRole('button', { name: '中文', exact: true }).click();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await page.reload();
      await page.locator('.practice__title').waitFor();
      expect(await page.locator('.practice__title').textContent()).toBe('练习');
      expect(await page.getByTestId('streak').textContent()).toBe('1');
      // The address still names the same problem, so the reload shows it again.
      expect(new URL(page.url()).searchParams.get('seed')).toBe(String(spec.seed));
    } finally {
      await context.close();
    }
  });

  it('walks a chain-steps problem step by step, carrying an error forward', async () => {
    const spec = { kind: 'chain-steps', difficulty: 1, seed: 7 } as const;
    const problem = generateProblem(spec);
    const steps = problem.steps!;
    const { context, page } = await openPage(browser, { lang: 'en' });
    try {
      await page.goto(`${server.url}/practice?kind=chain-steps&difficulty=1&seed=${spec.seed}`);
      const field = page.locator('.keypad__input');
      await field.waitFor();
      expect(await page.locator('.problem__step').count()).toBe(steps.length);

      // Step 1 wrong (four times too big), then every later step computed from that wrong value.
      const wrongFirst = 4 * steps[0]!.answer;
      const own: number[] = [wrongFirst];
      await field.fill(formatNumber(wrongFirst, 3));
      await field.press('Enter');
      await expect.poll(() => page.locator('.verdict--wrong').count()).toBe(1);
      expect(await page.locator('.verdict__status').textContent()).toContain('Step 1');
      expect(await page.locator('.problem__step--current .problem__step-number').textContent()).toBe('Step 2');

      // Step 2 (σ′) does not depend on step 1: answer it right.
      await field.fill(steps[1]!.solution.at(-1)!.display);
      await field.press('Enter');
      await expect.poll(() => page.locator('.verdict--correct').count()).toBe(1);
      own.push(Number(steps[1]!.solution.at(-1)!.display));

      // Step 3 (dz/dw = x) right as well.
      await field.fill(steps[2]!.solution.at(-1)!.display);
      await field.press('Enter');
      await expect.poll(() => page.locator('.problem__step--current .problem__step-number').textContent()).toBe('Step 4');
      own.push(Number(steps[2]!.solution.at(-1)!.display));

      // Step 4: the product of the student's own factors is consistent, though not the true value.
      const carried = own[0]! * own[1]! * own[2]!;
      await field.fill(formatNumber(carried, 3));
      await field.press('Enter');
      await expect.poll(() => page.locator('.verdict__message').textContent()).toContain('Consistent with your earlier steps');

      await field.fill(steps[4]!.solution.at(-1)!.display);
      await field.press('Enter');
      await expect.poll(() => page.locator('.practice__summary').textContent()).toContain(`of ${steps.length} steps right`);
      expect(await page.locator('.problem__step-result').count()).toBe(steps.length);
    } finally {
      await context.close();
    }
  });

  it('gives hints that never show the answer, then the full worked solution', async () => {
    const { seed, problem } = problemWithForgottenSigmaPrime();
    const { context, page } = await openPage(browser, { lang: 'en' });
    try {
      await page.goto(`${server.url}/practice?kind=chain-gradient&difficulty=1&seed=${seed}`);
      await page.locator('.keypad__input').waitFor();
      const lines = problem.solution.length;
      for (let i = 0; i < lines; i++) {
        await page.getByRole('button', { name: i === 0 ? 'Hint' : 'Next hint', exact: true }).click();
        await expect.poll(() => page.locator('.practice__hint .solution__step').count()).toBe(i + 1);
      }
      // All hints used: the last line shows the formula and a question mark, not the value.
      expect(await page.getByRole('button', { name: 'Next hint', exact: true }).count()).toBe(0);
      const last = await page.locator('.practice__hint .solution__step').last().textContent();
      expect(last).toContain('?');
      expect(last).not.toContain(problem.solution.at(-1)!.display.replace('-', '−'));

      await page.getByRole('button', { name: 'Show the solution', exact: true }).click();
      await expect.poll(() => page.locator('.practice__solution .solution__step').count()).toBe(lines);
      await expect.poll(() => page.locator('.practice__solution .math--plain').count(), { timeout: 15_000 }).toBe(0);
      expect(await page.locator('.practice__solution .katex').count()).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });

  it('opens practice again without a network once it has been loaded', async () => {
    const { context, page } = await openPage(browser, { lang: 'en' });
    try {
      await page.goto(`${server.url}/practice`);
      await page.locator('.keypad__input').waitFor();
      // The worker installs after load and stores the app shell and every asset.
      await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller) {
          await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
        }
        return registration.active?.state;
      });
      await context.setOffline(true);
      await page.reload();
      await page.locator('.keypad__input').waitFor();
      await page.locator('.keypad__input').fill('abc');
      await page.locator('.keypad__input').press('Enter');
      await expect.poll(() => page.locator('.verdict--invalid').count()).toBe(1);
      // KaTeX was stored too, so offline math is still typeset.
      await expect.poll(() => page.locator('.math--plain').count(), { timeout: 15_000 }).toBe(0);
    } finally {
      await context.setOffline(false);
      await context.close();
    }
  });
});
