/**
 * The set API's behaviour over HTTP, the same for every store: SQLite in the embedded mode
 * (test/sets/sqlite-api.test.ts) and Redis with two nodes (test/cluster/sets.test.ts). With
 * several nodes every step goes to the next node, so each answer also shows that a write made
 * on one node is what the others read.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSetCsv } from '../../shared/question-sets/csv.ts';
import type { SetListResult, SetResult, SharedSetResult, ShareResult, StoredSet } from '../../shared/protocol/sets.ts';
import { SET_RESTORE_MS } from '../../shared/protocol/sets.ts';
import { SET_FILE_FORMAT, SET_FILE_VERSION, SetContentSchema, type SetContentInput } from '../../shared/question-sets/index.ts';
import type { FakeClock } from '../room/support.ts';
import { type CallOptions, call, dataOf, newKey, refusalOf, sampleSet } from './set-http.ts';

/** Tables as Excel and WPS save them (the engine's own fixtures). */
const csvFixture = (name: string) => readFileSync(new URL(`../question-sets/fixtures/${name}`, import.meta.url));

export interface SetBackend {
  /** One URL per node. */
  urls: string[];
  /** The clock every node reads (deleted sets age on it). */
  clock: FakeClock;
  close(): Promise<void>;
}

/** Limits the suite's servers run with, so the limits themselves can be reached in a test. */
export const SUITE_SET_LIMITS = { setsPerKey: 4, keysPerHour: 1000, writesPerMinute: 10_000, readsPerMinute: 10_000 } as const;

