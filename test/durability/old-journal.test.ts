/**
 * Journals written by an earlier version still replay. `fixtures/journal-v1/rooms.sqlite` was
 * written by the server at commit 6f2ee44 (room state version 1): a finished quiz with teams
 * and variants, a chain-steps game, a relay and a descent race stopped mid-question with
 * events in the log, and a descent race at its podium. `expected.json` holds what that
 * version showed for each room right after loading it (the report, its CSVs and every
 * viewer's snapshot) and, after a continuation of wire events played on the loaded state,
 * the final report and snapshots. Today's code must show the same.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playersCsv, questionsCsv, teamsCsv } from '../../server/report/report-csv.ts';
import { type ReportContext, buildReport } from '../../server/report/room-report.ts';
import { type Actor, type RoomEvent, type RoomState, transition } from '../../server/room/room-state.ts';
import { viewFor } from '../../server/room/view.ts';
import { PROTOCOL_VERSION, type RoomSnapshot } from '../../shared/protocol/index.ts';
import { formatNumber } from '../../shared/engine/index.ts';
import { plainText } from '../../shared/engine/plain-text.ts';
import { RoomStore } from '../../server/store/room-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { silentLogger } from '../room/support.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'journal-v1');

interface WireAction {
  after: number;
  by: string;
  event: string;
  payload: Record<string, unknown>;
}
interface ExpectedRoom {
  ids: Record<string, string>;
  now: number;
  context: ReportContext;
  report: unknown;
  snapshots: Record<string, unknown>;
  csv: { players: string; questions: string; teams: string };
  continuation: WireAction[];
  finalContext: ReportContext;
  finalReport: unknown;
  finalSnapshots: Record<string, unknown>;
}
const expected = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'expected.json'), 'utf8')) as Record<string, ExpectedRoom>;

/**
 * What changed on purpose since the fixture was written, applied to what that version showed (the
 * question-set fields of reports and answer keys are added below, as they read for a room without a set):
 * `RoomInfo` gained `leaderboardEvery` (1 for a room created before the option: a leaderboard after
 * every question, as then), every mean of points (a team's score, a reveal's means) is a whole
 * point (docs/protocol.md, "Scoring"), and snapshots carry protocol version 2. Everything else must be
 * exactly as it was.
 */
type OldLink = { index: number; upstream: string | null; upstreamSymbol?: string | null; local: string | null; localSymbol?: string | null; sent?: { value: number } | null };

/** What a chain's link receives, as a chain has it: the link before it (none for the first). */
function chainInputs(links: readonly OldLink[], link: OldLink, withView: boolean): unknown[] {
  if (link.upstream === null || link.local === null) return [];
  const input = { link: link.index - 1, upstream: link.upstream, local: link.local };
  const before = links[link.index - 1]!;
  return [withView ? { ...input, upstreamSymbol: link.upstreamSymbol, localSymbol: link.localSymbol, value: before.sent?.value ?? null } : input];
}

/**
 * Relay views and reports since networks that branch: each link names what it receives (`from`) and every value
 * received (`receivedAll`), and a chain the links open now (`open`); a chain's are the link before, the one value
 * received and its current link.
 */
function relayToday(value: Record<string, unknown>): Record<string, unknown> {
  if ('errorEntry' in value && 'current' in value && Array.isArray(value.links) && !('open' in value)) {
    const links = value.links as (OldLink & { sent: ({ received: number | null } & Record<string, unknown>) | null })[];
    return {
      ...value,
      open: value.current === null ? [] : [value.current],
      links: links.map((link) => ({
        ...link,
        from: chainInputs(links, link, true),
        sent: link.sent && { ...link.sent, receivedAll: link.sent.received === null ? [] : [link.sent.received] },
      })),
    };
  }
  if (Array.isArray(value.links) && 'errorEntry' in value && 'durationSeconds' in value) {
    const links = value.links as (OldLink & { received: number | null; status: string })[];
    return {
      ...value,
      links: links.map((link) => ({
        ...link,
        from: chainInputs(links, link, false),
        receivedAll: link.status === 'none' ? null : link.received === null ? [] : [link.received],
      })),
    };
  }
  return value;
}

