/**
 * A room that plays a question set, on the real screens: the source example as a numeric item with a
 * note, a ×2 multiple-choice item with two right choices (LaTeX in one), an untimed ×0 generated item.
 * Two phones (en, zh-CN) answer each question; the projector and the phones show the badges, no
 * countdown on the untimed question, the note and every right choice at the reveal; axe on each screen.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SEED_NETWORK } from '../../shared/engine/index.ts';
import type { SetSnapshotInput } from '../../shared/question-sets/index.ts';
import { TestClient } from '../server/support.ts';
import { answerFor, liveGame, problemFor, sendAnswer } from './game-support.ts';
import { SCREENSHOT_DIR, type ViewportName, browserTestsEnabled, checkScreen, openPage, setLang } from './harness.ts';

const NOTE = 'This is the example from p. 42: $x = 0.5$';
const EXPLANATION = 'A small derivative, multiplied layer after layer, shrinks towards $0$.';
const CHOICES = [
  { text: "$\\sigma'(z) \\le 0.25$ in every layer, however long the chain of layers grows", correct: true },
  { text: 'A learning rate of 0.01', correct: false },
  { text: 'Saturated activations', correct: true },
  { text: 'A positive target', correct: false },
];
const SET = {
  id: 'set_period3',
  title: 'Vanishing gradients, period 3',
  lang: 'en',
  items: [
    { type: 'numeric', network: SEED_NETWORK, asks: ['dL/dw'], note: NOTE },
    { type: 'choice', question: 'Which of these make the gradient vanish in a deep sigmoid network?', choices: CHOICES, explanation: EXPLANATION, points: 2 },
    { type: 'generated', kind: 'forward', difficulty: 1, timeLimitSec: null, points: 0 },
  ],
} satisfies SetSnapshotInput;
const RIGHT_IDS = CHOICES.flatMap((choice, i) => (choice.correct ? ['abcdef'[i]!] : []));
/** Where the screenshots are also copied for a person to look at (optional). */
const LOOK_DIR = process.env.SHOTS_DIR;

const live = liveGame();

async function look(page: Page, name: string, viewport: ViewportName): Promise<void> {
  await checkScreen(page, `set-room-${name}`, viewport);
  if (LOOK_DIR) {
    mkdirSync(LOOK_DIR, { recursive: true });
    copyFileSync(join(SCREENSHOT_DIR, `set-room-${name}.png`), join(LOOK_DIR, `${name}.png`));
  }
}

/** The projector in both languages: a screenshot and axe in each, back to English after. */
async function lookBoth(page: Page, name: string): Promise<void> {
  await look(page, `${name}-en`, 'projector');
  await setLang(page, 'zh-CN');
  await look(page, `${name}-zh-CN`, 'projector');
  await setLang(page, 'en');
}

const text = (page: Page, selector: string) => page.locator(selector).innerText();

