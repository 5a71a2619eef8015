/**
 * "Play again" in real Chromium: the projector's podium takes the room back to its lobby with
 * the same code and players, and the phones follow there on their own (no join form, no new
 * name), then play the next game's new question.
 */
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { answerFor, liveGame, problemFor, sendAnswer } from './game-support.ts';
import { browserTestsEnabled, checkScreen, openPage, setLang } from './harness.ts';

const enabled = browserTestsEnabled();

describe.skipIf(!enabled)('play again', () => {
  const live = liveGame();

  it('keeps the room, its code and its players: the phones follow to the lobby without joining again', async () => {
    const { context: hostContext, page: host } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    const phones = await Promise.all(
      (['en', 'zh-CN'] as const).map(async (lang, i) => ({ ...(await openPage(live.browser, { lang, viewport: 'phone' })), name: ['Ada', '小明'][i]! })),
    );
    try {
      await host.goto(`${live.server.url}/host`);
      await host.getByLabel('Number of questions').fill('1');
      await host.getByRole('button', { name: 'Create the game' }).first().click();
      await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const code = new URL(host.url()).pathname.split('/').pop()!;
      for (const phone of phones) {
        await phone.page.goto(`${live.server.url}/play/${code}?name=${encodeURIComponent(phone.name)}`);
        await phone.page.locator('.play-lobby').waitFor();
      }
      const ids = Object.keys(live.server.room(code).players).sort();
      expect(ids).toHaveLength(2);

      await host.getByRole('button', { name: 'Start the game' }).click();
      for (const phone of phones) {
        await phone.page.locator('.play-question').waitFor();
        const room = live.server.room(code);
        const teamId = Object.values(room.players).find((p) => p.name === phone.name)!.teamId;
        const problem = problemFor(room, 0, teamId);
        await sendAnswer(phone.page, problem, answerFor(problem, 'correct'));
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
      expect(live.server.room(code).phase.phase).toBe('lobby');
      expect(Object.keys(live.server.room(code).players).sort()).toEqual(ids);
      expect(Object.values(live.server.room(code).players).every((p) => p.score === 0)).toBe(true);
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
      expect(live.server.room(code).questions.map((q) => q.id)).toEqual(['g2q1']);
      expect(live.server.room(code).pastGames?.[0]?.state.questions[0]?.problem).not.toEqual(live.server.room(code).questions[0]!.problem);
    } finally {
      await hostContext.close();
      for (const phone of phones) await phone.context.close();
    }
  });

  /** One question from lobby to podium: the phone answers as `behaviour` says, the projector moves on. */
  async function playOneQuestion(host: Page, phone: Page, code: string, behaviour: 'correct' | 'wrong') {
    await host.getByRole('button', { name: 'Start the game' }).click();
    await phone.locator('.play-question').waitFor();
    const room = live.server.room(code);
    const question = room.questions.at(-1)!;
    const teamId = Object.values(room.players)[0]!.teamId;
    const problem = (teamId && question.variants?.[teamId]) || question.problem;
    // Far from any answer: a wrong one, never graded close.
    await sendAnswer(phone, problem, behaviour === 'correct' ? answerFor(problem, 'correct') : '12345');
    await host.locator('.host-reveal').waitFor();
    while ((await host.locator('.host-podium').count()) === 0) {
      await host.getByRole('button', { name: /leaderboard|final results/i }).first().click();
      await host.waitForTimeout(200);
    }
  }

  it("lists every game of the room with its downloads: game 1's CSV still comes from the podium of game 2", async () => {
    const { context: hostContext, page: host } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    const { context: phoneContext, page: phone } = await openPage(live.browser, { lang: 'en', viewport: 'phone' });
    try {
      await host.goto(`${live.server.url}/host`);
      await host.getByLabel('Number of questions').fill('1');
      await host.getByRole('button', { name: 'Create the game' }).first().click();
      await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const code = new URL(host.url()).pathname.split('/').pop()!;
      await phone.goto(`${live.server.url}/play/${code}?name=Ada`);
      await phone.locator('.play-lobby').waitFor();

      // One game only: the downloads as they always were, no list of games.
      await playOneQuestion(host, phone, code, 'correct');
      expect(await host.locator('.host-reports__game').count()).toBe(0);
      await host.getByRole('button', { name: 'Play again' }).click();
      await host.locator('.lobby-player').first().waitFor();
      // One question is one question, not "1 questions".
      expect(await host.locator('.host-lobby .settings-summary li').allTextContents()).toContain('1 question');
      // In the lobby of game 2, game 1 is downloadable already; the game not yet played has no row.
      await expect.poll(() => host.locator('.host-lobby .host-reports__game').count()).toBe(1);
      expect(await host.locator('.host-lobby .host-reports__game[data-game="1"] [data-report="players"]').count()).toBe(1);
      await checkScreen(host, 'play-again-lobby-reports-en', 'projector');
      await playOneQuestion(host, phone, code, 'wrong');

      // Both games listed, the finished one with its time and players, the current one as "this game".
      const games = host.locator('.host-reports__game');
      await expect.poll(() => games.count()).toBe(2);
      const first = host.locator('.host-reports__game[data-game="1"]');
      expect(await first.textContent()).toMatch(/Game 1 .*\d\d:\d\d.*–.*\d\d:\d\d.* · 1 player · 1 question/);
      expect(await host.locator('.host-reports__game[data-game="2"]').textContent()).toContain('Game 2 this game');
      expect(await host.locator('.host-podium .host-reveal__head').textContent()).toContain('Game 2');
      await checkScreen(host, 'play-again-reports-en', 'projector');
      await setLang(host, 'zh-CN');
      expect(await first.textContent()).toMatch(/第 1 局.*1 名玩家 · 1 道题/);
      await checkScreen(host, 'play-again-reports-zh-CN', 'projector');
      await setLang(host, 'en');

      // Game 1's players CSV, from the screen: Ada's points of game 1 (a right answer), not game 2's (a wrong one).
      const past = live.server.room(code).pastGames![0]!.state;
      const adaId = Object.values(past.players).find((p) => p.name === 'Ada')!.id;
      expect(past.players[adaId]!.score).toBeGreaterThan(0);
      expect(live.server.room(code).players[adaId]!.score).toBe(0);
      const scoreIn = async (game: number) => {
        const [file] = await Promise.all([host.waitForEvent('download'), host.locator(`.host-reports__game[data-game="${game}"] [data-report="players"]`).click()]);
        expect(file.suggestedFilename()).toBe(`backprop-arena-${code}-game${game}-players.csv`);
        const rows = parse(await streamText(await file.createReadStream()), { bom: true, columns: true }) as Record<string, string>[];
        const ada = rows.find((row) => Object.values(row).includes('Ada'))!;
        return Number(Object.entries(ada).find(([key]) => /^(total|score|points)$/i.test(key))![1]);
      };
      expect(await scoreIn(1)).toBe(past.players[adaId]!.score);
      expect(await scoreIn(2)).toBe(0);
      // And game 1's questions CSV, named for its game.
      const [questions] = await Promise.all([host.waitForEvent('download'), host.locator('.host-reports__game[data-game="1"] [data-report="questions"]').click()]);
      expect(questions.suggestedFilename()).toBe(`backprop-arena-${code}-game1-questions.csv`);
      expect(await host.locator('.host-reports .error-note').count()).toBe(0);

      // The set-up page still lists the room among this device's games.
      await host.goto(`${live.server.url}/host`);
      await expect.poll(() => host.locator('.setup-recent li').first().textContent()).toContain(code);
    } finally {
      await hostContext.close();
      await phoneContext.close();
    }
  });

  /** Creates a room of `mode` on the projector's set-up page, and seats one phone per language in it. */
  async function modeRoom(mode: 'descent' | 'relay') {
    const { context: hostContext, page: host } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    const phones = await Promise.all(
      (['en', 'zh-CN'] as const).map(async (lang, i) => ({ ...(await openPage(live.browser, { lang, viewport: 'phone' })), name: ['Ada', '小明'][i]! })),
    );
    await host.goto(`${live.server.url}/host`);
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
      await phone.page.goto(`${live.server.url}/play/${code}?name=${encodeURIComponent(phone.name)}`);
      await phone.page.locator('.play-lobby').waitFor();
    }
    return { host, hostContext, phones, code };
  }

  it('a Descent Race podium plays again in the same room: the phones follow to the lobby', async () => {
    const { host, hostContext, phones, code } = await modeRoom('descent');
    try {
      const ids = Object.keys(live.server.room(code).players).sort();
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
      expect(live.server.room(code).phase.phase).toBe('lobby');
      expect(Object.keys(live.server.room(code).players).sort()).toEqual(ids);
      for (const phone of phones) {
        await phone.page.locator('[data-testid="descent-lobby"]').waitFor();
        expect(await phone.page.locator('input[name="nickname"]').count()).toBe(0);
      }
      // The next race starts in the same room, on the same phones.
      await host.getByRole('button', { name: 'Start the game' }).click();
      for (const phone of phones) await phone.page.locator('[data-testid="descent-form"]').waitFor();
      expect(live.server.room(code).questions.map((q) => q.id)).toEqual(['g2q1']);
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
      expect(live.server.room(code).phase.phase).toBe('lobby');
      for (const phone of phones) await phone.page.locator('.play-lobby').waitFor();
    } finally {
      await hostContext.close();
      for (const phone of phones) await phone.context.close();
    }
  });
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
