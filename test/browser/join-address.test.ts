/**
 * The lobby's join link and QR code when the teacher opens the projector page on localhost, as
 * the README says: they must point at an address the phones can reach. The "classroom Wi-Fi" is a
 * network namespace joined to this machine by a veth pair; the phone is a Chromium running inside
 * it, which scans (decodes) the QR code on the projector and plays from there. Also: the teacher
 * picks another network, a PUBLIC_URL wins, and with no network at all the lobby says what to do.
 */
import os from 'node:os';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InterfaceMap, networkAddresses } from '../../server/network-addresses.ts';
import { type NetNamespace, createNetNamespace, netnsRequired, netnsUnavailable } from '../support/netns.ts';
import { type GameServer, answerFor, problemFor, sendAnswer, startGameServer } from './game-support.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, VIEWPORTS, browserTestsEnabled, buildClient, checkScreen, launchBrowser, openPage, setLang } from './harness.ts';

const enabled = browserTestsEnabled();
const unavailable = netnsUnavailable();
if (enabled && unavailable && netnsRequired()) throw new Error(`the join-address test needs a network namespace under CI: ${unavailable}`);

/** What a phone's camera would read: the lobby's QR code, decoded from a screenshot of it. */
async function scanQr(page: Page): Promise<string> {
  const qr = page.locator('.host-lobby__qr .qr-code svg');
  await qr.waitFor();
  const image = PNG.sync.read(await qr.screenshot());
  const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (!code) throw new Error('the QR code on the lobby does not decode');
  return code.data;
}

async function createGame(host: Page, url: string): Promise<string> {
  await host.goto(`${url}/host`);
  await host.getByRole('button', { name: 'Create the game' }).first().click();
  await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
  return new URL(host.url()).pathname.split('/').pop()!;
}