describe.skipIf(!browserTestsEnabled())('a room that plays a question set, on the screens', () => {
  it('shows the set in the lobby, the badges, no countdown when untimed, every right choice and the note at the reveal', async () => {
    const teacher = await TestClient.connect(live.server.url);
    const contexts: BrowserContext[] = [];
    try {
      const { code, hostToken } = await teacher.ok('room:create', { config: { title: 'Period 3', timeLimitSec: 60, set: SET } });
      teacher.close();

      const projector = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
      contexts.push(projector.context);
      const host = projector.page;
      // The host's seat as the set-up page would have saved it.
      await host.addInitScript(
        ([key, seat]) => window.localStorage.setItem(key!, seat!),
        [`backprop-arena.seat.host.${code}`, JSON.stringify({ token: hostToken, savedAt: Date.now() })],
      );
      await host.goto(`${live.server.url}/host/${code}`);
      await host.locator('.host-lobby__start').waitFor();

      const phones: { page: Page; lang: 'en' | 'zh-CN' }[] = [];
      for (const [lang, name] of [['en', 'Ada'], ['zh-CN', 'Bo']] as const) {
        const phone = await openPage(live.browser, { lang, viewport: 'phone' });
        contexts.push(phone.context);
        await phone.page.goto(`${live.server.url}/play/${code}?name=${name}`);
        await phone.page.locator('.play-lobby').waitFor();
        phones.push({ page: phone.page, lang });
      }
      // The phone lobby names the set.
      expect(await text(phones[0]!.page, '.play-lobby')).toContain(SET.title);
      expect(await text(phones[1]!.page, '.play-lobby')).toContain(SET.title);

      // The lobby names the set instead of the generated settings' kinds and difficulties.
      await expect.poll(() => text(host, '.host-lobby')).toContain('2 players');
      const summary = await text(host, '.settings-summary');
      expect(summary).toContain(`Question set: ${SET.title} · 3 items`);
      expect(summary).not.toContain('Forward pass');
      expect(summary).not.toContain('Easy');
      await lookBoth(host, 'lobby');
      expect(await text(host, '.settings-summary')).toContain(`Question set: ${SET.title} · 3 items`);
      await setLang(host, 'zh-CN');
      expect(await text(host, '.settings-summary')).toContain(`题集：${SET.title} · 3 道题`);
      await setLang(host, 'en');
      await look(phones[1]!.page, 'phone-lobby-zh-CN', 'phone');

      await host.locator('.host-lobby__start').click();

      // ── Question 1: the source example, dL/dw, timed by the room, with a note ──
      await host.locator('.host-question').waitFor();
      expect(await host.locator('[data-testid="points-badge"]').count()).toBe(0);
      expect(await host.locator('.countdown__track').count()).toBe(1);
      for (const { page } of phones) {
        await page.locator('.play-question').waitFor();
        await sendAnswer(page, problemFor(live.server.room(code), 0, null), answerFor(problemFor(live.server.room(code), 0, null), 'correct'));
      }
      await host.locator('.host-reveal').waitFor();
      const hostNote = host.locator('[data-testid="answer-note"]');
      await expect.poll(() => hostNote.innerText()).toContain('This is the example from p. 42');
      expect(await hostNote.innerText()).toContain("Teacher's note");
      expect(await hostNote.locator('.katex').count()).toBeGreaterThan(0);
      for (const { page, lang } of phones) {
        await page.locator('.play-reveal').waitFor();
        const note = page.locator('[data-testid="answer-note"]');
        expect(await note.innerText()).toContain('This is the example from p. 42');
        expect(await note.innerText()).toContain(lang === 'en' ? "Teacher's note" : '老师的说明');
      }
      await host.getByRole('button', { name: 'Show the leaderboard' }).click();
      await host.getByRole('button', { name: 'Next question' }).click();

      // ── Question 2: multiple choice, ×2, two right choices ──
      await host.locator('.host-question').waitFor();
      await expect.poll(() => host.locator('[data-testid="points-badge"]').innerText()).toBe('Double points');
      expect(await host.locator('.problem__choice .katex').count()).toBeGreaterThan(0);
      await lookBoth(host, 'choice-question');
      for (const { page, lang } of phones) {
        await page.locator('.play-question .problem__choices').waitFor();
        expect(await text(page, '[data-testid="points-badge"]')).toBe(lang === 'en' ? 'Double points' : '双倍积分');
        // Every choice a big tap target, the long one wrapping inside the phone's width.
        for (const box of await Promise.all((await page.locator('.problem__choice').all()).map((c) => c.boundingBox()))) {
          expect(box!.height).toBeGreaterThanOrEqual(48);
          expect(box!.x + box!.width).toBeLessThanOrEqual(360);
        }
        await look(page, `phone-choice-question-${lang}`, 'phone');
      }
      const choiceProblem = problemFor(live.server.room(code), 1, null);
      await sendAnswer(phones[0]!.page, choiceProblem, RIGHT_IDS[0]!);
      await sendAnswer(phones[1]!.page, choiceProblem, RIGHT_IDS[1]!);

      await host.locator('.host-reveal').waitFor();
      const rightLabels = ['in every layer, however long', 'Saturated activations'];
      const hostAnswer = host.locator('[data-testid="host-correct-answer"]');
      await expect.poll(() => hostAnswer.innerText()).toContain(rightLabels[1]);
      expect(await hostAnswer.innerText()).toContain(rightLabels[0]);
      expect(await hostAnswer.innerText()).toContain('Any of these was right');
      expect(await host.locator('[data-testid="answer-note"]').innerText()).toContain('multiplied layer after layer');
      // Both answers were right: two green bars, one per choice.
      expect(await host.locator('.histogram__row--correct').count()).toBe(2);
      await lookBoth(host, 'choice-reveal');
      for (const { page, lang } of phones) {
        await page.locator('.play-reveal').waitFor();
        const answer = await text(page, '[data-testid="correct-answer"]');
        for (const label of rightLabels) expect(answer).toContain(label);
        expect(answer).toContain(lang === 'en' ? 'Any of these was right' : '答对其中任意一个即可');
        expect(await text(page, '[data-testid="answer-note"]')).toContain('multiplied layer after layer');
        await look(page, `phone-choice-reveal-${lang}`, 'phone');
      }
      await host.getByRole('button', { name: 'Show the leaderboard' }).click();
      await host.getByRole('button', { name: 'Next question' }).click();

      // ── Question 3: generated, untimed in a timed room, ×0 ──
      await host.locator('.host-question').waitFor();
      await expect.poll(() => host.locator('[data-testid="points-badge"]').innerText()).toBe('Practice — not scored');
      expect(await host.locator('.countdown').count()).toBe(0);
      // Only the teacher ends it: that control leads.
      expect(await host.locator('.host-controls .button--primary').innerText()).toBe('Close the question now');
      await lookBoth(host, 'untimed-question');
      for (const { page, lang } of phones) {
        await page.locator('.play-question').waitFor();
        expect(await text(page, '[data-testid="points-badge"]')).toBe(lang === 'en' ? 'Practice — not scored' : '练习，不计分');
        expect(await page.locator('.countdown').count()).toBe(0);
        await look(page, `phone-untimed-question-${lang}`, 'phone');
        await sendAnswer(page, problemFor(live.server.room(code), 2, null), answerFor(problemFor(live.server.room(code), 2, null), 'correct'));
      }
      await host.locator('.host-reveal').waitFor();
      // On to the podium (through the final leaderboard).
      for (let i = 0; i < 3 && (await host.locator('.host-podium').count()) === 0; i++) {
        await host.locator('.host-next').click();
        await host.waitForTimeout(300);
      }
      await host.locator('.host-podium').waitFor();
      await lookBoth(host, 'podium');
    } finally {
      teacher.close();
      await Promise.all(contexts.map((context) => context.close()));
    }
  });
});
