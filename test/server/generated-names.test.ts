/**
 * Generated nicknames over real sockets: a phone peeks at the room before joining, joins without
 * a name, gets one in its language, re-rolls it once; the host's roster and the report follow;
 * after a restart the names come back from the journal unchanged.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlayerSnapshot, RoomReport } from '../../shared/protocol/index.ts';
import { NAME_WORDS } from '../../shared/names/name-words.ts';
import { RoomStore } from '../../server/store/room-store.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { silentLogger } from '../room/support.ts';
import { type TestServer, TestClient, startServer } from './support.ts';

const EN_NAME = new RegExp(`^(${NAME_WORDS.en.adjectives.join('|')}) (${NAME_WORDS.en.animals.join('|')})$`);
const ZH_NAME = new RegExp(`^(${NAME_WORDS['zh-CN'].adjectives.join('|')})(${NAME_WORDS['zh-CN'].animals.join('|')})$`);

describe('a room that generates names', () => {
  let dir: string;
  let server: TestServer;
  const clients: TestClient[] = [];
  const openStore = () => new RoomStore(new SqliteStore({ dataDir: dir }), silentLogger);

  async function client(auth: Record<string, unknown> = {}) {
    const c = await TestClient.connect(server.url, auth);
    clients.push(c);
    return c;
  }

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-names-'));
    server = await startServer({ store: openStore() });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is peeked at, joined without a name, named in each phone’s language, re-rolled once', async () => {
    const host = await client();
    const created = await host.ok('room:create', { config: { title: 'Week 3', nicknames: 'generated', lang: 'zh-CN', questionCount: 1 } });
    expect(created.snapshot.room.nicknames).toBe('generated');

    const en = await client();
    expect(await en.ok('room:peek', { code: created.code.toLowerCase() })).toEqual({ code: created.code, title: 'Week 3', lang: 'zh-CN', nicknames: 'generated' });
    expect(await en.call('room:peek', { code: 'ZZZZZZ' })).toMatchObject({ ok: false, error: { code: 'room_not_found' } });

    const enRow = host.next('room:roster', (d) => d.upsert.length > 0);
    const enJoin = await en.ok('room:join', { code: created.code, lang: 'en' });
    const enName = enJoin.snapshot.me.name;
    expect(enName).toMatch(EN_NAME);
    expect(enJoin.snapshot.me.nameRerolls).toBe(1);
    expect(enJoin.snapshot.room.nicknames).toBe('generated');
    expect((await enRow).upsert.map((r) => r.name)).toEqual([enName]);

    const zh = await client();
    const zhJoin = await zh.ok('room:join', { code: created.code, nickname: 'Rude Word', lang: 'zh-CN' });
    expect(zhJoin.snapshot.me.name).toMatch(ZH_NAME);
    const roomLang = await client();
    expect((await roomLang.ok('room:join', { code: created.code, nickname: '' })).snapshot.me.name).toMatch(ZH_NAME);

    const renamedRow = host.next('room:roster', (d) => d.upsert.some((r) => r.playerId === enJoin.playerId));
    const me = en.next('room:me');
    const rolled = await en.ok('name:reroll', {});
    expect(rolled.name).toMatch(EN_NAME);
    expect(rolled.name).not.toBe(enName);
    expect((await renamedRow).upsert.find((r) => r.playerId === enJoin.playerId)!.name).toBe(rolled.name);
    expect(await me).toMatchObject({ name: rolled.name, nameRerolls: 0 });

    expect(await en.call('name:reroll', {})).toMatchObject({ ok: false, error: { code: 'reroll_used' } });
    expect(await host.call('name:reroll', {})).toMatchObject({ ok: false, error: { code: 'not_in_room' } });
    expect(await (await client()).call('name:reroll', {})).toMatchObject({ ok: false, error: { code: 'not_in_room' } });
    // A payload of extra keys cannot choose the draw.
    expect(await zh.call('name:reroll', { nameSeed: 1 } as never)).toMatchObject({ ok: true });
    await host.ok('game:start', {});
    expect(await roomLang.call('name:reroll', {})).toMatchObject({ ok: false, error: { code: 'wrong_phase' } });
    const sync = (await en.ok('room:sync', {})) as PlayerSnapshot;
    expect(sync.me).toMatchObject({ name: rolled.name, nameRerolls: 0 });

    // The report lists the names as they were used.
    const response = await fetch(`${server.url}/api/rooms/${created.code}/report.json`, { headers: { authorization: `Bearer ${created.hostToken}` } });
    const report = ((await response.json()) as { data: RoomReport }).data;
    expect(report.players.find((p) => p.playerId === enJoin.playerId)!.name).toBe(rolled.name);
    const zhName = ((await zh.ok('room:sync', {})) as PlayerSnapshot).me.name;
    expect(report.players.find((p) => p.playerId === zhJoin.playerId)!.name).toBe(zhName);

    // After a restart the journal makes the same names.
    for (const c of clients.splice(0)) c.close();
    await server.close();
    server = await startServer({ store: openStore() });
    const back = await client({ token: enJoin.token });
    expect(((await back.waitFor('room:snapshot')) as PlayerSnapshot).me.name).toBe(rolled.name);
    const zhBack = await client({ token: zhJoin.token });
    expect(((await zhBack.waitFor('room:snapshot')) as PlayerSnapshot).me.name).toBe(zhName);
  });

  it('keeps typed names where the room does not generate them', async () => {
    const host = await client();
    const created = await host.ok('room:create', { config: {} });
    expect(created.snapshot.room.nicknames).toBe('own');
    const ada = await client();
    expect(await ada.ok('room:peek', { code: created.code })).toMatchObject({ nicknames: 'own' });
    expect(await ada.call('room:join', { code: created.code })).toMatchObject({ ok: false, error: { code: 'invalid_name' } });
    const joined = await ada.ok('room:join', { code: created.code, nickname: 'Ada', lang: 'en' });
    expect(joined.snapshot.me).toMatchObject({ name: 'Ada', nameRerolls: 0 });
    expect(await ada.call('name:reroll', {})).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    expect(((await ada.ok('room:sync', {})) as PlayerSnapshot).me.name).toBe('Ada');
  });
});
