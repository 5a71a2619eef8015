/**
 * Grading shown as fair as it is, in real Chromium against the real server: a gradient-descent step
 * (w′ differs from w only in the fourth decimal or so) answered right, with the step added and with a
 * step off by 30 %. The projector's accepted range and answer bars, and the phones' range, must tell
 * right from wrong: the range never admits a value the grader rejects, every right answer reads inside
 * it and every wrong one outside, phone and projector show the same range, and the close answer is
 * told that an update is graded on its step.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../shared/engine/index.ts';
import { sendAnswer, liveGame } from './game-support.ts';
import { browserTestsEnabled, checkScreen, openPage, screenshot, setLang } from './harness.ts';

const enabled = browserTestsEnabled();

/** "Accepted: from −0.0968 to −0.0967 …" as two numbers. */
function rangeOf(text: string): [number, number] {
  const numbers = (text.replace(/−/g, '-').match(/-?\d+(\.\d+)?(e-?\d+)?/g) ?? []).map(Number);
  return [numbers[0]!, numbers[1]!];
}

describe.skipIf(!enabled)('accepted ranges at the reveal', () => {
  const live = liveGame();

  it('an update: right and wrong answers read apart, inside and outside one shared range', async () => {
    const { context, page: host } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    const phones: { name: string; lang: Lang; page: Page }[] = [];
    try {
      await host.goto(`${live.server.url}/host`);
      await host.getByRole('heading', { level: 1, name: 'Host a game' }).waitFor();
      for (const kind of ['Forward pass', 'Local derivatives', 'Chain rule']) await host.getByRole('checkbox', { name: kind, exact: true }).uncheck();
      await host.getByRole('checkbox', { name: 'Gradient-descent step', exact: true }).check();
      await host.getByLabel('Number of questions').fill('1');
      await host.getByRole('radio', { name: /^No time limit/ }).check();
      await host.getByRole('checkbox', { name: 'Each team gets its own numbers' }).uncheck();
      await host.getByRole('button', { name: 'Create the game' }).first().click();
      await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const code = new URL(host.url()).pathname.split('/').pop()!;
      for (const [name, lang] of [['Ada', 'en'], ['Bo', 'en'], ['小明', 'zh-CN']] as const) {
        const { page } = await openPage(live.browser, { lang, viewport: 'phone' });
        await page.goto(`${live.server.url}/play/${code}?name=${encodeURIComponent(name)}`);
        await page.locator('.play-lobby').waitFor();
        phones.push({ name, lang, page });
      }
      await expect.poll(() => host.locator('.lobby-player').count()).toBe(3);
      await host.getByRole('button', { name: 'Start the game' }).click();
      await host.locator('.host-question').waitFor();
      const problem = live.server.room(code).questions[0]!.problem;
      if (problem.grading.type !== 'numeric' || problem.grading.base === undefined) throw new Error('an update problem');
      const { value, base, lo, hi } = problem.grading;
      // Right (exactly), the step added (a named mistake), the step 30 % too long (close).
      const answers = [String(value), String(base + (base - value)), String(base + 1.3 * (value - base))];
      for (const [i, phone] of phones.entries()) {
        await phone.page.locator('.play-question').waitFor();
        await sendAnswer(phone.page, problem, answers[i]!);
      }

      await host.locator('.host-reveal').waitFor();
      const accepted = host.locator('[data-testid="accepted-range"]');
      const [shownLo, shownHi] = rangeOf((await accepted.textContent())!);
      expect(shownLo).toBeGreaterThanOrEqual(lo);
      expect(shownHi).toBeLessThanOrEqual(hi);
      expect(shownLo).toBeLessThan(shownHi);
      expect(await accepted.textContent()).toMatch(/step/);
      const rows = await host.locator('.histogram__row').evaluateAll((items) =>
        items.map((li) => ({ right: li.classList.contains('histogram__row--correct'), text: li.querySelector('.histogram__number')?.textContent ?? '' })),
      );
      expect(rows).toHaveLength(3);
      for (const row of rows) {
        const shown = Number(row.text.replace('−', '-'));
        expect(shown >= shownLo && shown <= shownHi, `${row.text} against ${shownLo} to ${shownHi}`).toBe(row.right);
      }
      expect(new Set(rows.map((r) => r.text)).size).toBe(3);
      await checkScreen(host, 'fair-host-reveal-update-en', 'projector');
      await setLang(host, 'zh-CN');
      await expect.poll(() => accepted.textContent()).toContain('接受范围');
      await checkScreen(host, 'fair-host-reveal-update-zh-CN', 'projector');

      for (const phone of phones) {
        await phone.page.locator('.play-reveal').waitFor();
        expect(rangeOf((await phone.page.locator('[data-testid="accepted-range"]').textContent())!)).toEqual([shownLo, shownHi]);
      }
      // The close answer is told why: an update is graded on its step, to 2 significant figures.
      await expect.poll(() => phones[2]!.page.locator('.play-reveal').textContent()).toContain('按步长判分');
      expect(await phones[2]!.page.locator('.play-reveal').textContent()).toContain('2 位有效数字');
      await checkScreen(phones[0]!.page, 'fair-phone-reveal-update-en', 'phone');
      await checkScreen(phones[2]!.page, 'fair-phone-reveal-update-zh-CN', 'phone');
      await setLang(phones[2]!.page, 'en');
      await expect.poll(() => phones[2]!.page.locator('.play-reveal').textContent()).toContain('2 significant figures');
      await screenshot(phones[2]!.page, 'fair-phone-reveal-update-close-en');
    } finally {
      for (const phone of phones) await phone.page.context().close();
      await context.close();
    }
  });
});
