import { useI18n } from '../../app-context.ts';
import type { PageProps } from '../../routes.tsx';

/** A student doing homework (/hw/:code), on a phone. */
export default function Page(_props: PageProps) {
  const { t } = useI18n();
  return <p class="route-status">{t('homework.loading')}</p>;
}
