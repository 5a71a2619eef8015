/**
 * Default team names follow the room's language on the server (红队 / Red …), but a screen
 * in the other language must not mix the two: a default name is shown in the reader's
 * language, while a name the teacher typed is shown as typed.
 */
import type { Lang } from '../../../shared/engine/index.ts';
import type { TeamInfo } from '../../../shared/protocol/index.ts';
import { type MessageKey, translate } from '../../i18n/index.ts';

/** The server's default palette (colour-blind safe), in team order. */
export const DEFAULT_TEAM_COLOURS = [
  '#D55E00',
  '#0072B2',
  '#009E73',
  '#E69F00',
  '#CC79A7',
  '#56B4E9',
  '#F0E442',
  '#6A3D9A',
  '#8C564B',
  '#17BECF',
  '#7F7F7F',
  '#222222',
] as const;

export function defaultTeamNameKey(index: number): MessageKey {
  return `team.default.${(index % DEFAULT_TEAM_COLOURS.length) + 1}` as MessageKey;
}

/** Team ids are t1, t2, … in order. */
function teamIndex(teamId: string): number | null {
  const match = /^t(\d+)$/.exec(teamId);
  return match ? Number(match[1]) - 1 : null;
}

export function teamDisplayName(team: Pick<TeamInfo, 'id' | 'name'>, lang: Lang): string {
  const index = teamIndex(team.id);
  if (index === null) return team.name;
  const key = defaultTeamNameKey(index);
  const isDefault = translate('en', key) === team.name || translate('zh-CN', key) === team.name;
  return isDefault ? translate(lang, key) : team.name;
}
