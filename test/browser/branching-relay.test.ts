/**
 * A Backprop Relay round on a network that branches, in real Chromium against the real server:
 * the projector (1920×1080) sets up a relay whose rounds run on a hidden pair (x feeds two hidden
 * neurons), three phones (360×740, one in Chinese) relay it. After dL/dz₂ the two hidden neurons'
 * branches run at once on two phones; the member holding x receives both branches' gradients,
 * multiplies each by its local derivative and adds the two; the round is played to the reveal.
 *
 * The truth is computed here from the network's numbers (not from the engine's gradients), and
 * every value a phone shows as received is checked to be the value its teammate sent.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { GraphNetwork, RelayProblem } from '../../shared/engine/index.ts';
import { liveGame, problemFor, showsAnswer } from './game-support.ts';
import { browserTestsEnabled, checkScreen, openPage, setLang } from './harness.ts';

const enabled = browserTestsEnabled();
const WAIT = 15_000;

const act = (name: string, z: number) => (name === 'tanh' ? Math.tanh(z) : 1 / (1 + Math.exp(-z)));
const slope = (name: string, a: number) => (name === 'tanh' ? 1 - a * a : a * (1 - a));

/** A 1-2-1 network's backward pass by hand, link by link: dL/dy, dL/dz2, each branch, and dL/dx as the sum of the two paths. */
function truthOf(graph: GraphNetwork) {
  const [h1, h2, out] = graph.neurons as [GraphNetwork['neurons'][number], GraphNetwork['neurons'][number], GraphNetwork['neurons'][number]];
  const x = graph.x[0]!;
  const a = [h1, h2].map((n) => act(n.activation, n.w[0]! * x + n.b));
  const y = act('sigmoid', out.w[0]! * a[0]! + out.w[1]! * a[1]! + out.b);
  const dy = y - graph.target;
  const dz2 = dy * y * (1 - y);
  const da = [0, 1].map((j) => dz2 * out.w[j]!);
  const dz1 = [0, 1].map((j) => da[j]! * slope([h1, h2][j]!.activation, a[j]!));
  const weights = [h1.w[0]!, h2.w[0]!];
  return { links: [dy, dz2, da[0]!, dz1[0]!, da[1]!, dz1[1]!, dz1[0]! * weights[0]! + dz1[1]! * weights[1]!], weights, slopes: a.map((v, j) => slope([h1, h2][j]!.activation, v)), out };
}

const typed = (value: number) => String(Number(value.toPrecision(4)));
const shown = (text: string) => text.replace('-', '−');