function asShownToday(value: unknown, key = ''): unknown {
  if (typeof value === 'number' && (key === 'score' || key === 'meanPoints' || key === 'averagePoints')) return Math.round(value);
  // Protocol 2 changed frames (a reveal's verdict in its phase frame), not what a snapshot holds.
  if (key === 'protocolVersion' && value === 1) return PROTOCOL_VERSION;
  if (Array.isArray(value)) return value.map((item) => asShownToday(item));
  if (value === null || typeof value !== 'object') return value;
  return asShownTodayObject(relayToday(value as Record<string, unknown>));
}

function asShownTodayObject(value: Record<string, unknown>): unknown {
  const entries = Object.entries(value).map(([k, v]) => [k, asShownToday(v, k)] as const);
  const roomInfo = 'allowAnswerChange' in value && 'questionCount' in value;
  // A descent step (view or report row) written before proposals left waiting at the close were kept.
  const descentStep = 'submitted' in value && 'verdicts' in value && 'next' in value && !('waiting' in value);
  // Reports name the question set a room played and each question's item: none before sets.
  const reportRoom = 'scoredQuestions' in value && 'finishedAt' in value && !('set' in value);
  const reportQuestion = 'questionId' in value && 'byStatus' in value && !('origin' in value);
  // Answer keys list every right choice (a direction question has one: its `choice`) and a set item's note (none).
  const answerKey = 'decidingValue' in value && 'display' in value && !('note' in value);
  const choice = answerKey ? (value as Record<string, unknown>).choice : null;
  const added: [string, unknown][] = answerKey
    ? [['choices', choice === null ? null : [choice]], ['note', null]]
    : roomInfo
    ? [['leaderboardEvery', 1]]
    : descentStep
      ? [['waiting', null]]
      : reportRoom
        ? [['set', null]]
        : reportQuestion
          ? [['origin', null], ['points', 1]]
          : [];
  return Object.fromEntries([...entries, ...added]);
}

/**
 * A view or report as the fixture's version showed it, on one point changed since on purpose: accepted
 * intervals carry the figures they are shown with (`sig`, checked to be a count of figures) and an
 * update's old parameter (`base`), and a distribution's answers are written with those figures (at
 * least 3) instead of always 3, so the answers go back to 3 figures (merged where they then read alike).
 */
function withThreeFigureAnswers(value: unknown, label: string): unknown {
  if (Array.isArray(value)) {
    const isDistribution = value.length > 0 && value.every((d) => d && typeof d === 'object' && 'answer' in d && 'status' in d && 'count' in d && Object.keys(d).length === 3);
    if (!isDistribution) return value.map((item) => withThreeFigureAnswers(item, label));
    const merged = new Map<string, { answer: string; status: string; count: number }>();
    for (const d of value as { answer: string; status: string; count: number }[]) {
      const answer = /^-?[\d.]+(e-?\d+)?$/.test(d.answer) ? formatNumber(Number(d.answer), 3) : d.answer;
      const entry = merged.get(`${d.status}|${answer}`);
      if (entry) entry.count += d.count;
      else merged.set(`${d.status}|${answer}`, { answer, status: d.status, count: d.count });
    }
    return [...merged.values()].sort((a, b) => b.count - a.count || (a.answer < b.answer ? -1 : 1));
  }
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([k, v]) => {
    if (k === 'accepted' && v !== null && typeof v === 'object') {
      const { sig, base, ...interval } = v as { sig: number; base: number | null };
      expect(Number.isInteger(sig) && sig >= 3 && sig <= 12, `${label}: sig ${sig}`).toBe(true);
      expect(base === null || typeof base === 'number', `${label}: base`).toBe(true);
      return [k, interval] as const;
    }
    return [k, withThreeFigureAnswers(v, label)] as const;
  });
  return Object.fromEntries(entries);
}

const DISTRIBUTION_HEADERS = new Set(['Answers given', '答案分布']);
const ACCEPTED_HEADERS = new Set(['Accepted range', '可接受范围']);
/** The questions file's last columns since question sets: the set, the question's item and multiplier (empty for these rooms). */
const SET_HEADERS = new Set(['Question set', '题集', 'Origin', '来源', 'Points multiplier', '分值倍数']);

