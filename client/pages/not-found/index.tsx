import { useI18n } from '../../app-context.ts';
import type { PageProps } from '../../routes.tsx';
import { useDocumentTitle } from '../../use-document-title.ts';

export default function NotFoundPage(_props: PageProps) {
  const { t } = useI18n();
  useDocumentTitle(t('notFound.title'));
  return (
    <div class="card" style={{ maxWidth: '36rem', margin: '2rem auto' }}>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <a class="button button--primary" href="/">
        {t('notFound.home')}
      </a>
    </div>
  );
}
