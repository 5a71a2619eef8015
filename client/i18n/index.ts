/**
 * UI language: zh-CN or en, chosen from the browser's languages the first time and
 * remembered on the device afterwards. Problem texts are rendered by the engine's own
 * templates (renderText); this store only holds the UI strings and the current choice.
 *
 * The shell carries only the strings every page needs, in both languages. A page's own
 * strings (practice, the live game, the teacher's screens) come in parts, fetched with the
 * page and only in the language on screen: a phone on a weak connection loads one language.
 */
import { type ReadonlySignal, effect, signal } from '@preact/signals';
import type { Lang } from '../../shared/engine/index.ts';
import { type CoreMessageKey, en } from './en.ts';
import type { GameMessageKey } from './game-en.ts';
import type { HostMessageKey } from './host-en.ts';
import type { PracticeMessageKey } from './practice-en.ts';
import type { ProblemMessageKey } from './problem-en.ts';
import type { DescentMessageKey } from './descent-en.ts';
import type { RelayMessageKey } from './relay-en.ts';
import type { LibraryMessageKey } from './library-en.ts';
import type { EditorMessageKey } from './editor-en.ts';
import type { ContestMessageKey } from './contest-en.ts';
import type { HomeworkMessageKey } from './homework-en.ts';
import { zhCN } from './zh-CN.ts';

/** Every key; a part's keys read as themselves until that part is loaded (see `MessagePart`). */
export type MessageKey = CoreMessageKey | ProblemMessageKey | PracticeMessageKey | GameMessageKey | HostMessageKey | RelayMessageKey | DescentMessageKey | LibraryMessageKey | EditorMessageKey | ContestMessageKey | HomeworkMessageKey;

export const UI_LANGS = ['zh-CN', 'en'] as const satisfies readonly Lang[];
export const LANG_STORAGE_KEY = 'backprop-arena.lang';

type Table = Readonly<Record<string, string>>;

/** The strings known so far, per language: the shell's, plus each part once fetched. Static data, shared by every store. */
const MESSAGES: Record<Lang, Record<string, string>> = { en: { ...en }, 'zh-CN': { ...zhCN } };

export type MessagePart = 'problem' | 'practice' | 'game' | 'host' | 'relay' | 'descent' | 'library' | 'editor' | 'contest' | 'homework';

const PART_LOADERS: Record<MessagePart, Record<Lang, () => Promise<Table>>> = {
  problem: {
    en: () => import('./problem-en.ts').then((m) => m.problemEn),
    'zh-CN': () => import('./problem-zh-CN.ts').then((m) => m.problemZhCN),
  },
  practice: {
    en: () => import('./practice-en.ts').then((m) => m.practiceEn),
    'zh-CN': () => import('./practice-zh-CN.ts').then((m) => m.practiceZhCN),
  },
  game: {
    en: () => import('./game-en.ts').then((m) => m.gameEn),
    'zh-CN': () => import('./game-zh-CN.ts').then((m) => m.gameZhCN),
  },
  host: {
    en: () => import('./host-en.ts').then((m) => m.hostEn),
    'zh-CN': () => import('./host-zh-CN.ts').then((m) => m.hostZhCN),
  },
  relay: {
    en: () => import('./relay-en.ts').then((m) => m.relayEn),
    'zh-CN': () => import('./relay-zh-CN.ts').then((m) => m.relayZhCN),
  },
  descent: {
    en: () => import('./descent-en.ts').then((m) => m.descentEn),
    'zh-CN': () => import('./descent-zh-CN.ts').then((m) => m.descentZhCN),
  },
  library: {
    en: () => import('./library-en.ts').then((m) => m.libraryEn),
    'zh-CN': () => import('./library-zh-CN.ts').then((m) => m.libraryZhCN),
  },
  editor: {
    en: () => import('./editor-en.ts').then((m) => m.editorEn),
    'zh-CN': () => import('./editor-zh-CN.ts').then((m) => m.editorZhCN),
  },
  contest: {
    en: () => import('./contest-en.ts').then((m) => m.contestEn),
    'zh-CN': () => import('./contest-zh-CN.ts').then((m) => m.contestZhCN),
  },
  homework: {
    en: () => import('./homework-en.ts').then((m) => m.homeworkEn),
    'zh-CN': () => import('./homework-zh-CN.ts').then((m) => m.homeworkZhCN),
  },
};

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
  // A key whose part has not been loaded shows as itself rather than breaking the screen.
  const template = MESSAGES[lang][key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export interface I18n {
  readonly lang: ReadonlySignal<Lang>;
  /** Switches at once when the new language's strings are at hand, else as soon as they are fetched. */
  setLang(lang: Lang): void;
  /** Reads `lang`, so a component calling it re-renders when the language changes. */
  t(key: MessageKey, params?: MessageParams): string;
  /** Whether these parts' strings are loaded in the current language (reactive). */
  ready(parts: readonly MessagePart[]): boolean;
  /** Fetches these parts in the current language (and remembers to fetch them again on a switch). */
  load(parts: readonly MessagePart[]): Promise<void>;
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
  /** `part:lang` entries fetched by this store. */
  const loaded = signal<ReadonlySet<string>>(new Set());
  /** Parts some page has asked for: a language switch fetches them before switching. */
  const wanted = new Set<MessagePart>();
  const pending = new Map<string, Promise<void>>();

  const stopRootSync = effect(() => {
    if (root) root.lang = lang.value;
  });

  function fetchPart(part: MessagePart, language: Lang): Promise<void> {
    const key = `${part}:${language}`;
    if (loaded.peek().has(key)) return Promise.resolve();
    let promise = pending.get(key);
    if (!promise) {
      promise = PART_LOADERS[part][language]().then(
        (table) => {
          Object.assign(MESSAGES[language], table);
          loaded.value = new Set([...loaded.peek(), key]);
          pending.delete(key);
        },
        (error: unknown) => {
          pending.delete(key); // offline for now: a later call tries again
          throw error;
        },
      );
      pending.set(key, promise);
    }
    return promise;
  }

  const load = (parts: readonly MessagePart[], language = lang.peek()) => {
    for (const part of parts) wanted.add(part);
    return Promise.all(parts.map((part) => fetchPart(part, language))).then(() => undefined);
  };

  return {
    lang,
    setLang(next) {
      try {
        storage?.setItem(LANG_STORAGE_KEY, next);
      } catch {
        // Not remembered, but the switch still applies for this visit.
      }
      const apply = () => {
        lang.value = next;
      };
      // Switch when the page's strings exist in the new language, so no screen shows bare keys.
      load([...wanted], next).then(apply, apply);
    },
    t: (key, params) => translate(lang.value, key, params),
    ready(parts) {
      const language = lang.value;
      const have = loaded.value;
      return parts.every((part) => have.has(`${part}:${language}`));
    },
    load,
    dispose: stopRootSync,
  };
}