/** A distribution cell ("-0.899 (correct) × 1, …") with its answers at 3 figures and a real minus, merged where they then read alike. */
function distributionCell(cell: string): string {
  const merged = new Map<string, number>();
  for (const item of cell.replace(/^'/, '').split(/, |、/)) {
    // Chinese reports now write "1（错误）× 1" where they wrote "1 (错误) × 1".
    const match = /^(.+?)(?: \(|（)(.+)(?:\) |）)× (\d+)$/.exec(item);
    if (!match) return cell;
    const number = Number(match[1]!.replace('−', '-'));
    const answer = Number.isFinite(number) ? formatNumber(number, 3).replace(/^-/, '−') : match[1]!;
    const key = `${answer} (${match[2]})`;
    merged.set(key, (merged.get(key) ?? 0) + Number(match[3]));
  }
  return [...merged].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, n]) => `${k} × ${n}`).join(' | ');
}

/**
 * A CSV as the fixture's version wrote it and as it is written now, on the points changed since on
 * purpose: engine texts are plain Unicode instead of LaTeX, an answer distribution is written with the
 * interval's figures and a real minus (so without a formula guard), and the teams file's member count
 * is headed "Member count" (it read "Members" like the next column), Chinese headings use Chinese
 * brackets (用时（秒）, was 用时(秒)), and the questions file has an
 * accepted-range column and, last, the question set and origin columns (empty here; dropped). Returns both sides normalised.
 */
function csvToday(fixture: string, today: string): [string[][], string[][]] {
  const parseRows = (csv: string) => parse(csv, { bom: true }) as string[][];
  const [old, now] = [parseRows(fixture), parseRows(today)];
  const distributionAt = (rows: string[][]) => (rows[0] ?? []).findIndex((h) => DISTRIBUTION_HEADERS.has(h));
  const at = distributionAt(old);
  const oldRows = old.map((row, r) =>
    row.map((cell, c) =>
      r > 0 && c === at
        ? distributionCell(cell)
        : r === 0 && cell === 'Members' && row[c + 1] === 'Members'
          ? 'Member count'
          : r === 0
            ? chineseBracketsToday(cell)
            : cell.includes('$')
              ? plainText(cell)
              : cell,
    ),
  );
  // The questions file gained the accepted range (after the answer), which the fixture's version did not write.
  const range = (now[0] ?? []).findIndex((h) => ACCEPTED_HEADERS.has(h));
  const setColumns = new Set((now[0] ?? []).flatMap((h, c) => (SET_HEADERS.has(h) ? [c] : [])));
  for (const row of now.slice(1)) for (const c of setColumns) expect(row[c], 'a set column of a room without a set').toBe('');
  const withoutRange = now.map((row) => row.filter((_, c) => c !== range && !setColumns.has(c)));
  const nowAt = distributionAt(withoutRange);
  const nowRows = withoutRange.map((row, r) => row.map((cell, c) => (r > 0 && c === nowAt ? distributionCell(cell) : cell)));
  return [oldRows, nowRows];
}

/** A Chinese heading such as 用时(秒) as it is written now, with Chinese brackets: 用时（秒）. */
function chineseBracketsToday(heading: string): string {
  return /\p{Script=Han}/u.test(heading) ? heading.replace(/\(/g, '（').replace(/\)/g, '）') : heading;
}

/** The teams CSV with the team score (third column) a whole point; the other cells as written. */
function teamsCsvToday(rows: string[][]): string[][] {
  return rows.map((row, i) => (i === 0 || row[2] === '' ? row : [row[0]!, row[1]!, String(Math.round(Number(row[2]))), ...row.slice(3)]));
}

/** The descent steps CSV gained a last column, "waiting for a confirmation": empty in the old rooms' rows. */
function descentStepsCsvToday(csv: string): string {
  const eol = csv.includes('\r\n') ? '\r\n' : '\n';
  const [header, ...rows] = csv.split(eol);
  const old = { 'Next loss': 'Waiting for a confirmation', '新损失': '等待确认的提议' } as Record<string, string>;
  const added = old[header!.split(',').at(-1)!];
  if (!added) return csv;
  return [`${header},${added}`, ...rows.map((row) => (row === '' ? row : `${row},`))].join(eol);
}

/**
 * A view without the fields views gained after the fixture was written, having checked that
 * they hold what means that version's behaviour (players typed their names, nothing to re-roll,
 * no question set, every question worth ×1).
 */
