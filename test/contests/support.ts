/**
 * A contest as tests drive it: the organizer over HTTP (plain fetch, test/sets/set-http.ts), teachers and
 * phones over real sockets (test/server/support.ts), a server on port 0 with its SQLite file in a
 * temporary folder, and the hub's turns taken when the test says (`turn()`), so every step is in order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SEED_NETWORK, gradeAnswer } from '../../shared/engine/index.ts';
import { SetContentSchema, problemForItem } from '../../shared/question-sets/index.ts';
import type { ContestBoard, ContestResult, CreateContestPayload } from '../../shared/protocol/contests.ts';
import type { RoomReport } from '../../shared/protocol/index.ts';
import type { SetContentInput } from '../../shared/question-sets/index.ts';
import type { ApplicationOptions } from '../../server/app.ts';
import { RoomStore } from '../../server/store/room-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { silentLogger } from '../room/support.ts';
import { type TestServer, TestClient, startServer } from '../server/support.ts';
import { call, dataOf } from '../sets/set-http.ts';

export { call, dataOf, newKey, refusalOf } from '../sets/set-http.ts';

/** Authored texts that only a reveal may carry: a frame or a board holding one before has leaked. */
export const NOTE = 'Contest note: the example from p. 42';
export const EXPLANATION = 'Contest explanation: a small derivative shrinks layer after layer.';

/** Three items whose right answers the test knows without the server: two choices and the source example. */
export function contestSet(): SetContentInput {
  return {
    title: 'Contest set',
    lang: 'en',
    items: [
      {
        type: 'choice',
        question: 'Which of these make the gradient vanish in a deep sigmoid network?',
        choices: [
          { text: "$\\sigma'(z) \\le 0.25$ in every layer", correct: true },
          { text: 'A learning rate of $0.01$', correct: false },
          { text: 'A positive target', correct: false },
        ],
        explanation: EXPLANATION,
      },
      { type: 'numeric', network: SEED_NETWORK, asks: ['dL/dw'], note: NOTE },
      {
        type: 'choice',
        question: 'What does backpropagation compute?',
        choices: [
          { text: 'The gradient of the loss', correct: true },
          { text: 'The learning rate', correct: false },
        ],
      },
    ],
  };
}
/** The source example's classic mistake the engine names (a misconception, for the mistake counts). */
function namedMistake(): string {
  const problem = problemForItem(SetContentSchema.parse(contestSet()).items[1]!, { seed: 0 });
  const mistake = problem.misconceptions.find((m) => typeof m.value === 'number' && gradeAnswer(problem, String(m.value)).diagnosis === m.key)!;
  return String(mistake.value);
}
/** Right and wrong answers per item of contestSet(). */
export const RIGHT = ['a', '-0.027', 'a'] as const;
export const WRONG = ['b', namedMistake(), 'b'] as const;

export interface ContestServer {
  server: TestServer;
  url: string;
  dataDir: string;
  /** One turn of the contest hub (summaries written, lockstep rooms moved). */
  turn(): Promise<void>;
  close(): Promise<void>;
}

export async function startContestServer(options: Partial<ApplicationOptions> = {}, dataDir = mkdtempSync(path.join(tmpdir(), 'contest-'))): Promise<ContestServer> {
  const server = await startServer({
    store: new RoomStore(new SqliteStore({ dataDir }), silentLogger),
    // The test takes the hub's turns itself.
    contestHubIntervalMs: 3600_000,
    ...options,
  });
  return {
    server,
    url: server.url,
    dataDir,
    turn: () => server.application.contestHub.poke(),
    close: () => server.close(),
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function storedSetId(url: string, key: string, set: SetContentInput = contestSet()): Promise<string> {
  return dataOf<{ set: { id: string } }>(await call(url, 'POST', '/api/sets', { key, json: set })).set.id;
}

export async function createContest(url: string, key: string, payload: CreateContestPayload): Promise<ContestResult['contest']> {
  return dataOf<ContestResult>(await call(url, 'POST', '/api/contests', { key, json: payload })).contest;
}

export async function control(url: string, key: string, code: string, action: 'start' | 'close' | 'next' | 'end'): Promise<ContestResult['contest']> {
  return dataOf<ContestResult>(await call(url, 'POST', `/api/contests/${code}/control`, { key, json: { action } })).contest;
}

export async function board(url: string, code: string): Promise<ContestBoard> {
  return dataOf<ContestBoard>(await call(url, 'GET', `/api/contests/${code}/board`));
}

export async function roomReport(url: string, code: string, hostToken: string): Promise<RoomReport> {
  return dataOf<RoomReport>(await call(url, 'GET', `/api/rooms/${code}/report.json`, { key: hostToken }));
}

export interface ContestRoom {
  label: string;
  host: TestClient;
  code: string;
  hostToken: string;
  players: TestClient[];
  playerIds: string[];
}

/** A teacher opens the room of `roomKey`; `names` join it. `tap`: each device as soon as it is connected. */
export async function openRoom(url: string, roomKey: string, label: string, names: string[], tap?: (who: string, client: TestClient) => void): Promise<ContestRoom> {
  const host = await TestClient.connect(url);
  tap?.(`${label} host`, host);
  const created = await host.ok('room:create', { config: { capacity: 50 }, contest: { roomKey } });
  const players: TestClient[] = [];
  const playerIds: string[] = [];
  for (const name of names) {
    const p = await TestClient.connect(url);
    tap?.(`${label} ${name}`, p);
    playerIds.push((await p.ok('room:join', { code: created.code, nickname: name })).playerId);
    players.push(p);
  }
  return { label, host, code: created.code, hostToken: created.hostToken, players, playerIds };
}

export function closeRoom(room: ContestRoom): void {
  room.host.close();
  for (const p of room.players) p.close();
}

/** The room reports' ranked players put together, ranked again as one: what the board must show. */
export function combinedRanking(reports: { label: string; report: RoomReport }[]): { name: string; roomLabel: string; score: number; rank: number }[] {
  const all = reports.flatMap(({ label, report }) => report.players.filter((p) => p.rank !== null).map((p) => ({ name: p.name, roomLabel: label, score: p.score })));
  all.sort((a, b) => b.score - a.score);
  let rank = 0;
  return all.map((p, i) => {
    if (i === 0 || p.score !== all[i - 1]!.score) rank = i + 1;
    return { ...p, rank };
  });
}

