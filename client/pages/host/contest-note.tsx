import type { RoomInfo } from '../../../shared/protocol/index.ts';
import { useI18n } from '../../app-context.ts';
import { roomContest } from '../../room/contest-info.ts';

/** In the projector's bar: the contest this room belongs to, and its label there. */
export function ContestBadge({ room }: { room: RoomInfo }) {
  const { t } = useI18n();
  const contest = roomContest(room);
  if (!contest) return null;
  return (
    <p class="host-contest-badge" data-testid="host-contest">
      <span class="host-contest-badge__kicker">{t('host.contest.badge')}</span>{' '}
      {/* The room is named after its contest unless its teacher named it: the title is said once. */}
      {contest.title !== room.title && (
        <>
          <bdi>{contest.title}</bdi> ·{' '}
        </>
      )}
      <bdi>{contest.label}</bdi>
    </p>
  );
}

/** Where a lockstep room's own start / next / close buttons would be: who moves the room on instead. */
export function OrganizerRunsNote({ what }: { what: 'lobby' | 'question' | 'reveal' }) {
  const { t } = useI18n();
  return (
    <p class="host-contest-note" data-testid="organizer-runs">
      {t(`host.contest.runs.${what}`)}
    </p>
  );
}
