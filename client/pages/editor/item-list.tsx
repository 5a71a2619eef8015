/**
 * The set's items in order, each with its actions (edit, move up / down, duplicate, delete), the form
 * of the one being edited, the undo of a delete and the buttons that add an item. Every action
 * leaves the keyboard's focus where the next action is (the moved item's button, the new item's
 * first field, the undo).
 */
import { useEffect, useId, useRef } from 'preact/hooks';
import { SET_LIMITS } from '../../../shared/question-sets/schema.ts';
import { useI18n } from '../../app-context.ts';
import type { DraftItem } from './draft.ts';
import type { EditorStore } from './editor-store.ts';
import { ItemForm, formApi } from './item-form.tsx';
import { texToPlain } from '../../../shared/engine/plain-text.ts';
import { askLabel } from './quantities.ts';

/** A teacher's text with its `$…$` math as plain text, for a one-line summary. */
function plainText(text: string): string {
  return text.replace(/\$([^$]*)\$/g, (_, tex: string) => texToPlain(tex));
}

const TYPES = ['generated', 'numeric', 'choice'] as const;

function useSummary(): (item: DraftItem) => string {
  const { t } = useI18n();
  return (item) => {
    switch (item.type) {
      case 'generated':
        return `${t(`kind.${item.kind}`)} · ${t(`difficulty.${item.difficulty}`)}${item.pinned ? ` · ${t('editor.generated.pinnedShort')}` : ''}`;
      case 'numeric': {
        const n = item.layers.length;
        const asks = item.asks.length > 1 ? t('editor.numeric.stepsShort', { n: item.asks.length }) : askLabel(item.asks[0] ?? '', n);
        return `${asks} · ${t('editor.numeric.layersShort', { n })}`;
      }
      case 'choice':
        return plainText(item.question.trim()) || t('editor.choice.noQuestion');
    }
  };
}

export function ItemList({ store, readOnly }: { store: EditorStore; readOnly: boolean }) {
  const { t } = useI18n();
  const id = useId();
  const summary = useSummary();
  const draft = store.draft.value;
  const checked = store.checked.value;
  const selected = store.selected.value;
  const deleted = store.deleted.value;
  /** A control to focus once the list has re-rendered (by element id). */
  const focusNext = useRef<string | null>(null);
  const undoRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const target = focusNext.current;
    if (!target) return;
    // Kept until the control is on the page: a render for something else may come first.
    const element = document.getElementById(target) as HTMLElement | null;
    if (!element) return;
    focusNext.current = null;
    element.focus();
  });

  const firstField = (item: DraftItem) => {
    switch (item.type) {
      case 'generated':
        return `${item.uid}-kind`;
      case 'numeric':
        return `${item.uid}-network-x`;
      case 'choice':
        return `${item.uid}-question`;
    }
  };
  const full = draft.items.length >= SET_LIMITS.items;

  return (
    <section class="editor-items" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} class="editor-items__heading">
        {t('editor.items', { n: draft.items.length })}
      </h2>
      {draft.items.length === 0 && <p class="muted">{t('editor.noItems')}</p>}
      <ol class="editor-items__list">
        {draft.items.map((item, i) => {
          const check = checked.items[i];
          const invalid = (check?.issues.length ?? 0) > 0;
          const open = item.uid === selected;
          const n = i + 1;
          const hidden = () => <span class="visually-hidden">{t('editor.itemN', { n })} </span>;
          const move = (by: -1 | 1) => {
            store.move(item.uid, by);
            const edge = (by === -1 && i === 1) || (by === 1 && i === draft.items.length - 2);
            // At the top or bottom the button just used is disabled: focus the other one.
            focusNext.current = `${item.uid}-${edge ? (by === -1 ? 'down' : 'up') : by === -1 ? 'up' : 'down'}`;
          };
          return (
            <li key={item.uid} class={`card editor-item${open ? ' editor-item--open' : ''}${invalid ? ' editor-item--invalid' : ''}`} data-testid="item" data-type={item.type}>
              <div class="editor-item__head">
                <h3 class="editor-item__title" id={`${item.uid}-title`}>
                  <span class="editor-item__number">{n}</span>
                  <span class="editor-item__type">{t(`editor.type.${item.type}`)}</span>
                  <span class="editor-item__summary">{summary(item)}</span>
                  {invalid && (
                    <span class="editor-item__badge" data-testid="item-invalid">
                      {t('editor.itemInvalid')}
                    </span>
                  )}
                </h3>
                <div class="editor-item__actions" role="group" aria-labelledby={`${item.uid}-title`}>
                  <button
                    type="button"
                    class="button"
                    id={`${item.uid}-edit`}
                    aria-expanded={open}
                    aria-controls={`${item.uid}-form`}
                    onClick={() => {
                      store.select(open ? null : item.uid);
                      if (!open) focusNext.current = firstField(item);
                    }}
                  >
                    {hidden()}
                    {open ? t('editor.close') : readOnly ? t('editor.view') : t('editor.edit')}
                  </button>
                  {!readOnly && (
                    <>
                      <button type="button" class="button button--quiet" id={`${item.uid}-up`} disabled={i === 0} onClick={() => move(-1)}>
                        {hidden()}
                        {t('editor.moveUp')}
                      </button>
                      <button type="button" class="button button--quiet" id={`${item.uid}-down`} disabled={i === draft.items.length - 1} onClick={() => move(1)}>
                        {hidden()}
                        {t('editor.moveDown')}
                      </button>
                      <button
                        type="button"
                        class="button button--quiet"
                        disabled={full}
                        onClick={() => {
                          const copy = store.duplicate(item.uid);
                          if (copy) focusNext.current = firstField(copy);
                        }}
                      >
                        {hidden()}
                        {t('editor.duplicate')}
                      </button>
                      <button
                        type="button"
                        class="button button--quiet editor-item__delete"
                        onClick={() => {
                          store.remove(item.uid);
                          focusNext.current = `${id}-undo`;
                        }}
                      >
                        {hidden()}
                        {t('editor.delete')}
                      </button>
                    </>
                  )}
                </div>
              </div>
              {open && (
                <div id={`${item.uid}-form`} class="editor-item__body">
                  <ItemForm
                    api={formApi(check, item, readOnly)}
                    item={item}
                    onChange={(next) => {
                      if (!readOnly) store.updateItem(item.uid, () => next);
                    }}
                  />
                </div>
              )}
            </li>
          );
        })}
      </ol>

      <div class="editor-undo" role="status">
        {deleted && (
          <p class="editor-undo__line">
            {t('editor.deleted', { n: deleted.index + 1 })}{' '}
            <button
              type="button"
              class="button"
              id={`${id}-undo`}
              ref={undoRef}
              onClick={() => {
                const back = store.undoRemove();
                if (back) focusNext.current = `${back.uid}-edit`;
              }}
            >
              {t('editor.undo')}
            </button>
          </p>
        )}
      </div>

      {!readOnly && (
        <div class="editor-add" role="group" aria-label={t('editor.add')}>
          {TYPES.map((type) => (
            <button
              key={type}
              type="button"
              class="button"
              disabled={full}
              onClick={() => {
                const item = store.add(type);
                focusNext.current = firstField(item);
              }}
            >
              {t(`editor.add.${type}`)}
            </button>
          ))}
          {full && <p class="field__hint">{t('editor.full', { max: SET_LIMITS.items })}</p>}
        </div>
      )}
    </section>
  );
}
