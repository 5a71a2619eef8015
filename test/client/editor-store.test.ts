/**
 * The editor's autosave, driven through a fake set API and fake timers: what a save sends when an
 * item does not check, the device's copy of unsaved work across a reload, and a change made while
 * a save fails.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SEED_NETWORK } from '../../shared/engine/index.ts';
import type { SaveSetPayload, SetApiResponse, SetResult, StoredSet } from '../../shared/protocol/sets.ts';
import { SetContentSchema, type SetContentInput } from '../../shared/question-sets/schema.ts';
import { AUTOSAVE_MS, createEditorStore } from '../../client/pages/editor/editor-store.ts';
import type { DraftNumeric } from '../../client/pages/editor/draft.ts';
import { DeviceStorage } from '../browser/game-support.ts';

/** A set server of one set, with revisions as the real one has them; `failNext` refuses the next save. */
function fakeApi(content: SetContentInput) {
  let set: StoredSet = { ...SetContentSchema.parse(content), id: 's1', revision: 1, createdAt: 0, updatedAt: 0, deletedAt: null, share: null };
  let failNext = false;
  let held: (() => void) | null = null;
  let holdNext = false;
  const saves: SaveSetPayload[] = [];
  const answer = (result: SetApiResponse<SetResult>) => Promise.resolve(result);
  return {
    get set() {
      return set;
    },
    saves,
    failOnce() {
      failNext = true;
    },
    /** The next save's answer waits for release(). */
    holdOnce() {
      holdNext = true;
    },
    release() {
      held?.();
      held = null;
    },
    api: {
      get: () => answer({ ok: true, data: { set } }),
      create: () => answer({ ok: false, error: { code: 'internal_error', message: 'not in this test' } }),
      save: async (_key: string, _id: string, payload: SaveSetPayload): Promise<SetApiResponse<SetResult>> => {
        saves.push(payload);
        if (holdNext) {
          holdNext = false;
          await new Promise<void>((resolve) => {
            held = resolve;
          });
        }
        if (failNext) {
          failNext = false;
          return answer({ ok: false, error: { code: 'internal_error', message: 'the server could not be reached' } });
        }
        if (payload.revision !== undefined && payload.revision !== set.revision) {
          return answer({ ok: false, error: { code: 'stale_revision', message: 'saved elsewhere' } });
        }
        set = { ...set, ...SetContentSchema.parse(payload.set), revision: set.revision + 1 };
        return answer({ ok: true, data: { set } });
      },
    },
  };
}

const item = (w: number) => ({ type: 'numeric' as const, network: { ...SEED_NETWORK, layers: [{ w, b: 0.1, activation: 'sigmoid' as const }] }, asks: ['dL/dw1'] });
const content: SetContentInput = { title: 'Period 3', lang: 'en', items: [item(0.4), item(0.6)] };

/** Lets the fake API's answers and the timers run. */
async function settle(ms = AUTOSAVE_MS): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

const weights = (set: StoredSet) => set.items.map((i) => (i.type === 'numeric' ? i.network.layers[0]!.w : null));

describe('the editor store', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves the rest of the editing but keeps the last saved version of an item that does not check', async () => {
    const server = fakeApi(content);
    const storage = new DeviceStorage();
    const store = createEditorStore({ api: server.api, key: 'k', set: server.set, storage });
    const [first] = store.draft.peek().items as DraftNumeric[];
    store.updateItem(first!.uid, (i) => ({ ...(i as DraftNumeric), loss: 'bce', layers: [{ ...(i as DraftNumeric).layers[0]!, activation: 'tanh' }] }));
    store.update((d) => ({ ...d, title: 'Period 3 and 4' }));
    await settle();
    expect(server.set.title).toBe('Period 3 and 4');
    expect(server.set.items[0]).toEqual(SetContentSchema.parse(content).items[0]);
    expect(store.status.peek()).toEqual({ state: 'partial', items: [1] });
    expect(store.unsaved.peek()).toBe(true);
    store.dispose();
  });

  it('brings unsaved work back after a reload, each saved item still standing for itself after a reorder', async () => {
    const server = fakeApi(content);
    const storage = new DeviceStorage();
    const store = createEditorStore({ api: server.api, key: 'k', set: server.set, storage });
    const [a, b] = store.draft.peek().items;
    store.move(b!.uid, -1);
    await settle();
    expect(weights(server.set)).toEqual([0.6, 0.4]);
    // Item A (now second) stops checking: the server keeps its saved version, this device the edit.
    store.updateItem(a!.uid, (i) => ({ ...(i as DraftNumeric), layers: [{ ...(i as DraftNumeric).layers[0]!, w: 'oops' }] }));
    await settle();
    expect(weights(server.set)).toEqual([0.6, 0.4]);
    store.dispose();

    // The page is reloaded: the same set from the server, the edit from this device.
    const again = createEditorStore({ api: server.api, key: 'k', set: server.set, storage });
    expect(again.restored).toBe(true);
    expect((again.draft.peek().items[1] as DraftNumeric).layers[0]!.w).toBe('oops');
    again.update((d) => ({ ...d, title: 'Period 4' }));
    await settle();
    expect(server.set.title).toBe('Period 4');
    expect(weights(server.set)).toEqual([0.6, 0.4]);
    again.dispose();
  });

  it('saves a change made while a save was failing, without waiting for another change', async () => {
    const server = fakeApi(content);
    const store = createEditorStore({ api: server.api, key: 'k', set: server.set, storage: new DeviceStorage() });
    server.failOnce();
    server.holdOnce();
    store.update((d) => ({ ...d, title: 'First' }));
    await settle();
    // While that save is on its way, another change is typed and its pause passes.
    store.update((d) => ({ ...d, title: 'Second' }));
    await settle();
    server.release(); // the first save fails
    await settle(6000);
    expect(server.set.title).toBe('Second');
    expect(store.status.peek()).toEqual({ state: 'saved' });
    store.dispose();
  });

  it('undoes deletes one after another, each item back at its place', async () => {
    const server = fakeApi({ ...content, items: [item(0.1), item(0.2), item(0.3)] });
    const store = createEditorStore({ api: server.api, key: 'k', set: server.set, storage: new DeviceStorage() });
    const [a, b, c] = store.draft.peek().items;
    store.remove(b!.uid);
    store.remove(a!.uid);
    await settle();
    expect(weights(server.set)).toEqual([0.3]);
    expect(store.undoRemove()?.uid).toBe(a!.uid);
    expect(store.undoRemove()?.uid).toBe(b!.uid);
    expect(store.undoRemove()).toBeNull();
    expect(store.draft.peek().items.map((i) => i.uid)).toEqual([a!.uid, b!.uid, c!.uid]);
    await settle();
    expect(weights(server.set)).toEqual([0.1, 0.2, 0.3]);
    store.dispose();
  });
});
