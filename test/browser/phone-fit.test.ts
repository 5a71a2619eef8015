/**
 * The phone's question screen on a 360×740 phone, for every kind of question and every mode:
 * the question, the keypad (or the choices) and Send fit one screen (Send's bottom at most 740
 * without scrolling), and the time left stays in view while the student types. Screenshots in
 * English and Chinese.
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createRoom, startGame } from '../../client/room/host-actions.ts';
import { type RoomStore, createRoomStore } from '../../client/room/room-connection.ts';
import { PROBLEM_KINDS, STEP_KINDS } from '../../shared/engine/index.ts';
import type { RoomConfigInput } from '../../shared/protocol/index.ts';
import { DeviceStorage, liveGame } from './game-support.ts';
import { browserTestsEnabled, checkScreen, openPage } from './harness.ts';

const enabled = browserTestsEnabled();
const HEIGHT = 740;

interface Screen {
  name: string;
  config: RoomConfigInput;
  /** What the phone waits for before measuring. */
  ready: string;
}

const SCREENS: Screen[] = [
  ...PROBLEM_KINDS.filter((kind) => !STEP_KINDS.includes(kind)).map((kind) => ({
    name: `quiz-${kind}`,
    config: { kinds: [kind], difficulties: [3] } as RoomConfigInput,
    ready: '.play-question',
  })),
  { name: 'chain-steps', config: { mode: 'chain-steps', kinds: ['chain-steps'], difficulties: [3] }, ready: '.play-question' },
  // Nine steps through a 1-2-1 network, the longest set-up text of the step kinds.
  { name: 'branch-steps', config: { mode: 'chain-steps', kinds: ['branch-steps'], difficulties: [2] }, ready: '.play-question' },
  { name: 'relay', config: { mode: 'relay', difficulties: [3], teams: { count: 2 } }, ready: '.keypad__submit' },
  { name: 'descent', config: { mode: 'descent', difficulties: [3], teams: { count: 2 }, descent: { confirm: 'captain' } }, ready: '.keypad__submit' },
];

describe.skipIf(!enabled)('the phone question screen fits a 360×740 phone', () => {
  const live = liveGame();
  const hosts: RoomStore[] = [];
  // Registered after the live game's, so it runs before it: the host stores go before the server.
  afterAll(() => {
    for (const host of hosts) host.dispose();
  });

  /** The send button's and the countdown's boxes, in the viewport as the student sees it. */
  function boxes(page: Page) {
    return page.evaluate(() => {
      const send = document.querySelector('.keypad__submit, .play-question__send');
      const countdown = document.querySelector('.countdown');
      const box = (el: Element | null) => (el ? { top: el.getBoundingClientRect().top, bottom: el.getBoundingClientRect().bottom } : null);
      return { send: box(send), countdown: box(countdown), scrollY: window.scrollY };
    });
  }

  for (const screen of SCREENS) {
    it(`${screen.name}: Send within the first screen, the time left in view while typing`, async () => {
      const storage = new DeviceStorage();
      const created = await createRoom({ questionCount: 1, timeLimitSec: 120, ...screen.config }, { storage, url: live.server.url });
      if (!created.ok) throw new Error(created.error.code);
      const code = created.data.code;
      const host = createRoomStore({ code, role: 'host', storage, url: live.server.url, win: null });
      hosts.push(host);
      await expect.poll(() => host.hostSnapshot.value?.phase.phase).toBe('lobby');
      const phones = await Promise.all((['en', 'zh-CN'] as const).map((lang) => openPage(live.browser, { lang, viewport: 'phone' })));
      try {
        for (const [i, { page }] of phones.entries()) {
          await page.goto(`${live.server.url}/play/${code}?name=${['Ada', '小明'][i]}`);
          await page.locator('.play-lobby').waitFor();
        }
        expect((await startGame(host)).ok).toBe(true);
        for (const [i, { page }] of phones.entries()) {
          const lang = i === 0 ? 'en' : 'zh-CN';
          await page.locator(screen.ready).first().waitFor();
          await page.waitForFunction(() => document.querySelectorAll('.math--plain').length === 0, undefined, { timeout: 15_000 });
          await page.evaluate(() => window.scrollTo(0, 0));
          // What the student sees first, before any check: a failure shows what failed.
          await page.screenshot({ path: `test-results/screenshots/phone-fit-${screen.name}-${lang}.png` });
          const first = await boxes(page);
          expect(first.send, `${screen.name} (${lang}): no Send button`).not.toBeNull();
          expect(first.send!.bottom, `${screen.name} (${lang}): Send's bottom`).toBeLessThanOrEqual(HEIGHT);
          // Typing (the field focused, the page as the phone scrolls it): the time left stays on screen.
          const input = page.locator('.keypad__input');
          if ((await input.count()) > 0) {
            await input.first().click();
            await page.keyboard.type('0.25');
            await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
            const typing = await boxes(page);
            expect(typing.countdown, `${screen.name} (${lang}): no countdown`).not.toBeNull();
            expect(typing.countdown!.top, `${screen.name} (${lang}): countdown above the screen`).toBeGreaterThanOrEqual(0);
            expect(typing.countdown!.bottom, `${screen.name} (${lang}): countdown below the screen`).toBeLessThanOrEqual(HEIGHT);
            await page.evaluate(() => window.scrollTo(0, 0));
          }
          await checkScreen(page, `phone-fit-${screen.name}-full-${lang}`, 'phone');
          // A long problem text shows its first lines; the student opens the rest, and closes it again.
          if (screen.name === 'quiz-deep-chain') {
            const toggle = page.locator('.problem__setup-toggle');
            expect(await toggle.getAttribute('aria-expanded')).toBe('false');
            const setup = page.locator('.problem__setup');
            const closed = (await setup.boundingBox())!.height;
            await toggle.click();
            expect(await toggle.getAttribute('aria-expanded')).toBe('true');
            expect((await setup.boundingBox())!.height).toBeGreaterThan(closed + 20);
            await checkScreen(page, `phone-fit-${screen.name}-open-${lang}`, 'phone');
            await toggle.click();
            expect(await toggle.getAttribute('aria-expanded')).toBe('false');
          }
        }
      } finally {
        for (const { context } of phones) await context.close();
      }
    });
  }
});
