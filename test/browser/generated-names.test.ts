/**
 * Generated names in real Chromium against the real server: the teacher picks the option in the
 * set-up, an English phone comes through the home page (no name asked), a Chinese phone by the
 * play link; each gets a name in its own language, asks for another one once, and the projector's
 * lobby shows the names as they change. Every screen is checked with axe and photographed in
 * both languages.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../shared/engine/index.ts';
import { NAME_WORDS } from '../../shared/names/name-words.ts';
import { TestClient } from '../server/support.ts';
import { liveGame } from './game-support.ts';
import { type ViewportName, VIEWPORTS, browserTestsEnabled, checkScreen, openPage, setLang } from './harness.ts';

const enabled = browserTestsEnabled();

const NAME_PATTERN: Record<Lang, RegExp> = {
  en: new RegExp(`^(${NAME_WORDS.en.adjectives.join('|')}) (${NAME_WORDS.en.animals.join('|')})$`),
  'zh-CN': new RegExp(`^(${NAME_WORDS['zh-CN'].adjectives.join('|')})(${NAME_WORDS['zh-CN'].animals.join('|')})$`),
};

describe.skipIf(!enabled)('generated names in the browser', () => {
  const live = liveGame();

  /** A screen in both languages (switched on the page, as a reader would), at its own size and, when given, another. */
  async function checkBoth(page: Page, name: string, viewport: ViewportName, lang: Lang, alsoAt?: ViewportName): Promise<void> {
    const other: Lang = lang === 'en' ? 'zh-CN' : 'en';
    for (const size of alsoAt ? [viewport, alsoAt] : [viewport]) {
      await page.setViewportSize(VIEWPORTS[size]);
      await checkScreen(page, `names-${name}-${size}-${lang}`, size);
      await setLang(page, other);
      await checkScreen(page, `names-${name}-${size}-${other}`, size);
      await setLang(page, lang);
    }
    await page.setViewportSize(VIEWPORTS[viewport]);
  }

  const nameOn = async (page: Page) => ((await page.locator('[data-testid="player-name"]').textContent()) ?? '').trim();
  const lobbyNames = (host: Page) => host.locator('.lobby-player__name').allTextContents().then((names) => names.map((n) => n.trim()).sort());

  it('names two phones in their languages, lets each re-roll once, and shows the names on the projector', async () => {
    const { context: hostContext, page: host } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    const { context: enContext, page: en } = await openPage(live.browser, { lang: 'en', viewport: 'phone' });
    const { context: zhContext, page: zh } = await openPage(live.browser, { lang: 'zh-CN', viewport: 'phone' });
    try {
      // ─── Set-up ───
      await host.goto(`${live.server.url}/host`);
      await host.getByRole('heading', { level: 1, name: 'Host a game' }).waitFor();
      await host.getByRole('radio', { name: 'Students get a generated name' }).check();
      await host.locator('[data-testid="setup-nicknames"]').scrollIntoViewIfNeeded();
      await checkBoth(host, 'setup', 'projector', 'en', 'phone');
      await host.getByRole('button', { name: 'Create the game' }).first().click();
      await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const code = new URL(host.url()).pathname.split('/').pop()!;
      expect(live.server.room(code).config.nicknames).toBe('generated');
      await expect.poll(() => host.locator('.settings-summary').textContent()).toContain('Generated names');

      // ─── The English phone through the home page: the code is enough ───
      await en.goto(`${live.server.url}/join/${code}`);
      await en.locator('[data-testid="home-generated-name"]').waitFor();
      expect(await en.locator('input[name="nickname"]').count()).toBe(0);
      await checkBoth(en, 'home', 'phone', 'en');
      await en.getByRole('button', { name: 'Join', exact: true }).click();
      await en.locator('.play-lobby').waitFor();

      // ─── The Chinese phone by the play link, without a name ───
      await zh.goto(`${live.server.url}/play/${code}`);
      await zh.locator('.play-lobby').waitFor();

      const players = () => Object.values(live.server.room(code).players);
      const firstEn = await nameOn(en);
      const firstZh = await nameOn(zh);
      expect(firstEn).toMatch(NAME_PATTERN.en);
      expect(firstZh).toMatch(NAME_PATTERN['zh-CN']);
      expect(players().map((p) => p.name).sort()).toEqual([firstEn, firstZh].sort());
      await expect.poll(() => lobbyNames(host)).toEqual([firstEn, firstZh].sort());
      await checkBoth(en, 'en-phone-lobby', 'phone', 'en', 'projector');
      await checkBoth(zh, 'zh-phone-lobby', 'phone', 'zh-CN');

      // ─── One re-roll each ───
      for (const [phone, lang, before, label] of [
        [en, 'en', firstEn, 'Another name'],
        [zh, 'zh-CN', firstZh, '换个名字'],
      ] as const) {
        await phone.getByRole('button', { name: label }).click();
        await expect.poll(() => nameOn(phone)).not.toBe(before);
        const after = await nameOn(phone);
        expect(after).toMatch(NAME_PATTERN[lang]);
        await phone.getByRole('button', { name: label }).waitFor({ state: 'detached' });
        expect(players().find((p) => p.name === after)?.generated).toEqual({ lang, rerolls: 0 });
      }
      const rolled = [await nameOn(en), await nameOn(zh)];
      await expect.poll(() => lobbyNames(host)).toEqual([...rolled].sort());
      await checkBoth(en, 'en-phone-lobby-rerolled', 'phone', 'en');
      await checkBoth(zh, 'zh-phone-lobby-rerolled', 'phone', 'zh-CN');
      await checkBoth(host, 'host-lobby', 'projector', 'en');

      // A locked room: the phone says why it got no name, and its button tries again.
      await host.getByRole('button', { name: 'Lock the game' }).click();
      await expect.poll(() => live.server.room(code).locked).toBe(true);
      const late = await openPage(live.browser, { lang: 'zh-CN', viewport: 'phone' });
      try {
        await late.page.goto(`${live.server.url}/play/${code}`);
        await late.page.locator('.error-note').waitFor();
        expect(await late.page.locator('input[name="nickname"]').count()).toBe(0);
        await checkBoth(late.page, 'join-locked', 'phone', 'zh-CN');
        expect(players()).toHaveLength(2);
      } finally {
        await late.context.close();
      }
    } finally {
      await Promise.all([hostContext.close(), enContext.close(), zhContext.close()]);
    }
  });

  it('still asks for a name where the room does not generate them, and joins with the one a link carries', async () => {
    const teacher = await TestClient.connect(live.server.url);
    const { context, page } = await openPage(live.browser, { lang: 'en', viewport: 'phone' });
    try {
      const { code } = await teacher.ok('room:create', { config: {} });
      await page.goto(`${live.server.url}/join/${code}`);
      await page.locator('input[name="nickname"]').waitFor();
      // The peek has answered `own` (the field stays), then the typed name goes through.
      await expect.poll(() => page.locator('[data-testid="home-generated-name"]').count(), { timeout: 2000 }).toBe(0);
      await page.locator('input[name="nickname"]').fill('Ada');
      await page.getByRole('button', { name: 'Join', exact: true }).click();
      await page.locator('.play-lobby').waitFor();
      expect(await nameOn(page)).toBe('Ada');
      expect(await page.getByRole('button', { name: 'Another name' }).count()).toBe(0);
      // A link with a name joins by itself.
      const other = await openPage(live.browser, { lang: 'zh-CN', viewport: 'phone' });
      try {
        await other.page.goto(`${live.server.url}/play/${code}?name=Bo`);
        await other.page.locator('.play-lobby').waitFor();
        expect(await nameOn(other.page)).toBe('Bo');
      } finally {
        await other.context.close();
      }
    } finally {
      await context.close();
      teacher.close();
    }
  });
});
