/**
 * A question set from the first visit to the podium, in real Chromium against the real server (sets in
 * its SQLite file): on the laptop a teacher authors the source text's worked example, two generated
 * items and a multiple-choice item, sees the phone's preview and the teacher-only answer; on a second
 * device the copied key opens the same library (in Chinese), and "play this set" runs it with three
 * phones to the podium. Every expected answer comes from the engine, never from the page.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SEED_NETWORK, makeProblem, revealsSecret } from '../../shared/engine/index.ts';
import { formatInterval } from '../../shared/engine/format-number.ts';
import type { HostSnapshot } from '../../shared/protocol/index.ts';
import { viewFor } from '../../server/room/view.ts';
import { type Behaviour, answerFor, liveGame, pageText, sendAnswer } from './game-support.ts';
import { type ViewportName, browserTestsEnabled, checkScreen, openPage, waitForMath } from './harness.ts';

const enabled = browserTestsEnabled();
const KEY_ITEM = 'backprop-arena:teacher-key';
const plain = (text: string) => text.replace(/\u2212/g, '-').replace(/\s+/g, ' ').trim();

const NOTE = 'The example from the source text: x = 0.5, w = 0.4, b = 0.1.';
const EXPLANATION = 'Gradient descent moves w against the gradient.';
const sourceExample = makeProblem({ network: SEED_NETWORK, asks: 'dL/dw1' });

describe.skipIf(!enabled)('a question set, authored, moved to another device and played', () => {
  const live = liveGame();
  const contexts: BrowserContext[] = [];
  const open = async (lang: 'en' | 'zh-CN', viewport: ViewportName) => {
    const opened = await openPage(live.browser, { lang, viewport });
    contexts.push(opened.context);
    return opened.page;
  };

  it('from the library to the podium with three phones', async () => {
    const url = live.server.url;
    try {
      // ─── The laptop: the first visit makes the key ───
      const laptop = await open('en', 'projector');
      await laptop.goto(`${url}/library`);
      const panel = laptop.getByTestId('key-panel');
      await panel.waitFor();
      const copied = await panel.getByLabel('Teacher key', { exact: true }).inputValue();
      expect(copied).toMatch(/^tk_/);
      expect(await laptop.evaluate((item) => localStorage.getItem(item), KEY_ITEM)).toBe(copied);
      await checkScreen(laptop, 'sets-library-first-visit-projector-en', 'projector');
      await panel.getByRole('button', { name: 'I have kept it' }).click();

      // ─── The editor: the source example, two generated items, one multiple choice ───
      await laptop.getByRole('link', { name: 'New set' }).click();
      await laptop.getByRole('heading', { name: 'Edit question set', level: 1 }).waitFor();
      await laptop.getByLabel('Title', { exact: true }).fill('Period 3: the worked example');
      await laptop.getByRole('button', { name: '+ Typed network' }).click();
      const numeric = laptop.locator('[data-testid="item"]').first();
      for (const [label, value] of [['x', '0.5'], ['w', '0.4'], ['b', '0.1'], ['ytrue', '0.8'], ['η', '0.01']] as const) {
        await numeric.getByLabel(label, { exact: true }).fill(value);
      }
      await numeric.getByLabel('Activation').selectOption('sigmoid');
      await numeric.getByLabel('Loss').selectOption('mse');
      await numeric.getByLabel('Quantity', { exact: true }).selectOption('dL/dw1');
      await numeric.getByLabel('Note (optional)').fill(NOTE);
      await waitForMath(laptop);

      // The preview is the phone's own prompt; the teacher-only panel has the engine's answer and interval.
      const preview = laptop.locator('[data-testid="phone-problem"]');
      expect(plain(await preview.locator('.problem__prompt').innerText())).toContain('Compute');
      const teacher = laptop.locator('[data-testid="teacher-panel"]');
      const display = sourceExample.solution.find((s) => s.key === sourceExample.asks)!.display;
      expect(await teacher.locator('[data-testid="teacher-answer"] annotation').textContent()).toContain(display);
      const grading = sourceExample.grading;
      if (grading.type !== 'numeric') throw new Error('the source example is numeric');
      const range = formatInterval(grading.lo, grading.hi);
      expect(plain(await teacher.locator('[data-testid="accepted-range"]').innerText())).toContain(`from ${range.lo} to ${range.hi}`);
      // The preview shows no answer: only the teacher's panel does.
      expect(revealsSecret(sourceExample, plain(await preview.innerText()))).toBe(false);
      await checkScreen(laptop, 'sets-editor-source-example-projector-en', 'projector');

      await laptop.getByRole('button', { name: '+ Generated problem' }).click();
      await laptop.locator('[data-testid="item"]').nth(1).getByLabel('Kind of problem').selectOption('chain-gradient');
      await laptop.getByRole('button', { name: '+ Generated problem' }).click();
      await laptop.locator('[data-testid="item"]').nth(2).getByLabel('Kind of problem').selectOption('update');
      await laptop.getByRole('button', { name: '+ Multiple choice' }).click();
      const choice = laptop.locator('[data-testid="item"]').nth(3);
      await choice.getByLabel('Question', { exact: true }).fill('When $\\frac{dL}{dw} < 0$, what does one step of gradient descent do to $w$?');
      await choice.getByLabel('Choice A', { exact: true }).fill('It makes $w$ larger');
      await choice.getByLabel('Choice B', { exact: true }).fill('It makes $w$ smaller');
      await choice.getByLabel('A is right').check();
      await choice.getByLabel('Explanation (optional)').fill(EXPLANATION);
      await laptop.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 15_000 });
      await checkScreen(laptop, 'sets-editor-choice-projector-en', 'projector');
      const setId = new URL(laptop.url()).pathname.split('/').pop()!;
      expect(setId).not.toBe('new');

      // ─── A second device, in Chinese: the copied key pasted in ───
      const second = await open('zh-CN', 'projector');
      await second.goto(`${url}/library`);
      await second.getByTestId('key-panel').waitFor();
      await second.getByText('使用另一台设备的密钥').click();
      await second.getByLabel('另一台设备上的密钥').fill(copied);
      await second.getByRole('button', { name: '使用这把密钥' }).click();
      const own = second.getByTestId('own-sets');
      const card = own.locator('.library-set', { hasText: 'Period 3: the worked example' });
      await card.waitFor();
      expect(await second.evaluate((item) => localStorage.getItem(item), KEY_ITEM)).toBe(copied);
      await checkScreen(second, 'sets-library-second-device-projector-zh-CN', 'projector');
      await card.getByRole('link', { name: '用这个题组开始游戏' }).click();
      await second.waitForURL(new RegExp(`/host\\?set=${setId}$`));
      const summary = second.getByTestId('setup-set-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toContain('4');
      await checkScreen(second, 'sets-setup-chosen-projector-zh-CN', 'projector');
      await second.getByRole('button', { name: '创建游戏' }).first().click();
      await second.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const code = new URL(second.url()).pathname.split('/').pop()!;
      const room = () => live.server.room(code);
      expect(room().config.set).toMatchObject({ id: setId, title: 'Period 3: the worked example' });
      expect(room().config.set!.items.map((i) => i.type)).toEqual(['numeric', 'generated', 'generated', 'choice']);

      // ─── Three phones ───
      const players: { name: string; lang: 'en' | 'zh-CN'; behaviour: Behaviour; page: Page }[] = [];
      for (const [name, lang, behaviour] of [['Ada', 'en', 'correct'], ['小明', 'zh-CN', 'mistake'], ['Cy', 'en', 'wrong']] as const) {
        const page = await open(lang, 'phone');
        await page.goto(`${url}/play/${code}?name=${encodeURIComponent(name)}`);
        await page.locator('.play-lobby').waitFor();
        players.push({ name, lang, behaviour, page });
      }
      await checkScreen(second, 'sets-lobby-projector-zh-CN', 'projector');
      await second.getByRole('button', { name: '开始游戏' }).click();

      for (let index = 0; index < 4; index++) {
        for (const player of players) await player.page.locator('.play-question').waitFor();
        const problem = room().questions[index]!.problem;
        if (index === 0) {
          // The teacher's own numbers, graded as the engine grades them.
          expect(problem.network).toEqual(SEED_NETWORK);
          expect(problem.answer).toBeCloseTo(sourceExample.answer as number, 12);
          for (const player of players) await checkScreen(player.page, `sets-question-1-phone-${player.lang}-${player.name === 'Cy' ? 'b' : 'a'}`, 'phone');
        }
        if (index === 3) {
          expect(problem.kind).toBe('multiple-choice');
          await checkScreen(players[0]!.page, 'sets-question-choice-phone-en', 'phone');
          await checkScreen(players[1]!.page, 'sets-question-choice-phone-zh-CN', 'phone');
          await checkScreen(second, 'sets-question-choice-projector-zh-CN', 'projector');
        }
        for (const player of players) {
          // The source example's named mistake for 小明 on the first question; elsewhere "mistake" may be a plain wrong answer.
          await sendAnswer(player.page, problem, answerFor(problem, player.behaviour));
        }
        // Everyone answered: the question closes by itself.
        await second.locator('.host-reveal').waitFor();
        const results = room().questions[index]!.results!;
        const byName = (name: string) => Object.values(room().players).find((p) => p.name === name)!.id;
        expect(results[byName('Ada')]!.correct).toBe(true);
        expect(results[byName('Cy')]!.correct).toBe(false);
        if (index === 0) {
          expect(results[byName('小明')]!.verdicts[0]!.diagnosis).not.toBeNull();
          await players[1]!.page.locator('.play-verdict__message').waitFor();
          // The teacher's note reaches the reveal.
          await expect.poll(async () => (await pageText(second)).includes(NOTE)).toBe(true);
          await checkScreen(second, 'sets-reveal-1-projector-zh-CN', 'projector');
          await checkScreen(players[1]!.page, 'sets-reveal-1-phone-zh-CN', 'phone');
        }
        if (index === 3) {
          await expect.poll(async () => (await pageText(players[0]!.page)).includes(EXPLANATION)).toBe(true);
          await checkScreen(second, 'sets-reveal-choice-projector-zh-CN', 'projector');
          await checkScreen(players[0]!.page, 'sets-reveal-choice-phone-en', 'phone');
        }
        await second.getByRole('button', { name: '显示排行榜' }).click();
        await second.locator('.host-leaderboard').waitFor();
        await second.getByRole('button', { name: index === 3 ? '显示最终成绩' : '下一题' }).click();
      }

      // ─── The podium: the room's own standings, Ada first ───
      await second.locator('.host-podium').waitFor();
      for (const player of players) await player.page.locator('.play-final').waitFor();
      const standings = (viewFor(room(), { role: 'host' }, Date.now()) as HostSnapshot).standings!;
      expect(standings.final).toBe(true);
      expect(standings.players[0]!.name).toBe('Ada');
      expect(standings.players.find((p) => p.name === 'Ada')!.correct).toBe(4);
      const podium = plain(await second.locator('.host-podium').innerText());
      for (const entry of standings.players) {
        expect(podium).toContain(entry.name);
        expect(podium).toContain(entry.score.toLocaleString('en', { maximumFractionDigits: 1 }));
      }
      await checkScreen(second, 'sets-podium-projector-zh-CN', 'projector');
      await checkScreen(players[0]!.page, 'sets-final-phone-en', 'phone');
    } finally {
      for (const context of contexts.splice(0)) await context.close();
    }
  });
});
