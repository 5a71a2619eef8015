/**
 * Homework in real Chromium against the real server, in both languages: the teacher makes an
 * assignment on /assignments (a laptop), a student does it on a 360×740 phone (a wrong answer
 * diagnosed, tried again, the worked solution), stops, comes back on a second phone with the resume
 * code, finishes; the same name on a third phone gets the resume-or-other-name choice; the teacher's
 * page shows it all, every answer of the student; the teacher closes the window and the phone can only
 * review. Each student's problems are worked out here from what the server keeps (the assignment's
 * seed and the student's id), with the server's own function: no answer is written down.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { itemProblem } from '../../server/homework/homework-progress.ts';
import { sha256 } from '../../server/homework/homework-secrets.ts';
import { SqliteHomeworkStore } from '../../server/homework/sqlite-homework-store.ts';
import type { Lang, Problem } from '../../shared/engine/index.ts';
import { answerFor, liveGame, sendAnswer, showsAnswer } from './game-support.ts';
import { type ViewportName, VIEWPORTS, browserTestsEnabled, checkScreen, openPage, waitForMath } from './harness.ts';

const enabled = browserTestsEnabled();
const KEY_ITEM = 'backprop-arena:teacher-key';
const HOUR = 3600_000;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-homework-browser-'));
const db = new Database(path.join(dir, 'homework.sqlite'));
const homework = new SqliteHomeworkStore(db);
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const live = liveGame({ homework });

const TEXT: Record<Lang, { start: string; noted: string; next: string; stop: string; resume: string; closeNow: string; resumeYes: string; showAnswers: string }> = {
  en: { start: 'Start the homework', noted: 'I have written it down', next: 'Next question', stop: 'Stop for now', resume: 'Resume', closeNow: 'Close now', resumeYes: 'Yes: resume with my code', showAnswers: 'Answers' },
  'zh-CN': { start: '开始做作业', noted: '我已经记下了', next: '下一题', stop: '先停一下', resume: '继续', closeNow: '立即截止', resumeYes: '是我：用续答码继续', showAnswers: '作答' },
};

const other = (viewport: ViewportName): ViewportName => (viewport === 'phone' ? 'projector' : 'phone');

/** The screen checked (axe; nothing sideways on a phone) and shot at its own size, then shot at the other size too. */
async function shoot(page: Page, name: string, viewport: ViewportName): Promise<void> {
  await checkScreen(page, `${name}-${viewport}`, viewport);
  const second = other(viewport);
  await page.setViewportSize(VIEWPORTS[second]);
  await waitForMath(page);
  await checkScreen(page, `${name}-${second}`, second);
  await page.setViewportSize(VIEWPORTS[viewport]);
}

async function tokenOf(page: Page, code: string): Promise<string> {
  const saved = await page.evaluate((key) => localStorage.getItem(key), `backprop-arena.homework.${code}`);
  return (JSON.parse(saved!) as { token: string }).token;
}

/** The student's problems, as the server makes them for this student. */
async function problemsOf(code: string, token: string): Promise<Problem[]> {
  const assignment = (await homework.getAssignment(code))!;
  const student = (await homework.studentByToken(code, sha256(token)))!;
  return assignment.set.items.map((_, i) => itemProblem(assignment, student.id, i));
}

/** Answers every step of the item on screen, right. */
async function answerRight(page: Page, problem: Problem, item: number): Promise<void> {
  const steps = problem.steps?.length ?? 0;
  if (steps === 0) {
    await sendAnswer(page, problem, answerFor(problem, 'correct'));
  } else {
    for (let step = 0; step < steps; step++) {
      await page.locator(`.homework-item[data-item="${item}"] .keypad__input`).waitFor();
      await sendAnswer(page, problem, answerFor(problem, 'correct', step));
      await expect.poll(() => page.locator('.problem__step').nth(step).getAttribute('class')).toContain('problem__step--done');
    }
  }
  await expect.poll(() => page.locator(`.homework-item[data-item="${item}"]`).getAttribute('data-status')).toBe('right');
}

async function openAt(lang: Lang, viewport: ViewportName, key?: string): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await openPage(live.browser, { lang, viewport });
  if (key) await opened.context.addInitScript(([item, value]) => localStorage.setItem(item!, value!), [KEY_ITEM, key]);
  return opened;
}