function withoutLaterFields(view: RoomSnapshot, label: string): unknown {
  const { nicknames, game, pastGames, set, ...room } = view.room;
  expect(set, `${label}: set`).toBeNull();
  expect(nicknames, `${label}: nicknames`).toBe('own');
  // Journals from before "Play again" kept the room: their room is in its first game, with none before it.
  expect(game, `${label}: game`).toBe(1);
  expect(pastGames, `${label}: pastGames`).toEqual([]);
  // Question and reveal views name the question's points multiplier: ×1 outside a question set.
  let phase: unknown = view.phase;
  if (view.phase.phase === 'question' || view.phase.phase === 'reveal') {
    const { points, ...rest } = view.phase;
    expect(points, `${label}: points`).toBe(1);
    phase = rest;
  }
  if (view.role === 'host') return { ...view, room, phase };
  const { nameRerolls, ...me } = view.me;
  expect(nameRerolls, `${label}: nameRerolls`).toBe(0);
  return { ...view, room, phase, me };
}

/** A wire event as the room applies it: the socket handlers forward it under its own name, as parsed. */
function roomEventOf(name: string, payload: Record<string, unknown>): RoomEvent {
  return { type: name, ...payload } as RoomEvent;
}

let dir: string;
let store: RoomStore;
beforeAll(() => {
  // Opening a SQLite file writes to it: the test works on a copy.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-old-journal-'));
  fs.copyFileSync(path.join(FIXTURE, 'rooms.sqlite'), path.join(dir, 'rooms.sqlite'));
  store = new RoomStore(new SqliteStore({ dataDir: dir, fileName: 'rooms.sqlite' }), silentLogger);
});
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a journal written by the first version of the room state', () => {
  for (const [code, room] of Object.entries(expected)) {
    it(`replays room ${code} to the same report, CSVs and views, and plays on from there`, () => {
      const loaded = store.load(code);
      if (!loaded) throw new Error(`${code} is not in the fixture`);
      const report = buildReport(loaded, room.context);
      expect(withThreeFigureAnswers(report, code)).toEqual(asShownToday(room.report));
      const written = { players: [room.csv.players, playersCsv(report)], questions: [descentStepsCsvToday(room.csv.questions), questionsCsv(report)] } as const;
      for (const [name, [fixture, today]] of Object.entries(written)) {
        const [old, now] = csvToday(fixture, today);
        expect(now, `${code}: ${name} CSV`).toEqual(old);
      }
      const [oldTeams, nowTeams] = csvToday(room.csv.teams, teamsCsv(report));
      expect(nowTeams).toEqual(teamsCsvToday(oldTeams));
      for (const [name, snapshot] of Object.entries(room.snapshots)) {
        const viewer = name === 'host' ? { role: 'host' as const } : { role: 'player' as const, playerId: room.ids[name]! };
        expect(withThreeFigureAnswers(withoutLaterFields(viewFor(loaded, viewer, room.now), `${code}: ${name}`), code), `${code}: ${name}'s snapshot`).toEqual(asShownToday(snapshot));
      }

      let state: RoomState = loaded;
      let at = room.now;
      for (const action of room.continuation) {
        at += action.after;
        const actor: Actor =
          action.by === 'host' ? { role: 'host' } : action.by === 'system' ? { role: 'system' } : { role: 'player', playerId: room.ids[action.by]! };
        const result = transition(state, actor, roomEventOf(action.event, action.payload), at);
        if (!result.ok) throw new Error(`${code}: ${action.by} ${action.event} refused: ${result.error.code}`);
        state = result.state;
      }
      expect(withThreeFigureAnswers(buildReport(state, room.finalContext), code)).toEqual(asShownToday(room.finalReport));
      for (const [name, snapshot] of Object.entries(room.finalSnapshots)) {
        const viewer = name === 'host' ? { role: 'host' as const } : { role: 'player' as const, playerId: room.ids[name]! };
        expect(withThreeFigureAnswers(withoutLaterFields(viewFor(state, viewer, at + 1000), `${code}: ${name} (final)`), code), `${code}: ${name}'s final snapshot`).toEqual(asShownToday(snapshot));
      }
    });
  }
});