describe.skipIf(!enabled)('a join link phones can reach', () => {
  let browser: Browser;
  beforeAll(async () => {
    await buildClient();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe.skipIf(unavailable !== null)('on a classroom network (a namespace and a phone inside it)', () => {
    let ns: NetNamespace;
    let server: GameServer;
    let hostBrowser: Browser;
    let phoneBrowser: Browser;
    let interfaces: () => InterfaceMap;

    beforeAll(async () => {
      ns = createNetNamespace();
      // The machine's real interfaces (the server ranks them itself: the classroom's private address before
      // eth0's) and a container bridge, so there is always another network to pick.
      interfaces = () => ({ ...os.networkInterfaces(), docker0: [{ address: '172.17.0.1', family: 'IPv4', internal: false, netmask: '255.255.0.0', mac: '02:42:00:00:00:01', cidr: '172.17.0.1/16' }] });
      // Configured as on every address (HOST=0.0.0.0), listening on 127.0.0.1 and the classroom's end only.
      // With ALLOWED_ORIGINS set, the pages it serves (on localhost and on the classroom address) still connect.
      server = await startGameServer({ config: { host: '0.0.0.0', allowedOrigins: ['https://arena.example.edu'] }, networkInterfaces: interfaces, alsoOn: ns.hostAddress });
      // A browser started before the classroom's interface came up sees the network change a moment later and
      // aborts what it is loading then (net::ERR_NETWORK_CHANGED): the projector's browser starts after it.
      hostBrowser = await launchBrowser();
      phoneBrowser = await chromium.launch({ executablePath: ns.chromium(CHROMIUM_PATH), headless: true, args: CHROMIUM_ARGS });
    });
    afterAll(async () => {
      await phoneBrowser?.close();
      await hostBrowser?.close();
      await server?.close();
      ns?.remove();
    });

    it('opened on localhost, the lobby links to the network address; a phone on that network scans the QR code, joins and plays', async () => {
      const { context, page: host } = await openPage(hostBrowser, { lang: 'en', viewport: 'projector' });
      try {
        const port = new URL(server.url).port;
        const code = await createGame(host, `http://localhost:${port}`);
        expect(networkAddresses(interfaces())[0]?.address).toBe(ns.hostAddress);
        const expected = `http://${ns.hostAddress}:${port}/join/${code}`;
        await expect.poll(() => host.locator('[data-testid="join-link"]').textContent()).toBe(expected.replace('http://', ''));
        expect(await scanQr(host)).toBe(expected);
        await checkScreen(host, 'join-address-host-lobby-en', 'projector');
        await setLang(host, 'zh-CN');
        await checkScreen(host, 'join-address-host-lobby-zh-CN', 'projector');
        await setLang(host, 'en');

        // The phone is on the classroom network only: localhost there is the phone itself.
        const phoneContext = await phoneBrowser.newContext({ locale: 'zh-CN', viewport: VIEWPORTS.phone, hasTouch: true, reducedMotion: 'reduce' });
        // Probed in a page of its own: the refused navigation's error page commits late on a busy machine and
        // would interrupt the next navigation of the same page.
        const probe = await phoneContext.newPage();
        await expect(probe.goto(`http://127.0.0.1:${port}/join/${code}`, { timeout: 5000 })).rejects.toThrow();
        await probe.close();
        const phone = await phoneContext.newPage();
        await phone.goto(await scanQr(host));
        await phone.locator('input[name="nickname"]').fill('小明');
        await phone.getByRole('button', { name: '加入', exact: true }).click();
        await phone.locator('.play-lobby').waitFor();
        await checkScreen(phone, 'join-address-phone-lobby-zh-CN', 'phone');
        await expect.poll(() => host.locator('.lobby-player').count()).toBe(1);

        await host.getByRole('button', { name: 'Start the game' }).click();
        await phone.locator('.play-question').waitFor();
        const room = server.room(code);
        const player = Object.values(room.players)[0]!;
        const problem = problemFor(room, 0, player.teamId);
        await sendAnswer(phone, problem, answerFor(problem, 'correct'));
        await host.locator('.host-reveal').waitFor();
        await phone.locator('[data-testid="own-result"]').waitFor();
        expect(server.room(code).questions[0]!.results![player.id]!.status).toBe('correct');
        await phoneContext.close();
      } finally {
        await context.close();
      }
    });

    it('lets the teacher pick another of the machine’s networks, for the link and the QR code alike', async () => {
      const { context, page: host } = await openPage(hostBrowser, { lang: 'en', viewport: 'projector' });
      try {
        const port = new URL(server.url).port;
        const code = await createGame(host, `http://localhost:${port}`);
        await setLang(host, 'zh-CN');
        const addresses = networkAddresses(interfaces());
        const select = host.locator('.host-lobby__network-select');
        await select.waitFor();
        expect(await select.locator('option').allTextContents()).toEqual(addresses.map((a) => `${a.address} (${a.interface})`));
        const other = addresses[1]!;
        await select.selectOption(`http://${other.address}:${port}`);
        const expected = `http://${other.address}:${port}/join/${code}`;
        await expect.poll(() => host.locator('[data-testid="join-link"]').textContent()).toBe(expected.replace('http://', ''));
        await expect.poll(() => scanQr(host)).toBe(expected);
        await checkScreen(host, 'join-address-host-picker-zh-CN', 'projector');
        // The choice holds for this screen: a reload keeps it.
        await host.reload();
        await expect.poll(() => host.locator('[data-testid="join-link"]').textContent()).toBe(expected.replace('http://', ''));
        await host.setViewportSize(VIEWPORTS.phone);
        await checkScreen(host, 'join-address-host-picker-phone-zh-CN', 'phone');
        await setLang(host, 'en');
        await checkScreen(host, 'join-address-host-picker-phone-en', 'phone');
        await host.setViewportSize(VIEWPORTS.projector);
        await checkScreen(host, 'join-address-host-picker-en', 'projector');
      } finally {
        await context.close();
      }
    });
  });

  describe.skipIf(unavailable === null)('without a namespace (not root): an injected network', () => {
    it('links to the injected address; the phone opens the same page on loopback', async () => {
      const server = await startGameServer({ config: { host: '0.0.0.0' }, networkInterfaces: () => ({ wlan0: [{ address: '192.168.50.10', family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: '192.168.50.10/24' }] }) });
      const { context, page: host } = await openPage(browser, { lang: 'en', viewport: 'projector' });
      try {
        const port = new URL(server.url).port;
        const code = await createGame(host, `http://localhost:${port}`);
        expect(await scanQr(host)).toBe(`http://192.168.50.10:${port}/join/${code}`);
        const { context: phoneContext, page: phone } = await openPage(browser, { lang: 'zh-CN', viewport: 'phone' });
        await phone.goto(`http://127.0.0.1:${port}/join/${code}`);
        await phone.locator('input[name="nickname"]').fill('小明');
        await phone.getByRole('button', { name: '加入', exact: true }).click();
        await phone.locator('.play-lobby').waitFor();
        await phoneContext.close();
      } finally {
        await context.close();
        await server.close();
      }
    });
  });

  it('with PUBLIC_URL set, the link and the QR code use it', async () => {
    const server = await startGameServer({ config: { publicUrl: 'https://arena.example.edu' } });
    const { context, page: host } = await openPage(browser, { lang: 'en', viewport: 'projector' });
    try {
      const port = new URL(server.url).port;
      const code = await createGame(host, `http://localhost:${port}`);
      await expect.poll(() => host.locator('[data-testid="join-link"]').textContent()).toBe(`arena.example.edu/join/${code}`);
      expect(await scanQr(host)).toBe(`https://arena.example.edu/join/${code}`);
      expect(await host.locator('.host-lobby__network-select').count()).toBe(0);
    } finally {
      await context.close();
      await server.close();
    }
  });

  it('with no network address at all, the lobby says phones cannot open the link and what to do', async () => {
    const server = await startGameServer({ config: { host: '0.0.0.0' }, networkInterfaces: () => ({}) });
    const { context, page: host } = await openPage(browser, { lang: 'en', viewport: 'projector' });
    try {
      const port = new URL(server.url).port;
      await createGame(host, `http://localhost:${port}`);
      const warning = host.locator('[data-testid="join-unreachable"]');
      await warning.waitFor();
      expect(await warning.textContent()).toContain('Wi-Fi');
      await checkScreen(host, 'join-address-host-unreachable-en', 'projector');
      await setLang(host, 'zh-CN');
      expect(await warning.textContent()).toContain('Wi-Fi');
      await checkScreen(host, 'join-address-host-unreachable-zh-CN', 'projector');
      await host.setViewportSize(VIEWPORTS.phone);
      await checkScreen(host, 'join-address-host-unreachable-phone-zh-CN', 'phone');
      await setLang(host, 'en');
      await checkScreen(host, 'join-address-host-unreachable-phone-en', 'phone');
    } finally {
      await context.close();
      await server.close();
    }
  });

  it('with HOST on a loopback address, the link stays on localhost and the lobby says to restart with HOST=0.0.0.0', async () => {
    // The machine has a Wi-Fi address, but a server on 127.0.0.1 does not answer there.
    const server = await startGameServer({
      config: { host: '127.0.0.1' },
      networkInterfaces: () => ({ wlan0: [{ address: '192.168.50.10', family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: '192.168.50.10/24' }] }),
    });
    const { context, page: host } = await openPage(browser, { lang: 'en', viewport: 'projector' });
    try {
      const port = new URL(server.url).port;
      const code = await createGame(host, `http://localhost:${port}`);
      const warning = host.locator('[data-testid="join-unreachable"]');
      await warning.waitFor();
      expect(await warning.textContent()).toContain('HOST=0.0.0.0');
      expect(await host.locator('[data-testid="join-link"]').textContent()).toBe(`localhost:${port}/join/${code}`);
      expect(await scanQr(host)).toBe(`http://localhost:${port}/join/${code}`);
      expect(await host.locator('.host-lobby__network-select').count()).toBe(0);
      await checkScreen(host, 'join-address-host-local-only-en', 'projector');
      await setLang(host, 'zh-CN');
      expect(await warning.textContent()).toContain('HOST=0.0.0.0');
      await checkScreen(host, 'join-address-host-local-only-zh-CN', 'projector');
    } finally {
      await context.close();
      await server.close();
    }
  });
});
