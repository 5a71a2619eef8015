/**
 * "Play again" in real Chromium: the projector's podium takes the room back to its lobby with
 * the same code and players, and the phones follow there on their own (no join form, no new
 * name), then play the next game's new question.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GameServer, answerFor, sendAnswer, startGameServer } from './game-support.ts';
import { browserTestsEnabled, buildClient, checkScreen, launchBrowser, openPage, setLang } from './harness.ts';

const enabled = browserTestsEnabled();

describe.skipIf(!enabled)('play again', () => {
  let browser: Browser;
  let server: GameServer;

  beforeAll(async () => {
    await buildClient();
    server = await startGameServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps the room, its code and its players: the phones follow to the lobby without joining again', async () => {
    const { context: hostContext, page: host } = await openPage(browser, { lang: 'en', viewport: 'projector' });
    const phones = await Promise.all(
      (['en', 'zh-CN'] as const).map(async (lang, i) => ({ ...(await openPage(browser, { lang, viewport: 'phone' })), name: ['Ada', '小明'][i]! })),
    );
    try {
      await host.goto(`${server.url}/host`);
      await host.getByLabel('Number of questions').fill('1');
      await host.getByRole('button', { name: 'Create the game' }).first().click();
      await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const code = new URL(host.url()).pathname.split('/').pop()!;
      for (const phone of phones) {
        await phone.page.goto(`${server.url}/play/${code}?name=${encodeURIComponent(phone.name)}`);
        await phone.page.locator('.play-lobby').waitFor();
      }
      const ids = Object.keys(server.room(code).players).sort();
      expect(ids).toHaveLength(2);

      await host.getByRole('button', { name: 'Start the game' }).click();
      for (const phone of phones) {
        await phone.page.locator('.play-question').waitFor();
        const room = server.room(code);
        const teamId = Object.values(room.players).find((p) => p.name === phone.name)!.teamId;
        const question = room.questions[0]!;
        await sendAnswer(phone.page, (teamId && question.variants?.[teamId]) || question.problem, answerFor((teamId && question.variants?.[teamId]) || question.problem, 'correct'));
      }
      await host.locator('.host-reveal').waitFor();
      while ((await host.locator('.host-podium').count()) === 0) {
        await host.getByRole('button', { name: /leaderboard|final results/i }).first().click();
        await host.waitForTimeout(200);
      }
      await checkScreen(host, 'play-again-podium-en', 'projector');
      await setLang(host, 'zh-CN');
      await checkScreen(host, 'play-again-podium-zh-CN', 'projector');
      await host.getByRole('button', { name: '再玩一局' }).click();
      await setLang(host, 'en');

      // The projector is in the lobby of the same room; the phones are in it too, with their names.
      await host.locator('.lobby-player').first().waitFor();
      expect(new URL(host.url()).pathname).toBe(`/host/${code}`);
      await expect.poll(() => host.locator('.lobby-player').count()).toBe(2);
      expect(server.room(code).phase.phase).toBe('lobby');
      expect(Object.keys(server.room(code).players).sort()).toEqual(ids);
      expect(Object.values(server.room(code).players).every((p) => p.score === 0)).toBe(true);
      for (const phone of phones) {
        await phone.page.locator('.play-lobby').waitFor();
        expect(await phone.page.locator('input[name="nickname"]').count()).toBe(0);
        expect(await phone.page.locator('.play-lobby').textContent()).toContain(phone.name);
      }
      await checkScreen(host, 'play-again-lobby-en', 'projector');
      await checkScreen(phones[0]!.page, 'play-again-phone-lobby-en', 'phone');
      await checkScreen(phones[1]!.page, 'play-again-phone-lobby-zh-CN', 'phone');

      // The next game: a new question, under a new id, on the same phones.
      await host.getByRole('button', { name: 'Start the game' }).click();
      for (const phone of phones) await phone.page.locator('.play-question').waitFor();
      expect(server.room(code).questions.map((q) => q.id)).toEqual(['g2q1']);
      expect(server.room(code).pastGames?.[0]?.state.questions[0]?.problem).not.toEqual(server.room(code).questions[0]!.problem);
    } finally {
      await hostContext.close();
      for (const phone of phones) await phone.context.close();
    }
  });

  /** Creates a room of `mode` on the projector's set-up page, and seats one phone per language in it. */
  async function modeRoom(mode: 'descent' | 'relay') {
    const { context: hostContext, page: host } = await openPage(browser, { lang: 'en', viewport: 'projector' });
    const phones = await Promise.all(
      (['en', 'zh-CN'] as const).map(async (lang, i) => ({ ...(await openPage(browser, { lang, viewport: 'phone' })), name: ['Ada', '小明'][i]! })),
    );
    await host.goto(`${server.url}/host`);
    await host.getByRole('heading', { level: 1, name: 'Host a game' }).waitFor();
    if (mode === 'descent') {
      await host.getByRole('radio', { name: /^Descent Race/ }).check();
      await host.getByRole('radio', { name: /^The same for every team/ }).check();
      await host.getByRole('radio', { name: 'η = 1', exact: true }).check();
      await host.getByRole('radio', { name: /^The captain/ }).check();
      await host.getByLabel('Number of iterations').fill('1');
    } else {
      await host.getByRole('radio', { name: /^Backprop Relay/ }).check();
      await host.getByLabel(/^Number of (questions|rounds)/).fill('1');
    }
    await host.getByLabel('Number of teams').fill('2');
    await host.getByLabel('Number of teams').press('Tab');
    await host.getByRole('button', { name: 'Create the game' }).first().click();
    await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
    const code = new URL(host.url()).pathname.split('/').pop()!;
    for (const phone of phones) {
      await phone.page.goto(`${server.url}/play/${code}?name=${encodeURIComponent(phone.name)}`);
      await phone.page.locator('.play-lobby').waitFor();
    }
    return { host, hostContext, phones, code };
  }

  it('a Descent Race podium plays again in the same room: the phones follow to the lobby', async () => {
    const { host, hostContext, phones, code } = await modeRoom('descent');
    try {
      const ids = Object.keys(server.room(code).players).sort();
      await host.getByRole('button', { name: 'Start the game' }).click();
      // The teacher ends the only iteration: no step from anyone, straight to the reveal.
      for (const phone of phones) await phone.page.locator('[data-testid="descent-form"]').waitFor();
      await host.getByRole('button', { name: /^Close the iteration/i }).first().click();
      await host.locator('[data-testid="descent-steps"]').waitFor();
      await host.getByRole('button', { name: 'Show the leaderboard' }).click();
      await host.getByRole('button', { name: 'Show the final results' }).click();
      await host.locator('[data-testid="descent-hidden"]').waitFor();
      await checkScreen(host, 'play-again-descent-podium-en', 'projector');
      await setLang(host, 'zh-CN');
      await checkScreen(host, 'play-again-descent-podium-zh-CN', 'projector');
      await host.getByRole('button', { name: '再玩一局' }).click();
      await setLang(host, 'en');

      await host.locator('.lobby-player').first().waitFor();
      expect(new URL(host.url()).pathname).toBe(`/host/${code}`);
      expect(server.room(code).phase.phase).toBe('lobby');
      expect(Object.keys(server.room(code).players).sort()).toEqual(ids);
      for (const phone of phones) {
        await phone.page.locator('[data-testid="descent-lobby"]').waitFor();
        expect(await phone.page.locator('input[name="nickname"]').count()).toBe(0);
      }
      // The next race starts in the same room, on the same phones.
      await host.getByRole('button', { name: 'Start the game' }).click();
      for (const phone of phones) await phone.page.locator('[data-testid="descent-form"]').waitFor();
      expect(server.room(code).questions.map((q) => q.id)).toEqual(['g2q1']);
    } finally {
      await hostContext.close();
      for (const phone of phones) await phone.context.close();
    }
  });

  it('a Backprop Relay podium plays again in the same room too', async () => {
    const { host, hostContext, phones, code } = await modeRoom('relay');
    try {
      await host.getByRole('button', { name: 'Start the game' }).click();
      for (const phone of phones) await phone.page.locator('[data-testid="relay-link-card"]').waitFor();
      await host.getByRole('button', { name: 'Close the round now' }).first().click();
      await host.getByRole('button', { name: 'Show the leaderboard' }).click();
      await host.getByRole('button', { name: 'Show the final results' }).click();
      await host.locator('.host-podium').waitFor();
      await checkScreen(host, 'play-again-relay-podium-en', 'projector');
      await host.getByRole('button', { name: 'Play again' }).click();
      await host.locator('.lobby-player').first().waitFor();
      expect(server.room(code).phase.phase).toBe('lobby');
      for (const phone of phones) await phone.page.locator('.play-lobby').waitFor();
    } finally {
      await hostContext.close();
      for (const phone of phones) await phone.context.close();
    }
  });
});
