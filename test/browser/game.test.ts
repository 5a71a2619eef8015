/**
 * A whole class in real Chromium against the real server: the projector (1920×1080) and
 * four phones (360×740, two in Chinese) play a three-question team quiz, then a chain-steps
 * game, from the set-up page to the podium.
 *
 * Along the way: the phones' text never shows the answer before the reveal (checked against
 * the server's own problems), one phone reloads mid-question and comes back with its answer
 * and score, the server restarts gracefully mid-question and every screen resumes, a phone
 * drops off the network and comes back, the podium shows the server's scores, the reports
 * download. axe-core checks every game screen in both languages, and screenshots of each
 * land in test-results/screenshots/.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { viewFor } from '../../server/room/view.ts';
import type { Lang, Problem } from '../../shared/engine/index.ts';
import type { HostSnapshot } from '../../shared/protocol/index.ts';
import { type Behaviour, answerFor, problemFor, sendAnswer, showsAnswer, liveGame } from './game-support.ts';
import { browserTestsEnabled, checkScreen as check, openPage, screenshot, setLang } from './harness.ts';

const enabled = browserTestsEnabled();
const ANSWER_TIMEOUT = 15_000;

interface Phone {
  name: string;
  lang: Lang;
  page: Page;
  context: BrowserContext;
}

function langTag(lang: Lang): string {
  return lang === 'en' ? 'en' : 'zh-CN';
}

describe.skipIf(!enabled)('a live game in the browser', () => {
  const live = liveGame();

  /** The projector screen as it is, checked in English and in Chinese. */
  async function checkHost(host: Page, screen: string): Promise<void> {
    await check(host, `game-host-${screen}-en`, 'projector');
    await setLang(host, 'zh-CN');
    await check(host, `game-host-${screen}-zh-CN`, 'projector');
    await setLang(host, 'en');
  }

  /** The same screen on a phone in English and one in Chinese (the first of each language given). */
  async function checkPhones(phones: readonly Phone[], screen: string): Promise<void> {
    const en = phones.find((p) => p.lang === 'en')!;
    const zh = phones.find((p) => p.lang === 'zh-CN')!;
    await check(en.page, `game-phone-${screen}-en`, 'phone');
    await check(zh.page, `game-phone-${screen}-zh-CN`, 'phone');
  }

  async function openPhones(specs: readonly { name: string; lang: Lang; dark?: boolean }[]): Promise<Phone[]> {
    return Promise.all(
      specs.map(async ({ name, lang, dark = false }) => {
        const { context, page } = await openPage(live.browser, { lang, viewport: 'phone', colorScheme: dark ? 'dark' : 'light' });
        return { name, lang, page, context };
      }),
    );
  }

  function playerOf(code: string, phone: Phone) {
    const player = Object.values(live.server.room(code).players).find((p) => p.name === phone.name);
    if (!player) throw new Error(`${phone.name} is not in room ${code}`);
    return player;
  }

  /** Types (or picks) an answer and sends it; waits for the phone to show it sent. */
  async function answer(phone: Phone, problem: Problem, text: string, expectSent = true): Promise<void> {
    const page = phone.page;
    typedBy.set(phone, [...(typedBy.get(phone) ?? []), text]);
    await sendAnswer(page, problem, text);
    if (expectSent) await page.locator('[data-testid="answer-sent"]').waitFor({ timeout: ANSWER_TIMEOUT });
  }

  /** What each phone has typed on the open question (its own answers may show on its screen). */
  const typedBy = new Map<Phone, string[]>();

  /** Every phone's text, before the reveal, against the answer of the problem it was given. */
  async function expectNoAnswerShown(code: string, index: number, phones: readonly Phone[], host: Page): Promise<void> {
    const room = live.server.room(code);
    for (const phone of phones) {
      const problem = problemFor(room, index, playerOf(code, phone).teamId);
      const shown = await showsAnswer(phone.page, problem, typedBy.get(phone) ?? []);
      expect(shown, `${phone.name} sees the answer of question ${index + 1} before the reveal`).toBe(false);
    }
    // The projector is public too.
    expect(await showsAnswer(host, room.questions[index]!.problem), `the projector shows the answer of question ${index + 1}`).toBe(false);
  }

  async function podiumScoresMatch(code: string, host: Page, phones: readonly Phone[]): Promise<void> {
    const snapshot = viewFor(live.server.room(code), { role: 'host' }, Date.now()) as HostSnapshot;
    const standings = snapshot.standings!;
    expect(standings.final).toBe(true);
    const tables = host.locator('.host-podium table');
    const playerRows = await tables.last().locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => ({ name: row.querySelector('th')!.textContent!.trim(), cells: [...row.querySelectorAll('td')].map((td) => td.textContent!.trim()) })),
    );
    for (const entry of standings.players) {
      const row = playerRows.find((r) => r.name.startsWith(entry.name));
      expect(row, `${entry.name} on the podium table`).toBeDefined();
      expect(row!.cells).toContain(entry.score.toLocaleString('en', { maximumFractionDigits: 1 }));
      expect(row!.cells[0]).toBe(String(entry.rank));
    }
    if (standings.teams) {
      const teamRows = await tables.first().locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent!.trim())));
      for (const team of standings.teams) {
        const row = teamRows.find((cells) => cells[0] === String(team.rank) && cells.includes(team.score.toLocaleString('en', { maximumFractionDigits: 1 })));
        expect(row, `team ${team.name} with ${team.score} points`).toBeDefined();
      }
    }
    for (const phone of phones) {
      const me = playerOf(code, phone);
      const rank = await phone.page.locator('[data-testid="own-rank"] .own-rank__number').textContent();
      expect(rank).toContain(String(me.rank));
      const score = await phone.page.locator('[data-testid="player-score"]').textContent();
      expect(score).toContain(me.score.toLocaleString(phone.lang, { maximumFractionDigits: 1 }));
    }
  }

  it('a team quiz with per-team numbers: set-up, self-chosen teams, three questions, reveals and leaderboards, a phone and the projector reloading, a server restart, the podium and the reports', async () => {
    const { context: hostContext, page: host } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    const phones = await openPhones([
      { name: 'Ada', lang: 'en' },
      { name: '小明', lang: 'zh-CN' },
      { name: 'Bo', lang: 'en' },
      { name: '小红', lang: 'zh-CN' },
    ]);
    const [ada, xiaoming, bo, xiaohong] = phones as [Phone, Phone, Phone, Phone];
    try {
      // ─── Set-up ───
      await host.goto(`${live.server.url}/host`);
      await host.getByRole('heading', { level: 1, name: 'Host a game' }).waitFor();
      await checkHost(host, 'setup');
      for (const kind of ['Forward pass', 'Local derivatives']) await host.getByRole('checkbox', { name: kind, exact: true }).uncheck();
      for (const kind of ['Chain rule', 'Which way does w move?', 'Gradient-descent step']) await host.getByRole('checkbox', { name: kind, exact: true }).check();
      await host.getByLabel('Number of questions').fill('3');
      await host.getByLabel('Seconds per question').fill('120');
      await host.getByLabel('Number of teams').fill('2');
      await host.getByLabel('Number of teams').press('Tab');
      await host.getByRole('radio', { name: 'Students choose' }).check();
      await host.getByRole('checkbox', { name: 'Each team gets its own numbers' }).check();
      await host.getByLabel('Name shown on the projector').fill('Chain rule, period 3');
      await host.getByRole('button', { name: 'Create the game' }).first().click();
      await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const code = new URL(host.url()).pathname.split('/').pop()!;
      await host.locator('[data-testid="room-code"]').waitFor();
      expect(await host.locator('[data-testid="room-code"]').textContent()).toBe(code);
      const config = live.server.room(code).config;
      expect(config).toMatchObject({ mode: 'quiz', kinds: ['chain-gradient', 'update', 'direction'], questionCount: 3, timeLimitSec: 120 });
      expect(config.teams).toMatchObject({ count: 2, assignment: 'self', variants: true });
      // The QR code is drawn (lazily) and says where to go.
      await host.locator('.qr-code svg').waitFor();

      // ─── Joining: one through the home page, a taken name, the others by link ───
      await ada.page.goto(`${live.server.url}/join/${code.toLowerCase()}`);
      await ada.page.locator('input[name="nickname"]').fill('Ada');
      await ada.page.getByRole('button', { name: 'Join', exact: true }).click();
      await ada.page.locator('.play-lobby').waitFor();
      await xiaoming.page.goto(`${live.server.url}/play/${code}?name=${encodeURIComponent('小明')}`);
      await xiaoming.page.locator('.play-lobby').waitFor();

      // Bo and 小红 first ask for names already taken: the suggestion is one tap away.
      await bo.page.goto(`${live.server.url}/play/${code}?name=${encodeURIComponent('小明')}`);
      await bo.page.locator('.error-note').waitFor();
      await xiaohong.page.goto(`${live.server.url}/play/${code}?name=ADA`);
      await xiaohong.page.locator('.error-note').waitFor();
      await checkPhones([bo, xiaohong], 'join-name-taken');
      await bo.page.locator('input[name="nickname"]').fill('Bo');
      await bo.page.getByRole('button', { name: 'Join', exact: true }).click();
      await bo.page.locator('.play-lobby').waitFor();
      const suggestion = xiaohong.page.locator('.error-note button');
      expect((await suggestion.textContent())?.toLowerCase()).toContain('ada');
      await xiaohong.page.locator('input[name="nickname"]').fill('小红');
      await xiaohong.page.locator('.play-join__submit').click();
      await xiaohong.page.locator('.play-lobby').waitFor();

      // Self-chosen teams: Ada and 小明 red, Bo and 小红 blue.
      for (const [phone, team] of [[ada, 0], [xiaoming, 0], [bo, 1], [xiaohong, 1]] as const) {
        await phone.page.locator('.play-lobby__team-button').nth(team).click();
        await expect.poll(() => phone.page.locator('.play-lobby__team-button[aria-pressed="true"]').count()).toBe(1);
      }
      await expect.poll(() => Object.values(live.server.room(code).players).map((p) => `${p.name}:${p.teamId}`).sort()).toEqual(['Ada:t1', 'Bo:t2', '小明:t1', '小红:t2']);
      await expect.poll(() => host.locator('.lobby-player').count()).toBe(4);
      await checkHost(host, 'lobby');
      await checkPhones(phones, 'lobby');

      // ─── Three questions ───
      await host.getByRole('button', { name: 'Start the game' }).click();
      const plan: Record<number, [Behaviour | null, Behaviour | null, Behaviour | null, Behaviour | null]> = {
        0: ['correct', 'mistake', 'correct', 'wrong'],
        1: ['correct', 'wrong', 'correct', 'correct'],
        2: ['mistake', 'correct', 'wrong', null],
      };
      for (let index = 0; index < 3; index++) {
        await host.locator('.host-question').waitFor();
        for (const phone of phones) await phone.page.locator('.play-question').waitFor();
        typedBy.clear();
        await expectNoAnswerShown(code, index, phones, host);
        const room = live.server.room(code);
        const problems = phones.map((phone) => problemFor(room, index, playerOf(code, phone).teamId));
        if (index === 0) {
          await checkHost(host, 'question');
          await checkPhones(phones, 'question');
          // Paused: the clock stops everywhere and the phones say why they cannot answer.
          await host.getByRole('button', { name: 'Pause', exact: true }).click();
          await xiaoming.page.locator('.play-paused').waitFor();
          expect(await xiaoming.page.locator('.keypad__submit').isDisabled()).toBe(true);
          await check(xiaoming.page, 'game-phone-paused-zh-CN', 'phone');
          await host.locator('.countdown--paused').waitFor();
          await screenshot(host, 'game-host-paused-en');
          await host.getByRole('button', { name: 'Resume', exact: true }).click();
          await xiaoming.page.locator('.play-paused').waitFor({ state: 'detached' });
        }
        const choice = problems[0]!.format === 'choice';
        if (choice) await checkPhones(phones, 'question-choice');
        const behaviours = plan[index]!;
        const typed: (string | null)[] = behaviours.map((b, i) => (b === null ? null : answerFor(problems[i]!, b)));
        const answering = phones.map((_, i) => i).filter((i) => typed[i] !== null);
        const last = answering.at(-1)!;

        for (const i of answering.slice(0, -1)) await answer(phones[i]!, problems[i]!, typed[i]!);
        if (index === 0) await checkPhones(phones.slice(0, 2), 'answer-sent');

        if (index === 1) {
          // Ada's phone reloads mid-question: back to the same question, her answer and her score.
          await ada.page.reload();
          await ada.page.locator('[data-testid="answer-sent"]').waitFor();
          const me = playerOf(code, ada);
          expect(me.score).toBeGreaterThan(0);
          expect(await ada.page.locator('[data-testid="player-score"]').textContent()).toContain(me.score.toLocaleString('en'));
          const sent = (await ada.page.locator('[data-testid="sent-answer"]').textContent())!.replace(/\u2212/g, '-');
          if (problems[0]!.format === 'choice') {
            const label = await ada.page.locator(`.problem__choice:has(input[value="${typed[0]}"])`).textContent();
            expect(sent).toBe(label!.trim());
            expect(await ada.page.locator('.problem__choice--selected input').getAttribute('value')).toBe(typed[0]);
          } else {
            expect(sent).toBe(typed[0]);
          }
        }

        if (index === 2) {
          // A graceful restart mid-question: every screen says so, reconnects, and carries on.
          const restarting = live.server.restart(4000);
          await xiaoming.page.locator('.connection-banner--restarting').waitFor({ timeout: 10_000 });
          await check(xiaoming.page, 'game-phone-restarting-zh-CN', 'phone');
          await host.locator('.connection-banner--restarting').waitFor({ timeout: 10_000 });
          await screenshot(host, 'game-host-restarting-en');
          await restarting;
          for (const page of [host, ...phones.map((p) => p.page)]) {
            await page.locator('[data-testid="connection-banner"]').waitFor({ state: 'detached', timeout: 20_000 });
          }
          await ada.page.locator('[data-testid="answer-sent"]').waitFor();
          await xiaoming.page.locator('[data-testid="answer-sent"]').waitFor();
          await expect.poll(() => live.server.room(code).players[playerOf(code, bo).id]!.connected, { timeout: 10_000 }).toBe(true);
        }

        // Just before the question closes, nobody's screen shows its answer.
        await expectNoAnswerShown(code, index, phones, host);
        if (index === 2) {
          await answer(phones[last]!, problems[last]!, typed[last]!);
          await host.getByRole('button', { name: 'Close the question now' }).click();
        } else {
          await answer(phones[last]!, problems[last]!, typed[last]!, false);
        }

        // ─── Reveal ───
        await host.locator('.host-reveal').waitFor();
        for (const phone of phones) await phone.page.locator('[data-testid="own-result"]').waitFor();
        const results = live.server.room(code).questions[index]!.results!;
        for (const phone of phones) {
          const result = results[playerOf(code, phone).id]!;
          expect(await phone.page.locator('[data-testid="round-points"]').textContent()).toContain(`+${result.points.toLocaleString(phone.lang)}`);
          expect(await phone.page.locator('.result-status').getAttribute('class')).toContain(`result-status--${result.status}`);
        }
        if (index === 0) {
          // 小明 made a classic mistake: the reveal names it, on the phone and on the projector.
          expect(results[playerOf(code, xiaoming).id]!.verdicts[0]!.diagnosis).not.toBeNull();
          await xiaoming.page.locator('.play-verdict__message').waitFor();
          await host.locator('.mistake').first().waitFor();
          await checkHost(host, 'reveal');
          await checkPhones(phones.slice(0, 2), 'reveal');
        }
        if (choice) await checkPhones(phones.slice(0, 2), 'reveal-choice');

        // ─── Leaderboard ───
        await host.getByRole('button', { name: 'Show the leaderboard' }).click();
        await host.locator('.host-leaderboard').waitFor();
        for (const phone of phones) await phone.page.locator('[data-testid="own-rank"]').waitFor();
        if (index === 0) {
          await checkHost(host, 'leaderboard');
          await checkPhones(phones.slice(0, 2), 'leaderboard');
        }
        if (index === 1) {
          // The projector reloads: the host token on the laptop brings back control.
          await host.reload();
          await host.locator('.host-leaderboard').waitFor();
        }
        await host.getByRole('button', { name: index === 2 ? 'Show the final results' : 'Next question' }).click();
      }

      // ─── Podium ───
      await host.locator('.host-podium').waitFor();
      for (const phone of phones) await phone.page.locator('.play-final').waitFor();
      await podiumScoresMatch(code, host, phones);
      await checkHost(host, 'podium');
      await checkPhones(phones.slice(0, 2), 'final');

      // ─── Reports: fetched with the host token in a header, saved from a Blob ───
      const [players] = await Promise.all([host.waitForEvent('download'), host.locator('[data-report="players"]').click()]);
      expect(players.url()).toMatch(/^blob:/);
      const csv = await streamText(await players.createReadStream());
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      for (const phone of phones) expect(csv).toContain(phone.name);
      const [json] = await Promise.all([host.waitForEvent('download'), host.locator('[data-report="json"]').click()]);
      const report = JSON.parse(await streamText(await json.createReadStream())) as { players: { name: string; score: number }[] };
      for (const phone of phones) expect(report.players.find((p) => p.name === phone.name)?.score).toBe(playerOf(code, phone).score);
      expect(await host.locator('.host-reports .error-note').count()).toBe(0);

      // Back on the set-up page, the game is listed among this device's games (from the server's lookup).
      await host.goto(`${live.server.url}/host`);
      await expect.poll(() => host.locator('.setup-recent li').first().textContent()).toContain('Chain rule, period 3');
      expect(await host.locator('.setup-recent li').first().textContent()).toContain(code);
    } finally {
      await hostContext.close();
      for (const phone of phones) await phone.context.close();
    }
  });

  it('a chain-steps game: host-assigned teams, lock and kick, steps in order, changed answers, a phone offline and back, untimed', async () => {
    const { context: hostContext, page: host } = await openPage(live.browser, { lang: 'zh-CN', viewport: 'projector' });
    const phones = await openPhones([
      { name: 'Cy', lang: 'en' },
      { name: '小刚', lang: 'zh-CN' },
      { name: 'Di', lang: 'en' },
      { name: '小丽', lang: 'zh-CN', dark: true },
    ]);
    const [cy, xiaogang, di, xiaoli] = phones as [Phone, Phone, Phone, Phone];
    try {
      await host.goto(`${live.server.url}/host`);
      await host.getByRole('heading', { level: 1, name: '主持游戏' }).waitFor();
      await setLang(host, 'en');
      await host.getByRole('radio', { name: /^Chain steps/ }).check();
      await host.getByLabel('Number of questions').fill('1');
      await host.getByRole('radio', { name: /^No time limit/ }).check();
      await host.getByLabel('Number of teams').fill('2');
      await host.getByLabel('Number of teams').press('Tab');
      await host.getByRole('radio', { name: 'You assign them in the lobby' }).check();
      await host.getByRole('checkbox', { name: 'Each team gets its own numbers' }).uncheck();
      await host.getByRole('checkbox', { name: 'Answers may be changed' }).check();
      await host.getByRole('button', { name: 'Create the game' }).first().click();
      await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const code = new URL(host.url()).pathname.split('/').pop()!;
      expect(live.server.room(code).config).toMatchObject({ mode: 'chain-steps', kinds: ['chain-steps'], questionCount: 1, timeLimitSec: null, allowAnswerChange: true });

      for (const phone of phones) {
        await phone.page.goto(`${live.server.url}/play/${code}?name=${encodeURIComponent(phone.name)}`);
        await phone.page.locator('.play-lobby').waitFor();
      }
      // Host-assigned teams: the teacher places everyone from the projector.
      await expect.poll(() => host.locator('.lobby-player').count()).toBe(4);
      for (const [phone, team] of [[cy, 't1'], [xiaogang, 't1'], [di, 't2'], [xiaoli, 't2']] as const) {
        await host.getByRole('combobox', { name: `Team of ${phone.name}` }).selectOption(team);
      }
      await expect.poll(() => Object.values(live.server.room(code).players).map((p) => `${p.name}:${p.teamId}`).sort()).toEqual(['Cy:t1', 'Di:t2', '小丽:t2', '小刚:t1']);
      await di.page.locator('.play-lobby__team .team-tag').waitFor();
      await checkHost(host, 'lobby-host-assigned');

      // Locked: a latecomer is refused, in words. Unlocked: they join, and the teacher removes them.
      host.on('dialog', (dialog) => void dialog.accept());
      await host.getByRole('button', { name: 'Lock the game' }).click();
      await expect.poll(() => live.server.room(code).locked).toBe(true);
      const [late] = await openPhones([{ name: 'Late', lang: 'en' }]);
      try {
        await late!.page.goto(`${live.server.url}/play/${code}?name=Late`);
        await late!.page.locator('.error-note').waitFor();
        expect(await late!.page.locator('.error-note').textContent()).toContain('locked');
        await check(late!.page, 'game-phone-join-locked-en', 'phone');
        await host.getByRole('button', { name: 'Lock the game' }).click();
        await expect.poll(() => live.server.room(code).locked).toBe(false);
        await late!.page.locator('.play-join__submit').click();
        await late!.page.locator('.play-lobby').waitFor();
        await host.getByRole('button', { name: 'Remove Late' }).click();
        await late!.page.getByRole('heading', { name: 'You left this game' }).waitFor();
        await expect.poll(() => host.locator('.lobby-player').count()).toBe(4);
      } finally {
        await late!.context.close();
      }

      await host.getByRole('button', { name: 'Start the game' }).click();
      await host.locator('.host-question').waitFor();
      for (const phone of phones) await phone.page.locator('.play-question').waitFor();
      await expectNoAnswerShown(code, 0, phones, host);
      const problem = live.server.room(code).questions[0]!.problem;
      const steps = problem.steps!;
      expect(steps.length).toBeGreaterThan(2);
      await checkHost(host, 'question-steps');
      await checkPhones(phones, 'question-steps');

      // Cy answers every step right; 小刚 slips at the first step; Di answers two steps and drops off the network.
      typedBy.clear();
      const stepAnswer = async (phone: Phone, step: number, behaviour: Behaviour, closes = false) => {
        const text = answerFor(problem, behaviour, step);
        typedBy.set(phone, [...(typedBy.get(phone) ?? []), text]);
        await phone.page.locator('.keypad__input').fill(text);
        await phone.page.locator('.keypad__submit').click();
        if (!closes) await expect.poll(() => phone.page.locator('.problem__step-result').count()).toBe(step + 1);
      };
      for (let step = 0; step < steps.length; step++) await stepAnswer(cy, step, 'correct');
      await cy.page.locator('[data-testid="answer-sent"]').waitFor();
      for (let step = 0; step < steps.length; step++) await stepAnswer(xiaogang, step, step === 0 ? 'mistake' : 'correct');
      await checkPhones([cy, xiaogang], 'answer-sent-steps');
      for (let step = 0; step < 2; step++) await stepAnswer(di, step, 'correct');

      await di.context.setOffline(true);
      await di.page.locator('.connection-banner--reconnecting').waitFor({ timeout: 10_000 });
      await check(di.page, 'game-phone-offline-en', 'phone');
      await di.context.setOffline(false);
      await di.page.locator('[data-testid="connection-banner"]').waitFor({ state: 'detached', timeout: 20_000 });
      expect(await di.page.locator('.problem__step-result').count()).toBe(2);
      for (let step = 2; step < steps.length; step++) await stepAnswer(di, step, 'correct');

      // Answers may change while the question is open: Cy rewrites his second step, then puts it back.
      await cy.page.getByRole('button', { name: 'Change step 2' }).click();
      await cy.page.locator('.keypad__input').fill(answerFor(problem, 'correct', 1));
      await cy.page.locator('.keypad__submit').click();
      await cy.page.locator('[data-testid="answer-sent"]').waitFor();

      await expectNoAnswerShown(code, 0, phones, host);
      for (let step = 0; step < steps.length; step++) {
        const lastStep = step === steps.length - 1;
        await stepAnswer(xiaoli, step, lastStep ? 'wrong' : 'correct', lastStep);
      }

      await host.locator('.host-reveal').waitFor();
      for (const phone of phones) await phone.page.locator('[data-testid="own-result"]').waitFor();
      const results = live.server.room(code).questions[0]!.results!;
      expect(results[playerOf(code, cy).id]!.status).toBe('correct');
      expect(results[playerOf(code, xiaogang).id]!.status).toBe('partial');
      await expect.poll(() => xiaogang.page.locator('.play-verdict').count()).toBe(steps.length);
      await checkHost(host, 'reveal-steps');
      await checkPhones([cy, xiaogang], 'reveal-steps');
      // 小丽's phone is in the dark colour scheme: the reveal keeps its contrast there too.
      await check(xiaoli.page, 'game-phone-reveal-steps-dark-zh-CN', 'phone');

      await host.getByRole('button', { name: 'Show the leaderboard' }).click();
      await host.getByRole('button', { name: 'Show the final results' }).click();
      await host.locator('.host-podium').waitFor();
      for (const phone of phones) await phone.page.locator('.play-final').waitFor();
      await podiumScoresMatch(code, host, phones);
      await setLang(host, 'zh-CN');
      await screenshot(host, 'game-host-podium-steps-zh-CN');
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
