import type { RoomInfo } from '../../../shared/protocol/index.ts';
import { useI18n } from '../../app-context.ts';

/** The room's settings in one line each, so the class knows the rules before the start. */
export function SettingsSummary({ room }: { room: RoomInfo }) {
  const { t } = useI18n();
  // Relay and Descent Race count rounds and iterations, not questions of a kind.
  const teamMode = room.mode === 'relay' || room.mode === 'descent';
  const seconds = room.timeLimitMs === null ? 0 : Math.round(room.timeLimitMs / 1000);
  // A set's items bring their own kinds, difficulties, limits and count: its title says more than the chips.
  const set = room.set;
  const items = [
    set ? t('host.summary.set', { title: set.title, n: room.questionCount }) : null,
    set ? null : teamMode || room.mode === 'chain-steps' ? t(`setup.mode.${room.mode}`) : room.kinds.map((kind) => t(`kind.${kind}`)).join(' · '),
    set ? null : room.questionCount === 1
      ? t(room.mode === 'relay' ? 'host.summary.oneRound' : room.mode === 'descent' ? 'host.summary.oneIteration' : 'host.summary.oneQuestion')
      : t(room.mode === 'relay' ? 'host.summary.rounds' : room.mode === 'descent' ? 'host.summary.iterations' : 'host.summary.questions', { n: room.questionCount }),
    room.timeLimitMs === null
      ? t('setup.timer.untimed')
      : t(room.mode === 'relay' ? 'host.summary.secondsRound' : room.mode === 'descent' ? 'host.summary.secondsIteration' : 'host.summary.seconds', { n: seconds }),
    set ? null : room.difficulties.map((d) => t(`difficulty.${d}`)).join(' → '),
    // Team modes score their own way, and a sent link or a confirmed step is final (a room made
    // before the set-up stopped sending these for them may still carry them).
    !teamMode && room.speedBonus && room.timeLimitMs !== null ? t('setup.speedBonus') : null,
    !teamMode && room.streakBonus ? t('setup.streakBonus') : null,
    !teamMode && room.allowAnswerChange ? t('setup.answerChange') : null,
    room.leaderboardEvery === 0 ? t('host.summary.leaderboardEnd') : room.leaderboardEvery > 1 ? t('host.summary.leaderboardEvery', { n: room.leaderboardEvery }) : null,
    room.variants ? t('setup.teams.variants') : null,
    room.nicknames === 'generated' ? t('host.summary.generatedNames') : null,
  ].filter((item): item is string => item !== null);
  return (
    <ul class="settings-summary" aria-label={t('host.summary.label')}>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}
