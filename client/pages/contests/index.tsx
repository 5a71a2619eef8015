import { useI18n } from '../../app-context.ts';
import type { PageProps } from '../../routes.tsx';

/** The organizer's contests (/contests: list and create; /contests/:code: room keys, rooms, lockstep controls). */
export default function Page(_props: PageProps) {
  const { t } = useI18n();
  return <p class="route-status">{t('contest.loading')}</p>;
}
