/**
 * A Descent Race in real Chromium against the real server: the projector (1920×1080) creates
 * the room through the set-up form, four phones (360×740, two in Chinese) form two teams and
 * play three iterations to the podium. Team Blue picks the largest learning rate in the lobby.
 * Every step is typed on the phones' keypads, proposed by one member and confirmed by another;
 * in the first iteration Red takes the right step and Blue a wrong one (the step added instead
 * of subtracted), which the game applies all the same.
 *
 * Checked against the engine, computed here from the server's task and each team's parameters:
 * the losses the phones show, the wrong step applied, the verdicts, the ranking, and the hidden
 * w*, b* at the end only. axe-core and the 360-px width on every screen; screenshots of the
 * projector and a phone in both languages land in test-results/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import { type DescentParams, formatNumber, gradeDescentStep, measure, toPublicDescentTask } from '../../shared/engine/index.ts';
import type { RoomState } from '../../server/room/room-state.ts';
import { pageText, startGameServer, liveGame } from './game-support.ts';
import { browserTestsEnabled, checkScreen as check, openPage, setLang } from './harness.ts';
import { type Phone, STEP_TIMEOUT, expectClose, openPhones, readNumber, screenCheckers } from './descent-support.ts';

const enabled = browserTestsEnabled();
describe.skipIf(!enabled)('a descent race in the browser', () => {
  const live = liveGame();

  const { checkHost, checkPhones } = screenCheckers('descent');

  it('two teams, three iterations: set-up, team-chosen η, proposals confirmed on the phones, a wrong step applied, the ranking and the hidden neuron', async () => {
    const { context: hostContext, page: host } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    const phones = await openPhones(live.browser);
    const [ada, xiaoming, bo, xiaohong] = phones as [Phone, Phone, Phone, Phone];
    try {
      // ─── Set-up: Descent Race, 3 iterations, 2 teams chosen by the students, η chosen by each team ───
      await host.goto(`${live.server.url}/host`);
      await host.getByRole('heading', { level: 1, name: 'Host a game' }).waitFor();
      await host.getByRole('radio', { name: /^Descent Race/ }).check();
      await host.locator('[data-testid="setup-descent"]').waitFor();
      await host.getByRole('radio', { name: /^Each team chooses/ }).check();
      await host.getByRole('radio', { name: /^Sigmoid/ }).check();
      await host.getByRole('radio', { name: /^A second member confirms/ }).check();
      await host.getByRole('radio', { name: 'Medium' }).check();
      await host.getByLabel('Number of iterations').fill('3');
      await host.getByLabel('Seconds per iteration').fill('600');
      await host.getByLabel('Number of teams').fill('2');
      await host.getByLabel('Number of teams').press('Tab');
      await host.getByRole('radio', { name: 'Students choose' }).check();
      await check(host, 'descent-host-setup-en', 'projector');
      await host.getByRole('button', { name: 'Create the game' }).first().click();
      await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const code = new URL(host.url()).pathname.split('/').pop()!;
      const room = (): Readonly<RoomState> => live.server.room(code);
      expect(room().config).toMatchObject({
        mode: 'descent',
        questionCount: 3,
        difficulties: [2],
        timeLimitSec: 600,
        teams: { count: 2, assignment: 'self' },
        descent: { activation: 'sigmoid', lr: 'team', confirm: 'second-member' },
      });
      const task = toPublicDescentTask(room().descent!.task);
      expect(task.trainBias).toBe(true);
      const hidden = room().descent!.task.hidden;

      // ─── Joining, teams, and Blue's learning rate ───
      for (const phone of phones) {
        await phone.page.goto(`${live.server.url}/play/${code}?name=${encodeURIComponent(phone.name)}`);
        await phone.page.locator('.play-lobby').waitFor();
        await phone.page.locator('.play-lobby__team-button').nth(phone.teamId === 't1' ? 0 : 1).click();
        await expect.poll(() => room().players[Object.values(room().players).find((p) => p.name === phone.name)!.id]!.teamId).toBe(phone.teamId);
      }
      await bo.page.locator('[data-testid="descent-lobby"]').waitFor();
      const largest = Math.max(...task.lrChoices);
      await bo.page.getByRole('button', { name: new RegExp(`^η = ${largest}\\b`) }).click();
      await expect.poll(() => room().descent!.runs.t2!.lr).toBe(largest);
      await expect.poll(() => host.locator('[data-testid="descent-lr-t2"]').textContent()).toContain(`η = ${largest}`);
      await expect.poll(() => xiaohong.page.locator('.descent-lr__choice[aria-pressed="true"]').textContent()).toContain(String(largest));
      expect(room().descent!.runs.t1!.lr).toBe(task.defaultLr);
      await expect.poll(() => host.locator('.lobby-player').count()).toBe(4);
      await checkHost(host, 'lobby');
      await checkPhones([bo, xiaohong], 'lobby');

      // ─── Three iterations ───
      await host.getByRole('button', { name: 'Start the game' }).click();
      const memberId = (phone: Phone) => Object.values(room().players).find((p) => p.name === phone.name)!.id;
      const params = (teamId: string): DescentParams => ({ ...room().descent!.runs[teamId]!.params });
      const lr = (teamId: string) => room().descent!.runs[teamId]!.lr;

      /** Types w′ and b′ on the keypad and proposes them. */
      async function propose(phone: Phone, step: DescentParams): Promise<void> {
        const page = phone.page;
        await page.locator('.keypad__input').fill(formatNumber(step.w, 6));
        await page.locator('.keypad__submit').click(); // "Next: b′"
        await page.locator('.descent-form__field[aria-pressed="true"]', { hasText: 'b′' }).waitFor();
        await page.locator('.keypad__input').fill(formatNumber(step.b, 6));
        await page.locator('.keypad__submit').click();
        await page.locator('.descent-proposal--mine').waitFor({ timeout: STEP_TIMEOUT });
      }
      /** A teammate sees the proposal with the proposer's name, and confirms it (the last team's confirmation closes the iteration). */
      async function confirm(phone: Phone, proposer: Phone): Promise<void> {
        const item = phone.page.locator('[data-testid="descent-proposal"]', { hasText: proposer.name });
        await item.waitFor({ timeout: STEP_TIMEOUT });
        await item.locator('.descent-proposal__confirm').click();
        await phone.page.locator('[data-testid="descent-submitted"], [data-testid="own-result"]').first().waitFor({ timeout: STEP_TIMEOUT });
      }
      const rightOf = (teamId: string): DescentParams => {
        const p = params(teamId);
        const g = measure(task, p).gradient;
        return { w: p.w - lr(teamId) * g.w, b: p.b - lr(teamId) * g.b };
      };
      /** The classic slip: the step added instead of subtracted. */
      const addedOf = (teamId: string): DescentParams => {
        const p = params(teamId);
        const g = measure(task, p).gradient;
        return { w: p.w + lr(teamId) * g.w, b: p.b + lr(teamId) * g.b };
      };

      for (let index = 0; index < 3; index++) {
        await host.locator('.descent-host .descent-charts').waitFor();
        for (const phone of phones) await phone.page.locator('[data-testid="descent-now"]').waitFor();
        expect(room().phase).toMatchObject({ phase: 'question', index });

        // "计算误差": each phone shows its team's current loss and parameters, as the engine measures them.
        const before = { t1: params('t1'), t2: params('t2') };
        for (const phone of phones) {
          const p = before[phone.teamId];
          expectClose(readNumber((await phone.page.locator('[data-testid="descent-loss"]').textContent())!), measure(task, p).loss, `${phone.name}'s loss`);
          expectClose(readNumber((await phone.page.locator('[data-testid="descent-w"]').textContent())!), p.w, `${phone.name}'s w`);
          expect(readNumber((await phone.page.locator('[data-testid="descent-lr"]').textContent())!)).toBe(lr(phone.teamId));
        }
        // The projector shows no proposal, and no phone the other team's parameters.
        const bluesW = formatNumber(before.t2.w, 4);
        expect(await pageText(ada.page)).not.toContain(`w = ${bluesW}`);

        const steps = { t1: rightOf('t1'), t2: index === 0 ? addedOf('t2') : rightOf('t2') };
        await propose(ada, steps.t1);
        // The proposer cannot confirm their own proposal; the projector sees that Red has proposed.
        expect(await ada.page.locator('.descent-proposal--mine .descent-proposal__confirm').count()).toBe(0);
        await expect.poll(() => host.locator('[data-testid="descent-status-t1"]').getAttribute('class')).toContain('descent-status__team--proposed');
        expect(await pageText(host)).not.toContain(formatNumber(steps.t1.w, 6));
        if (index === 0) {
          await xiaoming.page.locator('[data-testid="descent-proposal"]').waitFor();
          // The step form fills the phone's first screen: a line on top says a proposal waits, and leads to its Confirm.
          const line = xiaoming.page.getByTestId('descent-to-confirm');
          expect(await line.textContent()).toContain('等待你确认');
          expect((await line.boundingBox())!.y + (await line.boundingBox())!.height).toBeLessThanOrEqual(740);
          expect(await ada.page.getByTestId('descent-to-confirm').count()).toBe(0);
          await line.getByRole('button').click();
          const confirmButton = xiaoming.page.locator('[data-testid="descent-proposal"] .descent-proposal__confirm').first();
          await expect.poll(async () => {
            const box = await confirmButton.boundingBox();
            return box !== null && box.y >= 0 && box.y + box.height <= 740;
          }).toBe(true);
          await xiaoming.page.evaluate(() => window.scrollTo(0, 0));
          await checkPhones([ada, xiaoming], 'question');
        }
        // The last iteration on the projector: two steps of curves, the markers' trails.
        if (index === 2) await checkHost(host, 'question');
        await confirm(xiaoming, ada);
        await propose(bo, steps.t2);
        if (index === 0) await checkPhones([bo], 'proposed');
        await confirm(xiaohong, bo);

        // ─── Reveal ───
        await host.locator('[data-testid="descent-steps"]').waitFor();
        for (const phone of phones) await phone.page.locator('[data-testid="own-result"]').waitFor();
        const runs = room().descent!.runs;
        for (const teamId of ['t1', 't2'] as const) {
          const graded = gradeDescentStep(task, before[teamId], lr(teamId), { w: formatNumber(steps[teamId].w, 6), b: formatNumber(steps[teamId].b, 6) });
          const entry = runs[teamId]!.history[index]!;
          expect(entry.correct).toBe(graded.correct);
          expect(entry.submitted).toMatchObject({ proposedBy: memberId(teamId === 't1' ? ada : bo), confirmedBy: memberId(teamId === 't1' ? xiaoming : xiaohong) });
          // Whatever was submitted, right or wrong, is where the team now stands.
          expect(runs[teamId]!.params.w).toBeCloseTo(Number(formatNumber(steps[teamId].w, 6)), 12);
          expect(runs[teamId]!.params.b).toBeCloseTo(Number(formatNumber(steps[teamId].b, 6)), 12);
        }
        expect(runs.t1!.history[index]!.correct).toBe(true);
        expect(runs.t2!.history[index]!.correct).toBe(index > 0);
        // Each phone shows the loss its team's submitted step led to, as the engine measures it.
        for (const phone of phones) {
          const text = (await phone.page.locator('[data-testid="descent-loss-change"] strong').textContent())!;
          expectClose(readNumber(text), measure(task, runs[phone.teamId]!.params).loss, `${phone.name}'s loss after the step`);
        }
        if (index === 0) {
          // Blue's wrong step: the verdict names the mistake, and the phone says it was used anyway.
          expect(runs.t2!.history[0]!.verdicts!.w).toMatchObject({ status: 'wrong', diagnosis: 'added-step' });
          await bo.page.locator('[data-testid="descent-applied"]').waitFor();
          expect(await bo.page.locator('.descent-verdict__diagnosis').first().textContent()).toContain('gradient descent subtracts');
          await xiaohong.page.locator('[data-testid="descent-applied"]').waitFor();
          expect(await ada.page.locator('[data-testid="descent-applied"]').count()).toBe(0);
          // And what the right step would have been, from Blue's own parameters and η.
          const shownRight = readNumber((await bo.page.locator('[data-testid="descent-right-step"] strong').textContent())!.split(',')[0]!.replace('w′ =', ''));
          expectClose(shownRight, before.t2.w - lr('t2') * measure(task, before.t2).gradient.w, 'the right w′');
          await checkHost(host, 'reveal');
          await checkPhones([bo, xiaohong], 'reveal');
        }

        if (index === 2) {
          // After the last step the phones show the race's ranking by loss, as the projector does.
          await ada.page.locator('[data-testid="descent-ranking"]').waitFor();
          await host.locator('[data-testid="descent-ranking"]').waitFor();
          await checkPhones([ada, xiaoming], 'last-reveal');
        }
        await host.getByRole('button', { name: 'Show the leaderboard' }).click();
        await host.locator('.host-leaderboard').waitFor();
        await host.getByRole('button', { name: index === 2 ? 'Show the final results' : 'Next question' }).click();
      }

      // ─── Podium: ranked by lowest final loss, then correct steps; the hidden neuron revealed ───
      await host.locator('[data-testid="descent-ranking"]').waitFor();
      for (const phone of phones) await phone.page.locator('.play-final').waitFor();
      const finalLoss = { t1: measure(task, params('t1')).loss, t2: measure(task, params('t2')).loss };
      const order = (['t1', 't2'] as const).slice().sort((a, b) => finalLoss[a] - finalLoss[b] || (a === 't1' ? -1 : 1));
      const rows = await host.locator('[data-testid="descent-ranking"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.textContent ?? ''));
      expect(rows).toHaveLength(2);
      const names = { t1: 'Red', t2: 'Blue' };
      order.forEach((teamId, i) => expect(rows[i]).toContain(names[teamId]));
      expectClose(readNumber((await host.locator('[data-testid="descent-ranking"] tbody tr .descent-ranking__loss').first().textContent())!), finalLoss[order[0]!], 'the winner’s final loss');
      expect(rows[order.indexOf('t1')]).toContain('3 of 3');
      expect(rows[order.indexOf('t2')]).toContain('2 of 3');
      const hiddenText = (await host.locator('[data-testid="descent-hidden"]').textContent())!.replace(/\u2212/g, '-');
      expect(hiddenText).toContain(String(hidden.w));
      expect(hiddenText).toContain(String(hidden.b));
      await checkHost(host, 'podium');
      await checkPhones([ada, xiaoming], 'final');
    } finally {
      await hostContext.close();
      for (const phone of phones) await phone.context.close();
    }
  });

  it('the captain rule with a fixed η on a linear neuron training w only: a member proposes and the captain confirms, the captain\u2019s own proposal counts at once', async () => {
    const { context: hostContext, page: host } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    const specs = [
      { name: 'Cy', lang: 'en', teamId: 't1' },
      { name: '小刚', lang: 'zh-CN', teamId: 't1' },
      { name: 'Di', lang: 'en', teamId: 't2' },
    ] as const;
    const phones: Phone[] = [];
    for (const spec of specs) {
      const { context, page } = await openPage(live.browser, { lang: spec.lang, viewport: 'phone' });
      phones.push({ ...spec, page, context });
    }
    const [cy, xiaogang, di] = phones as [Phone, Phone, Phone];
    try {
      await host.goto(`${live.server.url}/host`);
      await host.getByRole('radio', { name: /^Descent Race/ }).check();
      await host.getByRole('radio', { name: /^Linear/ }).check();
      await host.getByRole('radio', { name: /^The same for every team/ }).check();
      await host.getByRole('radio', { name: 'η = 1', exact: true }).check();
      await host.getByRole('radio', { name: /^The captain/ }).check();
      await host.getByRole('radio', { name: 'Easy' }).check();
      await host.getByLabel('Number of iterations').fill('2');
      await host.getByLabel('Seconds per iteration').fill('600');
      await host.getByLabel('Number of teams').fill('2');
      await host.getByLabel('Number of teams').press('Tab');
      await host.getByRole('radio', { name: 'Students choose' }).check();
      await host.getByRole('button', { name: 'Create the game' }).first().click();
      await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const code = new URL(host.url()).pathname.split('/').pop()!;
      const room = (): Readonly<RoomState> => live.server.room(code);
      expect(room().config).toMatchObject({ mode: 'descent', difficulties: [1], questionCount: 2, descent: { activation: 'linear', lr: 1, confirm: 'captain' } });
      const task = toPublicDescentTask(room().descent!.task);
      expect(task.trainBias).toBe(false);

      // Join in order: Cy first, so Cy captains Red; Di alone captains Blue.
      for (const phone of phones) {
        await phone.page.goto(`${live.server.url}/play/${code}?name=${encodeURIComponent(phone.name)}`);
        await phone.page.locator('.play-lobby').waitFor();
        await phone.page.locator('.play-lobby__team-button').nth(phone.teamId === 't1' ? 0 : 1).click();
        await expect.poll(() => Object.values(room().players).find((p) => p.name === phone.name)!.teamId).toBe(phone.teamId);
      }
      // η is the teacher's: shown, not chosen.
      await cy.page.locator('[data-testid="descent-lobby"]').waitFor();
      expect(await cy.page.locator('.descent-lr__choice').count()).toBe(0);
      expect(await cy.page.locator('[data-testid="descent-lobby"]').textContent()).toContain('η = 1 for every team');
      await host.getByRole('button', { name: 'Start the game' }).click();

      const params = (teamId: string) => room().descent!.runs[teamId]!.params;
      const rightW = (teamId: string) => params(teamId).w - measure(task, params(teamId)).gradient.w;
      for (let index = 0; index < 2; index++) {
        for (const phone of phones) await phone.page.locator('[data-testid="descent-now"]').waitFor();
        // Only w is trained: one field, no b′.
        expect(await xiaogang.page.locator('.descent-form__field').count()).toBe(0);
        const proposer = index === 0 ? xiaogang : cy;
        await proposer.page.locator('.keypad__input').fill(formatNumber(rightW('t1'), 6));
        await proposer.page.locator('.keypad__submit').click();
        if (index === 0) {
          // A member's proposal waits for the captain, who alone may confirm it.
          await xiaogang.page.locator('.descent-proposal--mine').waitFor();
          expect(await xiaogang.page.locator('.descent-proposal__confirm').count()).toBe(0);
          const item = cy.page.locator('[data-testid="descent-proposal"]', { hasText: '小刚' });
          await item.waitFor();
          await check(host, 'descent-host-question-captain-en', 'projector');
          await check(xiaogang.page, 'descent-phone-question-captain-zh-CN', 'phone');
          await item.locator('.descent-proposal__confirm').click();
        }
        await cy.page.locator('[data-testid="descent-submitted"]').waitFor();
        // Blue's captain proposes alone: it is the team's step at once, and the iteration closes.
        await di.page.locator('.keypad__input').fill(formatNumber(rightW('t2'), 6));
        await di.page.locator('.keypad__submit').click();
        await host.locator('[data-testid="descent-steps"]').waitFor();
        const t1 = room().descent!.runs.t1!.history[index]!;
        const t2 = room().descent!.runs.t2!.history[index]!;
        expect(t1).toMatchObject({ correct: true, submitted: { confirmedBy: index === 0 ? Object.values(room().players).find((p) => p.name === 'Cy')!.id : null } });
        expect(t2).toMatchObject({ correct: true, submitted: { confirmedBy: null } });
        await di.page.locator('[data-testid="own-result"]').waitFor();
        await host.getByRole('button', { name: 'Show the leaderboard' }).click();
        await host.getByRole('button', { name: index === 1 ? 'Show the final results' : 'Next question' }).click();
      }
      await host.locator('[data-testid="descent-hidden"]').waitFor();
      await check(host, 'descent-host-podium-linear-en', 'projector');
    } finally {
      await hostContext.close();
      for (const phone of phones) await phone.context.close();
    }
  });
  it('a proposal nobody confirmed before the close: both screens say it was waiting, and the unchanged loss reads unchanged; the landscape\u2019s y title clear of its ticks', async () => {
    const { context: hostContext, page: host } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    const phones: Phone[] = [];
    for (const spec of [
      { name: 'Ada', lang: 'en', teamId: 't1' },
      { name: '小明', lang: 'zh-CN', teamId: 't1' },
    ] as const) {
      const { context, page } = await openPage(live.browser, { lang: spec.lang, viewport: 'phone' });
      phones.push({ ...spec, page, context });
    }
    const [ada, xiaoming] = phones as [Phone, Phone];
    // Room seed 5: a task whose landscape has five-character loss ticks (0.025, 0.075), the widest a title must clear.
    const server = await startGameServer({ seed: 5 });
    try {
      await host.goto(`${server.url}/host`);
      await host.getByRole('radio', { name: /^Descent Race/ }).check();
      await host.getByRole('radio', { name: /^A second member confirms/ }).check();
      await host.getByRole('radio', { name: 'Medium' }).check();
      await host.getByLabel('Number of iterations').fill('2');
      await host.getByLabel('Seconds per iteration').fill('600');
      await host.getByLabel('Number of teams').fill('2');
      await host.getByLabel('Number of teams').press('Tab');
      await host.getByRole('radio', { name: 'Students choose' }).check();
      await host.getByRole('button', { name: 'Create the game' }).first().click();
      await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const code = new URL(host.url()).pathname.split('/').pop()!;
      const room = (): Readonly<RoomState> => server.room(code);
      const task = toPublicDescentTask(room().descent!.task);
      for (const phone of phones) {
        await phone.page.goto(`${server.url}/play/${code}?name=${encodeURIComponent(phone.name)}`);
        await phone.page.locator('.play-lobby__team-button').first().click();
        await expect.poll(() => Object.values(room().players).find((p) => p.name === phone.name)!.teamId).toBe('t1');
      }
      await host.getByRole('button', { name: 'Start the game' }).click();
      await host.locator('.descent-host .descent-charts').waitFor();

      // The landscape's y-axis title and its tick labels do not overlap, in either language.
      for (const lang of ['en', 'zh-CN'] as const) {
        await setLang(host, lang);
        const overlaps = await host.locator('.loss-landscape__svg').evaluate((svg) => {
          const title = [...svg.querySelectorAll('.loss-curves__axis-label')].find((e) => (e.getAttribute('transform') ?? '').includes('rotate'))!.getBoundingClientRect();
          const ticks = [...svg.querySelectorAll('.loss-curves__tick[text-anchor="end"]')].map((tick) => ({ text: tick.textContent ?? '', box: tick.getBoundingClientRect() }));
          return {
            labels: ticks.map(({ text }) => text),
            under: ticks.filter(({ box }) => box.left < title.right && title.left < box.right && box.top < title.bottom && title.top < box.bottom).map(({ text }) => text),
          };
        });
        expect(overlaps.labels).toContain('0.075');
        expect(overlaps.under, `${lang}: ticks under the y title`).toEqual([]);
        await check(host, `descent-host-landscape-${lang}`, 'projector');
      }
      await setLang(host, 'en');

      // Ada proposes; nobody confirms before the teacher closes the iteration.
      const start = { ...room().descent!.runs.t1!.params };
      const g = measure(task, start).gradient;
      const lr = room().descent!.runs.t1!.lr;
      const w = formatNumber(start.w - lr * g.w, 6);
      const b = formatNumber(start.b - lr * g.b, 6);
      await ada.page.locator('[data-testid="descent-now"]').waitFor();
      await ada.page.locator('.keypad__input').fill(w);
      await ada.page.locator('.keypad__submit').click();
      await ada.page.locator('.descent-form__field[aria-pressed="true"]', { hasText: 'b′' }).waitFor();
      await ada.page.locator('.keypad__input').fill(b);
      await ada.page.locator('.keypad__submit').click();
      await ada.page.locator('.descent-proposal--mine').waitFor({ timeout: STEP_TIMEOUT });
      await host.getByRole('button', { name: 'Close the iteration now' }).click();

      await host.locator('[data-testid="descent-steps"]').waitFor();
      for (const phone of phones) await phone.page.locator('[data-testid="own-result"]').waitFor();
      expect(room().descent!.runs.t1!.params).toEqual(start);
      const shownW = w.replace(/^-/, '\u2212');
      const hostNote = (await host.locator('[data-testid="descent-step-t1"] [data-testid="descent-nothing"]').textContent())!;
      expect(hostNote).toContain('Ada');
      expect(hostNote).toContain('waiting for a confirmation');
      expect(hostNote).toContain(shownW);
      expect(await ada.page.locator('[data-testid="descent-nothing"]').textContent()).toContain('still waiting for a confirmation');
      expect(await xiaoming.page.locator('[data-testid="descent-nothing"]').textContent()).toContain('仍在等待确认');
      // Nothing was applied: the loss did not change, and the screens say so.
      expect(await ada.page.locator('[data-testid="descent-loss-change"]').textContent()).toContain('the loss did not change');
      expect(await ada.page.locator('[data-testid="descent-loss-change"]').textContent()).not.toContain('\u2193');
      expect(await xiaoming.page.locator('[data-testid="descent-loss-change"]').textContent()).toContain('损失没有变化');
      expect(await host.locator('[data-testid="descent-step-t1"] .descent-step-card__loss').textContent()).toContain('the loss did not change');
      await checkHost(host, 'waiting-reveal');
      await checkPhones(phones, 'waiting-reveal');
    } finally {
      await hostContext.close();
      for (const phone of phones) await phone.context.close();
      await server.close();
    }
  });
});
