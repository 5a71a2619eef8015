/**
 * Chain Steps through a network that branches, from the teacher's set-up to the reveal: the
 * set-up offers the step kinds (a chain, where paths meet), a phone (360×740) answers step by
 * step, adds its own shares where the paths meet, and the reveal says the sum was right from
 * what it had. Projector and phones in both languages.
 */
import { describe, expect, it } from 'vitest';
import { liveGame, problemFor } from './game-support.ts';
import { browserTestsEnabled, checkScreen, openPage, setLang } from './harness.ts';

const enabled = browserTestsEnabled();

describe.skipIf(!enabled)('chain steps where paths meet', () => {
  const live = liveGame();

  it('is chosen at set-up, played step by step on phones, and the sum of a student’s own shares counts', async () => {
    const { context: hostContext, page: host } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    const phones = await Promise.all((['en', 'zh-CN'] as const).map((lang) => openPage(live.browser, { lang, viewport: 'phone' })));
    try {
      await host.goto(`${live.server.url}/host`);
      await host.getByRole('radio', { name: /^Chain steps/ }).check();
      const branches = host.getByRole('checkbox', { name: 'Step by step where paths meet' });
      await branches.check();
      await host.getByRole('checkbox', { name: 'Backprop step by step' }).uncheck();
      await host.getByLabel('Number of questions').fill('1');
      await host.getByRole('radio', { name: /^No time limit/ }).check();
      await checkScreen(host, 'branch-steps-setup-en', 'projector');
      // Neither kind chosen: the page says so and does not create.
      await branches.uncheck();
      await host.getByText('Choose at least one kind.').first().waitFor();
      expect(await host.getByRole('button', { name: 'Create the game' }).first().isDisabled()).toBe(true);
      await branches.check();
      await setLang(host, 'zh-CN');
      await checkScreen(host, 'branch-steps-setup-zh-CN', 'projector');
      await setLang(host, 'en');
      await host.getByRole('button', { name: 'Create the game' }).first().click();
      await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const code = new URL(host.url()).pathname.split('/').pop()!;
      expect(live.server.room(code).config).toMatchObject({ mode: 'chain-steps', kinds: ['branch-steps'], questionCount: 1 });

      for (const [i, { page }] of phones.entries()) {
        await page.goto(`${live.server.url}/play/${code}?name=${['Ada', '小明'][i]}`);
        await page.locator('.play-lobby').waitFor();
      }
      await host.getByRole('button', { name: 'Start the game' }).click();
      await host.locator('.host-question').waitFor();
      for (const [i, { page }] of phones.entries()) {
        await page.locator('.play-question').waitFor();
        await checkScreen(page, `branch-steps-phone-question-${i === 0 ? 'en' : 'zh-CN'}`, 'phone');
      }

      // Ada sends every step right; 小明 doubles the first share, then adds their own two shares.
      const room = live.server.room(code);
      const players = Object.values(room.players);
      for (const [i, { page }] of phones.entries()) {
        const player = players.find((p) => p.name === ['Ada', '小明'][i])!;
        const problem = problemFor(room, 0, player.teamId);
        const steps = problem.steps!;
        const at = steps.findIndex((s) => s.asks === 'dL/da1' || s.asks === 'dL/dx');
        expect(at).toBe(steps.length - 1);
        const sent: number[] = [];
        for (let s = 0; s < steps.length; s++) {
          const right = steps[s]!.answer;
          const value = i === 0 ? right : s === at - 2 ? 2 * right : s === at ? sent[at - 2]! + sent[at - 1]! : right;
          sent.push(value);
          await page.locator('.keypad__input').fill(value.toPrecision(6));
          await page.locator('.keypad__submit').click();
          if (s + 1 < steps.length) await expect.poll(() => page.locator('.problem__step-result').count()).toBe(s + 1);
        }
      }
      // Every phone has sent every step: the question closes, and each phone sees its own verdicts.
      for (const [i, { page }] of phones.entries()) {
        await page.locator('.play-reveal').waitFor();
        await checkScreen(page, `branch-steps-phone-reveal-${i === 0 ? 'en' : 'zh-CN'}`, 'phone');
      }
      const [ada, xiaoming] = phones.map((p) => p.page);
      expect(await ada!.locator('.play-reveal').innerText()).toMatch(/Correct/i);
      // The sum from 小明's own shares: right from what they had (error carried forward), in Chinese.
      expect(await xiaoming!.locator('.play-reveal').innerText()).toContain('与你前面步骤的结果一致');
      await host.locator('.host-reveal').waitFor();
      await checkScreen(host, 'branch-steps-host-reveal-en', 'projector');
    } finally {
      await hostContext.close();
      for (const phone of phones) await phone.context.close();
    }
  });
});
