/**
 * A Backprop Relay round in real Chromium against the real server: the projector (1920×1080)
 * sets up a relay for two teams, six phones (360×740, three in Chinese) join and choose their
 * team, and each team relays one two-layer chain to the podium. Red relays every link right;
 * Blue's second link forgets σ′ and the links after it work faithfully from the wrong value.
 *
 * Checked along the way, against values computed here from the network itself (not from the
 * engine's gradients): the upstream value reaches the next holder's phone only once the
 * previous link is sent, and it is the value sent; the projector shows each link as it
 * arrives, the wrong link in red and the links it spread to as "right for what it received";
 * the ranking, credit and points at the reveal. axe-core and the phone width on every relay
 * screen; screenshots in test-results/screenshots/relay-*.png.
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Lang, RelayProblem } from '../../shared/engine/index.ts';
import { problemFor, showsAnswer, liveGame } from './game-support.ts';
import { browserTestsEnabled, checkScreen as check, openPage, screenshot, SCREENSHOT_DIR, setLang, waitForMath } from './harness.ts';

const enabled = browserTestsEnabled();
const WAIT = 15_000;

interface Phone {
  name: string;
  lang: Lang;
  team: 0 | 1;
  page: Page;
  context: BrowserContext;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * The chain of a two-layer sigmoid network with MSE, from the forward pass up: each link's
 * local factor (null for the first) and its true value, written out as the source text does.
 */
function chainOf(problem: RelayProblem): { factors: (number | null)[]; truth: number[]; update: (received: number) => number } {
  const { x, target, lr, layers } = problem.network!;
  const l1 = layers[0]!;
  const l2 = layers[1]!;
  const a1 = sigmoid(l1.w * x + l1.b);
  const y = sigmoid(l2.w * a1 + l2.b);
  // dL/dy, ×dy/dz2, ×dz2/da1, ×da1/dz1, ×dz1/dw1, then w1' = w1 − η·dL/dw1.
  const factors = [null, y * (1 - y), l2.w, a1 * (1 - a1), x, null];
  const update = (received: number) => l1.w - lr * received;
  const truth: number[] = [y - target];
  for (let i = 1; i < 5; i++) truth.push(truth[i - 1]! * factors[i]!);
  truth.push(update(truth[4]!));
  return { factors, truth, update };
}

/**
 * What a student types: four significant figures, as a phone keyboard takes it; for the
 * updated weight six, since the step it takes is small next to the weight (0.4 → 0.40027).
 */
const typed = (value: number, sig = 4) => String(Number(value.toPrecision(sig)));
/** The same number as the screens write it (a real minus sign). */
const shown = (text: string) => text.replace('-', '−');

