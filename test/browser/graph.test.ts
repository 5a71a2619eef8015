/**
 * The computation graph in real Chromium: in practice once the solution is open (one and
 * three layers, and the networks that branch), and at the reveal of a live quiz and chain-steps
 * game on the projector and on phones (collapsed there until asked for), never before; on a phone
 * (360×740) and a projector (1920×1080), in both languages. Checks that the numbers drawn are the
 * engine's, that the sum is written where paths meet, that nothing of the page sticks out sideways
 * (the graph scrolls in its own box), axe-core, and takes screenshots of the graph itself
 * (test-results/screenshots/graph-*.png) and of a branching network's diagram (diagram-*.png).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asciiMarksAgainstChinese } from '../client/chinese-punctuation.ts';
import {
  type GraphNetwork,
  type Lang,
  type Network,
  type ProblemKind,
  evaluateGraph,
  evaluateNetwork,
  formatNumber,
  generateProblem,
  graphQuantityKeys,
} from '../../shared/engine/index.ts';
import { type GameServer, answerFor, startGameServer } from './game-support.ts';
import {
  browserTestsEnabled,
  buildClient,
  checkScreen as checkPage,
  horizontalOverflow,
  launchBrowser,
  openPage,
  screenshot,
  SCREENSHOT_DIR,
  seriousViolations,
  serveClient,
  setLang,
  type StaticServer,
  type ViewportName,
  waitForMath,
} from './harness.ts';

const enabled = browserTestsEnabled();

const SHOW_SOLUTION: Record<Lang, string> = { en: 'Show the solution', 'zh-CN': '查看解答' };

/** The graph's own screenshot (its box and legend) in test-results/screenshots/. */
async function shootGraph(page: Page, name: string): Promise<void> {
  const graph = page.locator('.graph').first();
  await graph.scrollIntoViewIfNeeded();
  await graph.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, animations: 'disabled' });
}

/** The engine's forward values and gradients are drawn, and listed in the text alternative. */
async function expectEngineNumbers(page: Page, network: Network, scope = page.locator('body')): Promise<void> {
  const q = evaluateNetwork(network);
  const graph = scope.locator('.graph').first();
  const desc = ((await graph.locator('svg desc').textContent()) ?? '').replace(/\u2212/g, '-');
  const drawn = (await graph.locator('svg text').allTextContents()).map((t) => t.replace(/\u2212/g, '-'));
  for (const key of ['y', 'L', 'dL/dy', 'dL/dw1', 'dL/db1']) {
    const shown = formatNumber(q[key]!, 3);
    expect(drawn, `${key} = ${shown} drawn`).toContain(shown);
    expect(desc, `${key} in the text alternative`).toContain(shown);
  }
}

const minus = (text: string) => text.replace('-', '−');

/**
 * The sums where paths meet, from the engine alone: for each value feeding two places, its
 * path shares (`dL/da1:z2`, `dL/da1:y`) in the engine's order, as the graph writes them:
 * dL/da1 = 0.0656 + (−0.884).
 */
function engineSums(graph: GraphNetwork): string[] {
  const q = evaluateGraph(graph);
  const shares = new Map<string, number[]>();
  for (const key of graphQuantityKeys(graph)) {
    const path = /^dL\/d(.+):/.exec(key);
    if (path) shares.set(path[1]!, [...(shares.get(path[1]!) ?? []), q[key]!]);
  }
  return [...shares].map(([value, parts]) => `dL/d${value} = ${parts.map((v, i) => (i > 0 && v < 0 ? `(${minus(formatNumber(v, 3))})` : minus(formatNumber(v, 3)))).join(' + ')}`);
}