describe.skipIf(!enabled)('a Backprop Relay round on a network that branches', () => {
  const live = liveGame();

  it('runs two branches at once and the member where they meet adds the two gradients, to the reveal', async () => {
    const { context: hostContext, page: host } = await openPage(live.browser, { lang: 'en', viewport: 'projector' });
    const specs = [
      { name: '小明', lang: 'zh-CN' },
      { name: 'Ada', lang: 'en' },
      { name: 'Cy', lang: 'en' },
    ] as const;
    const phones = await Promise.all(specs.map(async (spec) => ({ ...spec, ...(await openPage(live.browser, { lang: spec.lang, viewport: 'phone' })) })));
    const pageOf = (name: string): Page => phones.find((p) => p.name === name)!.page;
    try {
      await host.goto(`${live.server.url}/host`);
      await host.getByRole('radio', { name: /Backprop Relay/ }).check();
      await host.getByTestId('setup-mode-about').waitFor();
      // The relay offers the same networks as Chain Steps: here only the one that branches.
      await host.getByRole('checkbox', { name: 'Step by step where paths meet' }).check();
      await host.getByRole('checkbox', { name: 'Backprop step by step' }).uncheck();
      await host.getByLabel('Number of rounds').fill('1');
      await host.getByLabel('Seconds per round').fill('300');
      await host.getByLabel('Number of teams').fill('2');
      await host.getByLabel('Number of teams').press('Tab');
      await host.getByRole('radio', { name: 'Students choose' }).check();
      await checkScreen(host, 'branching-relay-setup-en', 'projector');
      await setLang(host, 'zh-CN');
      await checkScreen(host, 'branching-relay-setup-zh-CN', 'projector');
      await setLang(host, 'en');
      await host.getByRole('button', { name: 'Create the game' }).first().click();
      await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
      const code = new URL(host.url()).pathname.split('/').pop()!;
      expect(live.server.room(code).config).toMatchObject({ mode: 'relay', kinds: ['branch-steps'], questionCount: 1 });

      for (const phone of phones) {
        await phone.page.goto(`${live.server.url}/play/${code}?name=${encodeURIComponent(phone.name)}`);
        await phone.page.locator('.play-lobby').waitFor();
        await phone.page.locator('.play-lobby__team-button').nth(0).click();
        await expect.poll(() => phone.page.locator('.play-lobby__team-button[aria-pressed="true"]').count()).toBe(1);
      }
      await expect.poll(() => host.locator('.lobby-player').count()).toBe(3);
      await host.getByRole('button', { name: 'Start the game' }).click();
      await host.locator('.relay-host').waitFor();

      const room = live.server.room(code);
      const problem = problemFor(room, 0, 't1') as RelayProblem;
      const truth = truthOf(problem.graph!);
      problem.steps!.forEach((step, i) => expect(truth.links[i]).toBeCloseTo(step.answer, 10));
      const holders = room.questions[0]!.relay!.t1!.holders.map((id) => room.players[id]!.name);
      // Seven links dealt in join order: 小明 holds x, where the branches meet.
      expect(holders).toEqual(['小明', 'Ada', 'Cy', '小明', 'Ada', 'Cy', '小明']);
      for (const phone of phones) expect(await showsAnswer(phone.page, problem), `${phone.name} sees an answer`).toBe(false);
      expect(await showsAnswer(host, problem)).toBe(false);

      const row = host.locator('[data-testid="relay-row"]').first();
      const box = (link: number) => row.locator(`.relay-box[data-link="${link}"]`);
      // The projector writes the tree: each branch as a product, and where they meet the sum.
      // dL/dz2 from dL/dy, a product per branch, and the sum at x.
      expect(await host.locator('.relay-strip__formulas p').nth(1).locator('.relay-strip__math').count()).toBe(4);
      expect(await box(6).locator('[data-testid="relay-box-from"]').textContent()).toBe('from links 4 + 6');

      const sent: string[] = [];
      async function send(link: number, value: number): Promise<void> {
        const page = pageOf(holders[link]!);
        await page.locator('[data-testid="relay-turn"]').waitFor({ timeout: WAIT });
        const text = typed(value);
        await page.locator('.keypad__input').fill(text);
        await page.locator('.keypad__submit').click();
        sent[link] = text;
        await expect.poll(() => box(link).getAttribute('data-state'), { timeout: WAIT }).not.toBe('current');
      }
      await send(0, truth.links[0]!);
      await send(1, truth.links[1]!);

      // ─── The two branches at once: Cy's dL/da₁₁ and Ada's dL/da₁₂ are both open ───
      await expect.poll(() => box(2).getAttribute('data-state'), { timeout: WAIT }).toBe('current');
      expect(await box(4).getAttribute('data-state')).toBe('current');
      expect(await row.locator('[data-testid="relay-row-status"]').textContent()).toBe('Links 3 and 5 of 7: Cy and Ada are working');
      for (const name of ['Cy', 'Ada']) {
        await pageOf(name).locator('[data-testid="relay-turn"]').waitFor({ timeout: WAIT });
        expect(await pageOf(name).locator('[data-testid="relay-upstream"]').textContent()).toBe(shown(sent[1]!));
      }
      await checkScreen(pageOf('Ada'), 'branching-relay-phone-branch-en', 'phone');
      await checkScreen(host, 'branching-relay-host-branches-en', 'projector');
      // Both send, neither waiting for the other.
      await Promise.all([
        (async () => {
          const page = pageOf('Cy');
          await page.locator('.keypad__input').fill(typed(Number(sent[1]) * truth.out.w[0]!));
          await page.locator('.keypad__submit').click();
        })(),
        (async () => {
          const page = pageOf('Ada');
          await page.locator('.keypad__input').fill(typed(Number(sent[1]) * truth.out.w[1]!));
          await page.locator('.keypad__submit').click();
        })(),
      ]);
      sent[2] = typed(Number(sent[1]) * truth.out.w[0]!);
      sent[4] = typed(Number(sent[1]) * truth.out.w[1]!);
      await expect.poll(() => box(2).getAttribute('data-state'), { timeout: WAIT }).toBe('correct');
      await expect.poll(() => box(4).getAttribute('data-state'), { timeout: WAIT }).toBe('correct');

      // 小明 sends branch 1's dL/dz₁₁; the merge still waits for branch 2.
      await send(3, Number(sent[2]) * truth.slopes[0]!);
      const xiaoming = pageOf('小明');
      await xiaoming.locator('[data-testid="relay-prepare-merge"]').waitFor({ timeout: WAIT });
      expect(await xiaoming.locator('[data-testid="relay-turn"]').count()).toBe(0);
      await send(5, Number(sent[4]) * truth.slopes[1]!);

      // ─── Where the branches meet: both gradients arrive on 小明's phone, and he adds the two shares ───
      await xiaoming.locator('[data-testid="relay-merge"]').waitFor({ timeout: WAIT });
      const upstream = await xiaoming.locator('[data-testid="relay-upstream"]').allTextContents();
      expect(upstream).toEqual([shown(sent[3]!), shown(sent[5]!)]);
      expect(await xiaoming.locator('[data-testid="relay-merge"]').textContent()).toContain('两条分支在这里汇合');
      await checkScreen(xiaoming, 'branching-relay-phone-merge-zh-CN', 'phone');
      await setLang(xiaoming, 'en');
      await checkScreen(xiaoming, 'branching-relay-phone-merge-en', 'phone');
      await setLang(xiaoming, 'zh-CN');
      await checkScreen(host, 'branching-relay-host-merge-en', 'projector');
      const sum = Number(sent[3]) * truth.weights[0]! + Number(sent[5]) * truth.weights[1]!;
      await send(6, sum);

      // ─── The reveal: every link right, the merge's sum among them ───
      await host.locator('.relay-host--reveal').waitFor({ timeout: WAIT });
      await expect.poll(() => box(6).getAttribute('data-state'), { timeout: WAIT }).toBe('correct');
      const run = live.server.room(code).questions[0]!.relay!.t1!;
      expect(run.results.map((r) => r?.status)).toEqual(Array(7).fill('correct'));
      expect(run.results[6]!.receivedAll).toEqual([Number(sent[3]), Number(sent[5])]);
      await checkScreen(host, 'branching-relay-host-reveal-en', 'projector');
      await setLang(host, 'zh-CN');
      await checkScreen(host, 'branching-relay-host-reveal-zh-CN', 'projector');
      for (const phone of phones) {
        await phone.page.locator('.play-reveal').waitFor({ timeout: WAIT });
      }
      expect(await xiaoming.locator('.play-reveal').innerText()).toContain(shown(sent[5]!));
      await checkScreen(xiaoming, 'branching-relay-phone-reveal-zh-CN', 'phone');
      await checkScreen(pageOf('Ada'), 'branching-relay-phone-reveal-en', 'phone');
    } finally {
      await hostContext.close();
      for (const phone of phones) await phone.context.close();
    }
  });
});
