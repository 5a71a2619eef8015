/**
 * The question-set editor in real Chromium against the real server (sets in its SQLite file), with
 * a teacher key made through the API: a teacher authors the source text's worked example and sees
 * the phone's preview and the teacher-only answer, adds generated and multiple-choice items with the
 * keyboard alone, meets an invalid value at its field (and it is not saved), and finds the set
 * saved after a reload. The expected answer comes from the engine here, never from the page.
 */
import { mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PROBLEM_KINDS, SEED_NETWORK, makeProblem } from '../../shared/engine/index.ts';
import { BUILT_IN_SETS } from '../../shared/question-sets/index.ts';
import { formatInterval } from '../../shared/engine/format-number.ts';
import type { SetResult, StoredSet } from '../../shared/protocol/sets.ts';
import type { SetContentInput } from '../../shared/question-sets/schema.ts';
import { liveGame } from './game-support.ts';
import { type ViewportName, browserTestsEnabled, checkScreen, openPage, screenshot, seriousViolations, waitForMath } from './harness.ts';

const enabled = browserTestsEnabled();
const KEY_ITEM = 'backprop-arena:teacher-key';
/** Where to copy the screenshots as well (test-results/screenshots always has them). */
const SHOTS = process.env.SHOTS_DIR ?? null;

/** The text as read, with the typographic minus as a hyphen, so numbers compare as the engine writes them. */
const plain = (text: string) => text.replace(/\u2212/g, '-').replace(/\s+/g, ' ').trim();

async function newKey(url: string): Promise<string> {
  const response = await fetch(`${url}/api/teacher-keys`, { method: 'POST' });
  const body = (await response.json()) as { ok: true; data: { key: string } };
  return body.data.key;
}

async function storedSet(url: string, key: string, id: string): Promise<StoredSet> {
  const response = await fetch(`${url}/api/sets/${encodeURIComponent(id)}`, { headers: { Authorization: `Bearer ${key}` } });
  const body = (await response.json()) as { ok: true; data: SetResult };
  return body.data.set;
}

async function createSet(url: string, key: string, set: SetContentInput): Promise<StoredSet> {
  const response = await fetch(`${url}/api/sets`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(set) });
  const body = (await response.json()) as { ok: true; data: SetResult };
  return body.data.set;
}

async function waitSaved(page: Page): Promise<void> {
  await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 15_000 });
}

/** The id of the element that has the keyboard's focus. */
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** The focused element's accessible-ish name: its label's text. */
const focusedLabel = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    if (!el) return '';
    return (el.labels?.[0]?.textContent ?? el.textContent ?? '').trim();
  });

/** Presses Tab until the focused control's label reads `label` (at most `limit` times). */
async function tabTo(page: Page, label: string | RegExp, limit = 30): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const name = await focusedLabel(page);
    if (typeof label === 'string' ? name === label : label.test(name)) return;
  }
  throw new Error(`no control labelled ${String(label)} within ${limit} tabs`);
}

const sourceExample = makeProblem({ network: SEED_NETWORK, asks: 'dL/dw1' });

