/**
 * The question-set library in real Chromium against the real server: the teacher key made on
 * the first visit and taken to a "second device" (a fresh browser context) through the QR's
 * #key= address, the built-in sets, duplicate / delete / undo, a share link opened elsewhere and
 * copied, then revoked, a CSV with one bad row refused with that row named (en and zh-CN), and
 * "play this set" creating a room that plays it. Screenshots of each screen in both languages at
 * the phone's and the projector's size, each checked with axe.
 */
import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { SetListResult, SetResult } from '../../shared/protocol/sets.ts';
import { BUILT_IN_SETS, parseSetFile } from '../../shared/question-sets/index.ts';
import type { SetContentInput } from '../../shared/question-sets/schema.ts';
import { answerFor, liveGame, sendAnswer, startGameServer } from './game-support.ts';
import { browserTestsEnabled, checkScreen, launchBrowser, openPage, type ViewportName } from './harness.ts';

const enabled = browserTestsEnabled();
const KEY_ITEM = 'backprop-arena:teacher-key';

/** The source text's worked example as a one-item set. */
const EXAMPLE: SetContentInput = {
  title: 'Period 3: the worked example',
  lang: 'en',
  description: 'p. 42',
  items: [
    {
      type: 'numeric',
      network: { x: 0.5, layers: [{ w: 0.4, b: 0.1, activation: 'sigmoid' }], loss: 'mse', target: 0.8, lr: 0.01 },
      asks: ['dL/dw1'],
    },
    { type: 'generated', kind: 'forward', difficulty: 1 },
  ],
};

/** Two generated items, one with pinned numbers, its own time and double points. */
const GENERATED: SetContentInput = {
  title: 'Period 4: warm-up',
  lang: 'en',
  items: [
    { type: 'generated', kind: 'chain-gradient', difficulty: 1, seed: 7, timeLimitSec: 90, points: 2 },
    { type: 'generated', kind: 'forward', difficulty: 2 },
  ],
};

/** What the key panel's QR code says, read from its pixels as a phone camera would. */
async function scanKeyQr(page: Page): Promise<string> {
  const qr = page.getByTestId('key-panel').locator('.qr-code svg');
  await qr.waitFor();
  const image = PNG.sync.read(await qr.screenshot());
  const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (!code) throw new Error('the key panel\'s QR code does not decode');
  return code.data;
}

