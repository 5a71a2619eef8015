/**
 * A contest across two rooms, in real Chromium against the real server: the organizer makes a
 * lockstep contest from their set on the laptop (the library's "Run a contest"), two teachers open
 * their rooms with the handed-out links (one in English, one in Chinese), four phones join, the
 * board runs on a 1920×1080 screen. Each question is answered first in one room, which holds it
 * ("waiting for the other rooms") with no answer anywhere, then in the other: both reveal at once.
 * At the end the board's podium and ranking are the rooms' own scores combined. Every new screen is
 * looked at in both languages at 360×740 and 1920×1080, with axe.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../shared/engine/index.ts';
import type { SetContentInput } from '../../shared/question-sets/schema.ts';
import { type Behaviour, answerFor, liveGame, pageText, problemFor, sendAnswer, showsAnswer } from './game-support.ts';
import { SCREENSHOT_DIR, VIEWPORTS, type ViewportName, browserTestsEnabled, checkScreen, openPage, setLang } from './harness.ts';

const KEY_ITEM = 'backprop-arena:teacher-key';
const SET: SetContentInput = {
  title: 'District final, round 1',
  lang: 'en',
  items: [
    { type: 'generated', kind: 'forward', difficulty: 1 },
    { type: 'choice', question: 'When $\\frac{dL}{dw} < 0$, one step of gradient descent makes $w$…', choices: [{ text: 'larger', correct: true }, { text: 'smaller', correct: false }] },
    { type: 'generated', kind: 'local-derivative', difficulty: 1 },
  ],
};
/** Where the screenshots are also copied for a person to look at (optional). */
const LOOK_DIR = process.env.SHOTS_DIR;

async function look(page: Page, name: string, viewport: ViewportName): Promise<void> {
  await checkScreen(page, `contest-${name}`, viewport);
  if (LOOK_DIR) {
    mkdirSync(LOOK_DIR, { recursive: true });
    copyFileSync(join(SCREENSHOT_DIR, `contest-${name}.png`), join(LOOK_DIR, `${name}.png`));
  }
}

/** A screen in both languages at both sizes (axe in each), then back as it was. */
async function lookEverywhere(page: Page, name: string, lang: Lang, viewport: ViewportName): Promise<void> {
  for (const size of ['projector', 'phone'] as const) {
    await page.setViewportSize(VIEWPORTS[size]);
    for (const l of ['en', 'zh-CN'] as const) {
      await setLang(page, l);
      await look(page, `${name}-${size}-${l}`, size);
    }
  }
  await page.setViewportSize(VIEWPORTS[viewport]);
  await setLang(page, lang);
}

