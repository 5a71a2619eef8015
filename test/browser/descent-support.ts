/** What the Descent Race browser tests share: the four phones of two teams, reading numbers back, and the screens checked. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Lang } from '../../shared/engine/index.ts';
import { checkScreen, openPage, setLang } from './harness.ts';

export const STEP_TIMEOUT = 15_000;

export interface Phone {
  name: string;
  lang: Lang;
  teamId: 't1' | 't2';
  page: Page;
  context: BrowserContext;
}

/** Two teams of two, one phone of each team in Chinese. */
export const DESCENT_PHONES = [
  { name: 'Ada', lang: 'en', teamId: 't1' },
  { name: '小明', lang: 'zh-CN', teamId: 't1' },
  { name: 'Bo', lang: 'en', teamId: 't2' },
  { name: '小红', lang: 'zh-CN', teamId: 't2' },
] as const;

export function openPhones(browser: Browser): Promise<Phone[]> {
  return Promise.all(
    DESCENT_PHONES.map(async (spec) => {
      const { context, page } = await openPage(browser, { lang: spec.lang, viewport: 'phone' });
      return { ...spec, page, context };
    }),
  );
}

/** A number as a phone shows it (typographic minus, × 10ⁿ) read back. */
export function readNumber(text: string): number {
  const superscript: Record<string, string> = { '⁻': '-', '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9' };
  const plain = text.trim().replace(/\u2212/g, '-');
  const match = /^(-?[\d.]+) × 10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/.exec(plain);
  if (match) return Number(match[1]) * 10 ** Number([...match[2]!].map((c) => superscript[c]).join(''));
  return Number(plain);
}

export function expectClose(shown: number, truth: number, what: string): void {
  expect(Math.abs(shown - truth), `${what}: shows ${shown}, the engine says ${truth}`).toBeLessThanOrEqual(Math.abs(truth) * 1e-3 + 1e-9);
}

/** The projector's screen in both languages, and every phone's, under `prefix` (`descent`, `descent2`). */
export function screenCheckers(prefix: string) {
  return {
    async checkHost(host: Page, screen: string): Promise<void> {
      await checkScreen(host, `${prefix}-host-${screen}-en`, 'projector');
      await setLang(host, 'zh-CN');
      await checkScreen(host, `${prefix}-host-${screen}-zh-CN`, 'projector');
      await setLang(host, 'en');
    },
    async checkPhones(phones: readonly Phone[], screen: string): Promise<void> {
      for (const phone of phones) await checkScreen(phone.page, `${prefix}-phone-${screen}-${phone.lang}`, 'phone');
    },
  };
}
