/**
 * A Hard Descent Race on the two-input neuron in real Chromium: the projector (1920×1080) sets
 * it up through the form (Hard offers the neuron's inputs, two by default), four phones
 * (360×740, one of each team in Chinese) play two iterations. Each step is typed on the keypad
 * field by field (w₁′, w₂′, b′), proposed and confirmed; in the first iteration Blue adds w₂'s
 * step instead of subtracting it, which the game names and applies all the same.
 *
 * Checked against the engine: the values the phones show, the data with x₁ and x₂, the verdicts,
 * the projector's loss maps (one per team, its marker where its w₁, w₂ are) and the hidden w₁*,
 * w₂*, b* at the podium. axe-core and the 360-px width on every screen; screenshots in both
 * languages land in test-results/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import { type DescentParams, formatNumber, measure, toPublicDescentTask } from '../../shared/engine/index.ts';
import type { RoomState } from '../../server/room/room-state.ts';
import { liveGame, pageText } from './game-support.ts';
import { browserTestsEnabled, openPage } from './harness.ts';
import { type Phone, STEP_TIMEOUT, expectClose, openPhones, readNumber, screenCheckers } from './descent-support.ts';

const enabled = browserTestsEnabled();
describe.skipIf(!enabled)('a two-input descent race in the browser', () => {
  const live = liveGame();

  const { checkHost, checkPhones } = screenCheckers('descent2');

  it('Hard with two inputs: set-up, w₁′, w₂′ and b′ typed and confirmed, a wrong w₂′ named and applied, the loss maps, the hidden neuron', async () => {
    const { context: hostContext, page: host } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    const phones = await openPhones(live.browser);
    const [ada, xiaoming, bo, xiaohong] = phones as [Phone, Phone, Phone, Phone];
    try {
      // ─── Set-up: Descent Race at Hard offers the neuron's inputs; two is the default ───
      await host.goto(`${live.server.url}/host`);
      await host.getByRole('radio', { name: /^Descent Race/ }).check();
      await host.locator('[data-testid="setup-descent"]').waitFor();
      await host.getByRole('radio', { name: 'Medium' }).check();
      expect(await host.locator('[data-testid="setup-descent-inputs"]').count()).toBe(0);
      await host.getByRole('radio', { name: 'Hard' }).check();
      await host.locator('[data-testid="setup-descent-inputs"]').waitFor();
      expect(await host.getByRole('radio', { name: /^Two inputs/ }).isChecked()).toBe(true);
      await host.getByRole('radio', { name: /^Each team chooses/ }).check();
      await host.getByLabel('Number of iterations').fill('2');
      await host.getByLabel('Seconds per iteration').fill('600');
      await host.getByLabel('Number of teams').fill('2');
      await host.getByLabel('Number of teams').press('Tab');
      await host.getByRole('radio', { name: 'Students choose' }).check();
      await host.locator('[data-testid="setup-descent-inputs"]').scrollIntoViewIfNeeded();
      await checkHost(host, 'setup');
      await host.getByRole('button', { name: 'Create the game' }).first().click();
      await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const code = new URL(host.url()).pathname.split('/').pop()!;
      const room = (): Readonly<RoomState> => live.server.room(code);
      expect(room().config).toMatchObject({ mode: 'descent', difficulties: [3], descent: { activation: 'sigmoid', inputs: 2 } });
      const task = toPublicDescentTask(room().descent!.task);
      expect(task.inputs).toBe(2);
      const hidden = room().descent!.task.hidden;

      for (const phone of phones) {
        await phone.page.goto(`${live.server.url}/play/${code}?name=${encodeURIComponent(phone.name)}`);
        await phone.page.locator('.play-lobby').waitFor();
        await phone.page.locator('.play-lobby__team-button').nth(phone.teamId === 't1' ? 0 : 1).click();
        await expect.poll(() => Object.values(room().players).find((p) => p.name === phone.name)?.teamId).toBe(phone.teamId);
      }
      await expect.poll(() => host.locator('.lobby-player').count()).toBe(4);
      // The projector's lobby shows the data with both inputs.
      const headers = await host.locator('[data-testid="descent-points"] thead th').allTextContents();
      expect(headers.join(' ')).toMatch(/x1.*x2|x₁.*x₂/s);
      await checkHost(host, 'lobby');

      await host.getByRole('button', { name: 'Start the game' }).click();
      const params = (teamId: string): Required<DescentParams> => ({ ...room().descent!.runs[teamId]!.params }) as Required<DescentParams>;
      const lr = (teamId: string) => room().descent!.runs[teamId]!.lr;

      /** Types w₁′, then w₂′, then b′ on the keypad (Enter moves to the next field) and proposes them. */
      async function propose(phone: Phone, step: Required<DescentParams>): Promise<void> {
        const page = phone.page;
        for (const [param, value, next] of [['w₁′', step.w, 'w₂′'], ['w₂′', step.w2, 'b′'], ['b′', step.b, null]] as const) {
          await page.locator('.descent-form__field[aria-pressed="true"]', { hasText: param }).waitFor();
          await page.locator('.keypad__input').fill(formatNumber(value, 6));
          await page.locator('.keypad__submit').click();
          if (next) await page.locator('.descent-form__field[aria-pressed="true"]', { hasText: next }).waitFor();
        }
        await page.locator('.descent-proposal--mine').waitFor({ timeout: STEP_TIMEOUT });
      }
      async function confirm(phone: Phone, proposer: Phone): Promise<void> {
        const item = phone.page.locator('[data-testid="descent-proposal"]', { hasText: proposer.name });
        await item.waitFor({ timeout: STEP_TIMEOUT });
        await item.locator('.descent-proposal__confirm').click();
        await phone.page.locator('[data-testid="descent-submitted"], [data-testid="own-result"]').first().waitFor({ timeout: STEP_TIMEOUT });
      }
      const stepOf = (teamId: string, sign = -1): Required<DescentParams> => {
        const p = params(teamId);
        const g = measure(task, p).gradient;
        return { w: p.w - lr(teamId) * g.w, w2: p.w2 + sign * lr(teamId) * g.w2!, b: p.b - lr(teamId) * g.b };
      };

      for (let index = 0; index < 2; index++) {
        await host.locator('[data-testid="descent-surface"]').waitFor();
        for (const phone of phones) await phone.page.locator('[data-testid="descent-now"]').waitFor();
        const before = { t1: params('t1'), t2: params('t2') };
        for (const phone of phones) {
          const p = before[phone.teamId];
          expectClose(readNumber((await phone.page.locator('[data-testid="descent-w"]').textContent())!), p.w, `${phone.name}'s w₁`);
          expectClose(readNumber((await phone.page.locator('[data-testid="descent-w2"]').textContent())!), p.w2, `${phone.name}'s w₂`);
          expectClose(readNumber((await phone.page.locator('[data-testid="descent-b"]').textContent())!), p.b, `${phone.name}'s b`);
          // Three fields to type, and the data with x₁ and x₂ for every point.
          expect(await phone.page.locator('.descent-form__field').count()).toBe(3);
          expect(await phone.page.locator('[data-testid="descent-points"] tbody tr').count()).toBe(task.points.length);
          const first = await phone.page.locator('[data-testid="descent-points"] tbody tr').first().locator('td').allTextContents();
          expect(first.slice(0, 2).map(readNumber)).toEqual([task.points[0]!.x, task.points[0]!.x2]);
        }
        // One map per team on the projector, each naming its team's b.
        expect(await host.locator('[data-testid^="descent-surface-t"]').count()).toBe(2);
        expect(await host.locator('[data-testid="descent-surface-t1"] .loss-surface__b').textContent()).toContain(formatNumber(before.t1.b, 3).replace('-', '\u2212'));

        const steps = { t1: stepOf('t1'), t2: index === 0 ? stepOf('t2', 1) : stepOf('t2') };
        await propose(ada, steps.t1);
        expect(await pageText(host)).not.toContain(formatNumber(steps.t1.w2, 6));
        if (index === 0) {
          await xiaoming.page.locator('[data-testid="descent-proposal"]').waitFor();
          await checkPhones([ada, xiaoming], 'question');
          await checkHost(host, 'question');
        }
        await confirm(xiaoming, ada);
        await propose(bo, steps.t2);
        await confirm(xiaohong, bo);

        await host.locator('[data-testid="descent-steps"]').waitFor();
        for (const phone of phones) await phone.page.locator('[data-testid="own-result"]').waitFor();
        const runs = room().descent!.runs;
        for (const teamId of ['t1', 't2'] as const) {
          expect(runs[teamId]!.params.w2).toBeCloseTo(Number(formatNumber(steps[teamId].w2, 6)), 12);
        }
        expect(runs.t1!.history[index]!.correct).toBe(true);
        expect(runs.t2!.history[index]!.correct).toBe(index > 0);
        if (index === 0) {
          expect(runs.t2!.history[0]!.verdicts).toMatchObject({ w: { status: 'correct' }, w2: { status: 'wrong', diagnosis: 'added-step' }, b: { status: 'correct' } });
          expect(await bo.page.locator('[data-testid="descent-applied"]').textContent()).toContain('w₂′ was wrong');
          expect(await xiaohong.page.locator('[data-testid="descent-applied"]').textContent()).toContain('w₂′');
          const right = (await bo.page.locator('[data-testid="descent-right-step"]').textContent())!;
          expect(right).toContain('w₁′ =');
          expect(right).toContain('w₂′ =');
          expect(right).toContain('dL/dw₂ =');
          expect(await host.locator('[data-testid="descent-step-t2"]').textContent()).toContain('w₂′');
          await checkHost(host, 'reveal');
          await checkPhones([bo, xiaohong], 'reveal');
        }
        await host.getByRole('button', { name: 'Show the leaderboard' }).click();
        await host.locator('.host-leaderboard').waitFor();
        await host.getByRole('button', { name: index === 1 ? 'Show the final results' : 'Next question' }).click();
      }

      await host.locator('[data-testid="descent-hidden"]').waitFor();
      const hiddenText = (await host.locator('[data-testid="descent-hidden"]').textContent())!.replace(/\u2212/g, '-');
      for (const v of [hidden.w, hidden.w2!, hidden.b]) expect(hiddenText).toContain(String(v));
      // At the podium a last map at the hidden b*, its lowest point marked.
      await host.locator('[data-testid="descent-surface-truth"]').waitFor();
      await checkHost(host, 'podium');
    } finally {
      await hostContext.close();
      for (const phone of phones) await phone.context.close();
    }
  });
});
