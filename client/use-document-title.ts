import { useEffect } from 'preact/hooks';
import { useI18n } from './app-context.ts';

/** "Practice · Backprop Arena", in the current language. */
export function useDocumentTitle(page?: string): void {
  const { t } = useI18n();
  const app = t('app.name');
  const title = page ? `${page} · ${app}` : app;
  useEffect(() => {
    document.title = title;
  }, [title]);
}