export function setApiSuite(name: string, start: () => Promise<SetBackend>): void {
  describe(name, () => {
    let backend: SetBackend;
    let turn = 0;
    /** The next node (round robin). */
    const node = () => backend.urls[turn++ % backend.urls.length]!;
    const api = (method: string, path: string, options?: CallOptions) => call(node(), method, path, options);
    const key = () => newKey(node());
    const create = async (k: string, set: SetContentInput = sampleSet()) => dataOf<SetResult>(await api('POST', '/api/sets', { key: k, json: set })).set;
    const list = async (k: string) => dataOf<SetListResult>(await api('GET', '/api/sets', { key: k })).sets;
    const get = async (k: string, id: string) => dataOf<SetResult>(await api('GET', `/api/sets/${id}`, { key: k })).set;

    beforeAll(async () => {
      backend = await start();
    });
    afterAll(async () => {
      await backend?.close();
    });

    it('makes teacher keys: tk_ and 32 random bytes, a new one every time', async () => {
      const first = await api('POST', '/api/teacher-keys');
      expect(first.status).toBe(201);
      const a = dataOf<{ key: string }>(first).key;
      const b = await key();
      expect(a).toMatch(/^tk_[A-Za-z0-9_-]{43}$/);
      expect(b).toMatch(/^tk_[A-Za-z0-9_-]{43}$/);
      expect(a).not.toBe(b);
      // A fresh key owns nothing yet.
      expect(await list(a)).toEqual([]);
    });

    it('creates, reads, lists and saves a set, each save one revision on', async () => {
      const k = await key();
      const created = await api('POST', '/api/sets', { key: k, json: sampleSet('Period 3') });
      expect(created.status).toBe(201);
      const set = dataOf<SetResult>(created).set;
      // Stored as the schema reads it (defaults filled in: description, points, variants).
      expect(set).toEqual({
        ...SetContentSchema.parse(sampleSet('Period 3')),
        id: expect.stringMatching(/^[A-Za-z0-9_-]{16,64}$/),
        revision: 1,
        createdAt: backend.clock.now(),
        updatedAt: backend.clock.now(),
        deletedAt: null,
        share: null,
      });
      expect(await get(k, set.id)).toEqual(set);

      backend.clock.advance(1000);
      const changed = { ...sampleSet('Period 4'), description: 'for period 4' };
      const saved = dataOf<SetResult>(await api('PUT', `/api/sets/${set.id}`, { key: k, json: { set: changed, revision: 1 } })).set;
      expect(saved).toMatchObject({ id: set.id, title: 'Period 4', description: 'for period 4', revision: 2, createdAt: set.createdAt, updatedAt: set.updatedAt + 1000 });
      expect(await get(k, set.id)).toEqual(saved);
      expect(await list(k)).toEqual([
        { id: set.id, title: 'Period 4', lang: 'en', description: 'for period 4', items: 3, revision: 2, updatedAt: saved.updatedAt, shared: false },
      ]);

      // A save without a revision overwrites whatever is there.
      const overwritten = dataOf<SetResult>(await api('PUT', `/api/sets/${set.id}`, { key: k, json: { set: sampleSet('Period 5') } })).set;
      expect(overwritten).toMatchObject({ title: 'Period 5', revision: 3 });
    });

    it('refuses a save based on an older revision (409 stale_revision) and keeps the newer one', async () => {
      const k = await key();
      const set = await create(k);
      await api('PUT', `/api/sets/${set.id}`, { key: k, json: { set: sampleSet('saved on the laptop'), revision: 1 } });
      const stale = await api('PUT', `/api/sets/${set.id}`, { key: k, json: { set: sampleSet('saved on the tablet'), revision: 1 } });
      expect(refusalOf(stale)).toMatchObject({ status: 409, code: 'stale_revision' });
      expect(await get(k, set.id)).toMatchObject({ title: 'saved on the laptop', revision: 2 });
    });

    it('lets exactly one of two saves based on the same revision win, even when they arrive together', async () => {
      const k = await key();
      const set = await create(k);
      const answers = await Promise.all(['first', 'second', 'third'].map((title) => api('PUT', `/api/sets/${set.id}`, { key: k, json: { set: sampleSet(title), revision: 1 } })));
      const won = answers.filter((a) => a.status === 200);
      expect(won).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409).map((a) => refusalOf(a).code)).toEqual(['stale_revision', 'stale_revision']);
      expect(await get(k, set.id)).toEqual(dataOf<SetResult>(won[0]!).set);
    });

    it('lists only the key’s own sets that are not deleted, newest save first', async () => {
      const k = await key();
      const other = await key();
      const a = await create(k, sampleSet('A'));
      backend.clock.advance(10);
      const b = await create(k, sampleSet('B'));
      backend.clock.advance(10);
      await create(other, sampleSet('not mine'));
      expect((await list(k)).map((s) => s.title)).toEqual(['B', 'A']);
      backend.clock.advance(10);
      await api('PUT', `/api/sets/${a.id}`, { key: k, json: { set: sampleSet('A again') } });
      expect((await list(k)).map((s) => s.id)).toEqual([a.id, b.id]);
      await api('DELETE', `/api/sets/${b.id}`, { key: k });
      expect((await list(k)).map((s) => s.id)).toEqual([a.id]);
      expect((await list(other)).map((s) => s.title)).toEqual(['not mine']);
    });

    it('deletes softly and restores within the restore window; later the set is gone for good', async () => {
      const k = await key();
      const set = await create(k, sampleSet('to delete'));
      const deleted = dataOf<SetResult>(await api('DELETE', `/api/sets/${set.id}`, { key: k })).set;
      expect(deleted).toMatchObject({ id: set.id, deletedAt: backend.clock.now() });
      expect(await list(k)).toEqual([]);
      // The owner still reads it (to offer "undo"), but cannot save or share it while deleted.
      expect(await get(k, set.id)).toMatchObject({ deletedAt: deleted.deletedAt });
      expect(refusalOf(await api('PUT', `/api/sets/${set.id}`, { key: k, json: { set: sampleSet() } }))).toMatchObject({ status: 404, code: 'set_not_found' });
      expect(refusalOf(await api('POST', `/api/sets/${set.id}/share`, { key: k }))).toMatchObject({ status: 404, code: 'set_not_found' });

      backend.clock.advance(SET_RESTORE_MS - 1);
      const restored = dataOf<SetResult>(await api('POST', `/api/sets/${set.id}/restore`, { key: k })).set;
      expect(restored).toEqual({ ...set, deletedAt: null });
      expect((await list(k)).map((s) => s.id)).toEqual([set.id]);

      await api('DELETE', `/api/sets/${set.id}`, { key: k });
      backend.clock.advance(SET_RESTORE_MS + 1);
      // Listing purges what is past the window; either way the set answers as gone.
      expect(await list(k)).toEqual([]);
      expect(refusalOf(await api('POST', `/api/sets/${set.id}/restore`, { key: k }))).toMatchObject({ status: 404, code: 'set_not_found' });
      expect(refusalOf(await api('GET', `/api/sets/${set.id}`, { key: k }))).toMatchObject({ status: 404, code: 'set_not_found' });
    });

    it('shares a set read-only by link, copies it into another library, and refuses the link once revoked', async () => {
      const owner = await key();
      const colleague = await key();
      const set = await create(owner, sampleSet('shared one'));
      const shared = await api('POST', `/api/sets/${set.id}/share`, { key: owner });
      expect(shared.status).toBe(200);
      const { share } = dataOf<ShareResult>(shared);
      expect(share).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9_-]{32,}$/), path: `/shared/${share.token}` });
      // Sharing again gives the same link.
      expect(dataOf<ShareResult>(await api('POST', `/api/sets/${set.id}/share`, { key: owner })).share).toEqual(share);
      expect(await get(owner, set.id)).toMatchObject({ share });
      expect((await list(owner))[0]).toMatchObject({ id: set.id, shared: true });

      // Anyone with the link reads the content (nothing of the owner, no key needed).
      const read = await api('GET', `/api/shared/${share.token}`);
      expect(read.status).toBe(200);
      const { id: _id, revision: _r, createdAt: _c, updatedAt, deletedAt: _d, share: _s, ...content } = set;
      expect(dataOf<SharedSetResult>(read)).toEqual({ set: content, updatedAt });
      expect(read.text).not.toContain(owner);

      const copied = await api('POST', `/api/shared/${share.token}/copy`, { key: colleague });
      expect(copied.status).toBe(201);
      const copy = dataOf<SetResult>(copied).set;
      expect(copy).toMatchObject({ ...content, revision: 1, share: null, deletedAt: null });
      expect(copy.id).not.toBe(set.id);
      expect((await list(colleague)).map((s) => s.id)).toEqual([copy.id]);
      // The copy is the colleague's own: the owner cannot open it, and editing it leaves the original alone.
      expect(refusalOf(await api('GET', `/api/sets/${copy.id}`, { key: owner }))).toMatchObject({ status: 403, code: 'not_owner' });
      await api('PUT', `/api/sets/${copy.id}`, { key: colleague, json: { set: sampleSet('my version') } });
      expect(await get(owner, set.id)).toMatchObject({ title: 'shared one' });

      const unshared = dataOf<SetResult>(await api('DELETE', `/api/sets/${set.id}/share`, { key: owner })).set;
      expect(unshared).toMatchObject({ id: set.id, share: null });
      expect(refusalOf(await api('GET', `/api/shared/${share.token}`))).toMatchObject({ status: 403, code: 'share_revoked' });
      expect(refusalOf(await api('POST', `/api/shared/${share.token}/copy`, { key: colleague }))).toMatchObject({ status: 403, code: 'share_revoked' });
      expect(await list(colleague)).toHaveLength(1);

      // Sharing again makes a new link; the revoked one stays revoked.
      const again = dataOf<ShareResult>(await api('POST', `/api/sets/${set.id}/share`, { key: owner })).share;
      expect(again.token).not.toBe(share.token);
      expect(dataOf<SharedSetResult>(await api('GET', `/api/shared/${again.token}`)).set.title).toBe('shared one');
      expect(refusalOf(await api('GET', `/api/shared/${share.token}`))).toMatchObject({ status: 403, code: 'share_revoked' });
      expect(refusalOf(await api('GET', '/api/shared/no-such-link-0123456789abcdef'))).toMatchObject({ status: 404, code: 'share_not_found' });
    });

    it('answers a deleted set’s link as not found, and a purged set’s as revoked', async () => {
      const owner = await key();
      const set = await create(owner, sampleSet('deleted while shared'));
      const { share } = dataOf<ShareResult>(await api('POST', `/api/sets/${set.id}/share`, { key: owner }));
      await api('DELETE', `/api/sets/${set.id}`, { key: owner });
      expect(refusalOf(await api('GET', `/api/shared/${share.token}`))).toMatchObject({ status: 404, code: 'share_not_found' });
      await api('POST', `/api/sets/${set.id}/restore`, { key: owner });
      expect(dataOf<SharedSetResult>(await api('GET', `/api/shared/${share.token}`)).set.title).toBe('deleted while shared');
      await api('DELETE', `/api/sets/${set.id}`, { key: owner });
      backend.clock.advance(SET_RESTORE_MS + 1);
      await list(owner);
      expect(refusalOf(await api('GET', `/api/shared/${share.token}`))).toMatchObject({ status: 403, code: 'share_revoked' });
    });

    it('refuses a missing key (401 key_required) and a key it never made (401 unknown_key)', async () => {
      const owner = await key();
      const set = await create(owner);
      const routes: [string, string][] = [
        ['GET', '/api/sets'],
        ['POST', '/api/sets'],
        ['GET', `/api/sets/${set.id}`],
        ['PUT', `/api/sets/${set.id}`],
        ['DELETE', `/api/sets/${set.id}`],
        ['POST', `/api/sets/${set.id}/restore`],
        ['GET', `/api/sets/${set.id}/export`],
        ['POST', `/api/sets/${set.id}/share`],
        ['DELETE', `/api/sets/${set.id}/share`],
        ['POST', '/api/sets/import'],
      ];
      const madeUp = `tk_${'A'.repeat(43)}`;
      for (const [method, path] of routes) {
        const json = method === 'PUT' ? { set: sampleSet('hijacked') } : method === 'POST' ? sampleSet('hijacked') : undefined;
        const missing = await api(method, path, { json });
        expect(refusalOf(missing), `${method} ${path}`).toMatchObject({ status: 401, code: 'key_required' });
        expect(missing.headers.get('www-authenticate')).toBe('Bearer');
        for (const wrong of [madeUp, 'not-a-key', owner.slice(0, -1)]) {
          expect(refusalOf(await api(method, path, { key: wrong, json })), `${method} ${path} with ${wrong}`).toMatchObject({ status: 401, code: 'unknown_key' });
        }
      }
      expect(refusalOf(await api('POST', '/api/shared/whatever/copy'))).toMatchObject({ status: 401, code: 'key_required' });
      // Nothing of it happened.
      expect(await get(owner, set.id)).toEqual(set);
      expect((await list(owner)).map((s) => s.id)).toEqual([set.id]);
    });

    it('refuses another teacher’s key on every route of a set (403 not_owner) and changes nothing', async () => {
      const owner = await key();
      const stranger = await key();
      const set = await create(owner);
      const attempts: [string, string, unknown][] = [
        ['GET', `/api/sets/${set.id}`, undefined],
        ['PUT', `/api/sets/${set.id}`, { set: sampleSet('hijacked') }],
        ['DELETE', `/api/sets/${set.id}`, undefined],
        ['POST', `/api/sets/${set.id}/restore`, undefined],
        ['GET', `/api/sets/${set.id}/export`, undefined],
        ['POST', `/api/sets/${set.id}/share`, undefined],
        ['DELETE', `/api/sets/${set.id}/share`, undefined],
      ];
      for (const [method, path, json] of attempts) {
        expect(refusalOf(await api(method, path, { key: stranger, json })), `${method} ${path}`).toMatchObject({ status: 403, code: 'not_owner' });
      }
      expect(await get(owner, set.id)).toEqual(set);
      expect(await list(stranger)).toEqual([]);
      expect(refusalOf(await api('GET', '/api/sets/no-such-set-id-000', { key: owner }))).toMatchObject({ status: 404, code: 'set_not_found' });
      expect(refusalOf(await api('GET', '/api/sets/%E2%9C%93%20odd', { key: owner }))).toMatchObject({ status: 404, code: 'set_not_found' });
    });

    it('refuses an invalid set naming every issue (400 invalid_set), a body that is not JSON (400 invalid_payload), and saves nothing', async () => {
      const k = await key();
      const kept = await create(k, sampleSet('kept'));
      const bad = { title: '', lang: 'fr', items: [{ type: 'generated', kind: 'nope', difficulty: 9 }, { type: 'choice', question: 'q', choices: [{ text: 'a', correct: false }] }] };
      const refused = refusalOf(await api('POST', '/api/sets', { key: k, json: bad }));
      expect(refused).toMatchObject({ status: 400, code: 'invalid_set' });
      const fields = refused.issues!.map((issue) => `${issue.item ?? '-'} ${issue.field}`);
      expect(fields).toEqual(expect.arrayContaining(['- title', '- lang', '1 kind', '1 difficulty', '2 choices']));
      expect(refusalOf(await api('PUT', `/api/sets/${kept.id}`, { key: k, json: { set: bad, revision: 1 } }))).toMatchObject({ status: 400, code: 'invalid_set' });
      expect(refusalOf(await api('PUT', `/api/sets/${kept.id}`, { key: k, json: { set: sampleSet(), revision: 'one' } }))).toMatchObject({ status: 400, code: 'invalid_payload' });
      expect(refusalOf(await api('PUT', `/api/sets/${kept.id}`, { key: k, json: { revision: 1 } }))).toMatchObject({ status: 400, code: 'invalid_payload' });
      expect(refusalOf(await api('PUT', `/api/sets/${kept.id}`, { key: k, json: sampleSet('the set itself, not in { set }') }))).toMatchObject({ status: 400, code: 'invalid_payload' });
      for (const body of ['{"title": ', 'null', '"a string"', '[1, 2', '\u0000']) {
        const answer = await api('POST', '/api/sets', { key: k, body, type: 'application/json' });
        expect(answer.headers.get('content-type'), body).toMatch(/^application\/json/);
        expect(refusalOf(answer), body).toMatchObject({ status: 400 });
        expect(['invalid_payload', 'invalid_set']).toContain(refusalOf(answer).code);
      }
      expect(refusalOf(await api('POST', '/api/sets', { key: k, body: 'title=x', type: 'application/x-www-form-urlencoded' }))).toMatchObject({ status: 400, code: 'invalid_payload' });
      expect((await list(k)).map((s) => s.id)).toEqual([kept.id]);
      expect(await get(k, kept.id)).toEqual(kept);
    });

    it('refuses a body over the limit (413 too_large) and saves nothing', async () => {
      const k = await key();
      const huge = { ...sampleSet('huge'), description: 'x'.repeat(600 * 1024) };
      expect(refusalOf(await api('POST', '/api/sets', { key: k, json: huge }))).toMatchObject({ status: 413, code: 'too_large' });
      expect(refusalOf(await api('POST', '/api/sets/import', { key: k, body: `title\n${'x'.repeat(600 * 1024)}`, type: 'text/csv' }))).toMatchObject({ status: 413, code: 'too_large' });
      expect(await list(k)).toEqual([]);
    });

    it(`refuses more than the key's allowance of sets (403 too_many_sets)`, async () => {
      const k = await key();
      const made: StoredSet[] = [];
      for (let i = 0; i < SUITE_SET_LIMITS.setsPerKey; i++) made.push(await create(k, sampleSet(`set ${i}`)));
      expect(refusalOf(await api('POST', '/api/sets', { key: k, json: sampleSet('one too many') }))).toMatchObject({ status: 403, code: 'too_many_sets' });
      // A deleted set makes room; restoring it while full is refused the same way.
      await api('DELETE', `/api/sets/${made[0]!.id}`, { key: k });
      await create(k, sampleSet('in its place'));
      expect(refusalOf(await api('POST', `/api/sets/${made[0]!.id}/restore`, { key: k }))).toMatchObject({ status: 403, code: 'too_many_sets' });
      expect(await list(k)).toHaveLength(SUITE_SET_LIMITS.setsPerKey);
    });

    it('exports a set as the versioned file (for the page, and as a download named after the title) that imports back as the same set', async () => {
      const k = await key();
      const set = await create(k, sampleSet('Chain rule: period 3 / 4'));
      const { id: _id, revision: _r, createdAt: _c, updatedAt: _u, deletedAt: _d, share: _s, ...content } = set;
      const file = { format: SET_FILE_FORMAT, version: SET_FILE_VERSION, set: content };
      const forThePage = await api('GET', `/api/sets/${set.id}/export`, { key: k });
      expect(dataOf(forThePage)).toEqual(file);
      expect(forThePage.headers.get('content-disposition')).toBeNull();

      const exported = await api('GET', `/api/sets/${set.id}/export?download=1`, { key: k });
      expect(exported.status).toBe(200);
      expect(exported.headers.get('content-type')).toMatch(/^application\/json/);
      const disposition = exported.headers.get('content-disposition') ?? '';
      expect(disposition).toMatch(/^attachment; filename="Chain rule- period 3 - 4\.json"/);
      expect(exported.body).toEqual(file);

      const imported = await api('POST', '/api/sets/import', { key: k, json: exported.body });
      expect(imported.status).toBe(201);
      const copy = dataOf<SetResult>(imported).set;
      expect(copy).toMatchObject({ ...content, revision: 1 });
      expect(copy.id).not.toBe(set.id);
      expect(await list(k)).toHaveLength(2);
    });

    it('names a Chinese title in the download as UTF-8', async () => {
      const k = await key();
      const set = await create(k, { ...sampleSet('链式法则：第三节'), lang: 'zh-CN' });
      const exported = await api('GET', `/api/sets/${set.id}/export?download=1`, { key: k });
      expect(exported.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('链式法则：第三节.json')}`);
    });

    it('imports a table (text/csv, ?title=&lang=) as the engine reads it, BOM and CRLF as the spreadsheet wrote them', async () => {
      const k = await key();
      for (const name of ['excel-comma.csv', 'excel-semicolon.csv', 'wps-comma.csv']) {
        const bytes = csvFixture(name);
        const meta = { title: `表格：${name}`, lang: 'zh-CN' } as const;
        const expected = parseSetCsv(bytes.toString('utf8'), meta);
        if (!expected.ok) throw new Error(`${name} should be a valid table`);
        const answer = await api('POST', `/api/sets/import?${new URLSearchParams(meta)}`, { key: k, body: bytes, type: 'text/csv' });
        expect(answer.status, name).toBe(201);
        const set = dataOf<SetResult>(answer).set;
        expect(SetContentSchema.parse(set), name).toEqual(expected.set);
        expect(await get(k, set.id)).toEqual(set);
      }
      expect(await list(k)).toHaveLength(3);
    });

    it('refuses a table with one bad row naming that row and column, and saves none of its rows', async () => {
      const k = await key();
      const text = csvFixture('one-bad-row.csv').toString('utf8');
      const meta = { title: 'one bad row', lang: 'en' } as const;
      const expected = parseSetCsv(text, meta);
      if (expected.ok) throw new Error('the fixture should be refused');
      const refused = refusalOf(await api('POST', `/api/sets/import?${new URLSearchParams(meta)}`, { key: k, body: text, type: 'text/csv; charset=utf-8' }));
      expect(refused).toMatchObject({ status: 400, code: 'invalid_set', issues: expected.issues });
      expect(refused.issues!.every((issue) => issue.row !== undefined && issue.field !== '')).toBe(true);
      // Without a title the set has none (named like any other issue); without a language the request is malformed.
      const untitled = refusalOf(await api('POST', '/api/sets/import?lang=en', { key: k, body: csvFixture('excel-comma.csv'), type: 'text/csv' }));
      expect(untitled).toMatchObject({ status: 400, code: 'invalid_set' });
      expect(untitled.issues!.map((issue) => issue.field)).toContain('title');
      expect(refusalOf(await api('POST', '/api/sets/import?title=x&lang=fr', { key: k, body: csvFixture('excel-comma.csv'), type: 'text/csv' }))).toMatchObject({ status: 400, code: 'invalid_payload' });
      expect(await list(k)).toEqual([]);
    });

    it('refuses an import that is not a set file, or of another version, naming why, and saves nothing', async () => {
      const k = await key();
      const content = SetContentSchema.parse(sampleSet('file'));
      for (const file of [content, { format: 'something-else', version: 1, set: content }, { format: SET_FILE_FORMAT, version: 2, set: content }]) {
        const refused = refusalOf(await api('POST', '/api/sets/import', { key: k, json: file }));
        expect(refused).toMatchObject({ status: 400, code: 'invalid_set' });
        expect(refused.issues!.length).toBeGreaterThan(0);
      }
      expect(refusalOf(await api('POST', '/api/sets/import', { key: k, body: 'hello', type: 'text/plain' }))).toMatchObject({ status: 415, code: 'invalid_payload' });
      expect(await list(k)).toEqual([]);
    });
  });
}
