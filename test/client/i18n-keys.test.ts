/**
 * No screen shows a raw i18n key. A key reads as itself when it is missing, or when it lives in
 * a part of the dictionary the page does not load (the phone loads the game's strings, not the
 * practice page's): both are checked here, from the client's source, for every literal
 * t('…') key.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { descentEn } from '../../client/i18n/descent-en.ts';
import { descentZhCN } from '../../client/i18n/descent-zh-CN.ts';
import { en } from '../../client/i18n/en.ts';
import { gameEn } from '../../client/i18n/game-en.ts';
import { gameZhCN } from '../../client/i18n/game-zh-CN.ts';
import { hostEn } from '../../client/i18n/host-en.ts';
import { hostZhCN } from '../../client/i18n/host-zh-CN.ts';
import { practiceEn } from '../../client/i18n/practice-en.ts';
import { practiceZhCN } from '../../client/i18n/practice-zh-CN.ts';
import { problemEn } from '../../client/i18n/problem-en.ts';
import { problemZhCN } from '../../client/i18n/problem-zh-CN.ts';
import { relayEn } from '../../client/i18n/relay-en.ts';
import { relayZhCN } from '../../client/i18n/relay-zh-CN.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import { libraryEn } from '../../client/i18n/library-en.ts';
import { libraryZhCN } from '../../client/i18n/library-zh-CN.ts';
import { editorEn } from '../../client/i18n/editor-en.ts';
import { editorZhCN } from '../../client/i18n/editor-zh-CN.ts';
import { contestEn } from '../../client/i18n/contest-en.ts';
import { contestZhCN } from '../../client/i18n/contest-zh-CN.ts';
import { homeworkEn } from '../../client/i18n/homework-en.ts';
import { homeworkZhCN } from '../../client/i18n/homework-zh-CN.ts';

const CLIENT = join(import.meta.dirname, '../../client');

const PARTS = {
  core: [en, zhCN],
  problem: [problemEn, problemZhCN],
  practice: [practiceEn, practiceZhCN],
  game: [gameEn, gameZhCN],
  host: [hostEn, hostZhCN],
  relay: [relayEn, relayZhCN],
  descent: [descentEn, descentZhCN],
  library: [libraryEn, libraryZhCN],
  editor: [editorEn, editorZhCN],
  contest: [contestEn, contestZhCN],
  homework: [homeworkEn, homeworkZhCN],
} as const;
type Part = keyof typeof PARTS;

/** What each page has loaded when it draws (client/routes.tsx, and the room's mode part on the game pages). */
const PAGE_PARTS: Record<string, readonly Part[]> = {
  'pages/play': ['core', 'problem', 'game', 'relay', 'descent'],
  'pages/host': ['core', 'problem', 'game', 'host', 'relay', 'descent'],
  'pages/practice': ['core', 'problem', 'practice'],
  'pages/library': ['core', 'problem', 'library'],
  'pages/editor': ['core', 'problem', 'library', 'editor'],
  'pages/contest-board': ['core', 'game', 'contest'],
  'pages/contests': ['core', 'problem', 'game', 'library', 'contest'],
  'pages/homework': ['core', 'problem', 'game', 'homework'],
  'pages/assignments': ['core', 'problem', 'game', 'host', 'library', 'homework'],
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** The first segments keys start with ('host', 'descent', …). */
const NAMESPACES = new Set(Object.values(PARTS).flatMap(([english]) => Object.keys(english).map((key) => key.split('.')[0]!)));

/**
 * The literal keys a file names: every quoted 'a.b…' whose first segment is a key namespace —
 * passed to t() directly, chosen by a ternary, or kept in a table (`{ up: 'descent.lossUp' }`).
 */
function keysUsed(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/['"`]([a-zA-Z][\w-]*(?:\.[\w-]+)+)['"`]/g)].map((m) => m[1]!).filter((key) => NAMESPACES.has(key.split('.')[0]!));
}

const partOf = (key: string): Part | null => (Object.keys(PARTS) as Part[]).find((part) => key in PARTS[part][0]) ?? null;

describe('the i18n dictionaries', () => {
  it('have the same keys in English and Chinese, part by part, and no empty string', () => {
    for (const [part, [english, chinese]] of Object.entries(PARTS)) {
      expect(Object.keys(chinese).sort(), part).toEqual(Object.keys(english).sort());
      expect(Object.entries({ ...english, ...chinese }).filter(([, v]) => String(v).trim() === ''), part).toEqual([]);
    }
  });

  it('hold every key the client asks for, in a part the page asking has loaded', () => {
    const problems: string[] = [];
    for (const file of sources(CLIENT)) {
      const where = relative(CLIENT, file);
      const page = Object.keys(PAGE_PARTS).find((prefix) => where.startsWith(`${prefix}/`));
      for (const key of keysUsed(file)) {
        const part = partOf(key);
        if (part === null) problems.push(`${where}: ${key} is in no dictionary`);
        else if (page && !PAGE_PARTS[page]!.includes(part)) problems.push(`${where}: ${key} is in the ${part} part, which ${page} does not load`);
      }
    }
    expect(problems).toEqual([]);
  });
});
