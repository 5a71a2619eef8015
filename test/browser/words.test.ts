/**
 * Numbers and words on screen, in real Chromium against the real server:
 *
 * - a quiz with three teams and two players, so one team is empty: it is not counted on the
 *   projector's question screen, nor stacked on the podium; the phones' hidden headings are
 *   words, not i18n keys; the Chinese announcement uses a Chinese full stop; with the streak
 *   bonus off no "Streak +0" shows; skipping the last question asks first, as ending the game does;
 * - the set-up offers a relay and a descent race only the options that apply to them, and a
 *   relay's lobby shows no speed bonus;
 * - a relay phone names its problem a relay, and a member waiting for the update link is told
 *   what that link sends, not to work out a "local derivative" η.
 *
 * Screenshots of the changed screens, projector and phone, in both languages.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../shared/engine/index.ts';
import { answerFor, problemFor, sendAnswer, liveGame } from './game-support.ts';
import { browserTestsEnabled, checkScreen, openPage, screenshot, setLang, type ViewportName } from './harness.ts';

const enabled = browserTestsEnabled();
const SHOTS = process.env.SHOTS_DIR ?? null;

/** A key-shaped text ("practice.answer", "play.reveal.points") anywhere in the page, hidden text included. */
async function rawKeys(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => `${document.body.textContent ?? ''} ${[...document.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label')).join(' ')}`);
  return text.match(/\b(?:practice|play|game|host|setup|descent|relay|result|points|standings|problem|kind|error|verdict)\.[a-zA-Z][\w.-]*/g) ?? [];
}

