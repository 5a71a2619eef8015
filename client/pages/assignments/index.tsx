import { useI18n } from '../../app-context.ts';
import type { PageProps } from '../../routes.tsx';

/** The teacher's assignments (/assignments: list and create; /assignments/:code: live progress, reports). */
export default function Page(_props: PageProps) {
  const { t } = useI18n();
  return <p class="route-status">{t('homework.loading')}</p>;
}
