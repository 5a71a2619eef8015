import { useState } from 'preact/hooks';
import { useI18n } from '../../app-context.ts';
import { storedTeacherKey } from '../../library/set-api.ts';
import type { PageProps } from '../../routes.tsx';
import { useDocumentTitle } from '../../use-document-title.ts';
import { ContestList } from './contest-list.tsx';
import { ContestOrganizer } from './organizer.tsx';
import '../library/library.css';
import './contests.css';

/** The organizer's contests (/contests: list and create; /contests/:code: room keys, rooms, lockstep controls). */
export default function Page({ params, query }: PageProps) {
  const { t } = useI18n();
  // Contests belong to the library's teacher key: a browser without one is sent there first.
  const [key] = useState(() => storedTeacherKey());
  useDocumentTitle(t('contests.title'));
  if (!key) {
    return (
      <div class="library contests">
        <h1>{t('contests.title')}</h1>
        <section class="card" role="status">
          <p>{t('contests.noKey')}</p>
          <a class="button button--primary" href="/library">
            {t('contests.toLibrary')}
          </a>
        </section>
      </div>
    );
  }
  return params.code ? <ContestOrganizer teacherKey={key} code={params.code} /> : <ContestList teacherKey={key} initialSetId={query.get('set')} />;
}