/** A branching network's graph: the engine's values and the sums where paths meet, drawn and in the text alternative. */
async function expectBranchingGraph(page: Page, graph: GraphNetwork, lang: Lang, asks: string, scope = page.locator('body')): Promise<void> {
  const q = evaluateGraph(graph);
  const box = scope.locator('.graph').first();
  const desc = ((await box.locator('svg desc').textContent()) ?? '').replace(/\u2212/g, '-');
  const drawn = (await box.locator('svg text').allTextContents()).map((t) => t.replace(/\u2212/g, '-'));
  for (const key of ['y', 'L', 'dL/dy', asks]) {
    const value = formatNumber(q[key]!, 3);
    expect(drawn, `${key} = ${value} drawn`).toContain(value);
    expect(desc, `${key} in the text alternative`).toContain(value);
  }
  const sums = await box.locator('.graph__text--merge').allTextContents();
  expect(sums, 'the sum where paths meet').toEqual(engineSums(graph));
  expect(desc).toContain(lang === 'en' ? 'Where the paths meet, their shares add up: dL/d' : '路径在此汇合，各路径的份额相加：dL/d');
  if (lang === 'zh-CN') expect(asciiMarksAgainstChinese(desc), desc).toEqual([]);
}

describe.skipIf(!enabled)('the computation graph in the browser', () => {
  let browser: Browser;
  let server: StaticServer;

  beforeAll(async () => {
    await buildClient();
    server = await serveClient();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const cases: { kind: ProblemKind; difficulty: 1 | 2 | 3; seed: number; layers: number }[] = [
    { kind: 'chain-gradient', difficulty: 1, seed: 11, layers: 1 },
    { kind: 'deep-chain', difficulty: 3, seed: 5, layers: 3 },
  ];

  for (const viewport of ['phone', 'projector'] as const satisfies readonly ViewportName[]) {
    for (const lang of ['en', 'zh-CN'] as const) {
      for (const { kind, difficulty, seed, layers } of cases) {
        it(`practice, ${layers} layer(s), ${viewport}, ${lang}: the engine's numbers, nothing sideways, axe`, async () => {
          const problem = generateProblem({ kind, difficulty, seed });
          expect(problem.network!.layers.length).toBe(layers);
          const { context, page } = await openPage(browser, { lang, viewport });
          try {
            await page.goto(`${server.url}/practice?kind=${kind}&difficulty=${difficulty}&seed=${seed}`);
            // Before the answer: no graph, nothing of it computed.
            await page.locator('.keypad__input').waitFor();
            expect(await page.locator('.graph').count()).toBe(0);

            await page.getByRole('button', { name: SHOW_SOLUTION[lang], exact: true }).click();
            await page.locator('.graph svg desc').waitFor({ state: 'attached' });
            await waitForMath(page);

            await expectEngineNumbers(page, problem.network!);

            expect(await horizontalOverflow(page), 'the page overflows sideways').toBe(0);
            const violations = await seriousViolations(page);
            expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
            await shootGraph(page, `graph-practice-${layers}-${viewport}-${lang}`);
          } finally {
            await context.close();
          }
        });
      }
    }
  }

  // Networks that branch (graph.ts): a skip connection, x into a hidden pair, two inputs into both hidden neurons.
  const branching: { kind: ProblemKind; difficulty: 1 | 2 | 3; seed: number; shape: string; asks: string }[] = [
    { kind: 'path-sum', difficulty: 1, seed: 3, shape: 'skip', asks: 'dL/da1' },
    { kind: 'path-sum', difficulty: 2, seed: 3, shape: 'hidden-pair', asks: 'dL/dx' },
    { kind: 'hidden-layer', difficulty: 3, seed: 3, shape: '2-2-1', asks: 'dL/dw1_21' },
  ];
  for (const viewport of ['phone', 'projector'] as const satisfies readonly ViewportName[]) {
    for (const lang of ['en', 'zh-CN'] as const) {
      for (const { kind, difficulty, seed, shape, asks } of branching) {
        it(`practice, a network that branches (${shape}), ${viewport}, ${lang}: its diagram on the question, then its graph with the sum where paths meet`, async () => {
          const problem = generateProblem({ kind, difficulty, seed });
          const graph = problem.graph!;
          expect(problem.asks).toBe(asks);
          const { context, page } = await openPage(browser, { lang, viewport });
          try {
            await page.goto(`${server.url}/practice?kind=${kind}&difficulty=${difficulty}&seed=${seed}`);
            // The question: the diagram of the network (inputs, weights, biases, y_true), no graph.
            await page.locator('.keypad__input').waitFor();
            const diagram = page.locator('.diagram');
            await diagram.locator('svg desc').waitFor({ state: 'attached' });
            await waitForMath(page);
            expect(await page.locator('.graph').count()).toBe(0);
            const diagramDesc = (await diagram.locator('svg desc').textContent()) ?? '';
            for (const value of [...graph.x, ...graph.neurons.flatMap((n) => [...n.w, n.b]), graph.target]) expect(diagramDesc).toContain(minus(formatNumber(value, 6)));
            if (graph.skip) expect(await diagram.locator('.diagram__edge--skip text').textContent()).toBe(lang === 'en' ? 'skip' : '跳跃连接');
            expect(await horizontalOverflow(page), 'the question overflows sideways').toBe(0);
            await diagram.screenshot({ path: `${SCREENSHOT_DIR}/diagram-${shape}-${viewport}-${lang}.png`, animations: 'disabled' });

            await page.getByRole('button', { name: SHOW_SOLUTION[lang], exact: true }).click();
            await page.locator('.graph svg desc').waitFor({ state: 'attached' });
            await waitForMath(page);
            await expectBranchingGraph(page, graph, lang, asks);
            // Wider than a phone: it scrolls inside its own box, and nothing of the page sideways.
            const scroll = page.locator('.graph__scroll').first();
            const { scrollWidth, clientWidth } = await scroll.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
            if (viewport === 'phone') expect(scrollWidth, 'the graph scrolls inside its box').toBeGreaterThan(clientWidth);
            expect(await horizontalOverflow(page), 'the page overflows sideways').toBe(0);
            const violations = await seriousViolations(page);
            expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
            await shootGraph(page, `graph-practice-${shape}-${viewport}-${lang}`);
          } finally {
            await context.close();
          }
        });
      }
    }
  }

  describe('at the reveal of a live game', () => {
    let game: GameServer;

    beforeAll(async () => {
      game = await startGameServer();
    });

    afterAll(async () => {
      await game?.close();
    });

    // `branching`: a quiz of "Gradients add up over paths" (easy: a skip connection, y = a₂ + a₁).
    for (const mode of ['quiz', 'chain-steps', 'branching'] as const) {
      it(`${mode}: no graph while the question is open; at the reveal, large on the projector and on request on phones`, async () => {
        const { context: hostContext, page: host } = await openPage(browser, { lang: 'en', viewport: 'projector' });
        const phones = await Promise.all(
          (['en', 'zh-CN'] as const).map(async (lang) => ({ lang, name: lang === 'en' ? 'Ada' : '小明', ...(await openPage(browser, { lang, viewport: 'phone' })) })),
        );
        try {
          await host.goto(`${game.url}/host`);
          await host.getByRole('heading', { level: 1, name: 'Host a game' }).waitFor();
          if (mode === 'chain-steps') {
            await host.getByRole('radio', { name: /^Chain steps/ }).check();
          } else {
            for (const kind of ['Forward pass', 'Local derivatives', 'Gradient-descent step']) await host.getByRole('checkbox', { name: kind, exact: true }).uncheck();
            await host.getByRole('checkbox', { name: 'Chain rule', exact: true }).setChecked(mode === 'quiz');
            if (mode === 'branching') await host.getByRole('checkbox', { name: 'Gradients add up over paths', exact: true }).check();
          }
          await host.getByLabel('Number of questions').fill('1');
          await host.getByRole('radio', { name: /^No time limit/ }).check();
          await host.getByRole('checkbox', { name: 'Each team gets its own numbers' }).uncheck();
          await host.getByRole('button', { name: 'Create the game' }).first().click();
          await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
          const code = new URL(host.url()).pathname.split('/').pop()!;
          for (const phone of phones) {
            await phone.page.goto(`${game.url}/play/${code}?name=${encodeURIComponent(phone.name)}`);
            await phone.page.locator('.play-lobby').waitFor();
          }
          await expect.poll(() => host.locator('.lobby-player').count()).toBe(2);
          await host.getByRole('button', { name: 'Start the game' }).click();

          await host.locator('.host-question').waitFor();
          const problem = game.room(code).questions[0]!.problem;
          if (mode === 'branching') expect(problem.graph?.shape, 'a network that branches').toBe('skip');
          else expect(problem.network, 'a problem with a network').toBeDefined();
          /** The engine's numbers on the graph in `scope`; where paths meet, their sum. */
          const expectNumbers = (page: Page, lang: Lang, scope: ReturnType<Page['locator']>) =>
            problem.graph ? expectBranchingGraph(page, problem.graph, lang, problem.asks, scope) : expectEngineNumbers(page, problem.network!, scope);
          for (const phone of phones) await phone.page.locator('.play-question').waitFor();
          // While the question is open nothing of the graph is drawn, on the projector or a phone.
          for (const page of [host, ...phones.map((p) => p.page)]) expect(await page.locator('.graph').count()).toBe(0);

          for (const phone of phones) {
            const steps = problem.steps ? problem.steps.length : 1;
            for (let step = 0; step < steps; step++) {
              await phone.page.locator('.keypad__input').fill(answerFor(problem, 'correct', problem.steps ? step : null));
              await phone.page.locator('.keypad__submit').click();
              if (problem.steps && step + 1 < steps) await expect.poll(() => phone.page.locator('.problem__step-result').count()).toBe(step + 1);
            }
          }

          // The projector: the graph in its own full-width card, with the engine's numbers.
          const hostGraph = host.locator('.host-reveal__graph');
          await hostGraph.locator('.graph svg desc').waitFor({ state: 'attached' });
          for (const lang of ['en', 'zh-CN'] as const) {
            if (lang === 'zh-CN') await setLang(host, lang);
            await expectNumbers(host, lang, hostGraph);
            await checkPage(host, `graph-game-${mode}-host-reveal-${lang}`, 'projector');
            await hostGraph.screenshot({ path: `${SCREENSHOT_DIR}/graph-${mode}-projector-${lang}.png`, animations: 'disabled' });
          }
          const width = await host.locator('.host-reveal__graph .graph__svg').evaluate((svg) => svg.getBoundingClientRect().width);
          expect(width, 'the graph fills the projector width').toBeGreaterThan(1200);
          const height = await host.locator('.host-reveal__graph .graph__svg').evaluate((svg) => svg.getBoundingClientRect().height);
          expect(height, 'the graph fits the projector’s height').toBeLessThan(1080);

          // A phone: closed until asked for, then the same numbers, scrolling inside its own box.
          for (const phone of phones) {
            const page = phone.page;
            const disclosure = page.locator('.graph-disclosure');
            await disclosure.waitFor();
            expect(await page.locator('.graph').count()).toBe(0);
            await disclosure.locator('summary').click();
            await disclosure.locator('.graph svg desc').waitFor({ state: 'attached' });
            await expectNumbers(page, phone.lang, disclosure);
            const scroll = disclosure.locator('.graph__scroll');
            const { scrollWidth, clientWidth } = await scroll.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
            expect(scrollWidth, 'the graph scrolls inside its own box').toBeGreaterThan(clientWidth);
            if (phone.lang === 'zh-CN') {
              // Read aloud in Chinese: its statuses in Chinese brackets, 0.52（正确）.
              const desc = (await disclosure.locator('.graph svg desc').textContent()) ?? '';
              expect(asciiMarksAgainstChinese(desc), desc).toEqual([]);
            }
            await checkPage(page, `graph-game-${mode}-phone-reveal-${phone.lang}`, 'phone');
            await shootGraph(page, `graph-${mode}-phone-${phone.lang}`);
          }
        } finally {
          await hostContext.close();
          for (const phone of phones) await phone.context.close();
        }
      });
    }
  });
});