describe.skipIf(!enabled)('the question-set editor', () => {
  const live = liveGame();

  it('authors the source example with its preview and teacher-only answer, adds items by keyboard, refuses an invalid value at its field, autosaves and reloads', async () => {
    const url = live.server.url;
    const key = await newKey(url);
    const { context, page } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    await context.addInitScript(([item, value]) => localStorage.setItem(item!, value!), [KEY_ITEM, key]);
    try {
      await page.goto(`${url}/library/new`);
      await page.getByRole('heading', { name: 'Edit question set', level: 1 }).waitFor();
      await page.getByLabel('Title', { exact: true }).fill('Period 3: the worked example');

      // The source text's example, typed in: x, w, b, η, y_true, sigmoid, MSE, asking dL/dw.
      await page.getByRole('button', { name: '+ Typed network' }).click();
      const item = page.locator('[data-testid="item"]').first();
      for (const [label, value] of [['x', '0.5'], ['w', '0.4'], ['b', '0.1'], ['ytrue', '0.8'], ['η', '0.01']] as const) {
        await item.getByLabel(label, { exact: true }).fill(value);
      }
      await item.getByLabel('Activation').selectOption('sigmoid');
      await item.getByLabel('Loss').selectOption('mse');
      await item.getByLabel('Quantity', { exact: true }).selectOption('dL/dw1');
      await waitSaved(page);
      await waitForMath(page);

      // The phone's own prompt, in the set's language.
      const phone = page.locator('[data-testid="phone-problem"]');
      expect(plain(await phone.locator('.problem__prompt').innerText())).toContain('Compute');
      await expect.poll(() => phone.locator('.diagram').count()).toBe(1);

      // The teacher-only answer: ≈ −0.0276, the interval that accepts −0.027 and −0.028, the worked solution.
      const teacher = page.locator('[data-testid="teacher-panel"]');
      expect(await teacher.getByRole('heading', { name: /Only you see this/ }).count()).toBe(1);
      // The LaTeX the answer was typeset from: \frac{dL}{dw} \approx -0.0276.
      const answer = await teacher.locator('[data-testid="teacher-answer"] annotation').textContent();
      const display = sourceExample.solution.find((s) => s.key === sourceExample.asks)!.display;
      expect(answer).toContain(display);
      expect(Number(display)).toBeCloseTo(-0.0276, 4);
      const grading = sourceExample.grading;
      if (grading.type !== 'numeric') throw new Error('the source example is numeric');
      const shown = formatInterval(grading.lo, grading.hi);
      const accepted = plain(await teacher.locator('[data-testid="accepted-range"]').innerText());
      expect(accepted).toBe(`Accepted: from ${shown.lo} to ${shown.hi} (honest rounding)`);
      expect(Number(shown.lo)).toBeLessThanOrEqual(-0.028);
      expect(Number(shown.hi)).toBeGreaterThanOrEqual(-0.027);
      expect(await teacher.locator('.solution__step').count()).toBeGreaterThanOrEqual(4);
      expect(await teacher.locator('.solution__step--asked').count()).toBe(1);
      const mistakes = await teacher.locator('[data-testid="teacher-mistakes"] li').count();
      expect(mistakes).toBe(sourceExample.misconceptions.length);
      expect(mistakes).toBeGreaterThan(0);

      // The other language, with the preview's own switch (the page stays in English).
      await page.getByRole('group', { name: 'Language of the preview' }).getByRole('button', { name: '中文' }).press('Enter');
      await page.locator('[data-testid="preview"][data-lang="zh-CN"]').waitFor();
      await waitForMath(page);
      expect(await phone.locator('.problem__prompt').innerText()).toContain('计算');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await page.getByRole('group', { name: 'Language of the preview' }).getByRole('button', { name: 'English' }).press('Enter');

      // Each team its own numbers: the teacher sees what one team might get, the numbers moved within the same shape.
      expect(await page.locator('[data-testid="teacher-variant"]').count()).toBe(0);
      await item.getByLabel('Each team its own numbers').check();
      const variant = plain(await page.locator('[data-testid="teacher-variant"]').innerText());
      const values = /x = (-?[\d.]+), w = (-?[\d.]+), b = (-?[\d.]+), y_true = (-?[\d.]+)/.exec(variant)!.slice(1).map(Number);
      expect(values).toHaveLength(4);
      expect(values).not.toEqual([0.5, 0.4, 0.1, 0.8]);
      [0.5, 0.4, 0.1, 0.8].forEach((own, i) => expect(Math.abs(values[i]! / own - 1)).toBeLessThanOrEqual(0.31));
      await item.getByLabel('Each team its own numbers').uncheck();

      // Two generated items and a multiple-choice one, with the keyboard alone.
      await page.getByRole('button', { name: '+ Generated problem' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => focusedLabel(page)).toBe('Kind of problem');
      await page.keyboard.press('ArrowDown'); // the next kind in the list
      await tabTo(page, 'Easy');
      await page.keyboard.press('ArrowRight'); // Medium
      await tabTo(page, 'Keep these numbers');
      await page.keyboard.press('Space');

      await page.getByRole('button', { name: '+ Generated problem' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => focusedLabel(page)).toBe('Kind of problem');
      await page.keyboard.press('End'); // the last kind

      await page.getByRole('button', { name: '+ Multiple choice' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => focusedLabel(page)).toBe('Question');
      await page.keyboard.type('Why does w grow when $\\frac{dL}{dw} < 0$?');
      await tabTo(page, 'Choice A');
      await page.keyboard.type('Gradient descent moves against the gradient');
      await tabTo(page, 'Choice B');
      await page.keyboard.type('The loss grows with w');
      await tabTo(page, '+ Add a choice');
      await page.keyboard.press('Enter');
      // The new choice's field takes the focus.
      await expect.poll(() => focusedLabel(page)).toBe('Choice C');
      await page.keyboard.type('Because $y_{\\text{true}} > y$');
      await tabTo(page, 'C is right');
      await page.keyboard.press('Space');
      await waitSaved(page);

      const id = new URL(page.url()).pathname.split('/').pop()!;
      expect(id).not.toBe('new');
      let saved = await storedSet(url, key, id);
      expect(saved.items.map((i) => i.type)).toEqual(['numeric', 'generated', 'generated', 'choice']);
      const [numeric, pinned, unpinned, choice] = saved.items;
      expect(numeric).toMatchObject({ network: SEED_NETWORK, asks: ['dL/dw1'] });
      expect(pinned).toMatchObject({ type: 'generated', kind: 'update', difficulty: 2 });
      expect(pinned!.type === 'generated' && typeof pinned!.seed).toBe('number');
      expect(unpinned).toMatchObject({ type: 'generated', kind: PROBLEM_KINDS[PROBLEM_KINDS.length - 1], difficulty: 1 });
      expect(unpinned!.type === 'generated' && unpinned!.seed).toBeUndefined();
      expect(choice).toMatchObject({ type: 'choice', choices: [{ correct: true }, { correct: false }, { correct: true }] });
      expect(await seriousViolations(page), 'axe, four items').toEqual([]);

      // BCE with a tanh output: the issue is shown at the activation, and the item is not saved.
      await page.locator('[data-testid="item"]').first().getByRole('button', { name: 'Edit' }).click();
      await item.getByLabel('Loss').selectOption('bce');
      await item.getByLabel('Activation').selectOption('tanh');
      const activation = item.getByLabel('Activation');
      await expect.poll(() => activation.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await activation.getAttribute('aria-describedby'))!;
      expect(plain(await page.locator(`#${describedBy.split(' ').pop()}`).innerText())).toBe('Cross-entropy (BCE) needs a sigmoid output layer.');
      await page.locator('[data-testid="save-status"][data-state="partial"]').waitFor();
      expect(plain(await page.locator('[data-testid="save-status"]').innerText())).toMatch(/^Not saved: item 1 has a problem/);
      expect(await page.locator('[data-testid="preview-empty"]').count()).toBe(1);
      expect(await seriousViolations(page), 'axe, an invalid field').toEqual([]);
      // Leaving now would lose the change: the page asks first.
      expect(await page.evaluate(() => !window.dispatchEvent(new Event('beforeunload', { cancelable: true })))).toBe(true);
      saved = await storedSet(url, key, id);
      expect(saved.items[0]).toMatchObject({ network: SEED_NETWORK });
      expect(saved.items).toHaveLength(4);
      // The change to another item still goes out.
      await page.getByLabel('Title', { exact: true }).fill('Period 3 and 4: the worked example');
      await expect.poll(async () => (await storedSet(url, key, id)).title, { timeout: 10_000 }).toBe('Period 3 and 4: the worked example');
      expect((await storedSet(url, key, id)).items[0]).toMatchObject({ network: SEED_NETWORK });

      await activation.selectOption('sigmoid');
      await item.getByLabel('Loss').selectOption('mse');
      await waitSaved(page);
      expect(await page.evaluate(() => window.dispatchEvent(new Event('beforeunload', { cancelable: true })))).toBe(true);

      // Reloaded: the same set, from the server.
      await page.reload();
      await page.locator('[data-testid="item"]').nth(3).waitFor();
      expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe('Period 3 and 4: the worked example');
      expect(await page.locator('[data-testid="item"]').evaluateAll((items) => items.map((i) => i.getAttribute('data-type')))).toEqual(['numeric', 'generated', 'generated', 'choice']);
      await waitSaved(page);
      await waitForMath(page);
      expect(await page.locator('[data-testid="teacher-answer"] annotation').textContent()).toContain(display);
      expect(await seriousViolations(page), 'axe, reloaded').toEqual([]);

      // A second device with the key copied to it opens the same set.
      const second = await openPage(live.browser, { lang: 'zh-CN', viewport: 'phone' });
      try {
        await second.context.addInitScript(([item, value]) => localStorage.setItem(item!, value!), [KEY_ITEM, key]);
        await second.page.goto(`${url}/library/${id}`);
        await second.page.locator('[data-testid="item"]').nth(3).waitFor();
        expect(await second.page.locator('[data-testid="item"]').evaluateAll((items) => items.map((i) => i.getAttribute('data-type')))).toEqual(['numeric', 'generated', 'generated', 'choice']);
        expect(await second.page.getByLabel('标题', { exact: true }).inputValue()).toBe('Period 3 and 4: the worked example');
      } finally {
        await second.context.close();
      }
    } finally {
      await context.close();
    }
  });

  it('moves, duplicates and deletes items with undo from the keyboard, the focus staying on the next action', async () => {
    const url = live.server.url;
    const key = await newKey(url);
    const set = await createSet(url, key, {
      title: 'Order',
      lang: 'en',
      items: [
        { type: 'generated', kind: 'forward', difficulty: 1 },
        { type: 'generated', kind: 'update', difficulty: 2 },
        { type: 'generated', kind: 'direction', difficulty: 3 },
      ],
    });
    const { context, page } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    await context.addInitScript(([item, value]) => localStorage.setItem(item!, value!), [KEY_ITEM, key]);
    const kinds = async () => (await storedSet(url, key, set.id)).items.map((i) => (i.type === 'generated' ? i.kind : i.type));
    const action = (n: number, name: string) => page.locator('[data-testid="item"]').nth(n).getByRole('button', { name: new RegExp(`^Item ${n + 1}: ${name}$`) });
    try {
      await page.goto(`${url}/library/${set.id}`);
      await waitSaved(page);

      await action(0, 'Move down').focus();
      await page.keyboard.press('Enter');
      await expect.poll(kinds).toEqual(['update', 'forward', 'direction']);
      // The moved item's button keeps the focus, so Enter moves it again.
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Item 2: Move down');
      await page.keyboard.press('Enter');
      await expect.poll(kinds).toEqual(['update', 'direction', 'forward']);
      // At the bottom, "Move down" is disabled: the focus is on "Move up".
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Item 3: Move up');

      await action(0, 'Duplicate').focus();
      await page.keyboard.press('Enter');
      await expect.poll(kinds).toEqual(['update', 'update', 'direction', 'forward']);
      await expect.poll(() => focusedLabel(page)).toBe('Kind of problem');

      await action(2, 'Delete').focus();
      await page.keyboard.press('Enter');
      await expect.poll(kinds).toEqual(['update', 'update', 'forward']);
      expect(plain(await page.locator('.editor-undo').innerText())).toBe('Item 3 deleted. Undo');
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Undo');
      expect(await seriousViolations(page), 'axe, after a delete').toEqual([]);
      await page.keyboard.press('Enter');
      await expect.poll(kinds).toEqual(['update', 'update', 'direction', 'forward']);
      await waitSaved(page);

      // The item back from the undo is open: a generated multiple choice (which way w moves), which names its mistake too.
      expect(await action(2, 'Close').count()).toBe(1);
      await page.locator('[data-testid="preview"] .problem__choices').waitFor();
      expect(await page.locator('[data-testid="teacher-mistakes"] li').count()).toBe(1);
    } finally {
      await context.close();
    }
  });

  it("saves an item's own time limit, no time limit and its points, and refuses a time limit out of range at its field", async () => {
    const url = live.server.url;
    const key = await newKey(url);
    const set = await createSet(url, key, { title: 'Timing', lang: 'en', items: [{ type: 'generated', kind: 'forward', difficulty: 1 }, { type: 'generated', kind: 'update', difficulty: 1 }] });
    const { context, page } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    await context.addInitScript(([item, value]) => localStorage.setItem(item!, value!), [KEY_ITEM, key]);
    try {
      await page.goto(`${url}/library/${set.id}`);
      await waitSaved(page);
      const first = page.locator('[data-testid="item"]').nth(0);
      await first.getByLabel('Its own time limit').check();
      const seconds = first.getByLabel('Seconds');
      await seconds.fill('3');
      await expect.poll(() => seconds.getAttribute('aria-invalid')).toBe('true');
      const issueId = (await seconds.getAttribute('aria-describedby'))!;
      expect(plain(await page.locator(`#${issueId}`).innerText())).toBe('A time limit is a whole number of seconds from 5 to 3600.');
      await page.locator('[data-testid="save-status"][data-state="partial"]').waitFor();
      expect((await storedSet(url, key, set.id)).items[0]!.timeLimitSec).toBeUndefined();
      // Reloading now: the browser asks first, and the edit comes back from this device, still refused.
      const asked = new Promise<string>((resolve) => page.once('dialog', (dialog) => void dialog.accept().then(() => resolve(dialog.type()))));
      await page.reload();
      expect(await asked).toBe('beforeunload');
      await page.locator('.editor-note').waitFor();
      expect(plain(await page.locator('.editor-note').innerText())).toBe('Changes that were not saved yet were restored from this device.');
      await expect.poll(() => seconds.inputValue()).toBe('3');
      expect(await seconds.getAttribute('aria-invalid')).toBe('true');
      await seconds.fill('30');
      await first.getByLabel('×2').check();
      await waitSaved(page);

      await page.locator('[data-testid="item"]').nth(1).getByRole('button', { name: 'Item 2: Edit' }).click();
      await page.locator('[data-testid="item"]').nth(1).getByLabel('No time limit').check();
      await page.locator('[data-testid="item"]').nth(1).getByLabel('×0 (practice)').check();
      await waitSaved(page);
      const saved = await storedSet(url, key, set.id);
      expect(saved.items.map((i) => [i.timeLimitSec, i.points])).toEqual([
        [30, 2],
        [null, 0],
      ]);
    } finally {
      await context.close();
    }
  });

  it('opens a built-in set read-only, with "Duplicate to edit" making an own copy', async () => {
    const url = live.server.url;
    const key = await newKey(url);
    const builtIn = BUILT_IN_SETS.find((set) => set.lang === 'en')!;
    const { context, page } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    await context.addInitScript(([item, value]) => localStorage.setItem(item!, value!), [KEY_ITEM, key]);
    try {
      await page.goto(`${url}/library/${encodeURIComponent(builtIn.id!)}`);
      await page.locator('[data-testid="read-only"]').waitFor();
      expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe(builtIn.title);
      expect(await page.getByLabel('Title', { exact: true }).getAttribute('readonly')).not.toBeNull();
      expect(await page.locator('[data-testid="item"]').count()).toBe(builtIn.items.length);
      expect(await page.getByRole('button', { name: '+ Typed network' }).count()).toBe(0);
      expect(await page.locator('[data-testid="item"]').getByRole('button', { name: /Delete|Move up|Duplicate/ }).count()).toBe(0);
      expect(await page.locator('[data-testid="save-status"]').count()).toBe(0);
      await page.locator('[data-testid="teacher-panel"]').waitFor();
      await waitForMath(page);
      expect(await seriousViolations(page), 'axe, read-only').toEqual([]);

      await page.getByRole('button', { name: 'Duplicate to edit' }).click();
      await page.waitForURL((address) => !address.pathname.includes('builtin') && address.pathname.startsWith('/library/'));
      const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
      await waitSaved(page);
      expect(await page.getByLabel('Title', { exact: true }).getAttribute('readonly')).toBeNull();
      const copy = await storedSet(url, key, id);
      expect(copy.title).toBe(builtIn.title);
      expect(copy.items).toEqual(builtIn.items);
    } finally {
      await context.close();
    }
  });

  it('says when the set was saved elsewhere meanwhile, saves nothing over it, and reloads that version', async () => {
    const url = live.server.url;
    const key = await newKey(url);
    const set = await createSet(url, key, { title: 'Period 3', lang: 'en', items: [{ type: 'numeric', network: SEED_NETWORK, asks: ['dL/dw1'] }] });
    const { context, page } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    await context.addInitScript(([item, value]) => localStorage.setItem(item!, value!), [KEY_ITEM, key]);
    try {
      await page.goto(`${url}/library/${set.id}`);
      await waitSaved(page);
      // Another device saves first.
      const other = await fetch(`${url}/api/sets/${set.id}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ set: { title: 'Period 4', lang: 'en', items: set.items }, revision: set.revision }),
      });
      expect(other.status).toBe(200);
      await page.getByLabel('Title', { exact: true }).fill('Period 3, edited here');
      await page.locator('[data-testid="save-status"][data-state="stale"]').waitFor({ timeout: 10_000 });
      expect(plain(await page.locator('[data-testid="save-status"]').innerText())).toMatch(/saved on another device or tab/);
      expect((await storedSet(url, key, set.id)).title).toBe('Period 4');
      expect(await seriousViolations(page), 'axe, stale').toEqual([]);

      await page.getByRole('button', { name: 'Reload the set' }).click();
      await waitSaved(page);
      expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe('Period 4');
    } finally {
      await context.close();
    }
  });

  const CHOICE: Record<'en' | 'zh-CN', { question: string; choices: string[]; explanation: string }> = {
    en: {
      question: 'The gradient is $\\frac{dL}{dw} = -0.027$. What does one step of gradient descent do to $w$?',
      choices: ['$w$ grows: the step moves against the gradient', '$w$ shrinks', '$w$ stays the same'],
      explanation: 'The update is $w \\leftarrow w - \\eta \\cdot \\frac{dL}{dw}$.',
    },
    'zh-CN': {
      question: '梯度为 $\\frac{dL}{dw} = -0.027$。做一步梯度下降后，$w$ 会怎样？',
      choices: ['$w$ 增大：更新沿梯度的反方向', '$w$ 减小', '$w$ 不变'],
      explanation: '更新规则是 $w \\leftarrow w - \\eta \\cdot \\frac{dL}{dw}$。',
    },
  };

  it('warns when the numbers cannot tell the mistake a question is there to catch from the right answer (both languages, both screens)', async () => {
    const url = live.server.url;
    const key = await newKey(url);
    // tanh′(0.02) ≈ 0.9996: forgetting it gives dL/db ≈ −0.78, inside the accepted interval.
    const flat = { x: -0.6, layers: [{ w: 0.8, b: 0.5, activation: 'tanh' as const }], loss: 'mse' as const, target: 0.8, lr: 0.1 };
    for (const lang of ['en', 'zh-CN'] as const) {
      // The teacher-only panel speaks the set's language, as the preview beside it.
      const set = await createSet(url, key, {
        title: lang === 'en' ? 'Untested' : '分不出的错误',
        lang,
        items: [
          { type: 'numeric', network: flat, asks: ['dL/db1'] },
          { type: 'numeric', network: SEED_NETWORK, asks: ['dL/dw1'] },
        ],
      });
      for (const viewport of ['projector', 'phone'] as const satisfies readonly ViewportName[]) {
        const { context, page } = await openPage(live.browser, { lang, viewport });
        await context.addInitScript(([item, value]) => localStorage.setItem(item!, value!), [KEY_ITEM, key]);
        try {
          await page.goto(`${url}/library/${set.id}`);
          await page.locator('[data-testid="teacher-panel"]').waitFor();
          const warning = page.locator('[data-testid="untested-mistakes"]');
          await warning.waitFor();
          expect(await warning.locator('li').count()).toBe(1);
          const said = plain(await warning.innerText());
          expect(said).toContain(lang === 'en' ? 'graded correct' : '会被判为正确');
          expect(said).toContain(lang === 'en' ? "You forgot the activation's derivative" : '你漏乘了激活函数的导数');
          await page.addStyleTag({ content: '.editor__side { position: static !important; max-height: none !important; }' });
          await checkScreen(page, `editor-untested-${lang}-${viewport}`, viewport);
          // The source text's example tests what it asks: no warning.
          await page.locator('[data-testid="item"]').nth(1).locator('button[aria-expanded="false"]').click();
          await expect.poll(() => page.locator('[data-testid="teacher-answer"]').innerText()).toContain('0.0276');
          expect(await warning.count()).toBe(0);
        } finally {
          await context.close();
        }
      }
    }
  });

  for (const lang of ['en', 'zh-CN'] as const) {
    for (const viewport of ['projector', 'phone'] as const satisfies readonly ViewportName[]) {
      it(`looks right: the source example, a choice item and an invalid field (${lang}, ${viewport})`, async () => {
        const url = live.server.url;
        const key = await newKey(url);
        const text = CHOICE[lang];
        const set = await createSet(url, key, {
          title: lang === 'en' ? 'The worked example' : '例题',
          lang,
          items: [
            { type: 'numeric', network: SEED_NETWORK, asks: ['dL/dw1'], variants: true, note: lang === 'en' ? 'The example from the source text.' : '原文中的例题。' },
            { type: 'choice', question: text.question, choices: text.choices.map((c, i) => ({ text: c, correct: i === 0 })), explanation: text.explanation },
          ],
        });
        const { context, page } = await openPage(live.browser, { lang, viewport });
        await context.addInitScript(([item, value]) => localStorage.setItem(item!, value!), [KEY_ITEM, key]);
        if (SHOTS) mkdirSync(SHOTS, { recursive: true });
        const shot = async (name: string) => {
          const full = `editor-${name}-${lang}-${viewport}`;
          // The preview column scrolls on its own beside the form; the picture shows it whole.
          await page.addStyleTag({ content: '.editor__side { position: static !important; max-height: none !important; }' });
          await checkScreen(page, full, viewport);
          if (SHOTS) copyFileSync(await screenshot(page, full), join(SHOTS, `${full}.png`));
        };
        try {
          await page.goto(`${url}/library/${set.id}`);
          await page.locator('[data-testid="teacher-panel"]').waitFor();
          await waitSaved(page);
          await shot('example');

          const items = page.locator('[data-testid="item"]');
          await items.nth(1).locator('button[aria-expanded="false"]').click();
          await page.locator('[data-testid="preview"] .problem__choices').waitFor();
          await shot('choice');

          await items.nth(0).locator('button[aria-expanded="false"]').click();
          await items.nth(0).locator('select[id$="-network-loss"]').selectOption('bce');
          await items.nth(0).locator('select[id$="-network-layers-0-activation"]').selectOption('tanh');
          await page.locator('[data-testid="field-issue"]').first().waitFor();
          await page.locator('[data-testid="save-status"][data-state="partial"]').waitFor();
          await shot('invalid');

          // Step by step, the whole procedure; then a generated item with its numbers.
          await items.nth(0).locator('select[id$="-network-layers-0-activation"]').selectOption('sigmoid');
          await items.nth(0).locator('select[id$="-network-loss"]').selectOption('mse');
          await items.nth(0).locator('input[type="radio"]').nth(1).check(); // the second mode: step by step
          await page.locator('[data-testid="preview"] .problem__steps').waitFor();
          await waitSaved(page);
          await shot('steps');
          await page.locator('.editor-add button').first().click();
          await page.locator('[data-testid="item"][data-type="generated"]').waitFor();
          await waitSaved(page);
          await shot('generated');
        } finally {
          await context.close();
        }
      });
    }
  }
});