describe.skipIf(!enabled)('a Backprop Relay round in the browser', () => {
  const live = liveGame();

  async function checkHost(host: Page, screen: string): Promise<void> {
    await check(host, `relay-host-${screen}-en`, 'projector');
    await setLang(host, 'zh-CN');
    await check(host, `relay-host-${screen}-zh-CN`, 'projector');
    await setLang(host, 'en');
  }

  it('two teams of three relay a two-layer chain to the podium; an error shows where it entered and how it spread', async () => {
    const { context: hostContext, page: host } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    const specs = [
      { name: 'Ada', lang: 'en', team: 0 },
      { name: '小明', lang: 'zh-CN', team: 0 },
      { name: 'Cy', lang: 'en', team: 0 },
      { name: 'Bo', lang: 'en', team: 1 },
      { name: '小红', lang: 'zh-CN', team: 1 },
      { name: '小刚', lang: 'zh-CN', team: 1 },
    ] as const;
    const phones: Phone[] = await Promise.all(
      specs.map(async (spec) => {
        const { context, page } = await openPage(live.browser, { lang: spec.lang, viewport: 'phone' });
        return { ...spec, page, context };
      }),
    );
    const byName = (name: string) => phones.find((p) => p.name === name)!;
    try {
      // ─── Set-up: Backprop Relay, two-layer networks, one round, two self-chosen teams ───
      await host.goto(`${live.server.url}/host`);
      await host.getByRole('heading', { level: 1, name: 'Host a game' }).waitFor();
      await host.getByRole('radio', { name: /Backprop Relay/ }).check();
      await host.getByTestId('setup-mode-about').waitFor();
      await host.getByRole('checkbox', { name: 'Medium', exact: true }).check();
      await host.getByRole('checkbox', { name: 'Easy', exact: true }).uncheck();
      await host.getByLabel('Number of rounds').fill('1');
      await host.getByLabel('Seconds per round').fill('300');
      await host.getByLabel('Number of teams').fill('2');
      await host.getByLabel('Number of teams').press('Tab');
      await host.getByRole('radio', { name: 'Students choose' }).check();
      await host.getByRole('button', { name: 'Create the game' }).first().click();
      await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const code = new URL(host.url()).pathname.split('/').pop()!;
      expect(live.server.room(code).config).toMatchObject({ mode: 'relay', questionCount: 1, difficulties: [2], teams: { count: 2, assignment: 'self' } });

      // ─── Six phones join in this order (the order links are dealt in) and pick their team ───
      for (const phone of phones) {
        await phone.page.goto(`${live.server.url}/play/${code}?name=${encodeURIComponent(phone.name)}`);
        await phone.page.locator('.play-lobby').waitFor();
        await phone.page.locator('.play-lobby__team-button').nth(phone.team).click();
        await expect.poll(() => phone.page.locator('.play-lobby__team-button[aria-pressed="true"]').count()).toBe(1);
      }
      await expect.poll(() => host.locator('.lobby-player').count()).toBe(6);

      await host.getByRole('button', { name: 'Start the game' }).click();
      await host.locator('.relay-host').waitFor();
      const room = live.server.room(code);
      const teamIds = ['t1', 't2'] as const;
      const problems = teamIds.map((teamId) => problemFor(room, 0, teamId) as RelayProblem);
      const chains = problems.map(chainOf);
      // The independent chain agrees with the server's answer key (so the test's truth is the truth).
      problems.forEach((problem, t) => problem.steps!.forEach((step, i) => expect(chains[t]!.truth[i]).toBeCloseTo(step.answer, 10)));
      const holders = teamIds.map((teamId) => room.questions[0]!.relay![teamId]!.holders);
      const nameOf = (playerId: string) => room.players[playerId]!.name;
      // Links 1 and 4, 2 and 5, 3 and 6: three members for six links, dealt in join order.
      expect(holders.map((h) => h.map(nameOf))).toEqual([
        ['Ada', '小明', 'Cy', 'Ada', '小明', 'Cy'],
        ['Bo', '小红', '小刚', 'Bo', '小红', '小刚'],
      ]);
      const holderPhone = (t: number, link: number) => byName(nameOf(holders[t]![link]!));

      // Nothing any screen shows at the start gives a team's chain away.
      for (const phone of phones) expect(await showsAnswer(phone.page, problems[phone.team]!), `${phone.name} sees an answer`).toBe(false);
      for (const problem of problems) expect(await showsAnswer(host, problem)).toBe(false);

      const rows = host.locator('[data-testid="relay-row"]');
      await expect.poll(() => rows.count()).toBe(2);
      const box = (t: number, link: number) => rows.nth(t).locator(`.relay-box[data-link="${link}"]`);
      expect(await box(0, 0).getAttribute('data-state')).toBe('current');
      expect(await box(0, 1).getAttribute('data-state')).toBe('waiting');

      // Before link 1 is sent, 小明 (link 2) waits for Ada, and no upstream value is on his phone.
      const xiaoming = byName('小明');
      await xiaoming.page.locator('[data-testid="relay-waiting"]').waitFor();
      expect(await xiaoming.page.locator('[data-testid="relay-waiting"]').textContent()).toContain('等待 Ada 传出');
      expect(await xiaoming.page.locator('[data-testid="relay-upstream"]').count()).toBe(0);
      expect(await xiaoming.page.locator('.keypad').count()).toBe(0);
      // His team's graph waits for every link: a "?" under each box of the chain, no gradient yet.
      const graphText = (phone: Phone) => phone.page.locator('.graph desc').textContent();
      await xiaoming.page.locator('.graph desc').waitFor({ state: 'attached' });
      const firstGradient = shown(String(Number(chains[0]!.truth[0]!.toPrecision(3))));
      expect(await graphText(xiaoming)).not.toContain(firstGradient);
      const ada = byName('Ada');
      await ada.page.locator('[data-testid="relay-turn"]').waitFor();
      expect(await ada.page.locator('[data-testid="relay-holds"]').textContent()).toContain('You hold links 1 and 4');
      await screenshot(ada.page, 'relay-phone-first-en');
      await check(xiaoming.page, 'relay-phone-waiting-zh-CN', 'phone');

      // ─── The relay: Red sends every link right; Blue's link 2 forgets σ′, the rest follow from it ───
      const sent: string[][] = [[], []];
      const received: number[] = [0, 0];
      const expectedState: string[][] = [[], []];
      async function sendLink(t: number, link: number): Promise<void> {
        const phone = holderPhone(t, link);
        const chain = chains[t]!;
        let value: number;
        if (t === 0 || link === 0) value = chain.truth[link]!;
        else if (link === 1) value = received[t]!; // dL/dz2 sent as dL/dy: the σ′ factor forgotten
        else if (link === 5) value = chain.update(received[t]!);
        else value = received[t]! * chain.factors[link]!;
        const text = typed(value, link === 5 ? 6 : 4);
        await phone.page.locator('[data-testid="relay-turn"]').waitFor({ timeout: WAIT });
        if (link > 0) {
          // The value on this phone is exactly what the teammate before sent.
          expect(await phone.page.locator('[data-testid="relay-upstream"]').textContent()).toBe(shown(sent[t]![link - 1]!));
        }
        await phone.page.locator('.keypad__input').fill(text);
        await phone.page.locator('.keypad__submit').click();
        await phone.page.locator('[data-testid="relay-turn"]').waitFor({ state: 'detached', timeout: WAIT });
        sent[t]!.push(text);
        received[t] = Number(text);
        expectedState[t]!.push(t === 0 || link === 0 ? 'correct' : link === 1 ? 'entry' : 'carried');
        // The projector shows the value as it arrives, and what it makes of it.
        await expect.poll(() => box(t, link).getAttribute('data-state'), { timeout: WAIT }).toBe(expectedState[t]![link]);
        expect(await box(t, link).locator('[data-testid="relay-box-value"]').textContent()).toBe(`= ${shown(text)}`);
      }

      for (let link = 0; link < 3; link++) {
        await sendLink(0, link);
        // The first gradient fills in on the graph of the next holder's phone as it is sent.
        if (link === 0) await expect.poll(() => graphText(xiaoming), { timeout: WAIT }).toContain(firstGradient);
        await sendLink(1, link);
      }
      await sendLink(1, 3);
      // Mid-relay: Red at link 4 (Ada again), Blue at link 5 with the error carried two links on.
      expect(await rows.nth(1).locator('[data-testid="relay-error-entry"]').textContent()).toContain('The error entered at link 2');
      expect(await box(0, 3).getAttribute('data-state')).toBe('current');
      await ada.page.locator('[data-testid="relay-turn"]').waitFor();
      expect(await ada.page.locator('[data-testid="relay-upstream"]').textContent()).toBe(shown(sent[0]![2]!));
      // The teacher opens Blue's chain on its graph: Blue's own numbers, the links sent so far, the wrong one marked.
      const blueGraph = host.locator('[data-testid="relay-host-graph"]').nth(1);
      await blueGraph.locator('summary').click();
      await blueGraph.locator('.graph desc').waitFor({ state: 'attached', timeout: WAIT });
      const blueDesc = (await blueGraph.locator('.graph desc').textContent()) ?? '';
      for (const text of sent[1]!.slice(0, 4)) expect(blueDesc).toContain(shown(String(Number(Number(text).toPrecision(3)))));
      // The wrong link's badge (and the legend's, shown only when a link is wrong).
      expect(await blueGraph.locator('.graph__badge--wrong').count()).toBeGreaterThan(0);
      await blueGraph.screenshot({ path: join(SCREENSHOT_DIR, 'relay-host-live-graph-en.png'), animations: 'disabled' });
      await blueGraph.locator('summary').click();
      await checkHost(host, 'question');
      await check(ada.page, 'relay-phone-turn-en', 'phone');
      const xiaohong = byName('小红');
      await xiaohong.page.locator('[data-testid="relay-turn"]').waitFor();
      await check(xiaohong.page, 'relay-phone-turn-zh-CN', 'phone');
      // 小红's first link is red on her own chain too.
      expect(await xiaohong.page.locator('[data-testid="team-chain"] li[data-link="1"]').getAttribute('data-state')).toBe('entry');

      for (let link = 3; link < 6; link++) await sendLink(0, link);
      for (let link = 4; link < 6; link++) await sendLink(1, link);

      // ─── Reveal: every chain complete, the round closes by itself ───
      await host.locator('.relay-host--reveal').waitFor({ timeout: WAIT });
      const ranking = host.locator('[data-testid="relay-ranking"] tbody tr');
      await expect.poll(() => ranking.count()).toBe(2);
      // Red is fully correct, so it wins; Blue: 1 + 0 + 4 × 0.75 over 6 links = 67 % of the credit.
      const red = await ranking.nth(0).textContent();
      expect(red).toContain('Red');
      expect(red).toContain('Winner');
      expect(red).toContain('100 %');
      const blue = await ranking.nth(1).textContent();
      expect(blue).toContain('Blue');
      expect(blue).toContain('The error entered at link 2');
      expect(blue).toContain(`${Math.round(((1 + 0 + 4 * 0.75) / 6) * 100)} %`);
      // Each box now has the correct value beneath it; Blue's carried links show how far off they were.
      for (const t of [0, 1]) {
        for (let link = 0; link < 6; link++) {
          expect(await box(t, link).getAttribute('data-state')).toBe(expectedState[t]![link]);
          expect(await box(t, link).locator('[data-testid="relay-box-truth"]').count()).toBe(1);
        }
      }
      expect(await box(1, 2).locator('.relay-box__off').count()).toBe(1);
      expect(await box(0, 2).locator('.relay-box__off').count()).toBe(0);
      await checkHost(host, 'reveal');
      // Blue's chain on its own network's graph: what each link sent, with its state.
      const blueDetails = rows.nth(1).locator('xpath=..').locator('details');
      await blueDetails.locator('summary').click();
      await blueDetails.locator('.graph desc').waitFor({ state: 'attached', timeout: WAIT });
      await waitForMath(host);
      await blueDetails.locator('.graph').screenshot({ path: join(SCREENSHOT_DIR, 'relay-host-reveal-graph-en.png'), animations: 'disabled' });

      // Each phone: its team's outcome and its points, counted here from the links it held.
      const credit = (state: string) => (state === 'correct' ? 1000 : state === 'carried' ? 750 : 0);
      for (const phone of phones) {
        await phone.page.locator('[data-testid="relay-outcome"]').waitFor({ timeout: WAIT });
        const t = phone.team;
        const mine = holders[t]!.map((id, link) => (nameOf(id) === phone.name ? link : -1)).filter((link) => link >= 0);
        const points = mine.reduce((sum, link) => sum + credit(expectedState[t]![link]!), 0) + (t === 0 ? 500 : 0);
        expect(await phone.page.locator('[data-testid="round-points"]').textContent()).toContain(`+${points.toLocaleString(phone.lang)}`);
      }
      expect(await ada.page.locator('[data-testid="relay-outcome"]').textContent()).toContain('Your team won this round!');
      expect(await xiaohong.page.locator('[data-testid="relay-outcome"]').textContent()).toContain('误差从第 2 环进入');
      await check(ada.page, 'relay-phone-reveal-en', 'phone');
      await check(xiaohong.page, 'relay-phone-reveal-zh-CN', 'phone');

      // ─── Leaderboard and podium: the common screens ───
      await host.getByRole('button', { name: 'Show the leaderboard' }).click();
      await host.locator('.host-leaderboard').waitFor();
      await host.getByRole('button', { name: 'Show the final results' }).click();
      await host.locator('.host-podium').waitFor();
      const standings = live.server.room(code);
      expect(standings.phase.phase).toBe('podium');
      const scoreOf = (name: string) => Object.values(standings.players).find((p) => p.name === name)!.score;
      expect(scoreOf('Ada')).toBe(2500);
      expect(scoreOf('小红')).toBe(750);
      await screenshot(host, 'relay-host-podium-en');
    } finally {
      await hostContext.close();
      for (const phone of phones) await phone.context.close();
    }
  });
});
