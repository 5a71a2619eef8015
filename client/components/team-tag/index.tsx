import type { TeamInfo } from '../../../shared/protocol/index.ts';
import { useI18n } from '../../app-context.ts';
import { teamDisplayName } from './team-names.ts';
import './team-tag.css';

export { teamDisplayName };

/** A team's name with its colour as a swatch: the name always says it, the colour only helps. */
export function TeamTag({ team, size = 'normal' }: { team: Pick<TeamInfo, 'id' | 'name' | 'colour'>; size?: 'normal' | 'large' }) {
  const { lang } = useI18n();
  return (
    <span class={`team-tag team-tag--${size}`}>
      <span class="team-tag__swatch" style={{ background: team.colour }} aria-hidden="true" />
      <bdi class="team-tag__name">{teamDisplayName(team, lang.value)}</bdi>
    </span>
  );
}