describe.skipIf(!enabled)('homework in the browser', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`a student does homework on a phone, resumes on another, and the teacher's page shows it (${lang})`, { timeout: 600_000 }, async () => {
      const base = live.server.url;
      const L = TEXT[lang];
      const key = ((await (await fetch(`${base}/api/teacher-keys`, { method: 'POST' })).json()) as { data: { key: string } }).data.key;
      const contexts: BrowserContext[] = [];
      try {
        // ── The teacher makes the assignment from the library's "Assign as homework" link. ──
        const teacher = await openAt(lang, 'projector', key);
        contexts.push(teacher.context);
        const tp = teacher.page;
        await tp.goto(`${base}/assignments?set=${encodeURIComponent(`builtin:worked-example:${lang}`)}`);
        await expect.poll(() => tp.locator('.assignments-create select').first().inputValue(), { timeout: 20_000 }).toBe(`builtin:worked-example:${lang}`);
        await tp.locator('.assignments-create select').nth(1).selectOption('2');
        await tp.locator('.assignments-create input[type="radio"]').nth(3).check(); // student number: optional
        await shoot(tp, `homework-teacher-create-${lang}`, 'projector');
        await tp.locator('.assignments-create button[type="submit"]').click();
        await tp.waitForURL(/\/assignments\/[A-Z0-9]{8}$/);
        const code = new URL(tp.url()).pathname.split('/').pop()!;
        await tp.getByTestId('started-count').waitFor();
        expect(await tp.getByTestId('student-link').textContent()).toContain(`/hw/${code}`);

        // ── A phone opens the link: the rules, a name. ──
        const phoneA = await openAt(lang, 'phone');
        contexts.push(phoneA.context);
        const pa = phoneA.page;
        await pa.goto(`${base}/hw/${code}`);
        await pa.getByTestId('homework-rules').waitFor();
        expect(await pa.locator('html').getAttribute('lang')).toBe(lang);
        await shoot(pa, `homework-phone-welcome-${lang}`, 'phone');
        await pa.locator('input[name="name"]').fill(lang === 'en' ? 'Ada' : '小明');
        await pa.locator('input[name="student-number"]').fill('2024-17');
        await pa.getByRole('button', { name: L.start }).click();
        await pa.getByTestId('new-code').waitFor();
        const resumeCode = (await pa.getByTestId('new-code').getByTestId('resume-code').textContent())!.trim();
        expect(resumeCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
        await shoot(pa, `homework-phone-code-${lang}`, 'phone');
        await pa.getByRole('button', { name: L.noted }).click();

        const problems = await problemsOf(code, await tokenOf(pa, code));
        // Nothing of item 1's answer is on the phone before it is answered.
        await pa.locator('.homework-item[data-item="0"]').waitFor();
        expect(await showsAnswer(pa, problems[0]!)).toBe(false);

        // Item 1: a wrong answer first (diagnosed where the engine names the mistake), one try left, then right.
        const first = problems[0]!;
        const firstStep = first.steps ? 0 : null;
        const wrong = answerFor(first, 'mistake', firstStep);
        await sendAnswer(pa, first, wrong);
        await pa.locator('.verdict--wrong').waitFor();
        if (!first.steps) {
          await expect.poll(() => pa.locator('.homework-item__attempts').textContent()).toBeTruthy();
          await shoot(pa, `homework-phone-wrong-${lang}`, 'phone');
          await answerRight(pa, first, 0);
        } else {
          for (let step = 1; step < first.steps.length; step++) await sendAnswer(pa, first, answerFor(first, 'correct', step));
          await shoot(pa, `homework-phone-wrong-${lang}`, 'phone');
          await answerRight(pa, first, 0);
        }
        await pa.getByTestId('worked-solution').waitFor();
        await pa.getByTestId('correct-answer').waitFor();
        await shoot(pa, `homework-phone-solved-${lang}`, 'phone');

        // Item 2, right; then stop for now.
        await pa.getByRole('button', { name: L.next }).click();
        await pa.locator('.homework-item[data-item="1"]').waitFor();
        await answerRight(pa, problems[1]!, 1);
        await pa.getByRole('button', { name: L.stop, exact: true }).click();
        await pa.getByTestId('homework-paused').waitFor();
        await shoot(pa, `homework-phone-paused-${lang}`, 'phone');
        await phoneA.context.close();

        // ── Another phone: the same name is taken, so the choice; then the resume code. ──
        const phoneB = await openAt(lang, 'phone');
        contexts.push(phoneB.context);
        const pb = phoneB.page;
        await pb.goto(`${base}/hw/${code}`);
        await pb.locator('input[name="name"]').fill(lang === 'en' ? 'Ada' : '小明');
        await pb.getByRole('button', { name: L.start }).click();
        await pb.getByTestId('name-taken').waitFor();
        await shoot(pb, `homework-phone-name-taken-${lang}`, 'phone');
        await pb.getByRole('button', { name: L.resumeYes }).click();
        await expect.poll(() => pb.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('resume-code');
        await pb.locator('input[name="resume-code"]').fill(resumeCode.toLowerCase().replace('-', ' '));
        await shoot(pb, `homework-phone-resume-${lang}`, 'phone');
        await pb.getByRole('button', { name: L.resume, exact: true }).click();
        // Back where the first phone stopped: items 1 and 2 done, item 3 on screen.
        await pb.locator('.homework-item[data-item="2"]').waitFor();
        expect(await pb.locator('.homework-strip__item').evaluateAll((els) => els.map((el) => el.getAttribute('data-status')))).toEqual(['right', 'right', 'current', 'todo', 'todo']);
        await shoot(pb, `homework-phone-resumed-${lang}`, 'phone');

        // The rest, right, to the end.
        for (let item = 2; item < problems.length; item++) {
          await pb.locator(`.homework-item[data-item="${item}"]`).waitFor();
          expect(await showsAnswer(pb, problems[item]!)).toBe(false);
          await answerRight(pb, problems[item]!, item);
          if (item < problems.length - 1) await pb.getByRole('button', { name: L.next }).click();
        }
        await pb.getByTestId('homework-finished').waitFor();
        await shoot(pb, `homework-phone-finished-${lang}`, 'phone');

        // ── The teacher's page: one student started and finished, every item right, and their answers. ──
        await expect.poll(() => tp.getByTestId('finished-count').textContent(), { timeout: 10_000 }).toBe('1');
        expect(await tp.getByTestId('started-count').textContent()).toBe('1');
        const row = tp.locator('[data-testid="student-table"] tbody tr').first();
        expect(await row.getByTestId('student-done').textContent()).toBe(`${problems.length}/${problems.length}`);
        expect(await tp.getByTestId('item-accuracy').first().textContent()).toContain('100%');
        await row.getByRole('button', { name: new RegExp(L.showAnswers) }).click();
        await tp.getByTestId('student-answers').waitFor();
        // The wrong first answer is listed with the right ones.
        const answerCells = await tp.locator('[data-testid="student-answers"] .assignment__answer').allTextContents();
        expect(answerCells).toContain(wrong);
        await shoot(tp, `homework-teacher-assignment-${lang}`, 'projector');

        // ── The teacher closes the window: the phone can only look back. ──
        await tp.getByRole('button', { name: L.closeNow }).click();
        await expect.poll(() => tp.getByTestId('assignment-meta').textContent()).toContain(lang === 'en' ? 'Closed' : '已截止');
        await pb.reload();
        await pb.getByTestId('closed').waitFor();
        await pb.locator('.homework-strip__item').first().click();
        await pb.locator('.homework-item[data-item="0"]').waitFor();
        expect(await pb.locator('.homework-item[data-item="0"] .keypad__input').count()).toBe(0);
        await pb.getByTestId('attempts').waitFor();
        await shoot(pb, `homework-phone-closed-${lang}`, 'phone');
      } finally {
        for (const context of contexts) await context.close().catch(() => undefined);
      }
    });
  }

  it('with results after the deadline, an answer is only "recorded": no verdict, no answer, no solution on the phone', async () => {
    const base = live.server.url;
    const key = ((await (await fetch(`${base}/api/teacher-keys`, { method: 'POST' })).json()) as { data: { key: string } }).data.key;
    const created = await fetch(`${base}/api/assignments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ setId: 'builtin:vanishing-exploding:en', opensAt: Date.now() - HOUR, closesAt: Date.now() + 48 * HOUR, feedback: 'after-deadline' }),
    });
    const { code } = ((await created.json()) as { data: { assignment: { code: string } } }).data.assignment;
    const { context, page } = await openAt('en', 'phone');
    try {
      await page.goto(`${base}/hw/${code}`);
      await page.locator('input[name="name"]').fill('Grace');
      await page.getByRole('button', { name: TEXT.en.start }).click();
      await page.getByRole('button', { name: TEXT.en.noted }).click();
      const problems = await problemsOf(code, await tokenOf(page, code));
      const first = problems[0]!;
      const wrong = answerFor(first, 'wrong', first.steps ? 0 : null);
      if (first.steps) {
        await sendAnswer(page, first, wrong);
        for (let step = 1; step < first.steps.length; step++) await sendAnswer(page, first, answerFor(first, 'correct', step));
      } else {
        await sendAnswer(page, first, wrong);
      }
      await expect.poll(() => page.locator('.homework-item[data-item="0"]').getAttribute('data-status')).toBe('recorded');
      await page.getByTestId('recorded').waitFor();
      expect(await page.locator('.verdict').count()).toBe(0);
      expect(await page.getByTestId('correct-answer').count()).toBe(0);
      expect(await page.getByTestId('worked-solution').count()).toBe(0);
      expect(await showsAnswer(page, first, [wrong])).toBe(false);
      expect(await page.getByTestId('student-score').textContent()).toContain('0');
      await shoot(page, 'homework-phone-recorded-en', 'phone');
    } finally {
      await context.close();
    }
  });

  it('before the opening the phone says when it opens, and offers no start', async () => {
    const base = live.server.url;
    const key = ((await (await fetch(`${base}/api/teacher-keys`, { method: 'POST' })).json()) as { data: { key: string } }).data.key;
    const created = await fetch(`${base}/api/assignments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ setId: 'builtin:one-neuron:zh-CN', opensAt: Date.now() + 2 * HOUR, closesAt: Date.now() + 48 * HOUR, feedback: 'after-deadline', studentNumber: 'required' }),
    });
    const { code } = ((await created.json()) as { data: { assignment: { code: string } } }).data.assignment;
    for (const lang of ['zh-CN', 'en'] as const) {
      const { context, page } = await openAt(lang, 'phone');
      try {
        await page.goto(`${base}/hw/${code}`);
        await page.getByTestId('not-open').waitFor();
        expect(await page.locator('.homework-start__submit').isDisabled()).toBe(true);
        await shoot(page, `homework-phone-not-open-${lang}`, 'phone');
      } finally {
        await context.close();
      }
    }
  });
});
