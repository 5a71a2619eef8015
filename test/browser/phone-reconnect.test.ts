/**
 * A phone in real Chromium losing its network mid-question: the answer it sends meanwhile
 * waits on the phone ("will be sent when connected") and goes out when the network is back,
 * graded; no stale "Not connected" stays under the keypad; and when the question closed
 * meanwhile, the phone says plainly that the answer was not sent. Plus the join link: the
 * cursor waits in the nickname field, and a nickname cut at 20 characters says so.
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createRoom, endQuestion, startGame } from '../../client/room/host-actions.ts';
import { type RoomStore, createRoomStore } from '../../client/room/room-connection.ts';
import type { RoomConfigInput } from '../../shared/protocol/index.ts';
import { answerFor, DeviceStorage, liveGame } from './game-support.ts';
import { browserTestsEnabled, checkScreen, openPage } from './harness.ts';

const enabled = browserTestsEnabled();

describe.skipIf(!enabled)('a phone that loses its network, and the join link', () => {
  const live = liveGame();
  const hosts: RoomStore[] = [];
  // Registered after the live game's, so it runs before it: the host stores go before the server.
  afterAll(() => {
    for (const host of hosts) host.dispose();
  });

  async function newRoom(config: RoomConfigInput) {
    const storage = new DeviceStorage();
    const created = await createRoom({ questionCount: 1, timeLimitSec: 120, kinds: ['chain-gradient'], ...config }, { storage, url: live.server.url });
    if (!created.ok) throw new Error(created.error.code);
    const host = createRoomStore({ code: created.data.code, role: 'host', storage, url: live.server.url, win: null });
    hosts.push(host);
    await expect.poll(() => host.hostSnapshot.value?.phase.phase).toBe('lobby');
    return { code: created.data.code, host };
  }

  async function joinedPhone(code: string, name: string, lang: 'en' | 'zh-CN' = 'en') {
    const phone = await openPage(live.browser, { lang, viewport: 'phone' });
    await phone.page.goto(`${live.server.url}/play/${code}?name=${encodeURIComponent(name)}`);
    await phone.page.locator('.play-lobby').waitFor();
    return phone;
  }

  async function typeAnswer(page: Page, text: string) {
    await page.locator('.keypad__input').fill(text);
    await page.locator('.keypad__submit').click();
  }

  it('an answer sent offline is queued, sent on reconnect and graded, with no stale error', async () => {
    const { code, host } = await newRoom({});
    const { context, page } = await joinedPhone(code, 'Ada');
    try {
      expect((await startGame(host)).ok).toBe(true);
      await page.locator('.play-question').waitFor();
      const problem = live.server.room(code).questions[0]!.problem;

      await context.setOffline(true);
      await page.locator('.connection-banner--reconnecting').waitFor({ timeout: 10_000 });
      await typeAnswer(page, answerFor(problem, 'correct'));
      await page.getByTestId('answer-queued').waitFor({ timeout: 5_000 });
      expect(await page.getByTestId('answer-queued').textContent()).toContain('will be sent when connected');
      await checkScreen(page, 'phone-answer-queued-en', 'phone');
      expect(Object.keys(live.server.room(code).questions[0]!.submissions)).toHaveLength(0);

      await context.setOffline(false);
      // The only player answered: the question closes and the phone shows its graded result.
      await page.locator('[data-testid="own-result"]').waitFor({ timeout: 20_000 });
      expect(await page.locator('[data-testid="own-result"]').textContent()).toContain('Correct');
      const submissions = Object.values(live.server.room(code).questions[0]!.submissions);
      expect(submissions).toHaveLength(1);
      expect(submissions[0]!.steps[0]!.status).toBe('correct');
      await page.locator('[data-testid="connection-banner"]').waitFor({ state: 'detached', timeout: 20_000 });
      expect(await page.locator('.error-note').count()).toBe(0);
      expect(await page.getByTestId('answer-queued').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('an answer queued while the question closes is said to be not sent (zh-CN)', async () => {
    const { code, host } = await newRoom({});
    const { context, page } = await joinedPhone(code, '小明', 'zh-CN');
    try {
      expect((await startGame(host)).ok).toBe(true);
      await page.locator('.play-question').waitFor();
      const question = live.server.room(code).questions[0]!;
      await context.setOffline(true);
      await page.locator('.connection-banner--reconnecting').waitFor({ timeout: 10_000 });
      await typeAnswer(page, answerFor(question.problem, 'correct'));
      await page.getByTestId('answer-queued').waitFor({ timeout: 5_000 });
      expect(await page.getByTestId('answer-queued').textContent()).toContain('连接恢复后');
      expect((await endQuestion(host, question.id)).ok).toBe(true);
      await context.setOffline(false);
      await page.getByTestId('answer-not-sent').waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('answer-not-sent').textContent()).toContain('没有提交');
      expect(Object.keys(live.server.room(code).questions[0]!.submissions)).toHaveLength(0);
      await checkScreen(page, 'phone-answer-not-sent-zh-CN', 'phone');
    } finally {
      await context.close();
    }
  });

  /** The phone's team and its members' ids, as the server has them. */
  function teamOf(code: string, name: string) {
    const player = Object.values(live.server.room(code).players).find((p) => p.name === name)!;
    return player.teamId!;
  }

  it('a relay link sent offline is queued and sent once on reconnect, with no stale "Not connected"', async () => {
    const { code, host } = await newRoom({ mode: 'relay', teams: { count: 2 } });
    const { context, page } = await joinedPhone(code, 'Bo');
    try {
      expect((await startGame(host)).ok).toBe(true);
      await page.locator('.keypad__submit').waitFor();
      const teamId = teamOf(code, 'Bo');
      const run = () => live.server.room(code).questions[0]!.relay![teamId]!;
      await context.setOffline(true);
      await page.locator('.connection-banner--reconnecting').waitFor({ timeout: 10_000 });
      await typeAnswer(page, '0.5');
      await page.getByTestId('answer-queued').waitFor({ timeout: 5_000 });
      expect(await page.getByTestId('answer-queued').textContent()).toContain('will be sent when connected');
      expect(await page.getByTestId('answer-queued').textContent()).toContain('0.5');
      await checkScreen(page, 'phone-relay-link-queued-en', 'phone');
      expect(run().results[0]).toBeNull();

      await context.setOffline(false);
      await expect.poll(() => run().results[0]?.raw ?? null, { timeout: 20_000 }).toBe('0.5');
      await page.locator('[data-testid="connection-banner"]').waitFor({ state: 'detached', timeout: 20_000 });
      await expect.poll(() => page.getByTestId('answer-queued').count(), { timeout: 5_000 }).toBe(0);
      expect(await page.locator('.error-note').count()).toBe(0);
      // Sent once: the link has one result, and the phone holds the next link.
      expect(run().results.filter((r) => r !== null)).toHaveLength(1);
    } finally {
      await context.close();
    }
  });

  /** Types w′ (and b′ when the task trains the bias) on the step form and proposes it. */
  async function typeStep(page: Page, w: string, b: string) {
    await typeAnswer(page, w);
    if ((await page.locator('.descent-form__field').count()) > 0) {
      await page.locator('.descent-form__field[aria-pressed="true"]', { hasText: 'b′' }).waitFor();
      await typeAnswer(page, b);
    }
  }

  it("a descent step proposed offline is queued and becomes the captain's team's step on reconnect", async () => {
    const { code, host } = await newRoom({ mode: 'descent', teams: { count: 2 }, descent: { confirm: 'captain' } });
    const { context, page } = await joinedPhone(code, 'Cy');
    try {
      expect((await startGame(host)).ok).toBe(true);
      await page.locator('[data-testid="descent-form"] .keypad__submit').waitFor();
      const teamId = teamOf(code, 'Cy');
      const run = () => live.server.room(code).descent!.runs[teamId]!;
      await context.setOffline(true);
      await page.locator('.connection-banner--reconnecting').waitFor({ timeout: 10_000 });
      await typeStep(page, '0.25', '0.125');
      await page.getByTestId('answer-queued').waitFor({ timeout: 5_000 });
      expect(await page.getByTestId('answer-queued').textContent()).toContain('will be sent when connected');
      expect(await page.getByTestId('answer-queued').textContent()).toContain('0.25');
      await checkScreen(page, 'phone-descent-step-queued-en', 'phone');
      expect(run().proposals).toHaveLength(0);

      await context.setOffline(false);
      // The only team's captain proposed: the step is the team's, the iteration closes and the phone shows its verdict.
      await page.locator('[data-testid="own-result"]').waitFor({ timeout: 20_000 });
      expect(run().history).toHaveLength(1);
      expect(run().history[0]!.submitted).toMatchObject({ w: '0.25' });
      await page.locator('[data-testid="connection-banner"]').waitFor({ state: 'detached', timeout: 20_000 });
      expect(await page.locator('.error-note').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('a descent step queued while the iteration closes is said to be not sent (zh-CN)', async () => {
    const { code, host } = await newRoom({ mode: 'descent', teams: { count: 2 }, descent: { confirm: 'captain' } });
    const { context, page } = await joinedPhone(code, '小刚', 'zh-CN');
    try {
      expect((await startGame(host)).ok).toBe(true);
      await page.locator('[data-testid="descent-form"] .keypad__submit').waitFor();
      const teamId = teamOf(code, '小刚');
      await context.setOffline(true);
      await page.locator('.connection-banner--reconnecting').waitFor({ timeout: 10_000 });
      await typeStep(page, '0.25', '0.125');
      await page.getByTestId('answer-queued').waitFor({ timeout: 5_000 });
      expect(await page.getByTestId('answer-queued').textContent()).toContain('连接恢复后');
      expect((await endQuestion(host, live.server.room(code).questions[0]!.id)).ok).toBe(true);
      await context.setOffline(false);
      await page.getByTestId('answer-not-sent').waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('answer-not-sent').textContent()).toContain('没有提交');
      expect(await page.getByTestId('answer-not-sent').textContent()).toContain('0.25');
      expect(await page.getByTestId('answer-not-sent').textContent()).toContain('本次迭代');
      expect(live.server.room(code).descent!.runs[teamId]!.proposals).toHaveLength(0);
      await checkScreen(page, 'phone-descent-not-sent-zh-CN', 'phone');
    } finally {
      await context.close();
    }
  });

  it('the join link puts the cursor in the nickname field, and a nickname cut at 20 characters says so', async () => {
    const { code } = await newRoom({});
    for (const lang of ['en', 'zh-CN'] as const) {
      const { context, page } = await openPage(live.browser, { lang, viewport: 'phone' });
      try {
        await page.goto(`${live.server.url}/join/${code}`);
        const field = page.locator('input[name="nickname"]');
        await field.waitFor();
        await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('nickname');
        expect(await page.getByTestId('name-cut').count()).toBe(0);
        const typed = lang === 'en' ? 'Abcdefghij Klmnopqrstuvwxyz' : '一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅';
        await page.keyboard.type(typed);
        await page.getByTestId('name-cut').waitFor();
        expect(await page.getByTestId('name-cut').textContent()).toContain('20');
        expect([...(await field.inputValue())]).toHaveLength(20);
        await checkScreen(page, `phone-join-name-cut-${lang}`, 'phone');
        await page.locator('.home__join-button').click();
        await page.locator('.play-lobby').waitFor();
        expect(Object.values(live.server.room(code).players).map((p) => p.name)).toContain([...typed].slice(0, 20).join(''));
        await context.close();
        const again = await openPage(live.browser, { lang, viewport: 'phone' });
        await again.page.goto(`${live.server.url}/play/${code}?name=${encodeURIComponent(`${lang} Zyxwvutsrq Ponmlkjihgfedcba`)}`);
        // A link's name too long for the room is not cut silently: the form shows what it became.
        await again.page.getByTestId('name-cut').waitFor();
        expect(await again.page.locator('input[name="nickname"]').inputValue()).toBe([...`${lang} Zyxwvutsrq Ponmlkjih`].slice(0, 20).join(''));
        await again.context.close();
      } finally {
        await context.close().catch(() => undefined);
      }
    }
  });
});