describe.skipIf(!enabled)('the question-set library', () => {
  const live = liveGame();
  const contexts: BrowserContext[] = [];
  const open = async (lang: 'en' | 'zh-CN', viewport: ViewportName = 'projector') => {
    const opened = await openPage(live.browser, { lang, viewport });
    contexts.push(opened.context);
    return opened;
  };
  const keyOf = (page: Page) => page.evaluate((item) => localStorage.getItem(item), KEY_ITEM);
  const api = async <T,>(method: string, path: string, key: string | null, body?: unknown) => {
    const response = await fetch(`${live.server.url}${path}`, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return (await response.json()) as { ok: true; data: T } | { ok: false; error: { code: string } };
  };
  const ownTitles = async (key: string) => {
    const listed = await api<SetListResult>('GET', '/api/sets', key);
    if (!listed.ok) throw new Error(listed.error.code);
    return listed.data.sets.map((s) => s.title).sort();
  };
  const closeAll = async () => {
    for (const context of contexts.splice(0)) await context.close();
  };

  it('makes a key on the first visit, shows it once with its QR code, and lists the built-in sets, the page language first', async () => {
    try {
      for (const [lang, viewport] of [
        ['en', 'projector'],
        ['zh-CN', 'phone'],
        ['en', 'phone'],
        ['zh-CN', 'projector'],
      ] as const) {
        const { page } = await open(lang, viewport);
        await page.goto(`${live.server.url}/library`);
        const panel = page.getByTestId('key-panel');
        await panel.waitFor();
        const key = await keyOf(page);
        expect(key).toMatch(/^tk_[A-Za-z0-9_-]{40,}$/);
        expect(await panel.locator('input').inputValue()).toBe(key);
        await panel.locator('.qr-code svg').waitFor();
        // The built-ins: every one, both languages, the page's first.
        const cards = page.getByTestId('builtin-sets').locator('.library-set');
        await expect.poll(() => cards.count()).toBe(BUILT_IN_SETS.length);
        const ids = await cards.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-set-id')));
        expect(ids.slice(0, BUILT_IN_SETS.filter((s) => s.lang === lang).length).every((id) => BUILT_IN_SETS.find((s) => s.id === id)?.lang === lang)).toBe(true);
        await checkScreen(page, `library-first-visit-${viewport}-${lang}`, viewport);
        expect(await ownTitles(key!)).toEqual([]);

        await panel.getByRole('button', { name: lang === 'en' ? 'I have kept it' : '我已保存好' }).click();
        await panel.waitFor({ state: 'detached' });
        // Shown once: a reload keeps the key and does not show it again, until asked.
        await page.reload();
        await page.getByTestId('builtin-sets').waitFor();
        expect(await page.getByTestId('key-panel').count()).toBe(0);
        expect(await keyOf(page)).toBe(key);
        await page.getByRole('button', { name: lang === 'en' ? 'Use on another device' : '在另一台设备上使用' }).click();
        expect(await page.getByTestId('key-panel').locator('input').inputValue()).toBe(key);
      }
    } finally {
      await closeAll();
    }
  });

  it('duplicates a built-in set, deletes the copy and brings it back with undo', async () => {
    try {
      const { page } = await open('en');
      await page.goto(`${live.server.url}/library`);
      await page.getByTestId('key-panel').waitFor();
      const key = (await keyOf(page))!;
      const builtIn = BUILT_IN_SETS.find((s) => s.lang === 'en')!;
      const card = page.locator(`.library-set[data-set-id="${builtIn.id}"]`);
      await card.getByRole('button', { name: 'Duplicate' }).click();
      const copy = page.getByTestId('own-sets').locator('.library-set', { hasText: `${builtIn.title} (copy)` });
      await copy.waitFor();
      expect(await ownTitles(key)).toEqual([`${builtIn.title} (copy)`]);

      await copy.getByRole('button', { name: 'Delete' }).click();
      await copy.waitFor({ state: 'detached' });
      expect(await ownTitles(key)).toEqual([]);
      const notice = page.getByTestId('library-notice');
      expect(await notice.textContent()).toContain(`Deleted “${builtIn.title} (copy)”`);
      await notice.getByRole('button', { name: 'Undo' }).click();
      await copy.waitFor();
      expect(await ownTitles(key)).toEqual([`${builtIn.title} (copy)`]);

      // Chinese: a Chinese built-in's copy is called …（副本）.
      const { page: zh } = await open('zh-CN');
      await zh.goto(`${live.server.url}/library`);
      await zh.getByTestId('key-panel').waitFor();
      const zhBuiltIn = BUILT_IN_SETS.find((s) => s.lang === 'zh-CN')!;
      await zh.locator(`.library-set[data-set-id="${zhBuiltIn.id}"]`).getByRole('button', { name: '复制' }).click();
      await zh.getByTestId('own-sets').locator('.library-set', { hasText: `${zhBuiltIn.title}（副本）` }).waitFor();
      await checkScreen(zh, 'library-list-projector-zh-CN', 'projector');
    } finally {
      await closeAll();
    }
  });

  it('exports a built-in and an own set as the documented file, which imports back to the same set', async () => {
    try {
      const { page } = await open('en');
      await page.goto(`${live.server.url}/library`);
      await page.getByTestId('key-panel').waitFor();
      const key = (await keyOf(page))!;
      const made = await api<SetResult>('POST', '/api/sets', key, EXAMPLE);
      if (!made.ok) throw new Error(made.error.code);
      await page.reload();
      const builtIn = BUILT_IN_SETS.find((s) => s.lang === 'en')!;
      for (const [card, content] of [
        [page.locator(`.library-set[data-set-id="${builtIn.id}"]`), builtIn],
        [page.getByTestId('own-sets').locator('.library-set', { hasText: EXAMPLE.title }), made.data.set],
      ] as const) {
        const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Export' }).click()]);
        expect(download.suggestedFilename()).toMatch(/\.json$/);
        const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as unknown;
        const parsed = parseSetFile(file);
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
        const { title, lang, description, items } = content;
        expect(parsed.set).toEqual({ title, lang, description, items });
      }
    } finally {
      await closeAll();
    }
  });

  it('finds sets by title or description, case- and accent-insensitive, Chinese as typed', async () => {
    try {
      const { page } = await open('en', 'phone');
      await page.goto(`${live.server.url}/library`);
      await page.getByTestId('key-panel').waitFor();
      const key = (await keyOf(page))!;
      await api<SetResult>('POST', '/api/sets', key, { ...EXAMPLE, title: 'Réseaux et gradients', description: '梯度消失' });
      await page.reload();
      const own = page.getByTestId('own-sets').locator('.library-set');
      await own.first().waitFor();
      await page.getByLabel('Search the sets').fill('RESEAUX');
      await expect.poll(() => own.count()).toBe(1);
      await page.getByLabel('Search the sets').fill('梯度消失');
      await expect.poll(() => own.count()).toBe(1);
      await page.getByLabel('Search the sets').fill('no such set anywhere');
      await expect.poll(() => own.count()).toBe(0);
      await expect.poll(() => page.getByTestId('builtin-sets').locator('.library-set').count()).toBe(0);
      await page.getByLabel('Search the sets').fill('');
      await checkScreen(page, 'library-list-phone-en', 'phone');
    } finally {
      await closeAll();
    }
  });

  it('shares a set by link: another browser sees it read-only and copies it; once revoked, the link says so', async () => {
    try {
      const { page } = await open('en');
      await page.goto(`${live.server.url}/library`);
      await page.getByTestId('key-panel').waitFor();
      const key = (await keyOf(page))!;
      await api<SetResult>('POST', '/api/sets', key, EXAMPLE);
      await page.reload();
      const card = page.getByTestId('own-sets').locator('.library-set', { hasText: EXAMPLE.title });
      await card.getByRole('button', { name: 'Share link' }).click();
      const dialog = page.getByRole('dialog');
      const url = await dialog.getByLabel('Link').inputValue();
      expect(url).toMatch(new RegExp(`^${live.server.url}/shared/[A-Za-z0-9_-]+$`));
      await checkScreen(page, 'library-share-projector-en', 'projector');
      await dialog.getByRole('button', { name: 'Close' }).click();

      // A colleague's browser, never at the library: copying makes its key first.
      for (const [lang, viewport] of [
        ['zh-CN', 'phone'],
        ['en', 'projector'],
      ] as const) {
        const { page: other } = await open(lang, viewport);
        await other.goto(url);
        await other.getByRole('heading', { name: EXAMPLE.title }).waitFor();
        expect(await other.locator('.library-items li').count()).toBe(EXAMPLE.items.length);
        expect(await other.locator('.library-items').textContent()).toContain('dL/dw1');
        await checkScreen(other, `shared-set-${viewport}-${lang}`, viewport);
        expect(await keyOf(other)).toBeNull();
        await other.getByRole('button', { name: lang === 'en' ? 'Copy to my library' : '复制到我的题组库' }).click();
        await other.getByRole('link', { name: lang === 'en' ? 'Open your copy' : '打开你的副本' }).waitFor();
        const otherKey = await keyOf(other);
        expect(otherKey).toMatch(/^tk_/);
        expect(otherKey).not.toBe(key);
        expect(await ownTitles(otherKey!)).toEqual([EXAMPLE.title]);
      }
      expect(await ownTitles(key)).toEqual([EXAMPLE.title]);

      await card.getByRole('button', { name: 'Share link' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Revoke the link' }).click();
      await page.getByTestId('library-notice').getByText('is revoked').waitFor();
      for (const lang of ['en', 'zh-CN'] as const) {
        const { page: late } = await open(lang, 'phone');
        await late.goto(url);
        await late.getByTestId('shared-refused').waitFor();
        expect(await late.getByTestId('shared-refused').textContent()).toContain(lang === 'en' ? 'revoked' : '撤销');
        await checkScreen(late, `shared-revoked-phone-${lang}`, 'phone');
      }
    } finally {
      await closeAll();
    }
  });

  it('refuses a CSV with one bad row, naming that row, and saves nothing (en and zh-CN)', async () => {
    try {
      const csv = [
        'x,w1,b1,activation1,loss,y_true,lr,asks,note,time,points',
        '0.5,0.4,0.1,sigmoid,mse,0.8,0.01,dL/dw1,p. 42,60,1',
        '0.5,abc,0.1,sigmoid,mse,0.8,0.01,dL/dw1,,,1',
        '1,0.2,0,sigmoid,mse,0.3,0.1,z1,,,1',
      ].join('\n');
      for (const [lang, viewport] of [
        ['en', 'projector'],
        ['zh-CN', 'phone'],
        ['zh-CN', 'projector'],
        ['en', 'phone'],
      ] as const) {
        const { page } = await open(lang, viewport);
        await page.goto(`${live.server.url}/library`);
        await page.getByTestId('key-panel').waitFor();
        await page.getByTestId('key-panel').getByRole('button').last().click();
        const key = (await keyOf(page))!;
        await page.getByLabel(lang === 'en' ? 'Choose a file (.json or .csv)' : '选择文件（.json 或 .csv）').setInputFiles({ name: 'period-3.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
        const title = page.getByLabel(lang === 'en' ? 'Title of the set' : '题组标题');
        expect(await title.inputValue()).toBe('period-3');
        expect(await page.locator(`.library-import__csv input[type="radio"]:checked`).evaluate((input) => input.closest('label')!.getAttribute('lang'))).toBe(lang);
        await page.getByRole('button', { name: lang === 'en' ? 'Import' : '导入', exact: true }).click();
        const issues = page.getByTestId('import-issues');
        await issues.waitFor();
        const text = (await issues.textContent())!;
        expect(text).toContain(lang === 'en' ? 'Row 3' : '第 3 行');
        expect(text).toContain('w1');
        expect(text).not.toContain(lang === 'en' ? 'Row 2' : '第 2 行');
        expect(text).not.toContain(lang === 'en' ? 'Row 4' : '第 4 行');
        expect(await ownTitles(key)).toEqual([]);
        await checkScreen(page, `library-import-refused-${viewport}-${lang}`, viewport);
      }
    } finally {
      await closeAll();
    }
  });

  it('takes the key to a second device through the #key= address, which then lists the same sets', async () => {
    try {
      const { page } = await open('en');
      await page.goto(`${live.server.url}/library`);
      const panel = page.getByTestId('key-panel');
      await panel.waitFor();
      const key = (await keyOf(page))!;
      await api<SetResult>('POST', '/api/sets', key, EXAMPLE);
      await api<SetResult>('POST', '/api/sets', key, { ...EXAMPLE, title: 'Period 4' });

      // The address the QR code holds, as the phone's camera reads it.
      const transfer = await scanKeyQr(page);
      expect(transfer).toBe(`${live.server.url}/library#key=${encodeURIComponent(key)}`);
      const { page: phone } = await open('zh-CN', 'phone');
      await phone.goto(transfer);
      const own = phone.getByTestId('own-sets').locator('.library-set');
      await expect.poll(() => own.count()).toBe(2);
      expect(await keyOf(phone)).toBe(key);
      expect(new URL(phone.url()).hash).toBe('');
      expect(await phone.getByTestId('key-panel').count()).toBe(0);
      expect((await own.allTextContents()).join(' ')).toContain('Period 4');

      // Pasting works as well, and a wrong key is refused with nothing changed.
      const { page: laptop } = await open('en', 'projector');
      await laptop.goto(`${live.server.url}/library`);
      await laptop.getByTestId('key-panel').waitFor();
      const ownKey = await keyOf(laptop);
      await laptop.getByText('Use a key from another device').click();
      await laptop.getByLabel('Key from your other device').fill('not a key');
      await laptop.getByRole('button', { name: 'Use this key' }).click();
      await laptop.getByText('That is not a teacher key').waitFor();
      await laptop.getByLabel('Key from your other device').fill(`tk_${'A'.repeat(43)}`);
      await laptop.getByRole('button', { name: 'Use this key' }).click();
      await laptop.getByText('This server does not know that key.').waitFor();
      expect(await keyOf(laptop)).toBe(ownKey);
      await laptop.getByLabel('Key from your other device').fill(key);
      await laptop.getByRole('button', { name: 'Use this key' }).click();
      await expect.poll(() => laptop.getByTestId('own-sets').locator('.library-set').count()).toBe(2);
      expect(await keyOf(laptop)).toBe(key);
      // The key it had is said, so its sets are not lost.
      expect(await laptop.getByTestId('library-notice').textContent()).toContain(ownKey!);
    } finally {
      await closeAll();
    }
  });

  it('"play this set" opens the set-up with the set chosen and creates a room that plays it', async () => {
    try {
      const { page: host } = await open('en', 'projector');
      await host.goto(`${live.server.url}/library`);
      await host.getByTestId('key-panel').waitFor();
      const key = (await keyOf(host))!;
      // The teacher's own network first, then two generated items.
      const played: SetContentInput = { ...GENERATED, items: [EXAMPLE.items[0]!, ...GENERATED.items] };
      const made = await api<SetResult>('POST', '/api/sets', key, played);
      if (!made.ok) throw new Error(made.error.code);
      await host.reload();
      await host.getByTestId('own-sets').locator('.library-set', { hasText: GENERATED.title }).getByRole('link', { name: 'Play this set' }).click();
      await host.waitForURL(new RegExp(`/host\\?set=${made.data.set.id}$`));
      const summary = host.getByTestId('setup-set-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toContain('3 items');
      expect(await summary.textContent()).toContain('Your network: dL/dw1');
      expect(await summary.textContent()).toContain('90 s');
      expect(await host.getByLabel('Number of questions').count()).toBe(0);
      await checkScreen(host, 'setup-set-chosen-projector-en', 'projector');
      await host.getByRole('button', { name: 'Create the game' }).first().click();
      await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const code = new URL(host.url()).pathname.split('/').pop()!;
      const room = live.server.room(code);
      expect(room.config.mode).toBe('quiz');
      expect(room.config.set).toMatchObject({ id: made.data.set.id, title: GENERATED.title, items: made.data.set.items });
      expect(room.config.title).toBe(GENERATED.title);
      expect(room.plan).toHaveLength(3);

      const { page: phone } = await open('en', 'phone');
      await phone.goto(`${live.server.url}/play/${code}?name=Ada`);
      await phone.locator('.play-lobby').waitFor();
      await host.getByRole('button', { name: 'Start the game' }).click();
      await phone.locator('.play-question').waitFor();
      // The source example's dL/dw: the engine's problem from the teacher's numbers.
      const problem = live.server.room(code).questions[0]!.problem;
      expect(problem.answer).toBeCloseTo(-0.0276, 3);
      await sendAnswer(phone, problem, answerFor(problem, 'correct'));
      await host.locator('.host-reveal').waitFor();
      const player = Object.values(live.server.room(code).players)[0]!;
      expect(live.server.room(code).questions[0]!.results?.[player.id]?.correct).toBe(true);
    } finally {
      await closeAll();
    }
  });

  it('plays a set too long for one room:create frame: the set-up names it by id and the server reads it', async () => {
    try {
      const { page: host } = await open('zh-CN', 'projector');
      await host.goto(`${live.server.url}/library`);
      await host.getByTestId('key-panel').waitFor();
      const key = (await keyOf(host))!;
      // 50 multiple-choice items at their longest, in Chinese (three bytes a character): far over 16 KiB.
      const long = (n: number, what: string) => `${what}${n}：${'为什么梯度的符号告诉我们权重该往哪边走'.repeat(30)}`.slice(0, what === '题' ? 500 : 200);
      const set: SetContentInput = {
        title: '很长的题组',
        lang: 'zh-CN',
        items: Array.from({ length: 50 }, (_, i) => ({
          type: 'choice' as const,
          question: long(i, '题'),
          choices: Array.from({ length: 6 }, (_, j) => ({ text: long(i * 10 + j, '选项'), correct: j === 0 })),
        })),
      };
      expect(Buffer.byteLength(JSON.stringify(set))).toBeGreaterThan(100_000);
      const made = await api<SetResult>('POST', '/api/sets', key, set);
      if (!made.ok) throw new Error(made.error.code);
      await host.goto(`${live.server.url}/host?set=${made.data.set.id}`);
      await host.getByTestId('setup-set-summary').waitFor();
      await host.getByRole('button', { name: '创建游戏' }).first().click();
      await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const room = live.server.room(new URL(host.url()).pathname.split('/').pop()!);
      expect(room.config.set).toMatchObject({ id: made.data.set.id, title: set.title });
      expect(room.plan).toHaveLength(50);
    } finally {
      await closeAll();
    }
  });

  it('saves the set-up\'s generated settings as a set, making a key first, in the order the room would play them', async () => {
    try {
      const { page } = await open('zh-CN', 'projector');
      await page.goto(`${live.server.url}/host`);
      await page.getByLabel('题目数量').fill('6');
      await page.getByLabel('题目数量').press('Tab');
      expect(await keyOf(page)).toBeNull();
      await page.getByRole('button', { name: '把这些设置保存为题组' }).click();
      const status = page.getByTestId('setup-save-set-status');
      await status.getByRole('link', { name: '打开' }).waitFor();
      const key = await keyOf(page);
      expect(key).toMatch(/^tk_/);
      const listed = await api<SetListResult>('GET', '/api/sets', key);
      if (!listed.ok) throw new Error(listed.error.code);
      expect(listed.data.sets).toHaveLength(1);
      const saved = await api<SetResult>('GET', `/api/sets/${listed.data.sets[0]!.id}`, key);
      if (!saved.ok) throw new Error(saved.error.code);
      // The default settings: four kinds cycling, all at the first level.
      expect(saved.data.set.items.map((item) => item.type === 'generated' && `${item.kind}:${item.difficulty}`)).toEqual([
        'forward:1',
        'local-derivative:1',
        'chain-gradient:1',
        'update:1',
        'forward:1',
        'local-derivative:1',
      ]);
      expect(saved.data.set.lang).toBe('zh-CN');
      expect(await status.textContent()).toContain(saved.data.set.title);
      expect(await status.getByRole('link').getAttribute('href')).toBe(`/library/${saved.data.set.id}`);
    } finally {
      await closeAll();
    }
  });

  it('works from the keyboard alone: every control is reached by Tab with a visible focus, and Enter duplicates', async () => {
    try {
      const { page } = await open('en', 'projector');
      await page.goto(`${live.server.url}/library`);
      await page.getByTestId('key-panel').waitFor();
      const key = (await keyOf(page))!;
      await api<SetResult>('POST', '/api/sets', key, GENERATED);
      await page.reload();
      await page.getByTestId('own-sets').locator('.library-set').first().waitFor();
      await page.locator('body').click({ position: { x: 1, y: 1 } });
      // Every control on screen (the closed "key from another device" hides its own).
      const CONTROLS = 'main a, main button, main input, main summary';
      const controls = await page.evaluate((selector) => [...document.querySelectorAll(selector)].filter((el) => el.checkVisibility()).length, CONTROLS);
      const reached = new Set<string>();
      const unfocusedLooks: string[] = [];
      for (let i = 0; i < controls + 10; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate((selector) => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || !el.closest('main')) return null;
          const style = getComputedStyle(el);
          const path = [...document.querySelectorAll(selector)].indexOf(el);
          return { path, visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0, name: el.textContent?.trim() || el.getAttribute('aria-label') || el.id };
        }, CONTROLS);
        if (!focused) continue;
        reached.add(String(focused.path));
        if (!focused.visible) unfocusedLooks.push(focused.name);
      }
      expect(reached.size).toBe(controls);
      expect(unfocusedLooks).toEqual([]);

      // Duplicate the own set with Tab and Enter only.
      const card = page.getByTestId('own-sets').locator('.library-set', { hasText: GENERATED.title });
      await card.getByRole('link', { name: GENERATED.title }).focus();
      for (let i = 0; i < 10; i++) {
        if ((await page.evaluate(() => document.activeElement?.textContent)) === 'Duplicate') break;
        await page.keyboard.press('Tab');
      }
      await page.keyboard.press('Enter');
      await page.getByTestId('own-sets').locator('.library-set', { hasText: `${GENERATED.title} (copy)` }).waitFor();
    } finally {
      await closeAll();
    }
  });

  it('shows a built-in set chosen from ?set= in Chinese and on a phone', async () => {
    try {
      const zhSet = BUILT_IN_SETS.find((s) => s.lang === 'zh-CN')!;
      for (const viewport of ['phone', 'projector'] as const) {
        const { page } = await open('zh-CN', viewport);
        await page.goto(`${live.server.url}/host?set=${encodeURIComponent(zhSet.id!)}`);
        await page.getByTestId('setup-set-summary').waitFor();
        expect(await page.getByTestId('setup-set-summary').textContent()).toContain(`${zhSet.items.length} 道题`);
        await checkScreen(page, `setup-set-chosen-${viewport}-zh-CN`, viewport);
        if (viewport === 'projector') {
          // A browser with no teacher key plays a built-in set: named by id, no key needed.
          expect(await keyOf(page)).toBeNull();
          await page.getByRole('button', { name: '创建游戏' }).first().click();
          await page.waitForURL(/\/host\/[A-Z0-9]{6}$/);
          const room = live.server.room(new URL(page.url()).pathname.split('/').pop()!);
          expect(room.config.set).toMatchObject({ id: zhSet.id, title: zhSet.title, items: zhSet.items });
        }
      }
      const { page } = await open('en', 'phone');
      await page.goto(`${live.server.url}/host?set=${encodeURIComponent(BUILT_IN_SETS.find((s) => s.lang === 'en')!.id!)}`);
      await page.getByTestId('setup-set-summary').waitFor();
      await checkScreen(page, 'setup-set-chosen-phone-en', 'phone');
    } finally {
      await closeAll();
    }
  });
});

describe.skipIf(!enabled)('the key panel opened on localhost', () => {
  it('puts the server\'s network address in the QR code, so a phone can open it', async () => {
    const server = await startGameServer({
      config: { host: '0.0.0.0' },
      networkInterfaces: () => ({ wlan0: [{ address: '192.168.50.10', family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: '192.168.50.10/24' }] }),
    });
    const browser = await launchBrowser();
    try {
      const { page } = await openPage(browser, { lang: 'en', viewport: 'projector' });
      const port = new URL(server.url).port;
      await page.goto(`http://localhost:${port}/library`);
      await page.getByTestId('key-panel').waitFor();
      const key = await page.evaluate((item) => localStorage.getItem(item), KEY_ITEM);
      await expect.poll(() => scanKeyQr(page)).toBe(`http://192.168.50.10:${port}/library#key=${key}`);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