describe.skipIf(!browserTestsEnabled())('a contest across two rooms', () => {
  const live = liveGame();
  const contexts: BrowserContext[] = [];
  const open = async (lang: Lang, viewport: ViewportName) => {
    const opened = await openPage(live.browser, { lang, viewport });
    contexts.push(opened.context);
    return opened.page;
  };

  it('in lockstep: two rooms played by four phones, the board on a 1920×1080 screen', async () => {
    const url = live.server.url;
    try {
      // ─── The organizer's laptop: a key, a set, "Run a contest" ───
      const laptop = await open('en', 'projector');
      await laptop.goto(`${url}/library`);
      await laptop.getByTestId('key-panel').waitFor();
      await laptop.getByRole('button', { name: 'I have kept it' }).click();
      const key = (await laptop.evaluate((item) => localStorage.getItem(item), KEY_ITEM))!;
      const made = await laptop.evaluate(
        async ([key, set]) => (await fetch('/api/sets', { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(set) })).json(),
        [key, SET] as const,
      );
      const setId = (made as { data: { set: { id: string } } }).data.set.id;
      await laptop.reload();
      const card = laptop.locator(`.library-set[data-set-id="${setId}"]`);
      await card.getByRole('link', { name: 'Run a contest' }).click();
      await laptop.waitForURL(new RegExp(`/contests\\?set=${setId}$`));

      const form = laptop.locator('.contests-form');
      await form.getByLabel('Question set').locator(`option[value="${setId}"]`).waitFor({ state: 'attached' });
      expect(await form.getByLabel('Question set').inputValue()).toBe(setId);
      await form.getByLabel('Title', { exact: true }).fill('District final');
      await form.getByLabel('Room 1', { exact: true }).fill('Class 8-1');
      await form.getByLabel('Room 2', { exact: true }).fill('Class 8-2');
      // A third row, then removed: the rows are the organizer's.
      await form.getByRole('button', { name: '+ Add a room' }).click();
      await form.getByLabel('Room 3', { exact: true }).fill('Class 8-1');
      await form.getByRole('button', { name: 'Create the contest' }).click();
      await expect.poll(() => pageText(laptop), { timeout: 15_000 }).toContain('Every room needs its own name.');
      await form.getByRole('radio', { name: /In lockstep/ }).check();
      await lookEverywhere(laptop, 'new', 'en', 'projector');
      await form.getByRole('button', { name: 'Remove room 3' }).click();
      await form.getByRole('button', { name: 'Create the contest' }).click();
      await laptop.waitForURL(/\/contests\/[A-Z0-9]{6}$/);
      const contestCode = new URL(laptop.url()).pathname.split('/').pop()!;
      const links = laptop.getByTestId('slot-link');
      await expect.poll(() => links.count(), { timeout: 15_000 }).toBe(2);
      const paths: string[] = [];
      for (let i = 0; i < 2; i++) {
        const link = new URL(await links.nth(i).inputValue());
        expect(link.pathname).toBe('/host');
        paths.push(`${link.pathname}${link.search}`);
      }
      expect(await laptop.getByTestId('contest-stage').getAttribute('data-stage')).toBe('lobby');
      await lookEverywhere(laptop, 'organizer-lobby', 'en', 'projector');

      // ─── Two teachers open their rooms with the links ───
      const teachers: { page: Page; lang: Lang; code: string; label: string }[] = [];
      for (const [i, lang, label, button] of [[0, 'en', 'Class 8-1', 'Open this room'], [1, 'zh-CN', 'Class 8-2', '打开这个房间']] as const) {
        const page = await open(lang, 'projector');
        await page.goto(`${url}${paths[i]}`);
        await page.getByTestId('setup-contest-room').waitFor();
        expect(await page.getByTestId('setup-contest-room').innerText()).toBe(label);
        expect(await page.getByTestId('setup-contest-title').innerText()).toBe('District final');
        if (i === 0) await lookEverywhere(page, 'room-setup', lang, 'projector');
        await page.getByRole('button', { name: button }).click();
        await page.waitForURL(/\/host\/[A-Z0-9]{6}$/);
        teachers.push({ page, lang, label, code: new URL(page.url()).pathname.split('/').pop()! });
      }
      // A key this server never made: worded, and no button to open anything.
      const stranger = await open('zh-CN', 'projector');
      await stranger.goto(`${url}/host?contest=rk_${'x'.repeat(32)}`);
      await expect.poll(() => pageText(stranger), { timeout: 15_000 }).toContain('服务器不认识这个比赛房间链接');
      expect(await stranger.getByRole('button', { name: '打开这个房间' }).count()).toBe(0);
      await look(stranger, 'room-setup-unknown-projector-zh-CN', 'projector');
      // The same link again on another device: the room is open already, and said so.
      const again = await open('en', 'projector');
      await again.goto(`${url}${paths[0]}`);
      await expect.poll(() => pageText(again), { timeout: 15_000 }).toContain(`open already, as game ${teachers[0]!.code}`);
      expect(await again.getByRole('button', { name: 'Open this room' }).count()).toBe(0);

      for (const teacher of teachers) {
        await teacher.page.locator('.host-lobby').waitFor();
        // Lockstep: the organizer starts it, the room has no start button.
        expect(await teacher.page.locator('.host-lobby__start').count()).toBe(0);
        await teacher.page.getByTestId('organizer-runs').waitFor();
        expect(await teacher.page.getByTestId('host-contest').innerText()).toContain(teacher.label);
        const room = live.server.room(teacher.code);
        expect(room.contest).toMatchObject({ code: contestCode, label: teacher.label, pacing: 'lockstep' });
      }
      // Same numbers in every room: one seed.
      expect(live.server.room(teachers[1]!.code).seed).toBe(live.server.room(teachers[0]!.code).seed);

      // ─── Four phones, two per room ───
      const phones: { page: Page; name: string; lang: Lang; behaviour: Behaviour; room: number }[] = [];
      for (const [name, lang, behaviour, room] of [['Ada', 'en', 'correct', 0], ['Ben', 'en', 'wrong', 0], ['小明', 'zh-CN', 'correct', 1], ['小红', 'zh-CN', 'mistake', 1]] as const) {
        const page = await open(lang, 'phone');
        await page.goto(`${url}/play/${teachers[room]!.code}?name=${encodeURIComponent(name)}`);
        await page.locator('.play-lobby').waitFor();
        phones.push({ page, name, lang, behaviour, room });
      }
      for (const phone of [phones[0]!, phones[2]!]) {
        expect(await phone.page.getByTestId('player-contest').innerText()).toContain(teachers[phone.room]!.label);
        await look(phone.page, `phone-lobby-${phone.lang}`, 'phone');
      }
      await look(teachers[0]!.page, 'projector-lobby-en', 'projector');
      await look(teachers[1]!.page, 'projector-lobby-zh-CN', 'projector');

      // ─── The board on the hall's screen ───
      const board = await open('en', 'projector');
      await board.goto(`${url}/contest/${contestCode}`);
      await board.getByTestId('board-title').waitFor();
      await expect.poll(async () => (await pageText(board)).includes('4 players in all'), { timeout: 15_000 }).toBe(true);
      await lookEverywhere(board, 'board-lobby', 'en', 'projector');

      await laptop.getByRole('button', { name: 'Start question 1 in every room' }).click();
      const total = SET.items.length;
      for (let index = 0; index < total; index++) {
        for (const phone of phones) await phone.page.locator('.play-question').waitFor();
        const problem = live.server.room(teachers[0]!.code).questions[index]!.problem;
        expect(live.server.room(teachers[1]!.code).questions[index]!.problem).toEqual(problem);
        // One room answers first and holds the question; the other is still answering.
        const first = index % 2;
        const second = 1 - first;
        const answerIn = async (room: number) => {
          for (const phone of phones.filter((p) => p.room === room)) {
            const teamId = Object.values(live.server.room(teachers[room]!.code).players).find((p) => p.name === phone.name)!.teamId;
            const own = problemFor(live.server.room(teachers[room]!.code), index, teamId);
            await sendAnswer(phone.page, own, answerFor(own, phone.behaviour));
          }
        };
        await answerIn(first);
        for (const phone of phones.filter((p) => p.room === first)) await phone.page.getByTestId('held').waitFor();
        await teachers[first]!.page.getByTestId('held').waitFor();
        await board.locator(`tr[data-status="held"]`).waitFor();
        expect(await board.locator('tr[data-status="question"]').count()).toBe(1);
        // Held: nothing of the answer on the phones, the projector or the board.
        for (const page of [...phones.filter((p) => p.room === first).map((p) => p.page), teachers[first]!.page, board]) {
          expect(await showsAnswer(page, problem, [answerFor(problem, 'correct')]), `answer shown while held, question ${index + 1}`).toBe(false);
        }
        expect(await board.getByTestId('board-questions').locator('.contest-board__chip--done').count()).toBe(index);
        if (index < 2) {
          const lang = teachers[first]!.lang;
          await look(teachers[first]!.page, `projector-held-${lang}`, 'projector');
          await look(phones.find((p) => p.room === first)!.page, `phone-held-${lang}`, 'phone');
        }
        if (index === 0) {
          await lookEverywhere(board, 'board-question', 'en', 'projector');
          await look(laptop, 'organizer-question-projector-en', 'projector');
        }

        await answerIn(second);
        // Every room closed it: both reveal together.
        for (const teacher of teachers) await teacher.page.locator('.host-reveal').waitFor();
        for (const phone of phones) await phone.page.locator('.play-reveal').waitFor();
        await board.getByTestId('board-questions').locator('.contest-board__chip--done').nth(index).waitFor();
        const stage = laptop.getByTestId('contest-stage');
        await expect.poll(() => stage.getAttribute('data-stage'), { timeout: 15_000 }).toBe('reveal');
        if (index === 0) await look(teachers[1]!.page, 'projector-reveal-zh-CN', 'projector');
        await laptop.getByRole('button', { name: index + 1 < total ? `Open question ${index + 2} in every room` : 'Show the podium in every room' }).click();
      }

      // ─── The podium: the board's ranking is the rooms' scores combined ───
      for (const teacher of teachers) await teacher.page.locator('.host-podium').waitFor();
      for (const phone of phones) await phone.page.locator('.play-final').waitFor();
      await board.getByTestId('board-podium').waitFor();
      const combined = teachers
        .flatMap((teacher) => Object.values(live.server.room(teacher.code).players).map((p) => ({ name: p.name, score: p.score })))
        .sort((a, b) => b.score - a.score);
      const top = combined[0]!;
      const podiumPlayers = board.locator('[data-category="players"] .contest-board__place');
      expect(await podiumPlayers.count()).toBe(3);
      expect(await podiumPlayers.first().locator('.contest-board__name').innerText()).toBe(top.name);
      const shown = (await board.evaluate(async (code) => (await fetch(`/api/contests/${code}/board`)).json(), contestCode)) as {
        data: { players: { name: string; score: number }[]; rooms: { label: string; meanScore: number; players: number }[] };
      };
      expect(shown.data.players.map((p) => ({ name: p.name, score: p.score })).sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))).toEqual(
        [...combined].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name)),
      );
      for (const [i, teacher] of teachers.entries()) {
        const scores = Object.values(live.server.room(teacher.code).players).map((p) => p.score);
        const room = shown.data.rooms.find((r) => r.label === teacher.label)!;
        expect(room.players).toBe(2);
        expect(Math.abs(room.meanScore - scores.reduce((a, b) => a + b, 0) / scores.length)).toBeLessThanOrEqual(0.5);
        void i;
      }
      await lookEverywhere(board, 'board-podium', 'en', 'projector');
      expect(await laptop.getByTestId('contest-stage').getAttribute('data-stage')).toBe('ended');
      await lookEverywhere(laptop, 'organizer-ended', 'en', 'projector');

      // The players' CSV, with its BOM, downloaded from the organizer's page.
      const download = laptop.waitForEvent('download');
      await laptop.getByRole('button', { name: 'Players (CSV)' }).click();
      const file = await (await download).createReadStream();
      const chunks: Buffer[] = [];
      for await (const chunk of file) chunks.push(chunk as Buffer);
      const csv = Buffer.concat(chunks).toString('utf8');
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      for (const phone of phones) expect(csv).toContain(phone.name);

      // The organizer's list.
      await laptop.goto(`${url}/contests`);
      await laptop.getByTestId('contest-list').getByRole('link', { name: 'District final' }).waitFor();
      await lookEverywhere(laptop, 'list', 'en', 'projector');
    } finally {
      for (const context of contexts.splice(0)) await context.close();
    }
  }, 480_000);

  it('at their own pace: a question’s figures reach the board only once both rooms have passed it', async () => {
    const url = live.server.url;
    try {
      const laptop = await open('en', 'projector');
      await laptop.goto(`${url}/library`);
      await laptop.getByTestId('key-panel').waitFor();
      const key = (await laptop.evaluate((item) => localStorage.getItem(item), KEY_ITEM))!;
      const created = (await laptop.evaluate(
        async ([key, set]) => {
          const headers = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' };
          const made = (await (await fetch('/api/sets', { method: 'POST', headers, body: JSON.stringify(set) })).json()) as { data: { set: { id: string } } };
          const payload = { title: 'Own-pace cup', setId: made.data.set.id, rooms: [{ label: 'North' }, { label: 'South' }], ranking: 'players', pacing: 'own-pace', lang: 'en' };
          return (await fetch('/api/contests', { method: 'POST', headers, body: JSON.stringify(payload) })).json();
        },
        [key, { ...SET, items: SET.items.slice(0, 2) }] as const,
      )) as { data: { contest: { code: string; rooms: { label: string; hostPath: string }[] } } };
      const contest = created.data.contest;
      await laptop.goto(`${url}/contests/${contest.code}`);
      await laptop.getByTestId('contest-stage').waitFor();
      // Own pace: no start button here, only the end.
      expect(await laptop.getByRole('button', { name: 'Start question 1 in every room' }).count()).toBe(0);

      const rooms: { page: Page; phone: Page; code: string }[] = [];
      for (const [i, name] of [[0, 'Nora'], [1, 'Sam']] as const) {
        const page = await open('en', 'projector');
        await page.goto(`${url}${contest.rooms[i]!.hostPath}`);
        await page.getByRole('button', { name: 'Open this room' }).click();
        await page.waitForURL(/\/host\/[A-Z0-9]{6}$/);
        const code = new URL(page.url()).pathname.split('/').pop()!;
        const phone = await open('en', 'phone');
        await phone.goto(`${url}/play/${code}?name=${name}`);
        await phone.locator('.play-lobby').waitFor();
        rooms.push({ page, phone, code });
      }
      const board = await open('en', 'projector');
      await board.goto(`${url}/contest/${contest.code}`);
      await board.getByTestId('board-title').waitFor();
      const chipsDone = board.getByTestId('board-questions').locator('.contest-board__chip--done');

      // The teacher runs the room: the usual buttons are there.
      const playRoom = async (room: (typeof rooms)[number]) => {
        await room.page.locator('.host-lobby').waitFor({ timeout: 15_000 });
        expect(await room.page.getByTestId('organizer-runs').count()).toBe(0);
        await room.page.getByRole('button', { name: 'Start the game' }).click();
        for (let index = 0; index < 2; index++) {
          await room.phone.locator('.play-question').waitFor();
          const problem = live.server.room(room.code).questions[index]!.problem;
          await sendAnswer(room.phone, problem, answerFor(problem, 'correct'));
          await room.page.locator('.host-reveal').waitFor();
          await room.page.getByRole('button', { name: 'Show the leaderboard' }).click();
          await room.page.getByRole('button', { name: index === 0 ? 'Next question' : 'Show the final results' }).click();
        }
        await room.page.locator('.host-podium').waitFor();
      };
      await playRoom(rooms[0]!);
      // North has passed both questions, South has not started: nothing of them on the board yet.
      await board.locator('tr[data-status="podium"]').waitFor({ timeout: 15_000 });
      expect(await chipsDone.count()).toBe(0);
      await look(board, 'board-own-pace-projector-en', 'projector');
      // A contest room plays its contest once.
      expect(await rooms[0]!.page.getByRole('button', { name: 'Play again' }).count()).toBe(0);
      await look(rooms[0]!.page, 'projector-podium-own-pace-en', 'projector');

      await playRoom(rooms[1]!);
      await expect.poll(() => chipsDone.count(), { timeout: 15_000 }).toBe(2);
      // Ending is asked first: one slip must not end every room's contest.
      laptop.once('dialog', (dialog) => void dialog.accept());
      await laptop.getByRole('button', { name: 'End the contest' }).click();
      await expect.poll(() => laptop.getByTestId('contest-stage').getAttribute('data-stage'), { timeout: 15_000 }).toBe('ended');
      await board.getByTestId('board-podium').waitFor({ timeout: 15_000 });
    } finally {
      for (const context of contexts.splice(0)) await context.close();
    }
  }, 180_000);
});
