/**
 * One screen of a mode's phone screens that is its own chunk (see relay/index.tsx and
 * descent/index.tsx): "loading" until its module has arrived, then `render(module)`.
 */
import type { ComponentChildren } from 'preact';
import { useI18n } from '../../app-context.ts';
import { type LazyModule, useLazyModule } from '../../lazy-module.ts';

/** The module is asked for on mount and again whenever `retryKey` changes until it has arrived. */
export function LazyScreen<M>({ module, render, retryKey }: { module: LazyModule<M>; render: (loaded: M) => ComponentChildren; retryKey: unknown }) {
  const { t } = useI18n();
  const loaded = useLazyModule(module, retryKey);
  if (!loaded) {
    return (
      <p class="play-connecting" role="status">
        {t('app.loading')}
      </p>
    );
  }
  return <>{render(loaded)}</>;
}
