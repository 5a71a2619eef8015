/**
 * The leaderboard's pace, chosen at set-up, in real Chromium against the real server: every
 * second question (an English projector, four phones in two languages) and only at the end (a
 * Chinese projector). In between, the reveal's button leads straight to the next question. A
 * team of three with one right answer also shows that a mean of points reads the same whole
 * number everywhere (the reveal's team table, the leaderboard, the podium, the phones).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../shared/engine/index.ts';
import { type Behaviour, answerFor, problemFor, sendAnswer, liveGame } from './game-support.ts';
import { VIEWPORTS, browserTestsEnabled, checkScreen, openPage, setLang } from './harness.ts';

const enabled = browserTestsEnabled();

describe.skipIf(!enabled)('the leaderboard every n questions', () => {
  const live = liveGame();

  async function joinPhone(code: string, name: string, lang: Lang): Promise<Page> {
    const { page } = await openPage(live.browser, { lang, viewport: 'phone' });
    await page.goto(`${live.server.url}/play/${code}?name=${encodeURIComponent(name)}`);
    await page.locator('.play-lobby').waitFor();
    return page;
  }

  /** Each phone answers question `index` as told (null: not at all); an untimed question closes when all have answered. */
  async function play(code: string, index: number, phones: readonly { name: string; page: Page }[], plan: readonly (Behaviour | null)[]): Promise<void> {
    for (const phone of phones) await phone.page.locator('.play-question').waitFor();
    const room = live.server.room(code);
    for (const [i, phone] of phones.entries()) {
      const behaviour = plan[i];
      if (!behaviour) continue;
      const player = Object.values(room.players).find((p) => p.name === phone.name)!;
      const problem = problemFor(room, index, player.teamId);
      await sendAnswer(phone.page, problem, answerFor(problem, behaviour));
    }
  }

  /** The reveal's button on, and the phase the room moved to. */
  async function next(host: Page, label: string, code: string): Promise<string> {
    const button = host.locator('.host-next');
    await expect.poll(() => button.textContent()).toBe(label);
    const before = live.server.room(code).phase;
    await button.click();
    await expect.poll(() => live.server.room(code).phase).not.toEqual(before);
    return live.server.room(code).phase.phase;
  }

  /** Red's three members' mean score as shown (a whole point) and as it would read with its decimal. */
  function redMean(code: string): { shown: string; exact: string } {
    const scores = Object.values(live.server.room(code).players).filter((p) => p.teamId === 't1').map((p) => p.score);
    expect(scores).toHaveLength(3);
    const mean = scores.reduce((a, b) => a + b, 0) / 3;
    // Three members with these answers: never a whole mean, so the rounding shows.
    expect(mean % 1).not.toBe(0);
    return { shown: Math.round(mean).toLocaleString('en'), exact: mean.toLocaleString('en', { maximumFractionDigits: 1 }) };
  }

  it('every second question: set-up, the reveal straight to the next question, whole team points', async () => {
    const { context, page: host } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    try {
      await host.goto(`${live.server.url}/host`);
      await host.getByRole('heading', { level: 1, name: 'Host a game' }).waitFor();
      await host.getByLabel('Number of questions').fill('3');
      await host.getByRole('radio', { name: /^No time limit/ }).check();
      await host.getByLabel('Number of teams').fill('2');
      await host.getByLabel('Number of teams').press('Tab');
      await host.getByRole('radio', { name: 'Students choose' }).check();
      await host.getByRole('radio', { name: 'Every few questions' }).check();
      await host.getByLabel('Questions between leaderboards').fill('2');
      await host.getByLabel('Questions between leaderboards').press('Tab');
      await checkScreen(host, 'pace-host-setup-en', 'projector');
      await setLang(host, 'zh-CN');
      await host.getByRole('radio', { name: '每隔几题' }).waitFor();
      await checkScreen(host, 'pace-host-setup-zh-CN', 'projector');
      await setLang(host, 'en');
      await host.getByRole('button', { name: 'Create the game' }).first().click();
      await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const code = new URL(host.url()).pathname.split('/').pop()!;
      expect(live.server.room(code).config).toMatchObject({ questionCount: 3, timeLimitSec: null, leaderboardEvery: 2 });
      await expect.poll(() => host.locator('.settings-summary').textContent()).toContain('Leaderboard every 2 questions');

      const specs = [
        { name: 'Ada', lang: 'en' as const, team: 0 },
        { name: '小明', lang: 'zh-CN' as const, team: 0 },
        { name: 'Bo', lang: 'en' as const, team: 0 },
        { name: '小红', lang: 'zh-CN' as const, team: 1 },
      ];
      const phones = await Promise.all(specs.map(async (s) => ({ ...s, page: await joinPhone(code, s.name, s.lang) })));
      for (const phone of phones) {
        await phone.page.locator('.play-lobby__team-button').nth(phone.team).click();
        await expect.poll(() => phone.page.locator('.play-lobby__team-button[aria-pressed="true"]').count()).toBe(1);
      }
      await checkScreen(phones[1]!.page, 'pace-phone-lobby-zh-CN', 'phone');
      await host.getByRole('button', { name: 'Start the game' }).click();

      // Question 1: red is Ada (right), 小明 and Bo (wrong): 1000 / 3 points each on average.
      await play(code, 0, phones, ['correct', 'wrong', 'wrong', 'correct']);
      await host.locator('.host-reveal').waitFor();
      const red = live.server.room(code).teams[0]!;
      const table = host.locator('.host-reveal table').filter({ hasText: red.name });
      const redRow = table.locator('tbody tr').filter({ hasText: red.name });
      await expect.poll(() => redRow.locator('td').allTextContents()).toEqual(['3 / 3', '1', '333', '333']);
      await checkScreen(host, 'pace-host-reveal-en', 'projector');
      await setLang(host, 'zh-CN');
      await expect.poll(() => host.locator('.host-next').textContent()).toBe('下一题');
      await checkScreen(host, 'pace-host-reveal-zh-CN', 'projector');
      await setLang(host, 'en');
      expect(await next(host, 'Next question', code)).toBe('question');
      expect(live.server.room(code).phase).toMatchObject({ phase: 'question', index: 1 });
      // The phones go from the reveal to the next question too, with no leaderboard between.
      for (const phone of phones) await phone.page.locator('.play-question').waitFor();

      // Question 2 ends on the leaderboard.
      await play(code, 1, phones, ['wrong', 'wrong', 'wrong', 'wrong']);
      await host.locator('.host-reveal').waitFor();
      expect(await next(host, 'Show the leaderboard', code)).toBe('leaderboard');
      await host.locator('.host-leaderboard').waitFor();
      const board = redMean(code);
      const teamRow = host.locator('.host-leaderboard section').first().locator('tbody tr').filter({ hasText: red.name });
      await expect.poll(() => teamRow.textContent()).toContain(board.shown);
      expect(await teamRow.textContent()).not.toContain(board.exact);
      await checkScreen(host, 'pace-host-leaderboard-en', 'projector');
      expect(await next(host, 'Next question', code)).toBe('question');

      // The last question always leads to the final standings, then the podium.
      await play(code, 2, phones, ['wrong', 'wrong', 'wrong', 'wrong']);
      await host.locator('.host-reveal').waitFor();
      expect(await next(host, 'Show the leaderboard', code)).toBe('leaderboard');
      await host.getByRole('button', { name: 'Show the final results' }).click();
      await host.locator('.host-podium').waitFor();
      const final = redMean(code);
      const podiumTeams = await host.locator('.host-podium table').first().textContent();
      expect(podiumTeams).toContain(final.shown);
      expect(podiumTeams).not.toContain(final.exact);
      for (const phone of phones.slice(1, 3)) {
        await phone.page.locator('.play-final').waitFor();
        await expect.poll(() => phone.page.locator('.play-final').textContent()).toContain(final.shown);
        expect(await phone.page.locator('.play-final').textContent()).not.toContain(final.exact);
      }
      await checkScreen(phones[1]!.page, 'pace-phone-final-zh-CN', 'phone');
      for (const phone of phones) await phone.page.context().close();
    } finally {
      await context.close();
    }
  });

  it('only at the end, set up in Chinese: no leaderboard until after the last question', async () => {
    const { context, page: host } = await openPage(live.browser, { lang: 'zh-CN', viewport: 'projector' });
    try {
      await host.goto(`${live.server.url}/host`);
      await host.getByRole('heading', { level: 1, name: '主持游戏' }).waitFor();
      await host.getByLabel('题目数量').fill('2');
      await host.getByRole('radio', { name: /^不限时/ }).check();
      await host.getByRole('checkbox', { name: '分队比赛' }).uncheck();
      await host.getByRole('radio', { name: '只在最后' }).check();
      // Set-up on a narrow screen too: the new choices wrap without sideways scrolling.
      await host.setViewportSize(VIEWPORTS.phone);
      await checkScreen(host, 'pace-host-setup-phone-zh-CN', 'phone');
      await host.setViewportSize(VIEWPORTS.projector);
      await host.getByRole('button', { name: '创建游戏' }).first().click();
      await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const code = new URL(host.url()).pathname.split('/').pop()!;
      expect(live.server.room(code).config.leaderboardEvery).toBe(0);
      await expect.poll(() => host.locator('.settings-summary').textContent()).toContain('只在最后显示排行榜');
      await checkScreen(host, 'pace-host-lobby-zh-CN', 'projector');
      const phone = { name: 'Cy', page: await joinPhone(code, 'Cy', 'en') };
      await checkScreen(phone.page, 'pace-phone-lobby-en', 'phone');
      await host.getByRole('button', { name: '开始游戏' }).click();

      await play(code, 0, [phone], ['correct']);
      await host.locator('.host-reveal').waitFor();
      expect(await next(host, '下一题', code)).toBe('question');
      await play(code, 1, [phone], ['correct']);
      await host.locator('.host-reveal').waitFor();
      expect(await next(host, '显示排行榜', code)).toBe('leaderboard');
      await host.locator('.host-leaderboard').waitFor();
      await phone.page.context().close();
    } finally {
      await context.close();
    }
  });
});
