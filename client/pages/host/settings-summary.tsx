import type { RoomInfo } from '../../../shared/protocol.ts';
import { useI18n } from '../../app-context.ts';

/** The room's settings in one line each, so the class knows the rules before the start. */
export function SettingsSummary({ room }: { room: RoomInfo }) {
  const { t } = useI18n();
  const items = [
    room.mode === 'chain-steps' ? t('setup.mode.chain-steps') : room.kinds.map((kind) => t(`kind.${kind}`)).join(' · '),
    t('host.summary.questions', { n: room.questionCount }),
    room.timeLimitMs === null ? t('setup.timer.untimed') : t('host.summary.seconds', { n: Math.round(room.timeLimitMs / 1000) }),
    room.difficulties.map((d) => t(`difficulty.${d}`)).join(' → '),
    room.speedBonus && room.timeLimitMs !== null ? t('setup.speedBonus') : null,
    room.streakBonus ? t('setup.streakBonus') : null,
    room.allowAnswerChange ? t('setup.answerChange') : null,
    room.variants ? t('setup.teams.variants') : null,
  ].filter((item): item is string => item !== null);
  return (
    <ul class="settings-summary" aria-label={t('host.summary.label')}>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}
