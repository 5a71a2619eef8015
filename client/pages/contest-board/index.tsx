import { useI18n } from '../../app-context.ts';
import type { PageProps } from '../../routes.tsx';

/** The public contest board (/contest/:code), for a big screen. */
export default function Page(_props: PageProps) {
  const { t } = useI18n();
  return <p class="route-status">{t('contest.loading')}</p>;
}