describe.skipIf(!enabled)('numbers and words on screen', () => {
  const live = liveGame();

  async function shot(page: Page, name: string, viewport: ViewportName): Promise<void> {
    await checkScreen(page, `words-${name}`, viewport);
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      copyFileSync(await screenshot(page, `words-${name}`), join(SHOTS, `${name}.png`));
    }
  }

  async function bothLangs(page: Page, name: string, viewport: ViewportName, back: Lang): Promise<void> {
    for (const lang of ['en', 'zh-CN'] as const) {
      await setLang(page, lang);
      await shot(page, `${name}-${lang}`, viewport);
    }
    await setLang(page, back);
  }

  async function joinPhone(code: string, name: string, lang: Lang, team: number): Promise<Page> {
    const { page } = await openPage(live.browser, { lang, viewport: 'phone' });
    await page.goto(`${live.server.url}/play/${code}?name=${encodeURIComponent(name)}`);
    await page.locator('.play-lobby').waitFor();
    await page.locator('.play-lobby__team-button').nth(team).click();
    await expect.poll(() => page.locator('.play-lobby__team-button[aria-pressed="true"]').count()).toBe(1);
    return page;
  }

  it('a quiz with an empty team: counted nowhere; headings and announcements in words; no streak chip; skipping the last question asks', async () => {
    const { context, page: host } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    try {
      await host.goto(`${live.server.url}/host`);
      await host.getByRole('heading', { level: 1, name: 'Host a game' }).waitFor();
      await host.getByLabel('Number of questions').fill('2');
      await host.getByLabel('Seconds per question').fill('600');
      await host.getByLabel('Number of teams').fill('3');
      await host.getByLabel('Number of teams').press('Tab');
      await host.getByRole('radio', { name: 'Students choose' }).check();
      await host.getByRole('button', { name: 'Create the game' }).first().click();
      await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const code = new URL(host.url()).pathname.split('/').pop()!;
      expect(live.server.room(code).config).toMatchObject({ speedBonus: true, streakBonus: false, teams: { count: 3 } });

      const ada = await joinPhone(code, 'Ada', 'en', 0);
      const xiaoming = await joinPhone(code, '小明', 'zh-CN', 1);
      await host.getByRole('button', { name: 'Start the game' }).click();
      await host.locator('.host-question').waitFor();
      for (const phone of [ada, xiaoming]) await phone.locator('.play-question').waitFor();

      // The projector counts answers for the two teams with players, and no "0 of 0".
      await expect.poll(() => host.locator('.host-question__team').count()).toBe(2);
      expect(await host.locator('.host-question__teams').textContent()).not.toContain('0 of 0');
      // The phone's answer section is headed in words.
      expect(await ada.locator('.play-question__answer h2').textContent()).toBe('Your answer');
      expect(await xiaoming.locator('.play-question__answer h2').textContent()).toBe('作答');
      for (const page of [ada, xiaoming, host]) expect(await rawKeys(page)).toEqual([]);
      await shot(host, 'quiz-host-question-en', 'projector');
      await shot(ada, 'quiz-phone-question-en', 'phone');

      const room = () => live.server.room(code);
      const teamOf = (name: string) => Object.values(room().players).find((p) => p.name === name)!.teamId;
      await sendAnswer(ada, problemFor(room(), 0, teamOf('Ada')), answerFor(problemFor(room(), 0, teamOf('Ada')), 'correct'));
      await sendAnswer(xiaoming, problemFor(room(), 0, teamOf('小明')), answerFor(problemFor(room(), 0, teamOf('小明')), 'wrong'));

      // ─── Reveal ───
      await host.locator('.host-reveal').waitFor();
      await ada.locator('[data-testid="own-result"]').waitFor();
      await xiaoming.locator('[data-testid="own-result"]').waitFor();
      // The speed bonus is on, the streak bonus off: the breakdown has no streak line.
      const breakdown = ada.locator('.play-reveal__breakdown');
      await breakdown.waitFor();
      expect(await breakdown.textContent()).toContain('Speed');
      expect.soft(await breakdown.textContent()).not.toContain('Streak');
      // The announcement, in Chinese, with the Chinese full stop.
      const announced = xiaoming.locator('p.visually-hidden[aria-live="polite"]');
      await expect.poll(() => announced.textContent()).toMatch(/^不对/);
      expect.soft(await announced.textContent()).toBe('不对。+0 分');
      expect(await ada.locator('p.visually-hidden[aria-live="polite"]').textContent()).toMatch(/^Correct\. \+[\d,]+ points$/);
      // The reveal's team table lists the two teams that played.
      expect(await host.locator('.host-reveal table tbody tr').filter({ hasText: room().teams[2]!.name }).count()).toBe(0);
      await shot(ada, 'quiz-phone-reveal-en', 'phone');
      await shot(xiaoming, 'quiz-phone-reveal-zh-CN', 'phone');

      await host.locator('.host-next').click();
      await host.locator('.host-leaderboard').waitFor();
      await host.locator('.host-next').click();
      await host.locator('.host-question').waitFor();
      expect(room().phase).toMatchObject({ phase: 'question', index: 1 });

      // ─── The last question: "Skip" asks first; "no" leaves the question open ───
      const asked: string[] = [];
      host.once('dialog', (dialog) => {
        asked.push(dialog.message());
        void dialog.dismiss();
      });
      await host.getByRole('button', { name: 'Skip (not scored)' }).click();
      await expect.poll(() => asked.length).toBe(1);
      expect(asked[0]).toContain('last question');
      expect(room().phase).toMatchObject({ phase: 'question', index: 1 });
      host.once('dialog', (dialog) => void dialog.accept());
      await host.getByRole('button', { name: 'Skip (not scored)' }).click();
      await expect.poll(() => room().phase.phase).toBe('podium');

      // ─── Podium: the two teams that played, the empty one nowhere ───
      await host.locator('.host-podium').waitFor();
      const teamsSection = host.locator('.host-podium__section').first();
      await expect.poll(() => teamsSection.locator('.podium__entry').count()).toBe(2);
      expect(await teamsSection.textContent()).not.toContain(room().teams[2]!.name);
      await bothLangs(host, 'quiz-host-podium', 'projector', 'en');
      await xiaoming.locator('.play-final').waitFor();
      expect(await xiaoming.locator('.play-final').textContent()).not.toContain('共 3 队');
      await shot(xiaoming, 'quiz-phone-final-zh-CN', 'phone');
    } finally {
      await context.close();
    }
  });

  it('relay and descent set-up show only what applies; the relay lobby shows no speed bonus; the relay phone names its problem and the update link', async () => {
    const { context, page: host } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    try {
      await host.goto(`${live.server.url}/host`);
      await host.getByRole('heading', { level: 1, name: 'Host a game' }).waitFor();
      const gone = async (what: string) => {
        for (const name of ['Speed bonus', 'Streak bonus', /changed/i, 'Each team gets its own numbers']) {
          expect(await host.getByRole('checkbox', { name }).count(), `${what}: ${String(name)}`).toBe(0);
        }
        expect(await host.getByLabel('Seconds per question').count(), `${what}: seconds per question`).toBe(0);
        expect(await host.locator('.setup').textContent(), what).not.toContain('The questions ramp');
      };
      // A quiz has them all.
      expect(await host.getByRole('checkbox', { name: 'Speed bonus' }).count()).toBe(1);

      await host.getByRole('radio', { name: /^Descent Race/ }).check();
      await host.locator('[data-testid="setup-descent"]').waitFor();
      await gone('descent');
      expect.soft(await host.getByText('How a proposal becomes the team’s step').count()).toBe(1);
      await host.getByLabel('Seconds per iteration').waitFor();
      await bothLangs(host, 'descent-host-setup', 'projector', 'en');

      await host.getByRole('radio', { name: /Backprop Relay/ }).check();
      await host.getByTestId('setup-mode-about').waitFor();
      await gone('relay');
      await host.getByLabel('Seconds per round').fill('300');
      expect(await host.locator('.setup').textContent()).toContain('Each team always gets its own network');
      await bothLangs(host, 'relay-host-setup', 'projector', 'en');
      await host.getByRole('checkbox', { name: 'Easy', exact: true }).check();
      await host.getByLabel('Number of rounds').fill('1');
      await host.getByLabel('Number of teams').fill('2');
      await host.getByLabel('Number of teams').press('Tab');
      await host.getByRole('radio', { name: 'Students choose' }).check();
      await host.getByRole('button', { name: 'Create the game' }).first().click();
      await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const code = new URL(host.url()).pathname.split('/').pop()!;
      expect(live.server.room(code).config).toMatchObject({ mode: 'relay', speedBonus: false, streakBonus: false, allowAnswerChange: false, teams: { variants: true } });
      const summary = host.locator('.settings-summary');
      await summary.waitFor();
      expect(await summary.textContent()).not.toContain('Speed bonus');

      // Two members of one team: Ada holds links 1 and 3, Bo links 2 and 4 (the update, × η).
      const ada = await joinPhone(code, 'Ada', 'en', 0);
      const bo = await joinPhone(code, 'Bo', 'en', 0);
      await bothLangs(host, 'relay-host-lobby', 'projector', 'en');
      await host.getByRole('button', { name: 'Start the game' }).click();
      await host.locator('.relay-host').waitFor();
      const room = live.server.room(code);
      const holders = room.questions[0]!.relay!.t1!.holders.map((id) => room.players[id]!.name);
      expect(holders).toEqual(['Ada', 'Bo', 'Ada', 'Bo']);
      const problem = problemFor(room, 0, 't1');
      expect(problem.steps!.map((s) => s.asks).at(-1)).toMatch(/'$/);

      // The phone calls its problem a relay, not "Backprop step by step".
      await bo.locator('.problem__kind').waitFor();
      expect(await bo.locator('.problem__kind').textContent()).toBe('Backprop Relay');
      for (const page of [ada, bo]) expect(await rawKeys(page)).toEqual([]);

      const send = async (page: Page, value: number) => {
        await page.locator('[data-testid="relay-turn"]').waitFor();
        await page.locator('.keypad__input').fill(String(Number(value.toPrecision(6))));
        await page.locator('.keypad__submit').click();
        await page.locator('[data-testid="relay-turn"]').waitFor({ state: 'detached' });
      };
      await send(ada, problem.steps![0]!.answer as number);
      await send(bo, problem.steps![1]!.answer as number);
      // Bo now waits for link 4, the update: told what it sends, not to find a "local derivative" η.
      const prepare = bo.locator('.relay-wait__prepare');
      await prepare.waitFor();
      const text = (await prepare.textContent())!;
      expect(text).not.toContain('local derivative');
      expect(text).toContain('link 4, the gradient-descent step');
      await bo.locator('[data-testid="relay-prepare-update"] .katex').waitFor();
      await shot(bo, 'relay-phone-waiting-update-en', 'phone');
      await setLang(bo, 'zh-CN');
      expect(await bo.locator('.problem__kind').textContent()).toBe('反向传播接力');
      expect(await bo.locator('.relay-wait__prepare').textContent()).not.toContain('局部导数');
      await shot(bo, 'relay-phone-waiting-update-zh-CN', 'phone');
    } finally {
      await context.close();
    }
  });
});
