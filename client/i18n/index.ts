/**
 * UI language: zh-CN or en, chosen from the browser's languages the first time and
 * remembered on the device afterwards. Problem texts are rendered by the engine's own
 * templates (renderText); this store only holds the UI strings and the current choice.
 */
import { type ReadonlySignal, effect, signal } from '@preact/signals';
import type { Lang } from '../../shared/engine/index.ts';
import { type MessageKey, en } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type { MessageKey };

export const UI_LANGS = ['zh-CN', 'en'] as const satisfies readonly Lang[];
export const LANG_STORAGE_KEY = 'backprop-arena.lang';

const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** Each language's own name, shown the same whatever the current language. */
export const LANG_NAMES: Record<Lang, string> = { 'zh-CN': '中文', en: 'English' };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (UI_LANGS as readonly string[]).includes(value);
}

/** The first browser language we have: any Chinese variant reads zh-CN; otherwise English. */
export function detectLang(languages: readonly string[]): Lang {
  for (const tag of languages) {
    const lower = tag.toLowerCase();
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
  }
  return 'en';
}

export type MessageParams = Record<string, string | number>;

export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  const template = MESSAGES[lang][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export interface I18n {
  readonly lang: ReadonlySignal<Lang>;
  setLang(lang: Lang): void;
  /** Reads `lang`, so a component calling it re-renders when the language changes. */
  t(key: MessageKey, params?: MessageParams): string;
  dispose(): void;
}

export interface I18nOptions {
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  languages?: readonly string[];
  /** The element whose `lang` attribute follows the choice (the <html> element). */
  root?: HTMLElement | null;
}

function readStored(storage: I18nOptions['storage']): Lang | null {
  try {
    const stored = storage?.getItem(LANG_STORAGE_KEY);
    return isLang(stored) ? stored : null;
  } catch {
    return null; // storage blocked (private mode): fall back to the browser's language
  }
}

export function createI18n({ storage = null, languages = [], root = null }: I18nOptions = {}): I18n {
  const lang = signal<Lang>(readStored(storage) ?? detectLang(languages));
  const stopRootSync = effect(() => {
    if (root) root.lang = lang.value;
  });
  return {
    lang,
    setLang(next) {
      lang.value = next;
      try {
        storage?.setItem(LANG_STORAGE_KEY, next);
      } catch {
        // Not remembered, but the switch still applies for this visit.
      }
    },
    t: (key, params) => translate(lang.value, key, params),
    dispose: stopRootSync,
  };
}
